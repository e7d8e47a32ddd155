/*
 * The decision telex-alert makes, as pure functions over telex/story.h.
 *
 * A watch list is a set of ISO 3166-1 alpha-2 country codes ("US,KP"). An
 * event of an enriched story is alert-worthy when it is a summit, meeting or
 * call that was not cancelled, and among its participants are persons from at
 * least two different watched countries. No Kafka and no Avro here, so the
 * rule is unit-tested on hand-built stories.
 */
#ifndef TELEX_ALERT_RULE_H
#define TELEX_ALERT_RULE_H

#include <stddef.h>

#include "telex/story.h"

/* The watched countries: codes[i] is two upper-case ASCII letters. */
typedef struct alert_watch {
    char (*codes)[3];
    size_t n_codes;
} alert_watch;

/*
 * What made an event alert-worthy. The pointers borrow from the story the
 * match was made on: leaders[i] is a person entity among the event's
 * participants, countries[] the distinct watched countries of those persons,
 * in order of first appearance. Free the arrays with alert_match_clear().
 */
typedef struct alert_match {
    const telex_entity **leaders;
    size_t n_leaders;
    const char **countries;
    size_t n_countries;
} alert_match;

/*
 * Parses a comma-separated list of country codes ("US, kp" is US and KP). At
 * least two distinct codes are needed, since an alert pairs two countries.
 * Returns 0, or -1 with a one-line reason in err (out is then empty).
 */
int alert_watch_parse(const char *text, alert_watch *out, char *err, size_t errlen);
void alert_watch_clear(alert_watch *watch);
/* 1 if code (any case) is on the watch list, else 0. */
int alert_watch_has(const alert_watch *watch, const char *code);

/*
 * Decides whether event (one of story->events) is alert-worthy. Returns 1 and
 * fills *out when it is, 0 when it is not (out is left empty), -1 with a
 * reason in err when out of memory. Participants that are not person entities
 * of story are ignored.
 */
int alert_match_event(const alert_watch *watch, const telex_enriched_story *story,
                      const telex_event *event, alert_match *out, char *err, size_t errlen);
void alert_match_clear(alert_match *match);

/*
 * The evidence text of event: *len bytes of story->story.text from the
 * returned pointer. An empty string when the span is not inside the text.
 */
const char *alert_evidence(const telex_enriched_story *story, const telex_event *event,
                           size_t *len);

#endif
