/*
 * Schema evolution: a Story written with the previous version of its schema
 * (schemas/history/Story.v1.avsc, before language and stripped existed) is
 * read as the current Story, with the new fields at their defaults. Both a
 * frame made now by an Avro C v1 writer and a frame kept as a fixture
 * (tests/data/records/story-v1.frame, made once the same way) are read.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "fixtures.h"
#include "story_v1.h"

static telex_schemas *schemas;

static void load(void)
{
    schemas = fixture_schemas();
}

static void unload(void)
{
    telex_schemas_free(schemas);
}

TestSuite(resolution, .init = load, .fini = unload);

static void expect_v1_story(const telex_story *story, const char *id, const char *headline,
                            const char *text)
{
    cr_expect_str_eq(story->id, id);
    cr_expect_eq(story->version, 1);
    cr_expect_str_eq(story->source_file, "old.txt");
    cr_expect_str_eq(story->headline, headline);
    cr_expect_null(story->byline);
    cr_expect_str_eq(story->dateline_place, "TOKYO");
    cr_expect_null(story->dateline_date);
    cr_expect_eq(story->utc_offset_minutes, 540);
    cr_expect_str_eq(story->text, text);
    cr_assert_eq(story->n_paragraphs, 1);
    cr_expect_eq(story->paragraphs[0].end, (int32_t)strlen(text));
    /* The fields v1 lacks take the current schema's defaults. */
    cr_expect_null(story->language, "language default is null");
    cr_expect_eq(story->n_stripped, 0, "stripped default is []");
}

Test(resolution, v1_story_reads_as_current_with_defaults)
{
    telex_buf frame = {0};
    telex_story story;
    char err[512] = "";
    const char *text = "Trump will meet Abe in New York — «a first».";
    cr_assert_eq(
        story_v1_frame(schemas, "old-1", "Abe to meet Trump", text, &frame, err, sizeof err), 0,
        "%s", err);
    cr_expect_str_eq(telex_frame_schema_name(schemas, frame.data, frame.len), "telex.Story");
    uint64_t v1_fp, current_fp;
    const void *body;
    size_t body_len;
    cr_assert_eq(telex_frame_unwrap(schemas, frame.data, frame.len, &v1_fp, &body, &body_len, err,
                                    sizeof err),
                 0);
    cr_assert_eq(telex_schemas_current_fingerprint(schemas, "telex.Story", &current_fp), 0);
    cr_assert_neq(v1_fp, current_fp, "the v1 frame must carry the old fingerprint");
    cr_assert_eq(telex_story_decode(schemas, frame.data, frame.len, &story, err, sizeof err), 0,
                 "%s", err);
    expect_v1_story(&story, "old-1", "Abe to meet Trump", text);
    telex_story_clear(&story);
    telex_buf_free(&frame);
}

Test(resolution, v1_fixture_file_still_reads)
{
    char path[4096];
    size_t len;
    fixture_source_path("tests/data/records/story-v1.frame", path, sizeof path);
    char *frame = fixture_read_file(path, &len);
    cr_assert_not_null(frame, "cannot read %s", path);
    telex_story story;
    char err[512] = "";
    cr_assert_eq(telex_story_decode(schemas, frame, len, &story, err, sizeof err), 0, "%s", err);
    expect_v1_story(&story, "fixture-v1", "Fixture headline", "A story written by version 1.");
    telex_story_clear(&story);
    free(frame);
}

Test(resolution, v1_json_view_shows_defaults)
{
    telex_buf frame = {0}, json = {0};
    char err[512] = "";
    cr_assert_eq(story_v1_frame(schemas, "old-2", NULL, "Body.", &frame, err, sizeof err), 0, "%s",
                 err);
    cr_assert_eq(telex_frame_to_json(schemas, frame.data, frame.len, &json, err, sizeof err), 0,
                 "%s", err);
    cr_expect(strstr(json.data, "\"language\":null") != NULL, "%s", json.data);
    cr_expect(strstr(json.data, "\"stripped\":[]") != NULL, "%s", json.data);
    cr_expect(strstr(json.data, "\"headline\":null") != NULL, "%s", json.data);
    telex_buf_free(&frame);
    telex_buf_free(&json);
}

/* A v1 Story is still a Story, not an EnrichedStory: resolution keeps names apart. */
Test(resolution, v1_story_is_not_an_enriched_story)
{
    telex_buf frame = {0};
    telex_enriched_story enriched;
    char err[512] = "";
    cr_assert_eq(story_v1_frame(schemas, "old-3", NULL, "Body.", &frame, err, sizeof err), 0);
    cr_expect_eq(
        telex_enriched_story_decode(schemas, frame.data, frame.len, &enriched, err, sizeof err),
        -1);
    cr_expect_str_eq(err, "frame holds a telex.Story, expected a telex.EnrichedStory");
    telex_buf_free(&frame);
}
