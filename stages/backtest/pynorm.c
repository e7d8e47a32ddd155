/*
 * Python-compatible text keys for the scorer (see pynorm.h).
 *
 * Each key is built on an array of code points, one step of score.py at a
 * time, so that the order of the steps (which matters: case folding can
 * create characters that a later step removes) is the same as in Python.
 */
#include "pynorm.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* A growable array of code points. */
typedef struct cps {
    int32_t *v;
    size_t n;
    size_t cap;
} cps;

static int cps_push(cps *a, int32_t cp)
{
    if (a->n == a->cap) {
        size_t cap = a->cap ? a->cap * 2 : 64;
        int32_t *v = realloc(a->v, cap * sizeof(*v));
        if (!v)
            return -1;
        a->v = v;
        a->cap = cap;
    }
    a->v[a->n++] = cp;
    return 0;
}

/* Decodes UTF-8 text into code points; -1 on invalid UTF-8 or no memory. */
static int cps_decode(cps *a, const uint8_t *s, size_t len)
{
    size_t at = 0;
    while (at < len) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t used = utf8proc_iterate(s + at, (utf8proc_ssize_t)(len - at), &cp);
        if (used <= 0 || cps_push(a, cp) < 0)
            return -1;
        at += (size_t)used;
    }
    return 0;
}

/* Encodes code points as a NUL-terminated UTF-8 string, or NULL. */
static char *cps_encode(const cps *a)
{
    char *out = malloc(a->n * 4 + 1);
    if (!out)
        return NULL;
    size_t len = 0;
    for (size_t i = 0; i < a->n; i++)
        len += (size_t)utf8proc_encode_char(a->v[i], (utf8proc_uint8_t *)out + len);
    out[len] = '\0';
    return out;
}

/* Unicode-normalizes s (options: utf8proc flags) and decodes the result. */
static int cps_normalized(cps *a, const char *s, utf8proc_option_t options)
{
    utf8proc_uint8_t *mapped = NULL;
    utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)strlen(s),
                                      &mapped, UTF8PROC_STABLE | options);
    if (n < 0)
        return -1;
    int rc = cps_decode(a, mapped, (size_t)n);
    free(mapped);
    return rc;
}

int pynorm_is_space(int32_t cp)
{
    if ((cp >= 0x09 && cp <= 0x0d) || (cp >= 0x1c && cp <= 0x20))
        return 1;
    if (cp == 0x85 || cp == 0xa0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200a))
        return 1;
    return cp == 0x2028 || cp == 0x2029 || cp == 0x202f || cp == 0x205f || cp == 0x3000;
}

int pynorm_is_word(int32_t cp)
{
    if (cp == '_')
        return 1;
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO:
        return 1;
    default:
        return 0;
    }
}

static int32_t straight_quote(int32_t cp)
{
    return cp == 0x2019 || cp == 0x2018 ? '\'' : cp;
}

/* str.casefold(): full case folding of every code point, into out. */
static int cps_casefold(const cps *in, cps *out)
{
    for (size_t i = 0; i < in->n; i++) {
        utf8proc_int32_t folded[8];
        int boundclass = 0;
        utf8proc_ssize_t n =
            utf8proc_decompose_char(in->v[i], folded, 8, UTF8PROC_CASEFOLD, &boundclass);
        if (n < 0 || n > 8)
            return -1;
        for (utf8proc_ssize_t k = 0; k < n; k++)
            if (cps_push(out, folded[k]) < 0)
                return -1;
    }
    return 0;
}

/* re.sub(r"\s+", " ", s), then .strip() when strip is set, in place. */
static void cps_squeeze_spaces(cps *a, int strip)
{
    size_t w = 0;
    int in_space_run = 0;
    for (size_t r = 0; r < a->n; r++) {
        int space = pynorm_is_space(a->v[r]);
        if (!space)
            a->v[w++] = a->v[r];
        else if (!in_space_run)
            a->v[w++] = ' ';
        in_space_run = space;
    }
    a->n = w;
    if (!strip)
        return;
    while (a->n && a->v[a->n - 1] == ' ')
        a->n--;
    size_t lead = 0;
    while (lead < a->n && a->v[lead] == ' ')
        lead++;
    if (lead == 0)
        return;
    memmove(a->v, a->v + lead, (a->n - lead) * sizeof(*a->v));
    a->n -= lead;
}

