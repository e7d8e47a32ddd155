/*
 * Shared test fixtures (see fixtures.h). The story is a made-up wire item in
 * the shape of real copy: a dateline, a byline, non-ASCII names (Seoul in
 * Hangul, an accented Paris) so that byte offsets and UTF-8 are exercised.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixtures.h"

telex_schemas *fixture_schemas(void)
{
    telex_schemas *s = NULL;
    char err[512] = "";
    int rc = telex_schemas_load(NULL, &s, err, sizeof err);
    cr_assert_eq(rc, 0, "telex_schemas_load: %s", err);
    return s;
}

void fixture_raw_story(telex_raw_story *raw)
{
    static const uint8_t payload[] = {'S', 'E', 'O', 'U', 'L', 0x00, 0xff, 0xfe, '\n'};
    memset(raw, 0, sizeof *raw);
    raw->payload = malloc(sizeof payload);
    memcpy(raw->payload, payload, sizeof payload);
    raw->payload_len = sizeof payload;
    raw->format = strdup("anpa");
    raw->source = strdup("file");
    raw->source_file = strdup("dev3-panmunjom.anpa");
    raw->item_id = NULL;
    raw->key = strdup("k-0001");
    raw->received_at = strdup("2018-03-29T01:02:03Z");
    raw->published_at = strdup("2018-03-29T10:00:00+09:00");
}

/* "서울" is 6 bytes: the text's byte offsets below count them. */
#define STORY_TEXT "North and South Korea will meet in 서울 on April 27, officials said."

void fixture_story(telex_story *story)
{
    memset(story, 0, sizeof *story);
    story->id = strdup("story-42");
    story->version = 2;
    story->source = strdup("file");
    story->source_file = strdup("dev3-panmunjom.anpa");
    story->format = strdup("anpa");
    story->language = strdup("en");
    story->headline = strdup("Koreas set summit date — Élysée reacts");
    story->byline = NULL;
    story->dateline_place = strdup("SEOUL");
    story->dateline_date = strdup("2018-03-29");
    story->published = strdup("2018-03-29T01:00:00Z");
    story->utc_offset_minutes = 540;
    story->text = strdup(STORY_TEXT);
    story->n_paragraphs = 2;
    story->paragraphs = calloc(2, sizeof *story->paragraphs);
    story->paragraphs[0] = (telex_span){0, 40};
    story->paragraphs[1] = (telex_span){41, (int32_t)strlen(STORY_TEXT)};
    story->content_hash =
        strdup("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
    story->n_stripped = 1;
    story->stripped = calloc(1, sizeof *story->stripped);
    story->stripped[0].text = strdup("(Reporting by Hyonhee Shin; Editing by Paul Tait)");
    story->stripped[0].rule = strdup("reuters-trailer");
}

static void fixture_entities(telex_enriched_story *e)
{
    e->n_entities = 2;
    e->entities = calloc(2, sizeof *e->entities);
    telex_entity *korea = &e->entities[0];
    korea->id = strdup("country:KR");
    korea->type = strdup("country");
    korea->name = strdup("South Korea");
    korea->code = strdup("KR");
    korea->n_mentions = 2;
    korea->mentions = calloc(2, sizeof *korea->mentions);
    korea->mentions[0] = (telex_mention){{10, 21}, strdup("South Korea")};
    korea->mentions[1] = (telex_mention){{35, 41}, strdup("서울")};
    telex_entity *moon = &e->entities[1];
    moon->id = strdup("person:moon-jae-in");
    moon->type = strdup("person");
    moon->name = strdup("Moon Jae-in");
    moon->role = strdup("President of South Korea");
    moon->country = strdup("KR");
    moon->n_mentions = 0; /* an empty array must survive too */
}

void fixture_enriched(telex_enriched_story *e)
{
    memset(e, 0, sizeof *e);
    fixture_story(&e->story);
    fixture_entities(e);
    e->n_dates = 1;
    e->dates = calloc(1, sizeof *e->dates);
    e->dates[0] = (telex_date){strdup("April 27"), {45, 53}, strdup("2018-04-27"), strdup("date")};
    e->n_events = 1;
    e->events = calloc(1, sizeof *e->events);
    telex_event *summit = &e->events[0];
    summit->type = strdup("summit");
    summit->name = NULL;
    summit->n_participants = 2;
    summit->participants = calloc(2, sizeof *summit->participants);
    summit->participants[0] = strdup("country:KP");
    summit->participants[1] = strdup("country:KR");
    summit->location = strdup("Panmunjom");
    summit->start = strdup("2018-04-27");
    summit->end = strdup("2018-04-27");
    summit->status = strdup("planned");
    summit->evidence = (telex_span){0, 70};
}

void fixture_dead_letter(telex_dead_letter *dead)
{
    memset(dead, 0, sizeof *dead);
    dead->payload = (uint8_t *)strdup("not a frame");
    dead->payload_len = strlen("not a frame");
    dead->stage = strdup("normalize");
    dead->error = strdup("bad magic: expected C3 01, got 6E 6F");
    dead->topic = strdup("wire.raw");
    dead->partition = 15;
    dead->offset = 5000000000LL; /* past 32 bits: offset is a long */
    dead->failed_at = strdup("2018-03-29T01:02:04Z");
}

char *fixture_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *data = malloc((size_t)size + 1);
    *len = fread(data, 1, (size_t)size, f);
    data[*len] = '\0';
    fclose(f);
    return data;
}

void fixture_source_path(const char *rel, char *out, size_t outlen)
{
    const char *root = getenv("TELEX_SOURCE_DIR");
    cr_assert_not_null(root, "TELEX_SOURCE_DIR is not set (run through ctest)");
    snprintf(out, outlen, "%s/%s", root, rel);
}
