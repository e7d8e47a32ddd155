/*
 * The JSON view (telex_frame_to_json): an EnrichedStory prints in the shape
 * DESIGN.md fixes ("The JSON view of an enriched story"), parsed back here
 * with jansson and checked key by key; non-ASCII stays UTF-8; bytes print as
 * a string when they are UTF-8 and as {"base64": ...} otherwise.
 */
#include <criterion/criterion.h>
#include <jansson.h>
#include <string.h>

#include "fixtures.h"

static telex_schemas *schemas;

static void load(void)
{
    schemas = fixture_schemas();
}

static void unload(void)
{
    telex_schemas_free(schemas);
}

TestSuite(json_view, .init = load, .fini = unload);

/* The JSON view of a frame, parsed; the raw line goes to *line (caller frees). */
static json_t *view_of(const telex_buf *frame, telex_buf *line)
{
    char err[512] = "";
    cr_assert_eq(telex_frame_to_json(schemas, frame->data, frame->len, line, err, sizeof err), 0,
                 "%s", err);
    json_error_t json_err;
    json_t *json = json_loadb(line->data, line->len, 0, &json_err);
    cr_assert_not_null(json, "not JSON (%s): %s", json_err.text, line->data);
    return json;
}

static void expect_string(json_t *obj, const char *key, const char *want)
{
    json_t *value = json_object_get(obj, key);
    cr_assert(json_is_string(value), "\"%s\" is not a string", key);
    cr_expect_str_eq(json_string_value(value), want, "\"%s\"", key);
}

static void expect_int(json_t *obj, const char *key, json_int_t want)
{
    json_t *value = json_object_get(obj, key);
    cr_assert(json_is_integer(value), "\"%s\" is not an integer", key);
    cr_expect_eq(json_integer_value(value), want, "\"%s\"", key);
}

static void expect_null(json_t *obj, const char *key)
{
    json_t *value = json_object_get(obj, key);
    cr_expect(value && json_is_null(value), "\"%s\" is not null", key);
}

Test(json_view, enriched_story_has_the_design_shape)
{
    telex_enriched_story in;
    telex_buf frame = {0}, line = {0};
    char err[512] = "";
    fixture_enriched(&in);
    cr_assert_eq(telex_enriched_story_encode(schemas, &in, &frame, err, sizeof err), 0, "%s", err);
    json_t *view = view_of(&frame, &line);

    cr_expect(strchr(line.data, '\n') == NULL, "one line");
    cr_expect(strncmp(line.data, "{\"id\":\"story-42\",", 17) == 0, "fields in schema order: %s",
              line.data);
    cr_expect(strstr(line.data, "서울") != NULL, "non-ASCII printed as UTF-8, not escaped");

    expect_string(view, "id", "story-42");
    expect_string(view, "source_file", "dev3-panmunjom.anpa");
    expect_string(view, "published", "2018-03-29T01:00:00Z");
    expect_string(view, "headline", in.story.headline);
    expect_string(view, "text", in.story.text);
    json_t *dateline = json_object_get(view, "dateline");
    expect_string(dateline, "place", "SEOUL");
    expect_string(dateline, "date", "2018-03-29");

    json_t *entities = json_object_get(view, "entities");
    cr_assert_eq(json_array_size(entities), 2);
    json_t *korea = json_array_get(entities, 0);
    expect_string(korea, "id", "country:KR");
    expect_string(korea, "type", "country");
    expect_string(korea, "name", "South Korea");
    expect_string(korea, "code", "KR");
    json_t *mention = json_array_get(json_object_get(korea, "mentions"), 1);
    expect_int(mention, "start", 35);
    expect_int(mention, "end", 41);
    expect_string(mention, "text", "서울");
    /* The contract: text[start:end] == mention.text, in UTF-8 bytes. */
    cr_expect_eq(strncmp(in.story.text + 35, "서울", 6), 0);
    json_t *moon = json_array_get(entities, 1);
    expect_string(moon, "role", "President of South Korea");
    expect_string(moon, "country", "KR");
    expect_null(moon, "code");
    cr_expect_eq(json_array_size(json_object_get(moon, "mentions")), 0);

    json_t *date = json_array_get(json_object_get(view, "dates"), 0);
    expect_string(date, "text", "April 27");
    expect_int(date, "start", 45);
    expect_int(date, "end", 53);
    expect_string(date, "value", "2018-04-27");
    expect_string(date, "type", "date");

    json_t *event = json_array_get(json_object_get(view, "events"), 0);
    expect_string(event, "type", "summit");
    expect_null(event, "name");
    json_t *participants = json_object_get(event, "participants");
    cr_assert_eq(json_array_size(participants), 2);
    cr_expect_str_eq(json_string_value(json_array_get(participants, 1)), "country:KR");
    expect_string(event, "location", "Panmunjom");
    expect_string(event, "start", "2018-04-27");
    expect_string(event, "end", "2018-04-27");
    expect_string(event, "status", "planned");
    json_t *evidence = json_object_get(event, "evidence");
    expect_int(evidence, "start", 0);
    expect_int(evidence, "end", 70);

    json_decref(view);
    telex_enriched_story_clear(&in);
    telex_buf_free(&frame);
    telex_buf_free(&line);
}

