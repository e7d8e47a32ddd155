/*
 * The daemon loop of serve.h.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "http.h"
#include "manifest.h"
#include "serve.h"
#include "watch_state.h"

/* The open daemon sources; any may be NULL. The watched folder's manifest is the one read
   before the last scan; manifest_error is the last reason it could not be read ("" when it
   could), so a broken manifest is logged once, not at every scan. */
typedef struct daemon_sources {
    watch_state *state;
    watch_dir *dir;
    ingest_manifest *manifest;
    char manifest_error[1024];
    ingest_http *http;
} daemon_sources;

/* watch_file_fn: send the file, then wait until its records are delivered. */
static int watch_one(void *ctx, const char *path, const char *name)
{
    ingest_run *run = ctx;
    char err[512];
    unsigned long long failures_before = atomic_load(&run->sink->failed);
    if (ingest_file(run, path) != 0)
        return 0; /* bad input is logged once and recorded, not retried forever */
    if (sink_settle(run->sink, failures_before, err, sizeof err) != 0) {
        telex_log(run->log, TELEX_LOG_WARN, "delivery not confirmed; will retry", "input", path,
                  "error", err, NULL);
        return 1;
    }
    return 0;
}

static int open_watch(const ingest_options *o, daemon_sources *s, char *err, size_t errlen)
{
    char state_path[4096];
    snprintf(state_path, sizeof state_path, "%s/.telex-ingest.state", o->watch);
    if (watch_state_open(o->state ? o->state : state_path, &s->state, err, errlen) != 0)
        return -1;
    return watch_dir_open(o->watch, s->state, &s->dir, err, errlen);
}

/* Reads the watched folder's manifest.tsv again before a scan, so files dropped together with
   a new manifest get its columns. Returns 0, or -1 when it cannot be read: the scan then
   waits, since its files' formats and times would be guesses. */
static int reload_manifest(ingest_run *run, daemon_sources *s)
{
    char err[1024];
    ingest_manifest *fresh = NULL;
    if (manifest_load_dir(run->opts->watch, &fresh, err, sizeof err) != 0) {
        if (strcmp(err, s->manifest_error) != 0)
            telex_log(run->log, TELEX_LOG_ERROR,
                      "cannot read manifest; files wait until it is fixed", "input",
                      run->opts->watch, "error", err, NULL);
        snprintf(s->manifest_error, sizeof s->manifest_error, "%s", err);
        return -1;
    }
    s->manifest_error[0] = '\0';
    manifest_free(s->manifest);
    s->manifest = fresh;
    run->manifest = fresh;
    return 0;
}

static int open_listen(ingest_run *run, daemon_sources *s, char *err, size_t errlen)
{
    const ingest_options *o = run->opts;
    ingest_http_options h = {
        .listen = o->listen,
        .format = o->format,
        .source = o->source ? o->source : "http",
        .published_at = o->published,
        .max_bytes = (size_t)o->max_bytes,
        .sink = run->sink,
    };
    if (ingest_http_start(&h, &s->http, err, errlen) != 0)
        return -1;
    telex_log(run->log, TELEX_LOG_INFO, "listening", "listen", o->listen, NULL);
    return 0;
}

static void close_sources(ingest_run *run, daemon_sources *s)
{
    ingest_http_stop(s->http);
    run->manifest = NULL;
    manifest_free(s->manifest);
    watch_dir_close(s->dir);
    watch_state_close(s->state);
}

/* Scans the directory every poll.ms, serves delivery reports, feeds the watchdog. */
static int loop(ingest_run *run, daemon_sources *s, ingest_health *health, char *err, size_t errlen)
{
    int64_t poll_ms = run->opts->poll_ms, waited_ms = poll_ms;
    while (!telex_signals_stop_requested()) {
        if (s->dir && waited_ms >= poll_ms) {
            waited_ms = 0;
            if (reload_manifest(run, s) == 0 && watch_scan(s->dir, watch_one, run, err, errlen) < 0)
                return -1;
        }
        if (run->sink->producer)
            telex_producer_poll(run->sink->producer, 100);
        else
            usleep(100 * 1000);
        waited_ms += 100;
        ingest_health_watchdog(health);
    }
    return 0;
}

int ingest_serve(ingest_run *run, ingest_health *health)
{
    char err[1024];
    daemon_sources sources = {0};
    if ((run->opts->watch && open_watch(run->opts, &sources, err, sizeof err) != 0) ||
        (run->opts->listen && open_listen(run, &sources, err, sizeof err) != 0))
        goto err_close_sources;
    ingest_health_ready(health, 1);
    int rc = loop(run, &sources, health, err, sizeof err);
    ingest_health_stopping(health);
    if (rc != 0)
        goto err_close_sources;
    close_sources(run, &sources);
    return 0;

err_close_sources:
    telex_log(run->log, TELEX_LOG_ERROR, "cannot go on", "error", err, NULL);
    close_sources(run, &sources);
    return -1;
}
