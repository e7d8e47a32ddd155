/*
 * The one-shot sources of sources.h: reading files, directories and stdin
 * whole (up to ingest.max.bytes) and handing each to ingest_payload().
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ingest.h"
#include "sources.h"

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

/* Logs an input that could not be read or ingested and counts it on /metrics. */
static void reject(ingest_run *run, const char *msg, const char *what, const char *reason)
{
    telex_log(run->log, TELEX_LOG_ERROR, msg, "input", what, "error", reason, NULL);
    sink_count(run->sink, "rejected", 1);
}

/* Sends one payload; logs and counts the outcome. Returns the record count or -1. */
static long send_payload(ingest_run *run, const ingest_source *src, const char *data, size_t len,
                         const char *what)
{
    char err[1024], count[32];
    sink_count(run->sink, "bytes", len);
    long n = ingest_payload(src, data, len, sink_emit, run->sink, err, sizeof err);
    if (n < 0) {
        reject(run, "cannot ingest", what, err);
        return -1;
    }
    snprintf(count, sizeof count, "%ld", n);
    telex_log(run->log, TELEX_LOG_INFO, "ingested", "input", what, "records", count, NULL);
    return n;
}

int ingest_file(ingest_run *run, const char *path)
{
    char err[1024], mtime_text[32];
    struct stat st;
    FILE *f = fopen(path, "rb");
    if (!f || fstat(fileno(f), &st) != 0) {
        reject(run, "cannot open", path, strerror(errno));
        if (f)
            fclose(f);
        return -1;
    }
    char *data = NULL;
    size_t len = 0;
    int rc = read_all(f, path, (size_t)run->opts->max_bytes, &data, &len, err, sizeof err);
    fclose(f);
    if (rc != 0) {
        reject(run, "cannot read", path, err);
        return -1;
    }
    ingest_format_local_time(st.st_mtime, mtime_text);
    const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    const char *format, *published;
    manifest_resolve(run->manifest, base, run->opts->format, run->opts->published, &format,
                     &published);
    ingest_source src = {format, run->opts->source ? run->opts->source : "file", base,
                         published ? published : mtime_text};
    long n = send_payload(run, &src, data, len, path);
    free(data);
    if (n < 0)
        return -1;
    sink_count(run->sink, "files", 1);
    return 0;
}

static int ingest_stdin(ingest_run *run)
{
    char err[1024];
    char *data = NULL;
    size_t len = 0;
    if (read_all(stdin, "stdin", (size_t)run->opts->max_bytes, &data, &len, err, sizeof err)) {
        reject(run, "cannot read", "stdin", err);
        return -1;
    }
    ingest_source src = {run->opts->format, run->opts->source ? run->opts->source : "stdin", NULL,
                         run->opts->published};
    long n = send_payload(run, &src, data, len, "stdin");
    free(data);
    return n < 0 ? -1 : 0;
}

/* 1 when the directory entry name is a file to send: not hidden, not the manifest, a
   regular file. */
static int is_story_file(const char *dir, const char *name, char *path, size_t path_len)
{
    struct stat st;
    if (name[0] == '.' || manifest_is_manifest_name(name))
        return 0;
    if ((size_t)snprintf(path, path_len, "%s/%s", dir, name) >= path_len)
        return 0;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* A directory argument: every regular, non-hidden file but the manifest once, in name
   order, with the manifest's formats and times. */
static void ingest_directory(ingest_run *run, const char *dir)
{
    char err[1024];
    ingest_manifest *manifest = NULL;
    if (manifest_load_dir(dir, &manifest, err, sizeof err) != 0) {
        reject(run, "cannot read manifest; directory not sent", dir, err);
        run->errors++;
        return;
    }
    struct dirent **entries = NULL;
    int n = scandir(dir, &entries, NULL, alphasort);
    if (n < 0) {
        reject(run, "cannot read directory", dir, strerror(errno));
        run->errors++;
        goto out_free_manifest;
    }
    run->manifest = manifest;
    for (int i = 0; i < n; i++) {
        char path[4096];
        if (is_story_file(dir, entries[i]->d_name, path, sizeof path) &&
            ingest_file(run, path) != 0)
            run->errors++;
        free(entries[i]);
    }
    run->manifest = NULL;
    free(entries);
out_free_manifest:
    manifest_free(manifest);
}

static void ingest_argument(ingest_run *run, const char *arg)
{
    struct stat st;
    if (strcmp(arg, "-") == 0) {
        if (ingest_stdin(run) != 0)
            run->errors++;
    } else if (stat(arg, &st) == 0 && S_ISDIR(st.st_mode)) {
        ingest_directory(run, arg);
    } else if (ingest_file(run, arg) != 0) {
        run->errors++;
    }
}

void ingest_arguments(ingest_run *run, char *const *files, size_t n_files)
{
    for (size_t i = 0; i < n_files; i++)
        ingest_argument(run, files[i]);
    if (n_files == 0 && !ingest_is_daemon(run->opts) && ingest_stdin(run) != 0)
        run->errors++;
}