Test(json_view, binary_payload_prints_as_base64)
{
    telex_raw_story in;
    telex_buf frame = {0}, line = {0};
    char err[512] = "";
    fixture_raw_story(&in); /* payload "SEOUL\0\xff\xfe\n": not UTF-8 */
    cr_assert_eq(telex_raw_story_encode(schemas, &in, &frame, err, sizeof err), 0, "%s", err);
    json_t *view = view_of(&frame, &line);
    json_t *payload = json_object_get(view, "payload");
    cr_assert(json_is_object(payload), "%s", line.data);
    /* base64 of 53 45 4F 55 4C 00 FF FE 0A */
    expect_string(payload, "base64", "U0VPVUwA//4K");
    expect_null(view, "item_id");
    json_decref(view);
    telex_raw_story_clear(&in);
    telex_buf_free(&frame);
    telex_buf_free(&line);
}

Test(json_view, text_payload_prints_as_a_string)
{
    telex_raw_story in;
    telex_buf frame = {0}, line = {0};
    char err[512] = "";
    fixture_raw_story(&in);
    free(in.payload);
    in.payload = (uint8_t *)strdup("TOKYO (AP) — Café \"quoted\"");
    in.payload_len = strlen((char *)in.payload);
    cr_assert_eq(telex_raw_story_encode(schemas, &in, &frame, err, sizeof err), 0, "%s", err);
    json_t *view = view_of(&frame, &line);
    expect_string(view, "payload", "TOKYO (AP) — Café \"quoted\"");
    json_decref(view);
    telex_raw_story_clear(&in);
    telex_buf_free(&frame);
    telex_buf_free(&line);
}

Test(json_view, dead_letter_offset_is_a_number)
{
    telex_dead_letter in;
    telex_buf frame = {0}, line = {0};
    char err[512] = "";
    fixture_dead_letter(&in);
    cr_assert_eq(telex_dead_letter_encode(schemas, &in, &frame, err, sizeof err), 0, "%s", err);
    json_t *view = view_of(&frame, &line);
    expect_int(view, "offset", 5000000000LL);
    expect_int(view, "partition", 15);
    expect_string(view, "payload", "not a frame");
    json_decref(view);
    telex_dead_letter_clear(&in);
    telex_buf_free(&frame);
    telex_buf_free(&line);
}

Test(json_view, garbage_is_an_error_not_a_crash)
{
    telex_buf line = {0};
    char err[512] = "";
    cr_expect_eq(telex_frame_to_json(schemas, "{\"id\": 1}", 9, &line, err, sizeof err), -1);
    cr_expect_str_eq(err, "frame too short: 9 bytes, a single-object frame needs at least 10");
    cr_expect_eq(line.len, 0);
    telex_buf_free(&line);
}
