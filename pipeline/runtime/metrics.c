/*
 * The metrics registry: see metrics.h and telex/runtime.h. Labeled series are
 * small arrays searched linearly (a stage sees a handful of topics and a few
 * dozen partitions), guarded by one mutex. The program's own counters are
 * rendered grouped by name, so a counter with several label values gets one
 * TYPE line, as the text format wants.
 */
#include "runtime/metrics.h"

#include <inttypes.h>
#include <jansson.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const double telex_metrics_buckets[] = {0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5};
const size_t telex_metrics_n_buckets = sizeof(telex_metrics_buckets) / sizeof(double);

enum { N_BUCKETS = sizeof(telex_metrics_buckets) / sizeof(double) };

typedef struct named_counter {
    char *name; /* the topic */
    uint64_t values[TELEX_TOPIC_COUNTER_COUNT];
} named_counter;

/* telex_<program>_<name>_total, or with a label: ..._total{<label>="<value>"}. */
typedef struct program_counter {
    char *name;
    char *label; /* NULL for none */
    char *value; /* NULL for none */
    uint64_t n;
} program_counter;

typedef struct lag_gauge {
    char *topic;
    int32_t partition;
    int64_t lag;
} lag_gauge;

typedef struct series {
    named_counter *items;
    size_t n;
} series;

struct telex_metrics {
    pthread_mutex_t lock;
    char *stage;
    series topics;
    program_counter *counters;
    size_t n_counters;
    lag_gauge *lags;
    size_t n_lags;
    uint64_t bucket_counts[N_BUCKETS]; /* not cumulative; summed when rendered */
    uint64_t observations;
    double seconds_sum;
    int ready;
};

telex_metrics *telex_metrics_new(const char *stage)
{
    telex_metrics *m = calloc(1, sizeof(*m));
    if (!m)
        return NULL;
    m->stage = strdup(stage);
    if (!m->stage) {
        free(m);
        return NULL;
    }
    pthread_mutex_init(&m->lock, NULL);
    return m;
}

static void series_free(series *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->items[i].name);
    free(s->items);
}

static void lags_clear(telex_metrics *m)
{
    for (size_t i = 0; i < m->n_lags; i++)
        free(m->lags[i].topic);
    free(m->lags);
    m->lags = NULL;
    m->n_lags = 0;
}

void telex_metrics_free(telex_metrics *m)
{
    if (!m)
        return;
    series_free(&m->topics);
    for (size_t i = 0; i < m->n_counters; i++) {
        free(m->counters[i].name);
        free(m->counters[i].label);
        free(m->counters[i].value);
    }
    free(m->counters);
    lags_clear(m);
    pthread_mutex_destroy(&m->lock);
    free(m->stage);
    free(m);
}

/* The counter named name, created at zero; NULL when out of memory. */
static named_counter *series_get(series *s, const char *name)
{
    for (size_t i = 0; i < s->n; i++) {
        if (strcmp(s->items[i].name, name) == 0)
            return &s->items[i];
    }
    named_counter *grown = realloc(s->items, (s->n + 1) * sizeof(*grown));
    if (!grown)
        return NULL;
    s->items = grown;
    memset(&grown[s->n], 0, sizeof(grown[s->n]));
    grown[s->n].name = strdup(name);
    if (!grown[s->n].name)
        return NULL;
    return &grown[s->n++];
}

void telex_metrics_add(telex_metrics *m, telex_topic_counter counter, const char *topic, uint64_t n)
{
    pthread_mutex_lock(&m->lock);
    named_counter *c = series_get(&m->topics, topic);
    if (c)
        c->values[counter] += n;
    pthread_mutex_unlock(&m->lock);
}

