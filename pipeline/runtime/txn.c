/*
 * Exactly-once processing (processing.guarantee=exactly_once): the stage
 * consumes, processes and produces inside librdkafka transactions.
 *
 * A transaction opens with the first record consumed (or the first record a
 * stage emits from tick()). Every output and every dead letter of the records
 * it holds is produced inside it. When it is due (TELEX_TXN_MAX_RECORDS
 * records or TELEX_TXN_MAX_MS after it began), the next offset of every input
 * partition it read goes to the transaction with the consumer group's
 * metadata, and the transaction commits: outputs and input offsets become
 * visible together, or not at all.
 *
 * /metrics counts what a transaction produced when it ends: as
 * telex_records_out_total once it commits, as telex_records_aborted_total
 * once it is aborted (those records are produced again with the retry).
 *
 * Errors by kind: an error that needs an abort (a failed delivery, a record
 * the producer refused, a rebalance that fenced the group generation) aborts
 * the transaction and rewinds the consumer to the batch's first offsets, so
 * its records are processed again, after a pause that grows with each abort
 * in a row (TELEX_TXN_MAX_ABORTS_IN_A_ROW of them stop the stage); a retriable error retries the
 * call a few times; a fatal error (the producer was fenced by another instance with the same
 * transactional.id) stops the stage with one line and exit code 1.
 *
 * After a commit the same offsets are also committed by the consumer itself
 * (asynchronously). With Kafka that is redundant: the transaction committed
 * them. The embedded telex-broker (librdkafka 2.0.2's mock cluster) accepts
 * TxnOffsetCommit but never stores those offsets, and without this a
 * restarted stage would read its input again from the beginning.
 */
#include "runtime/stage_io.h"

#include <string.h>
#include <time.h>

/* How often a retriable transaction call is tried before it counts as fatal. */
#define TXN_ATTEMPTS 5

static rd_kafka_t *producer_rk(telex_io *io)
{
    return telex_producer_handle(io->producer);
}

static int txn_timeout_ms(const telex_io *io)
{
    return (int)io->common->shutdown_timeout_ms;
}

/* Logs a transaction error that ends the stage and sets io->stop; destroys e. */
static void stop_on_txn_error(telex_io *io, const char *what, rd_kafka_error_t *e)
{
    char fatal_reason[512] = "";

    if (rd_kafka_error_is_fatal(e))
        rd_kafka_fatal_error(producer_rk(io), fatal_reason, sizeof(fatal_reason));
    telex_log(&io->log, TELEX_LOG_ERROR, what, "error",
              fatal_reason[0] ? fatal_reason : rd_kafka_error_string(e), "fatal",
              rd_kafka_error_is_fatal(e) ? "true" : "false", "transactional_id",
              io->common->transactional_id, NULL);
    rd_kafka_error_destroy(e);
    io->stop = 1;
}

/* 1 when e is retriable and attempts remain (e is then logged and destroyed). */
static int retry_after(telex_io *io, const char *what, rd_kafka_error_t *e, int attempt)
{
    if (!rd_kafka_error_is_retriable(e) || attempt + 1 >= TXN_ATTEMPTS)
        return 0;
    telex_log(&io->log, TELEX_LOG_WARN, what, "error", rd_kafka_error_string(e), "retry", "true",
              NULL);
    rd_kafka_error_destroy(e);
    return 1;
}

int telex_txn_ensure_open(telex_io *io, char *err, size_t errlen)
{
    rd_kafka_error_t *e;

    if (io->txn_open)
        return 0;
    e = rd_kafka_begin_transaction(producer_rk(io));
    if (e) {
        snprintf(err, errlen, "cannot begin a transaction: %s", rd_kafka_error_string(e));
        stop_on_txn_error(io, "cannot begin a transaction", e);
        return -1;
    }
    io->txn_open = 1;
    telex_txn_batch_reset(&io->batch, telex_io_now_ms());
    return 0;
}

int telex_txn_count_output(telex_io *io, const char *topic, char *err, size_t errlen)
{
    char full[512];

    if (!topic)
        topic = io->common->output_topic;
    if (!topic || telex_config_topic(io->cfg, topic, full, sizeof(full)) != 0) {
        snprintf(err, errlen, "no output topic (or a name too long)");
        return -1;
    }
    if (telex_txn_batch_add_output(&io->batch, full) != 0) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    return 0;
}

