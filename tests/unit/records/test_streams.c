/*
 * Length-prefixed frames on a FILE, loading schema folders (and their
 * errors), a stage's own extra schema, and Avro container files as JSON.
 */
#include <avro.h>
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fixtures.h"

Test(streams, frames_round_trip_through_a_file)
{
    telex_schemas *s = fixture_schemas();
    telex_story in, out;
    telex_buf frame = {0}, read_back = {0};
    char err[512] = "";
    fixture_story(&in);
    cr_assert_eq(telex_story_encode(s, &in, &frame, err, sizeof err), 0, "%s", err);
    FILE *f = tmpfile();
    cr_assert_eq(telex_frame_write(f, frame.data, frame.len), 0);
    cr_assert_eq(telex_frame_write(f, frame.data, frame.len), 0);
    rewind(f);
    unsigned char prefix[4];
    cr_assert_eq(fread(prefix, 1, 4, f), 4);
    cr_expect_eq(((size_t)prefix[2] << 8 | prefix[3]), frame.len, "big-endian length");
    rewind(f);
    for (int i = 0; i < 2; i++) {
        cr_assert_eq(telex_frame_read(f, &read_back, err, sizeof err), 1, "%s", err);
        cr_assert_eq(read_back.len, frame.len);
        cr_assert_eq(telex_story_decode(s, read_back.data, read_back.len, &out, err, sizeof err), 0,
                     "%s", err);
        cr_expect_str_eq(out.text, in.text);
        telex_story_clear(&out);
    }
    cr_expect_eq(telex_frame_read(f, &read_back, err, sizeof err), 0, "clean end of stream");
    fclose(f);
    telex_story_clear(&in);
    telex_buf_free(&frame);
    telex_buf_free(&read_back);
    telex_schemas_free(s);
}

typedef struct {
    const char *bytes;
    size_t len;
    const char *expected_error;
} bad_stream;

Test(streams, bad_streams_say_what_is_wrong)
{
    const bad_stream cases[] = {
        {"\x00\x00", 2, "truncated frame length: got 2 of 4 bytes"},
        {"\x00\x00\x00\x05"
         "abc",
         7, "truncated frame: got 3 of 5 bytes"},
        {"\x04\x00\x00\x01", 4, "frame too large: 67108865 bytes (limit 67108864)"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        FILE *f = tmpfile();
        fwrite(cases[i].bytes, 1, cases[i].len, f);
        rewind(f);
        telex_buf frame = {0};
        char err[512] = "";
        cr_expect_eq(telex_frame_read(f, &frame, err, sizeof err), -1, "case %zu", i);
        cr_expect_str_eq(err, cases[i].expected_error);
        telex_buf_free(&frame);
        fclose(f);
    }
}

Test(streams, oversized_frame_is_not_written)
{
    FILE *f = tmpfile();
    cr_expect_eq(telex_frame_write(f, "", (size_t)64 * 1024 * 1024 + 1), -1);
    cr_expect_eq(ftell(f), 0);
    fclose(f);
}

/* A scratch schema folder under /tmp, removed by the caller with remove_dir(). */
static void make_dir(char *dir, size_t len)
{
    snprintf(dir, len, "/tmp/telex-schemas-XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
}

static void write_file(const char *dir, const char *name, const char *text)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f, "%s", path);
    fputs(text, f);
    fclose(f);
}

static void remove_dir(const char *dir)
{
    char command[4200];
    snprintf(command, sizeof command, "rm -rf '%s'", dir);
    cr_assert_eq(system(command), 0);
}

static void expect_load_error(const char *dir, const char *expected)
{
    telex_schemas *s = NULL;
    char err[512] = "";
    cr_expect_eq(telex_schemas_load(dir, &s, err, sizeof err), -1);
    cr_expect_null(s);
    cr_expect(strstr(err, expected) != NULL, "error \"%s\" lacks \"%s\"", err, expected);
}

Test(streams, schema_folder_errors)
{
    char dir[64];
    expect_load_error("/nonexistent/telex", "cannot read schema folder /nonexistent/telex");
    make_dir(dir, sizeof dir);
    expect_load_error(dir, "no *.avsc schemas in");
    write_file(dir, "Broken.avsc", "{\"type\": \"record\",");
    expect_load_error(dir, "Broken.avsc: invalid JSON at line");
    write_file(dir, "Broken.avsc", "{\"type\": \"record\", \"name\": \"B\", \"fields\": [{}]}");
    expect_load_error(dir, "Broken.avsc: invalid schema: record field 0 needs");
    write_file(dir, "Broken.avsc", "\"string\"");
    expect_load_error(dir, "Broken.avsc: a Telex schema must be a named record");
    write_file(
        dir, "Broken.avsc",
        "{\"type\":\"record\",\"name\":\"A\",\"fields\":[{\"name\":\"x\",\"type\":\"Nope\"}]}");
    expect_load_error(dir, "Broken.avsc: Avro C rejects the schema");
    remove_dir(dir);
}

