/*
 * The stage SDK: what a Telex stage is written against.
 *
 * A stage is a descriptor (telex_stage_def) filled with designated
 * initializers: a name, default input and output topics, a config table and
 * init / process / exit callbacks. main() hands it to telex_stage_main(), and
 * the runtime in pipeline/ does everything else: command line and config,
 * the Kafka consumer group and idempotent producer, at-least-once offset
 * storage, dead letters, signals, logs, /metrics, and --stdio mode.
 *
 * The runtime calls process() once per input record. process() decodes the
 * bytes (telex/records.h), does its work and emits zero or more output frames
 * through telex_io_emit(). It returns TELEX_OK, or TELEX_REJECT with a
 * one-line reason in err: the runtime then sends the original bytes to the
 * dead-letter topic and goes on. The source offset is stored only after every
 * record emitted for it is delivered.
 */
#ifndef TELEX_STAGE_H
#define TELEX_STAGE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Result codes of callbacks. */
enum telex_result {
    TELEX_OK = 0,
    TELEX_REJECT = -1, /* this record is bad: dead-letter it, keep going */
    TELEX_FATAL = -2,  /* the stage cannot go on: stop cleanly, exit non-zero */
    TELEX_HELD = 1,    /* process() keeps the record (e.g. in an open file): its
                          offset is stored only after telex_io_release() */
};

/* Types of config table entries and the C type at `offset` in the context. */
typedef enum telex_conf_type {
    TELEX_CONF_STRING = 1, /* char *, owned by the runtime, valid until exit() returns */
    TELEX_CONF_INT,        /* int64_t */
    TELEX_CONF_BOOL,       /* int (0 or 1); accepts true/false/1/0/yes/no */
    TELEX_CONF_DOUBLE,     /* double */
} telex_conf_type;

/*
 * One configurable key of a stage. The full key is "<stage name>.<key>", set
 * with -X, -c FILE or the environment (TELEX_<STAGE>_<KEY>, dots and dashes
 * as underscores). The table ends with an all-zero entry.
 */
typedef struct telex_conf_entry {
    telex_conf_type type;
    const char *key;           /* "kb.dir" */
    const char *default_value; /* as text; NULL means unset (NULL string) */
    size_t offset;             /* offsetof(struct my_ctx, field) */
    const char *description;   /* one line, for --help */
} telex_conf_entry;

/* One input record, as consumed (or read from stdin in --stdio mode). */
typedef struct telex_record {
    const char *topic; /* without the namespace prefix; "stdin" in --stdio */
    int32_t partition;
    int64_t offset;
    const void *key;
    size_t key_len;
    const void *value;
    size_t value_len;
    int64_t timestamp_ms;
} telex_record;

/* The runtime's handle, passed to every callback. Opaque. */
typedef struct telex_io telex_io;
/* The loaded Avro schemas (telex/records.h). Opaque. */
typedef struct telex_schemas telex_schemas;

typedef struct telex_stage_def {
    const char *name;               /* "normalize": binary telex-normalize, group telex-normalize */
    const char *description;        /* one line, for --help */
    const char *input_topics;       /* default inputs, comma-separated; "^regex" for a pattern;
                                       NULL for a stage that only produces */
    const char *output_topic;       /* default output topic; NULL for a sink */
    const telex_conf_entry *config; /* the stage's own keys; may be NULL */
    size_t ctx_size;                /* the runtime allocates this much, zeroed, and fills
                                       the config fields before init() */
    int (*init)(void *ctx, telex_io *io, char *err, size_t errlen);
    int (*process)(void *ctx, const telex_record *in, telex_io *io, char *err, size_t errlen);
    /* Optional: called about every 100 ms from the poll loop (time-based work). */
    int (*tick)(void *ctx, telex_io *io, char *err, size_t errlen);
    /* Optional: partitions are about to be revoked or the stage is stopping:
       finish or drop whatever is held (then release what is durable). */
    int (*flush)(void *ctx, telex_io *io, char *err, size_t errlen);
    void (*exit)(void *ctx);
    /* 1 if process() may return TELEX_HELD. Such a stage cannot run with
       processing.guarantee=exactly_once (a transaction cannot span held
       records): the runtime refuses that combination at start-up. */
    int holds_records;
} telex_stage_def;

/* Runs the stage until SIGTERM/SIGINT or a fatal error; returns the exit code. */
int telex_stage_main(const telex_stage_def *def, int argc, char **argv);

/*
 * Emits one output frame (normally an Avro single-object frame) keyed by key.
 * topic NULL means the stage's output topic; a topic name is taken without the
 * namespace prefix, which the runtime adds. The bytes are copied.
 * Returns 0, or -1 with a reason in err.
 */
int telex_io_emit(telex_io *io, const char *topic, const void *key, size_t key_len,
                  const void *value, size_t value_len, char *err, size_t errlen);

/* After process() returned TELEX_HELD: every held record of topic/partition up
   to and including offset may now be committed. */
void telex_io_release(telex_io *io, const char *topic, int32_t partition, int64_t offset);

/* The schemas the runtime loaded at start-up. */
const telex_schemas *telex_io_schemas(const telex_io *io);

/* Adds n to the stage's own counter telex_<stage>_<name>_total in /metrics. */
void telex_io_count(telex_io *io, const char *name, uint64_t n);

/* One logfmt line on stderr at level "debug", "info", "warn" or "error". */
void telex_io_log(telex_io *io, const char *level, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#ifdef __cplusplus
}
#endif
#endif
