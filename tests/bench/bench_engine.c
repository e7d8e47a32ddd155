/*
 * bench-engine: the stages' pure logic in memory, no Kafka, no Avro in the
 * timed loop.
 *
 *   bench-engine tag [--kb DIR] [--passes P] [--threads T] < STORY-FRAMES
 *   bench-engine normalize [--rules FILE] [--passes P] [--threads T] < RAW-FRAMES
 *
 * It decodes every length-prefixed frame on stdin first (untimed), then runs
 * tag_story() (or normalize_story()) over all of them P times (default 1),
 * split across T threads (default 1; the knowledge base and the rules are
 * read-only, so threads share them). It prints one line of key=value pairs:
 * stories, mb (input MB, 10^6 bytes: the story text for tag, the payload for
 * normalize), cpu_s (CPU time of the timed loop, all threads), wall_s,
 * mb_per_s_per_core (mb / cpu_s) and stories_per_s (wall). A story the engine
 * rejects stops the run with its reason: the corpus should hold none.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_stats.h"
#include "normalize.h"
#include "tag.h"
#include "telex/records.h"

enum { MAX_THREADS = 16 };

typedef struct engine_args {
    const char *engine; /* "tag" or "normalize" */
    const char *kb_dir;
    const char *rules_path;
    long passes;
    long threads;
} engine_args;

/* Every input record, decoded; one of the two arrays is used. */
typedef struct engine_input {
    telex_story *stories;
    telex_raw_story *raws;
    size_t n;
    uint64_t bytes;
} engine_input;

typedef struct engine_worker {
    const engine_args *args;
    const engine_input *input;
    const tag_kb *kb;
    const boilerplate_rules *rules;
    size_t first, end; /* this worker's stories */
    char err[512];
    int failed;
    pthread_t thread;
} engine_worker;

static int parse_args(int argc, char **argv, engine_args *args, char *err, size_t errlen)
{
    *args = (engine_args){.passes = 1, .threads = 1};
    if (argc < 2 || (strcmp(argv[1], "tag") != 0 && strcmp(argv[1], "normalize") != 0)) {
        snprintf(err, errlen, "want tag or normalize as the first argument");
        return -1;
    }
    args->engine = argv[1];
    for (int i = 2; i < argc; i += 2) {
        const char *flag = argv[i], *value = i + 1 < argc ? argv[i + 1] : NULL;
        long *number = NULL;
        if (!value) {
            snprintf(err, errlen, "%s needs a value", flag);
            return -1;
        }
        if (strcmp(flag, "--kb") == 0)
            args->kb_dir = value;
        else if (strcmp(flag, "--rules") == 0)
            args->rules_path = value;
        else if (strcmp(flag, "--passes") == 0)
            number = &args->passes;
        else if (strcmp(flag, "--threads") == 0)
            number = &args->threads;
        else {
            snprintf(err, errlen, "unknown option \"%s\"", flag);
            return -1;
        }
        if (number) {
            char *end = NULL;
            *number = strtol(value, &end, 10);
            if (end == value || *end || *number < 1 ||
                (number == &args->threads && *number > MAX_THREADS)) {
                snprintf(err, errlen,
                         "%s: expected a whole number from 1 (threads: to %d), "
                         "got \"%s\"",
                         flag, MAX_THREADS, value);
                return -1;
            }
        }
    }
    return 0;
}

/* Decodes one frame into slot n of the input. */
static int decode_one(const telex_schemas *schemas, const engine_args *args, const telex_buf *frame,
                      engine_input *in, char *err, size_t errlen)
{
    if (strcmp(args->engine, "tag") == 0) {
        telex_story *story = &in->stories[in->n];
        if (telex_story_decode(schemas, frame->data, frame->len, story, err, errlen) != 0)
            return -1;
        in->bytes += story->text ? strlen(story->text) : 0;
    } else {
        telex_raw_story *raw = &in->raws[in->n];
        if (telex_raw_story_decode(schemas, frame->data, frame->len, raw, err, errlen) != 0)
            return -1;
        in->bytes += raw->payload_len;
    }
    in->n++;
    return 0;
}

/* Grows the input's array to hold at least one more record. */
static int make_room(const engine_args *args, engine_input *in, size_t *cap)
{
    if (in->n < *cap)
        return 0;
    size_t grown = *cap ? 2 * *cap : 1024;
    int tag = strcmp(args->engine, "tag") == 0;
    void *arr = tag ? (void *)in->stories : (void *)in->raws;
    size_t size = tag ? sizeof *in->stories : sizeof *in->raws;
    char *bigger = realloc(arr, grown * size);
    if (!bigger)
        return -1;
    memset(bigger + *cap * size, 0, (grown - *cap) * size);
    if (tag)
        in->stories = (telex_story *)bigger;
    else
        in->raws = (telex_raw_story *)bigger;
    *cap = grown;
    return 0;
}

static int read_input(const telex_schemas *schemas, const engine_args *args, engine_input *in,
                      char *err, size_t errlen)
{
    telex_buf frame = {0};
    size_t cap = 0;
    int rc;

    while ((rc = telex_frame_read(stdin, &frame, err, errlen)) > 0) {
        if (make_room(args, in, &cap) != 0) {
            snprintf(err, errlen, "out of memory after %zu frames", in->n);
            rc = -1;
            break;
        }
        char reason[512];
        if (decode_one(schemas, args, &frame, in, reason, sizeof reason) != 0) {
            snprintf(err, errlen, "frame %zu on stdin: %s", in->n, reason);
            rc = -1;
            break;
        }
    }
    telex_buf_free(&frame);
    if (rc == 0 && in->n == 0) {
        snprintf(err, errlen, "no frames on stdin");
        rc = -1;
    }
    return rc < 0 ? -1 : 0;
}

