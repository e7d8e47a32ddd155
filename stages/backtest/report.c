/*
 * The backtest's report (see report.h): story summaries, the comparison of
 * two reports, the report.json document and its Markdown rendering.
 */
#define _GNU_SOURCE /* asprintf */
#include "report.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

static const char *const item_kinds[] = {"entities", "dates", "events"};
#define N_ITEM_KINDS (sizeof(item_kinds) / sizeof(item_kinds[0]))

static const char *string_or(const json_t *object, const char *field, const char *fallback)
{
    const char *s = json_string_value(json_object_get(object, field));
    return s ? s : fallback;
}

const char *report_story_key(const json_t *story)
{
    const char *file = json_string_value(json_object_get(story, "source_file"));
    if (file && *file) {
        const char *slash = strrchr(file, '/');
        return slash ? slash + 1 : file;
    }
    return string_or(story, "id", "");
}

static int compare_stories(const void *a, const void *b)
{
    const json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
    int keys = strcmp(report_story_key(x), report_story_key(y));
    return keys ? keys : strcmp(string_or(x, "id", ""), string_or(y, "id", ""));
}

void report_sort_stories(json_t *stories)
{
    size_t n = json_array_size(stories);
    if (n < 2)
        return;
    json_t **items = malloc(n * sizeof(*items));
    if (!items)
        return;
    for (size_t i = 0; i < n; i++)
        items[i] = json_incref(json_array_get(stories, i));
    qsort(items, n, sizeof(*items), compare_stories);
    json_array_clear(stories);
    for (size_t i = 0; i < n; i++)
        json_array_append_new(stories, items[i]);
    free(items);
}

/* ---- Summaries ------------------------------------------------------------------------------ */

static int compare_strings(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* A new array of keys, sorted. */
static json_t *sorted_strings(json_t *keys)
{
    size_t n = json_array_size(keys);
    const char **v = malloc((n ? n : 1) * sizeof(*v));
    json_t *out = json_array();
    if (!v || !out) {
        free(v);
        json_decref(out);
        return NULL;
    }
    for (size_t i = 0; i < n; i++)
        v[i] = json_string_value(json_array_get(keys, i));
    qsort(v, n, sizeof(*v), compare_strings);
    for (size_t i = 0; i < n; i++)
        json_array_append_new(out, json_string(v[i]));
    free(v);
    return out;
}

static char *entity_key(const json_t *entity)
{
    const char *id = json_string_value(json_object_get(entity, "id"));
    char *key = NULL;
    if (id)
        return strdup(id);
    if (asprintf(&key, "%s:%s", string_or(entity, "type", "?"), string_or(entity, "name", "?")) < 0)
        return NULL;
    return key;
}

static char *date_key(const json_t *date)
{
    char *key = NULL;
    if (asprintf(&key, "%s = %s", string_or(date, "text", ""), string_or(date, "value", "?")) < 0)
        return NULL;
    return key;
}

/* The participants, sorted, joined with '+'. */
static char *participants_text(const json_t *event)
{
    json_t *names = json_array();
    const json_t *participants = json_object_get(event, "participants");
    size_t i;
    const json_t *p;
    json_array_foreach(participants, i, p) if (json_is_string(p))
        json_array_append(names, (json_t *)p);
    json_t *sorted = sorted_strings(names);
    json_decref(names);
    char *text = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&text, &len);
    if (sorted && mem) {
        json_array_foreach(sorted, i, p) fprintf(mem, "%s%s", i ? "+" : "", json_string_value(p));
    }
    if (mem)
        fclose(mem);
    json_decref(sorted);
    if (!sorted || !mem) {
        free(text);
        return NULL;
    }
    return text;
}

static char *event_key(const json_t *event)
{
    char *participants = participants_text(event);
    char *key = NULL;
    if (!participants)
        return NULL;
    if (asprintf(&key, "%s %s %s @ %s (%s)", string_or(event, "type", "?"),
                 string_or(event, "start", "?"), participants, string_or(event, "location", "-"),
                 string_or(event, "status", "?")) < 0)
        key = NULL;
    free(participants);
    return key;
}

