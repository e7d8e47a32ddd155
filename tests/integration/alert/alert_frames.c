/*
 * alert-frames: inputs and a decoder for telex-alert's integration tests.
 *
 *   alert-frames stories   hand-built EnrichedStory frames (below) on stdout
 *   alert-frames garbage   one length-prefixed frame that is not Avro
 *   alert-frames json      frames on stdin, their JSON view on stdout
 *
 * Frames are length-prefixed (telex/records.h). The stories are built by hand,
 * not by the tagger, so the test checks the alert stage alone: which events
 * must raise an alert under alert.watch=US,KP is written in each story's id.
 */
#include <stdio.h>
#include <string.h>

#include "telex/records.h"

static telex_entity entities[] = {
    {.id = "person:donald-trump", .type = "person", .name = "Donald Trump", .country = "US"},
    {.id = "person:mike-pence", .type = "person", .name = "Mike Pence", .country = "US"},
    {.id = "person:kim-jong-un", .type = "person", .name = "Kim Jong Un", .country = "KP"},
    {.id = "person:shinzo-abe", .type = "person", .name = "Shinzo Abe", .country = "JP"},
    {.id = "country:KP", .type = "country", .name = "North Korea", .code = "KP"},
};
static char *trump_kim[] = {"person:donald-trump", "person:kim-jong-un"};
static char *trump_abe[] = {"person:donald-trump", "person:shinzo-abe"};
static char *pence_kim[] = {"person:mike-pence", "person:kim-jong-un"};
static char *trump_north_korea[] = {"person:donald-trump", "country:KP"};

static telex_event summit[] = {{.type = "summit",
                                .status = "planned",
                                .participants = trump_kim,
                                .n_participants = 2,
                                .location = "Singapore",
                                .start = "2018-06-12",
                                .evidence = {0, 20}}};
static telex_event meeting_us_jp[] = {
    {.type = "meeting", .status = "held", .participants = trump_abe, .n_participants = 2}};
static telex_event cancelled[] = {
    {.type = "summit", .status = "cancelled", .participants = trump_kim, .n_participants = 2}};
static telex_event three_events[] = {
    {.type = "call", .status = "held", .participants = trump_kim, .n_participants = 2},
    {.type = "visit", .status = "planned", .participants = trump_north_korea, .n_participants = 2},
    {.type = "meeting", .status = "held", .participants = pence_kim, .n_participants = 2},
};

/* The id says how many alerts a story must raise with alert.watch=US,KP. */
static const struct {
    const char *id;
    telex_event *events;
    size_t n_events;
} cases[] = {
    {"alert1-us-kp-summit", summit, 1}, {"alert0-us-jp-meeting", meeting_us_jp, 1},
    {"alert0-cancelled", cancelled, 1}, {"alert2-call-visit-meeting", three_events, 3},
    {"alert0-no-events", NULL, 0},
};

static int write_stories(const telex_schemas *schemas)
{
    char err[512];
    telex_buf frame = {0};
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < sizeof cases / sizeof cases[0]; i++) {
        telex_enriched_story story = {
            .story = {.id = (char *)cases[i].id,
                      .version = 1,
                      .source = "test",
                      .format = "text",
                      .published = "2018-05-10T12:00:00Z",
                      .headline = "Leaders to meet",
                      .text = "Trump and Kim will meet in Singapore on June 12.",
                      .content_hash = "00"},
            .entities = entities,
            .n_entities = sizeof entities / sizeof entities[0],
            .events = cases[i].events,
            .n_events = cases[i].n_events};
        telex_buf_reset(&frame);
        if (telex_enriched_story_encode(schemas, &story, &frame, err, sizeof err) != 0 ||
            telex_frame_write(stdout, frame.data, frame.len) != 0) {
            fprintf(stderr, "alert-frames: %s: %s\n", cases[i].id, err);
            rc = -1;
        }
    }
    telex_buf_free(&frame);
    return rc;
}

static int print_json(const telex_schemas *schemas)
{
    char err[512];
    telex_buf frame = {0}, json = {0};
    int got, rc = 0;
    while (rc == 0 && (got = telex_frame_read(stdin, &frame, err, sizeof err)) == 1) {
        telex_buf_reset(&json);
        if (telex_frame_to_json(schemas, frame.data, frame.len, &json, err, sizeof err) != 0) {
            fprintf(stderr, "alert-frames: %s\n", err);
            rc = -1;
        } else {
            printf("%.*s\n", (int)json.len, json.data);
        }
    }
    if (rc == 0 && got < 0) {
        fprintf(stderr, "alert-frames: %s\n", err);
        rc = -1;
    }
    telex_buf_free(&frame);
    telex_buf_free(&json);
    return rc;
}

int main(int argc, char **argv)
{
    char err[512];
    telex_schemas *schemas = NULL;
    const char *mode = argc == 2 ? argv[1] : "";
    int rc;

    if (strcmp(mode, "garbage") == 0) {
        static const char not_avro[] = "this is not an Avro frame";
        return telex_frame_write(stdout, not_avro, sizeof not_avro - 1) == 0 ? 0 : 1;
    }
    if (strcmp(mode, "stories") != 0 && strcmp(mode, "json") != 0) {
        fprintf(stderr, "usage: alert-frames stories | garbage | json\n");
        return 2;
    }
    if (telex_schemas_load(NULL, &schemas, err, sizeof err) != 0) {
        fprintf(stderr, "alert-frames: %s\n", err);
        return 1;
    }
    rc = strcmp(mode, "stories") == 0 ? write_stories(schemas) : print_json(schemas);
    telex_schemas_free(schemas);
    return rc == 0 && fflush(stdout) == 0 ? 0 : 1;
}
