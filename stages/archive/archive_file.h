/*
 * Archive files: Avro object container files of archived Kafka records.
 *
 * Layout: ROOT/<topic>/<YYYY-MM-DD>/<topic>-<partition>-<first offset>.avro,
 * the date being the UTC date of the file's first record. A file is written
 * as ROOT/<topic>/<date>/.<topic>-<partition>-<first offset>.avro.tmp and
 * made visible by archive_writer_close(): close, fsync, rename, fsync of the
 * folder. A visible file is therefore always complete.
 *
 * Container schema (telex.archive.ArchivedRecord, archive_schema_json()):
 * every field of the Kafka record, with the value kept as the original bytes
 * (the single-object frame), so any Avro tool reads the files (avrocat FILE)
 * and telex-replay reproduces the records byte for byte. Files use the
 * deflate codec.
 *
 * Errors: functions return 0 on success, -1 with a one-line reason in err.
 */
#ifndef TELEX_ARCHIVE_FILE_H
#define TELEX_ARCHIVE_FILE_H

#include <stddef.h>
#include <stdint.h>

#include "telex/stage.h"

/* The JSON text of the ArchivedRecord schema (static storage). */
const char *archive_schema_json(void);

/* "YYYY-MM-DD" of a UTC time in ms since the epoch (negative: the epoch). */
void archive_utc_date(int64_t ms, char out[11]);

/* The visible and temporary paths of the file that starts with record first. */
int archive_file_paths(const char *root, const char *topic, int32_t partition, int64_t first_offset,
                       int64_t timestamp_ms, char *final_path, size_t final_len, char *tmp_path,
                       size_t tmp_len);

/* Reads "<topic>-<partition>-<offset>.avro" (or its ".<...>.avro.tmp" form when tmp):
   1 with partition and offset when name is a file of topic, else 0. */
int archive_parse_name(const char *name, const char *topic, int tmp, int32_t *partition,
                       int64_t *first_offset);

/* When to close a file: after max_bytes of record data, max_age_ms after it
   opened, or when a record of another UTC day arrives. */
typedef struct archive_roll_policy {
    int64_t max_bytes;
    int64_t max_age_ms;
} archive_roll_policy;

typedef struct archive_writer archive_writer;

/*
 * Creates the temporary file for first's topic and partition (folders as
 * needed) and appends first. now_ms is a monotonic clock reading for the age.
 * block_bytes is the Avro block size: a record larger than it is refused.
 */
int archive_writer_open(const char *root, const telex_record *first, size_t block_bytes,
                        int64_t now_ms, archive_writer **out, char *err, size_t errlen);
int archive_writer_append(archive_writer *w, const telex_record *rec, char *err, size_t errlen);

/* 1 if rec belongs in a new file (another UTC day than the file's). */
int archive_writer_wrong_day(const archive_writer *w, const telex_record *rec);
/* 1 if the file is full or old enough under policy. */
int archive_writer_due(const archive_writer *w, const archive_roll_policy *policy, int64_t now_ms);

int64_t archive_writer_last_offset(const archive_writer *w);
uint64_t archive_writer_count(const archive_writer *w);
const char *archive_writer_path(const archive_writer *w); /* the visible path */

/* Makes the file durable and visible, then frees w (also on failure, after
   removing the temporary file). */
int archive_writer_close(archive_writer *w, char *err, size_t errlen);
/* Removes the temporary file and frees w. NULL-safe. */
void archive_writer_discard(archive_writer *w);

/*
 * Before archiving topic/partition from from_offset: removes its leftover
 * temporary files (never committed, so their records come again) and its
 * visible files that start at or after from_offset (written but not committed
 * before a crash: their records come again too). *removed counts them.
 */
int archive_forget_partition(const char *root, const char *topic, int32_t partition,
                             int64_t from_offset, int *removed, char *err, size_t errlen);

/* One record read back from an archive file; pointers valid during the callback. */
typedef struct archive_item {
    const char *topic;
    int32_t partition;
    int64_t offset;
    int64_t timestamp_ms;
    const void *key; /* NULL when the record had no key */
    size_t key_len;
    const void *value; /* NULL for a null value */
    size_t value_len;
} archive_item;

/* 1 if path starts with the Avro container file magic "Obj" 1 (0 also when unreadable). */
int archive_is_container_file(const char *path);

/* Calls each() for every record of the file, in order; stops when it returns non-zero
   (that value is returned). The file's container structure (header, then blocks of count,
   size, data and sync marker up to its very end) is checked first: a file cut short or
   corrupt is refused with a one-line reason before Avro reads it. */
int archive_read_file(const char *path, int (*each)(void *ctx, const archive_item *item), void *ctx,
                      char *err, size_t errlen);

#endif