/* Adds what the ending transaction produced to counter (records out, or aborted). */
static void count_outputs(telex_io *io, telex_topic_counter counter)
{
    for (size_t i = 0; i < io->batch.n_outputs; i++)
        telex_metrics_add(io->metrics, counter, io->batch.outputs[i].topic,
                          io->batch.outputs[i].records);
}

void telex_txn_doom(telex_io *io, const char *reason)
{
    if (!io->txn_doomed)
        telex_log(&io->log, TELEX_LOG_WARN, "cannot produce; the transaction will be aborted",
                  "error", reason, NULL);
    io->txn_doomed = 1;
}

void telex_txn_process(telex_io *io, const telex_record *rec, const char *full_topic)
{
    char err[512];
    const telex_ticket untracked = {.slot = -1};

    if (telex_txn_ensure_open(io, err, sizeof(err)) != 0)
        return; /* io->stop is set; the record stays unread */
    /* Noted even when doomed: the rewind must cover every record consumed since it began. */
    telex_txn_batch_add(&io->batch, full_topic, rec->partition, rec->offset);
    if (!io->txn_doomed)
        telex_io_process_record(io, rec, full_topic, untracked);
}

/* Moves the consumer back to the batch's first offsets. 0, or -1 (io->stop set). */
static int rewind_input(telex_io *io)
{
    rd_kafka_t *consumer = telex_consumer_handle(io->consumer);
    rd_kafka_error_t *e;

    if (io->batch.first->cnt == 0)
        return 0;
    e = rd_kafka_seek_partitions(consumer, io->batch.first, txn_timeout_ms(io));
    for (int i = 0; !e && i < io->batch.first->cnt; i++) {
        const rd_kafka_topic_partition_t *p = &io->batch.first->elems[i];
        /* A partition no longer assigned is read again by its new owner. */
        if (p->err && p->err != RD_KAFKA_RESP_ERR__UNKNOWN_PARTITION &&
            p->err != RD_KAFKA_RESP_ERR__STATE) {
            telex_log(&io->log, TELEX_LOG_ERROR, "cannot rewind the input", "topic", p->topic,
                      "error", rd_kafka_err2str(p->err), NULL);
            io->stop = 1; /* going on would skip the aborted records */
            return -1;
        }
    }
    if (e) {
        stop_on_txn_error(io, "cannot rewind the input", e);
        return -1;
    }
    return 0;
}

/* Ends the open transaction's bookkeeping. */
static void close_batch(telex_io *io)
{
    io->txn_open = 0;
    io->txn_doomed = 0;
    telex_txn_batch_reset(&io->batch, telex_io_now_ms());
}

/*
 * After an abort: a pause that doubles with each transaction aborted in a row
 * (100 ms to 2 s), so a failing broker is not hammered; too many in a row
 * stop the stage. 0, or -1 (io->stop set).
 */
static int back_off_after_abort(telex_io *io)
{
    char count[16];
    int pause_ms = 100;

    if (++io->aborts_in_a_row >= TELEX_TXN_MAX_ABORTS_IN_A_ROW) {
        snprintf(count, sizeof(count), "%d", io->aborts_in_a_row);
        telex_log(&io->log, TELEX_LOG_ERROR, "transactions keep failing; stopping",
                  "aborted_in_a_row", count, NULL);
        io->stop = 1;
        return -1;
    }
    for (int i = 1; i < io->aborts_in_a_row && pause_ms < 2000; i++)
        pause_ms *= 2;
    struct timespec pause = {.tv_sec = pause_ms / 1000, .tv_nsec = (pause_ms % 1000) * 1000000L};
    nanosleep(&pause, NULL);
    return 0;
}

/* Aborts the open transaction and rewinds its input. 0, or -1 (io->stop set). */
static int abort_batch(telex_io *io)
{
    rd_kafka_error_t *e;
    char count[32];

    for (int attempt = 0;; attempt++) {
        e = rd_kafka_abort_transaction(producer_rk(io), txn_timeout_ms(io));
        if (!e || !retry_after(io, "cannot abort the transaction", e, attempt))
            break;
    }
    if (e) {
        stop_on_txn_error(io, "cannot abort the transaction", e);
        return -1;
    }
    snprintf(count, sizeof(count), "%zu", io->batch.records);
    telex_log(&io->log, TELEX_LOG_WARN, "transaction aborted; its input will be read again",
              "records", count, NULL);
    count_outputs(io, TELEX_RECORDS_ABORTED);
    int rc = rewind_input(io);
    close_batch(io);
    if (rc == 0 && !io->stop)
        rc = back_off_after_abort(io);
    return rc;
}

