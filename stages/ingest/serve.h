/*
 * telex-ingest's daemon sources, which run together until SIGTERM or SIGINT:
 * --watch DIR (polled every ingest.poll.ms; each new file sent once, also
 * across restarts: see watch_state.h) and --listen ADDR:PORT (http.h).
 * Once both are open, /readyz turns 200 and systemd hears READY=1; the loop
 * feeds systemd's watchdog and serves delivery reports every 100 ms. A watched
 * file or POST that cannot be ingested is logged and counted as rejected (and
 * a file is recorded as done, not retried); it does not fail the daemon.
 * The watched folder's manifest.tsv (manifest.h) is read again before each
 * scan and never sent; while it cannot be read, the error is logged once and
 * no file is taken. Write it the safe way too (a .tmp, then a rename), and
 * before the files it describes.
 */
#ifndef TELEX_INGEST_SERVE_H
#define TELEX_INGEST_SERVE_H

#include "health.h"
#include "sources.h"

/* Runs until a stop signal. Returns 0, or -1 after logging why a source could not start
   or go on (an unreadable directory, a busy port, a broken state file). */
int ingest_serve(ingest_run *run, ingest_health *health);

#endif
