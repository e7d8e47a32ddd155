/*
 * The archive file check (see archive_check.h).
 *
 * The file is read once, front to back, with plain stdio: the header's
 * metadata entries, then one block at a time into a buffer that is reused.
 * A block's data is inflated (raw deflate, RFC 1951, as Avro's "deflate"
 * codec writes it) and walked as ArchivedRecord values: topic (string),
 * partition (int), offset and timestamp (long), key and value (union of null
 * and bytes). Every length is checked against what is left before anything
 * is skipped, so no size read from the file is trusted.
 */
#include "archive_check.h"

#include <avro.h>
#include <errno.h>
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>

#include "archive_file.h"

/* No block, inflated or not, and no schema text is larger than this. */
#define MAX_BLOCK_BYTES  ((size_t)256 << 20)
#define MAX_SCHEMA_BYTES ((int64_t)1 << 20)

typedef struct byte_buf {
    unsigned char *data;
    size_t len;
    size_t cap;
} byte_buf;

/* The file being checked and what its header said. */
typedef struct scan {
    FILE *f;
    int64_t size;
    const char *path;
    char *err;
    size_t errlen;
    int deflate;    /* the codec: 1 deflate, 0 null */
    byte_buf block; /* one block's data as stored */
    byte_buf plain; /* the same, inflated */
} scan;

/* Fails the check: "PATH: truncated or corrupt archive file (WHY at byte N of SIZE)". */
static int scan_fail(scan *s, const char *why)
{
    snprintf(s->err, s->errlen, "%s: truncated or corrupt archive file (%s at byte %lld of %lld)",
             s->path, why, (long long)ftello(s->f), (long long)s->size);
    return -1;
}

static int64_t scan_left(scan *s)
{
    return s->size - (int64_t)ftello(s->f);
}

/* Makes room for len bytes in buf (its contents are not kept). 0, or -1 out of memory. */
static int buf_reserve(byte_buf *buf, size_t len)
{
    if (len <= buf->cap)
        return 0;
    unsigned char *data = realloc(buf->data, len);
    if (!data)
        return -1;
    buf->data = data;
    buf->cap = len;
    return 0;
}

/* ---- Avro's binary encoding ------------------------------------------------------------------ */

/* A zig-zag varint from next_byte; 0, or -1 at the end or after 10 bytes. */
static int decode_long(int (*next_byte)(void *ctx), void *ctx, int64_t *out)
{
    uint64_t value = 0;
    for (int shift = 0; shift < 70; shift += 7) {
        int c = next_byte(ctx);
        if (c < 0)
            return -1;
        value |= (uint64_t)(c & 0x7f) << shift;
        if (!(c & 0x80)) {
            *out = (int64_t)(value >> 1) ^ -(int64_t)(value & 1);
            return 0;
        }
    }
    return -1;
}

static int file_byte(void *ctx)
{
    int c = fgetc(ctx);
    return c == EOF ? -1 : c;
}

static int scan_long(scan *s, int64_t *out)
{
    return decode_long(file_byte, s->f, out);
}

/* Reads len bytes (which must lie inside the file) into buf. */
static int scan_read(scan *s, int64_t len, byte_buf *buf, const char *what)
{
    if (len < 0 || len > scan_left(s) || (size_t)len > MAX_BLOCK_BYTES)
        return scan_fail(s, what);
    if (buf_reserve(buf, (size_t)len + 1) != 0)
        return scan_fail(s, "out of memory");
    buf->len = (size_t)len;
    buf->data[len] = '\0';
    return fread(buf->data, 1, (size_t)len, s->f) == (size_t)len ? 0 : scan_fail(s, what);
}

/* A position in a block's decoded data. */
typedef struct cursor {
    const unsigned char *at;
    const unsigned char *end;
} cursor;

static int cursor_byte(void *ctx)
{
    cursor *c = ctx;
    return c->at < c->end ? *c->at++ : -1;
}

static int cursor_long(cursor *c, int64_t *out)
{
    return decode_long(cursor_byte, c, out);
}

