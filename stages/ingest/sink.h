/*
 * Where telex-ingest's RawStory records go: length-prefixed frames on stdout
 * (--stdout; no broker needed) or the wire.raw topic through the runtime's
 * idempotent producer. The sink counts what it sent and what failed to be
 * delivered, so a file is recorded as ingested only once its records are
 * safe, and the exit code says whether anything was lost. Every source
 * counts what it did through sink_count() (files, items, bytes, rejections,
 * HTTP replies), and delivered records are counted per topic.
 */
#ifndef TELEX_INGEST_SINK_H
#define TELEX_INGEST_SINK_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "telex/records.h"
#include "telex/runtime.h"

struct telex_metrics;

typedef struct ingest_sink {
    const telex_schemas *schemas;
    struct telex_metrics *metrics; /* counters of /metrics; NULL: none */
    telex_producer *producer;      /* NULL: frames go to stdout */
    int64_t flush_timeout_ms;
    atomic_ullong sent;
    atomic_ullong failed; /* delivery failures reported by the producer */
} ingest_sink;

/* ingest_emit_fn (ingest.h): encodes raw and sends it. ctx is the ingest_sink. */
int sink_emit(void *ctx, const telex_raw_story *raw, char *err, size_t errlen);

/* The producer's delivery callback (telex_delivery_fn); hook_ctx is the ingest_sink. */
void sink_on_delivery(void *hook_ctx, void *msg_opaque, const char *topic, rd_kafka_resp_err_t err);

/* Adds n to the counter telex_ingest_<name>_total of /metrics; nothing when the sink has no
   registry. Safe from any thread. */
void sink_count(ingest_sink *sink, const char *name, uint64_t n);

/* Waits until what was sent is delivered (stdout: flushed). Returns 0 when nothing is
   outstanding and no failure happened since failures_before, else -1 with a reason. */
int sink_settle(ingest_sink *sink, unsigned long long failures_before, char *err, size_t errlen);

#endif
