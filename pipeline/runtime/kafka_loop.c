/*
 * The consumer-group loop: wait for a record (100 ms at most, so a signal is
 * noticed), then process it and whatever else is already fetched, up to
 * DRAIN_MAX_RECORDS records or DRAIN_MAX_MS; then serve delivery reports,
 * store the offsets whose records are complete, tick. Doing that bookkeeping
 * once per drained batch, not once per record, is what keeps the runtime's
 * own cost per record small. Rebalances arrive inside the poll: assigned
 * partitions get a tracker slot; before partitions are revoked the stage is
 * flushed, deliveries are awaited (bounded), offsets stored and committed.
 *
 * Shutdown order: flush the stage, await deliveries with a bound, store and
 * commit, close the consumer (leaving the group), close the producer and
 * report what was not delivered.
 *
 * With processing.guarantee=exactly_once the same loop hands records to
 * txn.c, which processes them inside transactions and commits input offsets
 * with the outputs; the tracker is not used then.
 */
#include "runtime/stage_io.h"

#include <stdlib.h>
#include <string.h>

static void on_delivery(void *hook_ctx, void *msg_opaque, const char *topic,
                        rd_kafka_resp_err_t err)
{
    telex_io *io = hook_ctx;
    telex_ticket *ticket = msg_opaque;

    if (ticket) {
        telex_tracker_done(io->tracker, *ticket, err != RD_KAFKA_RESP_ERR_NO_ERROR);
        free(ticket);
    }
    if (io->common->exactly_once)
        return; /* counted when its transaction commits or aborts (txn.c); an error fails the
                   transaction, which is aborted and retried */
    if (err) {
        io->failed_deliveries++;
        io->stop = 1; /* never store past a record whose output was lost */
        return;
    }
    telex_metrics_add(io->metrics, TELEX_RECORDS_OUT, topic, 1);
}

/* Stores, for every partition, one past the last complete record. */
static void store_offsets(telex_io *io)
{
    rd_kafka_topic_partition_list_t *list = NULL;
    int32_t partition;

    for (int slot = 0; slot < telex_tracker_slots(io->tracker); slot++) {
        const char *topic = telex_tracker_slot_topic(io->tracker, slot, &partition);
        int64_t next = topic ? telex_tracker_take_committable(io->tracker, slot) : -1;
        if (next < 0)
            continue;
        if (!list)
            list = rd_kafka_topic_partition_list_new(8);
        rd_kafka_topic_partition_list_add(list, topic, partition)->offset = next;
    }
    if (!list)
        return;
    rd_kafka_resp_err_t rc = rd_kafka_offsets_store(telex_consumer_handle(io->consumer), list);
    if (rc)
        telex_log(&io->log, TELEX_LOG_WARN, "cannot store offsets", "error", rd_kafka_err2str(rc),
                  NULL);
    rd_kafka_topic_partition_list_destroy(list);
}

/* Stores what is complete and commits it now, waiting for the answer. */
static void commit_offsets(telex_io *io)
{
    store_offsets(io);
    rd_kafka_resp_err_t rc = rd_kafka_commit(telex_consumer_handle(io->consumer), NULL, 0);
    if (rc && rc != RD_KAFKA_RESP_ERR__NO_OFFSET)
        telex_log(&io->log, TELEX_LOG_WARN, "cannot commit offsets", "error", rd_kafka_err2str(rc),
                  NULL);
}

static void update_ready(telex_io *io)
{
    telex_metrics_set_ready(io->metrics, io->assigned_partitions > 0);
}

static void on_assign(void *hook_ctx, const rd_kafka_topic_partition_list_t *parts)
{
    telex_io *io = hook_ctx;

    for (int i = 0; i < parts->cnt; i++) {
        /* A fresh slot: tickets of an earlier ownership must not match. */
        telex_tracker_revoke(io->tracker, parts->elems[i].topic, parts->elems[i].partition);
        telex_tracker_slot(io->tracker, parts->elems[i].topic, parts->elems[i].partition);
    }
    io->assigned_partitions += parts->cnt;
    update_ready(io);
}

static void on_revoke(void *hook_ctx, const rd_kafka_topic_partition_list_t *parts)
{
    telex_io *io = hook_ctx;

    telex_io_flush_stage(io);
    if (io->common->exactly_once) {
        telex_txn_settle(io);
    } else {
        telex_producer_flush(io->producer, (int)io->common->shutdown_timeout_ms);
        commit_offsets(io);
    }
    for (int i = 0; i < parts->cnt; i++)
        telex_tracker_revoke(io->tracker, parts->elems[i].topic, parts->elems[i].partition);
    io->assigned_partitions -= parts->cnt;
    if (io->assigned_partitions < 0)
        io->assigned_partitions = 0;
    update_ready(io);
}

static void on_stats(void *hook_ctx, const char *json, size_t len)
{
    telex_io *io = hook_ctx;
    if (telex_metrics_set_lag_from_stats(io->metrics, json, len) != 0)
        telex_log(&io->log, TELEX_LOG_DEBUG, "cannot read librdkafka statistics", NULL);
}

