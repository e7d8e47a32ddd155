/*
 * telex-cat's modes, one file each: reading a topic (cat_consume.c) and
 * producing length-prefixed frames from stdin (cat_produce.c). Reading an
 * archive file is one call into the records module (main.c).
 */
#ifndef TELEX_CAT_H
#define TELEX_CAT_H

#include <stdint.h>

#include "telex/records.h"
#include "telex/runtime.h"

/* The config fields of telex-cat's own keys (cat.*). */
typedef struct cat_options {
    int produce;        /* -P */
    int exit_at_end;    /* -e */
    const char *offset; /* -o beginning|end|N|-N */
    const char *file;   /* -f: an Avro object container file */
    int64_t count;      /* --count: stop after this many records; 0: no limit */
} cat_options;

/* Each returns the exit code. */
int cat_consume(const telex_config *cfg, const cat_options *opts, const telex_logger *log,
                const telex_schemas *schemas);
int cat_produce(const telex_config *cfg, const telex_logger *log);

/* "beginning", "end", "N" (from N), "-N" (the last N) to a librdkafka start offset. */
int cat_parse_offset(const char *text, int64_t *out);

#endif