/* str.strip(): Python whitespace off both ends, in place. */
static void cps_strip(cps *a)
{
    while (a->n && pynorm_is_space(a->v[a->n - 1]))
        a->n--;
    size_t lead = 0;
    while (lead < a->n && pynorm_is_space(a->v[lead]))
        lead++;
    if (lead == 0)
        return;
    memmove(a->v, a->v + lead, (a->n - lead) * sizeof(*a->v));
    a->n -= lead;
}

/* re.sub(r"'s\b", "", s) then re.sub(r"[^\w\s]", "", s), in place. */
static void cps_drop_possessives_and_punctuation(cps *a)
{
    size_t w = 0;
    for (size_t r = 0; r < a->n; r++) {
        int possessive = a->v[r] == '\'' && r + 1 < a->n && a->v[r + 1] == 's' &&
                         (r + 2 == a->n || !pynorm_is_word(a->v[r + 2]));
        if (possessive) {
            r++;
            continue;
        }
        a->v[w++] = a->v[r];
    }
    a->n = w;
    w = 0;
    for (size_t r = 0; r < a->n; r++)
        if (pynorm_is_word(a->v[r]) || pynorm_is_space(a->v[r]))
            a->v[w++] = a->v[r];
    a->n = w;
}

char *pynorm_key(const char *s)
{
    cps decomposed = {0}, unmarked = {0}, folded = {0};
    char *out = NULL;
    if (!s)
        s = "";
    if (cps_normalized(&decomposed, s, UTF8PROC_COMPAT | UTF8PROC_DECOMPOSE) < 0)
        goto err_free;
    for (size_t i = 0; i < decomposed.n; i++) {
        if (utf8proc_get_property(decomposed.v[i])->combining_class != 0)
            continue;
        if (cps_push(&unmarked, straight_quote(decomposed.v[i])) < 0)
            goto err_free;
    }
    if (cps_casefold(&unmarked, &folded) < 0)
        goto err_free;
    cps_drop_possessives_and_punctuation(&folded);
    cps_squeeze_spaces(&folded, 1);
    out = cps_encode(&folded);
err_free:
    free(decomposed.v);
    free(unmarked.v);
    free(folded.v);
    return out;
}

char *pynorm_mention_key(const char *s)
{
    cps composed = {0}, folded = {0};
    char *out = NULL;
    if (!s)
        s = "";
    if (cps_normalized(&composed, s, UTF8PROC_COMPAT | UTF8PROC_COMPOSE) < 0)
        goto err_free;
    for (size_t i = 0; i < composed.n; i++)
        composed.v[i] = straight_quote(composed.v[i]);
    cps_strip(&composed);
    if (composed.n >= 2 && composed.v[composed.n - 2] == '\'' && composed.v[composed.n - 1] == 's')
        composed.n -= 2;
    cps_squeeze_spaces(&composed, 0);
    if (cps_casefold(&composed, &folded) < 0)
        goto err_free;
    out = cps_encode(&folded);
err_free:
    free(composed.v);
    free(folded.v);
    return out;
}

/* Python's slice index rules: negative counts from the end, then clamp. */
static size_t slice_index(int has, int64_t index, size_t len, size_t absent)
{
    if (!has)
        return absent;
    if (index < 0)
        index += (int64_t)len;
    if (index < 0)
        return 0;
    return (uint64_t)index > len ? len : (size_t)index;
}

char *pynorm_slice_utf8(const char *text, int has_start, int64_t start, int has_end, int64_t end)
{
    size_t len = strlen(text);
    size_t from = slice_index(has_start, start, len, 0);
    size_t to = slice_index(has_end, end, len, len);
    if (to < from)
        to = from;
    const uint8_t *bytes = (const uint8_t *)text + from;
    size_t n = to - from;
    for (size_t at = 0; at < n;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t used = utf8proc_iterate(bytes + at, (utf8proc_ssize_t)(n - at), &cp);
        if (used <= 0)
            return NULL;
        at += (size_t)used;
    }
    char *out = malloc(n + 1);
    if (!out)
        return NULL;
    memcpy(out, bytes, n);
    out[n] = '\0';
    return out;
}
