/*
 * Temporal expressions in a story's text, resolved to ISO 8601 / TIMEX3-style
 * values against the story's publication date in the sender's time zone.
 */
#ifndef TELEX_TAG_DATES_H
#define TELEX_TAG_DATES_H

#include <stddef.h>

#include "date_tokens.h"
#include "telex/story.h"

/*
 * Finds every temporal expression in story->text and resolves it against
 * story->published (shifted by story->utc_offset_minutes). On success *dates
 * is a malloc'd array of *n_dates entries in text order (the caller frees each
 * with telex_date_clear() and the array with free()); returns 0. Returns -1
 * with a one-line reason in err on failure.
 */
int tag_dates_find(const telex_story *story, telex_date **dates, size_t *n_dates, char *err,
                   size_t errlen);

/*
 * tag_dates_find() on text already scanned: tokens is date_tokenize() of
 * story->text, shared with the event tagger so the text is scanned once.
 */
int tag_dates_find_in(const telex_story *story, const date_tokens *tokens, telex_date **dates,
                      size_t *n_dates, char *err, size_t errlen);

#endif
