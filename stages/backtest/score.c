/*
 * The backtest scorer, a line-by-line port of /work/shared/eval/score.py
 * (see score.h). Python's values map to jansson's: None is a missing key or a
 * JSON null, and the shape checks guarantee that every field read as a string
 * here is a string or null.
 */
#include "score.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pynorm.h"

#define OUT_OF_MEMORY "out of memory"

/* ---- Reading checked JSON --------------------------------------------------------------- */

/* obj[key] when it is a string; NULL for missing, null (or anything else). */
static const char *field_str(const json_t *obj, const char *key)
{
    return json_string_value(json_object_get(obj, key));
}

/* Python's bool(obj.get(key)). */
static int field_true(const json_t *obj, const char *key)
{
    json_t *v = json_object_get(obj, key);
    if (!v)
        return 0;
    switch (json_typeof(v)) {
    case JSON_TRUE:
        return 1;
    case JSON_INTEGER:
    case JSON_REAL:
        return json_number_value(v) != 0.0;
    case JSON_STRING:
        return json_string_length(v) > 0;
    case JSON_ARRAY:
        return json_array_size(v) > 0;
    case JSON_OBJECT:
        return json_object_size(v) > 0;
    default:
        return 0;
    }
}

/* Python's a == b for two values that are each a string or None. */
static int same_str(const char *a, const char *b)
{
    if (!a || !b)
        return a == b;
    return strcmp(a, b) == 0;
}

/* Python's bool(x) for x a string or None. */
static int truthy(const char *s)
{
    return s && *s;
}

/* ---- Shape checks ------------------------------------------------------------------------- */

static int is_str_or_null(const json_t *obj, const char *key)
{
    json_t *v = json_object_get(obj, key);
    return !v || json_is_null(v) || json_is_string(v);
}

static int is_array_or_null(const json_t *obj, const char *key)
{
    json_t *v = json_object_get(obj, key);
    return !v || json_is_null(v) || json_is_array(v);
}

/* Every element of obj[key] (an array, or absent) is an object with string-or-null keys. */
static int check_objects(const json_t *obj, const char *key, const char *const *str_keys,
                         const char *where, char *err, size_t errlen)
{
    if (!is_array_or_null(obj, key)) {
        snprintf(err, errlen, "%s: \"%s\" is not an array", where, key);
        return -1;
    }
    json_t *array = json_object_get(obj, key);
    size_t i;
    json_t *item;
    json_array_foreach(array, i, item)
    {
        if (!json_is_object(item)) {
            snprintf(err, errlen, "%s: %s[%zu] is not an object", where, key, i);
            return -1;
        }
        for (const char *const *k = str_keys; *k; k++) {
            if (!is_str_or_null(item, *k)) {
                snprintf(err, errlen, "%s: %s[%zu].%s is not a string", where, key, i, *k);
                return -1;
            }
        }
    }
    return 0;
}

static int check_pred_entities(const json_t *pred, const char *where, char *err, size_t errlen)
{
    static const char *const entity_keys[] = {"id", "type", "name", "code", NULL};
    static const char *const mention_keys[] = {"text", NULL};
    if (check_objects(pred, "entities", entity_keys, where, err, errlen) < 0)
        return -1;
    size_t i;
    json_t *entity;
    json_array_foreach(json_object_get(pred, "entities"), i, entity)
    {
        if (check_objects(entity, "mentions", mention_keys, where, err, errlen) < 0)
            return -1;
    }
    return 0;
}

static int check_pred_dates(const json_t *pred, const char *where, char *err, size_t errlen)
{
    static const char *const date_keys[] = {"text", "value", NULL};
    if (check_objects(pred, "dates", date_keys, where, err, errlen) < 0)
        return -1;
    size_t i;
    json_t *date;
    json_array_foreach(json_object_get(pred, "dates"), i, date)
    {
        json_t *start = json_object_get(date, "start");
        if (start && !json_is_number(start)) {
            snprintf(err, errlen, "%s: dates[%zu].start is not a number", where, i);
            return -1;
        }
    }
    return 0;
}

static int check_pred_events(const json_t *pred, const char *where, char *err, size_t errlen)
{
    static const char *const event_keys[] = {"type", "location", "start", "end", "status", NULL};
    if (check_objects(pred, "events", event_keys, where, err, errlen) < 0)
        return -1;
    size_t i, k;
    json_t *event, *participant;
    json_array_foreach(json_object_get(pred, "events"), i, event)
    {
        if (!is_array_or_null(event, "participants")) {
            snprintf(err, errlen, "%s: events[%zu].participants is not an array", where, i);
            return -1;
        }
        json_array_foreach(json_object_get(event, "participants"), k, participant)
        {
            if (!json_is_string(participant)) {
                snprintf(err, errlen, "%s: events[%zu].participants[%zu] is not a string", where, i,
                         k);
                return -1;
            }
        }
    }
    return 0;
}

