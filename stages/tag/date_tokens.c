/*
 * The date scanner's tokenizer and sentence splitter (see date_tokens.h).
 *
 * Sentences end at ".", "!" or "?" (after any closing quotes or brackets)
 * followed by a space and a capital, a digit or an opening quote, unless the
 * period ends an abbreviation ("Nov.", "Mr.", "U.S.", an initial); a line
 * break always starts a new sentence.
 */
#include "date_tokens.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Decodes one UTF-8 sequence at s (at most n bytes); returns its length and
   stores the code point, or returns 0 for an invalid sequence. */
static size_t decode_utf8(const unsigned char *s, size_t n, uint32_t *cp)
{
    if (s[0] < 0x80) {
        *cp = s[0];
        return 1;
    }
    size_t len = s[0] >= 0xF0 ? 4 : s[0] >= 0xE0 ? 3 : s[0] >= 0xC2 ? 2 : 0;
    if (len == 0 || len > n || s[0] > 0xF4)
        return 0;
    uint32_t v = s[0] & (0x7F >> len);
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        v = (v << 6) | (s[i] & 0x3F);
    }
    if ((len == 3 && v < 0x800) || (len == 4 && (v < 0x10000 || v > 0x10FFFF)) ||
        (v >= 0xD800 && v <= 0xDFFF))
        return 0;
    *cp = v;
    return len;
}

static int is_space_cp(uint32_t cp)
{
    return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' || cp == '\v' ||
           cp == 0xA0 || (cp >= 0x2000 && cp <= 0x200B) || cp == 0x202F || cp == 0x3000;
}

