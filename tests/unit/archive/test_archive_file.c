/*
 * Tests of the archive's files (stages/archive/archive_file.c): names and
 * their parsing, the roll policy, a write/read round trip that any Avro tool
 * can read (avrocat from Debian's avro-bin), and the removal of crash
 * leftovers.
 */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "archive_file.h"

static char root[64];

static void make_root(void)
{
    snprintf(root, sizeof(root), "/tmp/telex-archive-test-XXXXXX");
    cr_assert_not_null(mkdtemp(root));
}

static void remove_root(void)
{
    char command[128];
    snprintf(command, sizeof(command), "rm -rf %s", root);
    cr_assert_eq(system(command), 0);
}

TestSuite(archive_file, .init = make_root, .fini = remove_root);

static int exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

static void touch(const char *path)
{
    char command[512];
    snprintf(command, sizeof(command), "mkdir -p $(dirname %s) && : > %s", path, path);
    cr_assert_eq(system(command), 0);
}

/* ---- Names -------------------------------------------------------------------------------- */

Test(names, layout_by_topic_and_utc_day)
{
    char final_path[256], tmp_path[256];
    /* 2016-11-09T23:30:00Z */
    cr_assert_eq(archive_file_paths("/a", "wire.enriched", 3, 1200, 1478734200000LL, final_path,
                                    sizeof(final_path), tmp_path, sizeof(tmp_path)),
                 0);
    cr_expect_str_eq(final_path, "/a/wire.enriched/2016-11-09/wire.enriched-3-1200.avro");
    cr_expect_str_eq(tmp_path, "/a/wire.enriched/2016-11-09/.wire.enriched-3-1200.avro.tmp");
    cr_expect_eq(archive_file_paths("/a", "t", 0, 0, 0, final_path, 10, tmp_path, 10), -1,
                 "too long for the buffer");
}

typedef struct name_case {
    char name[64];
    int tmp;
    int ok;
    int32_t partition;
    int64_t offset;
} name_case;

static name_case name_cases[] = {
    {"wire.raw-0-0.avro", 0, 1, 0, 0},      {"wire.raw-12-9876543210.avro", 0, 1, 12, 9876543210LL},
    {".wire.raw-2-5.avro.tmp", 1, 1, 2, 5}, {".wire.raw-2-5.avro.tmp", 0, 0, 0, 0},
    {"wire.raw-2-5.avro", 1, 0, 0, 0},      {"wire.raw.x-2-5.avro", 0, 0, 0, 0},
    {"wire.raw-2-5.avro.bak", 0, 0, 0, 0},  {"wire.raw--2-5.avro", 0, 0, 0, 0},
    {"wire.raw-2-.avro", 0, 0, 0, 0},       {"wire.raw-a-5.avro", 0, 0, 0, 0},
};

ParameterizedTestParameters(names, parse)
{
    return cr_make_param_array(name_case, name_cases, sizeof(name_cases) / sizeof(name_cases[0]));
}

ParameterizedTest(name_case *c, names, parse)
{
    int32_t partition = -1;
    int64_t offset = -1;
    cr_assert_eq(archive_parse_name(c->name, "wire.raw", c->tmp, &partition, &offset), c->ok, "%s",
                 c->name);
    if (c->ok) {
        cr_expect_eq(partition, c->partition);
        cr_expect_eq(offset, c->offset);
    }
}

Test(names, utc_date)
{
    char date[11];
    archive_utc_date(1478736000000LL, date); /* 2016-11-10T00:00:00Z */
    cr_expect_str_eq(date, "2016-11-10");
    archive_utc_date(-1, date);
    cr_expect_str_eq(date, "1970-01-01", "no timestamp: the epoch");
}

/* ---- Writing and reading ------------------------------------------------------------------- */

static telex_record record_at(int64_t offset, int64_t ts, const char *value, size_t value_len)
{
    return (telex_record){.topic = "wire.enriched",
                          .partition = 1,
                          .offset = offset,
                          .key = offset % 2 ? "key" : NULL,
                          .key_len = offset % 2 ? 3 : 0,
                          .value = value,
                          .value_len = value_len,
                          .timestamp_ms = ts};
}

typedef struct collected {
    int n;
    int64_t offsets[16];
    int keyless;
    int values_right;
} collected;

static const char frame[] = "\xc3\x01\x00\xff binary \x00 frame";

static int collect(void *vctx, const archive_item *item)
{
    collected *c = vctx;
    cr_assert_lt(c->n, 16);
    c->offsets[c->n++] = item->offset;
    c->keyless += item->key == NULL;
    c->values_right += item->value_len == sizeof(frame) - 1 &&
                       memcmp(item->value, frame, item->value_len) == 0 &&
                       strcmp(item->topic, "wire.enriched") == 0 && item->partition == 1;
    return 0;
}