int score_check_pred(const json_t *pred, char *err, size_t errlen)
{
    if (!json_is_object(pred)) {
        snprintf(err, errlen, "enriched story is not a JSON object");
        return -1;
    }
    const char *where = field_str(pred, "source_file");
    where = where ? where : "enriched story";
    if (!is_str_or_null(pred, "source_file") || !is_str_or_null(pred, "text")) {
        snprintf(err, errlen, "%s: \"source_file\" or \"text\" is not a string", where);
        return -1;
    }
    if (check_pred_entities(pred, where, err, errlen) < 0 ||
        check_pred_dates(pred, where, err, errlen) < 0 ||
        check_pred_events(pred, where, err, errlen) < 0)
        return -1;
    return 0;
}

/* obj[key] is absent or an array of strings. */
static int is_string_array(const json_t *obj, const char *key, int required)
{
    json_t *array = json_object_get(obj, key);
    if (!array)
        return !required;
    if (!json_is_array(array) || (required && json_array_size(array) == 0))
        return 0;
    size_t i;
    json_t *item;
    json_array_foreach(array, i, item)
    {
        if (!json_is_string(item))
            return 0;
    }
    return 1;
}

static int check_gold_entity(const json_t *entity, const char *where, size_t i, char *err,
                             size_t errlen)
{
    if (!json_is_string(json_object_get(entity, "type")) || !is_string_array(entity, "names", 1)) {
        snprintf(err, errlen, "%s: entities[%zu] needs a \"type\" and a list of \"names\"", where,
                 i);
        return -1;
    }
    json_t *mentions = json_object_get(entity, "mentions");
    if (mentions && !json_is_object(mentions)) {
        snprintf(err, errlen, "%s: entities[%zu].mentions is not an object", where, i);
        return -1;
    }
    const char *key;
    json_t *count;
    json_object_foreach(mentions, key, count)
    {
        if (!json_is_integer(count)) {
            snprintf(err, errlen, "%s: entities[%zu].mentions[\"%s\"] is not a count", where, i,
                     key);
            return -1;
        }
    }
    return 0;
}

static int check_gold_date(const json_t *date, const char *where, size_t i, char *err,
                           size_t errlen)
{
    if (!json_is_string(json_object_get(date, "text")) || !is_string_array(date, "value", 1)) {
        snprintf(err, errlen, "%s: dates[%zu] needs a \"text\" and a list of \"value\"", where, i);
        return -1;
    }
    json_t *split = json_object_get(date, "split");
    if (split && !json_is_null(split) && !json_is_array(split))
        goto err_split;
    size_t k;
    json_t *part;
    json_array_foreach(split, k, part)
    {
        if (json_array_size(part) != 2 || !json_is_string(json_array_get(part, 1)))
            goto err_split;
    }
    return 0;
err_split:
    snprintf(err, errlen, "%s: dates[%zu].split is not a list of [text, value] pairs", where, i);
    return -1;
}

static int check_gold_event(const json_t *event, const char *where, size_t i, char *err,
                            size_t errlen)
{
    json_t *location = json_object_get(event, "location");
    int location_ok = !location || json_is_null(location) || json_is_string(location) ||
                      is_string_array(event, "location", 0);
    if (!json_is_string(json_object_get(event, "type")) ||
        !is_string_array(event, "participants", 0) || !location_ok ||
        !is_str_or_null(event, "start") || !is_str_or_null(event, "end") ||
        !is_str_or_null(event, "status")) {
        snprintf(err, errlen,
                 "%s: events[%zu] needs a \"type\", \"participants\" (names), a \"location\" "
                 "and \"start\", \"end\", \"status\" strings",
                 where, i);
        return -1;
    }
    return 0;
}

int score_check_gold(const json_t *gold, char *err, size_t errlen)
{
    if (!json_is_object(gold) || !json_is_string(json_object_get(gold, "file"))) {
        snprintf(err, errlen, "gold annotation is not an object with a \"file\"");
        return -1;
    }
    const char *where = field_str(gold, "file");
    if (!is_string_array(gold, "must_strip", 0)) {
        snprintf(err, errlen, "%s: must_strip is not a list of strings", where);
        return -1;
    }
    static const char *const sections[] = {"entities", "dates", "events"};
    static int (*const checks[])(const json_t *, const char *, size_t, char *,
                                 size_t) = {check_gold_entity, check_gold_date, check_gold_event};
    for (size_t s = 0; s < 3; s++) {
        json_t *array = json_object_get(gold, sections[s]);
        if (array && !json_is_array(array)) {
            snprintf(err, errlen, "%s: \"%s\" is not an array", where, sections[s]);
            return -1;
        }
        size_t i;
        json_t *item;
        json_array_foreach(array, i, item)
        {
            if (!json_is_object(item) || checks[s](item, where, i, err, errlen) < 0) {
                if (!json_is_object(item))
                    snprintf(err, errlen, "%s: %s[%zu] is not an object", where, sections[s], i);
                return -1;
            }
        }
    }
    return 0;
}

/* ---- Small helpers ------------------------------------------------------------------------ */

static void counts_add(score_counts *c, int64_t tp, int64_t fp, int64_t fn)
{
    c->tp += tp;
    c->fp += fp;
    c->fn += fn;
}

