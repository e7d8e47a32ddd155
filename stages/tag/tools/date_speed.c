/*
 * date-speed: how fast the date and event taggers and the whole tag_story()
 * run, in MB of story text per second of CPU time on one core.
 *
 * Reads stories as JSON lines on stdin ("text", "published" and optionally
 * "utc_offset_minutes": the tag-json input, or the output of telex-tag --json),
 * tags each once to have its entities and dates at hand, then cycles through
 * them until --mb megabytes of text have gone through the part timed:
 *
 *   tokens   date_tokenize(), the date scanner's tokenizer and sentence marks
 *   dates    tag_dates_find()
 *   events   tag_events_find() on the entities and dates found beforehand
 *   both     tag_dates_events_find(): dates and events over one scan of the text
 *   entities tag_entities_find()
 *   story    tag_story(): copy, entities, dates and events
 *   all      each of the above in turn (default)
 *
 *   date-speed [--kb DIR] [--mb N] [--what PART] < stories.jsonl
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "date_tokens.h"
#include "dates.h"
#include "events.h"
#include "tag.h"

typedef struct corpus {
    telex_enriched_story *stories; /* each story with what tag_story() found in it */
    size_t n;
    size_t cap;
    size_t bytes; /* text bytes of one pass over the stories */
} corpus;

typedef struct options {
    const char *kb_dir;
    double mb;
    const char *what;
} options;

/* CPU time of this thread, so a busy machine does not skew MB/s per core. */
static double cpu_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Tags one story and keeps the result in c. Returns 0, or -1 with a message printed. */
static int corpus_push(corpus *c, const tag_kb *kb, const char *text, const char *published,
                       int32_t utc_offset_minutes)
{
    char err[256];
    if (c->n == c->cap) {
        size_t next = c->cap ? c->cap * 2 : 64;
        telex_enriched_story *grown = realloc(c->stories, next * sizeof *grown);
        if (!grown) {
            fprintf(stderr, "date-speed: out of memory\n");
            return -1;
        }
        c->stories = grown;
        c->cap = next;
    }
    telex_story in = {.text = (char *)text,
                      .published = (char *)published,
                      .utc_offset_minutes = utc_offset_minutes};
    telex_enriched_story *out = &c->stories[c->n];
    memset(out, 0, sizeof *out);
    if (tag_story(kb, &in, out, err, sizeof err) != 0) {
        fprintf(stderr, "date-speed: story %zu: %s\n", c->n + 1, err);
        return -1;
    }
    c->n++;
    c->bytes += strlen(text);
    return 0;
}

/* Reads and tags the stories of stdin. Returns 0, or -1 with a message printed. */
static int corpus_read(corpus *c, const tag_kb *kb)
{
    char *line = NULL;
    size_t cap = 0, line_no = 0;
    ssize_t len;
    int rc = 0;
    while (rc == 0 && (len = getline(&line, &cap, stdin)) >= 0) {
        json_error_t jerr;
        json_t *obj = json_loadb(line, (size_t)len, 0, &jerr);
        const char *text = json_string_value(json_object_get(obj, "text"));
        const char *published = json_string_value(json_object_get(obj, "published"));
        json_int_t offset = json_integer_value(json_object_get(obj, "utc_offset_minutes"));
        line_no++;
        if (!text || !published) {
            fprintf(stderr, "date-speed: line %zu: no \"text\" and \"published\" strings\n",
                    line_no);
            rc = -1;
        } else {
            rc = corpus_push(c, kb, text, published, (int32_t)offset);
        }
        json_decref(obj);
    }
    free(line);
    return rc;
}

static void corpus_free(corpus *c)
{
    for (size_t i = 0; i < c->n; i++)
        telex_enriched_story_clear(&c->stories[i]);
    free(c->stories);
}

/* ---- the parts timed: each runs on one story and returns a count, or -1 ---- */

static long run_tokens(const telex_story *s, char *err, size_t errlen)
{
    date_tokens tokens;
    if (date_tokenize(s->text, strlen(s->text), &tokens, err, errlen) != 0)
        return -1;
    long n = (long)tokens.n;
    date_tokens_free(&tokens);
    return n;
}

static long run_dates(const telex_story *s, char *err, size_t errlen)
{
    telex_date *dates;
    size_t n;
    if (tag_dates_find(s, &dates, &n, err, errlen) != 0)
        return -1;
    for (size_t i = 0; i < n; i++)
        telex_date_clear(&dates[i]);
    free(dates);
    return (long)n;
}

static long run_events(const telex_enriched_story *e, char *err, size_t errlen)
{
    telex_event *events;
    size_t n;
    if (tag_events_find(&e->story, e->entities, e->n_entities, e->dates, e->n_dates, &events, &n,
                        err, errlen) != 0)
        return -1;
    for (size_t i = 0; i < n; i++)
        telex_event_clear(&events[i]);
    free(events);
    return (long)n;
}

