/*
 * telex-ingest: wire files, watched directories, stdin or HTTP POSTs to
 * wire.raw, one RawStory per item (ingest.h). With --stdout the records go to
 * stdout as length-prefixed frames and no broker is needed:
 *
 *     telex-ingest --stdout story.xml | telex-normalize --stdio --json
 *
 * Sources, in the order they run: the FILE arguments (a directory argument is
 * read once, file by file; "-" is stdin), then --watch DIR (polled every
 * ingest.poll.ms until SIGTERM, each new file sent once, also across restarts:
 * see watch_state.h) and --listen ADDR:PORT (http.h), which run together until
 * SIGTERM. With none of them, stdin is read.
 */
#include <dirent.h>
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "formats.h"
#include "http.h"
#include "ingest.h"
#include "sink.h"
#include "telex/runtime.h"
#include "watch_state.h"

typedef struct ingest_options {
    char *format;
    char *published;
    int to_stdout;
    char *watch;
    char *state;
    char *listen;
    char *source;
    int64_t poll_ms;
    int64_t max_bytes;
} ingest_options;

static const telex_conf_entry ingest_config[] = {
    {TELEX_CONF_STRING, "format", "auto", offsetof(ingest_options, format),
     "auto, text, nitf, newsml, anpa, rss, atom or json"},
    {TELEX_CONF_STRING, "published", NULL, offsetof(ingest_options, published),
     "publication time for formats that carry none (default: the file's mtime)"},
    {TELEX_CONF_BOOL, "stdout", "false", offsetof(ingest_options, to_stdout),
     "write length-prefixed frames to stdout instead of Kafka"},
    {TELEX_CONF_STRING, "watch", NULL, offsetof(ingest_options, watch),
     "watch this directory and send each new file once"},
    {TELEX_CONF_STRING, "state", NULL, offsetof(ingest_options, state),
     "state file of --watch (default: DIR/.telex-ingest.state)"},
    {TELEX_CONF_STRING, "listen", NULL, offsetof(ingest_options, listen),
     "accept HTTP POSTs of payloads on ADDR:PORT"},
    {TELEX_CONF_STRING, "source", NULL, offsetof(ingest_options, source),
     "source name in the records (default: file, stdin or http)"},
    {TELEX_CONF_INT, "poll.ms", "1000", offsetof(ingest_options, poll_ms),
     "how often --watch scans the directory"},
    {TELEX_CONF_INT, "max.bytes", "67108864", offsetof(ingest_options, max_bytes),
     "largest file or POST body accepted"},
    {0},
};

static const telex_flag ingest_flags[] = {
    {0, "format", "ingest.format", NULL, "FORMAT"},
    {0, "published", "ingest.published", NULL, "TIME"},
    {0, "stdout", "ingest.stdout", "true", NULL},
    {0, "watch", "ingest.watch", NULL, "DIR"},
    {0, "state", "ingest.state", NULL, "FILE"},
    {0, "listen", "ingest.listen", NULL, "ADDR:PORT"},
    {0, "source", "ingest.source", NULL, "NAME"},
    {0},
};

static const telex_program ingest_program = {
    .name = "ingest",
    .description = "send wire files, watched directories, stdin or HTTP POSTs to wire.raw",
    .usage = "[--format F] [--published TIME] [--stdout] [--watch DIR] [--listen ADDR:PORT] "
             "[FILE|DIR|-]...",
    .key_groups = TELEX_KEYS_PRODUCER,
    .output_topic = "wire.raw",
    .config = ingest_config,
    .flags = ingest_flags,
    .takes_files = 1,
};

typedef struct ingest_run {
    const ingest_options *opts;
    ingest_sink *sink;
    const telex_logger *log;
    int errors;
} ingest_run;

/* Reads at most max bytes of f into *out (caller frees). Returns 0, or -1 with a reason. */
static int read_all(FILE *f, const char *name, size_t max, char **out, size_t *len, char *err,
                    size_t errlen)
{
    size_t cap = 65536, n = 0;
    char *buf = malloc(cap);
    while (buf) {
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (n > max) {
            snprintf(err, errlen, "%s: over ingest.max.bytes (%zu)", name, max);
            break;
        }
        if (got == 0) {
            if (ferror(f)) {
                snprintf(err, errlen, "%s: read error: %s", name, strerror(errno));
                break;
            }
            *out = buf;
            *len = n;
            return 0;
        }
        if (n == cap) {
            char *grown = realloc(buf, cap * 2);
            if (!grown)
                break;
            buf = grown;
            cap *= 2;
        }
    }
    if (!buf || n <= max)
        snprintf(err, errlen, "%s: out of memory", name);
    free(buf);
    return -1;
}