void score_prf(const score_counts *c, double *precision, double *recall, double *f1)
{
    double p = c->tp + c->fp ? (double)c->tp / (double)(c->tp + c->fp) : 0.0;
    double r = c->tp + c->fn ? (double)c->tp / (double)(c->tp + c->fn) : 0.0;
    *precision = p;
    *recall = r;
    *f1 = p + r != 0.0 ? 2 * p * r / (p + r) : 0.0;
}

/* Appends one formatted line to log (a JSON array) when log is not NULL. */
__attribute__((format(printf, 2, 3))) static void log_line(json_t *log, const char *fmt, ...)
{
    if (!log)
        return;
    char line[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof(line), fmt, ap);
    va_end(ap);
    json_array_append_new(log, json_string(line));
}

static const char *or_none(const char *s)
{
    return s ? s : "None";
}

/* norm(a) is one of norm(names[i]): names a JSON array of strings. */
static int key_in_names(const char *key, const json_t *names, int *found)
{
    *found = 0;
    size_t i;
    json_t *name;
    json_array_foreach(names, i, name)
    {
        char *name_key = pynorm_key(json_string_value(name));
        if (!name_key)
            return -1;
        *found = strcmp(key, name_key) == 0;
        free(name_key);
        if (*found)
            return 0;
    }
    return 0;
}

/* counts[key] += n in a JSON object of integers. */
static int count_add(json_t *counts, const char *key, json_int_t n)
{
    json_int_t now = json_integer_value(json_object_get(counts, key));
    return json_object_set_new(counts, key, json_integer(now + n));
}

static json_int_t count_of(const json_t *counts, const char *key)
{
    return json_integer_value(json_object_get(counts, key));
}

static json_int_t min_count(json_int_t a, json_int_t b)
{
    return a < b ? a : b;
}

/* ---- Entities: score_entities() ------------------------------------------------------------ */

/* The predicted entity ids matched to gold entities ("match" in score.py). */
typedef struct entity_match {
    const char *pred_id;
    const json_t *gold;
} entity_match;

typedef struct entity_matches {
    entity_match *v;
    size_t n;
} entity_matches;

static int matches_set(entity_matches *m, const char *pred_id, const json_t *gold)
{
    for (size_t i = 0; i < m->n; i++) {
        if (same_str(m->v[i].pred_id, pred_id)) {
            m->v[i].gold = gold;
            return 0;
        }
    }
    entity_match *v = realloc(m->v, (m->n + 1) * sizeof(*v));
    if (!v)
        return -1;
    m->v = v;
    m->v[m->n++] = (entity_match){pred_id, gold};
    return 0;
}

static const json_t *matches_get(const entity_matches *m, const char *pred_id)
{
    for (size_t i = 0; i < m->n; i++)
        if (same_str(m->v[i].pred_id, pred_id))
            return m->v[i].gold;
    return NULL;
}

/* Python's int(x) for a slice bound: 1 with *value for int/bool, 0 for None, -1 TypeError. */
static int slice_bound(const json_t *v, int64_t *value)
{
    if (!v || json_is_null(v))
        return 0;
    if (json_is_boolean(v)) {
        *value = json_is_true(v);
        return 1;
    }
    if (json_is_integer(v)) {
        *value = json_integer_value(v);
        return 1;
    }
    return -1;
}

/* score.py's slice_utf8(text, start, end) == m["text"]. Returns 1, 0, or -1 (no memory). */
static int mention_offsets_right(const char *text, const json_t *mention)
{
    int64_t start = 0, end = 0;
    int has_start = slice_bound(json_object_get(mention, "start"), &start);
    int has_end = slice_bound(json_object_get(mention, "end"), &end);
    const char *want = field_str(mention, "text");
    if (has_start < 0 || has_end < 0)
        return want == NULL;
    char *got = pynorm_slice_utf8(text, has_start, start, has_end, end);
    int right = same_str(got, want);
    free(got);
    return right;
}

/* Finds the first unused gold entity of p's type whose names contain p's name or code. */
static int find_gold_entity(const json_t *p, const json_t *gold_entities, const char *used,
                            size_t *hit)
{
    char *keys[2] = {pynorm_key(field_str(p, "name")), pynorm_key(field_str(p, "code"))};
    int rc = keys[0] && keys[1] ? 0 : -1;
    size_t i;
    json_t *g;
    json_array_foreach(gold_entities, i, g)
    {
        if (rc != 0 || used[i] || !same_str(field_str(g, "type"), field_str(p, "type")))
            continue;
        for (int k = 0; k < 2 && rc == 0; k++) {
            int found = 0;
            if (*keys[k] && key_in_names(keys[k], json_object_get(g, "names"), &found) < 0)
                rc = -1;
            if (found) {
                *hit = i;
                rc = 1;
            }
        }
    }
    free(keys[0]);
    free(keys[1]);
    return rc;
}

/* Sorts p's mentions into good (mention key -> count) and returns the bad ones' count. */
static int64_t collect_mentions(const json_t *p, const char *text, json_t *good, int *failed)
{
    int64_t bad = 0;
    size_t i;
    json_t *mention;
    json_array_foreach(json_object_get(p, "mentions"), i, mention)
    {
        int right = mention_offsets_right(text, mention);
        if (right < 0)
            *failed = 1;
        if (right <= 0) {
            bad++;
            continue;
        }
        char *key = pynorm_mention_key(field_str(mention, "text"));
        if (!key || count_add(good, key, 1) < 0)
            *failed = 1;
        free(key);
    }
    return bad;
}

