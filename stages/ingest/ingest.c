/*
 * RawStory records from arriving bytes (see ingest.h).
 */
#define _GNU_SOURCE /* asprintf */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formats.h"
#include "ingest.h"
#include "split.h"
#include "text.h"
#include "wire_doc.h"
#include "wire_time.h"

typedef struct item_run {
    const ingest_source *src;
    const char *format;
    const char *received_at;
    ingest_emit_fn *emit;
    void *ctx;
    char *err;
    size_t errlen;
    int emit_failed;
} item_run;

char *ingest_story_key(const char *source, const char *item_id, const void *bytes, size_t len)
{
    char hex[65];
    char *key = NULL;
    if (item_id) {
        if (asprintf(&key, "%s:%s", source, item_id) < 0)
            return NULL;
        return key;
    }
    if (text_sha256_hex(bytes, len, hex) != 0 || asprintf(&key, "%s:sha256:%s", source, hex) < 0)
        return NULL;
    return key;
}

/* The item's own id, read with normalize's parser; NULL when it has none or is bad input
   (telex-normalize will say what is wrong with it). */
static char *item_id_of(const char *format, const void *item, size_t len)
{
    wire_doc doc = {0};
    char err[256];
    char *id = NULL;
    if (wire_parse(format, item, len, &doc, err, sizeof err) == 0 && doc.item_id) {
        id = doc.item_id;
        doc.item_id = NULL;
    }
    wire_doc_clear(&doc);
    return id;
}

static int emit_item(void *vrun, const void *item, size_t len)
{
    item_run *run = vrun;
    telex_raw_story raw = {0};
    char *item_id = item_id_of(run->format, item, len);
    /* The record borrows these strings; only key and item_id are allocated here. */
    raw.payload = (uint8_t *)item;
    raw.payload_len = len;
    raw.format = (char *)run->format;
    raw.source = (char *)run->src->source;
    raw.source_file = (char *)run->src->source_file;
    raw.item_id = item_id;
    raw.key = ingest_story_key(run->src->source, item_id, item, len);
    raw.received_at = (char *)run->received_at;
    raw.published_at = (char *)run->src->published_at;
    int rc = -1;
    if (!raw.key)
        snprintf(run->err, run->errlen, "out of memory");
    else
        rc = run->emit(run->ctx, &raw, run->err, run->errlen);
    free(raw.key);
    free(item_id);
    if (rc != 0)
        run->emit_failed = 1;
    return rc;
}

long ingest_payload(const ingest_source *src, const void *bytes, size_t len, ingest_emit_fn *emit,
                    void *ctx, char *err, size_t errlen)
{
    const char *format = src->format;
    if (!format || strcmp(format, "auto") == 0)
        format = wire_detect_format(bytes, len, src->source_file, err, errlen);
    if (!format)
        return -1;
    if (!wire_format_known(format)) {
        snprintf(err, errlen,
                 "unknown format '%s' (expected auto, text, nitf, newsml, anpa, "
                 "rss, atom or json)",
                 format);
        return -1;
    }
    char received_at[32];
    ingest_format_utc_now(received_at);
    item_run run = {src, format, received_at, emit, ctx, err, errlen, 0};
    char split_err[256];
    long n = split_items(format, bytes, len, emit_item, &run, split_err, sizeof split_err);
    if (n < 0 && !run.emit_failed)
        snprintf(err, errlen, "%s", split_err);
    return n;
}

void ingest_format_local_time(time_t t, char out[32])
{
    struct tm local;
    localtime_r(&t, &local);
    long offset = local.tm_gmtoff / 60;
    char sign = offset < 0 ? '-' : '+';
    if (offset < 0)
        offset = -offset;
    char stamp[24];
    strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", &local);
    snprintf(out, 32, "%.19s%c%02ld:%02ld", stamp, sign, offset / 60 % 100, offset % 60);
}

void ingest_format_utc_now(char out[32])
{
    time_t now = time(NULL);
    struct tm utc;
    gmtime_r(&now, &utc);
    strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &utc);
}

int ingest_check_time(const char *text)
{
    wire_time t;
    return wire_time_parse(text, &t);
}
