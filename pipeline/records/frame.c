/*
 * Single-object frames and length-prefixed streams of them.
 *
 * A frame is C3 01, the writer schema's 8-byte little-endian fingerprint, and
 * the Avro binary body. Decoding finds the writer schema by fingerprint,
 * checks the body against it (binary_check.c), reads it with Avro C and, when
 * the writer is an older version, resolves it into the current schema of the
 * same name (resolve.c). Encoding sizes the body with avro_value_sizeof and
 * writes it straight into the output buffer.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "records_internal.h"

static void put_fingerprint(unsigned char *out, uint64_t fingerprint)
{
    for (int i = 0; i < 8; i++)
        out[i] = (unsigned char)(fingerprint >> (8 * i));
}

static uint64_t get_fingerprint(const unsigned char *in)
{
    uint64_t fingerprint = 0;
    for (int i = 0; i < 8; i++)
        fingerprint |= (uint64_t)in[i] << (8 * i);
    return fingerprint;
}

int telex_frame_unwrap(const telex_schemas *s, const void *frame, size_t len, uint64_t *fingerprint,
                       const void **body, size_t *body_len, char *err, size_t errlen)
{
    const unsigned char *bytes = frame;
    if (len < FRAME_HEADER_LEN) {
        snprintf(err, errlen, "frame too short: %zu bytes, a single-object frame needs at least %d",
                 len, FRAME_HEADER_LEN);
        return -1;
    }
    if (bytes[0] != FRAME_MAGIC_0 || bytes[1] != FRAME_MAGIC_1) {
        snprintf(err, errlen, "bad magic: expected C3 01, got %02X %02X", bytes[0], bytes[1]);
        return -1;
    }
    *fingerprint = get_fingerprint(bytes + 2);
    if (s && !schemas_find_fingerprint(s, *fingerprint)) {
        snprintf(err, errlen, "unknown schema fingerprint %016" PRIx64, *fingerprint);
        return -1;
    }
    *body = bytes + FRAME_HEADER_LEN;
    *body_len = len - FRAME_HEADER_LEN;
    return 0;
}

int telex_frame_wrap(const telex_schemas *s, uint64_t fingerprint, const void *body, size_t len,
                     telex_buf *out, char *err, size_t errlen)
{
    if (s && !schemas_find_fingerprint(s, fingerprint)) {
        snprintf(err, errlen, "unknown schema fingerprint %016" PRIx64, fingerprint);
        return -1;
    }
    unsigned char header[FRAME_HEADER_LEN] = {FRAME_MAGIC_0, FRAME_MAGIC_1};
    put_fingerprint(header + 2, fingerprint);
    if (telex_buf_append(out, header, sizeof header) != 0 ||
        telex_buf_append(out, body, len) != 0) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    return 0;
}

const char *telex_frame_schema_name(const telex_schemas *s, const void *frame, size_t len)
{
    const unsigned char *bytes = frame;
    if (len < FRAME_HEADER_LEN || bytes[0] != FRAME_MAGIC_0 || bytes[1] != FRAME_MAGIC_1)
        return NULL;
    schema_entry *entry = schemas_find_fingerprint(s, get_fingerprint(bytes + 2));
    return entry ? entry->full_name : NULL;
}

/* Reads body with the writer's schema into the writer's reusable value. */
static int read_body(schema_entry *writer, const void *body, size_t len, char *err, size_t errlen)
{
    if (avro_binary_check(writer->schema, body, len, err, errlen) != 0)
        return -1;
    avro_reader_t reader = avro_reader_memory(body, (int64_t)len);
    if (!reader) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    int rc = avro_value_reset(&writer->value);
    if (rc == 0)
        rc = avro_value_read(reader, &writer->value);
    avro_reader_free(reader);
    if (rc != 0) {
        snprintf(err, errlen, "cannot decode %s: %s", writer->full_name, avro_strerror());
        return -1;
    }
    return 0;
}