/* Counts a matched, non-optional entity's mentions: multisets of keys. */
static int score_matched_mentions(const json_t *g, const json_t *got, int64_t bad,
                                  score_counts *mentions, json_t *log)
{
    json_t *want = json_object();
    if (!want)
        return -1;
    int rc = 0;
    const char *key;
    json_t *count;
    json_object_foreach(json_object_get(g, "mentions"), key, count)
    {
        char *mkey = pynorm_mention_key(key);
        if (!mkey || count_add(want, mkey, json_integer_value(count)) < 0)
            rc = -1;
        free(mkey);
    }
    json_int_t tp = 0, fp = bad, fn = 0;
    json_object_foreach(want, key, count)
    {
        json_int_t v = json_integer_value(count);
        tp += min_count(v, count_of(got, key));
        fn += v - min_count(v, count_of(got, key));
    }
    json_object_foreach((json_t *)got, key, count)
    {
        json_int_t v = json_integer_value(count);
        fp += v - min_count(v, count_of(want, key));
    }
    counts_add(mentions, tp, fp, fn);
    if (fp || fn) {
        char *w = json_dumps(want, JSON_SORT_KEYS | JSON_COMPACT);
        char *o = json_dumps(got, JSON_SORT_KEYS | JSON_COMPACT);
        log_line(log, "  mentions of '%s': want %s got %s",
                 json_string_value(json_array_get(json_object_get(g, "names"), 0)), w ? w : "?",
                 o ? o : "?");
        free(w);
        free(o);
    }
    json_decref(want);
    return rc;
}

/* Scores one predicted entity against the gold entities not used yet. */
static int score_one_entity(const json_t *p, const char *text, const json_t *gold_entities,
                            char *used, entity_matches *match, score_totals *t, json_t *log)
{
    size_t hit = 0;
    int found = find_gold_entity(p, gold_entities, used, &hit);
    json_t *good = json_object();
    int failed = found < 0 || !good;
    int64_t bad = good ? collect_mentions(p, text, good, &failed) : 0;
    t->offset_errors += bad;
    if (failed)
        goto out;
    if (found == 0) {
        counts_add(&t->entities, 0, 1, 0);
        const char *key;
        json_t *count;
        json_object_foreach(good, key, count)
        {
            t->mentions.fp += json_integer_value(count);
        }
        t->mentions.fp += bad;
        log_line(log, "  entity FP: %s '%s'", or_none(field_str(p, "type")),
                 or_none(field_str(p, "name")));
        goto out;
    }
    used[hit] = 1;
    const json_t *g = json_array_get(gold_entities, hit);
    if (matches_set(match, field_str(p, "id"), g) < 0) {
        failed = 1;
        goto out;
    }
    if (field_true(g, "optional"))
        goto out;
    counts_add(&t->entities, 1, 0, 0);
    if (score_matched_mentions(g, good, bad, &t->mentions, log) < 0)
        failed = 1;
out:
    json_decref(good);
    return failed ? -1 : 0;
}

static int score_entities(const json_t *gold, const json_t *pred, entity_matches *match,
                          score_totals *t, json_t *log)
{
    const char *text = field_str(pred, "text");
    text = text ? text : "";
    json_t *gold_entities = json_object_get(gold, "entities");
    size_t n_gold = json_array_size(gold_entities);
    char *used = calloc(n_gold + 1, 1);
    if (!used)
        return -1;
    int rc = 0;
    size_t i;
    json_t *p;
    json_array_foreach(json_object_get(pred, "entities"), i, p)
    {
        if (rc == 0 && score_one_entity(p, text, gold_entities, used, match, t, log) < 0)
            rc = -1;
    }
    json_t *g;
    json_array_foreach(gold_entities, i, g)
    {
        if (used[i] || field_true(g, "optional"))
            continue;
        counts_add(&t->entities, 0, 0, 1);
        const char *key;
        json_t *count;
        json_object_foreach(json_object_get(g, "mentions"), key, count)
        {
            t->mentions.fn += json_integer_value(count);
        }
        log_line(log, "  entity FN: %s '%s'", field_str(g, "type"),
                 json_string_value(json_array_get(json_object_get(g, "names"), 0)));
    }
    free(used);
    return rc;
}

/* ---- Dates: score_dates() ------------------------------------------------------------------ */

typedef struct pred_date {
    const json_t *date;
    double start;
    size_t order; /* position in the story, for a stable sort */
    char *text_key;
    int used;
} pred_date;

static int compare_dates(const void *a, const void *b)
{
    const pred_date *x = a, *y = b;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    return x->order < y->order ? -1 : x->order > y->order;
}

/* overlaps(): both keys non-empty and one inside the other. */
static int keys_overlap(const char *a, const char *b)
{
    return *a && *b && (strstr(b, a) || strstr(a, b));
}

