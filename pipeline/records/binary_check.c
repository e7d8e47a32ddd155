/*
 * A guard in front of Avro C's decoder. Avro C trusts its input: a string
 * length of 2^60 is a 2^60-byte allocation, a union index past the end reads
 * past an array. Before any frame body reaches avro_value_read(), this walks
 * it against the writer schema and checks every length, count and index
 * against the bytes actually there, strings for UTF-8, and that the value ends
 * exactly where the body does. The error names the byte offset and the reason.
 */
#include <stdio.h>
#include <string.h>

#include "records_internal.h"

/* Deeper nesting than this only happens with recursive schemas and hostile data. */
#define MAX_DEPTH 64

typedef struct cursor {
    const unsigned char *bytes;
    size_t len;
    size_t pos;
    char *err;
    size_t errlen;
} cursor;

static int fail(cursor *c, const char *what)
{
    snprintf(c->err, c->errlen, "malformed Avro body at byte %zu of %zu: %s", c->pos, c->len, what);
    return -1;
}

/* Reads a zig-zag varint of at most max_bytes bytes (5 for int, 10 for long). */
static int read_varint(cursor *c, int max_bytes, int64_t *out)
{
    uint64_t raw = 0;
    for (int i = 0; i < max_bytes; i++) {
        if (c->pos >= c->len)
            return fail(c, "truncated number");
        unsigned char b = c->bytes[c->pos++];
        raw |= (uint64_t)(b & 0x7f) << (7 * i);
        if (!(b & 0x80)) {
            *out = (int64_t)(raw >> 1) ^ -(int64_t)(raw & 1);
            return 0;
        }
    }
    return fail(c, "number longer than its type allows");
}

static int read_long(cursor *c, int64_t *out)
{
    return read_varint(c, 10, out);
}

static int read_int(cursor *c, int64_t *out)
{
    if (read_varint(c, 5, out) != 0)
        return -1;
    if (*out < INT32_MIN || *out > INT32_MAX)
        return fail(c, "int out of range");
    return 0;
}

static int skip(cursor *c, uint64_t n, const char *what)
{
    if (n > c->len - c->pos) {
        char reason[96];
        snprintf(reason, sizeof reason, "truncated %s: needs %llu bytes, %zu left", what,
                 (unsigned long long)n, c->len - c->pos);
        return fail(c, reason);
    }
    c->pos += n;
    return 0;
}

/* A length-prefixed bytes or string value; strings must be UTF-8. */
static int check_bytes(cursor *c, int is_string)
{
    int64_t len;
    if (read_long(c, &len) != 0)
        return -1;
    if (len < 0)
        return fail(c, "negative length");
    size_t start = c->pos;
    if (skip(c, (uint64_t)len, is_string ? "string" : "bytes") != 0)
        return -1;
    if (is_string && !utf8_is_valid((const char *)c->bytes + start, (size_t)len)) {
        c->pos = start;
        return fail(c, "string is not valid UTF-8");
    }
    return 0;
}

static int check_value(avro_schema_t schema, cursor *c, int depth);

/* Array and map blocks: a count (negative: followed by a byte size), 0 ends. */
static int check_blocks(avro_schema_t items, int is_map, cursor *c, int depth)
{
    for (;;) {
        int64_t count;
        if (read_long(c, &count) != 0)
            return -1;
        if (count == 0)
            return 0;
        if (count < 0) {
            int64_t block_size;
            if (count == INT64_MIN)
                return fail(c, "bad block count");
            count = -count;
            if (read_long(c, &block_size) != 0)
                return -1;
            if (block_size < 0)
                return fail(c, "negative block size");
        }
        /* Every item takes at least one byte in Telex's schemas; this bounds the loop. */
        if ((uint64_t)count > c->len - c->pos)
            return fail(c, "block count larger than the bytes left");
        for (int64_t i = 0; i < count; i++) {
            if (is_map && check_bytes(c, 1) != 0)
                return -1;
            if (check_value(items, c, depth + 1) != 0)
                return -1;
        }
    }
}

