/*
 * The date tagger's building blocks: calendar arithmetic (day counts,
 * weekdays, ISO weeks, leap years), the reference date of a story in its
 * sender's time zone, the scanner's lexicon and sentence starts, and the
 * tense read around an expression.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>
#include <criterion/parameterized.h>

#include "date_calendar.h"
#include "date_tense.h"
#include "date_tokens.h"

typedef struct calendar_case {
    date_civil day;
    int64_t days; /* since 1970-01-01 */
    int weekday;  /* 0 Monday */
    int week_year;
    int week;
} calendar_case;

static calendar_case calendar_cases[] = {
    {{1970, 1, 1}, 0, 3, 1970, 1},       {{1941, 12, 7}, -10252, 6, 1941, 49},
    {{2016, 2, 29}, 16860, 0, 2016, 9},  {{2016, 11, 10}, 17115, 3, 2016, 45},
    {{2018, 3, 29}, 17619, 3, 2018, 13}, {{2021, 1, 1}, 18628, 4, 2020, 53},
    {{2019, 12, 30}, 18260, 0, 2020, 1}, {{2000, 2, 29}, 11016, 1, 2000, 9},
};

ParameterizedTestParameters(calendar, converts)
{
    return cr_make_param_array(calendar_case, calendar_cases,
                               sizeof calendar_cases / sizeof calendar_cases[0]);
}

ParameterizedTest(calendar_case *c, calendar, converts)
{
    cr_expect_eq(date_to_days(c->day), c->days);
    date_civil back = date_from_days(c->days);
    cr_expect(back.year == c->day.year && back.month == c->day.month && back.day == c->day.day);
    cr_expect_eq(date_weekday(c->day), c->weekday);
    int week_year, week;
    date_iso_week(c->day, &week_year, &week);
    cr_expect_eq(week_year, c->week_year);
    cr_expect_eq(week, c->week);
}

Test(calendar, leap_years_and_valid_days)
{
    cr_expect(date_is_leap(2016) && date_is_leap(2000) && !date_is_leap(1900) &&
              !date_is_leap(2017));
    cr_expect(date_is_valid((date_civil){2016, 2, 29}));
    cr_expect(!date_is_valid((date_civil){2017, 2, 29}));
    cr_expect(!date_is_valid((date_civil){2017, 4, 31}));
    cr_expect(!date_is_valid((date_civil){2017, 13, 1}));
    date_civil next = date_add_days((date_civil){2016, 2, 28}, 1);
    cr_expect(next.month == 2 && next.day == 29);
}

typedef struct reference_case {
    char published[40];
    int offset;
    date_civil local;
} reference_case;

static reference_case reference_cases[] = {
    {"2016-11-10T03:00:00Z", 540, {2016, 11, 10}},
    {"2016-11-10T20:00:00Z", 540, {2016, 11, 11}},
    {"2016-11-10T02:00:00Z", -300, {2016, 11, 9}},
    {"2016-12-31T23:30:00Z", 60, {2017, 1, 1}},
    {"2017-01-01T00:30:00+01:00", 0, {2016, 12, 31}},
    {"2017-03-30T16:15:00+08:00", 480, {2017, 3, 30}},
    {"2016-02-28T23:00:00.250Z", 120, {2016, 2, 29}},
    {"2018-03-29", 0, {2018, 3, 29}},
};

ParameterizedTestParameters(calendar, reference_date)
{
    return cr_make_param_array(reference_case, reference_cases,
                               sizeof reference_cases / sizeof reference_cases[0]);
}

ParameterizedTest(reference_case *c, calendar, reference_date)
{
    date_civil local;
    char err[128];
    cr_assert_eq(date_reference_from_published(c->published, c->offset, &local, err, sizeof err), 0,
                 "%s", err);
    cr_expect(
        local.year == c->local.year && local.month == c->local.month && local.day == c->local.day,
        "%s%+d gave %04d-%02d-%02d", c->published, c->offset, local.year, local.month, local.day);
}

Test(calendar, rejects_an_offset_beyond_a_day)
{
    date_civil local;
    char err[128] = "";
    cr_expect_eq(
        date_reference_from_published("2016-11-10T03:00:00Z", 5000, &local, err, sizeof err), -1);
    cr_expect_not_null(strstr(err, "utc_offset_minutes 5000"), "%s", err);
}

Test(lexicon, is_consistent_and_classifies)
{
    int32_t value;
    uint8_t plural;
    cr_expect(date_lexicon_is_consistent());
    cr_expect_eq(date_lexicon_lookup("November", 8, &value, &plural), DL_MONTH);
    cr_expect_eq(value, 11);
    cr_expect_eq(date_lexicon_lookup("Sept", 4, &value, &plural), DL_MONTH_ABBR);
    cr_expect_eq(value, 9);
    cr_expect_eq(date_lexicon_lookup("THURSDAY", 8, &value, &plural), DL_WEEKDAY);
    cr_expect_eq(value, 3);
    cr_expect_eq(date_lexicon_lookup("years", 5, &value, &plural), DL_UNIT);
    cr_expect(plural);
    cr_expect_eq(date_lexicon_lookup("summit", 6, &value, &plural), DL_NONE);
    cr_expect_eq(date_lexicon_lookup("abcdefghijklmnop", 16, &value, &plural), DL_NONE);
}