/* Skips a length-prefixed string or bytes value. */
static int cursor_skip_bytes(cursor *c)
{
    int64_t len;
    if (cursor_long(c, &len) != 0 || len < 0 || len > c->end - c->at)
        return -1;
    c->at += len;
    return 0;
}

/* A union of null and bytes: branch 0 (nothing follows) or 1 (bytes). */
static int cursor_skip_optional_bytes(cursor *c)
{
    int64_t branch;
    if (cursor_long(c, &branch) != 0 || (branch != 0 && branch != 1))
        return -1;
    return branch == 1 ? cursor_skip_bytes(c) : 0;
}

/* One ArchivedRecord: topic, partition, offset, timestamp, key, value. */
static int cursor_skip_record(cursor *c)
{
    int64_t partition, offset, timestamp;
    return cursor_skip_bytes(c) != 0 || cursor_long(c, &partition) != 0 || partition < INT32_MIN ||
                   partition > INT32_MAX || cursor_long(c, &offset) != 0 ||
                   cursor_long(c, &timestamp) != 0 || cursor_skip_optional_bytes(c) != 0 ||
                   cursor_skip_optional_bytes(c) != 0
               ? -1
               : 0;
}

/* ---- The header ------------------------------------------------------------------------------ */

/* 1 if the schema text means the same schema as telex-archive writes. */
static int is_archive_schema(const char *text, size_t len)
{
    avro_schema_t ours = NULL;
    char written[8192] = "";
    avro_writer_t writer = avro_writer_memory(written, sizeof(written) - 1);
    json_t *expected = NULL, *found = NULL;
    int same = 0;
    if (!writer ||
        avro_schema_from_json_length(archive_schema_json(), strlen(archive_schema_json()), &ours) ||
        avro_schema_to_json(ours, writer))
        goto out_free;
    written[avro_writer_tell(writer)] = '\0';
    /* Compared as JSON values, so that spacing and the order of keys do not matter. */
    expected = json_loads(written, 0, NULL);
    found = json_loadb(text, len, 0, NULL);
    same = expected && found && json_equal(expected, found);
out_free:
    json_decref(expected);
    json_decref(found);
    if (ours)
        avro_schema_decref(ours);
    if (writer)
        avro_writer_free(writer);
    return same;
}

/* One key and value of the header's metadata: avro.codec and avro.schema are checked,
   other keys skipped; *schema_seen set to 1 for avro.schema. */
static int scan_metadata_entry(scan *s, int *schema_seen)
{
    int64_t key_len, value_len;
    char key[32] = "";
    if (scan_long(s, &key_len) != 0 || key_len < 0 || key_len > scan_left(s))
        return scan_fail(s, "bad header metadata key");
    if (key_len < (int64_t)sizeof(key) && fread(key, 1, (size_t)key_len, s->f) != (size_t)key_len)
        return scan_fail(s, "bad header metadata key");
    if (key_len >= (int64_t)sizeof(key) && fseeko(s->f, (off_t)key_len, SEEK_CUR) != 0)
        return scan_fail(s, "bad header metadata key");
    if (scan_long(s, &value_len) != 0 || value_len > MAX_SCHEMA_BYTES ||
        scan_read(s, value_len, &s->block, "bad header metadata value") != 0)
        return scan_fail(s, "bad header metadata value");
    const char *value = (const char *)s->block.data;
    if (strcmp(key, "avro.codec") == 0) {
        if (strcmp(value, "deflate") != 0 && strcmp(value, "null") != 0)
            return scan_fail(s, "codec neither deflate nor null");
        s->deflate = strcmp(value, "deflate") == 0;
    } else if (strcmp(key, "avro.schema") == 0) {
        if (!is_archive_schema(value, s->block.len))
            return scan_fail(s, "not the ArchivedRecord schema");
        *schema_seen = 1;
    }
    return 0;
}

