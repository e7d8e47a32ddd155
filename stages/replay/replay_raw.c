/*
 * Raw wire files into a replay feed, through telex-ingest's own library
 * (ingest_core), so a replayed file becomes the same RawStory records that
 * telex-ingest would produce: one "wire.raw" record per item, keyed by the
 * story key, timed by the item's publication time.
 *
 * Publication times for formats that carry none come from --published, else
 * from a manifest.tsv beside the file (name, format, published: the layout of
 * deploy/samples/), else from the file's modification time.
 */
#include "replay_raw.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ingest.h"
#include "telex/records.h"

/* Looks name up in the manifest.tsv of dir: copies its format and published columns. */
static void manifest_lookup(const char *dir, const char *name, char *format, size_t format_len,
                            char *published, size_t published_len)
{
    char path[4096];
    snprintf(path, sizeof(path), "%s/manifest.tsv", dir);
    FILE *f = fopen(path, "r");
    if (!f)
        return;
    char line[1024];
    while (fgets(line, sizeof(line), f)) {
        line[strcspn(line, "\r\n")] = '\0';
        char *fields[3] = {line, NULL, NULL};
        for (int i = 1; i < 3 && fields[i - 1]; i++) {
            char *tab = strchr(fields[i - 1], '\t');
            if (tab) {
                *tab = '\0';
                fields[i] = tab + 1;
            }
        }
        if (strcmp(fields[0], name) != 0)
            continue;
        if (fields[1] && *fields[1])
            snprintf(format, format_len, "%s", fields[1]);
        if (fields[2] && *fields[2])
            snprintf(published, published_len, "%s", fields[2]);
        break;
    }
    fclose(f);
}

typedef struct raw_emit {
    replay_raw_options *opts;
    replay_feed *feed;
    int64_t fallback_ms;
    int64_t index;
    telex_buf frame;
} raw_emit;

static int add_raw_story(void *vctx, const telex_raw_story *raw, char *err, size_t errlen)
{
    raw_emit *e = vctx;
    int64_t ts = e->fallback_ms;
    char ignored[128];
    if (raw->published_at &&
        replay_parse_time(raw->published_at, &ts, ignored, sizeof(ignored)) != 0)
        ts = e->fallback_ms;
    telex_buf_reset(&e->frame);
    if (telex_raw_story_encode(e->opts->schemas, raw, &e->frame, err, errlen) != 0)
        return -1;
    return replay_feed_add(e->feed, "wire.raw", 0, e->index++, ts, raw->key,
                           raw->key ? strlen(raw->key) : 0, e->frame.data, e->frame.len, err,
                           errlen);
}

/* Reads the whole file at path. */
static int read_all(const char *path, char **bytes, size_t *len, char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return -1;
    }
    char *data = NULL;
    size_t size = 0;
    FILE *mem = open_memstream(&data, &size);
    char chunk[65536];
    size_t n;
    while (mem && (n = fread(chunk, 1, sizeof(chunk), f)) > 0)
        fwrite(chunk, 1, n, mem);
    int failed = !mem || ferror(f);
    if (mem)
        fclose(mem);
    fclose(f);
    if (failed) {
        free(data);
        snprintf(err, errlen, "%s: cannot read", path);
        return -1;
    }
    *bytes = data;
    *len = size;
    return 0;
}

int replay_raw_load(void *vctx, const char *path, replay_feed *feed, char *err, size_t errlen)
{
    replay_raw_options *opts = vctx;
    struct stat st;
    if (stat(path, &st) != 0) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return -1;
    }
    char dir[4096], format[64] = "", published[64] = "";
    snprintf(dir, sizeof(dir), "%s", path);
    char *slash = strrchr(dir, '/');
    const char *name = slash ? slash + 1 : path;
    if (slash)
        *slash = '\0';
    manifest_lookup(slash ? dir : ".", name, format, sizeof(format), published, sizeof(published));
    if (opts->published)
        snprintf(published, sizeof(published), "%s", opts->published);
    if (!*published) {
        ingest_format_local_time(st.st_mtime, published);
    }
    ingest_source src = {.format = opts->format ? opts->format : (*format ? format : NULL),
                         .source = "file",
                         .source_file = name,
                         .published_at = published};
    raw_emit e = {.opts = opts, .feed = feed, .fallback_ms = (int64_t)st.st_mtime * 1000};
    char ignored[128];
    replay_parse_time(published, &e.fallback_ms, ignored, sizeof(ignored));
    char *bytes = NULL;
    size_t len = 0;
    if (read_all(path, &bytes, &len, err, errlen) != 0)
        return -1;
    char why[512];
    long n = ingest_payload(&src, bytes, len, add_raw_story, &e, why, sizeof(why));
    free(bytes);
    telex_buf_free(&e.frame);
    if (n < 0) {
        snprintf(err, errlen, "%s: %s", path, why);
        return -1;
    }
    return 0;
}
