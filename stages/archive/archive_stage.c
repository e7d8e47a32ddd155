/*
 * telex-archive's stage callbacks (see archive_stage.h and main.c).
 */
#include "archive_stage.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int64_t monotonic_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int archive_init(void *vctx, telex_io *io, char *err, size_t errlen)
{
    archive_ctx *ctx = vctx;
    if (!ctx->dir || !*ctx->dir || ctx->roll_bytes <= 0 || ctx->roll_seconds <= 0 ||
        ctx->block_bytes < 1024) {
        snprintf(err, errlen,
                 "archive.dir must be set, archive.roll.bytes and "
                 "archive.roll.seconds positive, archive.block.bytes at least 1024");
        return TELEX_FATAL;
    }
    telex_io_log(io, "info", "archiving to %s (roll at %" PRId64 " bytes or %" PRId64 " s)",
                 ctx->dir, ctx->roll_bytes, ctx->roll_seconds);
    return TELEX_OK;
}

/* Closes pf's file: durable and visible, then its records' offsets are released. */
static int close_file(partition_file *pf, telex_io *io, char *err, size_t errlen)
{
    archive_writer *w = pf->writer;
    int64_t last = archive_writer_last_offset(w);
    uint64_t count = archive_writer_count(w);
    char path[4096];
    snprintf(path, sizeof(path), "%s", archive_writer_path(w));
    pf->writer = NULL;
    if (archive_writer_close(w, err, errlen) != 0)
        return TELEX_FATAL;
    telex_io_release(io, pf->topic, pf->partition, last);
    telex_io_count(io, "files", 1);
    telex_io_count(io, "records", count);
    telex_io_log(io, "info", "closed %s with %" PRIu64 " records", path, count);
    return TELEX_OK;
}

/* The entry of topic/partition; a new one (after removing crash leftovers) if none. */
static partition_file *partition_for(archive_ctx *ctx, const telex_record *rec, telex_io *io,
                                     char *err, size_t errlen)
{
    for (size_t i = 0; i < ctx->n_files; i++)
        if (ctx->files[i].partition == rec->partition && !strcmp(ctx->files[i].topic, rec->topic))
            return &ctx->files[i];
    int removed = 0;
    if (archive_forget_partition(ctx->dir, rec->topic, rec->partition, rec->offset, &removed, err,
                                 errlen) != 0)
        return NULL;
    if (removed)
        telex_io_log(io, "warn",
                     "removed %d uncommitted file(s) of %s/%" PRId32 " from offset %" PRId64
                     "; their records are archived again",
                     removed, rec->topic, rec->partition, rec->offset);
    partition_file *files = realloc(ctx->files, (ctx->n_files + 1) * sizeof(*files));
    char *topic = strdup(rec->topic);
    if (!files || !topic) {
        if (files)
            ctx->files = files;
        free(topic);
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    ctx->files = files;
    ctx->files[ctx->n_files] = (partition_file){topic, rec->partition, NULL};
    return &ctx->files[ctx->n_files++];
}

int archive_process(void *vctx, const telex_record *in, telex_io *io, char *err, size_t errlen)
{
    archive_ctx *ctx = vctx;
    size_t size = in->key_len + in->value_len + strlen(in->topic) + 64;
    if (size > (size_t)ctx->block_bytes) {
        snprintf(err, errlen,
                 "record of %zu bytes is larger than archive.block.bytes (%" PRId64 ")", size,
                 ctx->block_bytes);
        return TELEX_REJECT;
    }
    partition_file *pf = partition_for(ctx, in, io, err, errlen);
    if (!pf)
        return TELEX_FATAL;
    if (pf->writer && archive_writer_wrong_day(pf->writer, in) &&
        close_file(pf, io, err, errlen) != TELEX_OK)
        return TELEX_FATAL;
    int rc = pf->writer ? archive_writer_append(pf->writer, in, err, errlen)
                        : archive_writer_open(ctx->dir, in, (size_t)ctx->block_bytes,
                                              monotonic_ms(), &pf->writer, err, errlen);
    if (rc != 0)
        return TELEX_FATAL;
    archive_roll_policy policy = {ctx->roll_bytes, ctx->roll_seconds * 1000};
    if (archive_writer_due(pf->writer, &policy, monotonic_ms()) &&
        close_file(pf, io, err, errlen) != TELEX_OK)
        return TELEX_FATAL;
    return TELEX_HELD;
}

int archive_tick(void *vctx, telex_io *io, char *err, size_t errlen)
{
    archive_ctx *ctx = vctx;
    archive_roll_policy policy = {ctx->roll_bytes, ctx->roll_seconds * 1000};
    int64_t now = monotonic_ms();
    for (size_t i = 0; i < ctx->n_files; i++) {
        partition_file *pf = &ctx->files[i];
        if (pf->writer && archive_writer_due(pf->writer, &policy, now) &&
            close_file(pf, io, err, errlen) != TELEX_OK)
            return TELEX_FATAL;
    }
    return TELEX_OK;
}

/* Forgets every partition, so the next record of each checks for leftovers again. */
static void forget_partitions(archive_ctx *ctx)
{
    for (size_t i = 0; i < ctx->n_files; i++) {
        archive_writer_discard(ctx->files[i].writer);
        free(ctx->files[i].topic);
    }
    free(ctx->files);
    ctx->files = NULL;
    ctx->n_files = 0;
}

int archive_flush(void *vctx, telex_io *io, char *err, size_t errlen)
{
    archive_ctx *ctx = vctx;
    int rc = TELEX_OK;
    for (size_t i = 0; i < ctx->n_files; i++)
        if (ctx->files[i].writer && close_file(&ctx->files[i], io, err, errlen) != TELEX_OK)
            rc = TELEX_FATAL;
    forget_partitions(ctx);
    return rc;
}

void archive_exit(void *vctx)
{
    forget_partitions(vctx);
}
