/*
 * EnrichedStory written straight into Avro binary, without Avro C's generic
 * values. telex-tag encodes one per story, and filling, sizing and writing a
 * generic value tree (a malloc'd copy of every string, a field lookup by name
 * for every field) cost about half as much as tagging the story.
 *
 * The writer follows the field order of schemas/EnrichedStory.avsc, so it runs
 * only when the loaded schema has exactly that shape: schema_shape() spells a
 * schema as a short string (record field names and types, unions, arrays),
 * compared once per schema entry with ENRICHED_SHAPE. Any other schema (a
 * newer version, a different TELEX_SCHEMA_DIR) takes the generic path of
 * convert_enriched.c. Both paths write the same bytes (tests/unit/records).
 */
#include <stdio.h>
#include <string.h>

#include "records_internal.h"

/* The shape of EnrichedStory as schema_shape() spells it: s string, i int, ?s ["null","string"],
   [..] an array of .., {name:type,...} a record. */
#define SPAN_SHAPE "{start:i,end:i}"
static const char ENRICHED_SHAPE[] =
    "{id:s,version:i,source:s,source_file:?s,format:s,language:?s,headline:?s,byline:?s,"
    "dateline:{place:?s,date:?s},published:s,utc_offset_minutes:i,text:s,"
    "paragraphs:[" SPAN_SHAPE "],content_hash:s,stripped:[{text:s,rule:s}],"
    "entities:[{id:s,type:s,name:s,role:?s,country:?s,code:?s,"
    "mentions:[{start:i,end:i,text:s}]}],"
    "dates:[{text:s,start:i,end:i,value:s,type:s}],"
    "events:[{type:s,name:?s,participants:[s],location:?s,start:?s,end:?s,status:s,"
    "evidence:" SPAN_SHAPE "}]}";

/* ---- the shape of a schema ---- */

typedef struct shape_buf {
    char text[sizeof ENRICHED_SHAPE + 1];
    size_t len;
    int overflow;
} shape_buf;

static void shape_put(shape_buf *b, const char *s)
{
    size_t n = strlen(s);
    if (b->len + n >= sizeof b->text) {
        b->overflow = 1;
        return;
    }
    memcpy(b->text + b->len, s, n + 1);
    b->len += n;
}

/* Appends the shape of schema to b; types the writer never writes spell "!". */
static void schema_shape(avro_schema_t schema, shape_buf *b, int depth)
{
    if (depth > 8 || b->overflow) {
        b->overflow = 1;
        return;
    }
    if (is_avro_link(schema))
        schema = avro_schema_link_target(schema);
    switch (avro_typeof(schema)) {
    case AVRO_STRING:
        shape_put(b, "s");
        break;
    case AVRO_INT32:
        shape_put(b, "i");
        break;
    case AVRO_UNION: {
        int nullable_string = avro_schema_union_size(schema) == 2 &&
                              is_avro_null(avro_schema_union_branch(schema, 0)) &&
                              is_avro_string(avro_schema_union_branch(schema, 1));
        shape_put(b, nullable_string ? "?s" : "!");
        break;
    }
    case AVRO_ARRAY:
        shape_put(b, "[");
        schema_shape(avro_schema_array_items(schema), b, depth + 1);
        shape_put(b, "]");
        break;
    case AVRO_RECORD:
        shape_put(b, "{");
        for (size_t i = 0; i < avro_schema_record_size(schema); i++) {
            shape_put(b, i ? "," : "");
            shape_put(b, avro_schema_record_field_name(schema, (int)i));
            shape_put(b, ":");
            schema_shape(avro_schema_record_field_get_by_index(schema, (int)i), b, depth + 1);
        }
        shape_put(b, "}");
        break;
    default:
        shape_put(b, "!");
        break;
    }
}

int direct_enriched_fits(schema_entry *entry)
{
    if (entry->direct_shape == 0) {
        shape_buf b = {.len = 0};
        schema_shape(entry->schema, &b, 0);
        entry->direct_shape = !b.overflow && strcmp(b.text, ENRICHED_SHAPE) == 0 ? 1 : -1;
    }
    return entry->direct_shape == 1;
}

/* ---- the binary writer ---- */

typedef struct writer {
    telex_buf *out;
    char *err;
    size_t errlen;
} writer;

static int out_of_memory(writer *w)
{
    snprintf(w->err, w->errlen, "out of memory");
    return -1;
}

/* Avro long and int: zigzag, then base-128 varint, low group first. */
static int put_long(writer *w, int64_t value)
{
    if (buf_reserve(w->out, 10) != 0)
        return out_of_memory(w);
    uint64_t zigzag = ((uint64_t)value << 1) ^ (uint64_t)(value >> 63);
    unsigned char *p = (unsigned char *)w->out->data + w->out->len;
    size_t n = 0;
    while (zigzag > 0x7F) {
        p[n++] = (unsigned char)(zigzag | 0x80);
        zigzag >>= 7;
    }
    p[n++] = (unsigned char)zigzag;
    w->out->len += n;
    return 0;
}

static int put_raw_string(writer *w, const char *value)
{
    size_t len = strlen(value);
    if (put_long(w, (int64_t)len) != 0)
        return -1;
    if (buf_reserve(w->out, len) != 0)
        return out_of_memory(w);
    memcpy(w->out->data + w->out->len, value, len);
    w->out->len += len;
    return 0;
}

