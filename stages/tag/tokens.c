/*
 * The tokenizer of tokens.h. A small UTF-8 decoder classifies each code
 * point as a letter, a digit, space or punctuation; words are folded as they
 * are read (ASCII by table, other letters through utf8proc's decomposition
 * with marks stripped), so tokenizing is one pass with no per-token
 * allocation.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "tokens.h"

#define TAG_MAX_TEXT ((size_t)INT32_MAX)

uint32_t tag_hash(const char *bytes, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++) {
        h ^= (uint8_t)bytes[i];
        h *= 16777619u;
    }
    return h;
}

/* Decodes one code point at s[0, len); returns its length (1 for an invalid
   byte, with *cp = -1). */
static size_t decode_utf8(const uint8_t *s, size_t len, int32_t *cp)
{
    if (s[0] < 0x80) { /* ASCII: most of any English wire story */
        *cp = s[0];
        return 1;
    }
    utf8proc_int32_t out;
    utf8proc_ssize_t n = utf8proc_iterate(s, (utf8proc_ssize_t)len, &out);
    if (n <= 0) {
        *cp = -1;
        return 1;
    }
    *cp = out;
    return (size_t)n;
}

static bool is_space_cp(int32_t cp)
{
    return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' || cp == '\v' ||
           cp == 0xA0 || (cp >= 0x2000 && cp <= 0x200B) || cp == 0x202F || cp == 0x205F ||
           cp == 0x3000;
}

static bool is_letter_cp(int32_t cp)
{
    if (cp < 0x80)
        return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
    const utf8proc_property_t *p = utf8proc_get_property(cp);
    switch (p->category) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ND:
        return true;
    default:
        return false;
    }
}

static bool is_upper_cp(int32_t cp)
{
    if (cp < 0x80)
        return cp >= 'A' && cp <= 'Z';
    return utf8proc_get_property(cp)->category == UTF8PROC_CATEGORY_LU;
}

static bool is_apostrophe_cp(int32_t cp)
{
    return cp == '\'' || cp == 0x2019 || cp == 0x2018;
}

/* The ASCII character a punctuation code point folds to. */
static char fold_punct(int32_t cp)
{
    if (cp >= 0 && cp < 0x80)
        return (char)cp;
    if (cp == 0x2018 || cp == 0x2019 || cp == 0x201B || cp == 0x2032)
        return '\'';
    if (cp == 0x201C || cp == 0x201D || cp == 0x201E || cp == 0xAB || cp == 0xBB)
        return '"';
    if (cp >= 0x2010 && cp <= 0x2013)
        return '-';
    if (cp == 0x2014 || cp == 0x2015)
        return '_'; /* a dash between clauses, not a hyphen inside a name */
    if (cp == 0x2026)
        return '.';
    return '?';
}

static int grow(void **buf, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return 0;
    size_t next = *cap ? *cap : 64;
    while (next < need)
        next *= 2;
    void *grown = realloc(*buf, next * elem);
    if (!grown)
        return -1;
    *buf = grown;
    *cap = next;
    return 0;
}

static int fold_append(tag_tokens *t, const char *bytes, size_t n)
{
    if (grow((void **)&t->fold, &t->fold_cap, t->fold_len + n + 1, 1) != 0) {
        t->oom = 1;
        return -1;
    }
    memcpy(t->fold + t->fold_len, bytes, n);
    t->fold_len += n;
    return 0;
}

/* Appends the folded form of one letter or digit. */
static int fold_letter(tag_tokens *t, int32_t cp)
{
    char ascii;
    if (cp < 0x80) {
        ascii = (cp >= 'A' && cp <= 'Z') ? (char)(cp - 'A' + 'a') : (char)cp;
        return fold_append(t, &ascii, 1);
    }
    utf8proc_int32_t parts[8];
    int boundclass = 0;
    utf8proc_ssize_t n = utf8proc_decompose_char(
        cp, parts, 8, UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK | UTF8PROC_CASEFOLD, &boundclass);
    if (n < 0 || n > 8) {
        parts[0] = cp;
        n = 1;
    }
    for (utf8proc_ssize_t i = 0; i < n; i++) {
        uint8_t enc[4];
        utf8proc_ssize_t m = utf8proc_encode_char(parts[i], enc);
        if (fold_append(t, (const char *)enc, (size_t)m) != 0)
            return -1;
    }
    return 0;
}

static tag_token *push_token(tag_tokens *t, tag_tok_kind kind, size_t start)
{
    if (grow((void **)&t->v, &t->cap, t->n + 1, sizeof *t->v) != 0)
        return NULL;
    tag_token *tok = &t->v[t->n++];
    memset(tok, 0, sizeof *tok);
    tok->kind = (uint8_t)kind;
    tok->start = (uint32_t)start;
    tok->fold_off = (uint32_t)t->fold_len;
    return tok;
}

