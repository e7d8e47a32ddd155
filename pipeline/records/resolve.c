/*
 * Avro schema resolution: reading a value written with one schema (an older
 * version) as another (the current one), by the specification's rules:
 * record fields match by name, fields the writer lacks take the reader's
 * default, fields the reader lacks are dropped, unions pick the first
 * matching branch, and int < long < float < double and string <-> bytes
 * promote.
 *
 * Avro C has a resolver (avro_resolved_writer_new), but in 1.11 it rejects a
 * reader field missing from the writer ("TODO: Handle default values!" in
 * src/resolved-writer.c), which is exactly what adding a field with a default
 * needs. So Telex decodes with the writer schema and copies across here,
 * taking defaults from the reader schema's JSON.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "records_internal.h"

typedef struct resolve_ctx {
    json_t *named; /* reader's named types: full name -> JSON definition */
    char *err;
    size_t errlen;
} resolve_ctx;

void avro_schema_full_name(avro_schema_t schema, char *out, size_t outlen)
{
    const char *name = avro_schema_name(schema);
    const char *ns = avro_schema_namespace(schema);
    if (!name)
        snprintf(out, outlen, "%s", avro_schema_type_name(schema));
    else if (strchr(name, '.') || !ns || !ns[0])
        snprintf(out, outlen, "%s", name);
    else
        snprintf(out, outlen, "%s.%s", ns, name);
}

static avro_schema_t unlink_schema(avro_schema_t schema)
{
    while (schema && avro_typeof(schema) == AVRO_LINK)
        schema = avro_schema_link_target(schema);
    return schema;
}

static int fail(resolve_ctx *ctx, const char *what, const char *detail)
{
    snprintf(ctx->err, ctx->errlen, "schema resolution: %s%s%s", what, detail ? ": " : "",
             detail ? detail : "");
    return -1;
}

static int avro_fail(resolve_ctx *ctx, const char *what)
{
    return fail(ctx, what, avro_strerror());
}

static int is_named(avro_type_t type)
{
    return type == AVRO_RECORD || type == AVRO_ENUM || type == AVRO_FIXED;
}

/* 2: same type (and name), 1: the writer's type promotes to the reader's, 0: no match. */
static int match_level(avro_schema_t writer, avro_schema_t reader)
{
    writer = unlink_schema(writer);
    reader = unlink_schema(reader);
    avro_type_t w = avro_typeof(writer), r = avro_typeof(reader);
    if (w == r) {
        if (!is_named(w))
            return 2;
        char wname[256], rname[256];
        avro_schema_full_name(writer, wname, sizeof wname);
        avro_schema_full_name(reader, rname, sizeof rname);
        return strcmp(wname, rname) == 0 ? 2 : 0;
    }
    switch (r) {
    case AVRO_INT64:
        return w == AVRO_INT32;
    case AVRO_FLOAT:
        return w == AVRO_INT32 || w == AVRO_INT64;
    case AVRO_DOUBLE:
        return w == AVRO_INT32 || w == AVRO_INT64 || w == AVRO_FLOAT;
    case AVRO_STRING:
        return w == AVRO_BYTES;
    case AVRO_BYTES:
        return w == AVRO_STRING;
    default:
        return 0;
    }
}

static int resolve(avro_value_t *w, avro_value_t *r, resolve_ctx *ctx);
static int fill_default(json_t *dflt, avro_value_t *r, resolve_ctx *ctx);

/* A non-union writer value into a reader union: the best matching branch. */
static int resolve_into_union(avro_value_t *w, avro_value_t *r, resolve_ctx *ctx)
{
    avro_schema_t wschema = avro_value_get_schema(w);
    avro_schema_t rschema = avro_value_get_schema(r);
    size_t n = avro_schema_union_size(rschema);
    for (int level = 2; level >= 1; level--) {
        for (size_t i = 0; i < n; i++) {
            if (match_level(wschema, avro_schema_union_branch(rschema, (int)i)) != level)
                continue;
            avro_value_t branch;
            if (avro_value_set_branch(r, (int)i, &branch) != 0)
                return avro_fail(ctx, "cannot set union branch");
            return resolve(w, &branch, ctx);
        }
    }
    return fail(ctx, "no branch of the reader's union matches the writer's",
                avro_schema_type_name(wschema));
}

/* The "default" of field_name in the reader's definition of record full_name, or NULL. */
static json_t *field_default(resolve_ctx *ctx, const char *record, const char *field_name)
{
    json_t *fields = json_object_get(json_object_get(ctx->named, record), "fields");
    size_t i;
    json_t *field;
    json_array_foreach(fields, i, field)
    {
        const char *name = json_string_value(json_object_get(field, "name"));
        if (name && strcmp(name, field_name) == 0)
            return json_object_get(field, "default");
    }
    return NULL;
}

