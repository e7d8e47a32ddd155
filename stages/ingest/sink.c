/*
 * The record sink of sink.h.
 */
#include <stdio.h>
#include <string.h>

#include "sink.h"
#include "telex/runtime.h"

/* Writes one frame to stdout; the stdio lock keeps the length prefix and the frame together
   when the watch loop and the HTTP thread both emit. */
static int write_frame(const telex_buf *frame, char *err, size_t errlen)
{
    flockfile(stdout);
    int rc = telex_frame_write(stdout, frame->data, frame->len);
    funlockfile(stdout);
    if (rc != 0)
        snprintf(err, errlen, "cannot write to stdout");
    return rc;
}

int sink_emit(void *ctx, const telex_raw_story *raw, char *err, size_t errlen)
{
    ingest_sink *sink = ctx;
    telex_buf frame = {0}; /* per call: the watch loop and the HTTP thread may both emit */
    int rc = telex_raw_story_encode(sink->schemas, raw, &frame, err, errlen);
    if (rc == 0 && !sink->producer)
        rc = write_frame(&frame, err, errlen);
    else if (rc == 0)
        rc = telex_producer_send(sink->producer, NULL, raw->key, strlen(raw->key), frame.data,
                                 frame.len, NULL, err, errlen);
    telex_buf_free(&frame);
    if (rc != 0)
        return -1;
    atomic_fetch_add(&sink->sent, 1);
    sink_count(sink, "items", 1);
    return 0;
}

void sink_on_delivery(void *hook_ctx, void *msg_opaque, const char *topic, rd_kafka_resp_err_t err)
{
    ingest_sink *sink = hook_ctx;
    if (err) {
        atomic_fetch_add(&sink->failed, 1);
        sink_count(sink, "delivery_failures", 1);
    } else if (sink->metrics) {
        telex_metrics_add(sink->metrics, TELEX_RECORDS_OUT, topic, 1);
    }
}

void sink_count(ingest_sink *sink, const char *name, uint64_t n)
{
    if (sink->metrics)
        telex_metrics_count(sink->metrics, name, n);
}

int sink_settle(ingest_sink *sink, unsigned long long failures_before, char *err, size_t errlen)
{
    if (!sink->producer) {
        if (fflush(stdout) != 0) {
            snprintf(err, errlen, "cannot write to stdout");
            return -1;
        }
        return 0;
    }
    telex_producer_flush(sink->producer, (int)sink->flush_timeout_ms);
    int outstanding = rd_kafka_outq_len(telex_producer_handle(sink->producer));
    unsigned long long failures = atomic_load(&sink->failed) - failures_before;
    if (outstanding > 0 || failures > 0) {
        snprintf(err, errlen, "%d records still undelivered, %llu failed", outstanding, failures);
        return -1;
    }
    return 0;
}
