/*
 * telex-ingest's pure logic: bytes that arrived (a file, stdin, an HTTP POST)
 * to RawStory records, one per item.
 *
 * The format is the one forced (--format) or detected (formats.h: content
 * first, extension second). A feed is split into items (split.h). Each item
 * gets its own id when its format carries one (read with the same parsers
 * telex-normalize uses), and a stable key: "SOURCE:ITEM-ID", else
 * "SOURCE:sha256:HEX" of the item's bytes. Kafka partitions by that key, so
 * every version of a story goes to the same telex-normalize instance.
 */
#ifndef TELEX_INGEST_H
#define TELEX_INGEST_H

#include <stddef.h>
#include <time.h>

#include "telex/story.h"

typedef struct ingest_source {
    const char *format;       /* forced format; NULL or "auto": detect */
    const char *source;       /* "file", "stdin", "http" or a feed name */
    const char *source_file;  /* base name of the file; NULL when none */
    const char *published_at; /* ISO 8601 (may carry an offset); NULL when none */
} ingest_source;

/* Receives each RawStory; returns 0, or -1 with a reason in err to stop. */
typedef int ingest_emit_fn(void *ctx, const telex_raw_story *raw, char *err, size_t errlen);

/*
 * Turns bytes into RawStory records and hands each to emit. Returns how many
 * were emitted, or -1 with a reason in err (the format cannot be told, an
 * unknown --format, a failing emit).
 */
long ingest_payload(const ingest_source *src, const void *bytes, size_t len, ingest_emit_fn *emit,
                    void *ctx, char *err, size_t errlen);

/* "SOURCE:ITEM-ID", or "SOURCE:sha256:HEX" of bytes when item_id is NULL. Caller frees;
   NULL on allocation failure. */
char *ingest_story_key(const char *source, const char *item_id, const void *bytes, size_t len);

/* t as ISO 8601 in the machine's local offset: "2016-11-10T12:00:00+09:00". */
void ingest_format_local_time(time_t t, char out[32]);

/* The current time as ISO 8601 UTC, "2016-11-10T03:00:00Z". */
void ingest_format_utc_now(char out[32]);

/* 0 when text is a time telex-normalize can read (--published), else -1. */
int ingest_check_time(const char *text);

#endif
