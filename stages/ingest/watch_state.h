/*
 * The watched directory's memory: which files telex-ingest already sent.
 *
 * A state file lists one ingested file a line, "SIZE<TAB>MTIME_NS<TAB>NAME",
 * appended and fsync'ed after the file's records were delivered, so a restart
 * sends each file once. A file that comes back with another size or mtime is
 * new content and is sent again (telex-normalize then versions it). A
 * truncated last line (a crash mid-write) is ignored; any other malformed
 * line is an error naming file:line.
 *
 * watch_scan() polls the directory: regular files whose names do not start
 * with "." nor end with ".tmp", ".part", ".swp" or "~", other than the
 * folder's manifest.tsv (manifest.h), are candidates, and a
 * candidate is taken once its size and mtime stayed the same across two
 * scans, so a file still being written is not sent half-done.
 */
#ifndef TELEX_WATCH_STATE_H
#define TELEX_WATCH_STATE_H

#include <stddef.h>
#include <stdint.h>

typedef struct watch_state watch_state;

/* Opens (creating if missing) and loads the state file. Returns 0, or -1 with a reason. */
int watch_state_open(const char *path, watch_state **out, char *err, size_t errlen);
void watch_state_close(watch_state *state);

/* 1 when name with this size and mtime was already sent. */
int watch_state_seen(const watch_state *state, const char *name, int64_t size, int64_t mtime_ns);

/* Records name as sent (in memory and durably in the file). Returns 0 or -1 with a reason. */
int watch_state_add(watch_state *state, const char *name, int64_t size, int64_t mtime_ns, char *err,
                    size_t errlen);

size_t watch_state_count(const watch_state *state);

/* Called for each file ready to send: path is DIR/NAME. Returns 0 when its records were
   delivered (it is then recorded), 1 to retry it later, -1 to stop the scan. */
typedef int watch_file_fn(void *ctx, const char *path, const char *name);

/* A directory poller (pending candidates between scans). */
typedef struct watch_dir watch_dir;

int watch_dir_open(const char *dir, watch_state *state, watch_dir **out, char *err, size_t errlen);
void watch_dir_close(watch_dir *w);

/* One scan: returns the number of files handed to fn and recorded, or -1 with a reason. */
long watch_scan(watch_dir *w, watch_file_fn *fn, void *ctx, char *err, size_t errlen);

#endif