static int check_record(avro_schema_t schema, cursor *c, int depth)
{
    size_t n = avro_schema_record_size(schema);
    for (size_t i = 0; i < n; i++)
        if (check_value(avro_schema_record_field_get_by_index(schema, (int)i), c, depth + 1) != 0)
            return -1;
    return 0;
}

static int check_union(avro_schema_t schema, cursor *c, int depth)
{
    int64_t index;
    if (read_long(c, &index) != 0)
        return -1;
    if (index < 0 || (uint64_t)index >= avro_schema_union_size(schema))
        return fail(c, "union branch index out of range");
    return check_value(avro_schema_union_branch(schema, (int)index), c, depth + 1);
}

static int check_enum(avro_schema_t schema, cursor *c)
{
    int64_t index;
    if (read_int(c, &index) != 0)
        return -1;
    if (index < 0 || index >= avro_schema_enum_number_of_symbols(schema))
        return fail(c, "enum index out of range");
    return 0;
}

static int check_value(avro_schema_t schema, cursor *c, int depth)
{
    int64_t ignored;
    if (depth > MAX_DEPTH)
        return fail(c, "values nested too deep");
    switch (avro_typeof(schema)) {
    case AVRO_NULL:
        return 0;
    case AVRO_BOOLEAN:
        if (c->pos >= c->len)
            return fail(c, "truncated boolean");
        if (c->bytes[c->pos] > 1)
            return fail(c, "boolean is neither 0 nor 1");
        c->pos++;
        return 0;
    case AVRO_INT32:
        return read_int(c, &ignored);
    case AVRO_INT64:
        return read_long(c, &ignored);
    case AVRO_FLOAT:
        return skip(c, 4, "float");
    case AVRO_DOUBLE:
        return skip(c, 8, "double");
    case AVRO_BYTES:
        return check_bytes(c, 0);
    case AVRO_STRING:
        return check_bytes(c, 1);
    case AVRO_FIXED:
        return skip(c, (uint64_t)avro_schema_fixed_size(schema), "fixed");
    case AVRO_ENUM:
        return check_enum(schema, c);
    case AVRO_RECORD:
        return check_record(schema, c, depth);
    case AVRO_UNION:
        return check_union(schema, c, depth);
    case AVRO_ARRAY:
        return check_blocks(avro_schema_array_items(schema), 0, c, depth);
    case AVRO_MAP:
        return check_blocks(avro_schema_map_values(schema), 1, c, depth);
    case AVRO_LINK:
        return check_value(avro_schema_link_target(schema), c, depth + 1);
    default:
        return fail(c, "schema type Telex cannot check");
    }
}

int avro_binary_check(avro_schema_t schema, const void *body, size_t len, char *err, size_t errlen)
{
    cursor c = {.bytes = body, .len = len, .pos = 0, .err = err, .errlen = errlen};
    if (check_value(schema, &c, 0) != 0)
        return -1;
    if (c.pos != c.len)
        return fail(&c, "trailing bytes after the value");
    return 0;
}

int utf8_is_valid(const char *bytes, size_t len)
{
    const unsigned char *s = (const unsigned char *)bytes;
    size_t i = 0;
    while (i < len) {
        unsigned char b = s[i];
        size_t n;
        uint32_t cp;
        if (b < 0x80) {
            i++;
            continue;
        } else if (b >= 0xc2 && b <= 0xdf) {
            n = 1, cp = b & 0x1f;
        } else if (b >= 0xe0 && b <= 0xef) {
            n = 2, cp = b & 0x0f;
        } else if (b >= 0xf0 && b <= 0xf4) {
            n = 3, cp = b & 0x07;
        } else {
            return 0;
        }
        if (n > len - i - 1)
            return 0;
        for (size_t k = 1; k <= n; k++) {
            if ((s[i + k] & 0xc0) != 0x80)
                return 0;
            cp = (cp << 6) | (s[i + k] & 0x3f);
        }
        if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10ffff)) ||
            (cp >= 0xd800 && cp <= 0xdfff))
            return 0;
        i += n + 1;
    }
    return 1;
}
