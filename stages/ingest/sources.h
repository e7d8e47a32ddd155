/*
 * telex-ingest's one-shot sources: the FILE arguments (a directory argument is
 * read once, file by file in name order, hidden files skipped; "-" is stdin),
 * or stdin when there is no argument and no daemon source. A directory's
 * manifest.tsv (manifest.h) is not sent: it gives the other files their
 * format and publication time unless --format or --published says otherwise;
 * a manifest that cannot be read fails the whole directory, since its files'
 * formats and times would be guesses. A FILE named on its own is sent as the
 * command line says, without looking for a manifest. Each file or
 * stream is one payload for ingest_payload() (ingest.h); what cannot be read
 * or ingested is logged with its reason and counted as rejected on /metrics,
 * the other inputs still go, and run->errors makes the exit code non-zero.
 */
#ifndef TELEX_INGEST_SOURCES_H
#define TELEX_INGEST_SOURCES_H

#include <stddef.h>

#include "manifest.h"
#include "options.h"
#include "sink.h"
#include "telex/runtime.h"

/* One run of telex-ingest: its options, where records go, the manifest of the directory
   being read (NULL: none), and how many one-shot inputs failed (a daemon's rejected inputs
   are only logged and counted). */
typedef struct ingest_run {
    const ingest_options *opts;
    ingest_sink *sink;
    const telex_logger *log;
    const ingest_manifest *manifest;
    int errors;
} ingest_run;

/* Sends one file (source_file is its base name; format and time from the command line, else
   from run->manifest, else detected and its mtime). Returns 0, or -1 after logging the
   failure and counting it on /metrics (not in run->errors). */
int ingest_file(ingest_run *run, const char *path);

/* The FILE arguments in order, or stdin when there are none and no daemon source runs. */
void ingest_arguments(ingest_run *run, char *const *files, size_t n_files);

#endif