Test(streams, two_current_versions_of_one_name_are_refused)
{
    char dir[64];
    make_dir(dir, sizeof dir);
    write_file(dir, "A.avsc", "{\"type\":\"record\",\"name\":\"t.A\",\"fields\":[]}");
    write_file(
        dir, "B.avsc",
        "{\"type\":\"record\",\"name\":\"t.A\",\"fields\":[{\"name\":\"x\",\"type\":\"int\"}]}");
    expect_load_error(dir, "both define the current t.A");
    remove_dir(dir);
}

/* A stage's own record (here an Alert) in the schema folder is known to the JSON view. */
Test(streams, extra_schema_is_loaded_and_printable)
{
    char dir[64];
    make_dir(dir, sizeof dir);
    const char *alert =
        "{\"type\":\"record\",\"name\":\"Alert\",\"namespace\":\"acme\",\"fields\":["
        "{\"name\":\"level\",\"type\":{\"type\":\"enum\",\"name\":\"Level\","
        "\"symbols\":[\"LOW\",\"HIGH\"]}},{\"name\":\"score\",\"type\":\"double\"},"
        "{\"name\":\"tags\",\"type\":{\"type\":\"map\",\"values\":\"long\"}}]}";
    write_file(dir, "Alert.avsc", alert);
    telex_schemas *s = NULL;
    char err[512] = "";
    cr_assert_eq(telex_schemas_load(dir, &s, err, sizeof err), 0, "%s", err);
    uint64_t fp;
    cr_assert_eq(telex_schemas_current_fingerprint(s, "acme.Alert", &fp), 0);
    /* Body by hand: enum index 1, double 0.5, map block {"k": 3}, end of map. */
    const unsigned char body[] = {0x02, 0, 0, 0, 0, 0, 0, 0xe0, 0x3f, 0x02, 0x02, 'k', 0x06, 0x00};
    telex_buf frame = {0}, line = {0};
    cr_assert_eq(telex_frame_wrap(s, fp, body, sizeof body, &frame, err, sizeof err), 0);
    cr_assert_eq(telex_frame_to_json(s, frame.data, frame.len, &line, err, sizeof err), 0, "%s",
                 err);
    cr_expect_str_eq(line.data, "{\"level\":\"HIGH\",\"score\":0.5,\"tags\":{\"k\":3}}");
    telex_buf_free(&frame);
    telex_buf_free(&line);
    telex_schemas_free(s);
    remove_dir(dir);
}

/* Writes n Story records, encoded by telex and unwrapped, into an Avro container file. */
static void write_container(telex_schemas *s, const char *path, int n)
{
    uint64_t fp;
    cr_assert_eq(telex_schemas_current_fingerprint(s, "telex.Story", &fp), 0);
    const char *canonical = telex_schemas_canonical(s, fp);
    avro_schema_t schema;
    cr_assert_eq(avro_schema_from_json_length(canonical, strlen(canonical), &schema), 0);
    avro_file_writer_t writer;
    cr_assert_eq(avro_file_writer_create(path, schema, &writer), 0, "%s", avro_strerror());
    avro_value_iface_t *iface = avro_generic_class_from_schema(schema);
    avro_value_t value;
    cr_assert_eq(avro_generic_value_new(iface, &value), 0);
    for (int i = 0; i < n; i++) {
        telex_story story;
        telex_buf frame = {0};
        char err[512] = "";
        fixture_story(&story);
        free(story.id);
        story.id = strdup(i == 0 ? "first" : "second");
        cr_assert_eq(telex_story_encode(s, &story, &frame, err, sizeof err), 0, "%s", err);
        avro_reader_t reader = avro_reader_memory(frame.data + 10, (int64_t)frame.len - 10);
        avro_value_reset(&value);
        cr_assert_eq(avro_value_read(reader, &value), 0);
        cr_assert_eq(avro_file_writer_append_value(writer, &value), 0);
        avro_reader_free(reader);
        telex_story_clear(&story);
        telex_buf_free(&frame);
    }
    avro_value_decref(&value);
    avro_value_iface_decref(iface);
    avro_file_writer_close(writer);
    avro_schema_decref(schema);
}

Test(streams, container_file_prints_one_json_line_a_record)
{
    telex_schemas *s = fixture_schemas();
    char path[] = "/tmp/telex-container-XXXXXX";
    int fd = mkstemp(path);
    cr_assert_geq(fd, 0);
    close(fd);
    unlink(path); /* avro_file_writer_create wants to create it */
    write_container(s, path, 2);
    char *text = NULL;
    size_t text_len = 0;
    FILE *out = open_memstream(&text, &text_len);
    char err[512] = "";
    cr_assert_eq(telex_container_file_to_json(s, path, out, err, sizeof err), 0, "%s", err);
    fclose(out);
    cr_expect(strncmp(text, "{\"id\":\"first\",", 14) == 0, "%s", text);
    char *second = strchr(text, '\n');
    cr_assert_not_null(second);
    cr_expect(strncmp(second + 1, "{\"id\":\"second\",", 15) == 0, "%s", second + 1);
    cr_expect_eq(strchr(second + 1, '\n')[1], '\0', "exactly two lines");
    free(text);
    unlink(path);

    cr_expect_eq(telex_container_file_to_json(s, "/nonexistent.avro", stdout, err, sizeof err), -1);
    cr_expect_str_eq(err, "cannot read /nonexistent.avro: No such file or directory");
    telex_schemas_free(s);
}
