/*
 * The JSON view: any Avro value as JSON, the way telex-cat --json prints it
 * (DESIGN.md, "The JSON view of an enriched story"). Records become objects
 * with their fields in schema order, unions their bare value (null as null),
 * arrays arrays, maps objects, enums their symbol, bytes a string when they
 * are valid UTF-8 and {"base64": "..."} otherwise. Output is compact, one
 * line, UTF-8 as is.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "records_internal.h"

#define JSON_VIEW_FLAGS (JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY)

static json_t *avro_failed(const char *what, char *err, size_t errlen)
{
    snprintf(err, errlen, "JSON view: %s: %s", what, avro_strerror());
    return NULL;
}

static char *base64_encode(const unsigned char *in, size_t len)
{
    static const char alphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    char *out = malloc((len + 2) / 3 * 4 + 1);
    if (!out)
        return NULL;
    size_t o = 0;
    for (size_t i = 0; i < len; i += 3) {
        uint32_t chunk = (uint32_t)in[i] << 16;
        if (i + 1 < len)
            chunk |= (uint32_t)in[i + 1] << 8;
        if (i + 2 < len)
            chunk |= in[i + 2];
        out[o++] = alphabet[(chunk >> 18) & 63];
        out[o++] = alphabet[(chunk >> 12) & 63];
        out[o++] = i + 1 < len ? alphabet[(chunk >> 6) & 63] : '=';
        out[o++] = i + 2 < len ? alphabet[chunk & 63] : '=';
    }
    out[o] = '\0';
    return out;
}

static json_t *bytes_to_json(const void *bytes, size_t len, char *err, size_t errlen)
{
    if (utf8_is_valid(bytes, len))
        return json_stringn(bytes ? bytes : "", len);
    char *encoded = base64_encode(bytes, len);
    if (!encoded) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    json_t *out = json_pack("{s:s}", "base64", encoded);
    free(encoded);
    return out;
}

static json_t *string_to_json(avro_value_t *value, char *err, size_t errlen)
{
    const char *str;
    size_t size;
    if (avro_value_get_string(value, &str, &size) != 0)
        return avro_failed("cannot read string", err, errlen);
    json_t *out = json_stringn(str, size ? size - 1 : 0);
    if (!out)
        snprintf(err, errlen, "JSON view: string is not valid UTF-8");
    return out;
}

static json_t *number_to_json(avro_value_t *value, char *err, size_t errlen)
{
    int32_t i32;
    int64_t i64;
    float f;
    double d;
    switch (avro_value_get_type(value)) {
    case AVRO_INT32:
        return avro_value_get_int(value, &i32) == 0 ? json_integer(i32)
                                                    : avro_failed("int", err, errlen);
    case AVRO_INT64:
        return avro_value_get_long(value, &i64) == 0 ? json_integer(i64)
                                                     : avro_failed("long", err, errlen);
    case AVRO_FLOAT:
        if (avro_value_get_float(value, &f) != 0)
            return avro_failed("float", err, errlen);
        d = f;
        break;
    default:
        if (avro_value_get_double(value, &d) != 0)
            return avro_failed("double", err, errlen);
        break;
    }
    /* JSON has no NaN or infinity. */
    return isfinite(d) ? json_real(d) : json_null();
}

/* Records and maps: objects keyed by field name or map key, in order. */
static json_t *object_to_json(avro_value_t *value, char *err, size_t errlen)
{
    size_t n;
    if (avro_value_get_size(value, &n) != 0)
        return avro_failed("cannot size record or map", err, errlen);
    json_t *out = json_object();
    for (size_t i = 0; i < n; i++) {
        avro_value_t child;
        const char *name;
        if (avro_value_get_by_index(value, i, &child, &name) != 0) {
            json_decref(out);
            return avro_failed("cannot read field", err, errlen);
        }
        json_t *inner = avro_value_to_json_view(&child, err, errlen);
        if (!inner || json_object_set_new(out, name, inner) != 0) {
            json_decref(out);
            return NULL;
        }
    }
    return out;
}

static json_t *array_to_json(avro_value_t *value, char *err, size_t errlen)
{
    size_t n;
    if (avro_value_get_size(value, &n) != 0)
        return avro_failed("cannot size array", err, errlen);
    json_t *out = json_array();
    for (size_t i = 0; i < n; i++) {
        avro_value_t child;
        if (avro_value_get_by_index(value, i, &child, NULL) != 0) {
            json_decref(out);
            return avro_failed("cannot read item", err, errlen);
        }
        json_t *inner = avro_value_to_json_view(&child, err, errlen);
        if (!inner || json_array_append_new(out, inner) != 0) {
            json_decref(out);
            return NULL;
        }
    }
    return out;
}

static json_t *blob_to_json(avro_value_t *value, char *err, size_t errlen)
{
    const void *bytes;
    size_t size;
    int rc = avro_value_get_type(value) == AVRO_BYTES ? avro_value_get_bytes(value, &bytes, &size)
                                                      : avro_value_get_fixed(value, &bytes, &size);
    if (rc != 0)
        return avro_failed("cannot read bytes", err, errlen);
    return bytes_to_json(bytes, size, err, errlen);
}

