/*
 * telex-alert's rule: which events of an enriched story pair the leaders of
 * two watched countries. See alert_rule.h for the contract.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "alert_rule.h"

/* The event types that bring leaders together; "visit" is a trip, not a meeting. */
static const char *const alert_event_types[] = {"summit", "meeting", "call", NULL};

static int is_alert_event_type(const char *type)
{
    for (size_t i = 0; type && alert_event_types[i]; i++) {
        if (strcmp(type, alert_event_types[i]) == 0)
            return 1;
    }
    return 0;
}

/* Copies the upper-cased code in text[0, len) into code; -1 unless it is two letters. */
static int parse_code(const char *text, size_t len, char code[3])
{
    if (len != 2 || !isalpha((unsigned char)text[0]) || !isalpha((unsigned char)text[1]))
        return -1;
    code[0] = (char)toupper((unsigned char)text[0]);
    code[1] = (char)toupper((unsigned char)text[1]);
    code[2] = '\0';
    return 0;
}

int alert_watch_parse(const char *text, alert_watch *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    if (!text || !*text) {
        snprintf(err, errlen, "alert.watch is not set (give two or more codes: US,KP)");
        return -1;
    }
    size_t max_codes = 1;
    for (const char *p = text; *p; p++)
        max_codes += *p == ',';
    out->codes = calloc(max_codes, sizeof *out->codes);
    if (!out->codes) {
        snprintf(err, errlen, "alert.watch: out of memory");
        return -1;
    }
    const char *item = text;
    for (;;) {
        size_t len = strcspn(item, ",");
        const char *start = item, *end = item + len;
        while (start < end && isspace((unsigned char)*start))
            start++;
        while (end > start && isspace((unsigned char)end[-1]))
            end--;
        char code[3];
        if (parse_code(start, (size_t)(end - start), code) != 0) {
            snprintf(err, errlen, "alert.watch: \"%.*s\" is not an ISO 3166-1 alpha-2 code",
                     (int)(end - start), start);
            goto err_free_codes;
        }
        if (!alert_watch_has(out, code))
            memcpy(out->codes[out->n_codes++], code, sizeof code);
        if (item[len] == '\0')
            break;
        item += len + 1;
    }
    if (out->n_codes < 2) {
        snprintf(err, errlen, "alert.watch: needs at least two different countries, got \"%s\"",
                 text);
        goto err_free_codes;
    }
    return 0;

err_free_codes:
    alert_watch_clear(out);
    return -1;
}

void alert_watch_clear(alert_watch *watch)
{
    free(watch->codes);
    memset(watch, 0, sizeof *watch);
}

int alert_watch_has(const alert_watch *watch, const char *code)
{
    if (!code || strlen(code) != 2)
        return 0;
    for (size_t i = 0; i < watch->n_codes; i++) {
        if (toupper((unsigned char)code[0]) == watch->codes[i][0] &&
            toupper((unsigned char)code[1]) == watch->codes[i][1])
            return 1;
    }
    return 0;
}

static const telex_entity *find_person(const telex_enriched_story *story, const char *id)
{
    for (size_t i = 0; id && i < story->n_entities; i++) {
        const telex_entity *entity = &story->entities[i];
        if (entity->id && strcmp(entity->id, id) == 0)
            return entity->type && strcmp(entity->type, "person") == 0 ? entity : NULL;
    }
    return NULL;
}

static int has_leader(const alert_match *match, const telex_entity *person)
{
    for (size_t i = 0; i < match->n_leaders; i++) {
        if (match->leaders[i] == person)
            return 1;
    }
    return 0;
}

static int has_country(const alert_match *match, const char *code)
{
    for (size_t i = 0; i < match->n_countries; i++) {
        if (strcasecmp(match->countries[i], code) == 0)
            return 1;
    }
    return 0;
}

int alert_match_event(const alert_watch *watch, const telex_enriched_story *story,
                      const telex_event *event, alert_match *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    if (!is_alert_event_type(event->type) || !event->status ||
        strcmp(event->status, "cancelled") == 0 || event->n_participants < 2)
        return 0;
    out->leaders = calloc(event->n_participants, sizeof *out->leaders);
    out->countries = calloc(event->n_participants, sizeof *out->countries);
    if (!out->leaders || !out->countries) {
        alert_match_clear(out);
        snprintf(err, errlen, "alert: out of memory");
        return -1;
    }
    for (size_t i = 0; i < event->n_participants; i++) {
        const telex_entity *person = find_person(story, event->participants[i]);
        if (!person || !alert_watch_has(watch, person->country) || has_leader(out, person))
            continue;
        out->leaders[out->n_leaders++] = person;
        if (!has_country(out, person->country))
            out->countries[out->n_countries++] = person->country;
    }
    if (out->n_countries < 2) {
        alert_match_clear(out);
        return 0;
    }
    return 1;
}

void alert_match_clear(alert_match *match)
{
    free(match->leaders);
    free(match->countries);
    memset(match, 0, sizeof *match);
}

const char *alert_evidence(const telex_enriched_story *story, const telex_event *event, size_t *len)
{
    const char *text = story->story.text;
    size_t text_len = text ? strlen(text) : 0;
    telex_span span = event->evidence;
    *len = 0;
    if (!text || span.start < 0 || span.end < span.start || (size_t)span.end > text_len)
        return "";
    *len = (size_t)(span.end - span.start);
    return text + span.start;
}
