/*
 * telex_enriched_story to and from its Avro record (schema EnrichedStory):
 * the Story's fields at the top level, then entities (with their mentions),
 * dates and events. Encoding takes the direct writer of direct_enriched.c when
 * the loaded schema has its shape, else the generic value tree here.
 */
#include <stdlib.h>
#include <string.h>

#include "convert.h"
#include "fields.h"

static int mentions_to_avro(const telex_entity *in, avro_value_t *rec, char *err, size_t errlen)
{
    avro_value_t array, item;
    if (field_child(rec, "mentions", &array, err, errlen) != 0)
        return -1;
    for (size_t i = 0; i < in->n_mentions; i++)
        if (array_append(&array, &item, err, errlen) != 0 ||
            span_to_avro(&item, in->mentions[i].span, err, errlen) != 0 ||
            field_set_string(&item, "text", in->mentions[i].text, err, errlen) != 0)
            return -1;
    return 0;
}

static int entity_to_avro(const telex_entity *in, avro_value_t *rec, char *err, size_t errlen)
{
    if (field_set_string(rec, "id", in->id, err, errlen) != 0 ||
        field_set_string(rec, "type", in->type, err, errlen) != 0 ||
        field_set_string(rec, "name", in->name, err, errlen) != 0 ||
        field_set_nullable(rec, "role", in->role, err, errlen) != 0 ||
        field_set_nullable(rec, "country", in->country, err, errlen) != 0 ||
        field_set_nullable(rec, "code", in->code, err, errlen) != 0)
        return -1;
    return mentions_to_avro(in, rec, err, errlen);
}

static int date_to_avro(const telex_date *in, avro_value_t *rec, char *err, size_t errlen)
{
    if (field_set_string(rec, "text", in->text, err, errlen) != 0 ||
        span_to_avro(rec, in->span, err, errlen) != 0 ||
        field_set_string(rec, "value", in->value, err, errlen) != 0)
        return -1;
    return field_set_string(rec, "type", in->type, err, errlen);
}

static int participants_to_avro(const telex_event *in, avro_value_t *rec, char *err, size_t errlen)
{
    avro_value_t array, item;
    if (field_child(rec, "participants", &array, err, errlen) != 0)
        return -1;
    for (size_t i = 0; i < in->n_participants; i++) {
        if (!in->participants[i]) {
            snprintf(err, errlen, "field participants: item %zu is NULL", i);
            return -1;
        }
        if (array_append(&array, &item, err, errlen) != 0)
            return -1;
        if (avro_value_set_string(&item, in->participants[i]) != 0) {
            snprintf(err, errlen, "field participants: %s", avro_strerror());
            return -1;
        }
    }
    return 0;
}

static int event_to_avro(const telex_event *in, avro_value_t *rec, char *err, size_t errlen)
{
    if (field_set_string(rec, "type", in->type, err, errlen) != 0 ||
        field_set_nullable(rec, "name", in->name, err, errlen) != 0 ||
        participants_to_avro(in, rec, err, errlen) != 0 ||
        field_set_nullable(rec, "location", in->location, err, errlen) != 0 ||
        field_set_nullable(rec, "start", in->start, err, errlen) != 0 ||
        field_set_nullable(rec, "end", in->end, err, errlen) != 0 ||
        field_set_string(rec, "status", in->status, err, errlen) != 0)
        return -1;
    return field_set_span(rec, "evidence", in->evidence, err, errlen);
}

/* The three tagger arrays, each item through its own converter. */
static int findings_to_avro(const telex_enriched_story *in, avro_value_t *rec, char *err,
                            size_t errlen)
{
    avro_value_t array, item;
    if (field_child(rec, "entities", &array, err, errlen) != 0)
        return -1;
    for (size_t i = 0; i < in->n_entities; i++)
        if (array_append(&array, &item, err, errlen) != 0 ||
            entity_to_avro(&in->entities[i], &item, err, errlen) != 0)
            return -1;
    if (field_child(rec, "dates", &array, err, errlen) != 0)
        return -1;
    for (size_t i = 0; i < in->n_dates; i++)
        if (array_append(&array, &item, err, errlen) != 0 ||
            date_to_avro(&in->dates[i], &item, err, errlen) != 0)
            return -1;
    if (field_child(rec, "events", &array, err, errlen) != 0)
        return -1;
    for (size_t i = 0; i < in->n_events; i++)
        if (array_append(&array, &item, err, errlen) != 0 ||
            event_to_avro(&in->events[i], &item, err, errlen) != 0)
            return -1;
    return 0;
}

/* The generic path: a value tree of Avro C, sized and written by it. */
int enriched_story_encode_generic(const telex_schemas *s, const telex_enriched_story *in,
                                  telex_buf *out, char *err, size_t errlen)
{
    schema_entry *entry;
    if (frame_begin_value(s, "telex.EnrichedStory", &entry, err, errlen) != 0)
        return -1;
    if (story_to_avro(&in->story, &entry->value, err, errlen) != 0 ||
        findings_to_avro(in, &entry->value, err, errlen) != 0)
        return convert_failed("encode", "telex.EnrichedStory", err, errlen);
    return frame_encode_value(entry, out, err, errlen);
}

int telex_enriched_story_encode(const telex_schemas *s, const telex_enriched_story *in,
                                telex_buf *out, char *err, size_t errlen)
{
    schema_entry *entry = schemas_find_current(s, "telex.EnrichedStory");
    if (!entry || !direct_enriched_fits(entry))
        return enriched_story_encode_generic(s, in, out, err, errlen);
    if (direct_enriched_encode(entry, in, out, err, errlen) != 0)
        return convert_failed("encode", "telex.EnrichedStory", err, errlen);
    return 0;
}