static long run_both(const telex_enriched_story *e, char *err, size_t errlen)
{
    telex_date *dates;
    telex_event *events;
    size_t n_dates, n_events;
    if (tag_dates_events_find(&e->story, e->entities, e->n_entities, &dates, &n_dates, &events,
                              &n_events, err, errlen) != 0)
        return -1;
    for (size_t i = 0; i < n_dates; i++)
        telex_date_clear(&dates[i]);
    for (size_t i = 0; i < n_events; i++)
        telex_event_clear(&events[i]);
    free(dates);
    free(events);
    return (long)(n_dates + n_events);
}

static long run_entities(const tag_kb *kb, const telex_story *s, char *err, size_t errlen)
{
    telex_entity *entities;
    size_t n;
    if (tag_entities_find(kb, s, &entities, &n, err, errlen) != 0)
        return -1;
    for (size_t i = 0; i < n; i++)
        telex_entity_clear(&entities[i]);
    free(entities);
    return (long)n;
}

static long run_story(const tag_kb *kb, const telex_story *s, char *err, size_t errlen)
{
    telex_enriched_story out = {0};
    if (tag_story(kb, s, &out, err, errlen) != 0)
        return -1;
    long n = (long)(out.n_entities + out.n_dates + out.n_events);
    telex_enriched_story_clear(&out);
    return n;
}

static long run_one(const char *what, const tag_kb *kb, const telex_enriched_story *e, char *err,
                    size_t errlen)
{
    if (strcmp(what, "tokens") == 0)
        return run_tokens(&e->story, err, errlen);
    if (strcmp(what, "dates") == 0)
        return run_dates(&e->story, err, errlen);
    if (strcmp(what, "events") == 0)
        return run_events(e, err, errlen);
    if (strcmp(what, "both") == 0)
        return run_both(e, err, errlen);
    if (strcmp(what, "entities") == 0)
        return run_entities(kb, &e->story, err, errlen);
    return run_story(kb, &e->story, err, errlen);
}

/* Times one part over want bytes of text and prints its speed. Returns 0 or -1. */
static int time_part(const char *what, const tag_kb *kb, const corpus *c, size_t want)
{
    char err[256];
    size_t bytes = 0, stories = 0;
    long found = 0;
    double start = cpu_seconds();
    for (size_t i = 0; bytes < want; i = (i + 1) % c->n, stories++) {
        long n = run_one(what, kb, &c->stories[i], err, sizeof err);
        if (n < 0) {
            fprintf(stderr, "date-speed: %s: %s\n", what, err);
            return -1;
        }
        found += n;
        bytes += strlen(c->stories[i].story.text);
    }
    double seconds = cpu_seconds() - start;
    double mb = (double)bytes / 1e6;
    printf("%-8s %.1f MB (%zu stories) in %.2f CPU s: %7.1f MB/s, %ld found\n", what, mb, stories,
           seconds, mb / seconds, found);
    return 0;
}

static int parse_options(int argc, char **argv, options *o)
{
    static const char *const parts[] = {"tokens",   "dates", "events", "both",
                                        "entities", "story", "all"};
    *o = (options){.kb_dir = TAG_KB_DEFAULT_DIR, .mb = 20, .what = "all"};
    for (int i = 1; i < argc; i += 2) {
        const char *value = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(argv[i], "--kb") == 0 && value)
            o->kb_dir = value;
        else if (strcmp(argv[i], "--mb") == 0 && value && atof(value) > 0)
            o->mb = atof(value);
        else if (strcmp(argv[i], "--what") == 0 && value)
            o->what = value;
        else
            goto err_usage;
    }
    for (size_t k = 0; k < sizeof parts / sizeof parts[0]; k++)
        if (strcmp(o->what, parts[k]) == 0)
            return 0;
err_usage:
    fprintf(stderr, "usage: date-speed [--kb DIR] [--mb N] "
                    "[--what tokens|dates|events|both|entities|story|all] < stories.jsonl\n");
    return -1;
}

int main(int argc, char **argv)
{
    static const char *const all[] = {"tokens", "dates", "events", "both", "entities", "story"};
    options o;
    corpus c = {0};
    tag_kb *kb = NULL;
    char err[512];
    int rc = 1;
    if (parse_options(argc, argv, &o) != 0)
        return 2;
    if (tag_kb_load(o.kb_dir, &kb, err, sizeof err) != 0) {
        fprintf(stderr, "date-speed: %s\n", err);
        return 1;
    }
    if (corpus_read(&c, kb) != 0)
        goto out_free;
    if (c.bytes == 0) {
        fprintf(stderr, "date-speed: no stories with text on stdin\n");
        goto out_free;
    }
    size_t want = (size_t)(o.mb * 1e6);
    rc = 0;
    for (size_t k = 0; k < sizeof all / sizeof all[0] && rc == 0; k++)
        if (strcmp(o.what, "all") == 0 || strcmp(o.what, all[k]) == 0)
            rc = time_part(all[k], kb, &c, want) == 0 ? 0 : 1;

out_free:
    corpus_free(&c);
    tag_kb_free(kb);
    return rc;
}
