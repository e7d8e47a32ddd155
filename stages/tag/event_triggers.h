/*
 * Event triggers: the words of a sentence that announce a diplomatic event
 * ("meet", "talks", "summit", "teleconference", "by phone", "visit", "trip
 * to", "hosted <person>"), each with the kind of event it names, whether it is
 * negated ("did not meet") and whether it refers back to an event already
 * told ("the summit", "that meeting").
 */
#ifndef TELEX_TAG_EVENT_TRIGGERS_H
#define TELEX_TAG_EVENT_TRIGGERS_H

#include <stddef.h>

#include "date_tokens.h"

typedef enum event_kind {
    EVENT_MEETING = 0, /* meet, talks, meeting, dinner: a summit when heads meet */
    EVENT_SUMMIT,      /* the word "summit" */
    EVENT_CALL,        /* phone call, teleconference, by phone */
    EVENT_VISIT,       /* visit, trip to, travel to, fly to */
    EVENT_HOST,        /* host(ed) a person: a meeting of host and guest */
} event_kind;

typedef struct event_trigger {
    size_t first; /* token span of the trigger phrase */
    size_t last;
    event_kind kind;
    int negated;      /* "not", "never", "n't" just before */
    int definite;     /* "the", "that", "this", "their", "his", "her" before the noun */
    int needs_person; /* counts only when a person is named right after ("welcomed Abe") */
    int needs_call;   /* "spoke with": a call only when the story has told one already */
    int arrival;      /* "arrived in", "landed in": the end of a trip, maybe to a meeting */
} event_trigger;

/*
 * Finds the trigger at token i of text, if any: fills *out and returns 1, or
 * returns 0. Tokens i..out->last belong to the trigger.
 */
int event_trigger_at(const char *text, const date_tokens *t, size_t i, event_trigger *out);

/* 1 when tokens [first, last] hold a word that may start a trigger: sentences
   without one need no closer look. */
int event_sentence_has_trigger(const date_tokens *t, size_t first, size_t last);

#endif