int frame_decode_value(const telex_schemas *s, const void *frame, size_t len,
                       const char *expected_name, avro_value_t **value, char *err, size_t errlen)
{
    uint64_t fingerprint;
    const void *body;
    size_t body_len;
    if (telex_frame_unwrap(s, frame, len, &fingerprint, &body, &body_len, err, errlen) != 0)
        return -1;
    schema_entry *writer = schemas_find_fingerprint(s, fingerprint);
    if (expected_name && strcmp(writer->full_name, expected_name) != 0) {
        snprintf(err, errlen, "frame holds a %s, expected a %s", writer->full_name, expected_name);
        return -1;
    }
    if (read_body(writer, body, body_len, err, errlen) != 0)
        return -1;
    schema_entry *reader = writer->reader;
    if (reader != writer) {
        if (avro_value_reset(&reader->value) != 0) {
            snprintf(err, errlen, "cannot reset %s: %s", reader->full_name, avro_strerror());
            return -1;
        }
        if (avro_resolve_value(&writer->value, &reader->value, reader->named_types, err, errlen) !=
            0)
            return -1;
    }
    *value = &reader->value;
    return 0;
}

int frame_begin_value(const telex_schemas *s, const char *full_name, schema_entry **entry,
                      char *err, size_t errlen)
{
    *entry = schemas_find_current(s, full_name);
    if (!*entry) {
        snprintf(err, errlen, "schema %s is not loaded (no %s.avsc in the schema folder)",
                 full_name, strrchr(full_name, '.') ? strrchr(full_name, '.') + 1 : full_name);
        return -1;
    }
    if (avro_value_reset(&(*entry)->value) != 0) {
        snprintf(err, errlen, "cannot reset %s: %s", full_name, avro_strerror());
        return -1;
    }
    return 0;
}

int frame_encode_value(schema_entry *entry, telex_buf *out, char *err, size_t errlen)
{
    size_t body_len;
    if (avro_value_sizeof(&entry->value, &body_len) != 0) {
        snprintf(err, errlen, "cannot size %s: %s", entry->full_name, avro_strerror());
        return -1;
    }
    if (buf_reserve(out, FRAME_HEADER_LEN + body_len) != 0) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    unsigned char *header = (unsigned char *)out->data + out->len;
    header[0] = FRAME_MAGIC_0;
    header[1] = FRAME_MAGIC_1;
    put_fingerprint(header + 2, entry->fingerprint);
    avro_writer_t writer = avro_writer_memory((char *)header + FRAME_HEADER_LEN, (int64_t)body_len);
    if (!writer) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    int rc = avro_value_write(writer, &entry->value);
    avro_writer_free(writer);
    if (rc != 0) {
        snprintf(err, errlen, "cannot encode %s: %s", entry->full_name, avro_strerror());
        return -1;
    }
    out->len += FRAME_HEADER_LEN + body_len;
    out->data[out->len] = '\0';
    return 0;
}

int telex_frame_write(FILE *out, const void *frame, size_t len)
{
    if (len > TELEX_FRAME_MAX)
        return -1;
    unsigned char prefix[4] = {(unsigned char)(len >> 24), (unsigned char)(len >> 16),
                               (unsigned char)(len >> 8), (unsigned char)len};
    if (fwrite(prefix, 1, sizeof prefix, out) != sizeof prefix)
        return -1;
    if (len > 0 && fwrite(frame, 1, len, out) != len)
        return -1;
    return 0;
}

int telex_frame_read(FILE *in, telex_buf *frame, char *err, size_t errlen)
{
    unsigned char prefix[4];
    telex_buf_reset(frame);
    size_t got = fread(prefix, 1, sizeof prefix, in);
    if (got == 0 && feof(in))
        return 0;
    if (got < sizeof prefix) {
        snprintf(err, errlen, "truncated frame length: got %zu of 4 bytes%s%s", got,
                 ferror(in) ? ": " : "", ferror(in) ? strerror(errno) : "");
        return -1;
    }
    size_t len = (size_t)prefix[0] << 24 | (size_t)prefix[1] << 16 | (size_t)prefix[2] << 8 |
                 (size_t)prefix[3];
    if (len > TELEX_FRAME_MAX) {
        snprintf(err, errlen, "frame too large: %zu bytes (limit %zu)", len, TELEX_FRAME_MAX);
        return -1;
    }
    if (buf_reserve(frame, len) != 0) {
        snprintf(err, errlen, "out of memory for a %zu-byte frame", len);
        return -1;
    }
    got = fread(frame->data, 1, len, in);
    if (got < len) {
        snprintf(err, errlen, "truncated frame: got %zu of %zu bytes", got, len);
        return -1;
    }
    frame->len = len;
    frame->data[len] = '\0';
    return 1;
}
