/*
 * The state file and the directory poller of watch_state.h.
 */
#define _GNU_SOURCE /* asprintf */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "manifest.h"
#include "watch_state.h"

typedef struct seen_entry {
    char *name;
    int64_t size;
    int64_t mtime_ns;
    struct seen_entry *next;
} seen_entry;

struct watch_state {
    char *path;
    int fd; /* open for appending */
    seen_entry **buckets;
    size_t n_buckets;
    size_t count;
};

static uint64_t hash_name(const char *name)
{
    uint64_t h = 1469598103934665603ULL;
    for (const unsigned char *p = (const unsigned char *)name; *p; p++)
        h = (h ^ *p) * 1099511628211ULL;
    return h;
}

static int grow(watch_state *s)
{
    size_t n = s->n_buckets ? s->n_buckets * 2 : 64;
    seen_entry **buckets = calloc(n, sizeof *buckets);
    if (!buckets)
        return -1;
    for (size_t i = 0; i < s->n_buckets; i++) {
        for (seen_entry *e = s->buckets[i], *next; e; e = next) {
            next = e->next;
            seen_entry **slot = &buckets[hash_name(e->name) % n];
            e->next = *slot;
            *slot = e;
        }
    }
    free(s->buckets);
    s->buckets = buckets;
    s->n_buckets = n;
    return 0;
}

/* Remembers name (replacing an older size/mtime). Returns 0 or -1. */
static int remember(watch_state *s, const char *name, int64_t size, int64_t mtime_ns)
{
    if (s->count + 1 > s->n_buckets && grow(s) != 0)
        return -1;
    seen_entry **slot = &s->buckets[hash_name(name) % s->n_buckets];
    for (seen_entry *e = *slot; e; e = e->next) {
        if (strcmp(e->name, name) == 0) {
            e->size = size;
            e->mtime_ns = mtime_ns;
            return 0;
        }
    }
    seen_entry *e = calloc(1, sizeof *e);
    if (!e || !(e->name = strdup(name))) {
        free(e);
        return -1;
    }
    e->size = size;
    e->mtime_ns = mtime_ns;
    e->next = *slot;
    *slot = e;
    s->count++;
    return 0;
}

int watch_state_seen(const watch_state *s, const char *name, int64_t size, int64_t mtime_ns)
{
    if (!s->n_buckets)
        return 0;
    for (seen_entry *e = s->buckets[hash_name(name) % s->n_buckets]; e; e = e->next)
        if (strcmp(e->name, name) == 0)
            return e->size == size && e->mtime_ns == mtime_ns;
    return 0;
}

size_t watch_state_count(const watch_state *s)
{
    return s->count;
}

/* Parses "SIZE\tMTIME_NS\tNAME" (no line break). Returns 0 or -1. */
static int parse_line(watch_state *s, char *line)
{
    char *end;
    errno = 0;
    long long size = strtoll(line, &end, 10);
    if (end == line || *end != '\t' || size < 0 || errno)
        return -1;
    char *mtime_text = end + 1;
    long long mtime_ns = strtoll(mtime_text, &end, 10);
    if (end == mtime_text || *end != '\t' || errno || end[1] == '\0')
        return -1;
    return remember(s, end + 1, size, mtime_ns);
}

static int load(watch_state *s, FILE *f, char *err, size_t errlen)
{
    char *line = NULL;
    size_t cap = 0, number = 0;
    ssize_t n;
    int rc = 0;
    while (rc == 0 && (n = getline(&line, &cap, f)) > 0) {
        number++;
        if (line[n - 1] != '\n')
            break; /* a truncated last line: the write it belonged to never finished */
        line[n - 1] = '\0';
        if (line[0] != '\0' && parse_line(s, line) != 0) {
            snprintf(err, errlen, "%s:%zu: malformed state line (want SIZE<TAB>MTIME_NS<TAB>NAME)",
                     s->path, number);
            rc = -1;
        }
    }
    free(line);
    return rc;
}

