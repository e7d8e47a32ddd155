/*
 * The metrics registry's private half: what only the stage runtime and the
 * tests use (the processing histogram, consumer lag, rendering). The public
 * half (new, add, count, readiness, the HTTP server) is in telex/runtime.h.
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
#include "telex/runtime.h" /* the registry's public half: new, add, count, server */

/* One process() call took seconds. */
void telex_metrics_observe(telex_metrics *m, double seconds);
/* Replaces every consumer lag gauge with those of a librdkafka statistics JSON.
   Returns 0, or -1 when the JSON cannot be parsed. */
int telex_metrics_set_lag_from_stats(telex_metrics *m, const char *json, size_t len);

/* Readiness, as set by telex_metrics_set_ready(). */
int telex_metrics_ready(telex_metrics *m);

/* Appends the Prometheus text exposition of everything. Returns 0 or -1. */
int telex_metrics_render(telex_metrics *m, telex_buf *out);

/* The upper bounds of the histogram's buckets, in seconds (without +Inf). */
extern const double telex_metrics_buckets[];
extern const size_t telex_metrics_n_buckets;

#endif
