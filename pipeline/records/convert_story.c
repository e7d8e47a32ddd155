/*
 * telex_story, telex_raw_story and telex_dead_letter to and from their Avro
 * records (schemas Story, RawStory, DeadLetter). story_to_avro() and
 * story_from_avro() also serve EnrichedStory, whose first fields are the
 * Story's, at the top level.
 */
#include <stdlib.h>
#include <string.h>

#include "convert.h"
#include "fields.h"

static int paragraphs_to_avro(const telex_story *in, avro_value_t *rec, char *err, size_t errlen)
{
    avro_value_t array, item;
    if (field_child(rec, "paragraphs", &array, err, errlen) != 0)
        return -1;
    for (size_t i = 0; i < in->n_paragraphs; i++)
        if (array_append(&array, &item, err, errlen) != 0 ||
            span_to_avro(&item, in->paragraphs[i], err, errlen) != 0)
            return -1;
    return 0;
}

static int stripped_to_avro(const telex_story *in, avro_value_t *rec, char *err, size_t errlen)
{
    avro_value_t array, item;
    if (field_child(rec, "stripped", &array, err, errlen) != 0)
        return -1;
    for (size_t i = 0; i < in->n_stripped; i++)
        if (array_append(&array, &item, err, errlen) != 0 ||
            field_set_string(&item, "text", in->stripped[i].text, err, errlen) != 0 ||
            field_set_string(&item, "rule", in->stripped[i].rule, err, errlen) != 0)
            return -1;
    return 0;
}

static int dateline_to_avro(const telex_story *in, avro_value_t *rec, char *err, size_t errlen)
{
    avro_value_t dateline;
    if (field_child(rec, "dateline", &dateline, err, errlen) != 0)
        return -1;
    if (field_set_nullable(&dateline, "place", in->dateline_place, err, errlen) != 0)
        return -1;
    return field_set_nullable(&dateline, "date", in->dateline_date, err, errlen);
}

int story_to_avro(const telex_story *in, avro_value_t *rec, char *err, size_t errlen)
{
    if (field_set_string(rec, "id", in->id, err, errlen) != 0 ||
        field_set_int(rec, "version", in->version, err, errlen) != 0 ||
        field_set_string(rec, "source", in->source, err, errlen) != 0 ||
        field_set_nullable(rec, "source_file", in->source_file, err, errlen) != 0 ||
        field_set_string(rec, "format", in->format, err, errlen) != 0 ||
        field_set_nullable(rec, "language", in->language, err, errlen) != 0 ||
        field_set_nullable(rec, "headline", in->headline, err, errlen) != 0 ||
        field_set_nullable(rec, "byline", in->byline, err, errlen) != 0 ||
        dateline_to_avro(in, rec, err, errlen) != 0 ||
        field_set_string(rec, "published", in->published, err, errlen) != 0 ||
        field_set_int(rec, "utc_offset_minutes", in->utc_offset_minutes, err, errlen) != 0 ||
        field_set_string(rec, "text", in->text, err, errlen) != 0 ||
        paragraphs_to_avro(in, rec, err, errlen) != 0 ||
        field_set_string(rec, "content_hash", in->content_hash, err, errlen) != 0)
        return -1;
    return stripped_to_avro(in, rec, err, errlen);
}

static int paragraphs_from_avro(avro_value_t *rec, telex_story *out, char *err, size_t errlen)
{
    avro_value_t array, item;
    if (field_get_array(rec, "paragraphs", &array, &out->n_paragraphs, (void **)&out->paragraphs,
                        sizeof *out->paragraphs, err, errlen) != 0)
        return -1;
    for (size_t i = 0; i < out->n_paragraphs; i++)
        if (array_item(&array, i, &item, err, errlen) != 0 ||
            span_from_avro(&item, &out->paragraphs[i], err, errlen) != 0)
            return -1;
    return 0;
}

static int stripped_from_avro(avro_value_t *rec, telex_story *out, char *err, size_t errlen)
{
    avro_value_t array, item;
    if (field_get_array(rec, "stripped", &array, &out->n_stripped, (void **)&out->stripped,
                        sizeof *out->stripped, err, errlen) != 0)
        return -1;
    for (size_t i = 0; i < out->n_stripped; i++)
        if (array_item(&array, i, &item, err, errlen) != 0 ||
            field_get_string(&item, "text", &out->stripped[i].text, err, errlen) != 0 ||
            field_get_string(&item, "rule", &out->stripped[i].rule, err, errlen) != 0)
            return -1;
    return 0;
}

