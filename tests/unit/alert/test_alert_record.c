/*
 * Unit tests of the Alert record (stages/alert/alert_record.c): an alert
 * encoded by the stage must be a telex.Alert frame that the records library
 * reads back, field for field, through the JSON view. The schemas are the
 * project's own (TELEX_SCHEMA_DIR, set by ctest).
 */
#include <criterion/criterion.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "alert_record.h"

static telex_schemas *schemas;
static alert_encoder encoder;

static void load_schemas(void)
{
    char err[512];
    cr_assert_eq(telex_schemas_load(NULL, &schemas, err, sizeof err), 0, "%s", err);
    cr_assert_eq(alert_encoder_init(&encoder, schemas, err, sizeof err), 0, "%s", err);
}

static void free_schemas(void)
{
    alert_encoder_free(&encoder);
    telex_schemas_free(schemas);
}

TestSuite(alert_record, .init = load_schemas, .fini = free_schemas);

static char *participants[] = {"person:moon-jae-in", "person:kim-jong-un"};
static telex_entity entities[] = {
    {.id = "person:moon-jae-in", .type = "person", .country = "KR"},
    {.id = "person:kim-jong-un", .type = "person", .country = "KP"},
};
static const char story_text[] =
    "Moon Jae-in and Kim Jong Un will meet at Panmunjom\xe2\x80\x99s Peace House on April 27.";

/* Encodes the one alert of a Moon-Kim summit story and returns its JSON view, parsed. */
static json_t *encode_summit(const char *headline, const char *start)
{
    char err[512];
    alert_watch watch;
    cr_assert_eq(alert_watch_parse("KR,KP", &watch, err, sizeof err), 0, "%s", err);
    telex_event event = {.type = "summit",
                         .status = "planned",
                         .participants = participants,
                         .n_participants = 2,
                         .location = "Panmunjom",
                         .start = (char *)start,
                         .evidence = {0, (int32_t)strlen(story_text)}};
    telex_enriched_story story = {.story = {.id = "story-42",
                                            .version = 3,
                                            .headline = (char *)headline,
                                            .published = "2018-03-29T08:22:00Z",
                                            .text = (char *)story_text},
                                  .entities = entities,
                                  .n_entities = 2,
                                  .events = &event,
                                  .n_events = 1};
    alert_match match;
    cr_assert_eq(alert_match_event(&watch, &story, &event, &match, err, sizeof err), 1);

    telex_buf frame = {0}, view = {0};
    cr_assert_eq(alert_encode(&encoder, &story, &event, &match, &frame, err, sizeof err), 0, "%s",
                 err);
    cr_assert_str_eq(telex_frame_schema_name(schemas, frame.data, frame.len), "telex.Alert");
    cr_assert_eq(telex_frame_to_json(schemas, frame.data, frame.len, &view, err, sizeof err), 0,
                 "%s", err);
    json_error_t json_err;
    json_t *alert = json_loadb(view.data, view.len, 0, &json_err);
    cr_assert_not_null(alert, "not JSON: %s", json_err.text);
    telex_buf_free(&frame);
    telex_buf_free(&view);
    alert_match_clear(&match);
    alert_watch_clear(&watch);
    return alert;
}

static const char *string_of(json_t *alert, const char *field)
{
    json_t *value = json_object_get(alert, field);
    cr_assert(json_is_string(value), "%s is not a string", field);
    return json_string_value(value);
}

Test(alert_record, every_field_reads_back)
{
    json_t *alert = encode_summit("Koreas set summit date", "2018-04-27");
    cr_assert_str_eq(string_of(alert, "story_id"), "story-42");
    cr_assert_eq(json_integer_value(json_object_get(alert, "story_version")), 3);
    cr_assert_str_eq(string_of(alert, "headline"), "Koreas set summit date");
    cr_assert_str_eq(string_of(alert, "published"), "2018-03-29T08:22:00Z");
    cr_assert_str_eq(string_of(alert, "event_type"), "summit");
    cr_assert_str_eq(string_of(alert, "event_status"), "planned");
    cr_assert_str_eq(string_of(alert, "event_start"), "2018-04-27");
    cr_assert_str_eq(string_of(alert, "event_location"), "Panmunjom");
    cr_assert_str_eq(string_of(alert, "evidence"), story_text);
    json_t *countries = json_object_get(alert, "countries");
    cr_assert_eq(json_array_size(countries), 2);
    cr_assert_str_eq(json_string_value(json_array_get(countries, 0)), "KR");
    cr_assert_str_eq(json_string_value(json_array_get(countries, 1)), "KP");
    json_t *leaders = json_object_get(alert, "leaders");
    cr_assert_eq(json_array_size(leaders), 2);
    cr_assert_str_eq(json_string_value(json_array_get(leaders, 0)), "person:moon-jae-in");
    cr_assert_str_eq(json_string_value(json_array_get(leaders, 1)), "person:kim-jong-un");
    json_decref(alert);
}

Test(alert_record, absent_values_are_null)
{
    json_t *alert = encode_summit(NULL, NULL);
    cr_assert(json_is_null(json_object_get(alert, "headline")));
    cr_assert(json_is_null(json_object_get(alert, "event_start")));
    cr_assert_str_eq(string_of(alert, "event_location"), "Panmunjom");
    json_decref(alert);
}

Test(alert_record, the_encoder_is_reused)
{
    json_t *first = encode_summit("First", "2018-04-27");
    json_t *second = encode_summit("Second", NULL);
    cr_assert_str_eq(string_of(first, "headline"), "First");
    cr_assert_str_eq(string_of(second, "headline"), "Second");
    cr_assert(json_is_null(json_object_get(second, "event_start")));
    cr_assert_eq(json_array_size(json_object_get(second, "leaders")), 2, "arrays were not reset");
    json_decref(first);
    json_decref(second);
}

Test(alert_record, init_fails_without_the_alert_schema)
{
    char err[512], dir[] = "/tmp/telex-alert-test-XXXXXX", from[4096], to[4096];
    cr_assert_not_null(mkdtemp(dir));
    /* A schema folder with RawStory only: everything loads, but there is no Alert. */
    snprintf(from, sizeof from, "%s/RawStory.avsc", getenv("TELEX_SCHEMA_DIR"));
    snprintf(to, sizeof to, "%s/RawStory.avsc", dir);
    FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
    cr_assert(in && out, "cannot copy %s to %s", from, to);
    char chunk[4096];
    for (size_t n; (n = fread(chunk, 1, sizeof chunk, in)) > 0;)
        fwrite(chunk, 1, n, out);
    fclose(in);
    fclose(out);

    telex_schemas *without_alert = NULL;
    alert_encoder other;
    cr_assert_eq(telex_schemas_load(dir, &without_alert, err, sizeof err), 0, "%s", err);
    cr_assert_eq(alert_encoder_init(&other, without_alert, err, sizeof err), -1);
    cr_assert_not_null(strstr(err, "telex.Alert"), "error was: %s", err);
    telex_schemas_free(without_alert);
    remove(to);
    rmdir(dir);
}
