/*
 * Temporal expressions in wire copy, resolved to ISO 8601 / TIMEX3 values.
 *
 * A hand-written scanner (date_tokens.c) turns the text into tokens once and
 * classifies each word against a small lexicon; the grammar below runs only at
 * tokens that can start an expression (a month, a weekday, a number, "today",
 * "next", "later" ...), so the cost is one pass over the text. Each match is
 * resolved against the story's reference date, the local date of its
 * publication time in the sender's time zone:
 *
 *   Nov. 17, March 29, 17 November       -> a month and day; the year is the one
 *                                           the sentence's tense points to
 *   Dec. 7, 1941, 2016-11-17, 11/17/2016 -> a full date
 *   June 2000, September, mid-July       -> a month ("2000-06")
 *   in 2016, the 1990s                   -> a year or decade
 *   Thursday (morning), later Monday     -> a weekday: forward for future tense,
 *                                           back for past, else the nearest
 *   today, tomorrow, next week, last month, this year, two years ago
 *   Nov. 19 and 20, April 4 to 6, June 28-29 -> an interval "A/B"
 *   two-day, 90-day, 75 years            -> durations "P2D", "P90D", "P75Y"
 *   this spring, next winter, spring 2017 -> seasons "2016-SP", "2016-WI", "2017-SP"
 *   on the 27th, the 27th of May         -> a day of this month (or the next or
 *                                           last one, by tense)
 *   December last year, Nov. 20 next year -> that month or day of the year named
 *   that April                           -> April of the year the story last named
 *   over the weekend                     -> the weekend the tense points to ("2022-W45-WE")
 *   9 a.m., 10:30 local time, at 10:30   -> a time on the day of a date in the same
 *                                           sentence, else the story's day ("...T09:00")
 *   the first quarter, Q3 2024, first half -> "2024-Q1", "2024-Q3", "2024-H1"
 *   fiscal 2024, FY2024                  -> "FY2024"
 *
 * A year or week left out is the nearest one on the side the tense points to.
 * A cue before the expression ("will meet", "met", "hosts") decides alone; one
 * only after it (often a reporting verb: "..., officials said") or none makes
 * the nearest date win, the cue's side by a margin (WEAK_CUE_PENALTY_*).
 *
 * tag_dates_find_in() takes the tokens already made, so that dates and events
 * (tag_dates_events_find() in events.h) scan the text once.
 */
#include "dates.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date_calendar.h"
#include "date_tense.h"
#include "date_tokens.h"

typedef struct date_finder {
    const char *text;
    const date_tokens *tokens;
    date_civil ref;
    int last_year; /* the year last written out ("in February 2021"), for "that April" */
    telex_date *out;
    size_t n_out;
    size_t cap_out;
    size_t *clock_tokens; /* the first token of each clock time in out, in order */
    size_t *clock_outs;   /* ... and its index in out */
    size_t n_clocks;
    size_t cap_clocks;
    char *err;
    size_t errlen;
} date_finder;

/* A matcher's result: tokens consumed (the match ends before `next`), 0 for no
   match; -1 on an error already described in f->err. */
typedef int match_result;

static const date_token *tok_at(const date_finder *f, size_t i)
{
    return i < f->tokens->n ? &f->tokens->v[i] : NULL;
}

static int lex_at(const date_finder *f, size_t i)
{
    const date_token *t = tok_at(f, i);
    return t && t->kind == DATE_TOK_WORD ? t->lex : DL_NONE;
}

static int is_word(const date_finder *f, size_t i, const char *w)
{
    return date_tok_is_word(f->text, f->tokens, i, w);
}

/* 1 when token i directly follows token i - 1 with no space between. */
static int glued(const date_finder *f, size_t i)
{
    const date_token *t = tok_at(f, i);
    return t && i > 0 && !t->space_before;
}

/* ---- output ---------------------------------------------------------------- */

static int emit(date_finder *f, size_t first, size_t last, const char *value, const char *type)
{
    const date_token *a = &f->tokens->v[first], *b = &f->tokens->v[last];
    if (f->n_out == f->cap_out) {
        size_t cap = f->cap_out ? f->cap_out * 2 : 16;
        telex_date *grown = realloc(f->out, cap * sizeof *grown);
        if (!grown)
            goto err_oom;
        f->out = grown;
        f->cap_out = cap;
    }
    telex_date *d = &f->out[f->n_out];
    memset(d, 0, sizeof *d);
    d->span.start = a->start;
    d->span.end = b->end;
    d->text = strndup(f->text + a->start, (size_t)(b->end - a->start));
    d->value = strdup(value);
    d->type = strdup(type);
    if (!d->text || !d->value || !d->type) {
        telex_date_clear(d);
        goto err_oom;
    }
    f->n_out++;
    return 0;
err_oom:
    snprintf(f->err, f->errlen, "out of memory storing a date expression");
    return -1;
}

/* Writes v zero-padded to width digits at p (with a '-' first when negative);
   returns the end. snprintf's cost shows in a profile, and values are short. */
static char *put_number(char *p, int v, int width)
{
    char digits[12];
    int n = 0;
    unsigned u = v < 0 ? 0u - (unsigned)v : (unsigned)v;
    if (v < 0)
        *p++ = '-';
    do {
        digits[n++] = (char)('0' + u % 10);
        u /= 10;
    } while (u > 0);
    while (n < width)
        digits[n++] = '0';
    while (n > 0)
        *p++ = digits[--n];
    *p = '\0';
    return p;
}

/* "YYYY-MM-DD" into buf (at least 16 bytes: a valid year has at most 5 digits). */
static void format_day(char *buf, date_civil d)
{
    char *p = put_number(buf, d.year, 4);
    *p++ = '-';
    p = put_number(p, d.month, 2);
    *p++ = '-';
    put_number(p, d.day, 2);
}

static void format_week(char *buf, size_t len, date_civil d)
{
    int week_year, week;
    date_iso_week(d, &week_year, &week);
    snprintf(buf, len, "%04d-W%02d", week_year, week);
}

/* Emits one day, with a part of the day ('M', 'A', 'E', 'N') as a time value. */
static int emit_day(date_finder *f, size_t first, size_t last, date_civil d, int part)
{
    char value[40];
    format_day(value, d);
    if (!part)
        return emit(f, first, last, value, "date");
    const char *suffix = part == 'M' ? "TMO" : part == 'A' ? "TAF" : part == 'E' ? "TEV" : "TNI";
    strncat(value, suffix, sizeof value - strlen(value) - 1);
    return emit(f, first, last, value, "time");
}

static int emit_month(date_finder *f, size_t first, size_t last, int year, int month)
{
    char value[24];
    char *p = put_number(value, year, 4);
    *p++ = '-';
    put_number(p, month, 2);
    return emit(f, first, last, value, "date");
}

static int emit_year(date_finder *f, size_t first, size_t last, int year)
{
    f->last_year = year;
    char value[16];
    put_number(value, year, 4);
    return emit(f, first, last, value, "date");
}

