/*
 * telex-replay's pure logic: a feed of records in their original time order.
 *
 * A feed is loaded from archive files (telex-archive's ArchivedRecord
 * container files, read with archive_core) and, through a loader the caller
 * passes in, from raw wire files. Records are ordered by timestamp, ties
 * broken by topic, partition, offset and finally load order, so the same input
 * always gives the same order. A --from/--to window keeps from <= t < to.
 * Pacing is a schedule: record i is due (t_i - t_0) / speed after the start.
 *
 * The whole feed is held in memory (a backtest's archive, not a year of wire).
 * Errors: functions return 0, or -1 with a one-line reason in err.
 */
#ifndef TELEX_REPLAY_CORE_H
#define TELEX_REPLAY_CORE_H

#include <stddef.h>
#include <stdint.h>

typedef struct replay_item {
    char *topic; /* logical topic the record belongs to */
    int32_t partition;
    int64_t offset;
    int64_t timestamp_ms;
    void *key; /* NULL: no key */
    size_t key_len;
    void *value; /* NULL: null value */
    size_t value_len;
    size_t seq; /* load order, the last tie-break */
} replay_item;

typedef struct replay_feed {
    replay_item *items;
    size_t n;
    size_t cap;
} replay_feed;

/*
 * Room for one more item in a growable array of n items of item_size bytes and *cap
 * allocated (doubling): returns the array, moved or not, with *cap updated; NULL when out
 * of memory (the array is then untouched). telex-backtest's collection grows with it too.
 */
void *replay_grow_array(void *items, size_t *cap, size_t n, size_t item_size);

/* Copies one record into the feed. */
int replay_feed_add(replay_feed *feed, const char *topic, int32_t partition, int64_t offset,
                    int64_t timestamp_ms, const void *key, size_t key_len, const void *value,
                    size_t value_len, char *err, size_t errlen);
void replay_feed_free(replay_feed *feed);

/* Loads a file that is not an archive (a raw wire file) into the feed. */
typedef int replay_raw_loader(void *ctx, const char *path, replay_feed *feed, char *err,
                              size_t errlen);

/*
 * Loads a file or a folder (recursively, names in sorted order, hidden files
 * and manifest.tsv skipped). Archive files (Avro "Obj" magic) are read
 * directly; other files go to raw (NULL: they are an error).
 */
int replay_load_path(replay_feed *feed, const char *path, replay_raw_loader *raw, void *raw_ctx,
                     char *err, size_t errlen);

/* Sorts into replay order (see above). */
void replay_feed_sort(replay_feed *feed);

/* Keeps the records with from_ms <= timestamp < to_ms (a bound is used when has_*). */
void replay_feed_window(replay_feed *feed, int has_from, int64_t from_ms, int has_to,
                        int64_t to_ms);

/* ms after the start at which a record of time ts is due; speed <= 0 means as fast as
   possible (always 0). */
int64_t replay_due_ms(int64_t first_ts, int64_t ts, double speed);

/* "max" (0) or a positive number. */
int replay_parse_speed(const char *text, double *speed, char *err, size_t errlen);

/* ISO 8601: "2016-11-10", "2016-11-10T03:00", "...:00Z", "...:00.250+09:00". */
int replay_parse_time(const char *text, int64_t *ms, char *err, size_t errlen);

/* "[#####     ] 120/500  24.0/s  ETA 0:16" sized to width columns. */
void replay_progress_line(uint64_t done, uint64_t total, int64_t elapsed_ms, int width, char *out,
                          size_t outlen);

#endif
