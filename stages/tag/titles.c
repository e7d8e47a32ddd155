/*
 * The title patterns of titles.h. Both are built from kb->titles, longest
 * title first so that "Chief Cabinet Secretary" wins over "Secretary":
 *
 *   TITLE NAME           (?i:titles) then 1-5 capitalized name words
 *   NAME, [the] TITLE    2-5 name words, a comma, a lower-case title
 *
 * A name word is a capitalized word, an initial ("J."), a hyphenated part
 * ("Jae-in") or a particle inside a name ("bin", "al", "de", "van").
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "titles.h"

#define NAME_WORD                                                                                  \
    "(?:\\p{Lu}\\.|\\p{Lu}[\\p{L}\\p{M}]*(?:['\\x{2019}]\\p{Lu}[\\p{L}\\p{M}]*)?"                  \
    "(?:-\\p{L}[\\p{L}\\p{M}]*)*)"
#define PARTICLE  "(?:bin|ibn|al|el|de|da|di|dos|du|van|von|der|den|del|la|le)"
#define NAME_TAIL "(?:\\h+(?:" PARTICLE "\\h+)?" NAME_WORD ")"

static int by_length_desc(const void *a, const void *b)
{
    const tag_title *x = a, *y = b;
    size_t lx = strlen(x->title), ly = strlen(y->title);
    return lx < ly ? 1 : lx > ly ? -1 : strcmp(x->title, y->title);
}

/* Appends the titles as an alternation, spaces matching any horizontal space. */
static int append_titles(const tag_kb *kb, char *out, size_t cap, size_t *len)
{
    for (size_t i = 0; i < kb->n_titles; i++) {
        if (i > 0 && *len + 1 < cap)
            out[(*len)++] = '|';
        for (const char *p = kb->titles[i].title; *p; p++) {
            const char *piece = *p == ' ' ? "\\h+" : *p == '.' ? "\\." : *p == '-' ? "\\-" : NULL;
            char one[2] = {*p, '\0'};
            if (!piece)
                piece = one;
            size_t n = strlen(piece);
            if (*len + n + 1 >= cap)
                return -1;
            memcpy(out + *len, piece, n);
            *len += n;
        }
    }
    out[*len] = '\0';
    return 0;
}

static pcre2_code *compile(const char *pattern, char *err, size_t errlen)
{
    int code;
    PCRE2_SIZE offset;
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
                                   PCRE2_UTF | PCRE2_UCP, &code, &offset, NULL);
    if (!re) {
        PCRE2_UCHAR msg[160];
        pcre2_get_error_message(code, msg, sizeof msg);
        snprintf(err, errlen, "titles.tsv: title pattern does not compile at %zu: %s",
                 (size_t)offset, (const char *)msg);
        return NULL;
    }
    /* JIT is an optimization: without it (no JIT support) the interpreter runs */
    pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
    return re;
}

int tag_titles_compile(tag_kb *kb, char *err, size_t errlen)
{
    if (kb->n_titles == 0) {
        snprintf(err, errlen, "titles.tsv: no titles");
        return -1;
    }
    qsort(kb->titles, kb->n_titles, sizeof *kb->titles, by_length_desc);
    size_t cap = 256;
    for (size_t i = 0; i < kb->n_titles; i++)
        cap += strlen(kb->titles[i].title) * 3 + 1;
    size_t alt_cap = cap;
    char *alt = malloc(alt_cap);
    char *pattern = malloc(cap + 512);
    int rc = -1;
    size_t alt_len = 0;
    if (!alt || !pattern) {
        snprintf(err, errlen, "out of memory compiling titles");
        goto out_free;
    }
    if (append_titles(kb, alt, alt_cap, &alt_len) != 0) {
        snprintf(err, errlen, "titles.tsv: titles too long");
        goto out_free;
    }
    snprintf(pattern, cap + 512,
             "(?<![\\p{L}\\p{N}\\-])((?i:%s))\\h+(" NAME_WORD NAME_TAIL "{0,4})", alt);
    kb->title_re = compile(pattern, err, errlen);
    if (!kb->title_re)
        goto out_free;
    snprintf(pattern, cap + 512,
             "(?<![\\p{L}\\p{N}])(" NAME_WORD NAME_TAIL "{1,4}),\\h+(?:(?:the|a|an)\\h+)?"
             "(?:\\p{Ll}+\\h+){0,2}?((?i:%s))(?![\\p{L}\\p{N}])",
             alt);
    kb->appositive_re = compile(pattern, err, errlen);
    if (!kb->appositive_re)
        goto out_free;
    rc = 0;

out_free:
    free(alt);
    free(pattern);
    return rc;
}

