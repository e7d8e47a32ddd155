/*
 * tag-json: a development driver for the tagger, with no Kafka and no Avro.
 *
 * Reads one JSON object a line on stdin,
 *   {"source_file", "published", "utc_offset_minutes", "headline", "text"}
 * (optional "id"), runs tag_story() on it, the same function telex-tag runs,
 * and prints the enriched story in DESIGN.md's JSON view, one line each.
 *
 *   tag-json [--kb DIR] < stories.jsonl > enriched.jsonl
 *
 * A bad line is reported on stderr with its line number and skipped; the exit
 * code is 1 if any line failed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "tag.h"

static json_t *string_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

static json_t *entity_json(const telex_entity *e)
{
    json_t *mentions = json_array();
    for (size_t i = 0; i < e->n_mentions; i++)
        json_array_append_new(mentions, json_pack("{s:i, s:i, s:s}", "start",
                                                  (json_int_t)e->mentions[i].span.start, "end",
                                                  (json_int_t)e->mentions[i].span.end, "text",
                                                  e->mentions[i].text));
    json_t *obj = json_object();
    json_object_set_new(obj, "id", json_string(e->id));
    json_object_set_new(obj, "type", json_string(e->type));
    json_object_set_new(obj, "name", json_string(e->name));
    json_object_set_new(obj, "role", string_or_null(e->role));
    json_object_set_new(obj, "country", string_or_null(e->country));
    json_object_set_new(obj, "code", string_or_null(e->code));
    json_object_set_new(obj, "mentions", mentions);
    return obj;
}

static json_t *date_json(const telex_date *d)
{
    json_t *obj = json_object();
    json_object_set_new(obj, "text", string_or_null(d->text));
    json_object_set_new(obj, "start", json_integer(d->span.start));
    json_object_set_new(obj, "end", json_integer(d->span.end));
    json_object_set_new(obj, "value", string_or_null(d->value));
    json_object_set_new(obj, "type", string_or_null(d->type));
    return obj;
}

static json_t *event_json(const telex_event *ev)
{
    json_t *participants = json_array();
    for (size_t i = 0; i < ev->n_participants; i++)
        json_array_append_new(participants, json_string(ev->participants[i]));
    json_t *obj = json_object();
    json_object_set_new(obj, "type", string_or_null(ev->type));
    json_object_set_new(obj, "name", string_or_null(ev->name));
    json_object_set_new(obj, "participants", participants);
    json_object_set_new(obj, "location", string_or_null(ev->location));
    json_object_set_new(obj, "start", string_or_null(ev->start));
    json_object_set_new(obj, "end", string_or_null(ev->end));
    json_object_set_new(obj, "status", string_or_null(ev->status));
    json_object_set_new(obj, "evidence",
                        json_pack("{s:i, s:i}", "start", (json_int_t)ev->evidence.start, "end",
                                  (json_int_t)ev->evidence.end));
    return obj;
}

static json_t *enriched_json(const telex_enriched_story *es)
{
    const telex_story *s = &es->story;
    json_t *obj = json_object();
    json_object_set_new(obj, "id", string_or_null(s->id));
    json_object_set_new(obj, "source_file", string_or_null(s->source_file));
    json_object_set_new(obj, "published", string_or_null(s->published));
    json_object_set_new(obj, "headline", string_or_null(s->headline));
    json_object_set_new(obj, "text", string_or_null(s->text));
    json_t *list = json_array();
    for (size_t i = 0; i < es->n_entities; i++)
        json_array_append_new(list, entity_json(&es->entities[i]));
    json_object_set_new(obj, "entities", list);
    list = json_array();
    for (size_t i = 0; i < es->n_dates; i++)
        json_array_append_new(list, date_json(&es->dates[i]));
    json_object_set_new(obj, "dates", list);
    list = json_array();
    for (size_t i = 0; i < es->n_events; i++)
        json_array_append_new(list, event_json(&es->events[i]));
    json_object_set_new(obj, "events", list);
    return obj;
}

static char *member_string(json_t *obj, const char *key)
{
    const char *s = json_string_value(json_object_get(obj, key));
    return s ? strdup(s) : NULL;
}

/* Fills story from one input object; returns 0, or -1 with a reason. */
static int story_from_json(json_t *obj, size_t line_no, telex_story *story, char *err,
                           size_t errlen)
{
    if (!json_is_object(obj) || !json_is_string(json_object_get(obj, "text"))) {
        snprintf(err, errlen, "expected an object with a string \"text\"");
        return -1;
    }
    char id[64];
    snprintf(id, sizeof id, "line-%zu", line_no);
    story->id = json_is_string(json_object_get(obj, "id")) ? member_string(obj, "id") : strdup(id);
    story->version = 1;
    story->source = strdup("tag-json");
    story->format = strdup("json");
    story->language = strdup("en");
    story->source_file = member_string(obj, "source_file");
    story->headline = member_string(obj, "headline");
    story->published = member_string(obj, "published");
    story->utc_offset_minutes =
        (int32_t)json_integer_value(json_object_get(obj, "utc_offset_minutes"));
    story->text = member_string(obj, "text");
    if (!story->id || !story->source || !story->format || !story->language || !story->text) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    return 0;
}

static int tag_line(const tag_kb *kb, const char *line, size_t line_no)
{
    char err[512];
    json_error_t jerr;
    telex_story story = {0};
    telex_enriched_story enriched = {0};
    int rc = -1;
    json_t *in = json_loads(line, 0, &jerr);
    if (!in) {
        fprintf(stderr, "tag-json: line %zu: not JSON: %s\n", line_no, jerr.text);
        return -1;
    }
    if (story_from_json(in, line_no, &story, err, sizeof err) != 0 ||
        tag_story(kb, &story, &enriched, err, sizeof err) != 0) {
        fprintf(stderr, "tag-json: line %zu: %s\n", line_no, err);
        goto out_free;
    }
    json_t *out = enriched_json(&enriched);
    char *text = json_dumps(out, JSON_PRESERVE_ORDER | JSON_COMPACT);
    json_decref(out);
    if (text) {
        puts(text);
        free(text);
        rc = 0;
    }

out_free:
    telex_enriched_story_clear(&enriched);
    telex_story_clear(&story);
    json_decref(in);
    return rc;
}

int main(int argc, char **argv)
{
    const char *kb_dir = TAG_KB_DEFAULT_DIR;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--kb") == 0 && i + 1 < argc) {
            kb_dir = argv[++i];
        } else {
            fprintf(stderr, "usage: tag-json [--kb DIR] < stories.jsonl\n");
            return 2;
        }
    }
    char err[512];
    tag_kb *kb;
    if (tag_kb_load(kb_dir, &kb, err, sizeof err) != 0) {
        fprintf(stderr, "tag-json: %s\n", err);
        return 1;
    }
    int status = 0;
    char *line = NULL;
    size_t cap = 0, line_no = 0;
    while (getline(&line, &cap, stdin) >= 0) {
        line_no++;
        if (line[strspn(line, " \t\r\n")] == '\0')
            continue;
        if (tag_line(kb, line, line_no) != 0)
            status = 1;
    }
    free(line);
    tag_kb_free(kb);
    return status;
}
