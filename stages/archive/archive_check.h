/*
 * Checking an archive file completely before Avro C reads it.
 *
 * Avro C 1.11.1 leaks memory, or asks for absurd allocations, when a container
 * file is cut short or corrupt: a header or block that ends early, a damaged
 * schema, garbage inside a block. So telex-replay and telex-backtest never hand
 * it a file that has not passed archive_check_file(): the header (magic bytes,
 * metadata with a known codec and the ArchivedRecord schema, sync marker), then
 * every block up to the file's last byte (record count, size, data, the same
 * sync marker), each block's data decompressed and every record in it decoded
 * field by field, with nothing left over.
 *
 * Errors: 0 when the file is sound, else -1 with one line in err naming the
 * file, what is wrong and the byte where the check stopped.
 */
#ifndef TELEX_ARCHIVE_CHECK_H
#define TELEX_ARCHIVE_CHECK_H

#include <stddef.h>

int archive_check_file(const char *path, char *err, size_t errlen);

#endif
