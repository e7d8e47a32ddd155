/*
 * Required literals of a boilerplate rule: a cheap prefilter before PCRE2.
 *
 * Most paragraphs match no rule, and proving that with a regular expression
 * costs far more than looking for a word. rule_literals_find() reads a
 * pattern and finds a set of literal strings such that every match of the
 * pattern contains at least one of them ("all right" for "...\ball rights
 * reserved\b", {"generated", "publi", ...} for an alternation); a paragraph
 * holding none of them cannot match, so the rule is skipped for it.
 *
 * The reading is conservative: anything it does not fully understand (verbs,
 * named groups, back references, \Q...\E, inline options other than (?i))
 * gives no literals, and the rule always runs. Under (?i) literals are
 * compared with ASCII case folding and hold only ASCII characters; the
 * handful of non-ASCII characters that PCRE2 folds to ASCII letters (the
 * Kelvin sign, the long s) are checked by rule_literals_text_folds_to_ascii()
 * so that a paragraph holding one is never skipped.
 */
#ifndef TELEX_RULE_LITERALS_H
#define TELEX_RULE_LITERALS_H

#include <stddef.h>
#include <stdint.h>

#define RULE_LITERALS_MAX    16 /* alternatives in the set */
#define RULE_LITERAL_MAX_LEN 48 /* bytes of one literal (a longer one is cut: still required) */
#define RULE_LITERAL_MIN_LEN 3  /* shorter literals are too common to be worth a search */

typedef struct rule_literal {
    char text[RULE_LITERAL_MAX_LEN + 1]; /* lower-cased when caseless */
    size_t len;
    int caseless;
    uint16_t grams[RULE_LITERAL_MAX_LEN]; /* hashes of its lower-cased trigrams */
} rule_literal;

/* Which trigrams a text's folded copy holds, as a hashed bit set: a literal none of whose
   trigrams is missing may be in the text (memmem confirms); one with a missing trigram is
   not. One pass over the text saves a search for every literal of every rule. */
#define RULE_GRAM_BITS 4096
typedef struct text_grams {
    uint64_t bits[RULE_GRAM_BITS / 64];
} text_grams;

typedef struct rule_literals {
    size_t n; /* 0: no prefilter, the rule always runs */
    rule_literal any[RULE_LITERALS_MAX];
} rule_literals;

/* Fills out with the literals one of which every match of pattern (PCRE2, UTF) contains;
   out->n is 0 when there are none worth searching for. */
void rule_literals_find(const char *pattern, rule_literals *out);

/* Writes text[0, len) with ASCII letters lower-cased to folded (len bytes), where
   rule_literals_present() looks for caseless literals. */
void rule_literals_fold(const char *text, size_t len, char *folded);

/* Fills grams from folded[0, len) (after rule_literals_fold). */
void rule_literals_scan(const char *folded, size_t len, text_grams *grams);

/* 1 when text[0, len) (folded: the same after rule_literals_fold, grams: its trigrams)
   contains one of the literals, or when lits is empty. */
int rule_literals_present(const rule_literals *lits, const text_grams *grams, const char *text,
                          const char *folded, size_t len);

/* The three steps above in one pass over text[0, len): folds it to folded (len bytes), fills
   grams, and returns 0 when the text holds a character that folds to an ASCII letter (the
   literals must not be trusted: !rule_literals_text_folds_to_ascii()), else 1. */
int rule_literals_prepare(const char *text, size_t len, char *folded, text_grams *grams);

/* 1 when text[0, len) holds a non-ASCII character that PCRE2's caseless matching takes
   for an ASCII letter (U+017F, U+212A): caseless literals must not be trusted then. */
int rule_literals_text_folds_to_ascii(const char *text, size_t len);

#endif