/* Non-ASCII code points that are punctuation, not letters. */
static int is_punct_cp(uint32_t cp)
{
    if (cp < 0x80)
        return !((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9'));
    return (cp >= 0x2010 && cp <= 0x205E) || (cp >= 0xA1 && cp <= 0xBF) || cp == 0xD7 ||
           cp == 0xF7 || (cp >= 0x3000 && cp <= 0x303F) || cp == 0xFEFF;
}

static int is_ascii_alnum(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static int push_token(date_tokens *t, size_t *cap, const date_token *tok)
{
    if (t->n == *cap) {
        size_t grown_cap = *cap ? *cap * 2 : 256;
        date_token *grown = realloc(t->v, grown_cap * sizeof *grown);
        if (!grown)
            return -1;
        t->v = grown;
        *cap = grown_cap;
    }
    t->v[t->n++] = *tok;
    return 0;
}

/* Fills tok for the word or number starting at text[pos]; returns its end. */
static size_t scan_word(const char *text, size_t len, size_t pos, date_token *tok)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t end = pos;
    if (s[pos] >= '0' && s[pos] <= '9') {
        int64_t v = 0;
        while (end < len && s[end] >= '0' && s[end] <= '9') {
            if (v < 100000000)
                v = v * 10 + (s[end] - '0');
            end++;
        }
        tok->kind = DATE_TOK_NUMBER;
        tok->value = (int32_t)v;
        tok->digits = (uint8_t)(end - pos > 255 ? 255 : end - pos);
        return end;
    }
    int ascii = 1;
    while (end < len && ((s[end] | 0x20) >= 'a' && (s[end] | 0x20) <= 'z'))
        end++; /* the ASCII letters of the word, without decoding */
    while (end < len) {
        uint32_t cp;
        size_t n = decode_utf8(s + end, len - end, &cp);
        if (n == 0 || is_space_cp(cp) || is_punct_cp(cp) || (cp >= '0' && cp <= '9'))
            break;
        ascii &= cp < 0x80;
        end += n;
    }
    tok->kind = DATE_TOK_WORD;
    tok->upper = s[pos] >= 'A' && s[pos] <= 'Z';
    if (ascii)
        tok->lex = (uint8_t)date_lexicon_lookup(text + pos, end - pos, &tok->value, &tok->plural);
    return end;
}

/* Words whose period does not end a sentence. */
static int is_abbreviation(const char *text, const date_token *word)
{
    static const char *const abbreviations[] = {
        "mr",  "mrs", "ms",   "dr",   "st",  "gen",  "sen",  "rep",  "gov",    "lt",  "col", "capt",
        "sgt", "jr",  "sr",   "prof", "no",  "vs",   "inc",  "corp", "co",     "ltd", "mt",  "ft",
        "jan", "feb", "mar",  "apr",  "jun", "jul",  "aug",  "sep",  "sept",   "oct", "nov", "dec",
        "adm", "maj", "cmdr", "rev",  "hon", "pres", "dept", "est",  "approx", "etc"};
    size_t len = (size_t)(word->end - word->start);
    if (word->kind != DATE_TOK_WORD)
        return 0;
    if (len == 1)
        return 1; /* an initial or part of "U.S." */
    for (size_t i = 0; i < sizeof abbreviations / sizeof abbreviations[0]; i++)
        if (strlen(abbreviations[i]) == len &&
            strncasecmp(abbreviations[i], text + word->start, len) == 0)
            return 1;
    return 0;
}

static int is_closing_cp(uint32_t cp)
{
    return cp == '"' || cp == '\'' || cp == ')' || cp == ']' || cp == 0x201D || cp == 0x2019;
}

static int is_opening_cp(uint32_t cp)
{
    return cp == '"' || cp == '\'' || cp == '(' || cp == 0x201C || cp == 0x2018;
}

static void mark_sentences(const char *text, date_tokens *t)
{
    for (size_t i = 0; i < t->n; i++) {
        date_token *tok = &t->v[i];
        if (i == 0 || tok->newline_before)
            tok->sentence_start = 1;
        if (tok->kind != DATE_TOK_PUNCT ||
            (tok->punct != '.' && tok->punct != '!' && tok->punct != '?'))
            continue;
        if (tok->punct == '.' && i > 0 && !tok->space_before && is_abbreviation(text, &t->v[i - 1]))
            continue;
        size_t next = i + 1;
        while (next < t->n && t->v[next].kind == DATE_TOK_PUNCT && !t->v[next].space_before &&
               is_closing_cp(t->v[next].punct))
            next++;
        if (next >= t->n || !t->v[next].space_before)
            continue;
        const date_token *first = &t->v[next];
        if (first->upper || first->kind == DATE_TOK_NUMBER ||
            (first->kind == DATE_TOK_PUNCT && is_opening_cp(first->punct)))
            t->v[next].sentence_start = 1;
    }
}

int date_tokenize(const char *text, size_t len, date_tokens *out, char *err, size_t errlen)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t cap = 0, pos = 0;
    int space = 1, newline = 1;
    out->v = NULL;
    out->n = 0;
    if (len > INT32_MAX) {
        snprintf(err, errlen, "story text is %zu bytes, more than the 2 GiB the tagger reads", len);
        return -1;
    }
    while (pos < len) {
        if (s[pos] == ' ') {
            space = 1;
            pos++;
            continue;
        }
        uint32_t cp;
        size_t n = decode_utf8(s + pos, len - pos, &cp);
        if (n > 0 && is_space_cp(cp)) {
            space = 1;
            newline |= cp == '\n' || cp == '\r';
            pos += n;
            continue;
        }
        date_token tok = {0};
        tok.start = (int32_t)pos;
        tok.space_before = (uint8_t)space;
        tok.newline_before = (uint8_t)newline;
        if (n == 0 || (is_punct_cp(cp) && !is_ascii_alnum(s[pos]))) {
            tok.kind = DATE_TOK_PUNCT;
            tok.punct = n == 0 ? 0xFFFD : cp;
            pos += n == 0 ? 1 : n;
        } else {
            pos = scan_word(text, len, pos, &tok);
        }
        tok.end = (int32_t)pos;
        if (push_token(out, &cap, &tok) != 0) {
            date_tokens_free(out);
            snprintf(err, errlen, "out of memory tokenizing a %zu-byte story", len);
            return -1;
        }
        space = newline = 0;
    }
    mark_sentences(text, out);
    return 0;
}

void date_tokens_free(date_tokens *tokens)
{
    free(tokens->v);
    tokens->v = NULL;
    tokens->n = 0;
}

int date_tok_is_word(const char *text, const date_tokens *t, size_t i, const char *w)
{
    if (i >= t->n || t->v[i].kind != DATE_TOK_WORD)
        return 0;
    size_t len = (size_t)(t->v[i].end - t->v[i].start);
    if ((text[t->v[i].start] | 0x20) != (w[0] | 0x20))
        return 0; /* the common case, decided without a call */
    return strlen(w) == len && strncasecmp(text + t->v[i].start, w, len) == 0;
}
