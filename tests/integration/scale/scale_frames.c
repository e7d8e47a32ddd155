/*
 * scale-frames: the records the scale test feeds telex-tag and reads back.
 *
 *   scale-frames stories N PREFIX   N Story frames (ids PREFIX-000000 ...) on stdout
 *   scale-frames ids                EnrichedStory frames on stdin, their ids on stdout
 *
 * Frames are length-prefixed single-object Avro frames (telex/records.h), the
 * format of the --stdio pipes. Every story is a short wire item that names two
 * leaders, so the tagger has real work to do.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "telex/records.h"

static const char *const story_texts[] = {
    "President Donald Trump met Prime Minister Shinzo Abe in New York on Thursday.",
    "Chinese President Xi Jinping will visit Moscow next week for talks with Vladimir Putin.",
    "South Korean President Moon Jae-in and North Korean leader Kim Jong Un held a summit.",
    "German Chancellor Angela Merkel spoke by phone with French President Emmanuel Macron.",
};

/* Fills story as the index-th test story; strings are heap copies owned by story. */
static int make_story(const char *prefix, long index, telex_story *story)
{
    char id[128];
    const char *text = story_texts[index % (sizeof story_texts / sizeof story_texts[0])];

    snprintf(id, sizeof id, "%s-%06ld", prefix, index);
    memset(story, 0, sizeof *story);
    story->version = 1;
    story->id = strdup(id);
    story->source = strdup("scale-test");
    story->format = strdup("text");
    story->language = strdup("en");
    story->published = strdup("2016-11-10T03:00:00Z");
    story->text = strdup(text);
    story->content_hash =
        strdup("0000000000000000000000000000000000000000000000000000000000000000");
    story->paragraphs = calloc(1, sizeof *story->paragraphs);
    if (!story->id || !story->source || !story->format || !story->language || !story->published ||
        !story->text || !story->content_hash || !story->paragraphs)
        return -1;
    story->n_paragraphs = 1;
    story->paragraphs[0].end = (int32_t)strlen(text);
    return 0;
}

static int write_stories(const telex_schemas *schemas, long n, const char *prefix)
{
    char err[512];
    telex_buf frame = {0};
    telex_story story;
    int rc = 0;

    for (long i = 0; i < n && rc == 0; i++) {
        telex_buf_reset(&frame);
        if (make_story(prefix, i, &story) != 0) {
            fprintf(stderr, "scale-frames: out of memory\n");
            rc = -1;
        } else if (telex_story_encode(schemas, &story, &frame, err, sizeof err) != 0) {
            fprintf(stderr, "scale-frames: %s\n", err);
            rc = -1;
        } else if (telex_frame_write(stdout, frame.data, frame.len) != 0) {
            fprintf(stderr, "scale-frames: cannot write to stdout\n");
            rc = -1;
        }
        telex_story_clear(&story);
    }
    telex_buf_free(&frame);
    return rc == 0 && fflush(stdout) == 0 ? 0 : -1;
}

static int print_ids(const telex_schemas *schemas)
{
    char err[512];
    telex_buf frame = {0};
    telex_enriched_story enriched = {0};
    int got, rc = 0;

    while (rc == 0 && (got = telex_frame_read(stdin, &frame, err, sizeof err)) == 1) {
        if (telex_enriched_story_decode(schemas, frame.data, frame.len, &enriched, err,
                                        sizeof err) != 0) {
            fprintf(stderr, "scale-frames: %s\n", err);
            rc = -1;
        } else {
            printf("%s\n", enriched.story.id);
        }
        telex_enriched_story_clear(&enriched);
    }
    if (rc == 0 && got < 0) {
        fprintf(stderr, "scale-frames: %s\n", err);
        rc = -1;
    }
    telex_buf_free(&frame);
    return rc;
}

int main(int argc, char **argv)
{
    char err[512];
    telex_schemas *schemas = NULL;
    int rc;

    if (!(argc == 4 && strcmp(argv[1], "stories") == 0) &&
        !(argc == 2 && strcmp(argv[1], "ids") == 0)) {
        fprintf(stderr, "usage: scale-frames stories N PREFIX | scale-frames ids\n");
        return 2;
    }
    if (telex_schemas_load(NULL, &schemas, err, sizeof err) != 0) {
        fprintf(stderr, "scale-frames: %s\n", err);
        return 1;
    }
    if (argc == 4)
        rc = write_stories(schemas, strtol(argv[2], NULL, 10), argv[3]);
    else
        rc = print_ids(schemas);
    telex_schemas_free(schemas);
    return rc == 0 ? 0 : 1;
}