/* g["value"] contains value (a string or None). */
static int value_in(const json_t *values, const char *value)
{
    size_t i;
    json_t *v;
    json_array_foreach(values, i, v)
    {
        if (same_str(json_string_value(v), value))
            return 1;
    }
    return 0;
}

/* The values of preds[take] equal the split parts' values, in order. */
static int split_right(const pred_date *preds, const size_t *take, size_t n_take,
                       const json_t *parts)
{
    if (n_take != json_array_size(parts))
        return 0;
    for (size_t k = 0; k < n_take; k++) {
        const char *want = json_string_value(json_array_get(json_array_get(parts, k), 1));
        if (!same_str(field_str(preds[take[k]].date, "value"), want))
            return 0;
    }
    return 1;
}

/* One gold date against the sorted predicted dates. */
static int score_one_date(const json_t *g, pred_date *preds, size_t n, size_t *idx, score_totals *t,
                          json_t *log)
{
    char *gold_key = pynorm_key(field_str(g, "text"));
    if (!gold_key)
        return -1;
    size_t n_idx = 0;
    for (size_t i = 0; i < n; i++)
        if (!preds[i].used && keys_overlap(preds[i].text_key, gold_key))
            idx[n_idx++] = i;
    free(gold_key);
    const json_t *values = json_object_get(g, "value");
    int optional = field_true(g, "optional");
    if (n_idx == 0) {
        if (!optional) {
            counts_add(&t->dates, 0, 0, 1);
            log_line(log, "  date FN: '%s' = %s", field_str(g, "text"),
                     json_string_value(json_array_get(values, 0)));
        }
        return 0;
    }
    const json_t *parts = json_object_get(g, "split");
    size_t n_take = 1;
    int right = value_in(values, field_str(preds[idx[0]].date, "value"));
    if (!right && json_array_size(parts)) {
        n_take = n_idx < json_array_size(parts) ? n_idx : json_array_size(parts);
        right = split_right(preds, idx, n_take, parts);
    }
    for (size_t k = 0; k < n_take; k++)
        preds[idx[k]].used = 1;
    if (optional)
        return 0;
    counts_add(&t->dates, 1, 0, 0);
    t->values_right += right;
    if (!right)
        log_line(log, "  date value: '%s' want %s got %s", field_str(g, "text"),
                 json_string_value(json_array_get(values, 0)),
                 or_none(field_str(preds[idx[0]].date, "value")));
    return 0;
}

static int score_dates(const json_t *gold, const json_t *pred, score_totals *t, json_t *log)
{
    const json_t *dates = json_object_get(pred, "dates");
    size_t n = json_array_size(dates);
    pred_date *preds = calloc(n + 1, sizeof(*preds));
    size_t *idx = calloc(n + 1, sizeof(*idx));
    int rc = preds && idx ? 0 : -1;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        const json_t *d = json_array_get(dates, i);
        json_t *start = json_object_get(d, "start");
        preds[i] = (pred_date){d, start ? json_number_value(start) : 0.0, i,
                               pynorm_key(field_str(d, "text")), 0};
        if (!preds[i].text_key)
            rc = -1;
    }
    if (rc == 0)
        qsort(preds, n, sizeof(*preds), compare_dates);
    size_t i;
    json_t *g;
    json_array_foreach(json_object_get(gold, "dates"), i, g)
    {
        if (rc == 0 && score_one_date(g, preds, n, idx, t, log) < 0)
            rc = -1;
    }
    for (size_t k = 0; rc == 0 && k < n; k++) {
        if (preds[k].used)
            continue;
        counts_add(&t->dates, 0, 1, 0);
        log_line(log, "  date FP: '%s' = %s", or_none(field_str(preds[k].date, "text")),
                 or_none(field_str(preds[k].date, "value")));
    }
    for (size_t k = 0; preds && k < n; k++)
        free(preds[k].text_key);
    free(preds);
    free(idx);
    return rc;
}

/* ---- Events: score_events() ---------------------------------------------------------------- */

/* A set of normalized names. */
typedef struct name_set {
    char **v;
    size_t n;
} name_set;

static int name_set_has(const name_set *s, const char *name)
{
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->v[i], name) == 0)
            return 1;
    return 0;
}

/* Adds key (taking ownership; NULL means out of memory) unless present. */
static int name_set_take(name_set *s, char *key)
{
    if (!key)
        return -1;
    if (name_set_has(s, key)) {
        free(key);
        return 0;
    }
    char **v = realloc(s->v, (s->n + 1) * sizeof(*v));
    if (!v) {
        free(key);
        return -1;
    }
    s->v = v;
    s->v[s->n++] = key;
    return 0;
}

static void name_set_free(name_set *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->v[i]);
    free(s->v);
    *s = (name_set){0};
}

/* ents[pid] in score.py: the last predicted entity with that id. */
static const json_t *entity_by_id(const json_t *pred, const char *pid)
{
    const json_t *found = NULL;
    size_t i;
    json_t *e;
    json_array_foreach(json_object_get(pred, "entities"), i, e)
    {
        if (same_str(field_str(e, "id"), pid))
            found = e;
    }
    return found;
}

