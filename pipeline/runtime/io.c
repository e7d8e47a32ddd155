/*
 * What a stage sees of the runtime: the telex_io_* calls of stage.h, and the
 * settling of each input record after process() returned (dead letters
 * included), shared by the --stdio and consumer-group loops.
 *
 * Emitted records are tied to the input record being processed through a
 * tracker ticket that travels as the produced message's opaque, so the input
 * offset is stored only once every delivery report for it came back. With
 * exactly_once every record is produced inside the open transaction instead
 * (txn.c), and its offset is committed with it.
 */
#include "runtime/stage_io.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int64_t telex_io_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* --stdio: the frame, length-prefixed, or its JSON view as one line. */
static int emit_to_stdout(telex_io *io, const void *value, size_t value_len, char *err,
                          size_t errlen)
{
    if (!io->common->json) {
        if (telex_frame_write(stdout, value, value_len) != 0)
            goto err_write;
        return 0;
    }
    telex_buf_reset(&io->json);
    if (telex_frame_to_json(io->schemas, value, value_len, &io->json, err, errlen) != 0)
        return -1;
    if (fwrite(io->json.data, 1, io->json.len, stdout) != io->json.len || putchar('\n') == EOF)
        goto err_write;
    return 0;

err_write:
    snprintf(err, errlen, "cannot write to stdout");
    return -1;
}

/* Produces one record tied to ticket (slot -1: tied to no input record). */
static int send_tracked(telex_io *io, const char *topic, const void *key, size_t key_len,
                        const void *value, size_t value_len, telex_ticket ticket, char *err,
                        size_t errlen)
{
    telex_ticket *opaque = malloc(sizeof(*opaque));

    if (!opaque) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    if (io->common->exactly_once && telex_txn_ensure_open(io, err, errlen) != 0) {
        free(opaque);
        return -1;
    }
    *opaque = ticket;
    telex_tracker_add_pending(io->tracker, ticket);
    if (telex_producer_send(io->producer, topic, key, key_len, value, value_len, opaque, err,
                            errlen) != 0) {
        telex_tracker_done(io->tracker, ticket, 0);
        free(opaque);
        if (!io->common->exactly_once)
            return -1;
        /* The whole transaction is redone: not the stage's failure. */
        telex_txn_doom(io, err);
        return 0;
    }
    if (io->common->exactly_once)
        return telex_txn_count_output(io, topic, err, errlen);
    return 0;
}

int telex_io_emit(telex_io *io, const char *topic, const void *key, size_t key_len,
                  const void *value, size_t value_len, char *err, size_t errlen)
{
    telex_ticket untracked = {.slot = -1};

    if (io->common->stdio)
        return emit_to_stdout(io, value, value_len, err, errlen);
    return send_tracked(io, topic, key, key_len, value, value_len,
                        io->in_process ? io->current : untracked, err, errlen);
}

void telex_io_release(telex_io *io, const char *topic, int32_t partition, int64_t offset)
{
    char full[512];

    if (io->common->stdio || telex_config_topic(io->cfg, topic, full, sizeof(full)) != 0)
        return;
    int slot = telex_tracker_find(io->tracker, full, partition);
    if (slot >= 0)
        telex_tracker_release(io->tracker, slot, offset);
}

const telex_schemas *telex_io_schemas(const telex_io *io)
{
    return io->schemas;
}

void telex_io_count(telex_io *io, const char *name, uint64_t n)
{
    telex_metrics_count(io->metrics, name, n);
}

void telex_io_log(telex_io *io, const char *level, const char *fmt, ...)
{
    telex_log_level parsed = TELEX_LOG_INFO;
    char msg[2048];
    va_list ap;

    telex_log_level_parse(level, &parsed);
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    telex_log(&io->log, parsed, msg, NULL);
}

/* ---- settling an input record ---- */