static int same_text(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static char *dup_or_null(const char *text, int *failed)
{
    char *copy = text ? strdup(text) : NULL;
    if (text && !copy)
        *failed = 1;
    return copy;
}

/* The counter name{label=value}, created at zero; NULL when out of memory. */
static program_counter *program_counter_get(telex_metrics *m, const char *name, const char *label,
                                            const char *value)
{
    int failed = 0;

    for (size_t i = 0; i < m->n_counters; i++) {
        program_counter *c = &m->counters[i];
        if (strcmp(c->name, name) == 0 && same_text(c->label, label) && same_text(c->value, value))
            return c;
    }
    program_counter *grown = realloc(m->counters, (m->n_counters + 1) * sizeof(*grown));
    if (!grown)
        return NULL;
    m->counters = grown;
    program_counter *c = &grown[m->n_counters];
    *c = (program_counter){.name = dup_or_null(name, &failed),
                           .label = dup_or_null(label, &failed),
                           .value = dup_or_null(value, &failed)};
    if (failed) {
        free(c->name);
        free(c->label);
        free(c->value);
        return NULL;
    }
    m->n_counters++;
    return c;
}

void telex_metrics_count_labelled(telex_metrics *m, const char *name, const char *label,
                                  const char *value, uint64_t n)
{
    if (!label || !value)
        label = value = NULL;
    pthread_mutex_lock(&m->lock);
    program_counter *c = program_counter_get(m, name, label, value);
    if (c)
        c->n += n;
    pthread_mutex_unlock(&m->lock);
}

void telex_metrics_count(telex_metrics *m, const char *name, uint64_t n)
{
    telex_metrics_count_labelled(m, name, NULL, NULL, n);
}

void telex_metrics_observe(telex_metrics *m, double seconds)
{
    pthread_mutex_lock(&m->lock);
    for (size_t i = 0; i < N_BUCKETS; i++) {
        if (seconds <= telex_metrics_buckets[i]) {
            m->bucket_counts[i]++;
            break;
        }
    }
    m->observations++;
    m->seconds_sum += seconds;
    pthread_mutex_unlock(&m->lock);
}

void telex_metrics_set_ready(telex_metrics *m, int ready)
{
    pthread_mutex_lock(&m->lock);
    m->ready = ready;
    pthread_mutex_unlock(&m->lock);
}

int telex_metrics_ready(telex_metrics *m)
{
    pthread_mutex_lock(&m->lock);
    int ready = m->ready;
    pthread_mutex_unlock(&m->lock);
    return ready;
}

/* ---- consumer lag from librdkafka statistics ---- */

static int add_lag(lag_gauge **lags, size_t *n, const char *topic, int32_t partition, int64_t lag)
{
    lag_gauge *grown = realloc(*lags, (*n + 1) * sizeof(*grown));
    if (!grown)
        return -1;
    *lags = grown;
    grown[*n].topic = strdup(topic);
    if (!grown[*n].topic)
        return -1;
    grown[*n].partition = partition;
    grown[*n].lag = lag;
    (*n)++;
    return 0;
}

/* stats: {"topics": {"t": {"partitions": {"0": {"consumer_lag": 5}, "-1": {...}}}}} */
static int collect_lags(json_t *root, lag_gauge **lags, size_t *n)
{
    json_t *topics = json_object_get(root, "topics");
    const char *topic, *partition;
    json_t *topic_stats, *partition_stats;

    json_object_foreach(topics, topic, topic_stats)
    {
        json_t *partitions = json_object_get(topic_stats, "partitions");
        json_object_foreach(partitions, partition, partition_stats)
        {
            json_t *lag = json_object_get(partition_stats, "consumer_lag");
            long number = strtol(partition, NULL, 10);
            /* -1 is librdkafka's internal UA partition; a lag of -1 means unknown. */
            if (number < 0 || !json_is_integer(lag) || json_integer_value(lag) < 0)
                continue;
            if (add_lag(lags, n, topic, (int32_t)number, json_integer_value(lag)) != 0)
                return -1;
        }
    }
    return 0;
}

int telex_metrics_set_lag_from_stats(telex_metrics *m, const char *json, size_t len)
{
    json_error_t error;
    json_t *root = json_loadb(json, len, 0, &error);
    lag_gauge *lags = NULL;
    size_t n = 0;

    if (!root)
        return -1;
    int rc = collect_lags(root, &lags, &n);
    json_decref(root);
    pthread_mutex_lock(&m->lock);
    lags_clear(m);
    m->lags = lags;
    m->n_lags = n;
    pthread_mutex_unlock(&m->lock);
    return rc;
}

/* ---- rendering ---- */

static int append_text(telex_buf *out, const char *text)
{
    return telex_buf_append(out, text, strlen(text));
}

static int appendf(telex_buf *out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int appendf(telex_buf *out, const char *fmt, ...)
{
    char line[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(line, sizeof(line), fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof(line))
        return -1;
    return telex_buf_append(out, line, (size_t)n);
}

/* A label value: backslash, double quote and newline escaped (text format 0.0.4). */
static int append_label_value(telex_buf *out, const char *value)
{
    if (append_text(out, "\"") != 0)
        return -1;
    for (const char *p = value; *p; p++) {
        const char *esc = *p == '\\' ? "\\\\" : *p == '"' ? "\\\"" : *p == '\n' ? "\\n" : NULL;
        int rc = esc ? append_text(out, esc) : telex_buf_append(out, p, 1);
        if (rc != 0)
            return -1;
    }
    return append_text(out, "\"");
}

/* A metric name: anything outside [a-zA-Z0-9_] becomes '_'. */
static int append_metric_name_part(telex_buf *out, const char *part)
{
    for (const char *p = part; *p; p++) {
        char c = *p;
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')))
            c = '_';
        if (telex_buf_append(out, &c, 1) != 0)
            return -1;
    }
    return 0;
}

static int render_topic_counter(telex_metrics *m, telex_buf *out, telex_topic_counter counter,
                                const char *name, const char *help)
{
    if (appendf(out, "# HELP %s %s\n# TYPE %s counter\n", name, help, name) != 0)
        return -1;
    for (size_t i = 0; i < m->topics.n; i++) {
        const named_counter *c = &m->topics.items[i];
        if (appendf(out, "%s{topic=", name) != 0 || append_label_value(out, c->name) != 0 ||
            appendf(out, "} %" PRIu64 "\n", c->values[counter]) != 0)
            return -1;
    }
    return 0;
}

static int render_histogram(telex_metrics *m, telex_buf *out)
{
    const char *name = "telex_processing_seconds";
    uint64_t cumulative = 0;

    if (appendf(out, "# HELP %s Time process() took per input record.\n# TYPE %s histogram\n", name,
                name) != 0)
        return -1;
    for (size_t i = 0; i < N_BUCKETS; i++) {
        cumulative += m->bucket_counts[i];
        if (appendf(out, "%s_bucket{le=\"%g\"} %" PRIu64 "\n", name, telex_metrics_buckets[i],
                    cumulative) != 0)
            return -1;
    }
    return appendf(out, "%s_bucket{le=\"+Inf\"} %" PRIu64 "\n%s_sum %.9g\n%s_count %" PRIu64 "\n",
                   name, m->observations, name, m->seconds_sum, name, m->observations);
}

static int render_lags(telex_metrics *m, telex_buf *out)
{
    const char *name = "telex_consumer_lag";

    if (appendf(out, "# HELP %s Records not yet consumed, per partition.\n# TYPE %s gauge\n", name,
                name) != 0)
        return -1;
    for (size_t i = 0; i < m->n_lags; i++) {
        const lag_gauge *g = &m->lags[i];
        if (appendf(out, "%s{topic=", name) != 0 || append_label_value(out, g->topic) != 0 ||
            appendf(out, ",partition=\"%" PRId32 "\"} %" PRId64 "\n", g->partition, g->lag) != 0)
            return -1;
    }
    return 0;
}

/* telex_<program>_<name>_total, with anything outside [a-zA-Z0-9_] as '_'. */
static int program_counter_name(const telex_metrics *m, const char *name, telex_buf *out)
{
    telex_buf_reset(out);
    if (append_text(out, "telex_") != 0 || append_metric_name_part(out, m->stage) != 0 ||
        append_text(out, "_") != 0 || append_metric_name_part(out, name) != 0 ||
        append_text(out, "_total") != 0)
        return -1;
    return telex_buf_append(out, "", 1); /* NUL-terminated */
}

/* One sample line: name value, or name{label="value"} value. */
static int render_program_sample(telex_buf *out, const char *metric, const program_counter *c)
{
    if (!c->label)
        return appendf(out, "%s %" PRIu64 "\n", metric, c->n);
    if (appendf(out, "%s{", metric) != 0 || append_metric_name_part(out, c->label) != 0 ||
        append_text(out, "=") != 0 || append_label_value(out, c->value) != 0)
        return -1;
    return appendf(out, "} %" PRIu64 "\n", c->n);
}

/* 1 if a counter before index i has the same name (its family was rendered then). */
static int rendered_before(const telex_metrics *m, size_t i)
{
    for (size_t j = 0; j < i; j++) {
        if (strcmp(m->counters[j].name, m->counters[i].name) == 0)
            return 1;
    }
    return 0;
}

/* One family: the TYPE line, then every sample of that name. */
static int render_program_family(telex_metrics *m, telex_buf *out, size_t first, telex_buf *metric)
{
    const char *name = m->counters[first].name;

    if (program_counter_name(m, name, metric) != 0 ||
        appendf(out, "# TYPE %s counter\n", metric->data) != 0)
        return -1;
    for (size_t i = first; i < m->n_counters; i++) {
        if (strcmp(m->counters[i].name, name) == 0 &&
            render_program_sample(out, metric->data, &m->counters[i]) != 0)
            return -1;
    }
    return 0;
}

static int render_program_counters(telex_metrics *m, telex_buf *out)
{
    telex_buf metric = {0};
    int rc = 0;

    for (size_t i = 0; rc == 0 && i < m->n_counters; i++) {
        if (!rendered_before(m, i))
            rc = render_program_family(m, out, i, &metric);
    }
    telex_buf_free(&metric);
    return rc;
}

int telex_metrics_render(telex_metrics *m, telex_buf *out)
{
    int rc = -1;

    pthread_mutex_lock(&m->lock);
    if (render_topic_counter(m, out, TELEX_RECORDS_IN, "telex_records_in_total",
                             "Input records handed to process().") != 0 ||
        render_topic_counter(m, out, TELEX_RECORDS_OUT, "telex_records_out_total",
                             "Output records delivered (exactly_once: committed).") != 0 ||
        render_topic_counter(m, out, TELEX_RECORDS_DEAD_LETTERED,
                             "telex_records_dead_lettered_total",
                             "Input records sent to the dead-letter topic.") != 0 ||
        render_topic_counter(m, out, TELEX_RECORDS_ABORTED, "telex_records_aborted_total",
                             "Output records of aborted transactions (produced again).") != 0 ||
        render_histogram(m, out) != 0 || render_lags(m, out) != 0 ||
        render_program_counters(m, out) != 0)
        goto out_unlock;
    rc = 0;

out_unlock:
    pthread_mutex_unlock(&m->lock);
    return rc;
}
