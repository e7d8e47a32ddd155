/*
 * The tokenizer of tokens.h. Most wire copy is ASCII, so ASCII bytes take a
 * fast path: a 128-entry class table says letter, upper-case letter, space or
 * punctuation, and letters fold by arithmetic. Only bytes >= 0x80 are decoded
 * (utf8proc) and folded through utf8proc's decomposition with marks stripped.
 * The folded-form buffer is reserved up front at twice the remaining input
 * (an ASCII byte folds to at most one byte plus a token's NUL), so the fast
 * path writes without checks; tokenizing is one pass with no per-token
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

/* ASCII classes, so the common case costs one table look-up a byte. */
enum { CL_SPACE = 1, CL_ALNUM = 2, CL_UPPER = 4 };

static const uint8_t ASCII_CLASS[128] = {
    ['\t'] = CL_SPACE,
    ['\n'] = CL_SPACE,
    ['\v'] = CL_SPACE,
    ['\f'] = CL_SPACE,
    ['\r'] = CL_SPACE,
    [' '] = CL_SPACE,
    ['0'] = CL_ALNUM,
    ['1'] = CL_ALNUM,
    ['2'] = CL_ALNUM,
    ['3'] = CL_ALNUM,
    ['4'] = CL_ALNUM,
    ['5'] = CL_ALNUM,
    ['6'] = CL_ALNUM,
    ['7'] = CL_ALNUM,
    ['8'] = CL_ALNUM,
    ['9'] = CL_ALNUM,
    ['a'] = CL_ALNUM,
    ['b'] = CL_ALNUM,
    ['c'] = CL_ALNUM,
    ['d'] = CL_ALNUM,
    ['e'] = CL_ALNUM,
    ['f'] = CL_ALNUM,
    ['g'] = CL_ALNUM,
    ['h'] = CL_ALNUM,
    ['i'] = CL_ALNUM,
    ['j'] = CL_ALNUM,
    ['k'] = CL_ALNUM,
    ['l'] = CL_ALNUM,
    ['m'] = CL_ALNUM,
    ['n'] = CL_ALNUM,
    ['o'] = CL_ALNUM,
    ['p'] = CL_ALNUM,
    ['q'] = CL_ALNUM,
    ['r'] = CL_ALNUM,
    ['s'] = CL_ALNUM,
    ['t'] = CL_ALNUM,
    ['u'] = CL_ALNUM,
    ['v'] = CL_ALNUM,
    ['w'] = CL_ALNUM,
    ['x'] = CL_ALNUM,
    ['y'] = CL_ALNUM,
    ['z'] = CL_ALNUM,
    ['A'] = CL_ALNUM | CL_UPPER,
    ['B'] = CL_ALNUM | CL_UPPER,
    ['C'] = CL_ALNUM | CL_UPPER,
    ['D'] = CL_ALNUM | CL_UPPER,
    ['E'] = CL_ALNUM | CL_UPPER,
    ['F'] = CL_ALNUM | CL_UPPER,
    ['G'] = CL_ALNUM | CL_UPPER,
    ['H'] = CL_ALNUM | CL_UPPER,
    ['I'] = CL_ALNUM | CL_UPPER,
    ['J'] = CL_ALNUM | CL_UPPER,
    ['K'] = CL_ALNUM | CL_UPPER,
    ['L'] = CL_ALNUM | CL_UPPER,
    ['M'] = CL_ALNUM | CL_UPPER,
    ['N'] = CL_ALNUM | CL_UPPER,
    ['O'] = CL_ALNUM | CL_UPPER,
    ['P'] = CL_ALNUM | CL_UPPER,
    ['Q'] = CL_ALNUM | CL_UPPER,
    ['R'] = CL_ALNUM | CL_UPPER,
    ['S'] = CL_ALNUM | CL_UPPER,
    ['T'] = CL_ALNUM | CL_UPPER,
    ['U'] = CL_ALNUM | CL_UPPER,
    ['V'] = CL_ALNUM | CL_UPPER,
    ['W'] = CL_ALNUM | CL_UPPER,
    ['X'] = CL_ALNUM | CL_UPPER,
    ['Y'] = CL_ALNUM | CL_UPPER,
    ['Z'] = CL_ALNUM | CL_UPPER,
};

