/*
 * The corpus generator's text rewrites (see corpus_text.h): whole-word
 * substitution, year, month and day shifts, paragraph repetition and id
 * suffixes. Each scans its input once and appends to a telex_buf.
 */
#include "corpus_text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

uint64_t corpus_rng_next(uint64_t *state)
{
    uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

uint32_t corpus_rng_below(uint64_t *state, uint32_t bound)
{
    return (uint32_t)(corpus_rng_next(state) % bound);
}

static int is_word_byte(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static int is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

/* 1 when a word may start at in[pos]: the byte before it is no word byte. */
static int at_word_start(const char *in, size_t pos)
{
    return pos == 0 || !is_word_byte((unsigned char)in[pos - 1]);
}

/* 1 when in[pos, pos + n) equals word and is not followed by a word byte. */
static int word_at(const char *in, size_t len, size_t pos, const char *word, size_t n)
{
    if (n == 0 || pos + n > len || memcmp(in + pos, word, n) != 0)
        return 0;
    return pos + n == len || !is_word_byte((unsigned char)in[pos + n]);
}

int corpus_substitute(const char *in, size_t len, const corpus_subst *subs, size_t n_subs,
                      telex_buf *out)
{
    size_t copied = 0; /* in[copied, pos) is still to be appended */
    size_t pos = 0;

    while (pos < len) {
        const corpus_subst *hit = NULL;
        if (at_word_start(in, pos) && is_word_byte((unsigned char)in[pos])) {
            for (size_t k = 0; k < n_subs && !hit; k++)
                if (word_at(in, len, pos, subs[k].from, strlen(subs[k].from)))
                    hit = &subs[k];
        }
        if (!hit) {
            pos++;
            continue;
        }
        if (telex_buf_append(out, in + copied, pos - copied) != 0 ||
            telex_buf_append(out, hit->to, strlen(hit->to)) != 0)
            return -1;
        pos += strlen(hit->from);
        copied = pos;
    }
    return telex_buf_append(out, in + copied, len - copied);
}

int corpus_shift_years(const char *in, size_t len, int shift, int min_year, int max_year,
                       telex_buf *out)
{
    size_t copied = 0;

    for (size_t pos = 0; pos + 4 <= len; pos++) {
        const unsigned char *p = (const unsigned char *)in + pos;
        if (!is_digit(p[0]) || !is_digit(p[1]) || !is_digit(p[2]) || !is_digit(p[3]))
            continue;
        if (!at_word_start(in, pos) || (pos + 4 < len && is_word_byte(p[4])))
            continue;
        int year = (p[0] - '0') * 1000 + (p[1] - '0') * 100 + (p[2] - '0') * 10 + (p[3] - '0');
        if (year < min_year || year > max_year)
            continue;
        char shifted[16];
        int n = snprintf(shifted, sizeof shifted, "%04d", year + shift);
        if (telex_buf_append(out, in + copied, pos - copied) != 0 ||
            telex_buf_append(out, shifted, (size_t)n) != 0)
            return -1;
        copied = pos + 4;
        pos += 3;
    }
    return telex_buf_append(out, in + copied, len - copied);
}

static const char *const month_names[12] = {"January",   "February", "March",    "April",
                                            "May",       "June",     "July",     "August",
                                            "September", "October",  "November", "December"};
/* AP style: the short months are never abbreviated. */
static const char *const month_ap[12] = {"Jan.", "Feb.", "March", "April", "May",  "June",
                                         "July", "Aug.", "Sept.", "Oct.",  "Nov.", "Dec."};

/*
 * The month written at in[pos] (full name, or an AP abbreviation with its
 * dot): its index, *n its length and *ap whether it was abbreviated; -1 if none.
 */
static int month_at(const char *in, size_t len, size_t pos, size_t *n, int *ap)
{
    for (int m = 0; m < 12; m++) {
        size_t full = strlen(month_names[m]);
        if (word_at(in, len, pos, month_names[m], full)) {
            *n = full;
            *ap = 0;
            return m;
        }
        size_t abbr = strlen(month_ap[m]);
        if (month_ap[m][abbr - 1] == '.' && pos + abbr <= len &&
            memcmp(in + pos, month_ap[m], abbr) == 0) {
            *n = abbr;
            *ap = 1;
            return m;
        }
    }
    return -1;
}

/* The length of a one- or two-digit day number at in[pos], or 0. */
static size_t day_at(const char *in, size_t len, size_t pos)
{
    size_t n = 0;
    while (pos + n < len && n < 3 && is_digit((unsigned char)in[pos + n]))
        n++;
    if (n == 0 || n > 2 || (pos + n < len && is_word_byte((unsigned char)in[pos + n])))
        return 0;
    return n;
}

int corpus_shift_months(const char *in, size_t len, int month_shift, int day_shift, telex_buf *out)
{
    size_t copied = 0;
    size_t pos = 0;
    int month_step = ((month_shift % 12) + 12) % 12;
    int day_step = ((day_shift % 28) + 28) % 28;

    while (pos < len) {
        size_t n = 0;
        int ap = 0;
        int m = at_word_start(in, pos) ? month_at(in, len, pos, &n, &ap) : -1;
        if (m < 0) {
            pos++;
            continue;
        }
        int shifted = (m + month_step) % 12;
        const char *name = ap ? month_ap[shifted] : month_names[shifted];
        if (telex_buf_append(out, in + copied, pos - copied) != 0 ||
            telex_buf_append(out, name, strlen(name)) != 0)
            return -1;
        pos += n;
        copied = pos;
        size_t digits = pos + 1 < len && in[pos] == ' ' ? day_at(in, len, pos + 1) : 0;
        if (digits == 0)
            continue;
        int day = atoi(in + pos + 1); /* in[pos + 1 ..] holds 1 or 2 digits then a non-digit */
        char text[8];
        int tn = snprintf(text, sizeof text, " %d", ((day - 1 + day_step) % 28 + 28) % 28 + 1);
        if (telex_buf_append(out, text, (size_t)tn) != 0)
            return -1;
        pos += 1 + digits;
        copied = pos;
    }
    return telex_buf_append(out, in + copied, len - copied);
}

/* The start of the next delim at or after pos, or len. */
static size_t next_delim(const char *in, size_t len, size_t pos, const char *delim, size_t dn)
{
    for (size_t i = pos; i + dn <= len; i++)
        if (memcmp(in + i, delim, dn) == 0)
            return i;
    return len;
}

size_t corpus_count_pieces(const char *in, size_t len, const char *delim)
{
    size_t dn = strlen(delim);
    size_t pieces = 1;

    for (size_t pos = next_delim(in, len, 0, delim, dn); pos < len;
         pos = next_delim(in, len, pos + dn, delim, dn))
        pieces++;
    return pieces;
}

int corpus_join_pieces(const char *in, size_t len, const char *delim, const unsigned *copies,
                       telex_buf *out)
{
    size_t dn = strlen(delim);
    size_t start = 0;
    int first = 1;

    for (size_t k = 0;; k++) {
        size_t end = next_delim(in, len, start, delim, dn);
        for (unsigned c = 0; c < copies[k]; c++) {
            if (!first && telex_buf_append(out, delim, dn) != 0)
                return -1;
            if (telex_buf_append(out, in + start, end - start) != 0)
                return -1;
            first = 0;
        }
        if (end == len)
            return 0;
        start = end + dn;
    }
}

int corpus_suffix_ids(const char *in, size_t len, const corpus_id_marker *markers, size_t n_markers,
                      const char *suffix, telex_buf *out)
{
    size_t copied = 0;

    for (size_t pos = 0; pos < len; pos++) {
        for (size_t k = 0; k < n_markers; k++) {
            size_t mn = strlen(markers[k].marker);
            if (pos + mn > len || memcmp(in + pos, markers[k].marker, mn) != 0)
                continue;
            size_t end = pos + mn;
            while (end < len && !strchr(markers[k].ends, in[end]))
                end++;
            if (telex_buf_append(out, in + copied, end - copied) != 0 ||
                telex_buf_append(out, suffix, strlen(suffix)) != 0)
                return -1;
            copied = end;
            pos = end - 1; /* the loop's pos++ resumes right after the id */
            break;
        }
    }
    return telex_buf_append(out, in + copied, len - copied);
}
