/*
 * The runtime's lower layer, for binaries that are not consume-process-produce
 * stages (telex-cat, telex-ingest, telex-replay, telex-archive) and for the
 * stage runtime itself.
 *
 * A program is described by a telex_program: a name, its own config table
 * (keys "<name>.<key>", as in stage.h) and its own flags. telex_config_parse()
 * reads the command line, the -c properties file and the environment into a
 * telex_config with the precedence defaults < -c FILE < environment < command
 * line, and checks every key: Telex's own keys (the runtime table and
 * "<name>.*") by type, any other key by librdkafka, so a typo fails at start-up.
 * Secrets for containers: TELEX_KAFKA_<KEY> sets any librdkafka key
 * (TELEX_KAFKA_SASL_PASSWORD: sasl.password), and a value "@file:PATH" (from
 * any source, for any key) is replaced by PATH's contents without the trailing
 * newline. Values of secret keys and values read from files are never printed.
 * telex_config_help() prints --help from the same tables.
 *
 * telex_producer and telex_consumer are librdkafka handles configured from a
 * telex_config: the producer is idempotent (and transactional, its
 * transactions initialized, with processing.guarantee=exactly_once) and its
 * close flushes with a bound and reports what could not be delivered; the consumer joins the
 * program's group with the cooperative-sticky protocol and explicit offset stores, or joins no
 * group at all (for readers such as telex-cat that must not disturb a stage's group). Topic names
 * given to these functions are logical names
 * ("wire.raw"); the namespace prefix is added here.
 *
 * Errors: functions return 0 on success and -1 with a one-line reason in err.
 */
#ifndef TELEX_RUNTIME_H
#define TELEX_RUNTIME_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <librdkafka/rdkafka.h>

#include "telex/stage.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Logging: one logfmt line per event on stderr ---- */

typedef enum telex_log_level {
    TELEX_LOG_DEBUG = 0,
    TELEX_LOG_INFO,
    TELEX_LOG_WARN,
    TELEX_LOG_ERROR,
} telex_log_level;

typedef struct telex_logger {
    const char *program;       /* "tag": the stage= field */
    telex_log_level min_level; /* lines below this level are dropped */
    FILE *out;                 /* stderr unless a test says otherwise */
} telex_logger;

/* "debug", "info", "warn" (or "warning"), "error" to a level. Returns 0 or -1. */
int telex_log_level_parse(const char *text, telex_log_level *out);
const char *telex_log_level_name(telex_log_level level);

/*
 * Writes one line: ts=... level=... stage=... msg="..." then the fields,
 * given as key, value string pairs ended by NULL. Values are escaped.
 * Safe to call from several threads (one fwrite per line).
 */
void telex_log(const telex_logger *log, telex_log_level level, const char *msg, ...);

/* ---- Programs and their configuration ---- */

/* Groups of the runtime's own keys a program uses (--help shows only those). */
enum telex_key_group {
    TELEX_KEYS_CONSUMER = 1 << 0, /* -t input.topics, -G group.id */
    TELEX_KEYS_PRODUCER = 1 << 1, /* --output output.topic */
    TELEX_KEYS_STAGE = 1 << 2,    /* --stdio, --json, --dlq */
};

/* A flag of a program's own: -e or --exit sets a key of its config table. */
typedef struct telex_flag {
    char short_name;       /* 'e' for -e; 0 for none */
    const char *long_name; /* "exit" for --exit; NULL for none */
    const char *key;       /* full key it sets: "cat.exit" */
    const char *value;     /* the value a flag without argument sets ("true");
                              NULL: the flag takes an argument */
    const char *arg_name;  /* "OFFSET" in --help, for flags with an argument */
} telex_flag;

typedef struct telex_program {
    const char *name;               /* "cat": binary telex-cat, keys cat.*, env TELEX_CAT_* */
    const char *description;        /* one line */
    const char *usage;              /* after the binary's name: "[options] [FILE...]" */
    unsigned key_groups;            /* enum telex_key_group bits */
    const char *input_topics;       /* default of input.topics (may be NULL) */
    const char *output_topic;       /* default of output.topic (may be NULL) */
    const telex_conf_entry *config; /* the program's own keys; may be NULL */
    const telex_flag *flags;        /* the program's own flags, ended by {0}; may be NULL */
    int takes_files;                /* 1: positional arguments are allowed */
} telex_program;