/* The first token of the sentence before the one holding token i (or of i's
   own sentence when it is the first). */
static size_t previous_sentence_start(const date_finder *f, size_t i)
{
    const date_tokens *ts = f->tokens;
    while (i > 0 && !ts->v[i].sentence_start)
        i--;
    if (i == 0)
        return 0;
    i--;
    while (i > 0 && !ts->v[i].sentence_start)
        i--;
    return i;
}

/* The day of the last day-valued date found before token i in its sentence or
   the one before ("Talks opened Nov. 3. The next day ..."); 0 when there is none. */
static int anchor_day_before(const date_finder *f, size_t i, date_civil *day)
{
    int32_t from = f->tokens->v[previous_sentence_start(f, i)].start;
    int32_t to = f->tokens->v[i].start;
    for (size_t k = f->n_out; k > 0; k--) {
        const telex_date *d = &f->out[k - 1];
        if (d->span.start >= to)
            continue;
        if (d->span.start < from)
            return 0;
        if (strlen(d->value) < 10 || d->value[4] != '-' || d->value[7] != '-' ||
            (d->value[10] != '\0' && d->value[10] != 'T'))
            continue;
        day->year = atoi(d->value);
        day->month = atoi(d->value + 5);
        day->day = atoi(d->value + 8);
        return date_is_valid(*day);
    }
    return 0;
}

/* ---- resolution ------------------------------------------------------------- */

static date_tense tense_of(const date_finder *f, size_t first, size_t last)
{
    return date_tense_at(f->text, f->tokens, first, last);
}

/* The tense around tokens [first, last] and how far to trust it (date_tense.h). */
typedef struct tense_cue {
    date_tense tense;
    int strong; /* the cue is before the expression in its own clause */
} tense_cue;

static tense_cue cue_of(const date_finder *f, size_t first, size_t last)
{
    tense_cue cue;
    cue.tense = date_tense_at_strength(f->text, f->tokens, first, last, &cue.strong);
    return cue;
}

/* A date on the wrong side of a weak tense cue costs this much distance: a
   cue in another clause is often not the date's own ("told reporters that the
   Sept. 15-16 summit ..."), while a year-old date written without its year is
   rare in wire copy. Against a strong cue the wrong side is never taken. */
#define WEAK_CUE_PENALTY_DAYS   120
#define WEAK_CUE_PENALTY_MONTHS 3

/* The distance of a candidate diff (in days or months) from the reference date
   under cue, or -1 when the cue rules it out. */
static int64_t candidate_score(int64_t diff, tense_cue cue, int64_t penalty)
{
    int against =
        (cue.tense == DATE_TENSE_FUTURE && diff < 0) || (cue.tense == DATE_TENSE_PAST && diff > 0);
    int64_t distance = diff < 0 ? -diff : diff;
    if (!against)
        return distance;
    return cue.strong ? -1 : distance + penalty;
}

/* A plan ("set for Oct. 31", "scheduled to run ...") reported up to this many
   days after its date is a past one: it is news that it happened. */
#define PLANNED_PAST_DAYS 60

/* The year of a month and day given without one: the nearest occurrence, on
   the side of the reference date the tense points to (the next one for the
   future, the latest for the past; a plan's date within PLANNED_PAST_DAYS
   before the reference date counts as near). 0 when the day never exists. */
static int resolve_year(const date_finder *f, int month, int day, tense_cue cue)
{
    int64_t ref = date_to_days(f->ref);
    int best_year = 0;
    int64_t best_score = INT64_MAX;
    for (int year = f->ref.year - 8; year <= f->ref.year + 8; year++) {
        date_civil d = {year, month, day};
        if (!date_is_valid(d))
            continue;
        int64_t diff = date_to_days(d) - ref;
        int64_t score = candidate_score(diff, cue, WEAK_CUE_PENALTY_DAYS);
        if (cue.strong == DATE_CUE_PLAN && diff < 0 && diff >= -PLANNED_PAST_DAYS)
            score = WEAK_CUE_PENALTY_DAYS - diff; /* "talks set for Oct. 31", reported after */
        if (score >= 0 && score < best_score) {
            best_score = score;
            best_year = year;
        }
    }
    return best_year;
}

/* The year of period `index` (1-based) of a year cut into `per_year` periods
   (12 months, 4 quarters, 2 halves), by the same rule at that granularity; a
   tie goes to the reference year. */
static int resolve_period_year(const date_finder *f, int index, int per_year, tense_cue cue)
{
    int months = 12 / per_year;
    int ref = (f->ref.year * 12 + f->ref.month - 1) / months;
    int64_t penalty = (WEAK_CUE_PENALTY_MONTHS + months - 1) / months;
    int best_year = f->ref.year;
    int64_t best_score = INT64_MAX;
    static const int order[] = {0, -1, 1}; /* the reference year first: it wins a tie */
    for (size_t k = 0; k < 3; k++) {
        int year = f->ref.year + order[k];
        int64_t score = candidate_score(year * per_year + index - 1 - ref, cue, penalty);
        if (score >= 0 && score < best_score) {
            best_score = score;
            best_year = year;
        }
    }
    return best_year;
}

static int resolve_month_year(const date_finder *f, int month, tense_cue cue)
{
    return resolve_period_year(f, month, 12, cue);
}

/* A weekday on the wrong side of a weak tense cue costs this many days: "talks
   begin at 10:30 on Thursday, officials said" on a Wednesday is tomorrow. */
#define WEAK_CUE_PENALTY_WEEKDAYS 3

/* Days from the reference date to the weekday: rel -1 last, 1 next, 0 this (on or
   after); with no rel, the nearest one on the side the tense points to (the
   day itself counts): the coming one for the future, the last for the past. */
static int weekday_offset(const date_finder *f, int weekday, int rel, int has_rel, tense_cue cue)
{
    int today = date_weekday(f->ref);
    int forward = (weekday - today + 7) % 7;
    int back = (today - weekday + 7) % 7;
    if (has_rel)
        return rel < 0 ? -(back ? back : 7) : rel > 0 ? (forward ? forward : 7) : forward;
    int64_t ahead = candidate_score(forward, cue, WEAK_CUE_PENALTY_WEEKDAYS);
    int64_t behind = candidate_score(-back, cue, WEAK_CUE_PENALTY_WEEKDAYS);
    if (ahead < 0)
        return -back;
    if (behind < 0)
        return forward;
    return ahead <= behind ? forward : -back;
}

/* ---- token shapes ------------------------------------------------------------ */