static void input_free(engine_input *in)
{
    for (size_t i = 0; in->stories && i < in->n; i++)
        telex_story_clear(&in->stories[i]);
    for (size_t i = 0; in->raws && i < in->n; i++)
        telex_raw_story_clear(&in->raws[i]);
    free(in->stories);
    free(in->raws);
}

/* Runs the engine over the worker's stories, args->passes times. */
static void *run_worker(void *arg)
{
    engine_worker *w = arg;
    normalize_options options = {NORMALIZE_DEFAULT_MAX_BYTES, w->rules};
    for (long pass = 0; pass < w->args->passes && !w->failed; pass++) {
        for (size_t i = w->first; i < w->end && !w->failed; i++) {
            if (w->kb) {
                telex_enriched_story out = {0};
                w->failed =
                    tag_story(w->kb, &w->input->stories[i], &out, w->err, sizeof w->err) != 0;
                telex_enriched_story_clear(&out);
            } else {
                telex_story out = {0};
                w->failed = normalize_story(&w->input->raws[i], &options, &out, NULL, w->err,
                                            sizeof w->err) != 0;
                telex_story_clear(&out);
            }
            if (w->failed) {
                char reason[512];
                snprintf(reason, sizeof reason, "%s", w->err);
                snprintf(w->err, sizeof w->err, "story %zu: %.400s", i, reason);
            }
        }
    }
    return NULL;
}

/* Runs every worker, times them, prints the result line. */
static int run_timed(const engine_args *args, const engine_input *in, const tag_kb *kb,
                     const boilerplate_rules *rules, char *err, size_t errlen)
{
    engine_worker workers[MAX_THREADS];
    size_t share = (in->n + (size_t)args->threads - 1) / (size_t)args->threads;
    int started = 0, rc = 0;
    int64_t wall0 = bench_now_ns(), cpu0 = bench_cpu_ns();

    for (long t = 0; t < args->threads; t++) {
        engine_worker *w = &workers[t];
        *w = (engine_worker){.args = args, .input = in, .kb = kb, .rules = rules};
        w->first = (size_t)t * share < in->n ? (size_t)t * share : in->n;
        w->end = w->first + share < in->n ? w->first + share : in->n;
        if (pthread_create(&w->thread, NULL, run_worker, w) != 0) {
            snprintf(err, errlen, "cannot start thread %ld", t);
            rc = -1;
            break;
        }
        started++;
    }
    for (int t = 0; t < started; t++) {
        pthread_join(workers[t].thread, NULL);
        if (workers[t].failed && rc == 0) {
            snprintf(err, errlen, "%s", workers[t].err);
            rc = -1;
        }
    }
    if (rc != 0)
        return -1;
    double wall = (double)(bench_now_ns() - wall0) / 1e9;
    double cpu = (double)(bench_cpu_ns() - cpu0) / 1e9;
    double mb = (double)in->bytes * (double)args->passes / 1e6;
    double stories = (double)in->n * (double)args->passes;
    printf("engine=%s stories=%.0f mb=%.2f cpu_s=%.3f wall_s=%.3f threads=%ld "
           "mb_per_s_per_core=%.2f mb_per_s=%.2f stories_per_s=%.1f\n",
           args->engine, stories, mb, cpu, wall, args->threads, mb / cpu, mb / wall,
           stories / wall);
    return 0;
}

static int run(const engine_args *args, char *err, size_t errlen)
{
    telex_schemas *schemas = NULL;
    engine_input input = {0};
    tag_kb *kb = NULL;
    boilerplate_rules *rules = NULL;
    int rc = -1;

    if (telex_schemas_load(NULL, &schemas, err, errlen) != 0)
        return -1;
    if (strcmp(args->engine, "tag") == 0) {
        if (tag_kb_load(args->kb_dir ? args->kb_dir : TAG_KB_DEFAULT_DIR, &kb, err, errlen) != 0)
            goto out;
    } else if (boilerplate_load(args->rules_path ? args->rules_path : TELEX_NORMALIZE_SOURCE_RULES,
                                &rules, err, errlen) != 0)
        goto out;
    if (read_input(schemas, args, &input, err, errlen) != 0)
        goto out;
    rc = run_timed(args, &input, kb, rules, err, errlen);
out:
    input_free(&input);
    tag_kb_free(kb);
    boilerplate_free(rules);
    telex_schemas_free(schemas);
    return rc;
}

int main(int argc, char **argv)
{
    char err[1024] = "";
    engine_args args;

    if (parse_args(argc, argv, &args, err, sizeof err) != 0) {
        fprintf(stderr,
                "bench-engine: %s\n"
                "usage: bench-engine tag|normalize [--kb DIR] [--rules FILE] "
                "[--passes P] [--threads T] < FRAMES\n",
                err);
        return 2;
    }
    if (run(&args, err, sizeof err) != 0) {
        fprintf(stderr, "bench-engine: %s\n", err);
        return 1;
    }
    return 0;
}