/* The sorted keys of story[field], made by make_key. */
static json_t *item_keys(const json_t *story, const char *field, char *(*make_key)(const json_t *),
                         char *err, size_t errlen)
{
    const json_t *items = json_object_get(story, field);
    if (items && !json_is_array(items)) {
        snprintf(err, errlen, "story \"%s\": %s is not an array", report_story_key(story), field);
        return NULL;
    }
    json_t *keys = json_array();
    size_t i;
    const json_t *item;
    json_array_foreach(items, i, item)
    {
        char *key = json_is_object(item) ? make_key(item) : NULL;
        if (!key) {
            snprintf(err, errlen, "story \"%s\": %s[%zu] is not an object", report_story_key(story),
                     field, i);
            json_decref(keys);
            return NULL;
        }
        json_array_append_new(keys, json_string(key));
        free(key);
    }
    json_t *sorted = sorted_strings(keys);
    json_decref(keys);
    if (!sorted)
        snprintf(err, errlen, "out of memory");
    return sorted;
}

json_t *report_story_summary(const json_t *story, char *err, size_t errlen)
{
    char *(*makers[N_ITEM_KINDS])(const json_t *) = {entity_key, date_key, event_key};
    json_t *summary = json_pack("{s:s}", "id", string_or(story, "id", ""));
    if (!summary) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    for (size_t k = 0; k < N_ITEM_KINDS; k++) {
        json_t *keys = item_keys(story, item_kinds[k], makers[k], err, errlen);
        if (!keys) {
            json_decref(summary);
            return NULL;
        }
        json_object_set_new(summary, item_kinds[k], keys);
    }
    return summary;
}

/* ---- Comparing two reports ------------------------------------------------------------------ */

/* Multiset difference of two sorted key arrays: what only new has (gained), only old (lost). */
static void diff_sorted(const json_t *old_keys, const json_t *new_keys, json_t *gained,
                        json_t *lost)
{
    size_t i = 0, j = 0, n_old = json_array_size(old_keys), n_new = json_array_size(new_keys);
    while (i < n_old || j < n_new) {
        json_t *o = json_array_get(old_keys, i), *n = json_array_get(new_keys, j);
        int c = !o ? 1 : !n ? -1 : strcmp(json_string_value(o), json_string_value(n));
        if (c == 0) {
            i++;
            j++;
        } else if (c < 0) {
            json_array_append(lost, o);
            i++;
        } else {
            json_array_append(gained, n);
            j++;
        }
    }
}

/* The keys of both objects, sorted, each once. */
static json_t *union_of_keys(const json_t *a, const json_t *b)
{
    json_t *names = json_array();
    const char *name;
    json_t *v;
    json_object_foreach((json_t *)a, name, v) json_array_append_new(names, json_string(name));
    json_object_foreach((json_t *)b, name, v) if (!json_object_get(a, name))
        json_array_append_new(names, json_string(name));
    json_t *sorted = sorted_strings(names);
    json_decref(names);
    return sorted;
}

json_t *report_compare(const json_t *old_stories, const json_t *new_stories)
{
    json_t *names = union_of_keys(old_stories, new_stories);
    json_t *stories = json_object(), *totals = json_object();
    json_int_t unchanged = 0;
    for (size_t k = 0; k < N_ITEM_KINDS; k++)
        json_object_set_new(
            totals, item_kinds[k],
            json_pack("{s:I, s:I}", "gained", (json_int_t)0, "lost", (json_int_t)0));
    size_t i;
    json_t *name;
    json_array_foreach(names, i, name)
    {
        const char *key = json_string_value(name);
        const json_t *old_story = json_object_get(old_stories, key);
        const json_t *new_story = json_object_get(new_stories, key);
        json_t *change = json_pack("{s:s}", "status",
                                   !old_story   ? "new"
                                   : !new_story ? "gone"
                                                : "changed");
        int changed = !old_story || !new_story;
        for (size_t k = 0; k < N_ITEM_KINDS; k++) {
            json_t *gained = json_array(), *lost = json_array();
            diff_sorted(json_object_get(old_story, item_kinds[k]),
                        json_object_get(new_story, item_kinds[k]), gained, lost);
            json_t *total = json_object_get(totals, item_kinds[k]);
            json_int_t g = (json_int_t)json_array_size(gained),
                       l = (json_int_t)json_array_size(lost);
            json_object_set_new(
                total, "gained",
                json_integer(json_integer_value(json_object_get(total, "gained")) + g));
            json_object_set_new(
                total, "lost",
                json_integer(json_integer_value(json_object_get(total, "lost")) + l));
            changed |= g || l;
            json_object_set_new(change, item_kinds[k],
                                json_pack("{s:I, s:I, s:o, s:o}", "gained_count", g, "lost_count",
                                          l, "gained", gained, "lost", lost));
        }
        if (changed)
            json_object_set_new(stories, key, change);
        else {
            json_decref(change);
            unchanged++;
        }
    }
    json_decref(names);
    return json_pack("{s:o, s:I, s:o}", "totals", totals, "unchanged_stories", unchanged, "stories",
                     stories);
}

