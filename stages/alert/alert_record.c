/*
 * The Alert record (schemas/Alert.avsc) as an Avro body and a Telex frame.
 * See alert_record.h for the contract.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alert_record.h"

/* In Alert.avsc every nullable field is ["null", "string"]. */
enum { BRANCH_NULL = 0, BRANCH_STRING = 1 };

int alert_encoder_init(alert_encoder *enc, const telex_schemas *schemas, char *err, size_t errlen)
{
    memset(enc, 0, sizeof *enc);
    enc->schemas = schemas;
    if (telex_schemas_current_fingerprint(schemas, "telex.Alert", &enc->fingerprint) != 0) {
        snprintf(err, errlen, "schema telex.Alert not loaded: no Alert.avsc in the schemas");
        return -1;
    }
    const char *canonical = telex_schemas_canonical(schemas, enc->fingerprint);
    if (!canonical || avro_schema_from_json_length(canonical, strlen(canonical), &enc->schema)) {
        snprintf(err, errlen, "telex.Alert: %s", avro_strerror());
        return -1;
    }
    enc->iface = avro_generic_class_from_schema(enc->schema);
    if (!enc->iface)
        goto err_avro;
    if (avro_generic_value_new(enc->iface, &enc->value) != 0)
        goto err_free_iface;
    return 0;

err_free_iface:
    avro_value_iface_decref(enc->iface);
err_avro:
    snprintf(err, errlen, "telex.Alert: %s", avro_strerror());
    avro_schema_decref(enc->schema);
    memset(enc, 0, sizeof *enc);
    return -1;
}

void alert_encoder_free(alert_encoder *enc)
{
    if (enc->iface) {
        avro_value_decref(&enc->value);
        avro_value_iface_decref(enc->iface);
        avro_schema_decref(enc->schema);
    }
    telex_buf_free(&enc->body);
    memset(enc, 0, sizeof *enc);
}

static int set_string(avro_value_t *record, const char *field, const char *text)
{
    avro_value_t value;
    return avro_value_get_by_name(record, field, &value, NULL) ||
           avro_value_set_string(&value, text);
}

static int set_int(avro_value_t *record, const char *field, int32_t number)
{
    avro_value_t value;
    return avro_value_get_by_name(record, field, &value, NULL) ||
           avro_value_set_int(&value, number);
}

/* A ["null", "string"] field: null when text is NULL. */
static int set_nullable(avro_value_t *record, const char *field, const char *text)
{
    avro_value_t value, branch;
    if (avro_value_get_by_name(record, field, &value, NULL))
        return -1;
    if (!text)
        return avro_value_set_branch(&value, BRANCH_NULL, &branch) || avro_value_set_null(&branch);
    return avro_value_set_branch(&value, BRANCH_STRING, &branch) ||
           avro_value_set_string(&branch, text);
}

static int append_string(avro_value_t *record, const char *field, const char *text)
{
    avro_value_t array, element;
    return avro_value_get_by_name(record, field, &array, NULL) ||
           avro_value_append(&array, &element, NULL) || avro_value_set_string(&element, text);
}

/* Fills enc->value from the story, the event and what matched. Returns 0 or an Avro error. */
static int fill_alert(alert_encoder *enc, const telex_enriched_story *story,
                      const telex_event *event, const alert_match *match, const char *evidence)
{
    avro_value_t *alert = &enc->value;
    const telex_story *s = &story->story;
    int rc = avro_value_reset(alert) || set_string(alert, "story_id", s->id ? s->id : "") ||
             set_int(alert, "story_version", s->version) ||
             set_nullable(alert, "headline", s->headline) ||
             set_string(alert, "published", s->published ? s->published : "") ||
             set_string(alert, "event_type", event->type) ||
             set_string(alert, "event_status", event->status) ||
             set_nullable(alert, "event_start", event->start) ||
             set_nullable(alert, "event_location", event->location) ||
             set_string(alert, "evidence", evidence);
    for (size_t i = 0; rc == 0 && i < match->n_countries; i++)
        rc = append_string(alert, "countries", match->countries[i]);
    for (size_t i = 0; rc == 0 && i < match->n_leaders; i++)
        rc = append_string(alert, "leaders", match->leaders[i]->id);
    return rc;
}

/* Writes enc->value as an Avro binary body into enc->body. Returns 0 or an Avro error. */
static int write_body(alert_encoder *enc)
{
    size_t size;
    if (avro_value_sizeof(&enc->value, &size) != 0)
        return -1;
    telex_buf_reset(&enc->body);
    if (size > enc->body.cap) {
        char *data = realloc(enc->body.data, size);
        if (!data)
            return -1;
        enc->body.data = data;
        enc->body.cap = size;
    }
    avro_writer_t writer = avro_writer_memory(enc->body.data, (int64_t)size);
    if (!writer)
        return -1;
    int rc = avro_value_write(writer, &enc->value);
    avro_writer_free(writer);
    enc->body.len = size;
    return rc;
}

int alert_encode(alert_encoder *enc, const telex_enriched_story *story, const telex_event *event,
                 const alert_match *match, telex_buf *out, char *err, size_t errlen)
{
    size_t evidence_len;
    const char *evidence_at = alert_evidence(story, event, &evidence_len);
    char *evidence = strndup(evidence_at, evidence_len); /* Avro C wants a terminated string */
    if (!evidence) {
        snprintf(err, errlen, "alert: out of memory");
        return -1;
    }
    int rc = fill_alert(enc, story, event, match, evidence) || write_body(enc);
    free(evidence);
    if (rc != 0) {
        snprintf(err, errlen, "alert: cannot encode telex.Alert: %s", avro_strerror());
        return -1;
    }
    return telex_frame_wrap(enc->schemas, enc->fingerprint, enc->body.data, enc->body.len, out, err,
                            errlen);
}
