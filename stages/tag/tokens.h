/*
 * The tagger's tokenizer: one pass over UTF-8 text into word, possessive and
 * punctuation tokens with byte spans, each with a case-folded form for
 * look-ups.
 *
 * Words are runs of letters and digits. Folding lowercases, strips accents
 * (Niinistö and Niinisto fold alike) and maps typographic apostrophes and
 * quotes to ASCII, so KB forms and story text fold the same way. "U.S." and
 * "J." are single words; a hyphen is its own token ("Jae-in" is jae - in);
 * a possessive "’s" or "'s" after a word is a TAG_TOK_POSS token, so "Trump’s"
 * is the word "Trump" then the possessive. Invalid UTF-8 bytes are punctuation
 * (and set invalid_utf8): nothing here trusts its input.
 */
#ifndef TELEX_TAG_TOKENS_H
#define TELEX_TAG_TOKENS_H

#include <stddef.h>
#include <stdint.h>

typedef enum tag_tok_kind {
    TAG_TOK_WORD = 0,
    TAG_TOK_POSS,  /* 's after a word */
    TAG_TOK_PUNCT, /* one punctuation character */
} tag_tok_kind;

typedef struct tag_token {
    uint32_t start; /* byte span in the text, end exclusive */
    uint32_t end;
    uint32_t fold_off; /* folded form: fold[fold_off, fold_off + fold_len) */
    uint32_t fold_len;
    uint32_t hash;          /* FNV-1a of the folded form */
    uint8_t kind;           /* tag_tok_kind */
    uint8_t capitalized;    /* the first letter is uppercase */
    uint8_t all_caps;       /* two or more letters, all uppercase */
    uint8_t sentence_start; /* first word of a sentence or paragraph */
} tag_token;

typedef struct tag_tokens {
    tag_token *v;
    size_t n;
    size_t cap;
    char *fold; /* folded forms, each NUL-terminated */
    size_t fold_len;
    size_t fold_cap;
    int oom;              /* set when an allocation failed */
    uint8_t invalid_utf8; /* the text holds bytes that are not UTF-8 */
} tag_tokens;

/* Tokenizes text[0, len) into out (zeroed, or reused after a previous call).
   Returns 0, or -1 when out of memory or the text is longer than 2 GiB. */
int tag_tokenize(const char *text, size_t len, tag_tokens *out);
void tag_tokens_free(tag_tokens *tokens);

/* The folded form of token i. */
static inline const char *tag_token_fold(const tag_tokens *t, size_t i)
{
    return t->fold + t->v[i].fold_off;
}

/* FNV-1a over n bytes. */
uint32_t tag_hash(const char *bytes, size_t n);

#endif