/* Sends one payload; logs and counts an error. Returns the record count or -1. */
static long send_payload(ingest_run *run, const ingest_source *src, const char *data, size_t len,
                         const char *what)
{
    char err[1024];
    long n = ingest_payload(src, data, len, sink_emit, run->sink, err, sizeof err);
    if (n < 0) {
        telex_log(run->log, TELEX_LOG_ERROR, "cannot ingest", "input", what, "error", err, NULL);
        run->errors++;
    } else {
        char count[32];
        snprintf(count, sizeof count, "%ld", n);
        telex_log(run->log, TELEX_LOG_INFO, "ingested", "input", what, "records", count, NULL);
    }
    return n;
}

static int ingest_file(ingest_run *run, const char *path)
{
    char err[1024], mtime_text[32];
    struct stat st;
    FILE *f = fopen(path, "rb");
    if (!f || fstat(fileno(f), &st) != 0) {
        telex_log(run->log, TELEX_LOG_ERROR, "cannot open", "input", path, "error", strerror(errno),
                  NULL);
        if (f)
            fclose(f);
        run->errors++;
        return -1;
    }
    char *data = NULL;
    size_t len = 0;
    int rc = read_all(f, path, (size_t)run->opts->max_bytes, &data, &len, err, sizeof err);
    fclose(f);
    if (rc != 0) {
        telex_log(run->log, TELEX_LOG_ERROR, "cannot read", "input", path, "error", err, NULL);
        run->errors++;
        return -1;
    }
    ingest_format_local_time(st.st_mtime, mtime_text);
    const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    ingest_source src = {run->opts->format, run->opts->source ? run->opts->source : "file", base,
                         run->opts->published ? run->opts->published : mtime_text};
    long n = send_payload(run, &src, data, len, path);
    free(data);
    return n < 0 ? -1 : 0;
}

static int ingest_stdin(ingest_run *run)
{
    char err[1024];
    char *data = NULL;
    size_t len = 0;
    if (read_all(stdin, "stdin", (size_t)run->opts->max_bytes, &data, &len, err, sizeof err)) {
        telex_log(run->log, TELEX_LOG_ERROR, "cannot read", "input", "stdin", "error", err, NULL);
        run->errors++;
        return -1;
    }
    ingest_source src = {run->opts->format, run->opts->source ? run->opts->source : "stdin", NULL,
                         run->opts->published};
    long n = send_payload(run, &src, data, len, "stdin");
    free(data);
    return n < 0 ? -1 : 0;
}

/* A directory argument: every regular, non-hidden file once, in name order. */
static void ingest_directory(ingest_run *run, const char *dir)
{
    struct dirent **entries = NULL;
    int n = scandir(dir, &entries, NULL, alphasort);
    if (n < 0) {
        telex_log(run->log, TELEX_LOG_ERROR, "cannot read directory", "input", dir, "error",
                  strerror(errno), NULL);
        run->errors++;
        return;
    }
    for (int i = 0; i < n; i++) {
        char path[4096];
        struct stat st;
        snprintf(path, sizeof path, "%s/%s", dir, entries[i]->d_name);
        if (entries[i]->d_name[0] != '.' && stat(path, &st) == 0 && S_ISREG(st.st_mode))
            ingest_file(run, path);
        free(entries[i]);
    }
    free(entries);
}

static void ingest_argument(ingest_run *run, const char *arg)
{
    struct stat st;
    if (strcmp(arg, "-") == 0)
        ingest_stdin(run);
    else if (stat(arg, &st) == 0 && S_ISDIR(st.st_mode))
        ingest_directory(run, arg);
    else
        ingest_file(run, arg);
}

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

