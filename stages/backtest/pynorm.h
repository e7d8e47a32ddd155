/*
 * Text keys that match /work/shared/eval/score.py character for character.
 *
 * The scorer compares names, date texts and mention texts through two
 * normalizations written in Python (norm() and mention_key() of score.py).
 * To reproduce its numbers exactly, these functions repeat the same steps in
 * the same order with utf8proc: Unicode normalization, dropping combining
 * marks, full case folding, and Python's Unicode meaning of the regex classes
 * \w and \s. pynorm_slice_utf8() repeats Python's bytes slicing, negative
 * indexes and clamping included.
 *
 * Strings are UTF-8. Results are malloc'd and owned by the caller; NULL means
 * out of memory or input that is not valid UTF-8.
 */
#ifndef TELEX_BACKTEST_PYNORM_H
#define TELEX_BACKTEST_PYNORM_H

#include <stddef.h>
#include <stdint.h>

/* score.py norm(): case-, accent- and punctuation-insensitive key. s NULL is "". */
char *pynorm_key(const char *s);

/* score.py mention_key(): NFKC, curly quotes, trailing "'s", spaces, casefold. */
char *pynorm_mention_key(const char *s);

/* Python's text.encode()[start:end].decode() with ints or None (has_start /
   has_end 0). Returns the slice, or NULL when it cuts a character in two. */
char *pynorm_slice_utf8(const char *text, int has_start, int64_t start, int has_end, int64_t end);

/* Python's str.isspace() and regex \w for one code point. */
int pynorm_is_space(int32_t cp);
int pynorm_is_word(int32_t cp);

#endif