/* The runtime's own settings, resolved. Strings belong to the telex_config. */
typedef struct telex_common {
    const char *brokers;        /* bootstrap.servers; NULL when not given */
    const char *topic_ns;       /* namespace; "" for none */
    const char *input_topics;   /* comma-separated logical names, or "^regex" */
    const char *output_topic;   /* may be NULL */
    const char *dlq_topic;      /* "wire.dlq" */
    const char *group_id;       /* "telex-<name>" */
    const char *metrics_listen; /* "127.0.0.1:9108"; NULL: no metrics listener */
    telex_log_level log_level;
    int stdio; /* --stdio */
    int json;  /* --json */
    int help;  /* -h/--help was given: print telex_config_help() and exit 0 */
    int64_t connect_timeout_ms;
    int64_t shutdown_timeout_ms;
    char *const *files; /* positional arguments */
    size_t n_files;
    int exactly_once;             /* processing.guarantee=exactly_once */
    const char *transactional_id; /* with exactly_once: the producer's id; else NULL */
} telex_common;

typedef struct telex_config telex_config;

/*
 * Parses argv (from argv[1]), the -c files it names and the environment
 * (envp, NULL-terminated "NAME=value" strings; NULL means environ) into *out.
 * When prog->config is not NULL, fills ctx from it (see stage.h for the C
 * types; strings stay owned by the config). On failure *out is NULL and err
 * holds a line such as: unknown configuration key "foo.bar" (from -X).
 */
int telex_config_parse(const telex_program *prog, int argc, char **argv, char **envp, void *ctx,
                       telex_config **out, char *err, size_t errlen);
void telex_config_free(telex_config *cfg);

const telex_common *telex_config_common(const telex_config *cfg);
/* The resolved value of any key (Telex's or librdkafka's), or NULL if unset. */
const char *telex_config_get(const telex_config *cfg, const char *key);
/* Sets every librdkafka key of cfg on conf. */
int telex_config_apply_kafka(const telex_config *cfg, rd_kafka_conf_t *conf, char *err,
                             size_t errlen);
/* The topic's full name with the namespace prefix, e.g. "bt42.wire.raw". */
int telex_config_topic(const telex_config *cfg, const char *topic, char *out, size_t outlen);
/* The logical name of a full topic name (the prefix stripped), a pointer into it. */
const char *telex_config_logical_topic(const telex_config *cfg, const char *full_topic);

/* Prints usage, flags and every key with type, default and description. */
void telex_config_help(const telex_program *prog, FILE *out);
/* 1 if the key's value must never be printed (passwords, secrets, keys). */
int telex_config_is_secret(const char *key);
/* Prints "key=value" lines of every key that was set (not defaults), secrets as ***. */
void telex_config_dump(const telex_config *cfg, FILE *out);

/* ---- Kafka clients ---- */

/* Called from telex_producer_poll() for each delivery report; err 0 is success. */
typedef void telex_delivery_fn(void *hook_ctx, void *msg_opaque, const char *topic,
                               rd_kafka_resp_err_t err);

typedef struct telex_producer telex_producer;

/*
 * Creates an idempotent producer and waits (at most connect.timeout.ms) until
 * a broker answers. on_delivery may be NULL. log must outlive the producer.
 */
int telex_producer_open(const telex_config *cfg, const telex_logger *log,
                        telex_delivery_fn *on_delivery, void *hook_ctx, telex_producer **out,
                        char *err, size_t errlen);
/*
 * Queues one record for topic (a logical name; NULL: output.topic). Bytes are
 * copied. When the queue is full, serves delivery reports and retries for at
 * most shutdown.timeout.ms. msg_opaque comes back in on_delivery.
 */
int telex_producer_send(telex_producer *p, const char *topic, const void *key, size_t key_len,
                        const void *value, size_t value_len, void *msg_opaque, char *err,
                        size_t errlen);
/* Serves delivery reports, waiting at most timeout_ms. */
void telex_producer_poll(telex_producer *p, int timeout_ms);
/* Waits at most timeout_ms for every queued record's delivery report. */
void telex_producer_flush(telex_producer *p, int timeout_ms);
/* 1 once librdkafka reported a fatal error (the producer cannot go on). */
int telex_producer_failed(const telex_producer *p);
rd_kafka_t *telex_producer_handle(telex_producer *p);
/*
 * Flushes for at most timeout_ms, drops what is left, destroys the producer
 * and returns how many records were not delivered (0 when all were).
 * NULL-safe.
 */
uint64_t telex_producer_close(telex_producer *p, int timeout_ms);

typedef struct telex_consumer telex_consumer;

typedef struct telex_consumer_opts {
    int use_group;     /* 1: join group.id (cooperative-sticky, offsets stored by the caller
                          with rd_kafka_offsets_store and auto-committed); 0: no group, no
                          commits: the caller assigns partitions itself */
    int partition_eof; /* 1: report the end of each partition (enable.partition.eof) */
    /* Group mode: called after partitions were added, and before they are taken away. */
    void (*on_assign)(void *hook_ctx, const rd_kafka_topic_partition_list_t *parts);
    void (*on_revoke)(void *hook_ctx, const rd_kafka_topic_partition_list_t *parts);
    /* Called with librdkafka's statistics JSON (statistics.interval.ms); may be NULL. */
    void (*on_stats)(void *hook_ctx, const char *json, size_t len);
    void *hook_ctx;
} telex_consumer_opts;