static int resolve_record(avro_value_t *w, avro_value_t *r, resolve_ctx *ctx)
{
    avro_schema_t rschema = avro_value_get_schema(r);
    char record[256];
    avro_schema_full_name(rschema, record, sizeof record);
    size_t n;
    if (avro_value_get_size(r, &n) != 0)
        return avro_fail(ctx, "cannot size record");
    for (size_t i = 0; i < n; i++) {
        avro_value_t rfield, wfield;
        const char *name;
        if (avro_value_get_by_index(r, i, &rfield, &name) != 0)
            return avro_fail(ctx, "cannot get reader field");
        if (avro_value_get_by_name(w, name, &wfield, NULL) == 0) {
            if (resolve(&wfield, &rfield, ctx) != 0)
                return -1;
            continue;
        }
        json_t *dflt = field_default(ctx, record, name);
        if (!dflt) {
            char detail[512];
            snprintf(detail, sizeof detail, "%s.%s", record, name);
            return fail(ctx, "the writer lacks a field that has no default", detail);
        }
        if (fill_default(dflt, &rfield, ctx) != 0)
            return -1;
    }
    return 0;
}

static int resolve_array(avro_value_t *w, avro_value_t *r, resolve_ctx *ctx)
{
    size_t n;
    if (avro_value_get_size(w, &n) != 0)
        return avro_fail(ctx, "cannot size array");
    for (size_t i = 0; i < n; i++) {
        avro_value_t witem, ritem;
        if (avro_value_get_by_index(w, i, &witem, NULL) != 0 ||
            avro_value_append(r, &ritem, NULL) != 0)
            return avro_fail(ctx, "cannot copy array item");
        if (resolve(&witem, &ritem, ctx) != 0)
            return -1;
    }
    return 0;
}

static int resolve_map(avro_value_t *w, avro_value_t *r, resolve_ctx *ctx)
{
    size_t n;
    if (avro_value_get_size(w, &n) != 0)
        return avro_fail(ctx, "cannot size map");
    for (size_t i = 0; i < n; i++) {
        avro_value_t witem, ritem;
        const char *key;
        if (avro_value_get_by_index(w, i, &witem, &key) != 0 ||
            avro_value_add(r, key, &ritem, NULL, NULL) != 0)
            return avro_fail(ctx, "cannot copy map entry");
        if (resolve(&witem, &ritem, ctx) != 0)
            return -1;
    }
    return 0;
}

static int resolve_enum(avro_value_t *w, avro_value_t *r, resolve_ctx *ctx)
{
    int index;
    if (avro_value_get_enum(w, &index) != 0)
        return avro_fail(ctx, "cannot read enum");
    const char *symbol = avro_schema_enum_get(avro_value_get_schema(w), index);
    int rindex = symbol ? avro_schema_enum_get_by_name(avro_value_get_schema(r), symbol) : -1;
    if (rindex < 0)
        return fail(ctx, "enum symbol unknown to the reader", symbol);
    return avro_value_set_enum(r, rindex) == 0 ? 0 : avro_fail(ctx, "cannot set enum");
}

/* Numbers: same type or promoted to a wider one. */
static int resolve_number(avro_value_t *w, avro_value_t *r, resolve_ctx *ctx)
{
    int32_t i32 = 0;
    int64_t i64 = 0;
    float f = 0;
    double d = 0;
    int rc;
    switch (avro_value_get_type(w)) {
    case AVRO_INT32:
        rc = avro_value_get_int(w, &i32);
        i64 = i32, f = (float)i32, d = i32;
        break;
    case AVRO_INT64:
        rc = avro_value_get_long(w, &i64);
        f = (float)i64, d = (double)i64;
        break;
    case AVRO_FLOAT:
        rc = avro_value_get_float(w, &f);
        d = f;
        break;
    default:
        rc = avro_value_get_double(w, &d);
        break;
    }
    if (rc != 0)
        return avro_fail(ctx, "cannot read number");
    switch (avro_value_get_type(r)) {
    case AVRO_INT32:
        rc = avro_value_set_int(r, i32);
        break;
    case AVRO_INT64:
        rc = avro_value_set_long(r, i64);
        break;
    case AVRO_FLOAT:
        rc = avro_value_set_float(r, f);
        break;
    default:
        rc = avro_value_set_double(r, d);
        break;
    }
    return rc == 0 ? 0 : avro_fail(ctx, "cannot set number");
}