/* A day of the month at i ("17", "17th"); stores it and the index after it. */
static int day_at(const date_finder *f, size_t i, int *day, size_t *after)
{
    const date_token *t = tok_at(f, i);
    if (!t || t->kind != DATE_TOK_NUMBER || t->digits > 2 || t->value < 1 || t->value > 31)
        return 0;
    const date_token *next = tok_at(f, i + 1);
    if (next && !next->space_before) {
        if (next->kind == DATE_TOK_WORD && next->lex == DL_ORDINAL) {
            *day = t->value;
            *after = i + 2;
            return 1;
        }
        if (next->kind == DATE_TOK_WORD || next->kind == DATE_TOK_NUMBER)
            return 0;
        if ((next->punct == '.' || next->punct == ',' || next->punct == ':') && tok_at(f, i + 2) &&
            tok_at(f, i + 2)->kind == DATE_TOK_NUMBER && !tok_at(f, i + 2)->space_before)
            return 0; /* 3.5, 1,000, 10:30 */
        if (next->punct == '%')
            return 0;
    }
    *day = t->value;
    *after = i + 1;
    return 1;
}

/* A year at i: four digits 1000..2999, not part of a longer number. */
static int year_at(const date_finder *f, size_t i, int *year)
{
    const date_token *t = tok_at(f, i);
    if (!t || t->kind != DATE_TOK_NUMBER || t->digits != 4 || t->value < 1000 || t->value > 2999)
        return 0;
    const date_token *next = tok_at(f, i + 1);
    if (next && !next->space_before) {
        if (next->kind != DATE_TOK_PUNCT || next->punct == '%' || next->punct == '-' ||
            next->punct == 0x2013 || next->punct == '/')
            return 0;
        const date_token *after = tok_at(f, i + 2);
        if ((next->punct == '.' || next->punct == ',') && after && after->kind == DATE_TOK_NUMBER &&
            !after->space_before)
            return 0;
    }
    *year = t->value;
    return 1;
}

/* A month name at i, with its period if abbreviated; stores the month and the
   index of its last token. Abbreviations need a period or a number after. */
static int month_at(const date_finder *f, size_t i, int *month, size_t *last)
{
    const date_token *t = tok_at(f, i);
    if (!t || t->kind != DATE_TOK_WORD || !t->upper ||
        (t->lex != DL_MONTH && t->lex != DL_MONTH_ABBR))
        return 0;
    *month = t->value;
    *last = i;
    if (t->lex == DL_MONTH_ABBR || (t->end - t->start == 4 && is_word(f, i, "sept"))) {
        if (date_tok_is_punct(f->tokens, i + 1, '.') && glued(f, i + 1))
            *last = i + 1;
        else if (!tok_at(f, i + 1) || tok_at(f, i + 1)->kind != DATE_TOK_NUMBER)
            return 0;
    }
    return 1;
}

/* Words that may follow the second day of "Nov. 19 and 20" (so that "May 3 and 20
   people" is not a range). */
static int range_follower_ok(const date_finder *f, size_t i)
{
    const date_token *t = tok_at(f, i);
    if (!t || t->kind != DATE_TOK_WORD || t->upper || t->lex != DL_NONE)
        return 1;
    return (t->classes & WC_RANGE_FOLLOWER) != 0;
}

/* "last year", "this year", "next year" at i: stores the year meant. */
static int rel_year_at(const date_finder *f, size_t i, int *year)
{
    const date_token *unit = tok_at(f, i + 1);
    if (lex_at(f, i) != DL_REL || !unit || unit->kind != DATE_TOK_WORD || unit->lex != DL_UNIT ||
        unit->value != 'Y' || unit->plural)
        return 0;
    *year = f->ref.year + tok_at(f, i)->value;
    return 1;
}

/* ---- matchers ---------------------------------------------------------------- */

typedef struct day_range {
    int month2; /* 0 when there is no second day */
    int day2;
    size_t first2; /* first token of the second part */
    size_t last2;  /* last token of the second part */
    int is_list;   /* "May 3 and 10": two dates, not an interval */
} day_range;

/* After "Month Day" ending before k: "-29", "to 6", "and 20", "to Dec. 2". */
static void match_second_day(const date_finder *f, size_t k, int month, int day, size_t start,
                             day_range *r)
{
    int is_dash = date_tok_is_dash(f->tokens, k);
    int is_and = is_word(f, k, "and") || is_word(f, k, "or");
    int between = start > 0 && is_word(f, start - 1, "between");
    memset(r, 0, sizeof *r);
    if (!is_dash && lex_at(f, k) != DL_RANGE)
        return;
    int month2 = month, day2;
    size_t j = k + 1, after, month_last;
    if (month_at(f, j, &month2, &month_last))
        j = month_last + 1;
    if (!day_at(f, j, &day2, &after) || (!is_dash && !range_follower_ok(f, after)))
        return;
    if (lex_at(f, after) == DL_MONTH || lex_at(f, after) == DL_MONTH_ABBR)
        return; /* "4 and 5 June" is not ours to split */
    int later = month2 != month ? 1 : day2 > day;
    if (!later)
        return;
    r->month2 = month2;
    r->day2 = day2;
    r->first2 = k + 1;
    r->last2 = after - 1;
    r->is_list = is_and && !between && !(month2 == month && day2 == day + 1) && month2 == month;
}

/* "Nov. 17", "Nov. 19 and 20", "April 4 to 6", "Dec. 7, 1941"; the month's tokens
   are [start, month_last] and the day starts at d. */
static match_result match_month_day(date_finder *f, size_t start, size_t month_last, int month,
                                    size_t d, size_t *next)
{
    int day, year = 0, explicit_year = 0;
    size_t after;
    if (!day_at(f, d, &day, &after))
        return 0;
    day_range r;
    match_second_day(f, after, month, day, start, &r);
    size_t last = r.month2 ? r.last2 : after - 1;
    size_t y = last + 1;
    if (date_tok_is_punct(f->tokens, y, ',') && !tok_at(f, y)->space_before)
        y++;
    if (year_at(f, y, &year)) {
        explicit_year = 1;
        last = y;
        f->last_year = year;
    } else if (rel_year_at(f, last + 1, &year)) {
        explicit_year = 1; /* "Nov. 20 last year" */
        last += 2;
    } else {
        year = resolve_year(f, month, day, cue_of(f, start, last));
    }
    date_civil a = {year, month, day};
    if (!date_is_valid(a))
        return 0;
    date_civil b = {year + (r.month2 && r.month2 < month), r.month2, r.day2};
    *next = last + 1;
    if (r.month2 && !date_is_valid(b))
        r.month2 = 0;
    if (!r.month2)
        return emit_day(f, start, explicit_year ? last : after - 1, a, 0) ? -1 : 1;
    if (r.is_list) {
        if (emit_day(f, start, after - 1, a, 0) || emit_day(f, r.first2, r.last2, b, 0))
            return -1;
        return 1;
    }
    char value[48], from[16], to[16];
    format_day(from, a);
    format_day(to, b);
    snprintf(value, sizeof value, "%s/%s", from, to);
    return emit(f, start, last, value, "date") ? -1 : 1;
}

/* The word before a bare month or year that makes it a date: "in May", "the 2016
   election", "June and July", a modifier ("early June"), or "mid-". */
