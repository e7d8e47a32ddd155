/*
 * Reading the dateline at the start of a story (see dateline.h): a small
 * hand-written scanner, since each part of the head is checked on its own.
 */
#define _GNU_SOURCE /* memmem */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <utf8proc.h>

#include "dateline.h"

/* The head of a dateline is never longer than this. */
#define DATELINE_MAX_HEAD  120
#define DATELINE_MAX_PARTS 4

static const struct {
    const char *text;
    size_t len;
} separators[] = {
    {"\xE2\x80\x94", 3}, /* em dash */
    {"\xE2\x80\x93", 3}, /* en dash */
    {"\xE2\x80\x95", 3}, /* horizontal bar */
    {" _ ", 3},          {" -- ", 4}, {" - ", 3},
};

int dateline_month(const char *name, size_t len)
{
    static const char *const months[] = {"january",   "february", "march",    "april",
                                         "may",       "june",     "july",     "august",
                                         "september", "october",  "november", "december"};
    if (len > 0 && name[len - 1] == '.')
        len--;
    if (len < 3)
        return 0;
    for (int i = 0; i < 12; i++) {
        size_t full = strlen(months[i]);
        if (len > full || strncasecmp(name, months[i], len) != 0)
            continue;
        /* an abbreviation is the first 3 letters, or "Sept" */
        if (len == full || len == 3 || (i == 8 && len == 4))
            return i + 1;
    }
    return 0;
}

/* Finds the earliest separator within the first DATELINE_MAX_HEAD bytes. Returns its
   offset and length in *sep_len, or -1. */
static long find_separator(const char *text, size_t *sep_len)
{
    size_t limit = strnlen(text, DATELINE_MAX_HEAD + 4);
    long best = -1;
    for (size_t i = 0; i < sizeof separators / sizeof separators[0]; i++) {
        const char *hit = memmem(text, limit, separators[i].text, separators[i].len);
        if (hit && (best < 0 || hit - text < best)) {
            best = hit - text;
            *sep_len = separators[i].len;
        }
    }
    return best > 0 && best <= DATELINE_MAX_HEAD ? best : -1;
}

/* 1 when s[0, len) has no lowercase letter and at least two letters, and only letters,
   spaces and . ' - ’ otherwise. */
static int is_capital_place(const char *s, size_t len)
{
    size_t letters = 0, at = 0;
    while (at < len) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n =
            utf8proc_iterate((const utf8proc_uint8_t *)s + at, (utf8proc_ssize_t)(len - at), &cp);
        if (n <= 0)
            return 0;
        utf8proc_category_t category = utf8proc_category(cp);
        if (category == UTF8PROC_CATEGORY_LL)
            return 0;
        if (category == UTF8PROC_CATEGORY_LU || category == UTF8PROC_CATEGORY_LO)
            letters++;
        else if (cp != ' ' && cp != '.' && cp != '\'' && cp != '-' && cp != 0x2019)
            return 0;
        at += (size_t)n;
    }
    return letters >= 2;
}

/* 1 when s[0, len) reads as a region: up to five words, each starting with a capital,
   letters, spaces, periods and hyphens only. */
static int is_region(const char *s, size_t len)
{
    int words = 0, at_word_start = 1;
    size_t at = 0;
    while (at < len) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n =
            utf8proc_iterate((const utf8proc_uint8_t *)s + at, (utf8proc_ssize_t)(len - at), &cp);
        if (n <= 0)
            return 0;
        utf8proc_category_t category = utf8proc_category(cp);
        int letter = category == UTF8PROC_CATEGORY_LU || category == UTF8PROC_CATEGORY_LL ||
                     category == UTF8PROC_CATEGORY_LO;
        if (cp == ' ') {
            at_word_start = 1;
        } else if (at_word_start) {
            if (category != UTF8PROC_CATEGORY_LU)
                return 0;
            words++;
            at_word_start = 0;
        } else if (!letter && cp != '.' && cp != '-' && cp != '\'' && cp != 0x2019) {
            return 0;
        }
        at += (size_t)n;
    }
    return words >= 1 && words <= 5;
}

