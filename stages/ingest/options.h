/*
 * telex-ingest's command line: its own configuration keys (ingest.*), the
 * flags that set them, and the checks that run before any source is opened.
 * The runtime (telex/runtime.h) parses them together with its common keys
 * (-b, -X, -c, --output, --metrics, --log-level ...) and prints --help from
 * the same tables.
 */
#ifndef TELEX_INGEST_OPTIONS_H
#define TELEX_INGEST_OPTIONS_H

#include <stddef.h>
#include <stdint.h>

#include "telex/runtime.h"

/* The resolved ingest.* keys; strings belong to the telex_config. */
typedef struct ingest_options {
    char *format;    /* "auto" or a format name */
    char *published; /* ISO 8601; NULL: the file's mtime */
    int to_stdout;   /* frames to stdout, no broker */
    char *watch;     /* directory to watch; NULL: none */
    char *state;     /* state file of --watch; NULL: DIR/.telex-ingest.state */
    char *listen;    /* HTTP push endpoint; NULL: none */
    char *source;    /* source name; NULL: file, stdin or http */
    int64_t poll_ms;
    int64_t max_bytes;
} ingest_options;

extern const telex_program ingest_program;

/* Checks values the runtime cannot: the format name, the --published time, positive
   numbers. Returns 0, or -1 with a one-line reason. */
int ingest_check_options(const ingest_options *o, char *err, size_t errlen);

/* 1 when --watch or --listen makes telex-ingest a daemon (runs until SIGTERM). */
int ingest_is_daemon(const ingest_options *o);

#endif