static int has_date_cue(const date_finder *f, size_t i)
{
    if (i == 0 || f->tokens->v[i].sentence_start)
        return 0;
    int lex = lex_at(f, i - 1);
    if (lex == DL_CUE || lex == DL_MOD || lex == DL_REL)
        return 1;
    if (lex == DL_RANGE && i >= 2) {
        int before = lex_at(f, i - 2);
        const date_token *t = tok_at(f, i - 2);
        return before == DL_MONTH || before == DL_MONTH_ABBR ||
               (t->kind == DATE_TOK_NUMBER && t->digits == 4) ||
               (t->kind == DATE_TOK_PUNCT && t->punct == '.' && lex_at(f, i - 3) == DL_MONTH_ABBR);
    }
    return 0;
}

/* The first token of "the end of", "end of" or "end-" right before token i, or
   i when there is none: "the end of June" and "end-June" are one expression. */
static size_t end_of_lead(const date_finder *f, size_t i)
{
    if (i >= 2 && date_tok_is_dash(f->tokens, i - 1) && glued(f, i - 1) && glued(f, i) &&
        is_word(f, i - 2, "end"))
        return i - 2;
    if (i < 2 || !is_word(f, i - 1, "of") || !is_word(f, i - 2, "end"))
        return i;
    return i >= 3 && is_word(f, i - 3, "the") ? i - 3 : i - 2;
}

/* A month at i, or a month and day, or a month and year; span from start. */
static match_result match_month(date_finder *f, size_t start, size_t i, int rel, int has_rel,
                                size_t *next)
{
    int month, year;
    size_t last;
    if (!month_at(f, i, &month, &last))
        return 0;
    if (!has_rel) {
        int ignored_day;
        size_t ignored_after;
        match_result day = match_month_day(f, start, last, month, last + 1, next);
        if (day != 0 || day_at(f, last + 1, &ignored_day, &ignored_after))
            return day; /* "Feb. 30" is no date at all, not February */
    }
    size_t y = last + 1;
    if (is_word(f, y, "of"))
        y++;
    if (!has_rel && year_at(f, y, &year)) {
        f->last_year = year;
        *next = y + 1;
        return emit_month(f, start, y, year, month) ? -1 : 1;
    }
    if (!has_rel && rel_year_at(f, y, &year)) { /* "December last year", "June of next year" */
        *next = y + 2;
        return emit_month(f, start, y + 1, year, month) ? -1 : 1;
    }
    if (!has_rel && start == i && i > 0 && is_word(f, i - 1, "that") && f->last_year &&
        month != 5) { /* "agreed that April": the year the story last named; not "that May said" */
        *next = last + 1;
        return emit_month(f, i - 1, last, f->last_year, month) ? -1 : 1;
    }
    int possessive = date_tok_is_punct(f->tokens, last + 1, 0x2019) ||
                     date_tok_is_punct(f->tokens, last + 1, '\'');
    possessive = possessive && glued(f, last + 1) && is_word(f, last + 2, "s") && month != 5;
    if (!has_rel && start == i && end_of_lead(f, i) < i)
        start = end_of_lead(f, i);
    else if (!has_rel && start == i && !has_date_cue(f, i) && !possessive)
        return 0;
    if (has_rel) {
        int ref = date_month_index(f->ref.year, f->ref.month);
        year = f->ref.year;
        if (rel < 0)
            year = date_month_index(year, month) < ref ? year : year - 1;
        else if (rel > 0)
            year = date_month_index(year, month) > ref ? year : year + 1;
    } else {
        year = resolve_month_year(f, month, cue_of(f, start, last));
    }
    *next = last + 1;
    return emit_month(f, start, last, year, month) ? -1 : 1;
}

/* A weekday at i, with an optional part of the day after it; span from start. */
static match_result match_weekday(date_finder *f, size_t start, size_t i, int rel, int has_rel,
                                  size_t *next)
{
    const date_token *t = tok_at(f, i);
    if (!t || !t->upper || t->lex != DL_WEEKDAY)
        return 0;
    size_t last = i;
    int part = 0;
    if (lex_at(f, i + 1) == DL_PART && tok_at(f, i + 1)->space_before) {
        part = tok_at(f, i + 1)->value;
        last = i + 1;
    }
    tense_cue cue = {DATE_TENSE_NONE, 0};
    if (!has_rel)
        cue = cue_of(f, start, last);
    int offset = weekday_offset(f, t->value, rel, has_rel, cue);
    *next = last + 1;
    return emit_day(f, start, last, date_add_days(f->ref, offset), part) ? -1 : 1;
}

/* The first month of a season (1 spring .. 4 winter): meteorological seasons, as
   TIMEX3's SP, SU, FA, WI; a winter is named by the year of its December. */
static int season_first_month(int season)
{
    return 3 * season;
}

/* The year of "this/next/last <season>": this season of the reference year (a
   January winter is last year's), the first one starting after the reference
   month, or the last one ended before it. */
static int season_year(const date_finder *f, int season, int rel)
{
    int ref = date_month_index(f->ref.year, f->ref.month);
    int first = season_first_month(season), year = f->ref.year;
    if (rel < 0) {
        while (date_month_index(year, first) + 2 >= ref)
            year--;
    } else if (rel > 0) {
        year = f->ref.year - 1;
        while (date_month_index(year, first) <= ref)
            year++;
    } else if (season == 4 && f->ref.month <= 2) {
        year--;
    }
    return year;
}

static int emit_season(date_finder *f, size_t first, size_t last, int year, int season)
{
    static const char *const suffixes[] = {"", "-SP", "-SU", "-FA", "-WI"};
    char value[24];
    strcpy(put_number(value, year, 4), suffixes[season]);
    return emit(f, first, last, value, "date");
}

/* "(in) spring 2017", "the summer of 2016": a season with its year after a cue. */
static match_result match_season(date_finder *f, size_t i, size_t *next)
{
    size_t y = i + 1;
    int year;
    if (is_word(f, y, "of"))
        y++;
    if (!has_date_cue(f, i) || !year_at(f, y, &year))
        return 0; /* "for spring 2017", not "prices fall 2016 percent" */
    *next = y + 1;
    return emit_season(f, i, y, year, tok_at(f, i)->value) ? -1 : 1;
}

/* "this week", "next month", "last year", "this weekend", "next Friday", "last May",
   "this morning"; the relative word is at i, the span starts at start. */