/*
 * Makes room for the folded forms of the rest of the input, text[at, len):
 * at most two bytes per input byte (a byte and a token's NUL) plus slack.
 * Only a non-ASCII letter can fold longer than its bytes, so it calls this
 * again. Returns 0, or -1 out of memory (t->oom set).
 */
static int reserve_fold(tag_tokens *t, size_t at, size_t len)
{
    size_t need = t->fold_len + 2 * (len - at) + 64;
    if (need <= t->fold_cap)
        return 0;
    size_t next = t->fold_cap ? t->fold_cap : 256;
    while (next < need)
        next *= 2;
    char *grown = realloc(t->fold, next);
    if (!grown) {
        t->oom = 1;
        return -1;
    }
    t->fold = grown;
    t->fold_cap = next;
    return 0;
}

/* Appends one folded byte; reserve_fold() made the room. */
static inline void fold_put(tag_tokens *t, char c)
{
    t->fold[t->fold_len++] = c;
}

/* Appends the folded form of one non-ASCII letter. Returns 0, or -1 out of memory. */
static int fold_letter_slow(tag_tokens *t, int32_t cp, size_t next, size_t len)
{
    utf8proc_int32_t parts[8];
    int boundclass = 0;
    utf8proc_ssize_t n = utf8proc_decompose_char(
        cp, parts, 8, UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK | UTF8PROC_CASEFOLD, &boundclass);
    if (n < 0 || n > 8) {
        parts[0] = cp;
        n = 1;
    }
    if (reserve_fold(t, next, len) != 0) /* the slack holds the 8 parts */
        return -1;
    for (utf8proc_ssize_t i = 0; i < n; i++)
        t->fold_len += (size_t)utf8proc_encode_char(parts[i], (uint8_t *)t->fold + t->fold_len);
    return 0;
}

/* A new token at start; NULL out of memory. */
static tag_token *push_token(tag_tokens *t, tag_tok_kind kind, size_t start)
{
    if (t->n == t->cap) {
        size_t next = t->cap ? t->cap * 2 : 256;
        tag_token *grown = realloc(t->v, next * sizeof *grown);
        if (!grown) {
            t->oom = 1;
            return NULL;
        }
        t->v = grown;
        t->cap = next;
    }
    tag_token *tok = &t->v[t->n++];
    *tok = (tag_token){
        .kind = (uint8_t)kind, .start = (uint32_t)start, .fold_off = (uint32_t)t->fold_len};
    return tok;
}

static void finish_token(tag_tokens *t, tag_token *tok, size_t end)
{
    tok->end = (uint32_t)end;
    tok->fold_len = (uint32_t)(t->fold_len - tok->fold_off);
    tok->hash = tag_hash(t->fold + tok->fold_off, tok->fold_len);
    fold_put(t, '\0');
}