/* Creates a consumer and waits (at most connect.timeout.ms) until a broker answers. */
int telex_consumer_open(const telex_config *cfg, const telex_logger *log,
                        const telex_consumer_opts *opts, telex_consumer **out, char *err,
                        size_t errlen);
/* Group mode: subscribes to input.topics (namespaced; "^regex" patterns too). */
int telex_consumer_subscribe(telex_consumer *c, char *err, size_t errlen);
rd_kafka_t *telex_consumer_handle(telex_consumer *c);
/* Leaves the group (running on_revoke) and destroys the consumer. NULL-safe. */
void telex_consumer_close(telex_consumer *c);

/* Waits at most timeout_ms until a broker of rk answers a metadata request. */
int telex_kafka_wait_for_broker(rd_kafka_t *rk, const char *brokers, int64_t timeout_ms, char *err,
                                size_t errlen);

/* ---- Metrics, health and systemd, for any daemon ---- */

/*
 * A metrics registry: per-topic record counters, the program's own counters
 * (telex_<program>_<name>_total, optionally with one label), the processing
 * histogram and consumer lag of stages, and readiness. Every function takes
 * the registry's mutex, so the main loop and the HTTP thread may call them at
 * any time. The stage runtime keeps one per stage; telex-ingest and other
 * daemons make their own.
 */
typedef struct telex_metrics telex_metrics;

/* Per-topic counters (telex_records_<counter>_total{topic="..."}). */
typedef enum telex_topic_counter {
    TELEX_RECORDS_IN,            /* input records handed to process() */
    TELEX_RECORDS_OUT,           /* output records delivered (exactly_once: committed) */
    TELEX_RECORDS_DEAD_LETTERED, /* input records sent to the dead-letter topic */
    TELEX_RECORDS_ABORTED,       /* output records of transactions that were aborted */
    TELEX_TOPIC_COUNTER_COUNT,
} telex_topic_counter;

/* program: "ingest", used in the names of the program's own counters. NULL when out of memory. */
telex_metrics *telex_metrics_new(const char *program);
/* NULL-safe. Stop the server first. */
void telex_metrics_free(telex_metrics *m);
/* Adds n to a per-topic counter; topic is shown as given (full or logical name). */
void telex_metrics_add(telex_metrics *m, telex_topic_counter counter, const char *topic,
                       uint64_t n);
/* Adds n to telex_<program>_<name>_total (anything outside [a-zA-Z0-9_] becomes '_'). */
void telex_metrics_count(telex_metrics *m, const char *name, uint64_t n);
/* Adds n to telex_<program>_<name>_total{<label>="<value>"}, e.g. ("inputs_failed",
   "format", "nitf"). The label's name is cleaned like name; its value is escaped. */
void telex_metrics_count_labelled(telex_metrics *m, const char *name, const char *label,
                                  const char *value, uint64_t n);
/* What /readyz answers: 200 when ready is 1, 503 when 0 (the initial state). */
void telex_metrics_set_ready(telex_metrics *m, int ready);

/* The HTTP listener on its own thread: /metrics, /healthz, /readyz. */
typedef struct telex_metrics_server telex_metrics_server;

/* listen is "ADDR:PORT" ("127.0.0.1:0" picks a free port). m must outlive the server.
   0, or -1 with a line such as: cannot listen for metrics on 127.0.0.1:9108 (address in use?) */
int telex_metrics_server_start(telex_metrics *m, const char *listen, telex_metrics_server **out,
                               char *err, size_t errlen);
/* The port listened on. */
int telex_metrics_server_port(const telex_metrics_server *server);
/* Stops the thread and frees the server. NULL-safe. */
void telex_metrics_server_stop(telex_metrics_server *server);

/*
 * systemd notifications (Type=notify units); each does nothing when
 * NOTIFY_SOCKET is unset. READY=1 once the daemon serves, STOPPING=1 on the
 * way out. telex_notify_watchdog_every() is called from the main loop: it
 * sends WATCHDOG=1 when the unit has WatchdogSec and half of it passed since
 * *last_ms (a CLOCK_MONOTONIC time in ms, 0 at first), and then updates *last_ms.
 */
void telex_notify_ready(void);
void telex_notify_stopping(void);
void telex_notify_watchdog_every(int64_t *last_ms);

/* ---- Signals ---- */

/* Installs SIGTERM/SIGINT handlers that only set a flag. */
void telex_signals_install(void);
/* 1 once SIGTERM or SIGINT arrived. */
int telex_signals_stop_requested(void);

#ifdef __cplusplus
}
#endif
#endif
