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
#include <string.h>

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
    DL_SEASON,  /* spring 1, summer 2, autumn/fall 3, winter 4 */
    DL_ORDWORD, /* first 1 .. fourth 4: "the first quarter" */
    DL_PERIOD,  /* quarter 'Q', half 'H', and "Q" of "Q3" ('q') */
    DL_FISCAL,  /* fiscal, FY */
} date_lex_class;

/*
 * Word classes: the word lists of the tense, trigger and event rules, as bits
 * of one mask looked up once per token, so a rule asks "is this a past verb?"
 * with one AND instead of comparing strings. date_lexicon.c holds the lists.
 */
enum {
    WC_FUTURE = 1u << 0,            /* will, plans, scheduled ... */
    WC_FUTURE_BEFORE_TO = 1u << 1,  /* agreed, set, going ... when "to" follows */
    WC_PAST = 1u << 2,              /* said, met, held ... (irregular or adverbial) */
    WC_NOT_PAST_ED = 1u << 3,       /* need, hundred, united: -ed but not a past verb */
    WC_DETERMINER = 1u << 4,        /* the, a, its ... before an adjectival participle */
    WC_EVENT_FATE = 1u << 5,        /* cancelled, postponed ...: not a tense cue */
    WC_PASSIVE_AUX = 1u << 6,       /* is, are, be, been ... */
    WC_CLAUSE = 1u << 7,            /* before, after, which ...: a clause starts */
    WC_ABBREVIATION = 1u << 8,      /* mr, gen, nov ...: their period ends no sentence */
    WC_RANGE_FOLLOWER = 1u << 9,    /* may follow the second day of "Nov. 19 and 20" */
    WC_TRIGGER = 1u << 10,          /* an event trigger word (kind in `trigger`) */
    WC_CALL_WORD = 1u << 11,        /* phone, telephone, video, call(s): may start a call */
    WC_NEGATION = 1u << 12,         /* not, never */
    WC_DEFINITE = 1u << 13,         /* the, that, their ...: a definite event noun */
    WC_DEFINITE_STOP = 1u << 14,    /* to, of, and ...: ends the search for a determiner */
    WC_TRIGGER_VERB = 1u << 15,     /* a trigger that is a verb, never definite */
    WC_LINK_BOUNDARY = 1u << 16,    /* who, where, but ...: dates do not link across */
    WC_HOST_VERB = 1u << 17,        /* host, hosts, hosted, hosting */
    WC_SPLITTER = 1u << 18,         /* but, while, whereas: another part of the sentence */
    WC_PLURAL_PRONOUN = 1u << 19,   /* they, their, them */
    WC_NOT_PERSONS = 1u << 20,      /* countries, sides ...: "the two" of no persons */
    WC_SINGULAR_PRONOUN = 1u << 21, /* he, his, him, she, her */
    WC_CANCEL = 1u << 22,           /* cancelled, scrapped ... */
    WC_POSTPONE = 1u << 23,         /* postponed, delayed ... */
    WC_PROPOSE = 1u << 24,          /* proposed, offered, invited ... */
    WC_ACCEPT = 1u << 25,           /* agreed, accepted ... */
    WC_ED = 1u << 26,               /* a word of 5 to 23 bytes ending in -ed (set by the scanner) */
    WC_LOCATION_CUE = 1u << 27,     /* in, at, to, near: a place follows */
    WC_STATUS_VERB = 1u << 28,      /* called, put, pushed: "called off", "put off" ... */
    WC_PLURAL_COUNT = 1u << 29,     /* two, both: "the two leaders", "both men" */
    WC_PRESENT_PLAN = 1u << 30,     /* hosts, meets, leaves ...: a present verb of a schedule */
};

/* What an event trigger word names (the `trigger` field of a token, 0 for none). */
typedef enum date_trigger_class {
    DT_NONE = 0,
    DT_MEETING,  /* meet, talks, meeting ... */
    DT_SUMMIT,   /* summit, summits */
    DT_CALL,     /* teleconference, phoned ... */
    DT_VISIT,    /* visit, visited ... */
    DT_VISIT_TO, /* trip, travel, fly: a visit only before "to" */
    DT_HOST,     /* host(ed) a person */
    DT_RECEIVE,  /* welcome(d), receive(d): a meeting only when a person is named next */
    DT_SIT,      /* sit, sat: a meeting only in "sit down with" */
} date_trigger_class;

typedef struct date_token {
    int32_t start; /* byte span in the text, end exclusive */
    int32_t end;
    int32_t value;          /* number value (capped), or the lexicon value */
    uint32_t punct;         /* code point of a punctuation token */
    uint32_t classes;       /* WC_* bits of a word */
    uint8_t kind;           /* date_tok_kind */
    uint8_t lex;            /* date_lex_class of a word */
    uint8_t trigger;        /* date_trigger_class of a word */
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

/* 1 when token i is the ASCII word w, ignoring case (inline: the length test
   on a literal decides most calls without a comparison). */
static inline int date_tok_is_word(const char *text, const date_tokens *t, size_t i, const char *w)
{
    if (i >= t->n || t->v[i].kind != DATE_TOK_WORD)
        return 0;
    size_t len = (size_t)(t->v[i].end - t->v[i].start);
    if (len != strlen(w))
        return 0;
    for (size_t k = 0; k < len; k++)
        if ((text[t->v[i].start + k] | 0x20) != (w[k] | 0x20))
            return 0;
    return 1;
}

/* 1 when token i is a word with any of the WC_* bits of mask. */
static inline int date_tok_has(const date_tokens *t, size_t i, uint32_t mask)
{
    return i < t->n && (t->v[i].classes & mask) != 0;
}

/* The lexicon entry of a lowercase ASCII word packed by date_word_key(). */
typedef struct date_word_info {
    uint8_t lex;     /* date_lex_class */
    uint8_t plural;  /* a DL_UNIT in the plural */
    uint8_t trigger; /* date_trigger_class */
    int16_t value;   /* the lexicon value */
    uint32_t classes;
} date_word_info;

/* Longest word the lexicon holds: keys are two 64-bit words of lowercase ASCII. */
#define DATE_WORD_MAX 16

/* Builds the lexicon's hash table once (thread-safe); date_lexicon_find() needs it. */
void date_lexicon_ready(void);

/*
 * Looks up the word packed in key (bytes of the lowercase word, little-endian,
 * zero-padded; len 1..DATE_WORD_MAX) after date_lexicon_ready(). Returns its
 * entry, or NULL when the word is in no list. The table is read-only.
 */
const date_word_info *date_lexicon_find(const uint64_t key[2], size_t len);

/* Looks up the lowercase form of word[0, len) in the lexicon: its class (DL_NONE when
   absent), *value and *plural. */
date_lex_class date_lexicon_lookup(const char *word, size_t len, int32_t *value, uint8_t *plural);

/* The WC_* bits of the lowercase form of word[0, len) (0 for none). */
uint32_t date_lexicon_classes(const char *word, size_t len);

/* 1 when every word of every list is found again with its classes, as the
   scanner relies on (for the unit tests). */
int date_lexicon_is_consistent(void);

#endif