Test(archive_file, round_trip_durable_and_readable_by_avrocat)
{
    char err[256] = "";
    archive_writer *w = NULL;
    telex_record first = record_at(10, 1478736000000LL, frame, sizeof(frame) - 1);
    cr_assert_eq(archive_writer_open(root, &first, 65536, 0, &w, err, sizeof(err)), 0, "%s", err);
    for (int64_t off = 11; off < 15; off++) {
        telex_record rec = record_at(off, 1478736000000LL + off, frame, sizeof(frame) - 1);
        cr_assert_eq(archive_writer_append(w, &rec, err, sizeof(err)), 0, "%s", err);
    }
    char final_path[512], tmp_path[512];
    snprintf(final_path, sizeof(final_path), "%s/wire.enriched/2016-11-10/wire.enriched-1-10.avro",
             root);
    snprintf(tmp_path, sizeof(tmp_path), "%s/wire.enriched/2016-11-10/.wire.enriched-1-10.avro.tmp",
             root);
    cr_expect(exists(tmp_path) && !exists(final_path), "open: only the temporary name");
    cr_expect_eq(archive_writer_last_offset(w), 14);
    cr_expect_eq(archive_writer_count(w), 5);
    cr_assert_eq(archive_writer_close(w, err, sizeof(err)), 0, "%s", err);
    cr_expect(!exists(tmp_path) && exists(final_path), "closed: only the visible name");

    collected c = {0};
    cr_assert_eq(archive_read_file(final_path, collect, &c, err, sizeof(err)), 0, "%s", err);
    cr_expect_eq(c.n, 5);
    for (int i = 0; i < c.n; i++)
        cr_expect_eq(c.offsets[i], 10 + i);
    cr_expect_eq(c.keyless, 3, "even offsets had no key");
    cr_expect_eq(c.values_right, 5, "value bytes come back untouched");

    char command[600];
    snprintf(command, sizeof(command), "avrocat %s | grep -c '\"offset\"' | grep -qx 5",
             final_path);
    cr_expect_eq(system(command), 0, "avrocat reads the 5 records");
}

Test(archive_file, discard_leaves_nothing)
{
    char err[256] = "";
    archive_writer *w = NULL;
    telex_record first = record_at(7, 0, frame, sizeof(frame) - 1);
    cr_assert_eq(archive_writer_open(root, &first, 4096, 0, &w, err, sizeof(err)), 0, "%s", err);
    archive_writer_discard(w);
    char command[256];
    snprintf(command, sizeof(command), "test -z \"$(find %s -type f)\"", root);
    cr_expect_eq(system(command), 0);
}

Test(archive_file, roll_policy)
{
    char err[256] = "";
    archive_writer *w = NULL;
    char big[1000];
    memset(big, 'x', sizeof(big));
    telex_record first = record_at(0, 1478736000000LL, big, sizeof(big));
    cr_assert_eq(archive_writer_open(root, &first, 65536, 5000, &w, err, sizeof(err)), 0, "%s",
                 err);
    archive_roll_policy by_size = {.max_bytes = 2500, .max_age_ms = 60000};
    cr_expect_not(archive_writer_due(w, &by_size, 5000));
    telex_record second = record_at(1, 1478736000000LL, big, sizeof(big));
    cr_assert_eq(archive_writer_append(w, &second, err, sizeof(err)), 0, "%s", err);
    cr_expect_not(archive_writer_due(w, &by_size, 5000));
    cr_expect(archive_writer_due(w, &by_size, 65000), "60 s after it opened");
    cr_assert_eq(archive_writer_append(w, &second, err, sizeof(err)), 0, "%s", err);
    cr_expect(archive_writer_due(w, &by_size, 5000), "3000 bytes > 2500");
    telex_record same_day = record_at(2, 1478822399999LL, big, 1);
    telex_record next_day = record_at(2, 1478822400000LL, big, 1);
    cr_expect_not(archive_writer_wrong_day(w, &same_day));
    cr_expect(archive_writer_wrong_day(w, &next_day));
    archive_writer_discard(w);
}

Test(archive_file, bad_files_are_clear_errors)
{
    char err[256] = "";
    char path[512];
    snprintf(path, sizeof(path), "%s/not-avro.avro", root);
    FILE *f = fopen(path, "w");
    fputs("hello", f);
    fclose(f);
    collected c = {0};
    cr_expect_eq(archive_read_file(path, collect, &c, err, sizeof(err)), -1);
    cr_expect(strstr(err, "not an Avro container file") != NULL, "%s", err);
    cr_expect_eq(archive_read_file("/nonexistent.avro", collect, &c, err, sizeof(err)), -1);

    archive_writer *w = NULL;
    telex_record first = record_at(0, 0, frame, sizeof(frame) - 1);
    cr_expect_eq(archive_writer_open("/proc/no-such-place", &first, 4096, 0, &w, err, sizeof(err)),
                 -1);
    cr_expect(strstr(err, "/proc/no-such-place") != NULL, "%s", err);
}

/* ---- Crash leftovers ------------------------------------------------------------------------ */

Test(archive_file, forget_removes_uncommitted_files_of_the_partition_only)
{
    const char *files[] = {
        "t/2016-11-09/t-1-0.avro",        /* committed before 100: kept */
        "t/2016-11-09/t-1-50.avro",       /* kept */
        "t/2016-11-10/t-1-100.avro",      /* renamed, not committed: removed */
        "t/2016-11-10/t-1-180.avro",      /* removed */
        "t/2016-11-10/.t-1-200.avro.tmp", /* leftover: removed */
        "t/2016-11-10/.t-1-20.avro.tmp",  /* leftover: removed */
        "t/2016-11-10/t-2-500.avro",      /* another partition: kept */
        "t/2016-11-10/.t-2-600.avro.tmp", /* another partition: kept */
        "tt/2016-11-10/tt-1-300.avro",    /* another topic: kept */
    };
    const int removed_expected[] = {0, 0, 1, 1, 1, 1, 0, 0, 0};
    char path[512];
    for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
        snprintf(path, sizeof(path), "%s/%s", root, files[i]);
        touch(path);
    }
    char err[256] = "";
    int removed = -1;
    cr_assert_eq(archive_forget_partition(root, "t", 1, 100, &removed, err, sizeof(err)), 0, "%s",
                 err);
    cr_expect_eq(removed, 4);
    for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
        snprintf(path, sizeof(path), "%s/%s", root, files[i]);
        cr_expect_eq(exists(path), !removed_expected[i], "%s", files[i]);
    }
    cr_expect_eq(archive_forget_partition(root, "none", 1, 0, &removed, err, sizeof(err)), 0);
    cr_expect_eq(removed, 0);
}
