/*
 * The title finder of titles.h. Both patterns are built from kb->titles,
 * longest title first so that "Chief Cabinet Secretary" wins over "Secretary":
 *
 *   TITLE NAME           (?i:titles), an optional comma, then 1-5 capitalized name words
 *   NAME, [the] TITLE    2-5 name words, a comma, a lower-case title ("Japan's" may precede it)
 *
 * A name word is a capitalized word, an initial ("J."), a hyphenated part
 * ("Jae-in") or up to two particles inside a name ("bin", "al-", "von der").
 *
 * Both are anchored: the tokens say where a title is (its folded tokens, in
 * the text's tokens), and a pattern runs only where a match can start. Each
 * title + name match starts at a title; each apposition starts at a capital
 * word of the run of name words before a comma that comes at most four
 * tokens (an article and two words) before a title. Trying those starts in
 * text order, skipping any inside the previous match, finds exactly the
 * matches an unanchored scan of the whole text would.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "titles.h"

#define NAME_WORD                                                                                  \
    "(?:\\p{Lu}\\.|\\p{Lu}[\\p{L}\\p{M}]*(?:['\\x{2019}]\\p{Lu}[\\p{L}\\p{M}]*)?"                  \
    "(?:-\\p{L}[\\p{L}\\p{M}]*)*)"
#define PARTICLE  "(?:bin|ibn|al|el|de|da|di|dos|du|van|von|der|den|del|la|le)"
#define NAME_TAIL "(?:\\h+(?:" PARTICLE "(?:\\h+|-)){0,2}" NAME_WORD ")"
/* "Japan's", "South Korea's", "the Philippines'" before an apposition's title */
#define COUNTRY_POSS "(?:the\\h+)?\\p{Lu}[\\p{L}.]*(?:\\h+\\p{Lu}[\\p{L}.]*)?['\\x{2019}]s?\\h+"

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
                                   PCRE2_UTF | PCRE2_UCP | PCRE2_ANCHORED, &code, &offset, NULL);
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

/* Tokenizes every title and marks its first token in kb->title_first. */
static int tokenize_titles(tag_kb *kb, char *err, size_t errlen)
{
    memset(kb->title_first, 0, sizeof kb->title_first);
    for (size_t i = 0; i < kb->n_titles; i++) {
        tag_tokens *t = &kb->titles[i].tokens;
        if (tag_tokenize(kb->titles[i].title, strlen(kb->titles[i].title), t) != 0) {
            snprintf(err, errlen, "out of memory compiling titles");
            return -1;
        }
        if (t->n == 0 || t->v[0].kind != TAG_TOK_WORD) {
            snprintf(err, errlen, "titles.tsv: title \"%s\" does not start with a word",
                     kb->titles[i].title);
            return -1;
        }
        uint32_t bit = t->v[0].hash & 4095;
        kb->title_first[bit / 64] |= UINT64_C(1) << (bit % 64);
    }
    return 0;
}

