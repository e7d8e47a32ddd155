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

static int is_ascii_letter(unsigned char c)
{
    return (unsigned char)((c | 0x20) - 'a') < 26;
}

static int grow_tokens(date_tokens *t, size_t *cap)
{
    size_t grown_cap = *cap * 2;
    date_token *grown = realloc(t->v, grown_cap * sizeof *grown);
    if (!grown)
        return -1;
    t->v = grown;
    *cap = grown_cap;
    return 0;
}

/* Looks up a word's lexicon entry by its packed lowercase key and fills tok. */
static void classify_word(date_token *tok, const uint64_t key[2], size_t len)
{
    const date_word_info *info = date_lexicon_find(key, len);
    if (info) {
        tok->lex = info->lex;
        tok->value = info->value;
        tok->plural = info->plural;
        tok->trigger = info->trigger;
        tok->classes = info->classes;
    }
}

static size_t scan_number(const unsigned char *s, size_t len, size_t pos, date_token *tok)
{
    size_t end = pos;
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

#define BYTES(b) (0x0101010101010101u * (uint64_t)(b))

/* How many of the (at most 8) bytes at s[pos] are ASCII letters, and their
   lowercase forms packed into *key. Eight bytes are tested at once when the
   text has them: a word costs a few instructions, not a loop a letter. */
static inline size_t letter_run(const unsigned char *s, size_t len, size_t pos, uint64_t *key)
{
    size_t n = 0;
    if (pos + 8 <= len) {
        uint64_t word;
        memcpy(&word, s + pos, 8); /* little-endian: byte k is bits 8k..8k+7 */
        uint64_t lower = word | BYTES(0x20);
        uint64_t low7 = lower & BYTES(0x7F);
        /* high bit of each byte: 'a' <= byte <= 'z', and the byte is ASCII */
        uint64_t at_least_a = low7 + BYTES(0x80 - 'a');
        uint64_t at_most_z = BYTES(0x80 + 'z') - low7;
        uint64_t letters = at_least_a & at_most_z & ~word & BYTES(0x80);
        uint64_t stops = ~letters & BYTES(0x80);
        n = stops ? (size_t)__builtin_ctzll(stops) / 8 : 8;
        *key = n == 8 ? lower : lower & ((1ull << (8 * n)) - 1);
        return n;
    }
    *key = 0;
    while (pos + n < len && n < 8 && is_ascii_letter(s[pos + n])) {
        *key |= (uint64_t)(s[pos + n] | 0x20) << (8 * n);
        n++;
    }
    return n;
}

/* Fills tok for the word or number starting at text[pos]; returns its end. An
   ASCII word is packed into its lowercase key as it is scanned, so the lexicon
   look-up costs one hash. */
static size_t scan_word(const char *text, size_t len, size_t pos, date_token *tok)
{
    const unsigned char *s = (const unsigned char *)text;
    if (s[pos] >= '0' && s[pos] <= '9')
        return scan_number(s, len, pos, tok);
    uint64_t key[2] = {0, 0};
    size_t end = pos + letter_run(s, len, pos, &key[0]);
    if (end - pos == 8)
        end += letter_run(s, len, end, &key[1]);
    while (end < len && is_ascii_letter(s[end]))
        end++;
    int ascii = 1;
    while (end < len && s[end] >= 0x80) {
        uint32_t cp;
        size_t n = decode_utf8(s + end, len - end, &cp);
        if (n == 0 || is_space_cp(cp) || is_punct_cp(cp))
            break;
        ascii = 0;
        end += n;
        while (end < len && is_ascii_letter(s[end]))
            end++; /* more letters of a word with an accent */
    }
    tok->kind = DATE_TOK_WORD;
    tok->upper = s[pos] >= 'A' && s[pos] <= 'Z';
    size_t n = end - pos;
    if (ascii && n <= DATE_WORD_MAX)
        classify_word(tok, key, n);
    if (n >= 5 && n < 24 && (s[end - 2] | 0x20) == 'e' && (s[end - 1] | 0x20) == 'd')
        tok->classes |= WC_ED;
    return end;
}

/* Words whose period does not end a sentence: an initial or part of "U.S.", or
   a known abbreviation. */
static int is_abbreviation(const date_token *word)
{
    return word->kind == DATE_TOK_WORD &&
           (word->end - word->start == 1 || (word->classes & WC_ABBREVIATION));
}

static int is_closing_cp(uint32_t cp)
{
    return cp == '"' || cp == '\'' || cp == ')' || cp == ']' || cp == 0x201D || cp == 0x2019;
}

static int is_opening_cp(uint32_t cp)
{
    return cp == '"' || cp == '\'' || cp == '(' || cp == 0x201C || cp == 0x2018;
}

static void mark_sentences(date_tokens *t)
{
    for (size_t i = 0; i < t->n; i++) {
        date_token *tok = &t->v[i];
        if (i == 0 || tok->newline_before)
            tok->sentence_start = 1;
        if (tok->kind != DATE_TOK_PUNCT ||
            (tok->punct != '.' && tok->punct != '!' && tok->punct != '?'))
            continue;
        if (tok->punct == '.' && i > 0 && !tok->space_before && is_abbreviation(&t->v[i - 1]))
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
    size_t cap = len / 4 + 16, pos = 0; /* wire copy has about one token per 5 bytes */
    int space = 1, newline = 1;
    out->n = 0;
    out->v = NULL;
    if (len > INT32_MAX) {
        snprintf(err, errlen, "story text is %zu bytes, more than the 2 GiB the tagger reads", len);
        return -1;
    }
    date_lexicon_ready();
    out->v = malloc(cap * sizeof *out->v);
    if (!out->v)
        goto err_oom;
    while (pos < len) {
        unsigned char c = s[pos];
        if (c == ' ') { /* the common cases first: a space, then a word */
            space = 1;
            pos++;
            continue;
        }
        uint32_t cp = c;
        size_t n = 1;
        int is_word = is_ascii_alnum(c);
        if (!is_word && c >= 0x80)
            n = decode_utf8(s + pos, len - pos, &cp);
        if (!is_word && n > 0 && is_space_cp(cp)) {
            space = 1;
            newline |= cp == '\n' || cp == '\r';
            pos += n;
            continue;
        }
        if (out->n == cap && grow_tokens(out, &cap) != 0)
            goto err_oom;
        date_token *tok = &out->v[out->n++];
        *tok = (date_token){.start = (int32_t)pos,
                            .space_before = (uint8_t)space,
                            .newline_before = (uint8_t)newline};
        if (is_word || (n > 0 && c >= 0x80 && !is_punct_cp(cp))) {
            pos = scan_word(text, len, pos, tok);
        } else {
            tok->kind = DATE_TOK_PUNCT;
            tok->punct = n == 0 ? 0xFFFD : cp;
            pos += n == 0 ? 1 : n;
        }
        tok->end = (int32_t)pos;
        space = newline = 0;
    }
    mark_sentences(out);
    return 0;

err_oom:
    date_tokens_free(out);
    snprintf(err, errlen, "out of memory tokenizing a %zu-byte story", len);
    return -1;
}

void date_tokens_free(date_tokens *tokens)
{
    free(tokens->v);
    tokens->v = NULL;
    tokens->n = 0;
}
