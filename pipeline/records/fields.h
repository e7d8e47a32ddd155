/*
 * Field accessors between C structs and Avro record values, shared by the
 * record conversions (convert_*.c). Each returns 0, or -1 with a one-line
 * reason naming the field in err. Getters allocate what they return (the
 * caller's struct owns it); nullable strings are ["null", "string"] unions and
 * map to NULL.
 */
#ifndef TELEX_RECORDS_FIELDS_H
#define TELEX_RECORDS_FIELDS_H

#include "records_internal.h"

int field_child(avro_value_t *rec, const char *field, avro_value_t *child, char *err,
                size_t errlen);

int field_set_string(avro_value_t *rec, const char *field, const char *value, char *err,
                     size_t errlen);
int field_set_nullable(avro_value_t *rec, const char *field, const char *value, char *err,
                       size_t errlen);
int field_set_int(avro_value_t *rec, const char *field, int32_t value, char *err, size_t errlen);
int field_set_long(avro_value_t *rec, const char *field, int64_t value, char *err, size_t errlen);
int field_set_bytes(avro_value_t *rec, const char *field, const void *bytes, size_t len, char *err,
                    size_t errlen);
int field_set_span(avro_value_t *rec, const char *field, telex_span span, char *err, size_t errlen);
/* Sets the start and end fields of rec itself. */
int span_to_avro(avro_value_t *rec, telex_span span, char *err, size_t errlen);

int field_get_string(avro_value_t *rec, const char *field, char **out, char *err, size_t errlen);
int field_get_nullable(avro_value_t *rec, const char *field, char **out, char *err, size_t errlen);
int field_get_int(avro_value_t *rec, const char *field, int32_t *out, char *err, size_t errlen);
int field_get_long(avro_value_t *rec, const char *field, int64_t *out, char *err, size_t errlen);
int field_get_bytes(avro_value_t *rec, const char *field, uint8_t **out, size_t *len, char *err,
                    size_t errlen);
int field_get_span(avro_value_t *rec, const char *field, telex_span *out, char *err, size_t errlen);
int span_from_avro(avro_value_t *rec, telex_span *out, char *err, size_t errlen);

/*
 * Opens the array field for reading: *n items, and *items a zeroed array of
 * n elements of item_size bytes (NULL when n is 0) the caller owns.
 */
int field_get_array(avro_value_t *rec, const char *field, avro_value_t *array, size_t *n,
                    void **items, size_t item_size, char *err, size_t errlen);
/* Appends one item to an array value. */
int array_append(avro_value_t *array, avro_value_t *item, char *err, size_t errlen);
int array_item(avro_value_t *array, size_t i, avro_value_t *item, char *err, size_t errlen);

#endif
