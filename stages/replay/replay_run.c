/*
 * telex-replay's run (see replay_run.h): the feed is loaded whole, ordered and
 * windowed (replay_core.c), then produced with the idempotent producer, each
 * record waiting for its due time (polling delivery reports meanwhile, so a
 * SIGTERM is noticed within 100 ms). Close flushes with a bound; what is not
 * delivered counts as lost and makes the exit code 1.
 */
#include "replay_run.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "replay_core.h"
#include "replay_raw.h"
#include "telex/records.h"

typedef struct delivery_counts {
    uint64_t delivered;
    uint64_t failed;
} delivery_counts;

static void on_delivery(void *hook_ctx, void *msg_opaque, const char *topic,
                        rd_kafka_resp_err_t err)
{
    delivery_counts *counts = hook_ctx;
    if (err)
        counts->failed++;
    else
        counts->delivered++;
}

static int64_t monotonic_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int replay_make_plan(const replay_options *opts, replay_plan *plan, char *err, size_t errlen)
{
    *plan = (replay_plan){0};
    if (replay_parse_speed(opts->speed, &plan->speed, err, errlen) != 0)
        return -1;
    plan->has_from = opts->from != NULL;
    plan->has_to = opts->to != NULL;
    if (plan->has_from && replay_parse_time(opts->from, &plan->from_ms, err, errlen) != 0)
        return -1;
    if (plan->has_to && replay_parse_time(opts->to, &plan->to_ms, err, errlen) != 0)
        return -1;
    return 0;
}

static int load_feed(const telex_common *common, const replay_options *opts,
                     const telex_schemas *schemas, replay_feed *feed, char *err, size_t errlen)
{
    if (common->n_files == 0) {
        snprintf(err, errlen, "no input: give archive files, raw wire files or folders");
        return -1;
    }
    replay_raw_options raw = {schemas, opts->format, opts->published};
    for (size_t i = 0; i < common->n_files; i++)
        if (replay_load_path(feed, common->files[i], replay_raw_load, &raw, err, errlen) != 0)
            return -1;
    return 0;
}

/* Waits until the record due at due_ms (from start_ms) may go; 1 if asked to stop. */
static int wait_until_due(telex_producer *producer, int64_t start_ms, int64_t due_ms)
{
    for (;;) {
        if (telex_signals_stop_requested())
            return 1;
        int64_t left = start_ms + due_ms - monotonic_ms();
        if (left <= 0)
            return 0;
        telex_producer_poll(producer, left < 100 ? (int)left : 100);
    }
}

static void draw_progress(uint64_t done, uint64_t total, int64_t elapsed_ms)
{
    char line[160];
    replay_progress_line(done, total, elapsed_ms, 79, line, sizeof(line));
    fprintf(stderr, "\r%s", line);
}

/* Produces the feed in order; returns how many were queued. */
static uint64_t produce_feed(telex_producer *producer, const replay_feed *feed,
                             const replay_options *opts, const replay_plan *plan,
                             const telex_logger *log, int64_t start_ms)
{
    int tty = isatty(2);
    int64_t last_drawn = 0;
    uint64_t sent = 0;
    for (size_t i = 0; i < feed->n; i++) {
        const replay_item *item = &feed->items[i];
        int64_t due = replay_due_ms(feed->items[0].timestamp_ms, item->timestamp_ms, plan->speed);
        if (wait_until_due(producer, start_ms, due))
            break;
        char err[512];
        if (telex_producer_send(producer, opts->topic ? opts->topic : item->topic, item->key,
                                item->key_len, item->value, item->value_len, NULL, err,
                                sizeof(err)) != 0) {
            telex_log(log, TELEX_LOG_ERROR, "cannot produce", "error", err, NULL);
            break;
        }
        sent++;
        telex_producer_poll(producer, 0);
        if (tty && monotonic_ms() - last_drawn >= 200) {
            last_drawn = monotonic_ms();
            draw_progress(sent, feed->n, last_drawn - start_ms);
        }
    }
    if (tty) {
        draw_progress(sent, feed->n, monotonic_ms() - start_ms);
        fputc('\n', stderr);
    }
    return sent;
}

int replay_run(const telex_config *cfg, const replay_options *opts, const replay_plan *plan)
{
    const telex_common *common = telex_config_common(cfg);
    telex_logger log = {.program = "replay", .min_level = common->log_level, .out = stderr};
    telex_schemas *schemas = NULL;
    replay_feed feed = {0};
    telex_producer *producer = NULL;
    delivery_counts counts = {0};
    char err[1024];
    int exit_code = 1;

    if (telex_schemas_load(NULL, &schemas, err, sizeof(err)) != 0) {
        fprintf(stderr, "telex-replay: cannot load the schemas: %s\n", err);
        return 1;
    }
    if (load_feed(common, opts, schemas, &feed, err, sizeof(err)) != 0) {
        fprintf(stderr, "telex-replay: %s\n", err);
        goto out_free_feed;
    }
    replay_feed_sort(&feed);
    replay_feed_window(&feed, plan->has_from, plan->from_ms, plan->has_to, plan->to_ms);
    if (telex_producer_open(cfg, &log, on_delivery, &counts, &producer, err, sizeof(err)) != 0) {
        fprintf(stderr, "telex-replay: %s\n", err);
        goto out_free_feed;
    }
    int64_t start_ms = monotonic_ms();
    uint64_t sent = produce_feed(producer, &feed, opts, plan, &log, start_ms);
    /* Close flushes with a bound and counts what is still undelivered. */
    uint64_t undelivered = telex_producer_close(producer, (int)common->shutdown_timeout_ms);
    uint64_t lost = undelivered + counts.failed + (feed.n - sent);
    printf("telex-replay: produced %" PRIu64 " records in %.1f s (%" PRIu64 " undelivered)\n",
           counts.delivered, (double)(monotonic_ms() - start_ms) / 1000.0, lost);
    exit_code = lost == 0 ? 0 : 1;
out_free_feed:
    replay_feed_free(&feed);
    telex_schemas_free(schemas);
    return exit_code;
}
