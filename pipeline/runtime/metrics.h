/*
 * The metrics registry and its Prometheus text rendering.
 *
 * The main loop adds to counters and the processing-time histogram; the HTTP
 * thread (metrics_http.c) renders them. Every function takes the registry's
 * mutex, so both sides may call them at any time. telex_metrics_render() is a
 * pure function of the registry's contents, unit-tested without HTTP.
 */
#ifndef TELEX_RUNTIME_METRICS_H
#define TELEX_RUNTIME_METRICS_H

#include <stddef.h>
#include <stdint.h>

#include "telex/records.h"

typedef struct telex_metrics telex_metrics;

/* Per-topic counters. */
typedef enum telex_topic_counter {
    TELEX_RECORDS_IN,
    TELEX_RECORDS_OUT,
    TELEX_RECORDS_DEAD_LETTERED,
    TELEX_TOPIC_COUNTER_COUNT,
} telex_topic_counter;

/* stage: "tag", used in the names of the stage's own counters. */
telex_metrics *telex_metrics_new(const char *stage);
void telex_metrics_free(telex_metrics *m);

void telex_metrics_add(telex_metrics *m, telex_topic_counter counter, const char *topic,
                       uint64_t n);
/* One process() call took seconds. */
void telex_metrics_observe(telex_metrics *m, double seconds);
/* Adds n to telex_<stage>_<name>_total. */
void telex_metrics_count(telex_metrics *m, const char *name, uint64_t n);

/* Replaces every consumer lag gauge with those of a librdkafka statistics JSON.
   Returns 0, or -1 when the JSON cannot be parsed. */
int telex_metrics_set_lag_from_stats(telex_metrics *m, const char *json, size_t len);

/* Readiness: partitions assigned and producer connected (or --stdio running). */
void telex_metrics_set_ready(telex_metrics *m, int ready);
int telex_metrics_ready(telex_metrics *m);

/* Appends the Prometheus text exposition of everything. Returns 0 or -1. */
int telex_metrics_render(telex_metrics *m, telex_buf *out);

/* The upper bounds of the histogram's buckets, in seconds (without +Inf). */
extern const double telex_metrics_buckets[];
extern const size_t telex_metrics_n_buckets;

/* The HTTP listener: /metrics, /healthz, /readyz. */
typedef struct telex_metrics_server telex_metrics_server;

/* listen is "ADDR:PORT" (port 0 picks a free one). */
int telex_metrics_server_start(telex_metrics *m, const char *listen, telex_metrics_server **out,
                               char *err, size_t errlen);
/* The port listened on. */
int telex_metrics_server_port(const telex_metrics_server *server);
void telex_metrics_server_stop(telex_metrics_server *server);

#endif
