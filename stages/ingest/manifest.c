/*
 * The manifest.tsv reader of manifest.h: lines are checked one by one as they
 * are read, kept in an array sorted by file name, and looked up by binary
 * search, so a folder of many files costs one read of its manifest.
 */
#define _GNU_SOURCE /* getline */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formats.h"
#include "ingest.h"
#include "manifest.h"

struct ingest_manifest {
    manifest_entry *entries;
    size_t count;
    size_t cap;
};

static char *copy_or_null(const char *text)
{
    return text ? strdup(text) : NULL;
}

/* Appends a copy of the fields. Returns 0, or -1 when out of memory. */
static int add_entry(ingest_manifest *m, const char *name, const char *format,
                     const char *published, size_t line)
{
    if (m->count == m->cap) {
        size_t cap = m->cap ? m->cap * 2 : 16;
        manifest_entry *grown = realloc(m->entries, cap * sizeof *grown);
        if (!grown)
            return -1;
        m->entries = grown;
        m->cap = cap;
    }
    manifest_entry *e = &m->entries[m->count];
    e->name = strdup(name);
    e->format = copy_or_null(format);
    e->published = copy_or_null(published);
    e->line = line;
    m->count++; /* counted even when half-copied, so manifest_free frees it */
    if (!e->name || (format && !e->format) || (published && !e->published))
        return -1;
    return 0;
}

/* Splits line at its tabs into at most max fields. Returns the field count, or max + 1
   when there are more. */
static size_t split_tabs(char *line, char **fields, size_t max)
{
    size_t n = 0;
    char *start = line;
    for (;;) {
        if (n == max)
            return max + 1;
        fields[n++] = start;
        char *tab = strchr(start, '\t');
        if (!tab)
            return n;
        *tab = '\0';
        start = tab + 1;
    }
}

/* Checks one line (no line break) and adds it. Returns 0, or -1 with the reason (without
   PATH:LINE) in err. */
static int parse_line(ingest_manifest *m, char *line, size_t number, char *err, size_t errlen)
{
    char *fields[3];
    size_t n = split_tabs(line, fields, 3);
    if (n < 2 || n > 3) {
        snprintf(err, errlen, "want FILE<TAB>FORMAT<TAB>PUBLISHED (PUBLISHED may be empty)");
        return -1;
    }
    const char *name = fields[0];
    const char *format = fields[1];
    const char *published = n == 3 && *fields[2] ? fields[2] : NULL;
    if (!*name) {
        snprintf(err, errlen, "empty file name");
        return -1;
    }
    if (strchr(name, '/')) {
        snprintf(err, errlen, "file name \"%s\" has a '/' (name a file of this folder)", name);
        return -1;
    }
    if (*format && strcmp(format, "auto") != 0 && !wire_format_known(format)) {
        snprintf(err, errlen,
                 "unknown format \"%s\" (auto, text, nitf, newsml, anpa, rss, atom, json)", format);
        return -1;
    }
    if (published && ingest_check_time(published) != 0) {
        snprintf(err, errlen,
                 "bad published time \"%s\" (want ISO 8601, e.g. 2016-11-10T12:00:00+09:00)",
                 published);
        return -1;
    }
    int detect = !*format || strcmp(format, "auto") == 0;
    if (add_entry(m, name, detect ? NULL : format, published, number) != 0) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    return 0;
}