static match_result match_relative(date_finder *f, size_t start, size_t i, size_t *next)
{
    int rel = tok_at(f, i)->value;
    const date_token *unit = tok_at(f, i + 1);
    char value[40];
    if (!unit || unit->kind != DATE_TOK_WORD)
        return 0;
    if (unit->lex == DL_WEEKDAY)
        return match_weekday(f, start, i + 1, rel, 1, next);
    if (unit->lex == DL_MONTH)
        return match_month(f, start, i + 1, rel, 1, next);
    if (unit->lex == DL_PART && rel == 0 && is_word(f, i, "this")) {
        *next = i + 2;
        return emit_day(f, start, i + 1, f->ref, unit->value) ? -1 : 1;
    }
    if (unit->lex == DL_SEASON) {
        *next = i + 2;
        return emit_season(f, start, i + 1, season_year(f, unit->value, rel), unit->value) ? -1 : 1;
    }
    if (unit->lex != DL_UNIT || unit->plural)
        return 0;
    switch (unit->value) {
    case 'W':
        format_week(value, sizeof value, date_add_days(f->ref, 7 * rel));
        break;
    case 'E':
        format_week(value, sizeof value, date_add_days(f->ref, 7 * rel));
        strncat(value, "-WE", sizeof value - strlen(value) - 1);
        break;
    case 'M': {
        int index = date_month_index(f->ref.year, f->ref.month) + rel;
        snprintf(value, sizeof value, "%04d-%02d", index / 12, index % 12 + 1);
        break;
    }
    case 'Y':
        snprintf(value, sizeof value, "%04d", f->ref.year + rel);
        break;
    case 'D': { /* "the next day": the day after the date the story last named */
        date_civil day;
        if (rel <= 0 || start != i || i == 0 || !is_word(f, i - 1, "the") ||
            !anchor_day_before(f, i, &day))
            return 0;
        *next = i + 2;
        return emit_day(f, i - 1, i + 1, date_add_days(day, 1), 0) ? -1 : 1;
    }
    default:
        return 0;
    }
    *next = i + 2;
    return emit(f, start, i + 1, value, "date") ? -1 : 1;
}

/* today, tomorrow, yesterday, tonight, with an optional part of the day. */
static match_result match_deictic(date_finder *f, size_t i, size_t *next)
{
    const date_token *t = tok_at(f, i);
    if (t->value == 0 && i > 0 && is_word(f, i - 1, "USA"))
        return 0; /* the newspaper */
    int offset = t->value == 9 ? 0 : t->value;
    int part = t->value == 9 ? 'N' : 0;
    size_t last = i;
    if (!part && lex_at(f, i + 1) == DL_PART) {
        part = tok_at(f, i + 1)->value;
        last = i + 1;
    }
    *next = last + 1;
    return emit_day(f, i, last, date_add_days(f->ref, offset), part) ? -1 : 1;
}

/* The number a token stands for: digits (up to three), a number word or "a". */
static int quantity_at(const date_finder *f, size_t i, int *n)
{
    const date_token *t = tok_at(f, i);
    if (!t)
        return 0;
    if (t->kind == DATE_TOK_NUMBER) {
        if (t->digits > 3 || t->value < 1 || glued(f, i))
            return 0;
        *n = t->value;
        return 1;
    }
    if (t->kind == DATE_TOK_WORD && (t->lex == DL_NUMWORD || t->lex == DL_ARTICLE)) {
        *n = t->value;
        return 1;
    }
    return 0;
}

/* "N units ago": a date of the unit's granularity. */
static match_result emit_ago(date_finder *f, size_t i, size_t last, int n, int unit)
{
    char value[40];
    switch (unit) {
    case 'D':
        return emit_day(f, i, last, date_add_days(f->ref, -n), 0) ? -1 : 1;
    case 'W':
        format_week(value, sizeof value, date_add_days(f->ref, -7 * (int64_t)n));
        break;
    case 'M': {
        int index = date_month_index(f->ref.year, f->ref.month) - n;
        snprintf(value, sizeof value, "%04d-%02d", index / 12, index % 12 + 1);
        break;
    }
    case 'Y':
        snprintf(value, sizeof value, "%04d", f->ref.year - n);
        break;
    case 'X':
        snprintf(value, sizeof value, "%04d", f->ref.year - 10 * n);
        break;
    default:
        return 0;
    }
    return emit(f, i, last, value, "date") ? -1 : 1;
}

/* "two-day", "90-day", "75 years", "three weeks", "two years ago", "a day after". */
static match_result match_quantity(date_finder *f, size_t i, size_t *next)
{
    int n;
    if (!quantity_at(f, i, &n))
        return 0;
    int article = lex_at(f, i) == DL_ARTICLE;
    size_t u = i + 1;
    int hyphenated = date_tok_is_dash(f->tokens, u) && glued(f, u) && !article;
    if (hyphenated)
        u++;
    const date_token *unit = tok_at(f, u);
    if (!unit || unit->kind != DATE_TOK_WORD || unit->lex != DL_UNIT || unit->value == 'E' ||
        (hyphenated && (unit->plural || !glued(f, u))))
        return 0;
    if (!hyphenated && unit->plural != (n != 1))
        return 0;
    char value[32];
    if (!hyphenated && lex_at(f, u + 1) == DL_AGO) {
        *next = u + 2;
        return emit_ago(f, i, u + 1, n, unit->value);
    }
    if (article || (n == 1 && !hyphenated)) {
        /* "a day after X": the day before the story's own news */
        if (unit->value == 'D' && is_word(f, u + 1, "after")) {
            *next = u + 2;
            return emit_day(f, i, u + 1, date_add_days(f->ref, -1), 0) ? -1 : 1;
        }
        date_civil day; /* "a day later": the day after the date the story last named */
        if (unit->value == 'D' && is_word(f, u + 1, "later") && anchor_day_before(f, i, &day)) {
            *next = u + 2;
            return emit_day(f, i, u + 1, date_add_days(day, 1), 0) ? -1 : 1;
        }
        return 0; /* "a year" is a rate or vague; "one day" is "some day" */
    }
    if (unit->value == 'X')
        snprintf(value, sizeof value, "P%dY", 10 * n);
    else
        snprintf(value, sizeof value, "P%d%c", n, (char)unit->value);
    *next = u + 1;
    return emit(f, i, u, value, "duration") ? -1 : 1;
}

/* A word after "the 27th" that ends the expression: punctuation (not a
   hyphen: "the 20th-century"), "at", "when", "to" ... but not a noun ("the 27th
   anniversary", "the 20th century"). */
static int ordinal_follower_ok(const date_finder *f, size_t i)
{
    const date_token *t = tok_at(f, i);
    if (!t || (t->kind == DATE_TOK_PUNCT && !date_tok_is_dash(f->tokens, i)))
        return 1;
    return t->kind == DATE_TOK_WORD && (t->lex == DL_CUE || t->lex == DL_RANGE ||
                                        (t->classes & (WC_RANGE_FOLLOWER | WC_CLAUSE)) != 0);
}

/* "the 27th": a day of the reference month, or of the month after (future
   tense, the day has passed) or before (past tense, the day is still to come);
   "the 27th of May" is May 27. The span starts at the number. */