/* Avro C's strings carry their NUL: copy bytes into a NUL-terminated string first. */
static int set_string_from_bytes(avro_value_t *r, const void *bytes, size_t size, resolve_ctx *ctx)
{
    char *text = malloc(size + 1);
    if (!text)
        return fail(ctx, "out of memory", NULL);
    if (size > 0)
        memcpy(text, bytes, size);
    text[size] = '\0';
    int rc = avro_value_set_string_len(r, text, size + 1);
    free(text);
    return rc == 0 ? 0 : avro_fail(ctx, "cannot set string");
}

/* string, bytes and fixed: the same bytes (string <-> bytes promote). */
static int resolve_bytes(avro_value_t *w, avro_value_t *r, resolve_ctx *ctx)
{
    const void *bytes = NULL;
    size_t size = 0;
    avro_type_t wtype = avro_value_get_type(w), rtype = avro_value_get_type(r);
    int rc;
    if (wtype == AVRO_STRING) {
        const char *str = NULL;
        rc = avro_value_get_string(w, &str, &size);
        bytes = str;
        size = size ? size - 1 : 0; /* Avro C counts the NUL */
    } else if (wtype == AVRO_BYTES) {
        rc = avro_value_get_bytes(w, &bytes, &size);
    } else {
        rc = avro_value_get_fixed(w, &bytes, &size);
    }
    if (rc != 0)
        return avro_fail(ctx, "cannot read bytes");
    if (rtype == AVRO_STRING)
        return set_string_from_bytes(r, bytes, size, ctx);
    if (rtype == AVRO_BYTES)
        rc = avro_value_set_bytes(r, (void *)bytes, size);
    else
        rc = avro_value_set_fixed(r, (void *)bytes, size);
    return rc == 0 ? 0 : avro_fail(ctx, "cannot set bytes");
}

static int resolve(avro_value_t *w, avro_value_t *r, resolve_ctx *ctx)
{
    avro_type_t wtype = avro_value_get_type(w);
    avro_type_t rtype = avro_value_get_type(r);
    if (wtype == AVRO_UNION) {
        avro_value_t branch;
        if (avro_value_get_current_branch(w, &branch) != 0)
            return avro_fail(ctx, "cannot read union");
        return resolve(&branch, r, ctx);
    }
    if (rtype == AVRO_UNION)
        return resolve_into_union(w, r, ctx);
    if (match_level(avro_value_get_schema(w), avro_value_get_schema(r)) == 0)
        return fail(ctx, "writer and reader types do not match",
                    avro_schema_type_name(avro_value_get_schema(r)));
    switch (rtype) {
    case AVRO_NULL:
        return avro_value_set_null(r) == 0 ? 0 : avro_fail(ctx, "cannot set null");
    case AVRO_BOOLEAN: {
        int flag;
        if (avro_value_get_boolean(w, &flag) != 0 || avro_value_set_boolean(r, flag) != 0)
            return avro_fail(ctx, "cannot copy boolean");
        return 0;
    }
    case AVRO_INT32:
    case AVRO_INT64:
    case AVRO_FLOAT:
    case AVRO_DOUBLE:
        return resolve_number(w, r, ctx);
    case AVRO_STRING:
    case AVRO_BYTES:
    case AVRO_FIXED:
        return resolve_bytes(w, r, ctx);
    case AVRO_ENUM:
        return resolve_enum(w, r, ctx);
    case AVRO_RECORD:
        return resolve_record(w, r, ctx);
    case AVRO_ARRAY:
        return resolve_array(w, r, ctx);
    case AVRO_MAP:
        return resolve_map(w, r, ctx);
    default:
        return fail(ctx, "unsupported type", avro_schema_type_name(avro_value_get_schema(r)));
    }
}

/*
 * Defaults. JSON encodes bytes and fixed defaults as a string whose code
 * points 0-255 are the bytes; Telex's schemas have none, so only plain
 * ASCII is accepted for them.
 */
static int fill_default_bytes(json_t *dflt, avro_value_t *r, resolve_ctx *ctx)
{
    const char *text = json_string_value(dflt);
    size_t len = json_string_length(dflt);
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)text[i] >= 0x80)
            return fail(ctx, "non-ASCII bytes default is not supported", NULL);
    int rc = avro_value_get_type(r) == AVRO_STRING  ? avro_value_set_string_len(r, text, len + 1)
             : avro_value_get_type(r) == AVRO_BYTES ? avro_value_set_bytes(r, (void *)text, len)
                                                    : avro_value_set_fixed(r, (void *)text, len);
    return rc == 0 ? 0 : avro_fail(ctx, "cannot set default");
}