/* ---- The report document -------------------------------------------------------------------- */

static json_t *counts_json(const score_counts *c)
{
    return json_pack("{s:I, s:I, s:I}", "tp", (json_int_t)c->tp, "fp", (json_int_t)c->fp, "fn",
                     (json_int_t)c->fn);
}

static json_t *score_counts_json(const score_totals *t)
{
    return json_pack("{s:o, s:o, s:o, s:o, s:o}", "entities", counts_json(&t->entities), "mentions",
                     counts_json(&t->mentions), "dates", counts_json(&t->dates), "events_relaxed",
                     counts_json(&t->events_relaxed), "events_strict",
                     counts_json(&t->events_strict));
}

/* The "stories" object: story key -> summary. A repeated key gets " #2", " #3" ... */
static json_t *story_summaries(const json_t *stories, char *err, size_t errlen)
{
    json_t *by_key = json_object();
    size_t i;
    const json_t *story;
    json_array_foreach(stories, i, story)
    {
        json_t *summary = report_story_summary(story, err, errlen);
        if (!summary) {
            json_decref(by_key);
            return NULL;
        }
        char key[1024];
        snprintf(key, sizeof(key), "%s", report_story_key(story));
        for (int n = 2; json_object_get(by_key, key); n++)
            snprintf(key, sizeof(key), "%s #%d", report_story_key(story), n);
        json_object_set_new(by_key, key, summary);
    }
    return by_key;
}

json_t *report_build(const report_inputs *in, char *err, size_t errlen)
{
    json_t *summaries = story_summaries(in->stories, err, errlen);
    if (!summaries)
        return NULL;
    json_t *report = json_pack(
        "{s:I, s:I, s:I}", "records_replayed", (json_int_t)in->records_replayed, "enriched_stories",
        (json_int_t)json_array_size(in->stories), "dead_letters", (json_int_t)in->dead_letters);
    if (in->totals) {
        json_object_set_new(report, "scores", score_totals_to_json(in->totals));
        json_object_set_new(report, "counts", score_counts_json(in->totals));
        json_object_set(report, "misses", (json_t *)in->misses);
    }
    if (in->old_report)
        json_object_set_new(report, "compare",
                            report_compare(json_object_get(in->old_report, "stories"), summaries));
    json_object_set_new(report, "stories", summaries);
    return report;
}

int report_check(const json_t *report, char *err, size_t errlen)
{
    const json_t *stories = json_object_get(report, "stories");
    if (!json_is_object(stories)) {
        snprintf(err, errlen, "not a telex-backtest report: no \"stories\" object");
        return -1;
    }
    const char *name;
    json_t *story;
    json_object_foreach((json_t *)stories, name, story) for (size_t k = 0; k < N_ITEM_KINDS; k++)
    {
        json_t *keys = json_object_get(story, item_kinds[k]);
        size_t i;
        json_t *key;
        int ok = json_is_array(keys);
        json_array_foreach(keys, i, key) ok &= json_is_string(key);
        if (!ok) {
            snprintf(err, errlen,
                     "not a telex-backtest report: stories.\"%s\".%s is not a list of strings",
                     name, item_kinds[k]);
            return -1;
        }
    }
    return 0;
}

/* ---- Markdown ------------------------------------------------------------------------------- */

static json_int_t int_at(const json_t *object, const char *a, const char *b)
{
    const json_t *v = json_object_get(object, a);
    return json_integer_value(b ? json_object_get(v, b) : v);
}

static double real_at(const json_t *array, size_t i)
{
    return json_number_value(json_array_get(array, i));
}

