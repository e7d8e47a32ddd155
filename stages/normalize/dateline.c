/*
 * Reading the dateline at the start of a story (see dateline.h): a small
 * hand-written scanner, since each part of the head is checked on its own.
 * Two shapes are tried in turn: a head ended by a separator, then a head
 * ended by an agency credit.
 */
#define _GNU_SOURCE /* memmem */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <utf8proc.h>

#include "dateline.h"
#include "wire_time.h"

/* The head of a dateline is never longer than this. */
#define DATELINE_MAX_HEAD   120
#define DATELINE_MAX_PARTS  4
#define DATELINE_MAX_CREDIT 40

typedef struct token {
    const char *text;
    size_t len;
} token;

/* Separators between a head and the text. */
static const token separators[] = {
    {"\xE2\x80\x94", 3}, /* em dash */
    {"\xE2\x80\x93", 3}, /* en dash */
    {"\xE2\x80\x95", 3}, /* horizontal bar */
    {" _ ", 3},          {" -- ", 4}, {" - ", 3},
};

/* The same marks as they may follow an agency credit: "(PTI) -", "(EFE).-", "(AP) _". */
static const token credit_separators[] = {
    {"\xE2\x80\x94", 3}, {"\xE2\x80\x93", 3}, {"\xE2\x80\x95", 3}, {"--", 2}, {"-", 1}, {"_", 1},
};

/* Month names, lowercase; an abbreviation is any prefix of three letters or more. */
static const struct {
    const char *name;
    int month;
} month_names[] = {
    /* English */
    {"january", 1},
    {"february", 2},
    {"march", 3},
    {"april", 4},
    {"may", 5},
    {"june", 6},
    {"july", 7},
    {"august", 8},
    {"september", 9},
    {"october", 10},
    {"november", 11},
    {"december", 12},
    /* German */
    {"januar", 1},
    {"februar", 2},
    {"m\xC3\xA4rz", 3},
    {"mai", 5},
    {"juni", 6},
    {"juli", 7},
    {"oktober", 10},
    {"dezember", 12},
    /* French */
    {"janvier", 1},
    {"f\xC3\xA9vrier", 2},
    {"mars", 3},
    {"avril", 4},
    {"juin", 6},
    {"juillet", 7},
    {"ao\xC3\xBBt", 8},
    {"septembre", 9},
    {"octobre", 10},
    {"novembre", 11},
    {"d\xC3\xA9"
     "cembre",
     12},
    /* Spanish */
    {"enero", 1},
    {"febrero", 2},
    {"marzo", 3},
    {"abril", 4},
    {"mayo", 5},
    {"junio", 6},
    {"julio", 7},
    {"agosto", 8},
    {"septiembre", 9},
    {"setiembre", 9},
    {"octubre", 10},
    {"noviembre", 11},
    {"diciembre", 12},
    /* Portuguese */
    {"janeiro", 1},
    {"fevereiro", 2},
    {"mar\xC3\xA7o", 3},
    {"maio", 5},
    {"junho", 6},
    {"julho", 7},
    {"setembro", 9},
    {"outubro", 10},
    {"dezembro", 12},
};

/* 1 when name[0, len) is, ignoring case, a prefix of full of at least 3 code points. */
static int is_month_prefix(const char *name, size_t len, const char *full)
{
    size_t at = 0, full_at = 0, full_len = strlen(full), code_points = 0;
    while (at < len) {
        utf8proc_int32_t cp, full_cp;
        utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)name + at,
                                              (utf8proc_ssize_t)(len - at), &cp);
        if (n <= 0 || full_at >= full_len)
            return 0;
        utf8proc_ssize_t full_n =
            utf8proc_iterate((const utf8proc_uint8_t *)full + full_at,
                             (utf8proc_ssize_t)(full_len - full_at), &full_cp);
        if (full_n <= 0 || utf8proc_tolower(cp) != full_cp)
            return 0;
        at += (size_t)n;
        full_at += (size_t)full_n;
        code_points++;
    }
    return code_points >= 3;
}

int dateline_month(const char *name, size_t len)
{
    if (len > 0 && name[len - 1] == '.')
        len--;
    int month = 0;
    for (size_t i = 0; i < sizeof month_names / sizeof month_names[0]; i++) {
        if (!is_month_prefix(name, len, month_names[i].name))
            continue;
        if (month && month != month_names[i].month)
            return 0; /* "Jui" could be juin or juillet */
        month = month_names[i].month;
    }
    return month;
}