static int finish_token(tag_tokens *t, tag_token *tok, size_t end)
{
    tok->end = (uint32_t)end;
    tok->fold_len = (uint32_t)(t->fold_len - tok->fold_off);
    tok->hash = tag_hash(t->fold + tok->fold_off, tok->fold_len);
    if (fold_append(t, "", 0) != 0)
        return -1;
    t->fold[t->fold_len++] = '\0';
    return 0;
}

/* Reads "U.S." style initials after a single letter at s[i-1]; returns the end. */
static size_t read_initials(const uint8_t *s, size_t len, size_t i, tag_tokens *t)
{
    while (i < len && s[i] == '.') {
        fold_append(t, ".", 1);
        i++;
        bool letter_dot = i + 1 < len && s[i + 1] == '.' &&
                          ((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z'));
        if (!letter_dot)
            break;
        fold_letter(t, s[i]);
        i++;
    }
    return i;
}

/* Is there an apostrophe + "s" + non-letter at s[i]? Returns its byte length. */
static size_t possessive_at(const uint8_t *s, size_t len, size_t i)
{
    int32_t cp, next;
    size_t n = decode_utf8(s + i, len - i, &cp);
    if (!is_apostrophe_cp(cp) || i + n >= len || (s[i + n] != 's' && s[i + n] != 'S'))
        return 0;
    size_t after = i + n + 1;
    if (after < len) {
        decode_utf8(s + after, len - after, &next);
        if (is_letter_cp(next))
            return 0;
    }
    return n + 1;
}

/* Reads one word starting at s[i]; returns its end. */
static size_t read_word(const uint8_t *s, size_t len, size_t i, tag_tokens *t, tag_token *tok)
{
    size_t letters = 0, uppers = 0;
    int32_t cp;
    while (i < len) {
        size_t n = decode_utf8(s + i, len - i, &cp);
        if (is_letter_cp(cp)) {
            if (letters == 0)
                tok->capitalized = is_upper_cp(cp);
            letters++;
            uppers += is_upper_cp(cp);
            fold_letter(t, cp);
            i += n;
            continue;
        }
        if (cp == '.' && letters == 1 && (s[i - 1] & 0x80) == 0 && is_upper_cp(s[i - 1]))
            return read_initials(s, len, i, t);
        if (is_apostrophe_cp(cp) && letters > 0 && !possessive_at(s, len, i) && i + n < len) {
            int32_t next;
            decode_utf8(s + i + n, len - i - n, &next);
            if (is_letter_cp(next)) {
                fold_append(t, "'", 1);
                i += n;
                continue;
            }
        }
        break;
    }
    tok->all_caps = letters >= 2 && uppers == letters;
    return i;
}

static bool ends_sentence(const tag_tokens *t)
{
    for (size_t k = t->n; k-- > 0;) {
        const tag_token *prev = &t->v[k];
        const char *f = t->fold + prev->fold_off;
        if (prev->kind != TAG_TOK_PUNCT)
            return false;
        if (f[0] == '.' || f[0] == '!' || f[0] == '?' || f[0] == ':')
            return true;
        if (f[0] != '"' && f[0] != '\'' && f[0] != '(' && f[0] != ')')
            return false;
    }
    return true;
}

int tag_tokenize(const char *text, size_t len, tag_tokens *out)
{
    const uint8_t *s = (const uint8_t *)text;
    out->n = 0;
    out->fold_len = 0;
    out->oom = 0;
    if (len > TAG_MAX_TEXT)
        return -1;
    bool new_paragraph = true;
    size_t i = 0;
    while (i < len) {
        int32_t cp;
        size_t n = decode_utf8(s + i, len - i, &cp);
        if (is_space_cp(cp)) {
            if (cp == '\n')
                new_paragraph = true;
            i += n;
            continue;
        }
        size_t possessive =
            out->n > 0 && out->v[out->n - 1].kind == TAG_TOK_WORD && out->v[out->n - 1].end == i
                ? possessive_at(s, len, i)
                : 0;
        tag_tok_kind kind = possessive         ? TAG_TOK_POSS
                            : is_letter_cp(cp) ? TAG_TOK_WORD
                                               : TAG_TOK_PUNCT;
        bool starts = kind == TAG_TOK_WORD && (new_paragraph || ends_sentence(out));
        tag_token *tok = push_token(out, kind, i);
        if (!tok)
            return -1;
        tok->sentence_start = starts;
        if (kind == TAG_TOK_POSS) {
            fold_append(out, "'s", 2);
            i += possessive;
        } else if (kind == TAG_TOK_WORD) {
            i = read_word(s, len, i, out, tok);
            new_paragraph = false;
        } else {
            char c = fold_punct(cp);
            fold_append(out, &c, 1);
            i += n;
        }
        if (finish_token(out, tok, i) != 0)
            return -1;
    }
    return out->oom ? -1 : 0;
}

void tag_tokens_free(tag_tokens *tokens)
{
    free(tokens->v);
    free(tokens->fold);
    memset(tokens, 0, sizeof *tokens);
}