/* --watch and --listen until SIGTERM/SIGINT. Returns 0 or -1. */
static int serve(ingest_run *run)
{
    const ingest_options *o = run->opts;
    char err[1024], state_path[4096];
    watch_state *state = NULL;
    watch_dir *dir = NULL;
    ingest_http *http = NULL;
    int rc = -1;
    if (o->watch) {
        snprintf(state_path, sizeof state_path, "%s/.telex-ingest.state", o->watch);
        if (watch_state_open(o->state ? o->state : state_path, &state, err, sizeof err) != 0 ||
            watch_dir_open(o->watch, state, &dir, err, sizeof err) != 0)
            goto err_report;
    }
    if (o->listen) {
        ingest_http_options h = {o->listen,
                                 o->format,
                                 o->source ? o->source : "http",
                                 o->published,
                                 (size_t)o->max_bytes,
                                 run->sink};
        if (ingest_http_start(&h, &http, err, sizeof err) != 0)
            goto err_report;
        telex_log(run->log, TELEX_LOG_INFO, "listening", "listen", o->listen, NULL);
    }
    int64_t waited_ms = o->poll_ms;
    while (!telex_signals_stop_requested()) {
        if (dir && waited_ms >= o->poll_ms) {
            waited_ms = 0;
            if (watch_scan(dir, watch_one, run, err, sizeof err) < 0)
                goto err_report;
        }
        if (run->sink->producer)
            telex_producer_poll(run->sink->producer, 100);
        else
            usleep(100 * 1000);
        waited_ms += 100;
    }
    rc = 0;
    goto out;
err_report:
    telex_log(run->log, TELEX_LOG_ERROR, "cannot go on", "error", err, NULL);
out:
    ingest_http_stop(http);
    watch_dir_close(dir);
    watch_state_close(state);
    return rc;
}

static int check_options(const ingest_options *o, char *err, size_t errlen)
{
    if (strcmp(o->format, "auto") != 0 && !wire_format_known(o->format)) {
        snprintf(err, errlen,
                 "bad --format \"%s\" (auto, text, nitf, newsml, anpa, rss, atom, "
                 "json)",
                 o->format);
        return -1;
    }
    if (o->published && ingest_check_time(o->published) != 0) {
        snprintf(err, errlen,
                 "bad --published \"%s\" (want ISO 8601, e.g. "
                 "2016-11-10T12:00:00+09:00)",
                 o->published);
        return -1;
    }
    if (o->poll_ms <= 0 || o->max_bytes <= 0) {
        snprintf(err, errlen, "ingest.poll.ms and ingest.max.bytes must be positive");
        return -1;
    }
    return 0;
}

static int run_sources(const telex_config *cfg, const ingest_options *o, ingest_sink *sink,
                       const telex_logger *log)
{
    const telex_common *common = telex_config_common(cfg);
    ingest_run run = {o, sink, log, 0};
    for (size_t i = 0; i < common->n_files; i++)
        ingest_argument(&run, common->files[i]);
    if (common->n_files == 0 && !o->watch && !o->listen)
        ingest_stdin(&run);
    if ((o->watch || o->listen) && serve(&run) != 0)
        run.errors++;
    return run.errors;
}

static int run(const telex_config *cfg, const ingest_options *o)
{
    const telex_common *common = telex_config_common(cfg);
    telex_logger log = {.program = "ingest", .min_level = common->log_level, .out = stderr};
    telex_schemas *schemas = NULL;
    char err[1024];
    if (check_options(o, err, sizeof err) != 0) {
        fprintf(stderr, "telex-ingest: %s\n", err);
        return 2;
    }
    if (telex_schemas_load(NULL, &schemas, err, sizeof err) != 0) {
        fprintf(stderr, "telex-ingest: cannot load the schemas: %s\n", err);
        return 1;
    }
    ingest_sink sink = {.schemas = schemas, .flush_timeout_ms = common->shutdown_timeout_ms};
    int exit_code = 1;
    if (!o->to_stdout && telex_producer_open(cfg, &log, sink_on_delivery, &sink, &sink.producer,
                                             err, sizeof err) != 0) {
        fprintf(stderr, "telex-ingest: %s\n", err);
        goto out_free_schemas;
    }
    int errors = run_sources(cfg, o, &sink, &log);
    if (sink_settle(&sink, 0, err, sizeof err) != 0) {
        telex_log(&log, TELEX_LOG_ERROR, "records lost", "error", err, NULL);
        errors++;
    }
    uint64_t undelivered = telex_producer_close(sink.producer, (int)common->shutdown_timeout_ms);
    exit_code = (errors > 0 || undelivered > 0) ? 1 : 0;
out_free_schemas:
    telex_buf_free(&sink.frame);
    telex_schemas_free(schemas);
    return exit_code;
}

int main(int argc, char **argv)
{
    ingest_options opts = {0};
    telex_config *cfg = NULL;
    char err[1024];
    if (telex_config_parse(&ingest_program, argc, argv, NULL, &opts, &cfg, err, sizeof err)) {
        fprintf(stderr, "telex-ingest: %s\n", err);
        return 2;
    }
    int exit_code = 0;
    if (telex_config_common(cfg)->help) {
        telex_config_help(&ingest_program, stdout);
    } else {
        telex_signals_install();
        exit_code = run(cfg, &opts);
    }
    telex_config_free(cfg);
    return exit_code;
}