static int dateline_from_avro(avro_value_t *rec, telex_story *out, char *err, size_t errlen)
{
    avro_value_t dateline;
    if (field_child(rec, "dateline", &dateline, err, errlen) != 0)
        return -1;
    if (field_get_nullable(&dateline, "place", &out->dateline_place, err, errlen) != 0)
        return -1;
    return field_get_nullable(&dateline, "date", &out->dateline_date, err, errlen);
}

int story_from_avro(avro_value_t *rec, telex_story *out, char *err, size_t errlen)
{
    if (field_get_string(rec, "id", &out->id, err, errlen) != 0 ||
        field_get_int(rec, "version", &out->version, err, errlen) != 0 ||
        field_get_string(rec, "source", &out->source, err, errlen) != 0 ||
        field_get_nullable(rec, "source_file", &out->source_file, err, errlen) != 0 ||
        field_get_string(rec, "format", &out->format, err, errlen) != 0 ||
        field_get_nullable(rec, "language", &out->language, err, errlen) != 0 ||
        field_get_nullable(rec, "headline", &out->headline, err, errlen) != 0 ||
        field_get_nullable(rec, "byline", &out->byline, err, errlen) != 0 ||
        dateline_from_avro(rec, out, err, errlen) != 0 ||
        field_get_string(rec, "published", &out->published, err, errlen) != 0 ||
        field_get_int(rec, "utc_offset_minutes", &out->utc_offset_minutes, err, errlen) != 0 ||
        field_get_string(rec, "text", &out->text, err, errlen) != 0 ||
        paragraphs_from_avro(rec, out, err, errlen) != 0 ||
        field_get_string(rec, "content_hash", &out->content_hash, err, errlen) != 0)
        return -1;
    return stripped_from_avro(rec, out, err, errlen);
}

int convert_failed(const char *what, const char *name, char *err, size_t errlen)
{
    char reason[512];
    snprintf(reason, sizeof reason, "%s", err);
    snprintf(err, errlen, "cannot %s %s: %s", what, name, reason);
    return -1;
}

int telex_story_encode(const telex_schemas *s, const telex_story *in, telex_buf *out, char *err,
                       size_t errlen)
{
    schema_entry *entry;
    if (frame_begin_value(s, "telex.Story", &entry, err, errlen) != 0)
        return -1;
    if (story_to_avro(in, &entry->value, err, errlen) != 0)
        return convert_failed("encode", "telex.Story", err, errlen);
    return frame_encode_value(entry, out, err, errlen);
}

int telex_story_decode(const telex_schemas *s, const void *frame, size_t len, telex_story *out,
                       char *err, size_t errlen)
{
    avro_value_t *value;
    memset(out, 0, sizeof *out);
    if (frame_decode_value(s, frame, len, "telex.Story", &value, err, errlen) != 0)
        return -1;
    if (story_from_avro(value, out, err, errlen) != 0) {
        telex_story_clear(out);
        return convert_failed("decode", "telex.Story", err, errlen);
    }
    return 0;
}

static int raw_story_to_avro(const telex_raw_story *in, avro_value_t *rec, char *err, size_t errlen)
{
    if (field_set_bytes(rec, "payload", in->payload, in->payload_len, err, errlen) != 0 ||
        field_set_string(rec, "format", in->format, err, errlen) != 0 ||
        field_set_string(rec, "source", in->source, err, errlen) != 0 ||
        field_set_nullable(rec, "source_file", in->source_file, err, errlen) != 0 ||
        field_set_nullable(rec, "item_id", in->item_id, err, errlen) != 0 ||
        field_set_string(rec, "key", in->key, err, errlen) != 0 ||
        field_set_string(rec, "received_at", in->received_at, err, errlen) != 0)
        return -1;
    return field_set_nullable(rec, "published_at", in->published_at, err, errlen);
}