/* names_of(pid): gold names of its match, its own name, and the id's tail. */
static int names_of(const char *pid, const json_t *pred, const entity_matches *match, name_set *out)
{
    const json_t *g = matches_get(match, pid);
    size_t i;
    json_t *name;
    json_array_foreach(g ? json_object_get(g, "names") : NULL, i, name)
    {
        if (name_set_take(out, pynorm_key(json_string_value(name))) < 0)
            return -1;
    }
    const json_t *e = entity_by_id(pred, pid);
    if (e && name_set_take(out, pynorm_key(field_str(e, "name"))) < 0)
        return -1;
    const char *colon = strrchr(pid, ':');
    char *tail = strdup(colon ? colon + 1 : pid);
    if (!tail)
        return -1;
    for (char *c = tail; *c; c++)
        if (*c == '-')
            *c = ' ';
    char *key = pynorm_key(tail);
    free(tail);
    return name_set_take(out, key);
}

/* date_eq(): gold non-empty and pred equal to it or starting with it. */
static int date_eq(const char *pred, const char *gold)
{
    pred = pred ? pred : "";
    return truthy(gold) && strncmp(pred, gold, strlen(gold)) == 0;
}

static int is_event_like(const char *type)
{
    return type && (strcmp(type, "summit") == 0 || strcmp(type, "meeting") == 0);
}

/* loc_ok(p, g). Returns 1, 0, or -1 (no memory). */
static int location_ok(const json_t *p, const json_t *g)
{
    const json_t *want = json_object_get(g, "location");
    const char *got = field_str(p, "location");
    if (!want || json_is_null(want))
        return !truthy(got);
    char *got_key = pynorm_key(got);
    if (!got_key)
        return -1;
    int found = 0, rc = 0;
    if (json_is_string(want)) {
        char *want_key = pynorm_key(json_string_value(want));
        rc = want_key ? 0 : -1;
        found = want_key && strcmp(want_key, got_key) == 0;
        free(want_key);
    } else {
        rc = key_in_names(got_key, want, &found);
    }
    free(got_key);
    return rc < 0 ? -1 : found;
}

/* Per predicted event: the normalized names of each participant. */
typedef struct event_names {
    name_set *participants;
    size_t n;
} event_names;

/* How many of the gold participants gparts appear among the event's names. */
static size_t participants_found(const name_set *gparts, const event_names *names)
{
    size_t found = 0;
    for (size_t k = 0; k < gparts->n; k++) {
        for (size_t j = 0; j < names->n; j++) {
            if (name_set_has(&names->participants[j], gparts->v[k])) {
                found++;
                break;
            }
        }
    }
    return found;
}

/* Whether predicted event p matches gold g relaxed (bit 1) and strict (bit 2). */
static int event_fit(const json_t *p, const json_t *g, const name_set *gparts,
                     const event_names *names)
{
    const char *ptype = field_str(p, "type"), *gtype = field_str(g, "type");
    int same_type = same_str(ptype, gtype) || (is_event_like(ptype) && is_event_like(gtype));
    if (!same_type || !date_eq(field_str(p, "start"), field_str(g, "start")))
        return 0;
    size_t found = participants_found(gparts, names);
    int fit = found || gparts->n == 0 ? 1 : 0;
    if (same_str(ptype, gtype) && found == gparts->n) {
        int loc = location_ok(p, g);
        if (loc < 0)
            return -1;
        if (loc && date_eq(field_str(p, "end"), field_str(g, "end")) &&
            same_str(field_str(p, "status"), field_str(g, "status")))
            fit |= 2;
    }
    return fit;
}

static void log_event(json_t *log, const char *what, const json_t *e)
{
    char *participants = json_dumps(json_object_get(e, "participants"), JSON_COMPACT);
    json_t *location = json_object_get(e, "location");
    char *loc = location ? json_dumps(location, JSON_COMPACT | JSON_ENCODE_ANY) : NULL;
    log_line(log, "  %s: %s %s %s %s", what, or_none(field_str(e, "type")),
             participants ? participants : "[]", loc ? loc : "None",
             or_none(field_str(e, "start")));
    free(participants);
    free(loc);
}

/* One gold event: finds its relaxed and strict hits among the unused predictions. */
static int score_one_event(const json_t *g, const json_t *preds, const event_names *names,
                           char *used_r, char *used_s, score_totals *t, json_t *log)
{
    name_set gparts = {0};
    int rc = 0;
    size_t i;
    json_t *n;
    json_array_foreach(json_object_get(g, "participants"), i, n)
    {
        if (rc == 0 && name_set_take(&gparts, pynorm_key(json_string_value(n))) < 0)
            rc = -1;
    }
    long hit_r = -1, hit_s = -1;
    json_t *p;
    json_array_foreach(preds, i, p)
    {
        int fit = rc == 0 ? event_fit(p, g, &gparts, &names[i]) : 0;
        if (fit < 0)
            rc = -1;
        if (fit > 0 && hit_r < 0 && !used_r[i] && (fit & 1))
            hit_r = (long)i;
        if (fit > 0 && hit_s < 0 && !used_s[i] && (fit & 2))
            hit_s = (long)i;
    }
    name_set_free(&gparts);
    int optional = field_true(g, "optional");
    long hits[2] = {hit_r, hit_s};
    char *used[2] = {used_r, used_s};
    score_counts *counts[2] = {&t->events_relaxed, &t->events_strict};
    const char *labels[2] = {"event FN (relaxed)", "event FN (strict)"};
    for (int k = 0; k < 2; k++) {
        if (hits[k] >= 0) {
            used[k][hits[k]] = 1;
            if (!optional)
                counts_add(counts[k], 1, 0, 0);
        } else if (!optional) {
            counts_add(counts[k], 0, 0, 1);
            log_event(log, labels[k], g);
        }
    }
    return rc;
}

