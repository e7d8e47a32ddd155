/*
 * Field accessors between C structs and Avro record values (see fields.h).
 * Every avro_value_* call is checked and its failure reported with
 * avro_strerror() and the field's name.
 */
#include <stdlib.h>
#include <string.h>

#include "fields.h"

static int avro_failed(const char *field, const char *what, char *err, size_t errlen)
{
    snprintf(err, errlen, "field %s: %s: %s", field, what, avro_strerror());
    return -1;
}

int field_child(avro_value_t *rec, const char *field, avro_value_t *child, char *err, size_t errlen)
{
    if (avro_value_get_by_name(rec, field, child, NULL) != 0)
        return avro_failed(field, "not in the schema", err, errlen);
    return 0;
}

int field_set_string(avro_value_t *rec, const char *field, const char *value, char *err,
                     size_t errlen)
{
    avro_value_t child;
    if (!value) {
        snprintf(err, errlen, "field %s is required but NULL", field);
        return -1;
    }
    if (field_child(rec, field, &child, err, errlen) != 0)
        return -1;
    if (avro_value_set_string(&child, value) != 0)
        return avro_failed(field, "cannot set string", err, errlen);
    return 0;
}

int field_set_nullable(avro_value_t *rec, const char *field, const char *value, char *err,
                       size_t errlen)
{
    avro_value_t child, branch;
    if (field_child(rec, field, &child, err, errlen) != 0)
        return -1;
    /* Branch 0 is null, branch 1 is string: ["null", "string"]. */
    if (avro_value_set_branch(&child, value ? 1 : 0, &branch) != 0)
        return avro_failed(field, "cannot set union branch", err, errlen);
    int rc = value ? avro_value_set_string(&branch, value) : avro_value_set_null(&branch);
    if (rc != 0)
        return avro_failed(field, "cannot set value", err, errlen);
    return 0;
}

int field_set_int(avro_value_t *rec, const char *field, int32_t value, char *err, size_t errlen)
{
    avro_value_t child;
    if (field_child(rec, field, &child, err, errlen) != 0)
        return -1;
    if (avro_value_set_int(&child, value) != 0)
        return avro_failed(field, "cannot set int", err, errlen);
    return 0;
}

int field_set_long(avro_value_t *rec, const char *field, int64_t value, char *err, size_t errlen)
{
    avro_value_t child;
    if (field_child(rec, field, &child, err, errlen) != 0)
        return -1;
    if (avro_value_set_long(&child, value) != 0)
        return avro_failed(field, "cannot set long", err, errlen);
    return 0;
}

int field_set_bytes(avro_value_t *rec, const char *field, const void *bytes, size_t len, char *err,
                    size_t errlen)
{
    avro_value_t child;
    if (!bytes && len > 0) {
        snprintf(err, errlen, "field %s is NULL with length %zu", field, len);
        return -1;
    }
    if (field_child(rec, field, &child, err, errlen) != 0)
        return -1;
    if (avro_value_set_bytes(&child, (void *)(bytes ? bytes : ""), len) != 0)
        return avro_failed(field, "cannot set bytes", err, errlen);
    return 0;
}

int span_to_avro(avro_value_t *rec, telex_span span, char *err, size_t errlen)
{
    if (field_set_int(rec, "start", span.start, err, errlen) != 0)
        return -1;
    return field_set_int(rec, "end", span.end, err, errlen);
}

int field_set_span(avro_value_t *rec, const char *field, telex_span span, char *err, size_t errlen)
{
    avro_value_t child;
    if (field_child(rec, field, &child, err, errlen) != 0)
        return -1;
    return span_to_avro(&child, span, err, errlen);
}

/* Copies an Avro C string (size counts the NUL) into a new C string. */
static int copy_string(avro_value_t *value, const char *field, char **out, char *err, size_t errlen)
{
    const char *str;
    size_t size;
    if (avro_value_get_string(value, &str, &size) != 0)
        return avro_failed(field, "not a string", err, errlen);
    size_t len = size ? size - 1 : 0;
    if (memchr(str, '\0', len)) {
        snprintf(err, errlen, "field %s contains a NUL byte", field);
        return -1;
    }
    *out = strndup(str, len);
    if (!*out) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    return 0;
}

