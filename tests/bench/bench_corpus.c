/*
 * bench-corpus: writes the benchmark corpus (corpus.h), and reads ids back.
 *
 *   bench-corpus [-s SAMPLES] [--seed N] [--start I] -n COUNT frames
 *       COUNT RawStory frames, length-prefixed (telex/records.h), on stdout:
 *       what telex-ingest would produce for the same files.
 *   bench-corpus [-s SAMPLES] [--seed N] [--start I] -n COUNT files DIR
 *       the same stories as files in DIR (created if missing) for telex-ingest,
 *       each file's mtime set to its publication time when the sample has one.
 *   bench-corpus ids
 *       Story or EnrichedStory frames on stdin; their ids on stdout, one a line.
 *
 * SAMPLES defaults to deploy/samples of $TELEX_SOURCE_DIR. Exit 0, or 1 with a
 * one-line error on stderr.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "corpus.h"
#include "telex/records.h"

typedef struct corpus_args {
    const char *samples;
    uint64_t seed;
    uint64_t start;
    uint64_t count;
    const char *command;
    const char *dir;
} corpus_args;

static void usage(FILE *out)
{
    fputs("Usage: bench-corpus [-s SAMPLES] [--seed N] [--start I] -n COUNT frames\n"
          "       bench-corpus [-s SAMPLES] [--seed N] [--start I] -n COUNT files DIR\n"
          "       bench-corpus ids < FRAMES\n",
          out);
}

static int parse_u64(const char *flag, const char *text, uint64_t *out, char *err, size_t errlen)
{
    char *end = NULL;
    errno = 0;
    unsigned long long value = strtoull(text ? text : "", &end, 10);
    if (!text || errno || end == text || *end || text[0] == '-') {
        snprintf(err, errlen, "%s: expected a whole number, got \"%s\"", flag, text ? text : "");
        return -1;
    }
    *out = value;
    return 0;
}

static int parse_args(int argc, char **argv, corpus_args *args, char *err, size_t errlen)
{
    static char default_samples[4096];
    const char *src = getenv("TELEX_SOURCE_DIR");
    snprintf(default_samples, sizeof default_samples, "%s/deploy/samples", src ? src : ".");
    *args = (corpus_args){.samples = default_samples, .seed = 42};

    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        const char *flag = argv[i];
        const char *value = i + 1 < argc ? argv[i + 1] : NULL;
        int rc = 0;
        if (strcmp(flag, "-s") == 0 || strcmp(flag, "--samples") == 0)
            args->samples = value;
        else if (strcmp(flag, "--seed") == 0)
            rc = parse_u64(flag, value, &args->seed, err, errlen);
        else if (strcmp(flag, "--start") == 0)
            rc = parse_u64(flag, value, &args->start, err, errlen);
        else if (strcmp(flag, "-n") == 0 || strcmp(flag, "--count") == 0)
            rc = parse_u64(flag, value, &args->count, err, errlen);
        else {
            snprintf(err, errlen, "unknown option \"%s\"", flag);
            return -1;
        }
        if (rc != 0)
            return -1;
        if (!value) {
            snprintf(err, errlen, "%s needs a value", flag);
            return -1;
        }
        i++;
    }
    args->command = i < argc ? argv[i++] : NULL;
    args->dir = i < argc ? argv[i++] : NULL;
    if (!args->command) {
        snprintf(err, errlen, "want a command: frames, files DIR or ids");
        return -1;
    }
    if (strcmp(args->command, "files") == 0 && !args->dir) {
        snprintf(err, errlen, "files needs a folder");
        return -1;
    }
    if (i < argc) {
        snprintf(err, errlen, "unexpected argument \"%s\"", argv[i]);
        return -1;
    }
    return 0;
}

/* Writes every story's RawStory frame to stdout. */
static int write_frames(const corpus *c, const corpus_args *args, const telex_schemas *schemas,
                        char *err, size_t errlen)
{
    telex_buf frame = {0};
    int rc = -1;

    for (uint64_t i = args->start; i < args->start + args->count; i++) {
        corpus_story story = {0};
        telex_raw_story raw = {0};
        if (corpus_story_make(c, args->seed, i, &story, err, errlen) != 0)
            goto out;
        int made = corpus_story_to_raw(&story, &raw);
        corpus_story_clear(&story);
        if (made != 0) {
            snprintf(err, errlen, "out of memory");
            goto out;
        }
        telex_buf_reset(&frame);
        int encoded = telex_raw_story_encode(schemas, &raw, &frame, err, errlen);
        telex_raw_story_clear(&raw);
        if (encoded != 0)
            goto out;
        if (telex_frame_write(stdout, frame.data, frame.len) != 0) {
            snprintf(err, errlen, "cannot write to stdout: %s", strerror(errno));
            goto out;
        }
    }
    rc = fflush(stdout) == 0 ? 0 : -1;
    if (rc != 0)
        snprintf(err, errlen, "cannot write to stdout: %s", strerror(errno));
out:
    telex_buf_free(&frame);
    return rc;
}