static int fill_default_record(json_t *dflt, avro_value_t *r, resolve_ctx *ctx)
{
    char record[256];
    avro_schema_full_name(avro_value_get_schema(r), record, sizeof record);
    size_t n;
    if (avro_value_get_size(r, &n) != 0)
        return avro_fail(ctx, "cannot size record");
    for (size_t i = 0; i < n; i++) {
        avro_value_t field;
        const char *name;
        if (avro_value_get_by_index(r, i, &field, &name) != 0)
            return avro_fail(ctx, "cannot get field");
        json_t *inner = json_object_get(dflt, name);
        if (!inner)
            inner = field_default(ctx, record, name);
        if (!inner)
            return fail(ctx, "record default lacks a field", name);
        if (fill_default(inner, &field, ctx) != 0)
            return -1;
    }
    return 0;
}

static int fill_default_items(json_t *dflt, avro_value_t *r, resolve_ctx *ctx)
{
    if (avro_value_get_type(r) == AVRO_ARRAY) {
        size_t i;
        json_t *item;
        json_array_foreach(dflt, i, item)
        {
            avro_value_t child;
            if (avro_value_append(r, &child, NULL) != 0)
                return avro_fail(ctx, "cannot append default item");
            if (fill_default(item, &child, ctx) != 0)
                return -1;
        }
        return 0;
    }
    const char *key;
    json_t *item;
    json_object_foreach(dflt, key, item)
    {
        avro_value_t child;
        if (avro_value_add(r, key, &child, NULL, NULL) != 0)
            return avro_fail(ctx, "cannot add default entry");
        if (fill_default(item, &child, ctx) != 0)
            return -1;
    }
    return 0;
}

/* Whether the JSON default has the shape the reader type needs. */
static int default_fits(json_t *dflt, avro_type_t type)
{
    switch (type) {
    case AVRO_NULL:
        return json_is_null(dflt);
    case AVRO_BOOLEAN:
        return json_is_boolean(dflt);
    case AVRO_INT32:
    case AVRO_INT64:
        return json_is_integer(dflt);
    case AVRO_FLOAT:
    case AVRO_DOUBLE:
        return json_is_number(dflt);
    case AVRO_STRING:
    case AVRO_BYTES:
    case AVRO_FIXED:
    case AVRO_ENUM:
        return json_is_string(dflt);
    case AVRO_ARRAY:
        return json_is_array(dflt);
    case AVRO_MAP:
    case AVRO_RECORD:
        return json_is_object(dflt);
    default:
        return 1;
    }
}

static int fill_default(json_t *dflt, avro_value_t *r, resolve_ctx *ctx)
{
    avro_type_t type = avro_value_get_type(r);
    if (!default_fits(dflt, type))
        return fail(ctx, "default value does not fit its type",
                    avro_schema_type_name(avro_value_get_schema(r)));
    int rc;
    switch (type) {
    case AVRO_UNION: { /* a union's default is for its first branch */
        avro_value_t branch;
        if (avro_value_set_branch(r, 0, &branch) != 0)
            return avro_fail(ctx, "cannot set default branch");
        return fill_default(dflt, &branch, ctx);
    }
    case AVRO_NULL:
        rc = avro_value_set_null(r);
        break;
    case AVRO_BOOLEAN:
        rc = avro_value_set_boolean(r, json_is_true(dflt));
        break;
    case AVRO_INT32:
        rc = avro_value_set_int(r, (int32_t)json_integer_value(dflt));
        break;
    case AVRO_INT64:
        rc = avro_value_set_long(r, (int64_t)json_integer_value(dflt));
        break;
    case AVRO_FLOAT:
        rc = avro_value_set_float(r, (float)json_number_value(dflt));
        break;
    case AVRO_DOUBLE:
        rc = avro_value_set_double(r, json_number_value(dflt));
        break;
    case AVRO_ENUM: {
        int index = avro_schema_enum_get_by_name(avro_value_get_schema(r), json_string_value(dflt));
        if (index < 0)
            return fail(ctx, "enum default is not a symbol", json_string_value(dflt));
        rc = avro_value_set_enum(r, index);
        break;
    }
    case AVRO_STRING:
    case AVRO_BYTES:
    case AVRO_FIXED:
        return fill_default_bytes(dflt, r, ctx);
    case AVRO_RECORD:
        return fill_default_record(dflt, r, ctx);
    case AVRO_ARRAY:
    case AVRO_MAP:
        return fill_default_items(dflt, r, ctx);
    default:
        return fail(ctx, "unsupported default type", NULL);
    }
    return rc == 0 ? 0 : avro_fail(ctx, "cannot set default");
}

int avro_resolve_value(avro_value_t *writer, avro_value_t *reader, json_t *reader_named, char *err,
                       size_t errlen)
{
    resolve_ctx ctx = {.named = reader_named, .err = err, .errlen = errlen};
    return resolve(writer, reader, &ctx);
}