int field_get_string(avro_value_t *rec, const char *field, char **out, char *err, size_t errlen)
{
    avro_value_t child;
    if (field_child(rec, field, &child, err, errlen) != 0)
        return -1;
    return copy_string(&child, field, out, err, errlen);
}

int field_get_nullable(avro_value_t *rec, const char *field, char **out, char *err, size_t errlen)
{
    avro_value_t child, branch;
    *out = NULL;
    if (field_child(rec, field, &child, err, errlen) != 0)
        return -1;
    if (avro_value_get_current_branch(&child, &branch) != 0)
        return avro_failed(field, "not a union", err, errlen);
    if (avro_value_get_type(&branch) == AVRO_NULL)
        return 0;
    return copy_string(&branch, field, out, err, errlen);
}

int field_get_int(avro_value_t *rec, const char *field, int32_t *out, char *err, size_t errlen)
{
    avro_value_t child;
    if (field_child(rec, field, &child, err, errlen) != 0)
        return -1;
    if (avro_value_get_int(&child, out) != 0)
        return avro_failed(field, "not an int", err, errlen);
    return 0;
}

int field_get_long(avro_value_t *rec, const char *field, int64_t *out, char *err, size_t errlen)
{
    avro_value_t child;
    if (field_child(rec, field, &child, err, errlen) != 0)
        return -1;
    if (avro_value_get_long(&child, out) != 0)
        return avro_failed(field, "not a long", err, errlen);
    return 0;
}

int field_get_bytes(avro_value_t *rec, const char *field, uint8_t **out, size_t *len, char *err,
                    size_t errlen)
{
    avro_value_t child;
    const void *bytes;
    size_t size;
    if (field_child(rec, field, &child, err, errlen) != 0)
        return -1;
    if (avro_value_get_bytes(&child, &bytes, &size) != 0)
        return avro_failed(field, "not bytes", err, errlen);
    /* One spare NUL so a text payload can be used as a C string. */
    *out = malloc(size + 1);
    if (!*out) {
        snprintf(err, errlen, "out of memory for %zu bytes", size);
        return -1;
    }
    if (size > 0)
        memcpy(*out, bytes, size);
    (*out)[size] = '\0';
    *len = size;
    return 0;
}

int span_from_avro(avro_value_t *rec, telex_span *out, char *err, size_t errlen)
{
    if (field_get_int(rec, "start", &out->start, err, errlen) != 0)
        return -1;
    return field_get_int(rec, "end", &out->end, err, errlen);
}

int field_get_span(avro_value_t *rec, const char *field, telex_span *out, char *err, size_t errlen)
{
    avro_value_t child;
    if (field_child(rec, field, &child, err, errlen) != 0)
        return -1;
    return span_from_avro(&child, out, err, errlen);
}

int field_get_array(avro_value_t *rec, const char *field, avro_value_t *array, size_t *n,
                    void **items, size_t item_size, char *err, size_t errlen)
{
    *items = NULL;
    *n = 0;
    if (field_child(rec, field, array, err, errlen) != 0)
        return -1;
    size_t count;
    if (avro_value_get_size(array, &count) != 0)
        return avro_failed(field, "not an array", err, errlen);
    if (count == 0)
        return 0;
    *items = calloc(count, item_size);
    if (!*items) {
        snprintf(err, errlen, "field %s: out of memory for %zu items", field, count);
        return -1;
    }
    *n = count;
    return 0;
}

int array_append(avro_value_t *array, avro_value_t *item, char *err, size_t errlen)
{
    if (avro_value_append(array, item, NULL) != 0) {
        snprintf(err, errlen, "cannot append to array: %s", avro_strerror());
        return -1;
    }
    return 0;
}

int array_item(avro_value_t *array, size_t i, avro_value_t *item, char *err, size_t errlen)
{
    if (avro_value_get_by_index(array, i, item, NULL) != 0) {
        snprintf(err, errlen, "cannot read array item %zu: %s", i, avro_strerror());
        return -1;
    }
    return 0;
}