static void write_scores(const json_t *report, FILE *out)
{
    static const char *const metrics[] = {"entities", "mentions", "dates", "events_relaxed",
                                          "events_strict"};
    const json_t *scores = json_object_get(report, "scores");
    const json_t *counts = json_object_get(report, "counts");
    fprintf(out, "## Scores against the gold annotations\n\n");
    fprintf(out, "%" JSON_INTEGER_FORMAT " gold stories, %" JSON_INTEGER_FORMAT " paired.\n\n",
            int_at(scores, "stories", NULL), int_at(scores, "paired", NULL));
    fprintf(out, "| metric | tp | fp | fn | precision | recall | F1 |\n");
    fprintf(out, "| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    for (size_t i = 0; i < sizeof(metrics) / sizeof(metrics[0]); i++) {
        const json_t *prf = json_object_get(scores, metrics[i]);
        fprintf(out,
                "| %s | %" JSON_INTEGER_FORMAT " | %" JSON_INTEGER_FORMAT " | %" JSON_INTEGER_FORMAT
                " | %.4f | %.4f | %.4f |\n",
                metrics[i], int_at(counts, metrics[i], "tp"), int_at(counts, metrics[i], "fp"),
                int_at(counts, metrics[i], "fn"), real_at(prf, 0), real_at(prf, 1),
                real_at(prf, 2));
    }
    fprintf(out,
            "\nDate value accuracy %.4f (value F1 %.4f); %" JSON_INTEGER_FORMAT
            " mention offset errors; %" JSON_INTEGER_FORMAT " boilerplate leaks.\n\n",
            json_number_value(json_object_get(scores, "date_value_accuracy")),
            json_number_value(json_object_get(scores, "date_value_f1")),
            int_at(scores, "offset_errors", NULL), int_at(scores, "boilerplate_leaks", NULL));
    const char *name;
    json_t *misses;
    json_object_foreach(json_object_get(report, "misses"), name, misses)
    {
        if (json_array_size(misses) == 0)
            continue;
        fprintf(out, "### Misses in %s\n\n", name);
        size_t i;
        json_t *line;
        json_array_foreach(misses, i, line) fprintf(out, "- %s\n", json_string_value(line));
        fputc('\n', out);
    }
}

static void write_key_list(FILE *out, const char *label, const json_t *keys)
{
    size_t i;
    json_t *key;
    json_array_foreach(keys, i, key) fprintf(out, "  - %s `%s`\n", label, json_string_value(key));
}

static void write_compare(const json_t *compare, FILE *out)
{
    const json_t *totals = json_object_get(compare, "totals");
    fprintf(out, "## Changes since the earlier report\n\n");
    fprintf(out, "| | gained | lost |\n| --- | ---: | ---: |\n");
    for (size_t k = 0; k < N_ITEM_KINDS; k++)
        fprintf(out, "| %s | %" JSON_INTEGER_FORMAT " | %" JSON_INTEGER_FORMAT " |\n",
                item_kinds[k], int_at(totals, item_kinds[k], "gained"),
                int_at(totals, item_kinds[k], "lost"));
    fprintf(out, "\n%" JSON_INTEGER_FORMAT " stories unchanged.\n\n",
            int_at(compare, "unchanged_stories", NULL));
    const char *name;
    json_t *change;
    json_object_foreach(json_object_get(compare, "stories"), name, change)
    {
        fprintf(out, "- **%s** (%s):", name, string_or(change, "status", "?"));
        for (size_t k = 0; k < N_ITEM_KINDS; k++)
            fprintf(out, " %s +%" JSON_INTEGER_FORMAT "/-%" JSON_INTEGER_FORMAT "%s", item_kinds[k],
                    int_at(change, item_kinds[k], "gained_count"),
                    int_at(change, item_kinds[k], "lost_count"), k + 1 < N_ITEM_KINDS ? "," : "");
        fputc('\n', out);
        for (size_t k = 0; k < N_ITEM_KINDS; k++) {
            const json_t *kind = json_object_get(change, item_kinds[k]);
            write_key_list(out, "gained", json_object_get(kind, "gained"));
            write_key_list(out, "lost", json_object_get(kind, "lost"));
        }
    }
    fputc('\n', out);
}

int report_write_markdown(const json_t *report, FILE *out)
{
    fprintf(out, "# Backtest report\n\n");
    fprintf(out,
            "%" JSON_INTEGER_FORMAT " records replayed, %" JSON_INTEGER_FORMAT
            " enriched stories, %" JSON_INTEGER_FORMAT " dead letters.\n\n",
            int_at(report, "records_replayed", NULL), int_at(report, "enriched_stories", NULL),
            int_at(report, "dead_letters", NULL));
    if (json_object_get(report, "scores"))
        write_scores(report, out);
    if (json_object_get(report, "compare"))
        write_compare(json_object_get(report, "compare"), out);
    fprintf(out, "## Stories\n\n| story | entities | dates | events |\n");
    fprintf(out, "| --- | ---: | ---: | ---: |\n");
    const char *name;
    json_t *story;
    json_object_foreach(json_object_get(report, "stories"), name, story)
        fprintf(out, "| %s | %zu | %zu | %zu |\n", name,
                json_array_size(json_object_get(story, "entities")),
                json_array_size(json_object_get(story, "dates")),
                json_array_size(json_object_get(story, "events")));
    return ferror(out) ? -1 : 0;
}
