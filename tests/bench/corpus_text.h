/*
 * The text rewrites the benchmark corpus is built from.
 *
 * The corpus generator (corpus.h) turns a handful of sample wire stories into
 * many distinct ones by rewriting their bytes: other names in place of the
 * people named, other months, days and years, more or fewer paragraphs, and a
 * unique suffix on every item id. Each rewrite here is a pure function from
 * input bytes to an output buffer, format-blind except for the delimiters and
 * markers the caller passes, so it works on any wire copy, not only the
 * samples. Randomness comes from a seeded splitmix64 generator, so the same
 * seed always gives the same corpus.
 *
 * Errors: functions return 0, or -1 when memory runs out.
 */
#ifndef TELEX_BENCH_CORPUS_TEXT_H
#define TELEX_BENCH_CORPUS_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "telex/records.h"

/* splitmix64: a small, well-mixed generator; state is any 64-bit value. */
uint64_t corpus_rng_next(uint64_t *state);
/* A number in [0, bound), bound > 0. */
uint32_t corpus_rng_below(uint64_t *state, uint32_t bound);

/* One whole-word replacement: every `from` bounded by non-word bytes becomes `to`. */
typedef struct corpus_subst {
    const char *from;
    const char *to;
} corpus_subst;

/*
 * Appends in[0, len) to out with every whole-word, case-sensitive occurrence
 * of a substitution's `from` replaced by its `to`, in one left-to-right pass
 * (a replacement is never rewritten again). Where several match at one
 * position the earliest in subs wins, so list longer names first. Word bytes
 * are ASCII letters and digits and bytes >= 0x80 are not (so "Abe’s" holds
 * the word "Abe").
 */
int corpus_substitute(const char *in, size_t len, const corpus_subst *subs, size_t n_subs,
                      telex_buf *out);

/*
 * Appends in to out with every standalone four-digit year in [min_year,
 * max_year] moved by shift years (a year glued to other digits or letters,
 * as in "20170330", is left alone).
 */
int corpus_shift_years(const char *in, size_t len, int shift, int min_year, int max_year,
                       telex_buf *out);

/*
 * Appends in to out with every English month name ("November") and AP
 * abbreviation ("Nov.") moved month_shift months on, written in the same
 * style, and a day number right after it ("Nov. 17") moved day_shift days on
 * within 1..28, so every date stays valid in any month.
 */
int corpus_shift_months(const char *in, size_t len, int month_shift, int day_shift, telex_buf *out);

/* How many pieces delim cuts in[0, len) into (1 when it does not occur). */
size_t corpus_count_pieces(const char *in, size_t len, const char *delim);

/*
 * Appends the pieces delim cuts in into, piece k repeated copies[k] times (0
 * drops it), in their original order, joined with delim again. copies has
 * corpus_count_pieces() entries; all ones gives back the input.
 */
int corpus_join_pieces(const char *in, size_t len, const char *delim, const unsigned *copies,
                       telex_buf *out);

/* Where an item id sits: after `marker`, up to the first byte of `ends`. */
typedef struct corpus_id_marker {
    const char *marker;
    const char *ends;
} corpus_id_marker;

/*
 * Appends in to out with suffix inserted at the end of every id the markers
 * find ("BC-AS--Koreas-Summit,0412" with marker "BC-" and ends " ,<" gives
 * "BC-AS--Koreas-Summit-b0000042,0412").
 */
int corpus_suffix_ids(const char *in, size_t len, const corpus_id_marker *markers, size_t n_markers,
                      const char *suffix, telex_buf *out);

#endif
