/*
 * Diplomatic events (summits, meetings, calls, visits) read from a story's
 * text, linked to the entities and dates already found in it.
 */
#ifndef TELEX_TAG_EVENTS_H
#define TELEX_TAG_EVENTS_H

#include <stddef.h>

#include "date_tokens.h"
#include "telex/story.h"

/*
 * Finds events in story->text. entities and dates are what the entity and date
 * taggers found (mentions and spans index story->text). On success *events is
 * a malloc'd array of *n_events (caller frees each with telex_event_clear()
 * and the array with free()); participants are entity ids from entities, the
 * location the name of a place or country entity. Returns 0, or -1 with a
 * one-line reason in err.
 */
int tag_events_find(const telex_story *story, const telex_entity *entities, size_t n_entities,
                    const telex_date *dates, size_t n_dates, telex_event **events, size_t *n_events,
                    char *err, size_t errlen);

/* tag_events_find() on text already scanned: tokens is date_tokenize() of story->text. */
int tag_events_find_in(const telex_story *story, const date_tokens *tokens,
                       const telex_entity *entities, size_t n_entities, const telex_date *dates,
                       size_t n_dates, telex_event **events, size_t *n_events, char *err,
                       size_t errlen);

/*
 * tag_dates_find() then tag_events_find() over one scan of the text: what
 * tag_story() calls once the entities are found. On success the caller owns
 * *dates and *events as above; on failure both are NULL and -1 is returned
 * with a one-line reason in err.
 */
int tag_dates_events_find(const telex_story *story, const telex_entity *entities, size_t n_entities,
                          telex_date **dates, size_t *n_dates, telex_event **events,
                          size_t *n_events, char *err, size_t errlen);

#endif