static void iso_now(char *out, size_t outlen)
{
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(out, outlen, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static void log_rejected(telex_io *io, const telex_record *rec, const char *full_topic,
                         const char *reason)
{
    char partition[16], offset[32];
    snprintf(partition, sizeof(partition), "%d", rec->partition);
    snprintf(offset, sizeof(offset), "%lld", (long long)rec->offset);
    telex_log(&io->log, TELEX_LOG_WARN, "record rejected", "topic", full_topic, "partition",
              partition, "offset", offset, "error", reason, NULL);
}

/* Sends the record's original bytes and the reason to the dead-letter topic. */
static int send_dead_letter(telex_io *io, const telex_record *rec, const char *full_topic,
                            const char *reason, telex_ticket ticket)
{
    char failed_at[32], err[512];
    telex_buf frame = {0};
    int rc = -1;

    iso_now(failed_at, sizeof(failed_at));
    telex_dead_letter dead = {
        .payload = (uint8_t *)rec->value,
        .payload_len = rec->value_len,
        .stage = (char *)io->def->name,
        .error = (char *)reason,
        .topic = (char *)full_topic,
        .partition = rec->partition,
        .offset = rec->offset,
        .failed_at = failed_at,
    };
    if (telex_dead_letter_encode(io->schemas, &dead, &frame, err, sizeof(err)) != 0 ||
        send_tracked(io, io->common->dlq_topic, rec->key, rec->key_len, frame.data, frame.len,
                     ticket, err, sizeof(err)) != 0) {
        telex_log(&io->log, TELEX_LOG_ERROR, "cannot send a dead letter", "error", err, NULL);
        goto out_free_frame;
    }
    rc = 0;

out_free_frame:
    telex_buf_free(&frame);
    return rc;
}

static void reject_record(telex_io *io, const telex_record *rec, const char *full_topic,
                          const char *reason, telex_ticket ticket)
{
    log_rejected(io, rec, full_topic, reason);
    io->rejected++;
    telex_metrics_add(io->metrics, TELEX_RECORDS_DEAD_LETTERED, full_topic, 1);
    if (io->common->stdio)
        return; /* no dead-letter topic without a broker: the log line is the report */
    if (send_dead_letter(io, rec, full_topic, reason, ticket) != 0)
        io->stop = 1; /* the record would be lost: stop before storing past it */
}

void telex_io_process_record(telex_io *io, const telex_record *rec, const char *full_topic,
                             telex_ticket ticket)
{
    char err[1024];
    struct timespec t0, t1;

    err[0] = '\0'; /* not the whole buffer: this runs for every record */
    telex_metrics_add(io->metrics, TELEX_RECORDS_IN, full_topic, 1);
    io->in_process = 1;
    io->current = ticket;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    int rc = io->def->process(io->ctx, rec, io, err, sizeof(err));
    clock_gettime(CLOCK_MONOTONIC, &t1);
    err[sizeof(err) - 1] = '\0'; /* whatever the stage wrote, a string */
    io->in_process = 0;
    telex_metrics_observe(io->metrics,
                          (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9);

    switch (rc) {
    case TELEX_OK:
        break;
    case TELEX_HELD:
        if (io->common->exactly_once) {
            /* Normally refused at start-up (holds_records); a stage that did not say so. */
            telex_log(&io->log, TELEX_LOG_ERROR, "stage failed", "topic", full_topic, "error",
                      "process() returned TELEX_HELD, which exactly_once cannot honour", NULL);
            io->stop = 1;
            return;
        }
        telex_tracker_hold(io->tracker, ticket);
        break;
    case TELEX_REJECT:
        reject_record(io, rec, full_topic, err[0] ? err : "rejected (no reason given)", ticket);
        break;
    default:
        telex_log(&io->log, TELEX_LOG_ERROR, "stage failed", "topic", full_topic, "error",
                  err[0] ? err : "fatal error (no reason given)", NULL);
        io->stop = 1;
        return; /* the process() step stays pending: this offset is never stored */
    }
    telex_tracker_done(io->tracker, ticket, 0);
}

static void call_stage(telex_io *io, int (*fn)(void *, telex_io *, char *, size_t),
                       const char *what)
{
    char err[1024] = "";

    if (fn && fn(io->ctx, io, err, sizeof(err)) != 0) {
        telex_log(&io->log, TELEX_LOG_ERROR, what, "error", err[0] ? err : "(no reason given)",
                  NULL);
        io->stop = 1;
    }
}

void telex_io_tick(telex_io *io)
{
    int64_t now = telex_io_now_ms();

    telex_notify_watchdog_every(&io->last_watchdog_ms);
    if (now - io->last_tick_ms < 100)
        return;
    io->last_tick_ms = now;
    call_stage(io, io->def->tick, "tick failed");
}

void telex_io_flush_stage(telex_io *io)
{
    call_stage(io, io->def->flush, "flush failed");
}
