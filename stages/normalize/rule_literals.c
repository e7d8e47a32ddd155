/*
 * Finding the required literals of a PCRE2 pattern (see rule_literals.h).
 *
 * A small recursive reader over the pattern's syntax: an alternation is
 * sequences separated by "|"; a sequence is atoms (a literal character, an
 * escape, a class, a group, ".", "^", "$"), each with an optional quantifier.
 * Consecutive literal characters that must each occur once form a run; a
 * group that must occur contributes what its alternation requires. A
 * sequence requires the best of its runs and groups, an alternation the union
 * of what every branch requires (nothing if one branch requires nothing).
 * Whatever the reader is unsure of marks the scan failed: no literals.
 */
#define _GNU_SOURCE /* memmem */
#include <stdint.h>
#include <string.h>

#include "rule_literals.h"

#define MAX_DEPTH 16

typedef struct scanner {
    const char *p;
    int failed;
    int depth;
} scanner;

/* What a part of the pattern requires: one of any[0, n) (n == 0: nothing). */
typedef rule_literals requirement;

static int is_ascii_alnum(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static unsigned char ascii_lower(unsigned char c)
{
    return c >= 'A' && c <= 'Z' ? (unsigned char)(c - 'A' + 'a') : c;
}

/* Length of the UTF-8 character led by byte c (1 for a stray byte). */
static size_t utf8_length(unsigned char c)
{
    if (c >= 0xF0)
        return 4;
    if (c >= 0xE0)
        return 3;
    if (c >= 0xC0)
        return 2;
    return 1;
}

/* The shortest literal of r; 0 when r requires nothing. */
static size_t quality(const requirement *r)
{
    size_t shortest = 0;
    for (size_t i = 0; i < r->n; i++)
        if (i == 0 || r->any[i].len < shortest)
            shortest = r->any[i].len;
    return shortest;
}

/* Keeps candidate in best when it is more selective: longer shortest literal, then fewer. */
static void keep_better(requirement *best, const requirement *candidate)
{
    size_t q = quality(candidate), q_best = quality(best);
    if (q > q_best || (q == q_best && q > 0 && candidate->n < best->n))
        *best = *candidate;
}

/* The run of literal characters being collected in a sequence. */
typedef struct run {
    rule_literal literal;
} run;

static void run_flush(run *r, requirement *best)
{
    if (r->literal.len > 0) {
        requirement single = {.n = 1};
        single.any[0] = r->literal;
        keep_better(best, &single);
    }
    r->literal = (rule_literal){0};
}

/* Appends one character (len bytes at c) to the run, starting a new one when full. */
static void run_add(run *r, requirement *best, const char *c, size_t len, int caseless)
{
    if (r->literal.len > 0 && r->literal.caseless != caseless)
        run_flush(r, best);
    if (r->literal.len + len > RULE_LITERAL_MAX_LEN)
        run_flush(r, best);
    for (size_t i = 0; i < len; i++)
        r->literal.text[r->literal.len++] =
            (char)(caseless ? ascii_lower((unsigned char)c[i]) : (unsigned char)c[i]);
    r->literal.text[r->literal.len] = '\0';
    r->literal.caseless = caseless;
}

/* Reads a quantifier at s->p if there is one. Returns its minimum count, or -1 when there is
   none (the atom occurs exactly once). */
static long read_quantifier(scanner *s)
{
    long min = -1;
    const char *p = s->p;
    if (*p == '?' || *p == '*') {
        min = 0, p++;
    } else if (*p == '+') {
        min = 1, p++;
    } else if (*p == '{') {
        const char *q = p + 1;
        long n = 0;
        if (*q < '0' || *q > '9') {
            if (*q == ',')
                s->failed = 1; /* "{,m}": read differently by PCRE2 versions */
            return -1;
        }
        while (*q >= '0' && *q <= '9' && n < 100000)
            n = n * 10 + (*q++ - '0');
        if (*q == ',')
            for (q++; *q >= '0' && *q <= '9'; q++)
                ;
        if (*q != '}')
            return -1; /* not a quantifier: "{" is then a literal, which the caller rejects */
        min = n, p = q + 1;
    }
    if (min >= 0 && (*p == '+' || *p == '?'))
        p++; /* possessive or lazy */
    s->p = p;
    return min;
}

/* Skips a character class whose "[" is at s->p. */
static void skip_class(scanner *s)
{
    const char *p = s->p + 1;
    if (*p == '^')
        p++;
    if (*p == ']')
        p++;
    while (*p && *p != ']') {
        if (*p == '\\' && p[1]) {
            p += 2;
        } else if (*p == '[' && p[1] == ':') {
            const char *end = strstr(p + 2, ":]");
            p = end ? end + 2 : p + 1;
        } else {
            p++;
        }
    }
    if (*p != ']') {
        s->failed = 1;
        return;
    }
    s->p = p + 1;
}

/* Reads an escape at s->p ("\" and what follows). Returns 1 when it is a literal character
   (copied to c, its length to *len), 0 for a class or an assertion (\d, \b, \p{L}). */
static int read_escape(scanner *s, char c[4], size_t *len)
{
    unsigned char e = (unsigned char)s->p[1];
    if (e == '\0') {
        s->failed = 1;
        return 0;
    }
    if (!is_ascii_alnum(e)) {
        *len = utf8_length(e);
        if (strnlen(s->p + 1, *len) < *len) {
            s->failed = 1;
            return 0;
        }
        memcpy(c, s->p + 1, *len);
        s->p += 1 + *len;
        return 1;
    }
    if (!strchr("bBdDsSwWhHvVRXAzZGKpP", e)) {
        s->failed = 1; /* \Q, \x, \N, \k, \g, back references, ...: not read here */
        return 0;
    }
    s->p += 2;
    if ((e == 'p' || e == 'P') && *s->p == '{') {
        const char *end = strchr(s->p, '}');
        if (!end) {
            s->failed = 1;
            return 0;
        }
        s->p = end + 1;
    } else if (e == 'p' || e == 'P') {
        s->p++;
    }
    return 0;
}

static void read_alternation(scanner *s, int *caseless, requirement *out);

/* Reads a group whose "(" is at s->p, through its ")". *caseless may change for what follows
   ("(?i)"). Returns 1 when it was an option setting and not a group; the group's requirement
   goes to inner, empty for lookarounds. */
static int read_group(scanner *s, int *caseless, requirement *inner)
{
    const char *p = s->p + 1;
    int lookaround = 0, inner_caseless = *caseless;
    *inner = (requirement){0};
    if (strncmp(p, "?i)", 3) == 0) {
        *caseless = 1;
        s->p = p + 3;
        return 1;
    }
    if (*p == '?') {
        if (p[1] == ':' || p[1] == '>') {
            p += 2;
        } else if (p[1] == '=' || p[1] == '!') {
            p += 2, lookaround = 1;
        } else if (p[1] == '<' && (p[2] == '=' || p[2] == '!')) {
            p += 3, lookaround = 1;
        } else if (strncmp(p, "?i:", 3) == 0) {
            p += 3, inner_caseless = 1;
        } else {
            s->failed = 1; /* named groups, other options, conditions, comments */
            return 0;
        }
    } else if (*p == '*') {
        s->failed = 1; /* verbs */
        return 0;
    }
    s->p = p;
    if (++s->depth > MAX_DEPTH) {
        s->failed = 1;
        return 0;
    }
    read_alternation(s, &inner_caseless, inner);
    s->depth--;
    if (*s->p != ')') {
        s->failed = 1;
        return 0;
    }
    s->p++;
    if (lookaround)
        *inner = (requirement){0};
    return 0;
}

/* Reads one literal character at s->p into c (UTF-8, its length to *len). */
static void read_literal(scanner *s, char c[4], size_t *len)
{
    *len = utf8_length((unsigned char)*s->p);
    if (strnlen(s->p, *len) < *len) {
        s->failed = 1;
        *len = 0;
        return;
    }
    memcpy(c, s->p, *len);
    s->p += *len;
}

/* Reads a sequence up to "|", ")" or the end; its best requirement goes to best. */
static void read_sequence(scanner *s, int *caseless, requirement *best)
{
    run r = {0};
    *best = (requirement){0};
    while (!s->failed && *s->p && *s->p != '|' && *s->p != ')') {
        char c[4];
        size_t len = 0;
        int literal = 0;
        requirement inner = {0};
        char at = *s->p;
        if (at == '(') {
            run_flush(&r, best);
            if (read_group(s, caseless, &inner))
                continue;
        } else if (at == '[') {
            skip_class(s);
        } else if (at == '\\') {
            literal = read_escape(s, c, &len);
        } else if (at == '.' || at == '^' || at == '$') {
            s->p++;
        } else if (at == '*' || at == '+' || at == '?' || at == '{') {
            s->failed = 1;
        } else {
            read_literal(s, c, &len);
            literal = 1;
        }
        if (s->failed)
            break;
        long min = read_quantifier(s);
        /* A caseless non-ASCII character may match other characters: it ends the run. */
        int usable = literal && (!*caseless || (unsigned char)c[0] < 0x80);
        if (usable && min != 0)
            run_add(&r, best, c, len, *caseless);
        if (!usable || min >= 0)
            run_flush(&r, best);
        if (at == '(' && min != 0)
            keep_better(best, &inner);
    }
    run_flush(&r, best);
}

/* Adds every literal of branch to all; returns -1 when the union is too large. */
static int add_all(requirement *all, const requirement *branch)
{
    if (all->n + branch->n > RULE_LITERALS_MAX)
        return -1;
    for (size_t i = 0; i < branch->n; i++)
        all->any[all->n++] = branch->any[i];
    return 0;
}

static void read_alternation(scanner *s, int *caseless, requirement *out)
{
    int every_branch_requires = 1;
    *out = (requirement){0};
    for (;;) {
        requirement branch;
        read_sequence(s, caseless, &branch);
        if (s->failed)
            return;
        if (branch.n == 0 || add_all(out, &branch) != 0)
            every_branch_requires = 0;
        if (*s->p != '|')
            break;
        s->p++;
    }
    if (!every_branch_requires)
        *out = (requirement){0};
}

/* The hash of a trigram given as its three bytes in the low 24 bits of key. */
static uint16_t gram_key_hash(uint32_t key)
{
    return (uint16_t)((key * 2654435761u) >> (32 - 12)); /* 12 bits: RULE_GRAM_BITS */
}

static uint16_t gram_hash(unsigned char a, unsigned char b, unsigned char c)
{
    return gram_key_hash((uint32_t)a << 16 | (uint32_t)b << 8 | c);
}

/* The hashes of the lower-cased trigrams of literal (at least 3 bytes long). */
static void hash_grams(rule_literal *literal)
{
    const unsigned char *t = (const unsigned char *)literal->text;
    for (size_t i = 0; i + 2 < literal->len; i++)
        literal->grams[i] =
            gram_hash(ascii_lower(t[i]), ascii_lower(t[i + 1]), ascii_lower(t[i + 2]));
}

void rule_literals_find(const char *pattern, rule_literals *out)
{
    scanner s = {.p = pattern};
    int caseless = 0;
    read_alternation(&s, &caseless, out);
    if (s.failed || *s.p != '\0' || quality(out) < RULE_LITERAL_MIN_LEN) {
        *out = (rule_literals){0};
        return;
    }
    for (size_t i = 0; i < out->n; i++)
        hash_grams(&out->any[i]);
}

void rule_literals_scan(const char *folded, size_t len, text_grams *grams)
{
    const unsigned char *t = (const unsigned char *)folded;
    memset(grams, 0, sizeof *grams);
    for (size_t i = 0; i + 2 < len; i++) {
        uint16_t h = gram_hash(t[i], t[i + 1], t[i + 2]);
        grams->bits[h >> 6] |= (uint64_t)1 << (h & 63);
    }
}

/* 1 when every trigram of literal is among grams. */
static int grams_present(const rule_literal *literal, const text_grams *grams)
{
    for (size_t i = 0; i + 2 < literal->len; i++) {
        uint16_t h = literal->grams[i];
        if (!(grams->bits[h >> 6] & ((uint64_t)1 << (h & 63))))
            return 0;
    }
    return 1;
}

void rule_literals_fold(const char *text, size_t len, char *folded)
{
    for (size_t i = 0; i < len; i++)
        folded[i] = (char)ascii_lower((unsigned char)text[i]);
}

int rule_literals_present(const rule_literals *lits, const text_grams *grams, const char *text,
                          const char *folded, size_t len)
{
    if (lits->n == 0)
        return 1;
    for (size_t i = 0; i < lits->n; i++) {
        const rule_literal *literal = &lits->any[i];
        if (grams_present(literal, grams) &&
            memmem(literal->caseless ? folded : text, len, literal->text, literal->len))
            return 1;
    }
    return 0;
}

/* 1 when the non-ASCII character at t[i] (i < len) is one PCRE2 folds to an ASCII letter. */
static int folds_to_ascii_at(const unsigned char *t, size_t i, size_t len)
{
    if (t[i] == 0xC5)
        return i + 1 < len && t[i + 1] == 0xBF;
    return t[i] == 0xE2 && i + 2 < len && t[i + 1] == 0x84 && t[i + 2] == 0xAA;
}

int rule_literals_prepare(const char *text, size_t len, char *folded, text_grams *grams)
{
    const unsigned char *t = (const unsigned char *)text;
    int usable = 1;
    uint32_t key = 0;
    memset(grams, 0, sizeof *grams);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = ascii_lower(t[i]);
        if (c >= 0x80 && folds_to_ascii_at(t, i, len))
            usable = 0;
        folded[i] = (char)c;
        key = (key << 8 | c) & 0xFFFFFF;
        if (i >= 2) {
            uint16_t h = gram_key_hash(key);
            grams->bits[h >> 6] |= (uint64_t)1 << (h & 63);
        }
    }
    return usable;
}

int rule_literals_text_folds_to_ascii(const char *text, size_t len)
{
    static const char *const folds[] = {
        "\xc5\xbf",     /* U+017F LATIN SMALL LETTER LONG S: s */
        "\xe2\x84\xaa", /* U+212A KELVIN SIGN: k */
    };
    for (size_t i = 0; i < sizeof folds / sizeof folds[0]; i++)
        if (memmem(text, len, folds[i], strlen(folds[i])))
            return 1;
    return 0;
}