/* Sends the batch's next offsets to the transaction, with the group's metadata. */
static rd_kafka_error_t *send_offsets(telex_io *io)
{
    rd_kafka_consumer_group_metadata_t *group;
    rd_kafka_error_t *e;

    if (io->batch.next->cnt == 0)
        return NULL; /* only tick() emitted: no input to commit */
    group = rd_kafka_consumer_group_metadata(telex_consumer_handle(io->consumer));
    e = rd_kafka_send_offsets_to_transaction(producer_rk(io), io->batch.next, group,
                                             txn_timeout_ms(io));
    rd_kafka_consumer_group_metadata_destroy(group);
    return e;
}

/* Offsets and commit, each retried while retriable; NULL on success. */
static rd_kafka_error_t *send_offsets_and_commit(telex_io *io)
{
    rd_kafka_error_t *e;

    for (int attempt = 0;; attempt++) {
        e = send_offsets(io);
        if (!e || !retry_after(io, "cannot send offsets to the transaction", e, attempt))
            break;
    }
    if (e)
        return e;
    for (int attempt = 0;; attempt++) {
        e = rd_kafka_commit_transaction(producer_rk(io), txn_timeout_ms(io));
        if (!e || !retry_after(io, "cannot commit the transaction", e, attempt))
            break;
    }
    return e;
}

/*
 * Hands the committed offsets to the consumer too (see the top): stored for
 * its final commit, and committed now without waiting, so a kill -9 on
 * telex-broker repeats at most about one transaction's input.
 */
static void commit_offsets_to_group(telex_io *io)
{
    rd_kafka_t *consumer = telex_consumer_handle(io->consumer);
    rd_kafka_resp_err_t rc;

    if (io->batch.next->cnt == 0)
        return;
    rc = rd_kafka_offsets_store(consumer, io->batch.next);
    if (!rc)
        rc = rd_kafka_commit(consumer, io->batch.next, 1);
    if (rc)
        telex_log(&io->log, TELEX_LOG_DEBUG, "cannot commit offsets to the group", "error",
                  rd_kafka_err2str(rc), NULL);
}

/* Commits the open transaction, or aborts and rewinds it when it must. */
static void commit_batch(telex_io *io)
{
    rd_kafka_error_t *e;

    if (io->txn_doomed) {
        abort_batch(io);
        return;
    }
    e = send_offsets_and_commit(io);
    if (!e) {
        io->aborts_in_a_row = 0;
        count_outputs(io, TELEX_RECORDS_OUT);
        commit_offsets_to_group(io);
        close_batch(io);
        return;
    }
    if (rd_kafka_error_txn_requires_abort(e)) {
        telex_log(&io->log, TELEX_LOG_WARN, "transaction failed; aborting it", "error",
                  rd_kafka_error_string(e), NULL);
        rd_kafka_error_destroy(e);
        abort_batch(io);
        return;
    }
    stop_on_txn_error(io, "cannot commit the transaction", e);
}

void telex_txn_poll(telex_io *io)
{
    if (io->txn_open && !io->stop &&
        (io->txn_doomed || telex_txn_batch_due(&io->batch, telex_io_now_ms(), TELEX_TXN_MAX_RECORDS,
                                               TELEX_TXN_MAX_MS)))
        commit_batch(io);
}

void telex_txn_settle(telex_io *io)
{
    rd_kafka_resp_err_t rc;

    if (telex_producer_failed(io->producer)) {
        io->stop = 1; /* a fatal producer can neither commit nor abort */
        return;
    }
    if (io->txn_open && io->stop)
        abort_batch(io); /* the stage failed mid-batch: none of it may show */
    else if (io->txn_open)
        commit_batch(io);
    rc = rd_kafka_commit(telex_consumer_handle(io->consumer), NULL, 0);
    if (rc && rc != RD_KAFKA_RESP_ERR__NO_OFFSET)
        telex_log(&io->log, TELEX_LOG_WARN, "cannot commit offsets", "error", rd_kafka_err2str(rc),
                  NULL);
}
