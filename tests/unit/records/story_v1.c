/*
 * A version-1 Story writer for the resolution tests (see story_v1.h).
 */
#include <avro.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixtures.h"
#include "story_v1.h"

static int set_string(avro_value_t *rec, const char *name, const char *value)
{
    avro_value_t field;
    return avro_value_get_by_name(rec, name, &field, NULL) || avro_value_set_string(&field, value);
}

static int set_nullable(avro_value_t *rec, const char *name, const char *value)
{
    avro_value_t field, branch;
    if (avro_value_get_by_name(rec, name, &field, NULL) ||
        avro_value_set_branch(&field, value ? 1 : 0, &branch))
        return -1;
    return value ? avro_value_set_string(&branch, value) : avro_value_set_null(&branch);
}

static int set_int(avro_value_t *rec, const char *name, int32_t value)
{
    avro_value_t field;
    return avro_value_get_by_name(rec, name, &field, NULL) || avro_value_set_int(&field, value);
}

static int fill_v1(avro_value_t *rec, const char *id, const char *headline, const char *text)
{
    avro_value_t dateline, paragraphs, span;
    return set_string(rec, "id", id) || set_int(rec, "version", 1) ||
           set_string(rec, "source", "file") || set_nullable(rec, "source_file", "old.txt") ||
           set_string(rec, "format", "text") || set_nullable(rec, "headline", headline) ||
           set_nullable(rec, "byline", NULL) ||
           avro_value_get_by_name(rec, "dateline", &dateline, NULL) ||
           set_nullable(&dateline, "place", "TOKYO") || set_nullable(&dateline, "date", NULL) ||
           set_string(rec, "published", "2016-11-10T03:00:00Z") ||
           set_int(rec, "utc_offset_minutes", 540) || set_string(rec, "text", text) ||
           avro_value_get_by_name(rec, "paragraphs", &paragraphs, NULL) ||
           avro_value_append(&paragraphs, &span, NULL) || set_int(&span, "start", 0) ||
           set_int(&span, "end", (int32_t)strlen(text)) || set_string(rec, "content_hash", "00");
}

int story_v1_frame(const telex_schemas *s, const char *id, const char *headline, const char *text,
                   telex_buf *out, char *err, size_t errlen)
{
    char path[4096];
    size_t len;
    fixture_source_path("schemas/history/Story.v1.avsc", path, sizeof path);
    char *json = fixture_read_file(path, &len);
    uint64_t fp;
    avro_schema_t schema = NULL;
    avro_value_iface_t *iface = NULL;
    avro_value_t value;
    int rc = -1;
    if (!json || telex_schema_fingerprint(json, &fp, err, errlen) != 0 ||
        avro_schema_from_json_length(json, len, &schema) != 0)
        goto out_free_json;
    iface = avro_generic_class_from_schema(schema);
    if (!iface || avro_generic_value_new(iface, &value) != 0)
        goto out_free_schema;
    char body[4096];
    avro_writer_t writer = avro_writer_memory(body, sizeof body);
    if (fill_v1(&value, id, headline, text) == 0 && avro_value_write(writer, &value) == 0)
        rc = telex_frame_wrap(s, fp, body, (size_t)avro_writer_tell(writer), out, err, errlen);
    else
        snprintf(err, errlen, "v1 writer: %s", avro_strerror());
    avro_writer_free(writer);
    avro_value_decref(&value);
out_free_schema:
    if (iface)
        avro_value_iface_decref(iface);
    avro_schema_decref(schema);
out_free_json:
    free(json);
    return rc;
}