json_t *avro_value_to_json_view(avro_value_t *value, char *err, size_t errlen)
{
    avro_value_t branch;
    int flag, index;
    switch (avro_value_get_type(value)) {
    case AVRO_NULL:
        return json_null();
    case AVRO_BOOLEAN:
        if (avro_value_get_boolean(value, &flag) != 0)
            return avro_failed("boolean", err, errlen);
        return json_boolean(flag);
    case AVRO_INT32:
    case AVRO_INT64:
    case AVRO_FLOAT:
    case AVRO_DOUBLE:
        return number_to_json(value, err, errlen);
    case AVRO_STRING:
        return string_to_json(value, err, errlen);
    case AVRO_BYTES:
    case AVRO_FIXED:
        return blob_to_json(value, err, errlen);
    case AVRO_ENUM:
        if (avro_value_get_enum(value, &index) != 0)
            return avro_failed("enum", err, errlen);
        return json_string(avro_schema_enum_get(avro_value_get_schema(value), index));
    case AVRO_UNION:
        if (avro_value_get_current_branch(value, &branch) != 0)
            return avro_failed("union", err, errlen);
        return avro_value_to_json_view(&branch, err, errlen);
    case AVRO_RECORD:
    case AVRO_MAP:
        return object_to_json(value, err, errlen);
    case AVRO_ARRAY:
        return array_to_json(value, err, errlen);
    default:
        snprintf(err, errlen, "JSON view: unsupported Avro type");
        return NULL;
    }
}

/* Appends the compact text of json to out. */
static int append_json(json_t *json, telex_buf *out, char *err, size_t errlen)
{
    char *text = json_dumps(json, JSON_VIEW_FLAGS);
    if (!text || telex_buf_append(out, text, strlen(text)) != 0) {
        free(text);
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    free(text);
    return 0;
}

int telex_frame_to_json(const telex_schemas *s, const void *frame, size_t len, telex_buf *out,
                        char *err, size_t errlen)
{
    avro_value_t *value;
    if (frame_decode_value(s, frame, len, NULL, &value, err, errlen) != 0)
        return -1;
    json_t *json = avro_value_to_json_view(value, err, errlen);
    if (!json)
        return -1;
    int rc = append_json(json, out, err, errlen);
    json_decref(json);
    return rc;
}

/* The value to print for one container record: resolved into the current schema if known. */
static int container_value(const telex_schemas *s, avro_value_t *record, avro_value_t **shown,
                           char *err, size_t errlen)
{
    char full_name[256];
    avro_schema_full_name(avro_value_get_schema(record), full_name, sizeof full_name);
    schema_entry *current = s ? schemas_find_current(s, full_name) : NULL;
    *shown = record;
    if (!current)
        return 0;
    if (avro_value_reset(&current->value) != 0) {
        snprintf(err, errlen, "cannot reset %s: %s", full_name, avro_strerror());
        return -1;
    }
    if (avro_resolve_value(record, &current->value, current->named_types, err, errlen) != 0)
        return -1;
    *shown = &current->value;
    return 0;
}

static int print_record(const telex_schemas *s, avro_value_t *record, FILE *out, char *err,
                        size_t errlen)
{
    avro_value_t *shown;
    if (container_value(s, record, &shown, err, errlen) != 0)
        return -1;
    json_t *json = avro_value_to_json_view(shown, err, errlen);
    if (!json)
        return -1;
    char *text = json_dumps(json, JSON_VIEW_FLAGS);
    json_decref(json);
    if (!text) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    int rc = fprintf(out, "%s\n", text) < 0 ? -1 : 0;
    free(text);
    if (rc != 0)
        snprintf(err, errlen, "cannot write JSON output");
    return rc;
}

int telex_container_file_to_json(const telex_schemas *s, const char *path, FILE *out, char *err,
                                 size_t errlen)
{
    avro_file_reader_t reader;
    if (access(path, R_OK) != 0) {
        snprintf(err, errlen, "cannot read %s: %s", path, strerror(errno));
        return -1;
    }
    if (avro_file_reader(path, &reader) != 0) {
        snprintf(err, errlen, "%s: not a readable Avro container file: %s", path, avro_strerror());
        return -1;
    }
    int rc = -1;
    avro_schema_t schema = avro_file_reader_get_writer_schema(reader);
    avro_value_iface_t *iface = avro_generic_class_from_schema(schema);
    avro_value_t record;
    if (!iface || avro_generic_value_new(iface, &record) != 0) {
        snprintf(err, errlen, "%s: cannot make a value for its schema: %s", path, avro_strerror());
        goto out_free_iface;
    }
    for (;;) {
        int read_rc = avro_file_reader_read_value(reader, &record);
        if (read_rc == EOF)
            break;
        if (read_rc != 0) {
            snprintf(err, errlen, "%s: cannot read record: %s", path, avro_strerror());
            goto out_free_value;
        }
        if (print_record(s, &record, out, err, errlen) != 0)
            goto out_free_value;
        avro_value_reset(&record);
    }
    rc = 0;
out_free_value:
    avro_value_decref(&record);
out_free_iface:
    if (iface)
        avro_value_iface_decref(iface);
    avro_schema_decref(schema);
    avro_file_reader_close(reader);
    return rc;
}