static void handle_message(telex_io *io, rd_kafka_message_t *msg)
{
    if (msg->err == RD_KAFKA_RESP_ERR__PARTITION_EOF)
        return;
    if (msg->err) {
        /* A consumer error is logged and skipped; librdkafka retries on its own. */
        telex_log(&io->log, TELEX_LOG_WARN, "consumer error", "error", rd_kafka_message_errstr(msg),
                  NULL);
        return;
    }
    const char *full_topic = rd_kafka_topic_name(msg->rkt);
    const telex_record rec = {
        .topic = telex_config_logical_topic(io->cfg, full_topic),
        .partition = msg->partition,
        .offset = msg->offset,
        .key = msg->key,
        .key_len = msg->key_len,
        .value = msg->payload,
        .value_len = msg->len,
        .timestamp_ms = rd_kafka_message_timestamp(msg, NULL),
    };
    if (io->common->exactly_once) {
        telex_txn_process(io, &rec, full_topic);
        return;
    }
    int slot = telex_tracker_slot(io->tracker, full_topic, msg->partition);
    telex_ticket ticket = telex_tracker_begin(io->tracker, slot, msg->offset);
    if (ticket.slot < 0) {
        telex_log(&io->log, TELEX_LOG_ERROR, "out of memory", NULL);
        io->stop = 1;
        return;
    }
    telex_io_process_record(io, &rec, full_topic, ticket);
}

static int open_clients(telex_io *io)
{
    char err[1024];
    telex_consumer_opts opts = {
        .use_group = 1,
        .on_assign = on_assign,
        .on_revoke = on_revoke,
        .on_stats = io->metrics_server ? on_stats : NULL,
        .hook_ctx = io,
    };

    if (telex_producer_open(io->cfg, &io->log, on_delivery, io, &io->producer, err, sizeof(err)) !=
            0 ||
        telex_consumer_open(io->cfg, &io->log, &opts, &io->consumer, err, sizeof(err)) != 0 ||
        telex_consumer_subscribe(io->consumer, err, sizeof(err)) != 0) {
        telex_log(&io->log, TELEX_LOG_ERROR, err, NULL);
        return -1;
    }
    return 0;
}

/* Records, and milliseconds, one drain processes at most before the bookkeeping. */
#define DRAIN_MAX_RECORDS 500
#define DRAIN_MAX_MS      20

/*
 * Processes the records the consumer already holds, the first one waited for
 * (100 ms at most), the rest taken only while they are there. Stops early on
 * a fatal error or a stop request. With exactly_once the open transaction is
 * committed as soon as it is due, after any record, as before batching.
 */
static void drain_records(telex_io *io, rd_kafka_t *rk)
{
    int64_t started_ms = telex_io_now_ms();
    int timeout_ms = 100;

    for (int n = 0; n < DRAIN_MAX_RECORDS && !io->stop && !telex_signals_stop_requested(); n++) {
        rd_kafka_message_t *msg = rd_kafka_consumer_poll(rk, timeout_ms);
        if (!msg)
            return;
        handle_message(io, msg);
        rd_kafka_message_destroy(msg);
        if (io->common->exactly_once)
            telex_txn_poll(io);
        if (telex_io_now_ms() - started_ms >= DRAIN_MAX_MS)
            return;
        timeout_ms = 0;
    }
}

static void poll_loop(telex_io *io)
{
    rd_kafka_t *rk = telex_consumer_handle(io->consumer);

    while (!io->stop && !telex_signals_stop_requested()) {
        drain_records(io, rk);
        telex_producer_poll(io->producer, 0);
        if (io->common->exactly_once)
            telex_txn_poll(io);
        else
            store_offsets(io);
        telex_io_tick(io);
        if (telex_producer_failed(io->producer))
            io->stop = 1;
    }
}

static int shut_down(telex_io *io)
{
    int timeout_ms = (int)io->common->shutdown_timeout_ms;
    int exit_code;

    telex_log(&io->log, TELEX_LOG_INFO, "stopping", NULL);
    telex_notify_stopping();
    telex_io_flush_stage(io);
    if (io->common->exactly_once) {
        telex_txn_settle(io); /* commits, or aborts after a failure */
    } else {
        telex_producer_flush(io->producer, timeout_ms);
        commit_offsets(io);
    }
    telex_consumer_close(io->consumer); /* leaves the group; on_revoke commits again */
    io->consumer = NULL;
    exit_code = io->stop ? 1 : 0; /* also set by a transaction that could not settle */
    /* telex_producer_close() logs how many records were not delivered. */
    if (telex_producer_close(io->producer, timeout_ms) > 0)
        exit_code = 1;
    io->producer = NULL;
    return exit_code;
}

int telex_run_kafka(telex_io *io)
{
    if (open_clients(io) != 0) {
        telex_consumer_close(io->consumer);
        telex_producer_close(io->producer, 0);
        io->consumer = NULL;
        io->producer = NULL;
        return 1;
    }
    telex_log(&io->log, TELEX_LOG_INFO, "running", "brokers", io->common->brokers, "group",
              io->common->group_id, "input", io->common->input_topics, "output",
              io->common->output_topic ? io->common->output_topic : "", "namespace",
              io->common->topic_ns, "guarantee",
              io->common->exactly_once ? "exactly_once" : "at_least_once", "transactional_id",
              io->common->transactional_id ? io->common->transactional_id : "", NULL);
    telex_notify_ready();
    poll_loop(io);
    return shut_down(io);
}