/* The header's metadata: blocks of entries, ended by a count of 0. */
static int scan_metadata(scan *s)
{
    int64_t count, size;
    int schema_seen = 0;
    for (;;) {
        if (scan_long(s, &count) != 0 || count == INT64_MIN)
            return scan_fail(s, "bad header metadata");
        if (count == 0)
            break;
        /* A negative count is followed by the size of its entries in bytes. */
        if (count < 0 && (scan_long(s, &size) != 0 || size < 0))
            return scan_fail(s, "bad header metadata");
        for (int64_t i = 0; i < (count < 0 ? -count : count); i++)
            if (scan_metadata_entry(s, &schema_seen) != 0)
                return -1;
    }
    return schema_seen ? 0 : scan_fail(s, "no avro.schema in the header");
}

/* ---- Blocks ---------------------------------------------------------------------------------- */

/* Raw deflate of in into out. 0, or -1 when in is not one complete deflate stream. */
static int inflate_raw(const byte_buf *in, byte_buf *out)
{
    z_stream zs = {0};
    int rc;
    if (inflateInit2(&zs, -15) != Z_OK)
        return -1;
    zs.next_in = in->data;
    zs.avail_in = (uInt)in->len;
    out->len = 0;
    do {
        if (out->len == out->cap &&
            (out->cap >= MAX_BLOCK_BYTES || buf_reserve(out, out->cap ? out->cap * 2 : 65536)))
            break;
        zs.next_out = out->data + out->len;
        zs.avail_out = (uInt)(out->cap - out->len);
        rc = inflate(&zs, Z_NO_FLUSH);
        out->len = out->cap - zs.avail_out;
    } while (rc == Z_OK);
    int complete = rc == Z_STREAM_END && zs.avail_in == 0;
    inflateEnd(&zs);
    return complete ? 0 : -1;
}

/* The records of one block: exactly count of them fill its decoded data. */
static int check_records(const byte_buf *data, int64_t count)
{
    cursor c = {data->data, data->data + data->len};
    for (int64_t i = 0; i < count; i++)
        if (cursor_skip_record(&c) != 0)
            return -1;
    return c.at == c.end ? 0 : -1;
}

/* One block: record count, size, data, then the file's sync marker. */
static int scan_block(scan *s, const unsigned char sync[16])
{
    int64_t count, size;
    unsigned char block_sync[16];
    if (scan_long(s, &count) != 0 || count <= 0)
        return scan_fail(s, "bad block record count");
    if (scan_long(s, &size) != 0 || size < 0 || size > scan_left(s) - 16)
        return scan_fail(s, "bad block size");
    if (scan_read(s, size, &s->block, "block data cut short") != 0)
        return -1;
    if (fread(block_sync, 1, 16, s->f) != 16 || memcmp(sync, block_sync, 16) != 0)
        return scan_fail(s, "wrong block sync marker");
    if (s->deflate && inflate_raw(&s->block, &s->plain) != 0)
        return scan_fail(s, "block data that does not inflate");
    if (check_records(s->deflate ? &s->plain : &s->block, count) != 0)
        return scan_fail(s, "block records that do not decode");
    return 0;
}

static int scan_file(scan *s)
{
    unsigned char magic[4], sync[16];
    if (fread(magic, 1, 4, s->f) != 4 || memcmp(magic, "Obj\x01", 4) != 0)
        return scan_fail(s, "no Avro magic bytes");
    if (scan_metadata(s) != 0)
        return -1;
    if (fread(sync, 1, 16, s->f) != 16)
        return scan_fail(s, "no sync marker after the header");
    while (scan_left(s) > 0)
        if (scan_block(s, sync) != 0)
            return -1;
    return 0;
}

int archive_check_file(const char *path, char *err, size_t errlen)
{
    scan s = {.path = path, .err = err, .errlen = errlen};
    struct stat st;
    s.f = fopen(path, "rb");
    if (!s.f || fstat(fileno(s.f), &st) != 0) {
        snprintf(err, errlen, "%s: cannot read: %s", path, strerror(errno));
        if (s.f)
            fclose(s.f);
        return -1;
    }
    s.size = (int64_t)st.st_size;
    int rc = scan_file(&s);
    fclose(s.f);
    free(s.block.data);
    free(s.plain.data);
    return rc;
}
