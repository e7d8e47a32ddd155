/*
 * telex-ingest's one-shot sources: the FILE arguments (a directory argument is
 * read once, file by file in name order, hidden files skipped; "-" is stdin),
 * or stdin when there is no argument and no daemon source. Each file or
 * stream is one payload for ingest_payload() (ingest.h); what cannot be read
 * or ingested is logged with its reason, counted as rejected, and makes the
 * exit code non-zero, and the other inputs still go.
 */
#ifndef TELEX_INGEST_SOURCES_H
#define TELEX_INGEST_SOURCES_H

#include <stddef.h>

#include "options.h"
#include "sink.h"
#include "telex/runtime.h"

/* One run of telex-ingest: its options, where records go, and how many inputs failed. */
typedef struct ingest_run {
    const ingest_options *opts;
    ingest_sink *sink;
    const telex_logger *log;
    int errors;
} ingest_run;

/* Sends one file (source_file is its base name, the default time its mtime). Returns 0, or
   -1 after logging and counting the failure. */
int ingest_file(ingest_run *run, const char *path);

/* The FILE arguments in order, or stdin when there are none and no daemon source runs. */
void ingest_arguments(ingest_run *run, char *const *files, size_t n_files);

#endif
