/*
 * telex-archive: consumes topics and writes rolling Avro container files.
 *
 * A sink stage. process() appends each record to the open file of its
 * topic/partition and returns TELEX_HELD, so its offset is not committed yet;
 * a file closes when it holds archive.roll.bytes of records, when it is
 * archive.roll.seconds old (checked in tick()), when a record of another UTC
 * day arrives, or on flush() (partitions revoked, or stopping). Closing makes
 * the file durable and visible (archive_file.c), and only then releases its
 * records' offsets with telex_io_release().
 *
 * Crash safety: the first record of a partition after start-up or a flush is
 * the first record not committed. Leftovers of that partition (a temporary
 * file, or a visible file starting at or after that offset, renamed but not
 * committed before a kill -9) are removed before archiving it again, so every
 * record ends up in exactly one visible file.
 */
#include <stddef.h>

#include "archive_stage.h"
#include "telex/stage.h"

static const telex_conf_entry archive_config[] = {
    {TELEX_CONF_STRING, "dir", "archive", offsetof(archive_ctx, dir),
     "folder of the archive: DIR/<topic>/<YYYY-MM-DD>/<topic>-<partition>-<offset>.avro"},
    {TELEX_CONF_INT, "roll.bytes", "67108864", offsetof(archive_ctx, roll_bytes),
     "close a file once it holds this many bytes of records"},
    {TELEX_CONF_INT, "roll.seconds", "300", offsetof(archive_ctx, roll_seconds),
     "close a file this many seconds after it opened"},
    {TELEX_CONF_INT, "block.bytes", "1048576", offsetof(archive_ctx, block_bytes),
     "Avro block size; a larger record is dead-lettered"},
    {0},
};

static const telex_stage_def archive_stage = {
    .name = "archive",
    .description = "consumes topics into rolling Avro container files (deflate)",
    .input_topics = "wire.enriched",
    .output_topic = NULL,
    .config = archive_config,
    .ctx_size = sizeof(archive_ctx),
    .init = archive_init,
    .process = archive_process,
    .tick = archive_tick,
    .flush = archive_flush,
    .exit = archive_exit,
    .holds_records = 1, /* records stay in the open file until it is durable */
};

int main(int argc, char **argv)
{
    return telex_stage_main(&archive_stage, argc, argv);
}