static match_result match_ordinal_day(date_finder *f, size_t i, size_t *next)
{
    int day, month;
    size_t after, month_last;
    if (i == 0 || !is_word(f, i - 1, "the") || lex_at(f, i + 1) != DL_ORDINAL ||
        !day_at(f, i, &day, &after))
        return 0;
    if (is_word(f, after, "of") && month_at(f, after + 1, &month, &month_last)) {
        int year = resolve_year(f, month, day, cue_of(f, i, month_last));
        date_civil d = {year, month, day};
        if (!date_is_valid(d))
            return 0;
        *next = month_last + 1;
        return emit_day(f, i, month_last, d, 0) ? -1 : 1;
    }
    if (!ordinal_follower_ok(f, after))
        return 0;
    date_tense tense = tense_of(f, i, after - 1);
    int index = date_month_index(f->ref.year, f->ref.month);
    if (tense == DATE_TENSE_FUTURE && day < f->ref.day)
        index++;
    else if (tense == DATE_TENSE_PAST && day > f->ref.day)
        index--;
    date_civil d = {index / 12, index % 12 + 1, day};
    if (!date_is_valid(d))
        return 0; /* "the 31st" in a month of 30 days: no guess */
    *next = after;
    return emit_day(f, i, after - 1, d, 0) ? -1 : 1;
}

/* ---- weekends, clock times, quarters, fiscal years ---------------------------- */

/* "(over) the weekend" at i (the word "weekend"): the weekend the tense points
   to, as the ISO week of its Sunday with "-WE" ("2022-W45-WE"). A Thursday's
   coming weekend is this week's, a Monday's past one last week's. "this/next/
   last weekend" are match_relative()'s. The span starts at "the". */
static match_result match_weekend(date_finder *f, size_t i, size_t *next)
{
    if (i == 0 || !is_word(f, i - 1, "the") || tok_at(f, i)->plural)
        return 0;
    date_civil sunday = date_add_days(f->ref, weekday_offset(f, 6, 0, 0, cue_of(f, i - 1, i)));
    char value[40];
    format_week(value, sizeof value, sunday);
    strncat(value, "-WE", sizeof value - strlen(value) - 1);
    *next = i + 1;
    return emit(f, i - 1, i, value, "date") ? -1 : 1;
}

/* "a.m." / "p.m." (or "am" / "pm" in lower case) at i: stores 'a' or 'p' and
   the index after it. */
static int meridiem_at(const date_finder *f, size_t i, int *which, size_t *after)
{
    const date_token *t = tok_at(f, i);
    if (!t || t->kind != DATE_TOK_WORD || t->upper)
        return 0;
    if (is_word(f, i, "am") || is_word(f, i, "pm")) {
        *which = f->text[t->start];
        *after = i + 1;
        return 1;
    }
    if (!(is_word(f, i, "a") || is_word(f, i, "p")) || !date_tok_is_punct(f->tokens, i + 1, '.') ||
        !glued(f, i + 1) || !is_word(f, i + 2, "m") || !glued(f, i + 2))
        return 0;
    *which = f->text[t->start];
    *after = i + 3;
    if (date_tok_is_punct(f->tokens, i + 3, '.') && glued(f, i + 3))
        *after = i + 4;
    return 1;
}

/* Remembers that out[n_out - 1], the clock time starting at token i, takes
   its day from the dates around it (anchor_clock_times()). */
static int remember_clock(date_finder *f, size_t i)
{
    if (f->n_clocks == f->cap_clocks) {
        size_t cap = f->cap_clocks ? f->cap_clocks * 2 : 8;
        size_t *tokens = realloc(f->clock_tokens, cap * sizeof *tokens);
        if (!tokens)
            goto err_oom;
        f->clock_tokens = tokens;
        size_t *outs = realloc(f->clock_outs, cap * sizeof *outs);
        if (!outs)
            goto err_oom;
        f->clock_outs = outs;
        f->cap_clocks = cap;
    }
    f->clock_tokens[f->n_clocks] = i;
    f->clock_outs[f->n_clocks] = f->n_out - 1;
    f->n_clocks++;
    return 0;
err_oom:
    snprintf(f->err, f->errlen, "out of memory storing a clock time");
    return -1;
}

/* A clock time at i: "9 a.m.", "10:30 p.m.", "10:30 local time", "at 10:30",
   "1400 GMT" is not one. The value is "THH:MM" on the story's day for now; the
   day of a date in the same sentence replaces it at the end. */
static match_result match_clock(date_finder *f, size_t i, size_t *next)
{
    const date_token *t = tok_at(f, i), *minutes = tok_at(f, i + 2);
    int hour = t->value, minute = 0, which = 0, zoned = 0;
    size_t k = i + 1, after;
    if (t->digits > 2)
        return 0;
    if (date_tok_is_punct(f->tokens, k, ':') && glued(f, k) && minutes &&
        minutes->kind == DATE_TOK_NUMBER && minutes->digits == 2 && glued(f, k + 1) &&
        minutes->value < 60) {
        minute = minutes->value;
        k += 2;
    }
    if (meridiem_at(f, k, &which, &after)) {
        if (hour < 1 || hour > 12)
            return 0;
        hour = hour % 12 + (which == 'p' ? 12 : 0);
        k = after;
    } else if (k == i + 1) {
        return 0; /* a bare number */
    }
    size_t last = k - 1;
    if (is_word(f, k, "local") && is_word(f, k + 1, "time")) {
        last = k + 1;
        zoned = 1;
    } else if (is_word(f, k, "GMT") || is_word(f, k, "UTC")) {
        last = k;
        zoned = 1;
    }
    int after_at = i > 0 && (is_word(f, i - 1, "at") || is_word(f, i - 1, "by") ||
                             is_word(f, i - 1, "until") || is_word(f, i - 1, "from"));
    if (hour > 23 || (!which && !zoned && !after_at))
        return 0; /* "the score was 10:30" is no time */
    char value[40];
    format_day(value, f->ref);
    char *p = value + strlen(value);
    *p++ = 'T';
    p = put_number(p, hour, 2);
    *p++ = ':';
    put_number(p, minute, 2);
    *next = last + 1;
    if (emit(f, i, last, value, "time") || remember_clock(f, i))
        return -1;
    return 1;
}

/* 1 when value is a day ("2016-11-17", maybe with a part of the day after). */
static int is_day_value(const char *value)
{
    size_t len = strlen(value);
    return len >= 10 && value[4] == '-' && value[7] == '-' && (len == 10 || value[10] == 'T');
}

/* Gives each clock time the day of the nearest date in its sentence: the last
   one before it ("on Friday at 9 a.m."), else the first after it ("9 a.m. on
   Friday"); with none it keeps the story's day. */