static void free_event_names(event_names *names, size_t n)
{
    for (size_t i = 0; names && i < n; i++) {
        for (size_t j = 0; j < names[i].n; j++)
            name_set_free(&names[i].participants[j]);
        free(names[i].participants);
    }
    free(names);
}

/* names_of() for every participant of every predicted event, computed once. */
static event_names *collect_event_names(const json_t *pred, const json_t *preds,
                                        const entity_matches *match)
{
    size_t n = json_array_size(preds);
    event_names *names = calloc(n + 1, sizeof(*names));
    if (!names)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        const json_t *participants = json_object_get(json_array_get(preds, i), "participants");
        size_t np = json_array_size(participants);
        names[i].participants = calloc(np + 1, sizeof(name_set));
        if (!names[i].participants)
            goto err_free_names;
        names[i].n = np;
        for (size_t j = 0; j < np; j++) {
            const char *pid = json_string_value(json_array_get(participants, j));
            if (names_of(pid, pred, match, &names[i].participants[j]) < 0)
                goto err_free_names;
        }
    }
    return names;
err_free_names:
    free_event_names(names, n);
    return NULL;
}

static int score_events(const json_t *gold, const json_t *pred, const entity_matches *match,
                        score_totals *t, json_t *log)
{
    json_t *preds = json_object_get(pred, "events");
    size_t n = json_array_size(preds);
    event_names *names = collect_event_names(pred, preds, match);
    char *used_r = calloc(n + 1, 1), *used_s = calloc(n + 1, 1);
    int rc = names && used_r && used_s ? 0 : -1;
    size_t i;
    json_t *g;
    json_array_foreach(json_object_get(gold, "events"), i, g)
    {
        if (rc == 0 && score_one_event(g, preds, names, used_r, used_s, t, log) < 0)
            rc = -1;
    }
    for (size_t k = 0; rc == 0 && k < n; k++) {
        if (!used_r[k]) {
            counts_add(&t->events_relaxed, 0, 1, 0);
            log_event(log, "event FP", json_array_get(preds, k));
        }
        if (!used_s[k])
            counts_add(&t->events_strict, 0, 1, 0);
    }
    free_event_names(names, n);
    free(used_r);
    free(used_s);
    return rc;
}

/* ---- One story, a folder of gold files ------------------------------------------------------ */

static void count_boilerplate_leaks(const json_t *gold, const json_t *pred, score_totals *t,
                                    json_t *log)
{
    const char *text = field_str(pred, "text");
    size_t i;
    json_t *phrase;
    json_array_foreach(json_object_get(gold, "must_strip"), i, phrase)
    {
        if (text && strstr(text, json_string_value(phrase))) {
            t->boilerplate_leaks++;
            log_line(log, "  boilerplate kept: '%s'", json_string_value(phrase));
        }
    }
}

int score_story(const json_t *gold, const json_t *pred, score_totals *totals, json_t *log,
                char *err, size_t errlen)
{
    json_t *empty = NULL;
    entity_matches match = {0};
    int rc = -1;
    totals->stories++;
    if (pred && json_object_size(pred)) {
        totals->paired++;
        count_boilerplate_leaks(gold, pred, totals, log);
    } else {
        log_line(log, "  no enriched story for this file");
        pred = empty = json_object();
        if (!empty)
            goto err_out_of_memory;
    }
    if (score_entities(gold, pred, &match, totals, log) < 0 ||
        score_dates(gold, pred, totals, log) < 0 ||
        score_events(gold, pred, &match, totals, log) < 0)
        goto err_out_of_memory;
    rc = 0;
    goto out;
err_out_of_memory:
    snprintf(err, errlen, "%s: %s (or text that is not UTF-8)", field_str(gold, "file"),
             OUT_OF_MEMORY);
out:
    free(match.v);
    json_decref(empty);
    return rc;
}

/* ---- Loading -------------------------------------------------------------------------------- */

int score_add_pred(json_t *by_file, json_t *pred, char *err, size_t errlen)
{
    if (score_check_pred(pred, err, errlen) < 0)
        return -1;
    const char *source = field_str(pred, "source_file");
    source = source ? source : "";
    const char *slash = strrchr(source, '/');
    if (json_object_set(by_file, slash ? slash + 1 : source, pred) < 0) {
        snprintf(err, errlen, "%s", OUT_OF_MEMORY);
        return -1;
    }
    return 0;
}

/* A line of only whitespace (Python's line.strip() is empty). */
static int blank_line(const char *line)
{
    for (; *line; line++)
        if (!strchr(" \t\r\n\v\f", *line))
            return 0;
    return 1;
}