int watch_state_open(const char *path, watch_state **out, char *err, size_t errlen)
{
    *out = NULL;
    watch_state *s = calloc(1, sizeof *s);
    if (!s || !(s->path = strdup(path))) {
        free(s);
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    s->fd = open(path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (s->fd < 0) {
        snprintf(err, errlen, "cannot open state file %s: %s", path, strerror(errno));
        goto err_close;
    }
    FILE *f = fdopen(dup(s->fd), "r");
    if (!f) {
        snprintf(err, errlen, "cannot read state file %s: %s", path, strerror(errno));
        goto err_close;
    }
    int rc = load(s, f, err, errlen);
    fclose(f);
    if (rc != 0)
        goto err_close;
    *out = s;
    return 0;
err_close:
    watch_state_close(s);
    return -1;
}

void watch_state_close(watch_state *s)
{
    if (!s)
        return;
    if (s->fd >= 0)
        close(s->fd);
    for (size_t i = 0; i < s->n_buckets; i++) {
        for (seen_entry *e = s->buckets[i], *next; e; e = next) {
            next = e->next;
            free(e->name);
            free(e);
        }
    }
    free(s->buckets);
    free(s->path);
    free(s);
}

int watch_state_add(watch_state *s, const char *name, int64_t size, int64_t mtime_ns, char *err,
                    size_t errlen)
{
    if (strpbrk(name, "\t\n")) {
        snprintf(err, errlen, "file name with a tab or line break cannot be recorded: %s", name);
        return -1;
    }
    char *line = NULL;
    int len = asprintf(&line, "%" PRId64 "\t%" PRId64 "\t%s\n", size, mtime_ns, name);
    if (len < 0) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    int rc = -1;
    /* One write per line with O_APPEND, then fsync: a crash leaves at most a truncated
       last line, which load() ignores. */
    if (write(s->fd, line, (size_t)len) != len || fsync(s->fd) != 0)
        snprintf(err, errlen, "cannot write state file %s: %s", s->path, strerror(errno));
    else if (remember(s, name, size, mtime_ns) != 0)
        snprintf(err, errlen, "out of memory");
    else
        rc = 0;
    free(line);
    return rc;
}

/* ---- the directory poller ---- */

typedef struct pending {
    char *name;
    int64_t size;
    int64_t mtime_ns;
    int seen_this_scan;
} pending;

struct watch_dir {
    char *dir;
    watch_state *state;
    pending *pending;
    size_t n_pending;
};

int watch_dir_open(const char *dir, watch_state *state, watch_dir **out, char *err, size_t errlen)
{
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        snprintf(err, errlen, "cannot watch %s: not a directory", dir);
        return -1;
    }
    watch_dir *w = calloc(1, sizeof *w);
    if (!w || !(w->dir = strdup(dir))) {
        free(w);
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    w->state = state;
    *out = w;
    return 0;
}

void watch_dir_close(watch_dir *w)
{
    if (!w)
        return;
    for (size_t i = 0; i < w->n_pending; i++)
        free(w->pending[i].name);
    free(w->pending);
    free(w->dir);
    free(w);
}

static int is_candidate_name(const char *name)
{
    static const char *const skipped_suffixes[] = {".tmp", ".part", "~", ".swp", NULL};
    if (name[0] == '.' || manifest_is_manifest_name(name))
        return 0;
    size_t len = strlen(name);
    for (size_t i = 0; skipped_suffixes[i]; i++) {
        size_t n = strlen(skipped_suffixes[i]);
        if (len >= n && strcmp(name + len - n, skipped_suffixes[i]) == 0)
            return 0;
    }
    return 1;
}

/* Returns 1 when name was pending with the same size and mtime (stable: take it now),
   0 after recording it as pending, -1 on allocation failure. */
static int check_pending(watch_dir *w, const char *name, int64_t size, int64_t mtime_ns)
{
    for (size_t i = 0; i < w->n_pending; i++) {
        pending *p = &w->pending[i];
        if (strcmp(p->name, name) != 0)
            continue;
        p->seen_this_scan = 1;
        if (p->size == size && p->mtime_ns == mtime_ns)
            return 1;
        p->size = size;
        p->mtime_ns = mtime_ns;
        return 0;
    }
    pending *grown = realloc(w->pending, (w->n_pending + 1) * sizeof *grown);
    if (!grown)
        return -1;
    w->pending = grown;
    pending *p = &w->pending[w->n_pending];
    if (!(p->name = strdup(name)))
        return -1;
    p->size = size;
    p->mtime_ns = mtime_ns;
    p->seen_this_scan = 1;
    w->n_pending++;
    return 0;
}

/* Forgets pending files that vanished or were taken. */
static void prune_pending(watch_dir *w)
{
    size_t kept = 0;
    for (size_t i = 0; i < w->n_pending; i++) {
        pending p = w->pending[i];
        if (p.seen_this_scan && !watch_state_seen(w->state, p.name, p.size, p.mtime_ns)) {
            p.seen_this_scan = 0;
            w->pending[kept++] = p;
        } else {
            free(p.name);
        }
    }
    w->n_pending = kept;
}

/* Handles one directory entry. Returns 1 when it was sent, 0 when not (yet), -1 to stop. */
static int scan_entry(watch_dir *w, const char *name, watch_file_fn *fn, void *ctx, char *err,
                      size_t errlen)
{
    char path[4096];
    struct stat st;
    if (!is_candidate_name(name))
        return 0;
    if ((size_t)snprintf(path, sizeof path, "%s/%s", w->dir, name) >= sizeof path ||
        stat(path, &st) != 0 || !S_ISREG(st.st_mode))
        return 0;
    int64_t mtime_ns = (int64_t)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec;
    if (watch_state_seen(w->state, name, st.st_size, mtime_ns))
        return 0;
    int stable = check_pending(w, name, st.st_size, mtime_ns);
    if (stable <= 0) {
        if (stable < 0)
            snprintf(err, errlen, "out of memory");
        return stable;
    }
    int rc = fn(ctx, path, name);
    if (rc != 0)
        return rc < 0 ? -1 : 0;
    if (watch_state_add(w->state, name, st.st_size, mtime_ns, err, errlen) != 0)
        return -1;
    return 1;
}

long watch_scan(watch_dir *w, watch_file_fn *fn, void *ctx, char *err, size_t errlen)
{
    struct dirent **entries = NULL;
    int n = scandir(w->dir, &entries, NULL, alphasort);
    if (n < 0) {
        snprintf(err, errlen, "cannot read directory %s: %s", w->dir, strerror(errno));
        return -1;
    }
    long sent = 0;
    for (int i = 0; i < n; i++) {
        int rc = sent >= 0 ? scan_entry(w, entries[i]->d_name, fn, ctx, err, errlen) : 0;
        if (rc < 0)
            sent = -1;
        else if (sent >= 0)
            sent += rc;
        free(entries[i]);
    }
    free(entries);
    prune_pending(w);
    return sent;
}