/* Reads "U.S." style initials after a single letter at s[i-1]; returns the end. */
static size_t read_initials(const uint8_t *s, size_t len, size_t i, tag_tokens *t)
{
    while (i < len && s[i] == '.') {
        fold_put(t, '.');
        i++;
        bool letter_dot = i + 1 < len && s[i + 1] == '.' && s[i] < 0x80 &&
                          (ASCII_CLASS[s[i]] & CL_ALNUM) && !(s[i] >= '0' && s[i] <= '9');
        if (!letter_dot)
            break;
        fold_put(t, (char)(s[i] | 0x20));
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

/* An apostrophe inside a word ("won't", "O’Brien") at s[i] of n bytes? */
static bool inner_apostrophe(const uint8_t *s, size_t len, size_t i, size_t n)
{
    int32_t next;
    if (possessive_at(s, len, i) || i + n >= len)
        return false;
    decode_utf8(s + i + n, len - i - n, &next);
    return is_letter_cp(next);
}

/*
 * Reads one word starting at s[i]; returns its end, or SIZE_MAX out of memory.
 * ASCII letters and digits stay in the first branch; anything else is decoded.
 */
static size_t read_word(const uint8_t *s, size_t len, size_t i, tag_tokens *t, tag_token *tok)
{
    size_t letters = 0, uppers = 0;
    while (i < len) {
        /* a run of ASCII letters and digits: CL_UPPER << 3 is the 0x20 of lower case */
        size_t run = i;
        char *dst = t->fold + t->fold_len;
        uint8_t c;
        while (i < len && (c = s[i]) < 0x80 && (ASCII_CLASS[c] & CL_ALNUM)) {
            uint8_t upper = ASCII_CLASS[c] & CL_UPPER;
            uppers += upper >> 2;
            *dst++ = (char)(c | (upper << 3));
            i++;
        }
        if (i > run) {
            if (letters == 0)
                tok->capitalized = (ASCII_CLASS[s[run]] & CL_UPPER) != 0;
            letters += i - run;
            t->fold_len = (size_t)(dst - t->fold);
            if (i >= len)
                break;
        }
        c = s[i];
        int32_t cp;
        size_t n = decode_utf8(s + i, len - i, &cp);
        if (c >= 0x80 && is_letter_cp(cp)) {
            if (letters == 0)
                tok->capitalized = is_upper_cp(cp);
            letters++;
            uppers += is_upper_cp(cp);
            i += n;
            if (fold_letter_slow(t, cp, i, len) != 0)
                return SIZE_MAX;
            continue;
        }
        if (c == '.' && letters == 1 && s[i - 1] >= 'A' && s[i - 1] <= 'Z')
            return read_initials(s, len, i, t);
        if (is_apostrophe_cp(cp) && letters > 0 && inner_apostrophe(s, len, i, n)) {
            fold_put(t, '\'');
            i += n;
            continue;
        }
        break;
    }
    tok->all_caps = letters >= 2 && uppers == letters;
    return i;
}

/* Does punctuation folded to c end a sentence (1), leave the state as it was
   (quotes and brackets: -1), or not (0)? */
static int punct_ends_sentence(char c)
{
    if (c == '.' || c == '!' || c == '?' || c == ':')
        return 1;
    if (c == '"' || c == '\'' || c == '(' || c == ')')
        return -1;
    return 0;
}

int tag_tokenize(const char *text, size_t len, tag_tokens *out)
{
    const uint8_t *s = (const uint8_t *)text;
    out->n = 0;
    out->fold_len = 0;
    out->oom = 0;
    out->invalid_utf8 = 0;
    if (len > TAG_MAX_TEXT || reserve_fold(out, 0, len) != 0)
        return -1;
    bool new_paragraph = true;
    bool after_sentence_end = true; /* the tokens so far end a sentence */
    size_t i = 0;
    while (i < len) {
        uint8_t c = s[i];
        int32_t cp = c;
        size_t n = 1;
        if (c < 0x80 && (ASCII_CLASS[c] & CL_SPACE)) {
            new_paragraph |= c == '\n';
            i++;
            continue;
        }
        if (c >= 0x80) {
            n = decode_utf8(s + i, len - i, &cp);
            out->invalid_utf8 |= cp < 0;
            if (is_space_cp(cp)) {
                i += n;
                continue;
            }
        }
        const tag_token *prev = out->n > 0 ? &out->v[out->n - 1] : NULL;
        size_t possessive =
            prev && prev->kind == TAG_TOK_WORD && prev->end == i && (c == '\'' || c == 0xE2)
                ? possessive_at(s, len, i)
                : 0;
        bool word = !possessive && (c < 0x80 ? (ASCII_CLASS[c] & CL_ALNUM) : is_letter_cp(cp));
        tag_tok_kind kind = possessive ? TAG_TOK_POSS : word ? TAG_TOK_WORD : TAG_TOK_PUNCT;
        tag_token *tok = push_token(out, kind, i);
        if (!tok)
            return -1;
        if (kind == TAG_TOK_POSS) {
            fold_put(out, '\'');
            fold_put(out, 's');
            i += possessive;
            after_sentence_end = false;
        } else if (kind == TAG_TOK_WORD) {
            tok->sentence_start = new_paragraph || after_sentence_end;
            i = read_word(s, len, i, out, tok);
            if (i == SIZE_MAX)
                return -1;
            new_paragraph = false;
            after_sentence_end = false;
        } else {
            char folded = fold_punct(cp);
            fold_put(out, folded);
            i += n;
            int ends = punct_ends_sentence(folded);
            if (ends >= 0)
                after_sentence_end = ends;
        }
        finish_token(out, tok, i);
    }
    return 0;
}

void tag_tokens_free(tag_tokens *tokens)
{
    free(tokens->v);
    free(tokens->fold);
    memset(tokens, 0, sizeof *tokens);
}