/* The word classes the tense and event rules test with one AND. */
typedef struct class_case {
    char word[24]; /* an array, not a pointer: Criterion copies parameters to its workers */
    uint32_t want; /* every bit here must be set */
    uint32_t not ; /* and none of these */
} class_case;

ParameterizedTestParameters(lexicon, word_classes)
{
    static class_case cases[] = {
        {"Will", WC_FUTURE, WC_PAST},
        {"said", WC_PAST, WC_FUTURE},
        {"agreed", WC_FUTURE_BEFORE_TO | WC_ACCEPT, WC_PAST},
        {"postponed", WC_EVENT_FATE | WC_POSTPONE, WC_CANCEL},
        {"Scrapped", WC_EVENT_FATE | WC_CANCEL, 0},
        {"hundred", WC_NOT_PAST_ED, WC_PAST},
        {"the", WC_DETERMINER | WC_DEFINITE, WC_CLAUSE},
        {"which", WC_CLAUSE, WC_LINK_BOUNDARY},
        {"but", WC_CLAUSE | WC_LINK_BOUNDARY | WC_SPLITTER, 0},
        {"gen", WC_ABBREVIATION, 0},
        {"phone", WC_CALL_WORD, WC_TRIGGER},
        {"summit", WC_TRIGGER, WC_TRIGGER_VERB},
        {"hosted", WC_TRIGGER | WC_TRIGGER_VERB | WC_HOST_VERB, 0},
        {"they", WC_PLURAL_PRONOUN, WC_SINGULAR_PRONOUN},
        {"near", WC_LOCATION_CUE, 0},
        {"summitry", 0, WC_TRIGGER},
        {"videoconferencing", 0, WC_TRIGGER | WC_CALL_WORD}, /* 17 letters: past the key */
    };
    return cr_make_param_array(class_case, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(class_case *c, lexicon, word_classes)
{
    uint32_t got = date_lexicon_classes(c->word, strlen(c->word));
    cr_expect_eq(got & c->want, c->want, "%s: classes %#x, want %#x", c->word, got, c->want);
    cr_expect_eq(got & c->not, 0, "%s: classes %#x, want none of %#x", c->word, got, c->not );
}

/* The scanner sets the classes and trigger of each word token, and -ed on words of
   5 to 23 bytes; words of any length and case are classified alike. */
Test(tokens, classes_and_triggers)
{
    const char *text = "They MET and Visited Seoul; it RAINED, teleconference talked ed bed "
                       "internationalized";
    char err[128];
    date_tokens t;
    cr_assert_eq(date_tokenize(text, strlen(text), &t, err, sizeof err), 0, "%s", err);
    cr_assert_eq(t.n, 14);
    cr_expect(t.v[0].classes & WC_PLURAL_PRONOUN);
    cr_expect_eq(t.v[1].trigger, DT_MEETING);
    cr_expect(t.v[1].classes & WC_PAST);
    cr_expect_eq(t.v[3].trigger, DT_VISIT);
    cr_expect_eq(t.v[4].trigger, DT_NONE);
    cr_expect(t.v[7].classes & WC_ED);
    cr_expect_eq(t.v[9].trigger, DT_CALL);
    cr_expect(t.v[10].classes & WC_ED);
    cr_expect_not(t.v[11].classes & WC_ED);
    cr_expect_not(t.v[12].classes & WC_ED);
    cr_expect(t.v[13].classes & WC_ED);
    date_tokens_free(&t);
}

Test(tokens, numbers_words_and_sentences)
{
    const char *text =
        "Abe met Mr. Trump on Nov. 17.\n\xE2\x80\x9CToday,\xE2\x80\x9D he said: 2,400.";
    date_tokens t;
    char err[128];
    cr_assert_eq(date_tokenize(text, strlen(text), &t, err, sizeof err), 0, "%s", err);
    size_t starts = 0;
    for (size_t i = 0; i < t.n; i++)
        starts += t.v[i].sentence_start;
    cr_expect_eq(starts, 2, "sentences: %zu", starts); /* not after "Mr." or "Nov." */
    cr_expect_eq(t.v[0].kind, DATE_TOK_WORD);
    cr_expect(date_tok_is_word(text, &t, 0, "abe"));
    size_t nov = 0;
    while (nov < t.n && !date_tok_is_word(text, &t, nov, "Nov"))
        nov++;
    cr_assert_lt(nov + 2, t.n);
    cr_expect_eq(t.v[nov].lex, DL_MONTH_ABBR);
    cr_expect(date_tok_is_punct(&t, nov + 1, '.') && !t.v[nov + 1].space_before);
    cr_expect_eq(t.v[nov + 2].kind, DATE_TOK_NUMBER);
    cr_expect_eq(t.v[nov + 2].value, 17);
    cr_expect(date_tok_is_punct(&t, nov + 4, 0x201C) && t.v[nov + 4].sentence_start);
    date_tokens_free(&t);
}

Test(tokens, invalid_utf8_is_punctuation)
{
    const char text[] = "Nov\xFF 17 \xC3 \xE2\x80";
    date_tokens t;
    char err[128];
    cr_assert_eq(date_tokenize(text, sizeof text - 1, &t, err, sizeof err), 0, "%s", err);
    cr_expect_eq(t.v[1].kind, DATE_TOK_PUNCT);
    cr_expect_eq(t.v[t.n - 1].end, (int32_t)(sizeof text - 1));
    date_tokens_free(&t);
}

typedef struct tense_case {
    char text[160];
    char expr[24];
    date_tense tense;
} tense_case;

static tense_case tense_cases[] = {
    {"The two leaders will meet on Friday.", "Friday", DATE_TENSE_FUTURE},
    {"Abe agreed to meet Trump on Friday.", "Friday", DATE_TENSE_FUTURE},
    {"The summit is scheduled for Friday.", "Friday", DATE_TENSE_FUTURE},
    {"Tillerson met Xi on Friday.", "Friday", DATE_TENSE_PAST},
    {"The ministry said Friday it was ready.", "Friday", DATE_TENSE_PAST},
    {"North Korea test-fired a missile on Friday.", "Friday", DATE_TENSE_PAST},
    {"The summit will be held on Friday.", "Friday", DATE_TENSE_FUTURE},
    {"The summit was held on Friday.", "Friday", DATE_TENSE_PAST},
    {"Officials rushed to act before he gets sworn in on Friday.", "Friday", DATE_TENSE_NONE},
    {"Merkel hosts the summit on Friday.", "Friday", DATE_TENSE_FUTURE},
    {"The envoy leaves for Seoul on Friday.", "Friday", DATE_TENSE_FUTURE},
    {"The vote is set for Friday.", "Friday", DATE_TENSE_FUTURE},
    {"A deal was likely on Friday.", "Friday", DATE_TENSE_FUTURE},
    {"His visits on Friday drew no crowds.", "Friday", DATE_TENSE_PAST},
    {"Leaders join a forum hosted by Italy on Friday.", "Friday", DATE_TENSE_NONE},
    {"The forum, hosted by Italy on Friday, was a success.", "Friday", DATE_TENSE_PAST},
    {"Abe plans many meetings, including talks with Putin on Friday.", "Friday", DATE_TENSE_FUTURE},
    {"On Friday, Trump will meet Putin.", "Friday", DATE_TENSE_FUTURE},
    {"The two sides failed to reach a deal on Friday.", "Friday", DATE_TENSE_PAST},
    {"Japan won\xE2\x80\x99t agree on Friday.", "Friday", DATE_TENSE_FUTURE},
};

/* Whether the cue comes before the expression (strong) or only after it. */
typedef struct strength_case {
    char text[120];
    char expr[16];
    int strong;
} strength_case;

static strength_case strength_cases[] = {
    {"The two leaders will meet on Friday.", "Friday", 1},
    {"Merkel, who was in Rome, meets the pope on Friday.", "Friday", 1},
    {"Talks begin on Friday, officials said.", "Friday", 0},
    {"Aides said that the Friday talks were off.", "Friday", 0},
    {"Nothing happens on Friday.", "Friday", 0},
};

ParameterizedTestParameters(tense, tells_a_strong_cue)
{
    return cr_make_param_array(strength_case, strength_cases,
                               sizeof strength_cases / sizeof strength_cases[0]);
}

ParameterizedTest(strength_case *c, tense, tells_a_strong_cue)
{
    date_tokens t;
    char err[128];
    cr_assert_eq(date_tokenize(c->text, strlen(c->text), &t, err, sizeof err), 0, "%s", err);
    size_t i = 0;
    while (i < t.n && !date_tok_is_word(c->text, &t, i, c->expr))
        i++;
    cr_assert_lt(i, t.n, "case error: %s not found", c->expr);
    int strong = -1;
    date_tense_at_strength(c->text, &t, i, i, &strong);
    cr_expect_eq(strong, c->strong, "%s", c->text);
    date_tokens_free(&t);
}

ParameterizedTestParameters(tense, reads_the_clause)
{
    return cr_make_param_array(tense_case, tense_cases, sizeof tense_cases / sizeof tense_cases[0]);
}

ParameterizedTest(tense_case *c, tense, reads_the_clause)
{
    date_tokens t;
    char err[128];
    cr_assert_eq(date_tokenize(c->text, strlen(c->text), &t, err, sizeof err), 0, "%s", err);
    size_t i = 0;
    while (i < t.n && !date_tok_is_word(c->text, &t, i, c->expr))
        i++;
    cr_assert_lt(i, t.n, "case error: %s not found", c->expr);
    cr_expect_eq(date_tense_at(c->text, &t, i, i), c->tense, "%s", c->text);
    date_tokens_free(&t);
}