/* Parses "YYYY-MM-DDTHH:MM:SS" then "Z" or "+HH:MM"/"-HH:MM" into *when. */
static int parse_iso_time(const char *text, time_t *when)
{
    struct tm tm = {0};
    char sign = 0;
    int off_h = 0, off_m = 0;
    int n = 0;

    if (sscanf(text, "%4d-%2d-%2dT%2d:%2d:%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
               &tm.tm_min, &tm.tm_sec, &n) != 6)
        return -1;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    if (strcmp(text + n, "Z") != 0 && sscanf(text + n, "%c%2d:%2d", &sign, &off_h, &off_m) != 3)
        return -1;
    int offset = (off_h * 60 + off_m) * 60;
    *when = timegm(&tm) - (sign == '-' ? -offset : offset);
    return 0;
}

/* Writes one story to DIR/FILE and dates the file with its publication time. */
static int write_story_file(const char *dir, const corpus_story *story, char *err, size_t errlen)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, story->file_name);
    FILE *f = fopen(path, "wb");
    if (!f) {
        snprintf(err, errlen, "%.300s: %s", path, strerror(errno));
        return -1;
    }
    size_t wrote = fwrite(story->payload.data, 1, story->payload.len, f);
    if (fclose(f) != 0 || wrote != story->payload.len) {
        snprintf(err, errlen, "%.300s: cannot write the file", path);
        return -1;
    }
    time_t when;
    if (story->published_at && parse_iso_time(story->published_at, &when) == 0) {
        struct timespec times[2] = {{.tv_sec = when}, {.tv_sec = when}};
        if (utimensat(AT_FDCWD, path, times, 0) != 0) {
            snprintf(err, errlen, "%.300s: cannot set its time: %s", path, strerror(errno));
            return -1;
        }
    }
    return 0;
}

static int write_files(const corpus *c, const corpus_args *args, char *err, size_t errlen)
{
    if (mkdir(args->dir, 0755) != 0 && errno != EEXIST) {
        snprintf(err, errlen, "%s: %s", args->dir, strerror(errno));
        return -1;
    }
    for (uint64_t i = args->start; i < args->start + args->count; i++) {
        corpus_story story = {0};
        if (corpus_story_make(c, args->seed, i, &story, err, errlen) != 0)
            return -1;
        int rc = write_story_file(args->dir, &story, err, errlen);
        corpus_story_clear(&story);
        if (rc != 0)
            return -1;
    }
    return 0;
}

/* The id of one Story or EnrichedStory frame, printed on stdout. */
static int print_id(const telex_schemas *schemas, const telex_buf *frame, char *err, size_t errlen)
{
    const char *schema = telex_frame_schema_name(schemas, frame->data, frame->len);
    telex_enriched_story enriched = {0};
    int rc;

    if (schema && strcmp(schema, "telex.EnrichedStory") == 0)
        rc = telex_enriched_story_decode(schemas, frame->data, frame->len, &enriched, err, errlen);
    else
        rc = telex_story_decode(schemas, frame->data, frame->len, &enriched.story, err, errlen);
    if (rc == 0)
        printf("%s\n", enriched.story.id ? enriched.story.id : "");
    telex_enriched_story_clear(&enriched);
    return rc;
}

static int print_ids(const telex_schemas *schemas, char *err, size_t errlen)
{
    telex_buf frame = {0};
    int rc;
    long n = 0;

    while ((rc = telex_frame_read(stdin, &frame, err, errlen)) > 0) {
        n++;
        if (print_id(schemas, &frame, err, errlen) != 0) {
            rc = -1;
            break;
        }
    }
    telex_buf_free(&frame);
    if (rc < 0) {
        char reason[512];
        snprintf(reason, sizeof reason, "%s", err);
        snprintf(err, errlen, "frame %ld on stdin: %s", n, reason);
    }
    return rc < 0 || fflush(stdout) != 0 ? -1 : 0;
}

static int run(const corpus_args *args, char *err, size_t errlen)
{
    telex_schemas *schemas = NULL;
    corpus *c = NULL;
    int rc = -1;

    if (telex_schemas_load(NULL, &schemas, err, errlen) != 0)
        return -1;
    if (strcmp(args->command, "ids") == 0) {
        rc = print_ids(schemas, err, errlen);
        goto out_free_schemas;
    }
    if (strcmp(args->command, "frames") != 0 && strcmp(args->command, "files") != 0) {
        snprintf(err, errlen, "unknown command \"%s\" (want frames, files or ids)", args->command);
        goto out_free_schemas;
    }
    if (corpus_load(args->samples, &c, err, errlen) != 0)
        goto out_free_schemas;
    if (strcmp(args->command, "frames") == 0)
        rc = write_frames(c, args, schemas, err, errlen);
    else
        rc = write_files(c, args, err, errlen);
    corpus_free(c);
out_free_schemas:
    telex_schemas_free(schemas);
    return rc;
}

int main(int argc, char **argv)
{
    char err[1024] = "";
    corpus_args args;

    if (argc > 1 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)) {
        usage(stdout);
        return 0;
    }
    if (parse_args(argc, argv, &args, err, sizeof err) != 0) {
        fprintf(stderr, "bench-corpus: %s\n", err);
        usage(stderr);
        return 2;
    }
    if (run(&args, err, sizeof err) != 0) {
        fprintf(stderr, "bench-corpus: %s\n", err);
        return 1;
    }
    return 0;
}