int dateline_year(int published_year, int published_month, int published_day, int month, int day)
{
    int64_t published = wire_days_from_civil(published_year, published_month, published_day);
    int64_t same_year = wire_days_from_civil(published_year, month, day);
    return same_year - published > DATELINE_FUTURE_DAYS ? published_year - 1 : published_year;
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

/* Reads the code point at s[*at] (of len bytes) into *cp and advances *at. Returns 0, or -1
   on invalid UTF-8. */
static int next_code_point(const char *s, size_t len, size_t *at, utf8proc_int32_t *cp)
{
    utf8proc_ssize_t n =
        utf8proc_iterate((const utf8proc_uint8_t *)s + *at, (utf8proc_ssize_t)(len - *at), cp);
    if (n <= 0)
        return -1;
    *at += (size_t)n;
    return 0;
}

static int is_letter(utf8proc_int32_t cp)
{
    utf8proc_category_t category = utf8proc_category(cp);
    return category == UTF8PROC_CATEGORY_LU || category == UTF8PROC_CATEGORY_LL ||
           category == UTF8PROC_CATEGORY_LT || category == UTF8PROC_CATEGORY_LO;
}

/* Punctuation that may sit inside a place name: "WINSTON-SALEM", "N.C.", "O’HARE". */
static int is_name_mark(utf8proc_int32_t cp)
{
    return cp == '.' || cp == '\'' || cp == '-' || cp == 0x2019;
}

/* 1 when s[0, len) has no lowercase letter and at least two letters, and only letters,
   spaces and . ' - ’ otherwise, or a slash between places ("LONDON/PARIS"). */
static int is_capital_place(const char *s, size_t len)
{
    size_t letters = 0, at = 0;
    while (at < len) {
        utf8proc_int32_t cp;
        if (next_code_point(s, len, &at, &cp) != 0)
            return 0;
        utf8proc_category_t category = utf8proc_category(cp);
        if (category == UTF8PROC_CATEGORY_LL)
            return 0;
        if (category == UTF8PROC_CATEGORY_LU || category == UTF8PROC_CATEGORY_LO)
            letters++;
        else if (cp != ' ' && cp != '/' && !is_name_mark(cp))
            return 0;
    }
    return letters >= 2 && s[0] != '/' && s[len - 1] != '/';
}

/* 1 when word[0, len) is a lowercase particle of place names: "Rio de Janeiro", "Dar es
   Salaam", "Frankfurt am Main"; not "of", which would let "Shares of Toyota" pass. */
static int is_place_particle(const char *word, size_t len)
{
    static const char *const particles[] = {"de", "da",  "do",   "dos", "das", "del", "di",
                                            "du", "des", "la",   "le",  "el",  "al",  "es",
                                            "am", "an",  "upon", "sur", "en",  NULL};
    for (size_t i = 0; particles[i]; i++)
        if (strlen(particles[i]) == len && memcmp(particles[i], word, len) == 0)
            return 1;
    return 0;
}

/* 1 when word[0, len) starts with a capital and has only letters and . ' - ’ after it. */
static int is_capitalized_word(const char *word, size_t len)
{
    size_t at = 0;
    utf8proc_int32_t cp;
    if (next_code_point(word, len, &at, &cp) != 0 || utf8proc_category(cp) != UTF8PROC_CATEGORY_LU)
        return 0;
    while (at < len) {
        if (next_code_point(word, len, &at, &cp) != 0 || (!is_letter(cp) && !is_name_mark(cp)))
            return 0;
    }
    return 1;
}

/* 1 when s[0, len) is one to max_words words, each capitalized, or (when particles is set)
   a lowercase place particle between capitalized words. */
static int is_capitalized_words(const char *s, size_t len, int max_words, int particles)
{
    int words = 0, last_was_particle = 0;
    const char *p = s, *end = s + len;
    while (p < end) {
        const char *space = memchr(p, ' ', (size_t)(end - p));
        const char *word_end = space ? space : end;
        size_t word_len = (size_t)(word_end - p);
        if (word_len == 0)
            return 0;
        last_was_particle = particles && words > 0 && is_place_particle(p, word_len);
        if (!last_was_particle && !is_capitalized_word(p, word_len))
            return 0;
        words++;
        p = word_end + (space ? 1 : 0);
    }
    return words >= 1 && words <= max_words && !last_was_particle;
}

/* 1 when s[0, len) reads as a place name in ordinary case: "New Delhi", "Brasília",
   "Rio de Janeiro". */
static int is_titlecase_place(const char *s, size_t len)
{
    return is_capitalized_words(s, len, 4, 1);
}

/* 1 when s[0, len) reads as a region: up to five capitalized words ("South Korea",
   "N.C."). */
static int is_region(const char *s, size_t len)
{
    return is_capitalized_words(s, len, 5, 0);
}

/* A day of the month, "5", "30" or "12." (German ordinal, TASS's "June 1."); 0 when s[0,
   len) is not one. */
static int read_day(const char *s, size_t len)
{
    if (len > 0 && s[len - 1] == '.')
        len--;
    if (len == 0 || len > 2)
        return 0;
    int day = 0;
    for (size_t i = 0; i < len; i++) {
        if (!isdigit((unsigned char)s[i]))
            return 0;
        day = day * 10 + (s[i] - '0');
    }
    return day >= 1 && day <= 31 ? day : 0;
}

/* 1 when s[0, len) can be an agency named after a date with no parentheses: "Kyodo",
   "dpa", "AFP", "dpa-AFX". */
static int is_bare_agency(const char *s, size_t len)
{
    if (len < 2 || len > 15)
        return 0;
    for (size_t i = 0; i < len; i++)
        if (!isalpha((unsigned char)s[i]) && !(s[i] == '-' && i > 0 && i + 1 < len))
            return 0;
    return 1;
}

/* Splits s[0, len) at spaces into at most max words. Returns how many, or max + 1 when
   there are more. */
static size_t split_words(const char *s, size_t len, token *words, size_t max)
{
    size_t n = 0;
    const char *p = s, *end = s + len;
    while (p < end) {
        const char *space = memchr(p, ' ', (size_t)(end - p));
        const char *word_end = space ? space : end;
        if (n == max)
            return max + 1;
        words[n].text = p;
        words[n].len = (size_t)(word_end - p);
        n++;
        p = word_end + (space ? 1 : 0);
    }
    return n;
}

/* "March 30", "Jan. 5", "30 March", "12. März", "June 1.", "Oct. 5 Kyodo": sets month and
   day. Returns 1 or 0. */
static int read_date_part(const char *s, size_t len, dateline_match *out)
{
    token words[3];
    size_t n = split_words(s, len, words, 3);
    if (n < 2 || n > 3 || (n == 3 && !is_bare_agency(words[2].text, words[2].len)))
        return 0;
    int month = dateline_month(words[0].text, words[0].len);
    int day = read_day(words[1].text, words[1].len);
    if (!month || !day) {
        month = dateline_month(words[1].text, words[1].len);
        day = read_day(words[0].text, words[0].len);
    }
    if (!month || !day)
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

/* 1 when s[0, len) can be the name inside an agency credit: "AP", "Reuters", "dpa",
   "Yonhap", "TASS", "Bernama", "AFP-JIJI": letters, spaces, & . -, no digits. */
static int is_credit_name(const char *s, size_t len)
{
    if (len < 2 || len > DATELINE_MAX_CREDIT)
        return 0;
    size_t at = 0;
    while (at < len) {
        utf8proc_int32_t cp;
        if (next_code_point(s, len, &at, &cp) != 0)
            return 0;
        if (!is_letter(cp) && cp != ' ' && cp != '&' && cp != '.' && cp != '-')
            return 0;
    }
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
    if (!open || (size_t)(head + *len - open) > DATELINE_MAX_CREDIT)
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

/* 1 when the first part of a head, parts[0, len), can be its place; see dateline.h. */
static int is_place(const char *part, size_t len, const char *located, int has_date)
{
    if (located && strlen(located) == len && strncasecmp(located, part, len) == 0)
        return 1;
    return is_capital_place(part, len) || (has_date && is_titlecase_place(part, len));
}

/* Checks the comma-separated parts of the head; fills out's date and place. Returns 1
   when the first part is a place and every part after it is a region, a date or a year; 0
   when not; -1 on allocation failure. */
static int read_head_parts(const char *head, size_t len, const char *located, dateline_match *out)
{
    token parts[DATELINE_MAX_PARTS];
    size_t n = 0;
    const char *p = head, *end = head + len;
    while (p <= end) {
        const char *comma = memchr(p, ',', (size_t)(end - p));
        const char *part_end = comma ? comma : end;
        if (n == DATELINE_MAX_PARTS)
            return 0;
        parts[n].text = p;
        parts[n].len = (size_t)(part_end - p);
        trim(&parts[n].text, &parts[n].len);
        if (parts[n].len == 0)
            return 0;
        n++;
        p = part_end + 1;
    }
    for (size_t i = 1; i < n; i++)
        if (!read_date_part(parts[i].text, parts[i].len, out) &&
            !read_year_part(parts[i].text, parts[i].len, out) &&
            !is_region(parts[i].text, parts[i].len))
            return 0;
    if (!is_place(parts[0].text, parts[0].len, located, out->month != 0))
        return 0;
    out->place = strndup(parts[0].text, parts[0].len);
    return out->place ? 1 : -1;
}

/* Reads head[0, head_len) into *out, with consumed bytes of text taken. Returns as
   read_head_parts; *out is left zeroed unless 1. */
static int read_head(const char *head, size_t head_len, const char *located, size_t consumed,
                     const char *text, dateline_match *out)
{
    trim(&head, &head_len);
    if (head_len == 0 || memchr(head, '\n', head_len))
        return 0;
    dateline_match found = {0};
    int rc = read_head_parts(head, head_len, located, &found);
    if (rc <= 0)
        return rc;
    while (text[consumed] == ' ' || text[consumed] == '\n')
        consumed++;
    found.consumed = consumed;
    *out = found;
    return 1;
}

/* A head ended by a separator: "SEOUL, South Korea (AP) _ ", "TOKYO, Oct. 5 Kyodo - ". */
static int find_with_separator(const char *text, const char *located, dateline_match *out)
{
    size_t sep_len = 0;
    long sep = find_separator(text, &sep_len);
    if (sep < 0)
        return 0;
    const char *head = text;
    size_t head_len = (size_t)sep;
    trim(&head, &head_len);
    drop_agency(head, &head_len);
    return read_head(head, head_len, located, (size_t)sep + sep_len, text, out);
}

/* Finds the first agency credit, "(PTI)" or "/TASS/", within the first DATELINE_MAX_HEAD
   bytes: sets *open to the offset of its opening mark and *after to the offset just past
   its closing one. Returns 1, or 0 when the first such mark opens no credit. */
static int find_credit(const char *text, size_t *open, size_t *after)
{
    size_t limit = strnlen(text, DATELINE_MAX_HEAD);
    size_t at = strcspn(text, "(/");
    if (at >= limit)
        return 0;
    char closing = text[at] == '(' ? ')' : '/';
    const char *close = memchr(text + at + 1, closing, strnlen(text + at + 1, DATELINE_MAX_CREDIT));
    if (!close || !is_credit_name(text + at + 1, (size_t)(close - text - at - 1)))
        return 0;
    *open = at;
    *after = (size_t)(close - text) + 1;
    return 1;
}

/* After a credit: an optional period, then an optional dash ("(EFE).- ", "/TASS/. ",
   "(AFP) - "). Returns the offset past them; *has_separator tells whether a dash came. */
static size_t skip_credit_separator(const char *text, size_t at, int *has_separator)
{
    *has_separator = 0;
    if (text[at] == '.')
        at++;
    while (text[at] == ' ')
        at++;
    for (size_t i = 0; i < sizeof credit_separators / sizeof credit_separators[0]; i++) {
        const token *sep = &credit_separators[i];
        if (strncmp(text + at, sep->text, sep->len) != 0)
            continue;
        /* an ASCII dash must stand alone: "(AFP) - Talks", not "(AFP) -based" */
        char next = text[at + sep->len];
        if (sep->len < 3 && next != ' ' && next != '\n')
            continue;
        *has_separator = 1;
        return at + sep->len;
    }
    return at;
}

/* A head ended by an agency credit: "New Delhi, Jul 10 (PTI) ", "Brasília, Jan 20 (EFE).- ",
   "MOSCOW, June 1. /TASS/. ". */
static int find_with_credit(const char *text, const char *located, dateline_match *out)
{
    size_t open, after;
    if (!find_credit(text, &open, &after))
        return 0;
    int has_separator;
    size_t consumed = skip_credit_separator(text, after, &has_separator);
    if (!has_separator && text[after] != ' ' && text[after] != '.' && text[after] != '\n')
        return 0;
    int rc = read_head(text, open, located, consumed, text, out);
    if (rc == 1 && ((!has_separator && !out->month) || text[out->consumed] == '\0')) {
        free(out->place);
        memset(out, 0, sizeof *out);
        return 0;
    }
    return rc;
}

int dateline_find(const char *text, const char *located, dateline_match *out)
{
    memset(out, 0, sizeof *out);
    int rc = find_with_separator(text, located, out);
    if (rc != 0)
        return rc;
    return find_with_credit(text, located, out);
}