/* Reads every line of f into m. Returns 0, or -1 with "PATH:LINE: reason" in err. */
static int read_lines(ingest_manifest *m, FILE *f, const char *path, char *err, size_t errlen)
{
    char *line = NULL, reason[512];
    size_t cap = 0, number = 0;
    ssize_t len;
    int rc = 0;
    while (rc == 0 && (len = getline(&line, &cap, f)) >= 0) {
        number++;
        if (len > 0 && line[len - 1] == '\n')
            line[--len] = '\0';
        if (len > 0 && line[len - 1] == '\r')
            line[--len] = '\0';
        if (strlen(line) != (size_t)len) {
            snprintf(err, errlen, "%s:%zu: NUL byte in the line", path, number);
            rc = -1;
        } else if (len > 0 && line[0] != '#' &&
                   parse_line(m, line, number, reason, sizeof reason) != 0) {
            snprintf(err, errlen, "%s:%zu: %s", path, number, reason);
            rc = -1;
        }
    }
    if (rc == 0 && ferror(f)) {
        snprintf(err, errlen, "%s: read error: %s", path, strerror(errno));
        rc = -1;
    }
    free(line);
    return rc;
}

static int compare_entries(const void *a, const void *b)
{
    const manifest_entry *x = a, *y = b;
    int by_name = strcmp(x->name, y->name);
    if (by_name != 0)
        return by_name;
    return x->line < y->line ? -1 : x->line > y->line;
}

/* Sorts by name; a name listed twice is an error at its second line. */
static int sort_entries(ingest_manifest *m, const char *path, char *err, size_t errlen)
{
    if (m->count > 1)
        qsort(m->entries, m->count, sizeof *m->entries, compare_entries);
    for (size_t i = 1; i < m->count; i++) {
        const manifest_entry *first = &m->entries[i - 1], *again = &m->entries[i];
        if (strcmp(first->name, again->name) == 0) {
            snprintf(err, errlen, "%s:%zu: \"%s\" listed twice (first on line %zu)", path,
                     again->line, again->name, first->line);
            return -1;
        }
    }
    return 0;
}

int manifest_load(const char *path, ingest_manifest **out, char *err, size_t errlen)
{
    *out = NULL;
    ingest_manifest *m = calloc(1, sizeof *m);
    if (!m) {
        snprintf(err, errlen, "%s: out of memory", path);
        return -1;
    }
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        goto err_free_manifest;
    }
    int rc = read_lines(m, f, path, err, errlen);
    fclose(f);
    if (rc != 0 || sort_entries(m, path, err, errlen) != 0)
        goto err_free_manifest;
    *out = m;
    return 0;

err_free_manifest:
    manifest_free(m);
    return -1;
}

int manifest_load_dir(const char *dir, ingest_manifest **out, char *err, size_t errlen)
{
    char path[4096];
    *out = NULL;
    if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, MANIFEST_FILE_NAME) >= sizeof path) {
        snprintf(err, errlen, "%.200s...: path too long", dir);
        return -1;
    }
    FILE *probe = fopen(path, "r");
    if (!probe && errno == ENOENT)
        return 0;
    if (probe)
        fclose(probe);
    return manifest_load(path, out, err, errlen);
}

void manifest_free(ingest_manifest *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->count; i++) {
        free(m->entries[i].name);
        free(m->entries[i].format);
        free(m->entries[i].published);
    }
    free(m->entries);
    free(m);
}

static int compare_name_to_entry(const void *name, const void *entry)
{
    return strcmp(name, ((const manifest_entry *)entry)->name);
}

const manifest_entry *manifest_find(const ingest_manifest *m, const char *name)
{
    if (!m || m->count == 0)
        return NULL;
    return bsearch(name, m->entries, m->count, sizeof *m->entries, compare_name_to_entry);
}

size_t manifest_count(const ingest_manifest *m)
{
    return m ? m->count : 0;
}

int manifest_is_manifest_name(const char *name)
{
    return strcmp(name, MANIFEST_FILE_NAME) == 0;
}

void manifest_resolve(const ingest_manifest *m, const char *name, const char *forced_format,
                      const char *forced_published, const char **format, const char **published)
{
    const manifest_entry *e = manifest_find(m, name);
    int format_forced = forced_format && strcmp(forced_format, "auto") != 0;
    *format = format_forced ? forced_format : (e ? e->format : NULL);
    *published = forced_published ? forced_published : (e ? e->published : NULL);
}