static int put_string(writer *w, const char *field, const char *value)
{
    if (!value) {
        snprintf(w->err, w->errlen, "field %s is required but NULL", field);
        return -1;
    }
    return put_raw_string(w, value);
}

/* ["null", "string"]: branch 0 for NULL, else branch 1 and the string. */
static int put_nullable(writer *w, const char *value)
{
    if (put_long(w, value ? 1 : 0) != 0)
        return -1;
    return value ? put_raw_string(w, value) : 0;
}

static int put_span(writer *w, telex_span span)
{
    return put_long(w, span.start) || put_long(w, span.end) ? -1 : 0;
}

/* An array is one block of n items then the 0 that ends it; an empty one only the 0. The
   block's count is written by put_block(), the items by the caller, the end by put_long(0). */
static int put_block(writer *w, size_t n)
{
    return n > 0 ? put_long(w, (int64_t)n) : 0;
}

static int put_story(writer *w, const telex_story *in)
{
    if (put_string(w, "id", in->id) || put_long(w, in->version) ||
        put_string(w, "source", in->source) || put_nullable(w, in->source_file) ||
        put_string(w, "format", in->format) || put_nullable(w, in->language) ||
        put_nullable(w, in->headline) || put_nullable(w, in->byline) ||
        put_nullable(w, in->dateline_place) || put_nullable(w, in->dateline_date) ||
        put_string(w, "published", in->published) || put_long(w, in->utc_offset_minutes) ||
        put_string(w, "text", in->text) || put_block(w, in->n_paragraphs))
        return -1;
    for (size_t i = 0; i < in->n_paragraphs; i++)
        if (put_span(w, in->paragraphs[i]) != 0)
            return -1;
    if (put_long(w, 0) || put_string(w, "content_hash", in->content_hash) ||
        put_block(w, in->n_stripped))
        return -1;
    for (size_t i = 0; i < in->n_stripped; i++)
        if (put_string(w, "text", in->stripped[i].text) ||
            put_string(w, "rule", in->stripped[i].rule))
            return -1;
    return put_long(w, 0);
}

static int put_entity(writer *w, const telex_entity *in)
{
    if (put_string(w, "id", in->id) || put_string(w, "type", in->type) ||
        put_string(w, "name", in->name) || put_nullable(w, in->role) ||
        put_nullable(w, in->country) || put_nullable(w, in->code) || put_block(w, in->n_mentions))
        return -1;
    for (size_t i = 0; i < in->n_mentions; i++)
        if (put_span(w, in->mentions[i].span) || put_string(w, "text", in->mentions[i].text))
            return -1;
    return put_long(w, 0);
}

static int put_date(writer *w, const telex_date *in)
{
    if (put_string(w, "text", in->text) || put_span(w, in->span) ||
        put_string(w, "value", in->value))
        return -1;
    return put_string(w, "type", in->type);
}

static int put_event(writer *w, const telex_event *in)
{
    if (put_string(w, "type", in->type) || put_nullable(w, in->name) ||
        put_block(w, in->n_participants))
        return -1;
    for (size_t i = 0; i < in->n_participants; i++) {
        if (!in->participants[i]) {
            snprintf(w->err, w->errlen, "field participants: item %zu is NULL", i);
            return -1;
        }
        if (put_raw_string(w, in->participants[i]) != 0)
            return -1;
    }
    if (put_long(w, 0) || put_nullable(w, in->location) || put_nullable(w, in->start) ||
        put_nullable(w, in->end) || put_string(w, "status", in->status))
        return -1;
    return put_span(w, in->evidence);
}

static int put_findings(writer *w, const telex_enriched_story *in)
{
    if (put_block(w, in->n_entities) != 0)
        return -1;
    for (size_t i = 0; i < in->n_entities; i++)
        if (put_entity(w, &in->entities[i]) != 0)
            return -1;
    if (put_long(w, 0) || put_block(w, in->n_dates))
        return -1;
    for (size_t i = 0; i < in->n_dates; i++)
        if (put_date(w, &in->dates[i]) != 0)
            return -1;
    if (put_long(w, 0) || put_block(w, in->n_events))
        return -1;
    for (size_t i = 0; i < in->n_events; i++)
        if (put_event(w, &in->events[i]) != 0)
            return -1;
    return put_long(w, 0);
}

int direct_enriched_encode(const schema_entry *entry, const telex_enriched_story *in,
                           telex_buf *out, char *err, size_t errlen)
{
    writer w = {.out = out, .err = err, .errlen = errlen};
    size_t start = out->len;
    if (buf_reserve(out, FRAME_HEADER_LEN) != 0) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    unsigned char *header = (unsigned char *)out->data + out->len;
    header[0] = FRAME_MAGIC_0;
    header[1] = FRAME_MAGIC_1;
    for (int i = 0; i < 8; i++)
        header[2 + i] = (unsigned char)(entry->fingerprint >> (8 * i));
    out->len += FRAME_HEADER_LEN;
    if (put_story(&w, &in->story) != 0 || put_findings(&w, in) != 0)
        goto err_truncate;
    out->data[out->len] = '\0';
    return 0;

err_truncate:
    out->len = start;
    if (out->data)
        out->data[start] = '\0';
    return -1;
}