static int push_hit(tag_title_hit **hits, size_t *n, size_t *cap, const tag_title_hit *hit)
{
    if (*n == *cap) {
        size_t next = *cap ? *cap * 2 : 16;
        tag_title_hit *grown = realloc(*hits, next * sizeof *grown);
        if (!grown)
            return -1;
        *hits = grown;
        *cap = next;
    }
    (*hits)[(*n)++] = *hit;
    return 0;
}

/* Which title of kb->titles the text span spells (case-insensitively). */
static uint32_t title_index(const tag_kb *kb, const char *text, size_t start, size_t end)
{
    for (size_t i = 0; i < kb->n_titles; i++) {
        const char *t = kb->titles[i].title;
        size_t k = 0, p = start;
        while (t[k] && p < end) {
            if (t[k] == ' ') {
                if (text[p] != ' ' && text[p] != '\t')
                    break;
                while (p < end && (text[p] == ' ' || text[p] == '\t'))
                    p++;
                k++;
                continue;
            }
            if ((text[p] | 0x20) != (t[k] | 0x20))
                break;
            p++;
            k++;
        }
        if (!t[k] && p == end)
            return (uint32_t)i;
    }
    return 0;
}

/* Runs re over text; title and name are capture groups title_group, name_group. */
static int run(const tag_kb *kb, const pcre2_code *re, const char *text, size_t len,
               int title_group, int name_group, tag_title_hit **hits, size_t *n, size_t *cap,
               char *err, size_t errlen)
{
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
    if (!md) {
        snprintf(err, errlen, "out of memory matching titles");
        return -1;
    }
    int rc = 0;
    size_t at = 0;
    while (at <= len) {
        int m = pcre2_match(re, (PCRE2_SPTR)text, len, at, 0, md, NULL);
        if (m == PCRE2_ERROR_NOMATCH ||
            (m < 0 && m >= PCRE2_ERROR_UTF8_ERR21 && m <= PCRE2_ERROR_UTF8_ERR1))
            break; /* invalid UTF-8: no titles, the rest of the tagger still runs */
        if (m < 0) {
            PCRE2_UCHAR msg[160];
            pcre2_get_error_message(m, msg, sizeof msg);
            snprintf(err, errlen, "title pattern: %s", (const char *)msg);
            rc = -1;
            break;
        }
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
        tag_title_hit hit = {
            .title_start = (uint32_t)ov[2 * title_group],
            .title_end = (uint32_t)ov[2 * title_group + 1],
            .name_start = (uint32_t)ov[2 * name_group],
            .name_end = (uint32_t)ov[2 * name_group + 1],
        };
        hit.title = title_index(kb, text, hit.title_start, hit.title_end);
        if (push_hit(hits, n, cap, &hit) != 0) {
            snprintf(err, errlen, "out of memory matching titles");
            rc = -1;
            break;
        }
        at = ov[1] > at ? ov[1] : at + 1;
    }
    pcre2_match_data_free(md);
    return rc;
}

static int by_name_start(const void *a, const void *b)
{
    const tag_title_hit *x = a, *y = b;
    return x->name_start < y->name_start ? -1 : x->name_start > y->name_start;
}

int tag_titles_find(const tag_kb *kb, const char *text, size_t len, tag_title_hit **hits,
                    size_t *n_hits, char *err, size_t errlen)
{
    size_t n = 0, cap = 0;
    *hits = NULL;
    *n_hits = 0;
    if (run(kb, kb->title_re, text, len, 1, 2, hits, &n, &cap, err, errlen) != 0 ||
        run(kb, kb->appositive_re, text, len, 2, 1, hits, &n, &cap, err, errlen) != 0) {
        free(*hits);
        *hits = NULL;
        return -1;
    }
    if (n > 1)
        qsort(*hits, n, sizeof **hits, by_name_start);
    *n_hits = n;
    return 0;
}
