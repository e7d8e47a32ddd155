/*
 * Tense around a temporal expression: does its sentence speak of the future
 * ("will meet on Friday", "agreed to meet Nov. 17") or of the past ("said
 * Monday", "met Xi on March 19")? The date tagger uses it to pick the year of
 * a month and day and the week of a weekday, as a reader would.
 */
#ifndef TELEX_TAG_DATE_TENSE_H
#define TELEX_TAG_DATE_TENSE_H

#include <stddef.h>

#include "date_tokens.h"

typedef enum date_tense {
    DATE_TENSE_NONE = 0,
    DATE_TENSE_PAST,
    DATE_TENSE_FUTURE,
} date_tense;

/*
 * The tense governing tokens [first, last] of text: the nearest tense cue
 * before the expression in its clause, then after it in its clause, then
 * before it in its sentence, then after it. DATE_TENSE_NONE when there is none.
 */
date_tense date_tense_at(const char *text, const date_tokens *t, size_t first, size_t last);

/*
 * date_tense_at(), also telling in *strong whether the cue is a word before the
 * expression ("will meet on Friday", "met Xi on March 19"), which a reader
 * trusts more than one after it: that is often a reporting verb ("talks begin
 * on Thursday, officials said") or another clause's ("the Sept. 15-16 summit
 * were still being finalized"). *strong is DATE_CUE_PLAN for a future cue
 * before it that only tells of a plan ("set for", "scheduled to", "hosts"),
 * not a firm "will".
 */
#define DATE_CUE_PLAN 2 /* *strong: a strong future cue that only tells of a plan */

date_tense date_tense_at_strength(const char *text, const date_tokens *t, size_t first, size_t last,
                                  int *strong);

/* The tense cue word k is by itself (DATE_TENSE_NONE for none), for events' status. */
date_tense date_tense_of_word(const char *text, const date_tokens *t, size_t k);

#endif
