/*
 * "Title + name" phrases: "Prime Minister Shinzo Abe", "North Korean leader
 * Kim Jong Un", and appositions "Ri Son Gwon, chairman of ...". They find
 * people the KB does not know, with the office the text gives them.
 *
 * Titles are found on the story's tokens (a title is a token sequence, so
 * finding one costs a bit test per word); two PCRE2 patterns built once from
 * titles.tsv, JIT-compiled and anchored, then check the phrase around each
 * title only: the title + name pattern at the title, the apposition pattern
 * at each name word that can start "Name, [the] title".
 */
#ifndef TELEX_TAG_TITLES_H
#define TELEX_TAG_TITLES_H

#include <stddef.h>
#include <stdint.h>

#include "kb.h"

typedef struct tag_title_hit {
    uint32_t title_start; /* the title as written */
    uint32_t title_end;
    uint32_t name_start; /* the capitalized words of the name */
    uint32_t name_end;
    uint32_t title; /* index into kb->titles */
} tag_title_hit;

/*
 * Every title + name phrase of text, in order of the name. tokens are the
 * text's tokens (tag_tokenize()). *hits is malloc'd (the caller frees it).
 * Text that is not valid UTF-8 yields no hits. Returns 0, or -1 with a reason
 * in err.
 */
int tag_titles_find(const tag_kb *kb, const char *text, size_t len, const tag_tokens *tokens,
                    tag_title_hit **hits, size_t *n_hits, char *err, size_t errlen);

#endif