static int raw_story_from_avro(avro_value_t *rec, telex_raw_story *out, char *err, size_t errlen)
{
    if (field_get_bytes(rec, "payload", &out->payload, &out->payload_len, err, errlen) != 0 ||
        field_get_string(rec, "format", &out->format, err, errlen) != 0 ||
        field_get_string(rec, "source", &out->source, err, errlen) != 0 ||
        field_get_nullable(rec, "source_file", &out->source_file, err, errlen) != 0 ||
        field_get_nullable(rec, "item_id", &out->item_id, err, errlen) != 0 ||
        field_get_string(rec, "key", &out->key, err, errlen) != 0 ||
        field_get_string(rec, "received_at", &out->received_at, err, errlen) != 0)
        return -1;
    return field_get_nullable(rec, "published_at", &out->published_at, err, errlen);
}

int telex_raw_story_encode(const telex_schemas *s, const telex_raw_story *in, telex_buf *out,
                           char *err, size_t errlen)
{
    schema_entry *entry;
    if (frame_begin_value(s, "telex.RawStory", &entry, err, errlen) != 0)
        return -1;
    if (raw_story_to_avro(in, &entry->value, err, errlen) != 0)
        return convert_failed("encode", "telex.RawStory", err, errlen);
    return frame_encode_value(entry, out, err, errlen);
}

int telex_raw_story_decode(const telex_schemas *s, const void *frame, size_t len,
                           telex_raw_story *out, char *err, size_t errlen)
{
    avro_value_t *value;
    memset(out, 0, sizeof *out);
    if (frame_decode_value(s, frame, len, "telex.RawStory", &value, err, errlen) != 0)
        return -1;
    if (raw_story_from_avro(value, out, err, errlen) != 0) {
        telex_raw_story_clear(out);
        return convert_failed("decode", "telex.RawStory", err, errlen);
    }
    return 0;
}

static int dead_letter_to_avro(const telex_dead_letter *in, avro_value_t *rec, char *err,
                               size_t errlen)
{
    if (field_set_bytes(rec, "payload", in->payload, in->payload_len, err, errlen) != 0 ||
        field_set_string(rec, "stage", in->stage, err, errlen) != 0 ||
        field_set_string(rec, "error", in->error, err, errlen) != 0 ||
        field_set_string(rec, "topic", in->topic, err, errlen) != 0 ||
        field_set_int(rec, "partition", in->partition, err, errlen) != 0 ||
        field_set_long(rec, "offset", in->offset, err, errlen) != 0)
        return -1;
    return field_set_string(rec, "failed_at", in->failed_at, err, errlen);
}

static int dead_letter_from_avro(avro_value_t *rec, telex_dead_letter *out, char *err,
                                 size_t errlen)
{
    if (field_get_bytes(rec, "payload", &out->payload, &out->payload_len, err, errlen) != 0 ||
        field_get_string(rec, "stage", &out->stage, err, errlen) != 0 ||
        field_get_string(rec, "error", &out->error, err, errlen) != 0 ||
        field_get_string(rec, "topic", &out->topic, err, errlen) != 0 ||
        field_get_int(rec, "partition", &out->partition, err, errlen) != 0 ||
        field_get_long(rec, "offset", &out->offset, err, errlen) != 0)
        return -1;
    return field_get_string(rec, "failed_at", &out->failed_at, err, errlen);
}

int telex_dead_letter_encode(const telex_schemas *s, const telex_dead_letter *in, telex_buf *out,
                             char *err, size_t errlen)
{
    schema_entry *entry;
    if (frame_begin_value(s, "telex.DeadLetter", &entry, err, errlen) != 0)
        return -1;
    if (dead_letter_to_avro(in, &entry->value, err, errlen) != 0)
        return convert_failed("encode", "telex.DeadLetter", err, errlen);
    return frame_encode_value(entry, out, err, errlen);
}

int telex_dead_letter_decode(const telex_schemas *s, const void *frame, size_t len,
                             telex_dead_letter *out, char *err, size_t errlen)
{
    avro_value_t *value;
    memset(out, 0, sizeof *out);
    if (frame_decode_value(s, frame, len, "telex.DeadLetter", &value, err, errlen) != 0)
        return -1;
    if (dead_letter_from_avro(value, out, err, errlen) != 0) {
        telex_dead_letter_clear(out);
        return convert_failed("decode", "telex.DeadLetter", err, errlen);
    }
    return 0;
}