int score_load_preds(const char *path, json_t **out, char *err, size_t errlen)
{
    FILE *in = fopen(path, "r");
    if (!in) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return -1;
    }
    json_t *by_file = json_object();
    char *line = NULL;
    size_t cap = 0;
    int rc = by_file ? 0 : -1;
    for (long n = 1; rc == 0 && getline(&line, &cap, in) >= 0; n++) {
        if (blank_line(line))
            continue;
        json_error_t jerr;
        json_t *pred = json_loads(line, JSON_DECODE_ANY, &jerr);
        char why[256];
        if (!pred) {
            snprintf(err, errlen, "%s:%ld: not JSON: %s", path, n, jerr.text);
            rc = -1;
        } else if (score_add_pred(by_file, pred, why, sizeof(why)) < 0) {
            snprintf(err, errlen, "%s:%ld: %s", path, n, why);
            rc = -1;
        }
        json_decref(pred);
    }
    free(line);
    fclose(in);
    if (rc < 0) {
        json_decref(by_file);
        return -1;
    }
    *out = by_file;
    return 0;
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted names of dir's *.gold.json files (not hidden ones, as Python's glob). */
static int list_gold_files(const char *dir, char ***names, size_t *n, char *err, size_t errlen)
{
    DIR *d = opendir(dir);
    if (!d) {
        snprintf(err, errlen, "%s: %s", dir, strerror(errno));
        return -1;
    }
    static const char suffix[] = ".gold.json";
    struct dirent *entry;
    int rc = 0;
    while (rc == 0 && (entry = readdir(d))) {
        size_t len = strlen(entry->d_name);
        if (entry->d_name[0] == '.' || len < sizeof(suffix) - 1 ||
            strcmp(entry->d_name + len - (sizeof(suffix) - 1), suffix) != 0)
            continue;
        char **v = realloc(*names, (*n + 1) * sizeof(*v));
        if (!v || !(v[*n] = strdup(entry->d_name))) {
            snprintf(err, errlen, "%s", OUT_OF_MEMORY);
            if (v)
                *names = v;
            rc = -1;
            break;
        }
        *names = v;
        (*n)++;
    }
    closedir(d);
    if (rc == 0 && *n == 0) {
        snprintf(err, errlen, "no *.gold.json in %s", dir);
        rc = -1;
    }
    if (rc == 0)
        qsort(*names, *n, sizeof(**names), compare_names);
    return rc;
}

/* Loads, checks and scores one gold file. */
static int score_gold_file(const char *dir, const char *name, const json_t *by_file,
                           score_totals *totals, json_t *per_story, char *err, size_t errlen)
{
    char path[4096];
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    json_error_t jerr;
    json_t *gold = json_load_file(path, 0, &jerr);
    if (!gold) {
        snprintf(err, errlen, "%s: not JSON: %s (line %d)", path, jerr.text, jerr.line);
        return -1;
    }
    json_t *log = per_story ? json_array() : NULL;
    int rc = score_check_gold(gold, err, errlen);
    if (rc == 0) {
        const json_t *pred = json_object_get(by_file, field_str(gold, "file"));
        rc = score_story(gold, pred, totals, log, err, errlen);
    }
    if (rc == 0 && log)
        json_object_set(per_story, field_str(gold, "file"), log);
    json_decref(log);
    json_decref(gold);
    return rc;
}

int score_gold_dir(const char *gold_dir, const json_t *by_file, score_totals *totals,
                   json_t *per_story, char *err, size_t errlen)
{
    char **names = NULL;
    size_t n = 0;
    int rc = list_gold_files(gold_dir, &names, &n, err, errlen);
    for (size_t i = 0; rc == 0 && i < n; i++)
        rc = score_gold_file(gold_dir, names[i], by_file, totals, per_story, err, errlen);
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    return rc;
}

/* ---- Output --------------------------------------------------------------------------------- */

static json_t *prf_json(const score_counts *c)
{
    double p, r, f;
    score_prf(c, &p, &r, &f);
    return json_pack("[fff]", p, r, f);
}

json_t *score_totals_to_json(const score_totals *t)
{
    double dp, dr, df;
    score_prf(&t->dates, &dp, &dr, &df);
    double value_acc = t->dates.tp ? (double)t->values_right / (double)t->dates.tp : 0.0;
    return json_pack("{s:o, s:o, s:[fff], s:f, s:f, s:o, s:o, s:I, s:I, s:I, s:I, s:I}", "entities",
                     prf_json(&t->entities), "mentions", prf_json(&t->mentions), "dates", dp, dr,
                     df, "date_value_accuracy", value_acc, "date_value_f1", df * value_acc,
                     "events_relaxed", prf_json(&t->events_relaxed), "events_strict",
                     prf_json(&t->events_strict), "stories", (json_int_t)t->stories, "paired",
                     (json_int_t)t->paired, "offset_errors", (json_int_t)t->offset_errors,
                     "values_right", (json_int_t)t->values_right, "boilerplate_leaks",
                     (json_int_t)t->boilerplate_leaks);
}
