/*
 * The date and event taggers' scanner: one pass over UTF-8 text into number,
 * word and punctuation tokens with byte spans, then sentence starts.
 *
 * It is deliberately small and separate from the entity tokenizer (tokens.h):
 * the date grammar needs digit runs as numbers with their values, whether a
 * token is glued to the one before it ("28-29", "Nov.", "20th"), and a lexicon
 * class for every word it cares about (month, weekday, unit ...), looked up
 * once per token. Typographic spaces count as spaces, typographic quotes and
 * dashes are punctuation, other non-ASCII letters are word characters and
 * invalid UTF-8 bytes are punctuation, so any input tokenizes.
 */
#ifndef TELEX_TAG_DATE_TOKENS_H
#define TELEX_TAG_DATE_TOKENS_H

#include <stddef.h>
#include <stdint.h>

typedef enum date_tok_kind {
    DATE_TOK_WORD = 0,
    DATE_TOK_NUMBER, /* a run of ASCII digits */
    DATE_TOK_PUNCT,  /* one punctuation character (code point in `punct`) */
} date_tok_kind;

/* Lexicon classes of words (date_lexicon.c). */
typedef enum date_lex_class {
    DL_NONE = 0,
    DL_MONTH,      /* value 1..12 */
    DL_MONTH_ABBR, /* "Nov", "Sept": a month only before "." or a number */
    DL_WEEKDAY,    /* value 0 (Monday) .. 6 */
    DL_DEICTIC,    /* today 0, tomorrow 1, yesterday -1, tonight 0 (value 9) */
    DL_REL,        /* this 0, next 1, last -1, coming 1 */
    DL_UNIT,       /* value: 'D' 'W' 'M' 'Y' or 'X' (decade) or 'E' (weekend); plural flag */
    DL_PART,       /* part of day: 'M'orning 'A'fternoon 'E'vening 'N'ight */
    DL_NUMWORD,    /* one .. ninety, value */
    DL_ARTICLE,    /* a, an: value 1 */
    DL_MOD,        /* later, earlier, early, late, mid */
    DL_AGO,
    DL_CUE,     /* a word that may introduce a bare month or year: in, since, the ... */
    DL_RANGE,   /* to, through, until, till, and, or */
    DL_ORDINAL, /* st, nd, rd, th after a number */
} date_lex_class;

typedef struct date_token {
    int32_t start; /* byte span in the text, end exclusive */
    int32_t end;
    int32_t value;          /* number value (capped), or the lexicon value */
    uint32_t punct;         /* code point of a punctuation token */
    uint8_t kind;           /* date_tok_kind */
    uint8_t lex;            /* date_lex_class of a word */
    uint8_t plural;         /* a DL_UNIT in the plural */
    uint8_t digits;         /* number of digits of a number token */
    uint8_t space_before;   /* whitespace (or the text start) before the token */
    uint8_t newline_before; /* a line break before the token */
    uint8_t upper;          /* the first character is an ASCII capital */
    uint8_t sentence_start; /* first token of a sentence or paragraph */
} date_token;

typedef struct date_tokens {
    date_token *v;
    size_t n;
} date_tokens;

/*
 * Tokenizes text[0, len) and marks sentence starts. On success out->v is a
 * malloc'd array the caller frees with date_tokens_free(); returns 0. Returns
 * -1 with a reason in err when out of memory or the text is over 2 GiB.
 */
int date_tokenize(const char *text, size_t len, date_tokens *out, char *err, size_t errlen);
void date_tokens_free(date_tokens *tokens);

/* 1 when token i is the punctuation character cp. */
static inline int date_tok_is_punct(const date_tokens *t, size_t i, uint32_t cp)
{
    return i < t->n && t->v[i].kind == DATE_TOK_PUNCT && t->v[i].punct == cp;
}

/* 1 when token i is a hyphen or an en dash. */
static inline int date_tok_is_dash(const date_tokens *t, size_t i)
{
    return date_tok_is_punct(t, i, '-') || date_tok_is_punct(t, i, 0x2013);
}

/* 1 when token i is a word whose lowercase form is the ASCII word w. */
int date_tok_is_word(const char *text, const date_tokens *t, size_t i, const char *w);

/* Looks up the lowercase form of word[0, len) in the lexicon: its class (DL_NONE when
   absent), *value and *plural. */
date_lex_class date_lexicon_lookup(const char *word, size_t len, int32_t *value, uint8_t *plural);

/* 1 when the lexicon is sorted and its first-letter filter matches it, as
   date_lexicon_lookup() relies on. */
int date_lexicon_is_sorted(void);

#endif
