/*
 * Raw wire files into a replay feed, through telex-ingest's own library
 * (ingest_core), so a replayed file becomes the same RawStory records that
 * telex-ingest would produce: one "wire.raw" record per item, keyed by the
 * story key, timed by the item's publication time.
 *
 * A file's format and publication time (for formats that carry none) come
 * from --format and --published, else from the manifest.tsv beside the file,
 * read with telex-ingest's own reader (manifest.h: a malformed manifest is an
 * error "PATH:LINE: reason"), else the format is detected and the time is the
 * file's modification time: exactly what `telex-ingest DIR` sends.
 */
#include "replay_raw.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ingest.h"
#include "manifest.h"
#include "telex/records.h"

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

/* Splits path into its folder (into dir; "." when there is none) and its base name. */
static const char *split_path(const char *path, char *dir, size_t dir_len)
{
    const char *slash = strrchr(path, '/');
    if (!slash) {
        snprintf(dir, dir_len, ".");
        return path;
    }
    snprintf(dir, dir_len, "%.*s", (int)(slash - path), path);
    return slash + 1;
}

/* Reads the file at path and hands its items to the feed, with this format (NULL: detect)
   and publication time. Returns 0, or -1 with "PATH: reason" in err. */
static int load_items(replay_raw_options *opts, const char *path, const char *format,
                      const char *published, int64_t mtime_ms, replay_feed *feed, char *err,
                      size_t errlen)
{
    const char *name = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    ingest_source src = {
        .format = format, .source = "file", .source_file = name, .published_at = published};
    raw_emit e = {.opts = opts, .feed = feed, .fallback_ms = mtime_ms};
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

int replay_raw_load(void *vctx, const char *path, replay_feed *feed, char *err, size_t errlen)
{
    replay_raw_options *opts = vctx;
    struct stat st;
    if (stat(path, &st) != 0) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return -1;
    }
    char dir[4096], mtime_text[32];
    const char *name = split_path(path, dir, sizeof dir);
    ingest_manifest *manifest = NULL;
    if (manifest_load_dir(dir, &manifest, err, errlen) != 0)
        return -1;
    const char *format, *published;
    manifest_resolve(manifest, name, opts->format, opts->published, &format, &published);
    ingest_format_local_time(st.st_mtime, mtime_text);
    int rc = load_items(opts, path, format, published ? published : mtime_text,
                        (int64_t)st.st_mtime * 1000, feed, err, errlen);
    manifest_free(manifest);
    return rc;
}