static void anchor_clock_times(date_finder *f)
{
    const date_tokens *ts = f->tokens;
    for (size_t c = 0; c < f->n_clocks; c++) {
        size_t first = f->clock_tokens[c], end = first + 1;
        while (first > 0 && !ts->v[first].sentence_start)
            first--;
        while (end < ts->n && !ts->v[end].sentence_start)
            end++;
        int32_t from = ts->v[first].start, to = end < ts->n ? ts->v[end].start : INT32_MAX;
        telex_date *clock = &f->out[f->clock_outs[c]];
        const telex_date *anchor = NULL;
        for (size_t k = 0; k < f->n_out; k++) {
            const telex_date *d = &f->out[k];
            if (d == clock || d->span.start < from || d->span.start >= to ||
                !is_day_value(d->value) || strcmp(d->type, "time") == 0)
                continue;
            if (d->span.start < clock->span.start || !anchor)
                anchor = d;
            if (d->span.start > clock->span.start)
                break;
        }
        if (anchor && is_day_value(clock->value))
            memcpy(clock->value, anchor->value, 10);
    }
}

/* After a quarter or half ending at `last`: "of 2024", "2024", "of next year",
   "of the year" or nothing. Stores the year (0: resolve by tense) and the last
   token; 0 when "of" leads elsewhere ("the first half of the match"). */
static int period_year_at(const date_finder *f, size_t last, int *year, size_t *end)
{
    size_t y = last + 1;
    *year = 0;
    *end = last;
    if (is_word(f, y, "of"))
        y++;
    if (year_at(f, y, year)) {
        *end = y;
        return 1;
    }
    if (rel_year_at(f, y, year)) {
        *end = y + 1;
        return 1;
    }
    if (y == last + 1)
        return 1;
    if (is_word(f, y, "the") && is_word(f, y + 1, "year")) {
        *end = y + 1;
        return 1;
    }
    return 0;
}

/* Emits quarter or half `index` ('Q' or 'H') as "2024-Q1" / "2024-H2" over
   [start, last] and what period_year_at() adds. */
static match_result emit_period(date_finder *f, size_t start, size_t last, int kind, int index,
                                size_t *next)
{
    int year;
    size_t end;
    if (!period_year_at(f, last, &year, &end))
        return 0;
    if (!year)
        year = resolve_period_year(f, index, kind == 'Q' ? 4 : 2, cue_of(f, start, end));
    char value[24];
    char *p = put_number(value, year, 4);
    *p++ = '-';
    *p++ = (char)kind;
    put_number(p, index, 1);
    *next = end + 1;
    return emit(f, start, end, value, "date") ? -1 : 1;
}

/* "first quarter", "second-quarter", "the second half": at the ordinal word i. */
static match_result match_ordinal_period(date_finder *f, size_t i, size_t *next)
{
    size_t p = i + 1;
    if (date_tok_is_dash(f->tokens, p) && glued(f, p) && glued(f, p + 1))
        p++;
    const date_token *t = tok_at(f, p);
    int index = tok_at(f, i)->value;
    if (!t || t->kind != DATE_TOK_WORD || t->lex != DL_PERIOD || t->value == 'q' || t->plural ||
        (t->value == 'H' && index > 2))
        return 0;
    return emit_period(f, i, p, t->value, index, next);
}

/* "Q3", "Q3 2024": an upper-case Q glued to 1..4. */
static match_result match_q_period(date_finder *f, size_t i, size_t *next)
{
    const date_token *n = tok_at(f, i + 1);
    if (!tok_at(f, i)->upper || tok_at(f, i)->value != 'q' || !n || n->kind != DATE_TOK_NUMBER ||
        !glued(f, i + 1) || n->digits != 1 || n->value < 1 || n->value > 4)
        return 0;
    const date_token *after = tok_at(f, i + 2);
    if (after && !after->space_before && after->kind != DATE_TOK_PUNCT)
        return 0;
    return emit_period(f, i, i + 1, 'Q', n->value, next);
}

/* "fiscal 2024", "fiscal year 2024", "FY2024", "FY 2024": TIMEX3 "FY2024". */
static match_result match_fiscal(date_finder *f, size_t i, size_t *next)
{
    size_t y = i + 1;
    int year, fy = is_word(f, i, "fy");
    if (fy && !tok_at(f, i)->upper)
        return 0;
    if (!fy && is_word(f, y, "year"))
        y++;
    if (!year_at(f, y, &year))
        return 0;
    char value[16] = "FY";
    put_number(value + 2, year, 4);
    *next = y + 1;
    return emit(f, i, y, value, "date") ? -1 : 1;
}

/* A number that starts an expression: 2016-11-17, 11/17/2016, 17 November (2016),
   the 1990s, in 2016, or a quantity. */
static match_result match_number(date_finder *f, size_t i, size_t *next)
{
    const date_token *t = tok_at(f, i);
    const date_tokens *ts = f->tokens;
    int year, month;
    size_t month_last;
    if (glued(f, i) && tok_at(f, i - 1)->kind != DATE_TOK_PUNCT)
        return 0;
    if (t->digits == 4 && date_tok_is_punct(ts, i + 1, '-') && glued(f, i + 1) && i + 4 < ts->n &&
        ts->v[i + 2].digits == 2 && date_tok_is_punct(ts, i + 3, '-') && ts->v[i + 4].digits == 2 &&
        glued(f, i + 2) && glued(f, i + 3) && glued(f, i + 4)) {
        date_civil d = {t->value, ts->v[i + 2].value, ts->v[i + 4].value};
        if (!date_is_valid(d))
            return 0;
        *next = i + 5;
        return emit_day(f, i, i + 4, d, 0) ? -1 : 1;
    }
    if (t->digits <= 2 && date_tok_is_punct(ts, i + 1, '/') && i + 4 < ts->n &&
        ts->v[i + 2].kind == DATE_TOK_NUMBER && date_tok_is_punct(ts, i + 3, '/') &&
        ts->v[i + 4].digits == 4 && glued(f, i + 1) && glued(f, i + 2) && glued(f, i + 3) &&
        glued(f, i + 4)) {
        date_civil d = {ts->v[i + 4].value, t->value, ts->v[i + 2].value};
        if (!date_is_valid(d))
            return 0;
        *next = i + 5;
        return emit_day(f, i, i + 4, d, 0) ? -1 : 1;
    }
    match_result clock = match_clock(f, i, next);
    if (clock != 0)
        return clock;
    int day;
    size_t after;
    if (day_at(f, i, &day, &after) && month_at(f, after, &month, &month_last)) {
        size_t last = month_last;
        if (year_at(f, month_last + 1, &year))
            last = month_last + 1;
        else
            year = resolve_year(f, month, day, cue_of(f, i, month_last));
        date_civil d = {year, month, day};
        if (!date_is_valid(d))
            return 0;
        *next = last + 1;
        return emit_day(f, i, last, d, 0) ? -1 : 1;
    }
    if (t->digits == 4 && t->value % 10 == 0 && is_word(f, i + 1, "s") && glued(f, i + 1) &&
        t->value >= 1000 && t->value <= 2999) {
        char value[16];
        snprintf(value, sizeof value, "%03d", t->value / 10);
        *next = i + 2;
        return emit(f, i, i + 1, value, "date") ? -1 : 1;
    }
    match_result ordinal = match_ordinal_day(f, i, next);
    if (ordinal != 0)
        return ordinal;
    if (year_at(f, i, &year)) {
        if (is_word(f, i + 1, "fiscal") && is_word(f, i + 2, "year")) { /* "the 2024 fiscal year" */
            char value[16] = "FY";
            put_number(value + 2, year, 4);
            *next = i + 3;
            return emit(f, i, i + 2, value, "date") ? -1 : 1;
        }
        if (!has_date_cue(f, i))
            return 0;
        *next = i + 1;
        return emit_year(f, i, i, year) ? -1 : 1;
    }
    return match_quantity(f, i, next);
}

