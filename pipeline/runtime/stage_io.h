/*
 * The stage runtime's state (struct telex_io) shared by its files:
 * stage.c (start-up and shutdown), kafka_loop.c (the consumer group loop),
 * stdio_loop.c (--stdio) and io.c (the telex_io_* calls stages make).
 */
#ifndef TELEX_RUNTIME_STAGE_IO_H
#define TELEX_RUNTIME_STAGE_IO_H

#include "runtime/metrics.h"
#include "runtime/tracker.h"
#include "telex/records.h"
#include "telex/runtime.h"

struct telex_io {
    const telex_stage_def *def;
    void *ctx;
    telex_config *cfg;
    const telex_common *common;
    telex_logger log;
    telex_schemas *schemas;
    telex_metrics *metrics;
    telex_metrics_server *metrics_server;

    telex_producer *producer; /* NULL in --stdio */
    telex_consumer *consumer; /* NULL in --stdio */
    telex_tracker *tracker;
    int assigned_partitions;

    /* The input record process() is working on (emits are tied to it). */
    int in_process;
    telex_ticket current;

    telex_buf json; /* --stdio --json: one output line */

    int stop;                   /* a fatal error: leave the loop, exit non-zero */
    uint64_t rejected;          /* records dead-lettered (or, in --stdio, logged) */
    uint64_t failed_deliveries; /* delivery reports with an error */
    int64_t last_tick_ms;
    int64_t last_watchdog_ms;
};

/* Milliseconds of CLOCK_MONOTONIC. */
int64_t telex_io_now_ms(void);

/*
 * Calls process() for one input record and settles it: TELEX_OK and
 * TELEX_HELD finish the process() step, TELEX_REJECT also dead-letters the
 * record, TELEX_FATAL (or anything else) sets io->stop. full_topic is the
 * topic's name with its namespace. ticket ties emitted records to the input.
 */
void telex_io_process_record(telex_io *io, const telex_record *rec, const char *full_topic,
                             telex_ticket ticket);

/* Calls the stage's tick() if about 100 ms passed since the last one, and
   feeds the systemd watchdog. */
void telex_io_tick(telex_io *io);
/* Calls the stage's flush(), if it has one; a failure is logged. */
void telex_io_flush_stage(telex_io *io);

/* The --stdio loop and the consumer-group loop; both return the exit code. */
int telex_run_stdio(telex_io *io);
int telex_run_kafka(telex_io *io);

/* systemd notifications (no-ops without NOTIFY_SOCKET). */
void telex_notify_ready(void);
void telex_notify_stopping(void);
void telex_notify_watchdog(telex_io *io);

#endif