static int mentions_from_avro(avro_value_t *rec, telex_entity *out, char *err, size_t errlen)
{
    avro_value_t array, item;
    if (field_get_array(rec, "mentions", &array, &out->n_mentions, (void **)&out->mentions,
                        sizeof *out->mentions, err, errlen) != 0)
        return -1;
    for (size_t i = 0; i < out->n_mentions; i++)
        if (array_item(&array, i, &item, err, errlen) != 0 ||
            span_from_avro(&item, &out->mentions[i].span, err, errlen) != 0 ||
            field_get_string(&item, "text", &out->mentions[i].text, err, errlen) != 0)
            return -1;
    return 0;
}

static int entity_from_avro(avro_value_t *rec, telex_entity *out, char *err, size_t errlen)
{
    if (field_get_string(rec, "id", &out->id, err, errlen) != 0 ||
        field_get_string(rec, "type", &out->type, err, errlen) != 0 ||
        field_get_string(rec, "name", &out->name, err, errlen) != 0 ||
        field_get_nullable(rec, "role", &out->role, err, errlen) != 0 ||
        field_get_nullable(rec, "country", &out->country, err, errlen) != 0 ||
        field_get_nullable(rec, "code", &out->code, err, errlen) != 0)
        return -1;
    return mentions_from_avro(rec, out, err, errlen);
}

static int date_from_avro(avro_value_t *rec, telex_date *out, char *err, size_t errlen)
{
    if (field_get_string(rec, "text", &out->text, err, errlen) != 0 ||
        span_from_avro(rec, &out->span, err, errlen) != 0 ||
        field_get_string(rec, "value", &out->value, err, errlen) != 0)
        return -1;
    return field_get_string(rec, "type", &out->type, err, errlen);
}

static int participants_from_avro(avro_value_t *rec, telex_event *out, char *err, size_t errlen)
{
    avro_value_t array, item;
    if (field_get_array(rec, "participants", &array, &out->n_participants,
                        (void **)&out->participants, sizeof *out->participants, err, errlen) != 0)
        return -1;
    for (size_t i = 0; i < out->n_participants; i++) {
        const char *id;
        size_t size;
        if (array_item(&array, i, &item, err, errlen) != 0)
            return -1;
        if (avro_value_get_string(&item, &id, &size) != 0) {
            snprintf(err, errlen, "field participants: %s", avro_strerror());
            return -1;
        }
        out->participants[i] = strdup(id);
        if (!out->participants[i]) {
            snprintf(err, errlen, "out of memory");
            return -1;
        }
    }
    return 0;
}

static int event_from_avro(avro_value_t *rec, telex_event *out, char *err, size_t errlen)
{
    if (field_get_string(rec, "type", &out->type, err, errlen) != 0 ||
        field_get_nullable(rec, "name", &out->name, err, errlen) != 0 ||
        participants_from_avro(rec, out, err, errlen) != 0 ||
        field_get_nullable(rec, "location", &out->location, err, errlen) != 0 ||
        field_get_nullable(rec, "start", &out->start, err, errlen) != 0 ||
        field_get_nullable(rec, "end", &out->end, err, errlen) != 0 ||
        field_get_string(rec, "status", &out->status, err, errlen) != 0)
        return -1;
    return field_get_span(rec, "evidence", &out->evidence, err, errlen);
}

static int findings_from_avro(avro_value_t *rec, telex_enriched_story *out, char *err,
                              size_t errlen)
{
    avro_value_t array, item;
    if (field_get_array(rec, "entities", &array, &out->n_entities, (void **)&out->entities,
                        sizeof *out->entities, err, errlen) != 0)
        return -1;
    for (size_t i = 0; i < out->n_entities; i++)
        if (array_item(&array, i, &item, err, errlen) != 0 ||
            entity_from_avro(&item, &out->entities[i], err, errlen) != 0)
            return -1;
    if (field_get_array(rec, "dates", &array, &out->n_dates, (void **)&out->dates,
                        sizeof *out->dates, err, errlen) != 0)
        return -1;
    for (size_t i = 0; i < out->n_dates; i++)
        if (array_item(&array, i, &item, err, errlen) != 0 ||
            date_from_avro(&item, &out->dates[i], err, errlen) != 0)
            return -1;
    if (field_get_array(rec, "events", &array, &out->n_events, (void **)&out->events,
                        sizeof *out->events, err, errlen) != 0)
        return -1;
    for (size_t i = 0; i < out->n_events; i++)
        if (array_item(&array, i, &item, err, errlen) != 0 ||
            event_from_avro(&item, &out->events[i], err, errlen) != 0)
            return -1;
    return 0;
}

int telex_enriched_story_decode(const telex_schemas *s, const void *frame, size_t len,
                                telex_enriched_story *out, char *err, size_t errlen)
{
    avro_value_t *value;
    memset(out, 0, sizeof *out);
    if (frame_decode_value(s, frame, len, "telex.EnrichedStory", &value, err, errlen) != 0)
        return -1;
    if (story_from_avro(value, &out->story, err, errlen) != 0 ||
        findings_from_avro(value, out, err, errlen) != 0) {
        telex_enriched_story_clear(out);
        return convert_failed("decode", "telex.EnrichedStory", err, errlen);
    }
    return 0;
}