/* later/earlier/early/late/mid before a weekday, a relative expression, a month
   or a year: "later Monday", "earlier this year", "mid-July", "late 2016". */
static match_result match_modifier(date_finder *f, size_t i, size_t *next)
{
    size_t j = i + 1;
    int year;
    if (is_word(f, i, "mid")) {
        if (!date_tok_is_dash(f->tokens, j) || !glued(f, j))
            return 0;
        j++;
    }
    switch (lex_at(f, j)) {
    case DL_WEEKDAY:
        return match_weekday(f, i, j, 0, 0, next);
    case DL_REL:
        return match_relative(f, i, j, next);
    case DL_MONTH:
    case DL_MONTH_ABBR:
        return match_month(f, i, j, 0, 0, next);
    default:
        break;
    }
    if (!is_word(f, i, "later") && !is_word(f, i, "earlier") && year_at(f, j, &year)) {
        *next = j + 1;
        return emit_year(f, i, j, year) ? -1 : 1;
    }
    return 0;
}

/* A token an expression can start at: a number, or a word of a date class
   (month, weekday, today, next, later, two, a ...). Every other token is
   passed over without a call. */
static int can_start_date(const date_token *t)
{
    if (t->kind == DATE_TOK_NUMBER)
        return 1;
    switch (t->kind == DATE_TOK_WORD ? t->lex : DL_NONE) {
    case DL_MONTH:
    case DL_MONTH_ABBR:
    case DL_WEEKDAY:
    case DL_DEICTIC:
    case DL_REL:
    case DL_MOD:
    case DL_NUMWORD:
    case DL_SEASON:
    case DL_ARTICLE:
    case DL_ORDWORD:
    case DL_PERIOD:
    case DL_FISCAL:
        return 1;
    case DL_UNIT:
        return t->value == 'E' || t->value == 'M' || t->value == 'D'; /* "the weekend" ... */
    default:
        return 0;
    }
}

/* "the end of the month": the reference month, by the first token of "the end of". */
static match_result match_end_of_month(date_finder *f, size_t i, size_t *next)
{
    if (i == 0 || !is_word(f, i - 1, "the") || tok_at(f, i)->plural ||
        end_of_lead(f, i - 1) == i - 1)
        return 0;
    *next = i + 1;
    return emit_month(f, end_of_lead(f, i - 1), i, f->ref.year, f->ref.month) ? -1 : 1;
}

/* "the following day": the day after the date the story last named. */
static match_result match_following_day(date_finder *f, size_t i, size_t *next)
{
    date_civil day;
    if (i < 2 || tok_at(f, i)->plural || !is_word(f, i - 1, "following") ||
        !is_word(f, i - 2, "the") || !anchor_day_before(f, i - 2, &day))
        return 0;
    *next = i + 1;
    return emit_day(f, i - 2, i, date_add_days(day, 1), 0) ? -1 : 1;
}

/* A unit word that ends an expression: "the weekend", "the end of the month",
   "the following day". */
static match_result match_unit(date_finder *f, size_t i, size_t *next)
{
    switch (tok_at(f, i)->value) {
    case 'E':
        return match_weekend(f, i, next);
    case 'M':
        return match_end_of_month(f, i, next);
    case 'D':
        return match_following_day(f, i, next);
    default:
        return 0;
    }
}

static match_result match_at(date_finder *f, size_t i, size_t *next)
{
    const date_token *t = &f->tokens->v[i];
    if (t->kind == DATE_TOK_NUMBER)
        return match_number(f, i, next);
    if (t->kind != DATE_TOK_WORD)
        return 0;
    switch (t->lex) {
    case DL_MONTH:
    case DL_MONTH_ABBR:
        return match_month(f, i, i, 0, 0, next);
    case DL_WEEKDAY:
        return match_weekday(f, i, i, 0, 0, next);
    case DL_DEICTIC:
        return match_deictic(f, i, next);
    case DL_REL:
        return match_relative(f, i, i, next);
    case DL_MOD:
        return match_modifier(f, i, next);
    case DL_SEASON:
        return match_season(f, i, next);
    case DL_NUMWORD:
    case DL_ARTICLE:
        return match_quantity(f, i, next);
    case DL_UNIT:
        return match_unit(f, i, next);
    case DL_ORDWORD:
        return match_ordinal_period(f, i, next);
    case DL_PERIOD:
        return match_q_period(f, i, next);
    case DL_FISCAL:
        return match_fiscal(f, i, next);
    default:
        return 0;
    }
}

int tag_dates_find_in(const telex_story *story, const date_tokens *tokens, telex_date **dates,
                      size_t *n_dates, char *err, size_t errlen)
{
    date_finder f = {0};
    *dates = NULL;
    *n_dates = 0;
    if (!story->text)
        return 0;
    f.text = story->text;
    f.tokens = tokens;
    f.err = err;
    f.errlen = errlen;
    if (date_reference_from_published(story->published, story->utc_offset_minutes, &f.ref, err,
                                      errlen) != 0) {
        char own[160];
        if (!story->dateline_date ||
            date_reference_from_published(story->dateline_date, 0, &f.ref, own, sizeof own) != 0)
            return -1;
    }
    for (size_t i = 0; i < tokens->n;) {
        size_t next = 0;
        match_result rc = can_start_date(&tokens->v[i]) ? match_at(&f, i, &next) : 0;
        if (rc < 0)
            goto err_free_out;
        i = rc > 0 && next > i ? next : i + 1;
    }
    anchor_clock_times(&f);
    free(f.clock_tokens);
    free(f.clock_outs);
    *dates = f.out;
    *n_dates = f.n_out;
    return 0;
err_free_out:
    for (size_t k = 0; k < f.n_out; k++)
        telex_date_clear(&f.out[k]);
    free(f.out);
    free(f.clock_tokens);
    free(f.clock_outs);
    return -1;
}

int tag_dates_find(const telex_story *story, telex_date **dates, size_t *n_dates, char *err,
                   size_t errlen)
{
    date_tokens tokens;
    *dates = NULL;
    *n_dates = 0;
    if (!story->text)
        return 0;
    if (date_tokenize(story->text, strlen(story->text), &tokens, err, errlen) != 0)
        return -1;
    int rc = tag_dates_find_in(story, &tokens, dates, n_dates, err, errlen);
    date_tokens_free(&tokens);
    return rc;
}
