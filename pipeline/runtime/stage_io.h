/*
 * The stage runtime's state (struct telex_io) shared by its files:
 * stage.c (start-up and shutdown), kafka_loop.c (the consumer group loop),
 * txn.c (its exactly-once transactions), stdio_loop.c (--stdio) and io.c
 * (the telex_io_* calls stages make).
 */
#ifndef TELEX_RUNTIME_STAGE_IO_H
#define TELEX_RUNTIME_STAGE_IO_H

#include "runtime/metrics.h"
#include "runtime/tracker.h"
#include "runtime/txn_batch.h"
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

    /* exactly_once: the open transaction and the input it consumed. */
    int txn_open;
    int txn_doomed;      /* a record could not be produced: abort, do not commit */
    int aborts_in_a_row; /* transactions aborted since the last commit */
    telex_txn_batch batch;

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

/*
 * 0 when the stage's descriptor fits the configuration, or -1 with a line in
 * err (a stage whose records are held cannot run exactly_once).
 */
int telex_stage_check_config(const telex_stage_def *def, const telex_common *common, char *err,
                             size_t errlen);

/* ---- exactly_once (txn.c) ---- */

/* Most records, and most milliseconds, one transaction spans. */
#define TELEX_TXN_MAX_RECORDS 500
#define TELEX_TXN_MAX_MS      100
/* Transactions aborted in a row (each retried after a growing pause) before the stage stops. */
#define TELEX_TXN_MAX_ABORTS_IN_A_ROW 8

/* Begins a transaction unless one is open. 0, or -1 with the reason in err. */
int telex_txn_ensure_open(telex_io *io, char *err, size_t errlen);
/* Counts one record produced inside the open transaction to topic (a logical name; NULL: the
   output topic), for /metrics once it commits or aborts. 0, or -1 with the reason in err. */
int telex_txn_count_output(telex_io *io, const char *topic, char *err, size_t errlen);
/*
 * A record could not be produced inside the open transaction (the producer
 * refused it: the transaction is in an abortable state, or was fenced): the
 * transaction must not commit. Logs reason; the loop then aborts it and
 * rewinds, as for any abortable error.
 */
void telex_txn_doom(telex_io *io, const char *reason);
/* Processes one consumed record inside the open transaction (opening one);
   a doomed transaction only notes the record, to read it again. */
void telex_txn_process(telex_io *io, const telex_record *rec, const char *full_topic);
/* Commits the open transaction once it is due (TELEX_TXN_MAX_*). */
void telex_txn_poll(telex_io *io);
/*
 * Before partitions are revoked and when stopping: commits the open
 * transaction (aborts it when io->stop says the stage failed) and then the
 * group's offsets. A fatal error or fencing sets io->stop.
 */
void telex_txn_settle(telex_io *io);

#endif