int tag_titles_compile(tag_kb *kb, char *err, size_t errlen)
{
    if (kb->n_titles == 0) {
        snprintf(err, errlen, "titles.tsv: no titles");
        return -1;
    }
    qsort(kb->titles, kb->n_titles, sizeof *kb->titles, by_length_desc);
    if (tokenize_titles(kb, err, errlen) != 0)
        return -1;
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
             "(?<![\\p{L}\\p{N}\\-])((?i:%s)),?\\h+(" NAME_WORD NAME_TAIL "{0,4})", alt);
    kb->title_re = compile(pattern, err, errlen);
    if (!kb->title_re)
        goto out_free;
    snprintf(pattern, cap + 512,
             "(?<![\\p{L}\\p{N}])(" NAME_WORD NAME_TAIL
             "{1,4}),\\h+(?:(?:the|a|an)\\h+|" COUNTRY_POSS ")?"
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

/* A sorted, growing list of byte offsets where a pattern may start. */
typedef struct starts {
    uint32_t *v;
    size_t n;
    size_t cap;
} starts;

static int starts_push(starts *s, uint32_t at)
{
    if (s->n == s->cap) {
        size_t next = s->cap ? s->cap * 2 : 32;
        uint32_t *grown = realloc(s->v, next * sizeof *grown);
        if (!grown)
            return -1;
        s->v = grown;
        s->cap = next;
    }
    s->v[s->n++] = at;
    return 0;
}

static int by_offset(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

/* Does title spell the tokens from k on (folded, so in any case)? */
static bool title_matches(const tag_title *title, const tag_tokens *tokens, size_t k)
{
    const tag_tokens *tt = &title->tokens;
    if (k + tt->n > tokens->n)
        return false;
    for (size_t i = 0; i < tt->n; i++)
        if (tokens->v[k + i].hash != tt->v[i].hash ||
            strcmp(tag_token_fold(tokens, k + i), tag_token_fold(tt, i)) != 0)
            return false;
    return true;
}

/* Does some title start at token k? */
static bool title_at(const tag_kb *kb, const tag_tokens *tokens, size_t k)
{
    uint32_t bit = tokens->v[k].hash & 4095;
    if (tokens->v[k].kind != TAG_TOK_WORD || !(kb->title_first[bit / 64] >> (bit % 64) & 1))
        return false;
    for (size_t i = 0; i < kb->n_titles; i++)
        if (title_matches(&kb->titles[i], tokens, k))
            return true;
    return false;
}

static bool is_punct(const tag_tokens *tokens, size_t k, char c)
{
    return tokens->v[k].kind == TAG_TOK_PUNCT && tag_token_fold(tokens, k)[0] == c;
}

/* Where a name word can start inside word token k: after an apostrophe ("O'Brien"). */
static int push_inner_starts(const char *text, const tag_token *tok, starts *out)
{
    for (uint32_t p = tok->start + 1; p + 1 < tok->end; p++) {
        bool ascii = text[p] == '\'';
        bool typographic = (uint8_t)text[p] == 0xE2 && p + 3 < tok->end &&
                           (uint8_t)text[p + 1] == 0x80 &&
                           ((uint8_t)text[p + 2] == 0x98 || (uint8_t)text[p + 2] == 0x99);
        if ((ascii || typographic) && starts_push(out, p + (ascii ? 1 : 3)) != 0)
            return -1;
    }
    return 0;
}

/* The starts of an apposition whose comma is token comma: the capital words
   of the run of words and hyphens before it (a name is at most 40 tokens). */
static int push_name_run(const char *text, const tag_tokens *tokens, size_t comma, starts *out)
{
    for (size_t k = comma; k-- > 0 && comma - k <= 40;) {
        const tag_token *tok = &tokens->v[k];
        if (tok->kind == TAG_TOK_PUNCT && is_punct(tokens, k, '-'))
            continue;
        if (tok->kind != TAG_TOK_WORD)
            break;
        if ((tok->capitalized && starts_push(out, tok->start) != 0) ||
            push_inner_starts(text, tok, out) != 0)
            return -1;
    }
    return 0;
}

/* The title starts and the apposition starts of the text, each in text order. */
static int find_starts(const tag_kb *kb, const char *text, const tag_tokens *tokens, starts *titles,
                       starts *names)
{
    for (size_t k = 0; k < tokens->n; k++) {
        if (!title_at(kb, tokens, k))
            continue;
        if (starts_push(titles, tokens->v[k].start) != 0)
            return -1;
        for (size_t j = k; j-- > 0 && k - j <= 4;)
            if (is_punct(tokens, j, ',') && push_name_run(text, tokens, j, names) != 0)
                return -1;
    }
    if (names->n > 1)
        qsort(names->v, names->n, sizeof *names->v, by_offset);
    return 0;
}

/* Runs the anchored re at each start (in order, skipping starts inside the
   previous match); title and name are capture groups title_group, name_group. */
static int run(const tag_kb *kb, const pcre2_code *re, const char *text, size_t len,
               const starts *from, int title_group, int name_group, tag_title_hit **hits, size_t *n,
               size_t *cap, char *err, size_t errlen)
{
    if (from->n == 0)
        return 0;
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
    if (!md) {
        snprintf(err, errlen, "out of memory matching titles");
        return -1;
    }
    int rc = 0;
    size_t at = 0;
    for (size_t i = 0; i < from->n && rc == 0; i++) {
        if (from->v[i] < at)
            continue;
        /* the tokenizer found the text valid UTF-8, so PCRE2 need not check it again */
        int m = pcre2_match(re, (PCRE2_SPTR)text, len, from->v[i], PCRE2_NO_UTF_CHECK, md, NULL);
        if (m == PCRE2_ERROR_NOMATCH)
            continue;
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
        }
        at = ov[1] > from->v[i] ? ov[1] : from->v[i] + 1;
    }
    pcre2_match_data_free(md);
    return rc;
}

static int by_name_start(const void *a, const void *b)
{
    const tag_title_hit *x = a, *y = b;
    return x->name_start < y->name_start ? -1 : x->name_start > y->name_start;
}

int tag_titles_find(const tag_kb *kb, const char *text, size_t len, const tag_tokens *tokens,
                    tag_title_hit **hits, size_t *n_hits, char *err, size_t errlen)
{
    size_t n = 0, cap = 0;
    starts titles = {0}, names = {0};
    int rc = -1;
    *hits = NULL;
    *n_hits = 0;
    if (tokens->invalid_utf8)
        return 0; /* no titles; the rest of the tagger still runs */
    if (find_starts(kb, text, tokens, &titles, &names) != 0) {
        snprintf(err, errlen, "out of memory matching titles");
        goto out_free;
    }
    if (run(kb, kb->title_re, text, len, &titles, 1, 2, hits, &n, &cap, err, errlen) != 0 ||
        run(kb, kb->appositive_re, text, len, &names, 2, 1, hits, &n, &cap, err, errlen) != 0)
        goto out_free;
    if (n > 1)
        qsort(*hits, n, sizeof **hits, by_name_start);
    *n_hits = n;
    rc = 0;

out_free:
    if (rc != 0) {
        free(*hits);
        *hits = NULL;
    }
    free(titles.v);
    free(names.v);
    return rc;
}