/* "March 30", "Jan. 5", "30 March": sets month and day. Returns 1 or 0. */
static int read_date_part(const char *s, size_t len, dateline_match *out)
{
    const char *space = memchr(s, ' ', len);
    if (!space)
        return 0;
    const char *first = s, *second = space + 1;
    size_t first_len = (size_t)(space - s), second_len = len - first_len - 1;
    int month = dateline_month(first, first_len);
    const char *digits = second;
    size_t digits_len = second_len;
    if (!month) {
        month = dateline_month(second, second_len);
        digits = first;
        digits_len = first_len;
    }
    if (!month || digits_len == 0 || digits_len > 2)
        return 0;
    int day = 0;
    for (size_t i = 0; i < digits_len; i++) {
        if (!isdigit((unsigned char)digits[i]))
            return 0;
        day = day * 10 + (digits[i] - '0');
    }
    if (day < 1 || day > 31)
        return 0;
    out->month = month;
    out->day = day;
    return 1;
}

static int read_year_part(const char *s, size_t len, dateline_match *out)
{
    if (len != 4 || !out->month)
        return 0;
    for (size_t i = 0; i < 4; i++)
        if (!isdigit((unsigned char)s[i]))
            return 0;
    out->year = atoi(s);
    return 1;
}

/* Drops a trailing "(AP)" style agency credit from head[0, *len). */
static void drop_agency(const char *head, size_t *len)
{
    if (*len < 3 || head[*len - 1] != ')')
        return;
    const char *open = NULL;
    for (size_t i = *len - 1; i-- > 0;) {
        if (head[i] == '(') {
            open = head + i;
            break;
        }
        if (head[i] == ')' || isdigit((unsigned char)head[i]))
            return;
    }
    if (!open || (size_t)(head + *len - open) > 40)
        return;
    *len = (size_t)(open - head);
    while (*len > 0 && head[*len - 1] == ' ')
        (*len)--;
}

static void trim(const char **s, size_t *len)
{
    while (*len > 0 && **s == ' ')
        (*s)++, (*len)--;
    while (*len > 0 && (*s)[*len - 1] == ' ')
        (*len)--;
}

/* Checks the comma-separated parts of the head; fills out's date. Returns 1 when every
   part after the place is a region, a date or a year. */
static int read_head_parts(const char *head, size_t len, const char *located, dateline_match *out,
                           size_t *place_len)
{
    const char *parts[DATELINE_MAX_PARTS];
    size_t lens[DATELINE_MAX_PARTS], n = 0;
    const char *p = head, *end = head + len;
    while (p <= end) {
        const char *comma = memchr(p, ',', (size_t)(end - p));
        const char *part_end = comma ? comma : end;
        if (n == DATELINE_MAX_PARTS)
            return 0;
        parts[n] = p;
        lens[n] = (size_t)(part_end - p);
        trim(&parts[n], &lens[n]);
        if (lens[n] == 0)
            return 0;
        n++;
        p = part_end + 1;
    }
    int stated =
        located && strlen(located) == lens[0] && strncasecmp(located, parts[0], lens[0]) == 0;
    if (!stated && !is_capital_place(parts[0], lens[0]))
        return 0;
    for (size_t i = 1; i < n; i++)
        if (!read_date_part(parts[i], lens[i], out) && !read_year_part(parts[i], lens[i], out) &&
            !is_region(parts[i], lens[i]))
            return 0;
    *place_len = (size_t)(parts[0] - head) + lens[0];
    out->place = strndup(parts[0], lens[0]);
    return out->place ? 1 : -1;
}

int dateline_find(const char *text, const char *located, dateline_match *out)
{
    memset(out, 0, sizeof *out);
    size_t sep_len = 0;
    long sep = find_separator(text, &sep_len);
    if (sep < 0)
        return 0;
    const char *head = text;
    size_t head_len = (size_t)sep, place_len = 0;
    trim(&head, &head_len);
    drop_agency(head, &head_len);
    if (head_len == 0 || memchr(head, '\n', head_len))
        return 0;
    dateline_match found = {0};
    int rc = read_head_parts(head, head_len, located, &found, &place_len);
    if (rc <= 0)
        return rc;
    found.consumed = (size_t)sep + sep_len;
    while (text[found.consumed] == ' ' || text[found.consumed] == '\n')
        found.consumed++;
    *out = found;
    return 1;
}
