/*
 * telex-archive's stage callbacks (main.c holds the descriptor and the config
 * table): one open file per topic/partition, closed by size, age, a new UTC
 * day or a flush, and only then its records' offsets released. See main.c for
 * the whole story.
 */
#ifndef TELEX_ARCHIVE_STAGE_H
#define TELEX_ARCHIVE_STAGE_H

#include <stddef.h>
#include <stdint.h>

#include "archive_file.h"
#include "telex/stage.h"

/* The files open (or the partitions seen) since the last flush. */
typedef struct partition_file {
    char *topic;
    int32_t partition;
    archive_writer *writer; /* NULL between files */
} partition_file;

typedef struct archive_ctx {
    char *dir;
    int64_t roll_bytes;
    int64_t roll_seconds;
    int64_t block_bytes;
    partition_file *files;
    size_t n_files;
} archive_ctx;

int archive_init(void *vctx, telex_io *io, char *err, size_t errlen);
int archive_process(void *vctx, const telex_record *in, telex_io *io, char *err, size_t errlen);
int archive_tick(void *vctx, telex_io *io, char *err, size_t errlen);
int archive_flush(void *vctx, telex_io *io, char *err, size_t errlen);
void archive_exit(void *vctx);

#endif
