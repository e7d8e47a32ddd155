/*
 * A cheap anchor for a boilerplate rule: what the first byte of a matching
 * text must be, and how many characters it may have at most.
 *
 * Most rules are anchored at the start ("^") and many bound the paragraph's
 * length with a leading lookahead like ^(?=.{0,400}$). Running such a rule
 * through PCRE2 costs a call and a scan of up to 400 characters even when the
 * text starts with a byte the rule can never start with. The screen answers
 * "cannot match" in a few instructions, and only ever for texts the rule
 * cannot match:
 *
 *   - the first byte is taken from PCRE2's own analysis of the pattern (its
 *     first code unit or its start bitmap), for anchored patterns only; a
 *     leading length lookahead is left out of that analysis (PCRE2 gives up
 *     on it), since a zero-width assertion does not change the first byte;
 *   - the length bound is read only from the exact prefix "^(?=.{0,N}$)"
 *     (optionally after "(?i)") of a pattern with no top-level "|".
 *
 * A pattern the screen does not understand gets no screen: it always runs.
 */
#ifndef TELEX_RULE_SCREEN_H
#define TELEX_RULE_SCREEN_H

#include <stddef.h>
#include <stdint.h>

typedef struct rule_screen {
    size_t max_chars;  /* SIZE_MAX: no bound */
    int first_known;   /* 0: any first byte */
    uint8_t first[32]; /* bit b set: a match may start with byte b */
} rule_screen;

/* Fills screen for pattern (compiled with options, PCRE2_UTF among them). */
void rule_screen_build(const char *pattern, uint32_t options, rule_screen *screen);

/* 1 when a text of len bytes, chars code points, first byte text[0] may match the rule. */
int rule_screen_passes(const rule_screen *screen, const char *text, size_t len, size_t chars);

/* The number of code points in the valid UTF-8 text[0, len). */
size_t rule_screen_count_chars(const char *text, size_t len);

#endif
