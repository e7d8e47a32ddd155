/*
 * The parts of normalize_core, table by table: wire times, datelines, the
 * shipped boilerplate rules on footers of many families (and on news
 * sentences they must leave alone: agency trailers, credits, photo credits,
 * corrections, prompts), rules-file errors, UTF-8 checks, the versions map,
 * format detection, size limits, XML safety and HTML named entities in XML.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <utf8proc.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "boilerplate.h"
#include "rule_literals.h"
#include "rule_screen.h"
#include "dateline.h"
#include "formats.h"
#include "test_util.h"
#include "text.h"
#include "versions.h"
#include "wire_time.h"

/* ---- wire times ---- */

/* Criterion runs each test in a new process: parameters hold their strings inline ("" for
   none), never pointers. */
typedef struct time_case {
    char text[64];
    char utc[24]; /* "": must be rejected */
    int offset;
} time_case;

ParameterizedTestParameters(wire_time, parse)
{
    static time_case cases[] = {
        {"2019-06-25T15:30:00+09:00", "2019-06-25T06:30:00Z", 540},
        {"2016-12-05T09:40:00Z", "2016-12-05T09:40:00Z", 0},
        {"2016-12-05T09:40:00.250-05:00", "2016-12-05T14:40:00Z", -300},
        {"20170330T161500+0800", "2017-03-30T08:15:00Z", 480},
        {"20170330", "2017-03-30T00:00:00Z", 0},
        {"Wed, 05 Jul 2017 13:45:00 +0000", "2017-07-05T13:45:00Z", 0},
        {"Wed, 05 Jul 2017 09:45:00 EDT", "2017-07-05T13:45:00Z", -240},
        {"5 Jul 17 13:45 GMT", "2017-07-05T13:45:00Z", 0},
        {"2016-02-30T00:00:00Z", "", 0},
        {"2016-13-01", "", 0},
        {"yesterday", "", 0},
        {"Wed, 05 Jul 2017 13:45:00 +2500", "", 0},
        {"", "", 0},
    };
    return cr_make_param_array(time_case, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(time_case *c, wire_time, parse)
{
    wire_time t;
    int rc = wire_time_parse(c->text, &t);
    if (!c->utc[0]) {
        cr_expect_eq(rc, -1, "\"%s\" should be rejected", c->text);
        return;
    }
    cr_assert_eq(rc, 0, "\"%s\" rejected", c->text);
    char utc[21];
    wire_time_format_utc(&t, utc);
    cr_expect_str_eq(utc, c->utc, "\"%s\"", c->text);
    cr_expect_eq(t.offset_minutes, c->offset, "\"%s\"", c->text);
}

Test(wire_time, anpa_trailer)
{
    wire_time t;
    char utc[21];
    cr_assert_eq(wire_time_parse_anpa_trailer("AP-WF-03-29-18 0822GMT", &t), 0);
    wire_time_format_utc(&t, utc);
    cr_expect_str_eq(utc, "2018-03-29T08:22:00Z");
    cr_expect_eq(wire_time_parse_anpa_trailer("AP-NY-12-31-99 2359GMT", &t), 0);
    cr_expect_eq(wire_time_parse_anpa_trailer("The AP said 0822GMT", &t), -1);
    cr_expect_eq(wire_time_parse_anpa_trailer("AP-WF-02-30-18 0822GMT", &t), -1);
}

/* ---- datelines ---- */

typedef struct dateline_case {
    char text[96];
    char located[16]; /* "": none stated */
    char place[24];   /* "": no dateline */
    int month, day;
    char rest[48]; /* the text after the dateline */
} dateline_case;

ParameterizedTestParameters(dateline, find)
{
    static dateline_case cases[] = {
        {"SEOUL, South Korea (AP) _ The leaders met.", "", "SEOUL", 0, 0, "The leaders met."},
        {"TOKYO \u2014 Prime Minister Abe said.", "", "TOKYO", 0, 0, "Prime Minister Abe said."},
        {"OSAKA, Japan \u2014 Chinese President Xi", "", "OSAKA", 0, 0, "Chinese President Xi"},
        {"WASHINGTON, March 30 (Reuters) - U.S. officials", "", "WASHINGTON", 3, 30,
         "U.S. officials"},
        {"BEIJING, Jan. 5 (Xinhua) -- China said", "", "BEIJING", 1, 5, "China said"},
        {"KUALA LUMPUR, Malaysia, Sept. 3 (AFP) \u2013 Talks", "", "KUALA LUMPUR", 9, 3, "Talks"},
        {"WINSTON-SALEM, N.C. (AP) \u2014 A judge", "", "WINSTON-SALEM", 0, 0, "A judge"},
        {"S\u00c3O PAULO \u2014 Markets fell", "", "S\u00c3O PAULO", 0, 0, "Markets fell"},
        {"Tokyo \u2014 Officials said", "TOKYO", "Tokyo", 0, 0, "Officials said"},
        /* agency styles: the agency and a date after the place, places in ordinary case */
        {"TOKYO, Oct. 5 Kyodo - Japan and China agreed", "", "TOKYO", 10, 5,
         "Japan and China agreed"},
        {"New Delhi, Jul 10 (PTI) India and Japan signed", "", "New Delhi", 7, 10,
         "India and Japan signed"},
        {"Bras\u00edlia, Jan 20 (EFE).- Brazil's president", "", "Bras\u00edlia", 1, 20,
         "Brazil's president"},
        {"BEIJING, March 3 (Xinhua) -- Chinese Premier Li", "", "BEIJING", 3, 3,
         "Chinese Premier Li"},
        {"SEOUL, Nov. 2 (Yonhap) -- South Korea's top envoy", "", "SEOUL", 11, 2,
         "South Korea's top envoy"},
        {"KUALA LUMPUR, Jan 5 (Bernama) -- Malaysia will", "", "KUALA LUMPUR", 1, 5,
         "Malaysia will"},
        {"Kuala Lumpur, Jan 5 (Bernama) -- Malaysia will", "", "Kuala Lumpur", 1, 5,
         "Malaysia will"},
        {"PARIS (AFP) - French President Emmanuel Macron", "", "PARIS", 0, 0,
         "French President Emmanuel Macron"},
        {"BERLIN, 12. M\u00e4rz (dpa) - Bundeskanzler", "", "BERLIN", 3, 12, "Bundeskanzler"},
        {"BERLIN, March 12 (dpa) - German Chancellor", "", "BERLIN", 3, 12, "German Chancellor"},
        {"MOSCOW, June 1. /TASS/. Russian Foreign Minister", "", "MOSCOW", 6, 1,
         "Russian Foreign Minister"},
        {"Rio de Janeiro, 5 mayo (EFE).- El presidente", "", "Rio de Janeiro", 5, 5,
         "El presidente"},
        {"Paris, 3 f\u00e9vr. (AFP) - Le pr\u00e9sident", "", "Paris", 2, 3, "Le pr\u00e9sident"},
        {"LONDON/PARIS (Reuters) - European leaders", "", "LONDON/PARIS", 0, 0, "European leaders"},
        {"TOKYO (Kyodo) \u2014 Japan said", "", "TOKYO", 0, 0, "Japan said"},
        /* not datelines */
        {"New Delhi (PTI) India and Japan signed", "", "", 0, 0, ""},
        {"UN (United Nations) officials said on Monday", "", "", 0, 0, ""},
        {"Shares of Toyota, March 3 (TM) rose", "", "", 0, 0, ""},
        {"Officials said, March 3 (AFP) - the talks", "", "", 0, 0, ""},
        {"New Delhi \u2014 India and Japan signed", "", "", 0, 0, ""},
        {"The talks (AFP) \u2014 ended", "", "", 0, 0, ""},
        {"Officials in Tokyo said on Monday (local time) that", "", "", 0, 0, ""},
        {"Tokyo \u2014 Officials said", "", "", 0, 0, ""},
        {"The talks - which began Monday - ended.", "", "", 0, 0, ""},
        {"NATO, the alliance said on Monday \u2014 more troops", "", "", 0, 0, ""},
        {"A day after the vote, officials met.", "", "", 0, 0, ""},
    };
    return cr_make_param_array(dateline_case, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(dateline_case *c, dateline, find)
{
    dateline_match m;
    int rc = dateline_find(c->text, c->located[0] ? c->located : NULL, &m);
    if (!c->place[0]) {
        cr_expect_eq(rc, 0, "\"%s\" is no dateline (got place %s)", c->text, m.place);
        free(m.place);
        return;
    }
    cr_assert_eq(rc, 1, "no dateline found in \"%s\"", c->text);
    cr_expect_str_eq(m.place, c->place);
    cr_expect_eq(m.month, c->month);
    cr_expect_eq(m.day, c->day);
    cr_expect_str_eq(c->text + m.consumed, c->rest);
    free(m.place);
}

typedef struct month_case {
    char name[16];
    int month; /* 0: not a month */
} month_case;

ParameterizedTestParameters(dateline, month)
{
    static month_case cases[] = {
        {"Jan", 1},        {"Jan.", 1},      {"January", 1},   {"Sept.", 9}, {"Sep", 9},
        {"MARCH", 3},      {"M\u00e4rz", 3}, {"M\u00c4RZ", 3}, {"Okt.", 10}, {"Dez", 12},
        {"f\u00e9vr.", 2}, {"ao\u00fbt", 8}, {"juil.", 7},     {"ene", 1},   {"dic.", 12},
        {"mar\u00e7o", 3}, {"outubro", 10},  {"Mai", 5},       {"mayo", 5},  {"Ju", 0},
        {"Jui", 0},        {"Monday", 0},    {"Marching", 0},  {"", 0},      {".", 0},
    };
    return cr_make_param_array(month_case, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(month_case *c, dateline, month)
{
    cr_expect_eq(dateline_month(c->name, strlen(c->name)), c->month, "\"%s\"", c->name);
}

typedef struct year_case {
    int published[3]; /* year, month, day */
    int month, day;
    int year;
} year_case;

ParameterizedTestParameters(dateline, year)
{
    static year_case cases[] = {
        {{2018, 3, 29}, 3, 29, 2018}, /* same day */
        {{2018, 3, 29}, 3, 28, 2018}, /* the day before */
        {{2018, 3, 29}, 4, 1, 2018},  /* three days ahead: a time zone or an embargo */
        {{2018, 3, 29}, 4, 2, 2017},  /* further ahead: last year's */
        {{2018, 1, 2}, 12, 31, 2017}, /* sent in the new year */
        {{2017, 12, 30}, 1, 2, 2017}, /* a past date of the same year */
        {{2016, 12, 31}, 1, 2, 2016},
    };
    return cr_make_param_array(year_case, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(year_case *c, dateline, year)
{
    cr_expect_eq(dateline_year(c->published[0], c->published[1], c->published[2], c->month, c->day),
                 c->year, "%02d-%02d published %d-%02d-%02d", c->month, c->day, c->published[0],
                 c->published[1], c->published[2]);
}

/* ---- boilerplate: the shipped rules on footer families ---- */

typedef struct footer_case {
    char paragraph[640];
    char position[8]; /* head, tail or any */
    char rule[32];    /* "": must be kept */
} footer_case;

ParameterizedTestParameters(rules, shipped)
{
    static footer_case cases[] = {
        {"(Eds: Adds quote from minister)", "any", "editors-note"},
        {"(EDITORS: This story contains language some readers may find offensive.)", "any",
         "editors-note"},
        {"Editor\u2019s note: This story has been updated to correct a date.", "any",
         "editors-note"},
        {"(Adds comment from the ministry in paragraph 4)", "head", "editors-note"},
        {"AP-NY-11-10-16 0312GMT", "any", "wire-trailer"},
        {"-30-", "tail", "wire-trailer"},
        {"###", "tail", "wire-trailer"},
        {"Copyright 2019 Reuters. All rights reserved.", "any", "copyright"},
        {"\u00a9 The Japan Times Ltd.", "any", "copyright"},
        {"This material may not be published, broadcast, rewritten or redistributed.", "any",
         "copyright"},
        {"This article was originally published on The Conversation.", "tail",
         "post-appeared-first"},
        {"The post Leaders meet in Rome appeared first on Daily Planet.", "any",
         "post-appeared-first"},
        {"(Reporting by Kiyoshi Takenaka; Editing by Robert Birsel)", "tail", "credits"},
        {"Associated Press writer Mari Yamaguchi in Tokyo contributed to this report.", "tail",
         "credits"},
        {"Subscribe to our newsletter for the latest updates.", "tail", "subscription"},
        {"Sign up for our free daily briefing, delivered to your inbox.", "tail", "subscription"},
        {"Support independent journalism: become a member today.", "tail", "subscription"},
        {"Now more than ever, we rely on readers like you.", "tail", "subscription"},
        {"Thank you for reading. Please consider a donation.", "tail", "subscription"},
        {"Follow us on Twitter @worlddesk", "tail", "social"},
        {"Click here to read the full report.", "tail", "navigation"},
        {"Read more: Abe meets Trump in New York", "tail", "navigation"},
        /* news sentences the rules must leave alone */
        {"The leaders agreed to sign up for a new trade framework.", "tail", ""},
        {"Copyright reform was on the agenda, officials said in a long statement that went on "
         "to list every other topic the ministers discussed, from fisheries to farm subsidies, "
         "tariffs, quotas, steel, digital services, aircraft, textiles, wine, cheese and "
         "olive oil, and the rights of migrant workers across the bloc, which all rights "
         "groups welcomed as an overdue and long reserved step forward for the region and "
         "for everyone who had campaigned on it over the years past.",
         "any", ""},
        {"By subscribing to the treaty, Japan would commit to cutting tariffs.", "any", ""},
        {"Follow-up talks are planned in May.", "tail", ""},
        {"The Associated Press reported the meeting first.", "tail", ""},
        /* wire trailers and credits of other agencies (AFP, Reuters, Kyodo, Yonhap, Xinhua,
           Bernama, PTI) and publishers' prompts */
        {"\u2014 Reuters", "tail", "wire-trailer"},
        {"-- BERNAMA", "tail", "wire-trailer"},
        {"==Kyodo", "tail", "wire-trailer"},
        {"Enditem", "tail", "wire-trailer"},
        {"PTI KND RCJ", "tail", "wire-trailer"},
        {"bur-ft/dl", "tail", "wire-trailer"},
        {"(c) Copyright Thomson Reuters 2019. Click For Restrictions - "
         "https://agency.reuters.com/en/copyright.html",
         "any", "copyright"},
        {"Copyright 2018 Kyodo News. All Rights Reserved.", "tail", "copyright"},
        {"Our Standards: The Thomson Reuters Trust Principles.", "tail", "copyright"},
        {"(Additional reporting by Ben Blanchard in Beijing; Writing by Linda Sieg; Editing by "
         "Lincoln Feast)",
         "tail", "credits"},
        {"Compiled by Justin Harper", "tail", "credits"},
        {"Writing by Simon Lewis; editing by Kim Coghill", "tail", "credits"},
        {"[Editor: Wang Xiao]", "tail", "credits"},
        {"kokobj@yna.co.kr", "tail", "credits"},
        {"Related: Abe, Moon to meet in Tokyo next month", "tail", "navigation"},
        {"Click here for our full coverage of the summit.", "tail", "navigation"},
        {"Download our app for breaking news alerts.", "tail", "navigation"},
        {"Support our journalism. Subscribe today.", "tail", "subscription"},
        {"Follow Ju-min Park on X: @JuminPark", "tail", "social"},
        {"(Photo: Yonhap)", "any", "photo-credit"},
        {"Photo: Reuters/Kim Hong-Ji", "any", "photo-credit"},
        {"[Photo by AFP/Getty Images]", "any", "photo-credit"},
        {"FILE PHOTO: South Korean President Moon Jae-in speaks in Seoul, May 10, 2017. "
         "REUTERS/Kim Hong-Ji",
         "any", "photo-credit"},
        {"This story has been corrected to show that the meeting was in Osaka, not Kobe.", "any",
         "correction"},
        {"(This version of the story corrects the name of the minister in paragraph 5)", "any",
         "correction"},
        {"Updated: March 5, 2018 09:00 KST", "head", "timestamp"},
        /* news sentences that merely contain those words */
        {"Additional reporting by the committee found tariffs had cost farmers $2 billion.", "tail",
         ""},
        {"Compiled by the ministry, the list names 20 companies.", "tail", ""},
        {"Reuters reported on Monday that Kyodo News had seen the draft.", "tail", ""},
        {"The photo, released by Yonhap, showed Kim smiling.", "any", ""},
        {"Photos of the meeting were released by the Blue House.", "any", ""},
        {"Related talks will be held in Geneva next month.", "tail", ""},
        {"Read more into the statement and it signals a shift, analysts said.", "tail", ""},
        {"Download speeds in Pyongyang remain slow, the report said.", "tail", ""},
        {"Support our troops, the crowd chanted as the president arrived.", "tail", ""},
        {"Copyright infringement claims rose 20 percent, Kyodo News said.", "any", ""},
        {"This story has been corrected many times in the retelling, the historian said.", "any",
         ""},
        {"Our standards are higher than Beijing's, the minister said.", "tail", ""},
        {"Editor Kim Jong-soo said the paper would appeal.", "tail", ""},
        {"Follow the money, Abe told lawmakers on Twitter.", "tail", ""},
        {"\u2014 the prime minister said.", "tail", ""},
        {"Updated figures showed exports fell 3 percent in March.", "head", ""},
        {"Click, the startup, raised $5 million from Japanese investors.", "tail", ""},
        /* trailers of PTI, dpa, EFE, Bernama; syndication notices; appeals to the reader */
        {"PTI SKS RKM", "tail", "wire-trailer"},
        {"PTI ZMN", "tail", "wire-trailer"},
        {"dpa ab/sh", "tail", "wire-trailer"},
        {"dpa-AFX", "tail", "wire-trailer"},
        {"dpa-AFX ab/jha", "tail", "wire-trailer"},
        {"EFE mck/jgb", "tail", "wire-trailer"},
        {"EFE", "tail", "wire-trailer"},
        {"dpa", "tail", "wire-trailer"},
        {"-- BERNAMA", "tail", "wire-trailer"},
        {"This story has not been edited by Example Times staff and is auto-generated from a "
         "syndicated feed.",
         "tail", "syndication"},
        {"(Except for the headline, this story has not been edited by Daily Example staff and is "
         "published from a syndicated feed.)",
         "any", "syndication"},
        {"Only the headline and picture of this report may have been reworked by the staff; the "
         "rest of the content is auto-generated from a syndicated feed.",
         "any", "syndication"},
        {"This article has been edited for length.", "tail", "syndication"},
        {"Follow us on WhatsApp for the latest updates", "tail", "social"},
        {"Follow us on WhatsApp: https://example.com/channel/abc", "tail", "social"},
        {"Follow the latest news on the summit on our WhatsApp channel.", "tail", "appeal"},
        {"Follow AP\u2019s coverage of Asia and the Pacific at https://apnews.example/hub/asia",
         "tail", "appeal"},
        {"Have a news tip? Email us at tips@example.com", "tail", "appeal"},
        {"Got a news tip?", "tail", "appeal"},
        {"Get the latest news delivered to your inbox", "tail", "subscription"},
        {"Download the Example Times app for the latest news.", "tail", "navigation"},
        {"Download the Example Times app", "tail", "navigation"},
        {"Subscribe to our YouTube channel for more videos.", "tail", "subscription"},
        {"Stay updated with breaking news on our Telegram channel.", "tail", "appeal"},
        {"For the latest news, follow us on Google News.", "tail", "appeal"},
        {"\U0001F4F1 Join our Telegram channel for live updates", "tail", "appeal"},
        {"Contact the newsroom at desk@example.org.", "tail", "appeal"},
        {"Visit www.example.com for our full coverage.", "tail", "appeal"},
        /* news that merely uses those words */
        {"Russia followed the talks on Telegram, where its foreign ministry posted updates.",
         "tail", ""},
        {"Follow-up talks will be held on our side of the border, the ministry's Telegram channel "
         "said.",
         "tail", ""},
        {"Contact between our two countries has been limited since 2019.", "tail", ""},
        {"Join the talks, Moon urged Kim in a message on Telegram.", "tail", ""},
        {"Subscribers to the state broadcaster's YouTube channel fell by half.", "tail", ""},
        {"Visitors to the app rose 20 percent in March.", "tail", ""},
        {"Get ready for more talks, Kim told reporters on Telegram.", "tail", ""},
        {"\u201cFollow us on this path to peace,\u201d the president wrote on his WhatsApp "
         "channel.",
         "tail", ""},
        {"Email records from our embassy were released on Monday.", "tail", ""},
        {"The report has not been edited by independent experts, the minister said.", "tail", ""},
        {"The ministry said the video was generated from a wire service image.", "tail", ""},
        {"PTI said the talks would resume in May.", "tail", ""},
        {"India and Japan signed the pact on Monday. PTI", "tail", ""},
        {"Share prices of the app maker fell 3 percent.", "tail", ""},
        {"Download speeds on our networks are slow, officials admit.", "tail", ""},
    };
    return cr_make_param_array(footer_case, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(footer_case *c, rules, shipped)
{
    const boilerplate_rules *rules = shipped_rules();
    cr_assert_not_null(rules);
    const char *got = boilerplate_match(rules, c->paragraph, c->position);
    if (c->rule[0])
        cr_expect(got && strcmp(got, c->rule) == 0, "\"%s\": got rule %s, want %s", c->paragraph,
                  got ? got : "(none)", c->rule);
    else
        cr_expect_null(got, "\"%s\" wrongly matched rule %s", c->paragraph, got);
}

Test(rules, tail_rules_stay_out_of_the_middle)
{
    const boilerplate_rules *rules = shipped_rules();
    char *paragraphs[] = {strdup("First paragraph of news."),
                          strdup("Sign up for our newsletter today."),
                          strdup("Last paragraph of news."),
                          strdup("Body line one.\nCopyright 2020 Foo. All rights reserved.")};
    size_t n = 4, n_stripped = 0;
    telex_stripped *stripped = NULL;
    cr_assert_eq(boilerplate_apply(rules, paragraphs, &n, &stripped, &n_stripped), 0);
    cr_assert_eq(n, 4, "a tail rule removed a paragraph from the middle");
    cr_expect_str_eq(paragraphs[3], "Body line one.",
                     "a footer line glued to the last "
                     "paragraph stays");
    cr_assert_eq(n_stripped, 1);
    cr_expect_str_eq(stripped[0].rule, "copyright");
    for (size_t i = 0; i < n; i++)
        free(paragraphs[i]);
    for (size_t i = 0; i < n_stripped; i++) {
        free(stripped[i].text);
        free(stripped[i].rule);
    }
    free(stripped);
}

typedef struct rules_error_case {
    char text[64];
    char error[64];
} rules_error_case;

ParameterizedTestParameters(rules, load_errors)
{
    static rules_error_case cases[] = {
        {"# ok\nname-only\n", "test.rules:2: expected NAME<TAB>PATTERN"},
        {"a\tfoo\n\nbad name\tfoo\n", "test.rules:3: bad rule name 'bad name'"},
        {"a\tsomewhere\tfoo\n", "test.rules:1: rule 'a': bad scope 'somewhere'"},
        {"a\tany\t(unclosed\n", "test.rules:1: rule 'a': pattern error at offset 9"},
        {"a\t\n", "test.rules:1: expected NAME<TAB>PATTERN"},
        {"a\tany\tx\ty\n", "test.rules:1: expected NAME<TAB>PATTERN"},
    };
    return cr_make_param_array(rules_error_case, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(rules_error_case *c, rules, load_errors)
{
    boilerplate_rules *rules = NULL;
    char err[512] = "";
    cr_expect_eq(boilerplate_load_text(c->text, "test.rules", &rules, err, sizeof err), -1);
    cr_expect_null(rules);
    cr_expect(strncmp(err, c->error, strlen(c->error)) == 0, "got \"%s\", want \"%s...\"", err,
              c->error);
}

Test(rules, missing_file)
{
    boilerplate_rules *rules = NULL;
    char err[512];
    cr_expect_eq(boilerplate_load("/nonexistent/x.rules", &rules, err, sizeof err), -1);
    cr_expect(strstr(err, "cannot open rules file /nonexistent/x.rules") != NULL, "%s", err);
}

/* ---- boilerplate: required literals (the prefilter) ---- */

static size_t encode_codepoint(int32_t cp, char *out);

typedef struct literals_case {
    char pattern[160];
    char want[160]; /* the literals, "|"-separated, caseless ones marked "/i"; "": none */
} literals_case;

ParameterizedTestParameters(rule_literals, find)
{
    static literals_case cases[] = {
        {"(?i)^(?=.{0,400}$)[^.!?]{0,120}\\ball rights reserved\\b", "all rights reserved/i"},
        {"^(?=.{0,600}$)(?:FILE )?PHOTO\\s*:", "PHOTO"},
        {"(?i)^(?:adds|updates|fixes)\\b", "adds/i|updates/i|fixes/i"},
        {"^(?:adds|x)\\b", ""},           /* one branch requires too little */
        {"^(?:abcd)?efg", "efg"},         /* an optional group requires nothing */
        {"^abcd?efgh", "efgh"},           /* an optional character ends the run */
        {"^ab+cdef", "cdef"},             /* a repeated one too */
        {"^\\(eds\\)", "(eds)"},          /* escaped punctuation is literal */
        {"^Tokyo\\x41", ""},              /* escapes not read: no literals at all */
        {"(?x)a b c d", ""},              /* other options */
        {"(?i:abc)defg", "defg"},         /* (?i:...) stays in its group */
        {"^(?=.*\\bsaid\\b)xy", ""},      /* a lookahead's content is not used */
        {"caf\xc3\xa9s", "caf\xc3\xa9s"}, /* UTF-8 literal, case-sensitive */
        {"(?i)caf\xc3\xa9s", "caf/i"},    /* caseless non-ASCII ends the run */
        {"abc|defg", "abc|defg"},
        {"abc|de", ""},
        {"a{2}bcd", "bcd"},
    };
    return cr_make_param_array(literals_case, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(literals_case *c, rule_literals, find)
{
    rule_literals lits;
    rule_literals_find(c->pattern, &lits);
    char got[400] = "";
    for (size_t i = 0; i < lits.n; i++) {
        size_t at = strlen(got);
        snprintf(got + at, sizeof got - at, "%s%s%s", i ? "|" : "", lits.any[i].text,
                 lits.any[i].caseless ? "/i" : "");
    }
    cr_expect_str_eq(got, c->want, "pattern %s", c->pattern);
}

/* A rule is only skipped when its literals are absent, with ASCII case folding under (?i). */
Test(rule_literals, present)
{
    rule_literals lits;
    rule_literals_find("(?i)may not be (?:re)?published", &lits);
    const char *texts[] = {"It MAY NOT BE published.", "It may be published.", "May not b"};
    int want[] = {1, 0, 0};
    for (size_t i = 0; i < 3; i++) {
        size_t len = strlen(texts[i]);
        char folded[64];
        text_grams grams;
        rule_literals_fold(texts[i], len, folded);
        rule_literals_scan(folded, len, &grams);
        cr_expect_eq(rule_literals_present(&lits, &grams, texts[i], folded, len), want[i], "%s",
                     texts[i]);
    }
}

/* Caseless literals fold ASCII only, so every non-ASCII character PCRE2 matches caselessly
   with an ASCII letter must be one rule_literals_text_folds_to_ascii() knows. */
Test(rule_literals, non_ascii_folds_to_ascii_are_known, .timeout = 60)
{
    int code;
    PCRE2_SIZE offset;
    pcre2_code *re = pcre2_compile((PCRE2_SPTR) "(?i)[a-z]", PCRE2_ZERO_TERMINATED,
                                   PCRE2_UTF | PCRE2_UCP, &code, &offset, NULL);
    pcre2_match_data *md = pcre2_match_data_create(1, NULL);
    cr_assert(re && md);
    size_t folds = 0;
    for (int32_t cp = 0x80; cp < 0x110000; cp++) {
        if (cp >= 0xD800 && cp <= 0xDFFF)
            continue;
        char text[8];
        size_t len = encode_codepoint(cp, text);
        if (pcre2_match(re, (PCRE2_SPTR)text, len, 0, 0, md, NULL) < 0)
            continue;
        folds++;
        cr_expect(rule_literals_text_folds_to_ascii(text, len),
                  "U+%04X matches an ASCII letter caselessly but is not known", cp);
    }
    cr_expect_gt(folds, 0, "no fold found: the test would miss a new one");
    cr_expect_not(rule_literals_text_folds_to_ascii("plain \xe2\x80\x99 text", 12));
    pcre2_match_data_free(md);
    pcre2_code_free(re);
}

/* The one-pass preparation gives what the three separate steps give. */
Test(rule_literals, prepare_is_fold_scan_and_fold_check)
{
    const char *texts[] = {"Plain ASCII, Mixed CASE.",
                           "caf\xc3\xa9 \xe2\x80\x9cquoted\xe2\x80\x9d",
                           "Kelvin \xe2\x84\xaa here",
                           "long \xc5\xbf s",
                           "ab",
                           ""};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        size_t len = strlen(texts[i]);
        char folded[64], folded_once[64];
        text_grams grams, grams_once;
        rule_literals_fold(texts[i], len, folded);
        rule_literals_scan(folded, len, &grams);
        int usable = rule_literals_prepare(texts[i], len, folded_once, &grams_once);
        cr_expect_eq(memcmp(folded, folded_once, len), 0, "%s", texts[i]);
        cr_expect_eq(memcmp(&grams, &grams_once, sizeof grams), 0, "%s", texts[i]);
        cr_expect_eq(usable, !rule_literals_text_folds_to_ascii(texts[i], len), "%s", texts[i]);
    }
}

/* ---- boilerplate: cheap anchors (the screen) ---- */

typedef struct screen_case {
    char pattern[96];
    char text[96];
    int want; /* rule_screen_passes() */
} screen_case;

ParameterizedTestParameters(rule_screen, passes)
{
    static screen_case cases[] = {
        {"(?i)^(?=.{0,12}$)copyright", "Copyright", 1},
        {"(?i)^(?=.{0,12}$)copyright", "copyright", 1},
        {"(?i)^(?=.{0,12}$)copyright", "xcopyright", 0},         /* first byte */
        {"(?i)^(?=.{0,12}$)copyright", "copyright and more", 0}, /* over 12 + 2 characters */
        {"(?i)^(?=.{0,12}$)copyright", "", 0},
        {"^(?=.{0,3}$)\xc3\xa9+", "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9",
         1}, /* 5 characters, 10 bytes */
        {"^(?=.{0,3}$)\xc3\xa9+", "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9", 0},
        {"^[A-Z]{2}$", "AB", 1},
        {"^[A-Z]{2}$", "ab", 0},
        {"(?i)^(?=.{0,3}$)(?:ab)c|zzz", "zzzzzzzzzz",
         1},                                          /* top-level "|": no bound, no first byte */
        {"^(?=.{0,3}$)\\Q[\\E|b", "bbbbbbbbbbbb", 1}, /* quoting: no bound */
        {"(?x)^(?=.{0,3}$)a # |", "aaaaaaaaa", 1},    /* extended mode: no bound */
        {"(?i)^keep",
         "\xe2\x84\xaa"
         "eep",
         1}, /* Kelvin sign: no first byte for k */
        {"(?i)^stay",
         "\xc5\xbf"
         "tay",
         1},                      /* long s: no first byte for s */
        {"plain", "xx plain", 1}, /* not anchored: no first byte */
        {"(?i)^(?=.{0,3}$)x", "abcdef", 0},
    };
    return cr_make_param_array(screen_case, cases, sizeof cases / sizeof cases[0]);
}

/* The screen answers the table, and never rejects a text the pattern matches. */
ParameterizedTest(screen_case *c, rule_screen, passes)
{
    rule_screen screen;
    rule_screen_build(c->pattern, PCRE2_UTF | PCRE2_UCP, &screen);
    size_t len = strlen(c->text);
    int passes = rule_screen_passes(&screen, c->text, len, rule_screen_count_chars(c->text, len));
    cr_expect_eq(passes, c->want, "pattern %s on '%s'", c->pattern, c->text);
    int code;
    PCRE2_SIZE offset;
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)c->pattern, PCRE2_ZERO_TERMINATED,
                                   PCRE2_UTF | PCRE2_UCP, &code, &offset, NULL);
    pcre2_match_data *md = pcre2_match_data_create(1, NULL);
    cr_assert(re && md);
    if (pcre2_match(re, (PCRE2_SPTR)c->text, len, 0, 0, md, NULL) >= 0)
        cr_expect(passes, "pattern %s matches '%s' but the screen rejects it", c->pattern, c->text);
    pcre2_match_data_free(md);
    pcre2_code_free(re);
}

/* For every letter, caseless and bounded: every code point PCRE2 matches with it passes the
   screen (Unicode caseless matching reaches beyond ASCII: the Kelvin sign, the long s). */
Test(rule_screen, caseless_first_letters_are_never_rejected, .timeout = 120)
{
    pcre2_match_data *md = pcre2_match_data_create(1, NULL);
    cr_assert(md);
    for (char letter = 'a'; letter <= 'z'; letter++) {
        char pattern[32];
        snprintf(pattern, sizeof pattern, "(?i)^(?=.{0,5}$)%c", letter);
        rule_screen screen;
        rule_screen_build(pattern, PCRE2_UTF | PCRE2_UCP, &screen);
        int code;
        PCRE2_SIZE offset;
        pcre2_code *re = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
                                       PCRE2_UTF | PCRE2_UCP, &code, &offset, NULL);
        cr_assert(re);
        for (int32_t cp = 0x20; cp < 0x3000; cp++) {
            if (cp >= 0xD800 && cp <= 0xDFFF)
                continue;
            char text[8];
            size_t len = encode_codepoint(cp, text);
            if (pcre2_match(re, (PCRE2_SPTR)text, len, 0, 0, md, NULL) >= 0)
                cr_expect(rule_screen_passes(&screen, text, len, 1),
                          "U+%04X matches %s but the screen rejects it", cp, pattern);
        }
        pcre2_code_free(re);
    }
    pcre2_match_data_free(md);
}

/* ---- UTF-8 ---- */

Test(text, utf8_check)
{
    char err[128];
    cr_expect_eq(text_check_utf8((const uint8_t *)"Niinist\xc3\xb6", 9, err, sizeof err), 0);
    cr_expect_eq(text_check_utf8((const uint8_t *)"ab\x93q\x94", 5, err, sizeof err), -1);
    cr_expect_str_eq(err, "invalid UTF-8 at byte 2 (looks like Windows-1252)");
    cr_expect_eq(text_check_utf8((const uint8_t *)"\xc0\xaf", 2, err, sizeof err), -1, "overlong");
    cr_expect_eq(text_check_utf8((const uint8_t *)"\xed\xa0\x80", 3, err, sizeof err), -1,
                 "surrogate");
    cr_expect_eq(text_check_utf8((const uint8_t *)"\xe2\x80", 2, err, sizeof err), -1, "truncated");
}

Test(text, clean_paragraph)
{
    char *clean = text_clean_paragraph("  Niinisto\xcc\x88\xc2\xa0 said\t\xe2\x80\x8b \r\n"
                                       "\r\n \xe2\x80\x9chi\xe2\x80\x9d  ");
    cr_assert_not_null(clean);
    cr_expect_str_eq(clean, "Niinist\xc3\xb6 said\n\xe2\x80\x9chi\xe2\x80\x9d");
    free(clean);
}

/* The NFC quick check on the kinds of text it must tell apart. */
typedef struct nfc_check_case {
    char text[32];
    int want;
} nfc_check_case;

ParameterizedTestParameters(text, nfc_quick_check)
{
    static nfc_check_case cases[] = {
        {"Plain ASCII, 100%.", 1},
        {"Niinist\xc3\xb6 \xe2\x80\x9chi\xe2\x80\x9d \xe2\x80\x94", 1}, /* precomposed, quotes */
        {"Niinisto\xcc\x88", 0},         /* o + combining diaeresis */
        {"\xe2\x84\xab", 0},             /* ANGSTROM SIGN: a singleton, NFC gives U+00C5 */
        {"\xea\xb0\x80", 1},             /* Hangul syllable GA */
        {"\xe1\x84\x80\xe1\x85\xa1", 0}, /* Hangul jamo G + A compose to GA */
        {"\xe0\xbd\xb3", 0},             /* TIBETAN VOWEL SIGN II: a non-starter decomposition */
        {"\xef\xac\x81", 1},             /* the ligature fi: a compatibility mapping only */
        {"\xc0\xaf", -1},                /* overlong */
    };
    return cr_make_param_array(nfc_check_case, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(nfc_check_case *c, text, nfc_quick_check)
{
    cr_expect_eq(text_nfc_quick_check(c->text), c->want, "\"%s\"", c->text);
}

/* Encodes cp as UTF-8 at out (5 bytes); returns the length. */
static size_t encode_codepoint(int32_t cp, char *out)
{
    utf8proc_ssize_t n = utf8proc_encode_char(cp, (utf8proc_uint8_t *)out);
    out[n] = '\0';
    return (size_t)n;
}

/* 1 when utf8proc's NFC leaves text unchanged. */
static int nfc_identity(const char *text)
{
    utf8proc_uint8_t *nfc = utf8proc_NFC((const utf8proc_uint8_t *)text);
    int same = nfc && strcmp((const char *)nfc, text) == 0;
    free(nfc);
    return same;
}

/* Every code point the quick check calls stable is NFC alone and after the stable code point
   before it, and is never a later part of a primary composite's decomposition (what composes
   with a preceding character); stable composites start with a starter that is not one. */
Test(text, nfc_stable_codepoints_hold_for_all_of_unicode, .timeout = 120)
{
    static uint8_t second_part[0x110000];
    for (int32_t cp = 0; cp < 0x110000; cp++) {
        utf8proc_int32_t parts[8];
        int boundclass = 0;
        utf8proc_ssize_t n = utf8proc_decompose_char(cp, parts, 8, UTF8PROC_DECOMPOSE, &boundclass);
        char alone[8];
        encode_codepoint(cp, alone);
        if (n < 2 || n > 8 || (cp >= 0xD800 && cp <= 0xDFFF) || !nfc_identity(alone))
            continue;
        for (utf8proc_ssize_t i = 1; i < n; i++)
            second_part[parts[i]] = 1;
    }
    size_t stable = 0;
    int32_t previous = 'a';
    for (int32_t cp = 1; cp < 0x110000; cp++) {
        if ((cp >= 0xD800 && cp <= 0xDFFF) || !text_nfc_stable_codepoint(cp))
            continue;
        stable++;
        char alone[8], pair[16];
        encode_codepoint(cp, alone);
        size_t at = encode_codepoint(previous, pair);
        encode_codepoint(cp, pair + at);
        cr_assert(!second_part[cp], "U+%04X is stable but composes with what precedes it", cp);
        cr_assert(nfc_identity(alone), "U+%04X is stable but NFC changes it", cp);
        cr_assert(nfc_identity(pair), "U+%04X U+%04X: NFC changes the pair", previous, cp);
        utf8proc_int32_t parts[8];
        int boundclass = 0;
        utf8proc_ssize_t n = utf8proc_decompose_char(cp, parts, 8, UTF8PROC_DECOMPOSE, &boundclass);
        cr_assert(n == 1 || (n > 1 && !second_part[parts[0]]), "U+%04X decomposes oddly", cp);
        previous = cp;
    }
    cr_expect_gt(stable, 250000, "only %zu stable code points", stable);
}

/* The ASCII fast path of text_clean_paragraph agrees with the Unicode categories: spaces fold
   to one space, CR and LF to a line break, control characters go, the rest stays. */
Test(text, clean_paragraph_ascii_matches_unicode_classes)
{
    for (int c = 1; c < 0x80; c++) {
        char in[4] = {'a', (char)c, 'b', '\0'}, want[4] = {'a', (char)c, 'b', '\0'};
        utf8proc_category_t category = utf8proc_category(c);
        if (c == '\n' || c == '\r')
            want[1] = '\n';
        else if (c == '\t' || c == '\f' || c == '\v' || category == UTF8PROC_CATEGORY_ZS)
            want[1] = ' ';
        else if (category == UTF8PROC_CATEGORY_CC)
            memmove(want + 1, want + 2, 2);
        char *clean = text_clean_paragraph(in);
        cr_assert_not_null(clean);
        cr_expect_str_eq(clean, want, "byte 0x%02X", c);
        free(clean);
    }
}

Test(text, clean_paragraph_normalizes_only_what_needs_it)
{
    char *decomposed = text_clean_paragraph("Citt\x61\xcc\x80 \xe2\x84\xab");
    char *ascii = text_clean_paragraph("plain\x01 text");
    cr_assert_not_null(decomposed);
    cr_assert_not_null(ascii);
    cr_expect_str_eq(decomposed, "Citt\xc3\xa0 \xc3\x85");
    cr_expect_str_eq(ascii, "plain text");
    cr_expect_null(text_clean_paragraph("bad \xff byte"));
    free(decomposed);
    free(ascii);
}

/* ---- versions ---- */

Test(versions, new_update_duplicate_format_version)
{
    story_versions *v = story_versions_new(10);
    int32_t version = 0;
    cr_expect_eq(story_versions_assign(v, "a", "h1", 0, &version), VERSION_NEW);
    cr_expect_eq(version, 1);
    cr_expect_eq(story_versions_assign(v, "a", "h1", 0, &version), VERSION_DUPLICATE);
    cr_expect_eq(story_versions_assign(v, "a", "h2", 0, &version), VERSION_UPDATE);
    cr_expect_eq(version, 2);
    cr_expect_eq(story_versions_assign(v, "a", "h3", 0, &version), VERSION_UPDATE);
    cr_expect_eq(version, 3);
    cr_expect_eq(story_versions_assign(v, "b", "h1", 5, &version), VERSION_NEW);
    cr_expect_eq(version, 5, "the format's own version wins");
    cr_expect_eq(story_versions_assign(v, "b", "h9", 6, &version), VERSION_UPDATE);
    cr_expect_eq(version, 6);
    story_versions_free(v);
}

Test(versions, bounded_forgets_oldest)
{
    story_versions *v = story_versions_new(3);
    int32_t version;
    char id[8];
    for (int i = 0; i < 5; i++) {
        snprintf(id, sizeof id, "id%d", i);
        cr_expect_eq(story_versions_assign(v, id, "h", 0, &version), VERSION_NEW);
    }
    cr_expect_eq(story_versions_size(v), 3);
    cr_expect_eq(story_versions_assign(v, "id0", "h", 0, &version), VERSION_NEW,
                 "the oldest id was forgotten");
    cr_expect_eq(story_versions_assign(v, "id4", "h", 0, &version), VERSION_DUPLICATE,
                 "a recent id is remembered");
    story_versions_free(v);
}

/* ---- detection, limits, safety ---- */

typedef struct detect_case {
    char bytes[64];
    char name[16]; /* "": no file name */
    char format[8];
} detect_case;

ParameterizedTestParameters(detect, formats)
{
    static detect_case cases[] = {
        {"<?xml version=\"1.0\"?><!-- c --><!DOCTYPE nitf><nitf/>", "x.xml", "nitf"},
        {"\xef\xbb\xbf<newsItem xmlns=\"x\"/>", "", "newsml"},
        {"<rss version=\"2.0\"/>", "feed.xml", "rss"},
        {"<a:feed xmlns:a=\"http://www.w3.org/2005/Atom\"/>", "", "atom"},
        {"  {\"uri\": 1}", "x.txt", "json"},
        {"\x16\x16\x01"
         "a0452 r i BC-X 03-29 0412",
         "", "anpa"},
        {"a0452 r i BC-AS--Koreas-Summit 03-29 0412\r\n", "x", "anpa"},
        {"TOKYO -- A story.", "story.anpa", "anpa"},
        {"TOKYO -- A story.", "", "text"},
    };
    return cr_make_param_array(detect_case, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(detect_case *c, detect, formats)
{
    char err[256];
    const char *got = wire_detect_format(c->bytes, strlen(c->bytes), c->name[0] ? c->name : NULL,
                                         err, sizeof err);
    cr_expect(got && strcmp(got, c->format) == 0, "\"%s\": got %s, want %s", c->bytes, got,
              c->format);
}

Test(detect, unknown_xml)
{
    char err[256];
    cr_expect_null(wire_detect_format("<html><p>x</p></html>", 21, "x.html", err, sizeof err));
    cr_expect(strstr(err, "<html>") != NULL, "%s", err);
}

static int normalize_bytes(const char *bytes, const char *format, size_t max, telex_story *s,
                           char *err, size_t errlen)
{
    telex_raw_story raw = {.payload = (uint8_t *)bytes,
                           .payload_len = strlen(bytes),
                           .format = (char *)format,
                           .source = "test",
                           .received_at = "2020-01-01T00:00:00Z"};
    normalize_options options = {max, shipped_rules()};
    return normalize_story(&raw, &options, s, NULL, err, errlen);
}

Test(normalize, size_limit)
{
    telex_story s = {0};
    char err[256];
    cr_expect_eq(
        normalize_bytes("A short story, told twice over.", "text", 10, &s, err, sizeof err), -1);
    cr_expect_str_eq(err, "payload of 31 bytes is over normalize.max.bytes (10)");
}

Test(normalize, unknown_format)
{
    telex_story s = {0};
    char err[256];
    cr_expect_eq(normalize_bytes("x", "pdf", 1000, &s, err, sizeof err), -1);
    cr_expect(strncmp(err, "unknown format 'pdf'", 20) == 0, "%s", err);
}

Test(normalize, external_entity_never_read)
{
    telex_story s = {0};
    char err[256];
    const char *xml = "<?xml version=\"1.0\"?><!DOCTYPE nitf [<!ENTITY x SYSTEM "
                      "\"file:///etc/hostname\">]><nitf><body><body.content><p>Before &x; "
                      "after.</p></body.content></body></nitf>";
    cr_assert_eq(normalize_bytes(xml, "nitf", 10000, &s, err, sizeof err), 0, "%s", err);
    cr_expect_str_eq(s.text, "Before after.");
    telex_story_clear(&s);
}

/* ---- entities: HTML's named entities in XML with no DTD ---- */

typedef struct entity_case {
    char doctype[160]; /* "" or an internal subset the document declares */
    char para[96];     /* the body paragraph, as markup */
    char text[64];     /* "": must be rejected */
    char error[96];    /* the reason's tail when rejected */
} entity_case;

ParameterizedTestParameters(entities, xml)
{
    static entity_case cases[] = {
        {"", "Caf&eacute; talks", "Café talks", ""},
        {"", "Abe&rsquo;s aide", "Abe’s aide", ""},
        {"", "Seoul &mdash; talks", "Seoul — talks", ""},
        {"", "It ended&hellip;", "It ended…", ""},
        {"", "&laquo;Non&raquo; &amp; &Omega;", "«Non» & Ω", ""},
        {"", "a&nbsp;b", "a b", ""},
        {"", "&lt;tag&gt; &#8212; &quot;", "<tag> — \"", ""},
        /* the document's own internal entities are read too */
        {"<!DOCTYPE nitf [<!ENTITY wire \"Kyodo News\">]>", "By &wire;.", "By Kyodo News.", ""},
        /* and its own declaration of an HTML name wins: an external entity is never read */
        {"<!DOCTYPE nitf [<!ENTITY nbsp SYSTEM \"file:///etc/hostname\">]>", "x&nbsp;y.", "xy.",
         ""},
        {"", "an &unheardof; name", "", "Entity 'unheardof' not defined"},
        {"", "no semicolon &mdash here", "", "EntityRef: expecting ';'"},
        {"", "&eacute;<i>open", "", "Opening and ending tag mismatch: i line 1 and p"},
    };
    return cr_make_param_array(entity_case, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(entity_case *c, entities, xml)
{
    char xml[512], err[256] = "";
    telex_story s = {0};
    snprintf(xml, sizeof xml,
             "<?xml version=\"1.0\"?>%s<nitf><body><body.content><p>%s</p></body.content>"
             "</body></nitf>",
             c->doctype, c->para);
    int rc = normalize_bytes(xml, "nitf", 10000, &s, err, sizeof err);
    if (c->text[0]) {
        cr_assert_eq(rc, 0, "%s: rejected: %s", c->para, err);
        cr_expect_str_eq(s.text, c->text);
    } else {
        cr_expect_eq(rc, -1, "%s: accepted as \"%s\"", c->para, s.text);
        cr_expect(strncmp(err, "nitf: XML not well-formed at line 1: ", 37) == 0 &&
                      strcmp(err + 37, c->error) == 0,
                  "%s: reason \"%s\", want \"...%s\"", c->para, err, c->error);
    }
    telex_story_clear(&s);
}

Test(entities, in_attributes_and_headlines)
{
    const char *xml = "<nitf><head><docdata><doc-id id-string=\"caf&eacute;-1\"/></docdata></head>"
                      "<body><body.head><hedline><hl1>Pe&ntilde;a&rsquo;s day</hl1></hedline>"
                      "</body.head><body.content><p>Text.</p></body.content></body></nitf>";
    telex_story s = {0};
    char err[256];
    cr_assert_eq(normalize_bytes(xml, "nitf", 10000, &s, err, sizeof err), 0, "%s", err);
    cr_expect_str_eq(s.id, "café-1");
    cr_expect_str_eq(s.headline, "Peña’s day");
    telex_story_clear(&s);
}

Test(normalize, key_decides_id_when_no_item_id)
{
    telex_story s = {0};
    char err[256];
    cr_assert_eq(
        normalize_bytes("A story with no id at all, just text.", "text", 1000, &s, err, sizeof err),
        0, "%s", err);
    cr_expect_eq(strncmp(s.id, "sha256:", 7), 0, "%s", s.id);
    cr_expect_str_eq(s.id + 7, s.content_hash);
    telex_story_clear(&s);
}

Test(normalize, digest_sees_headline_changes)
{
    telex_story a = {0}, b = {0};
    char err[256], da[65], db[65];
    cr_assert_eq(
        normalize_bytes("First title\n\nSame body text here.", "text", 1000, &a, err, sizeof err),
        0);
    cr_assert_eq(
        normalize_bytes("Second title\n\nSame body text here.", "text", 1000, &b, err, sizeof err),
        0);
    cr_expect_str_eq(a.content_hash, b.content_hash);
    cr_assert_eq(normalize_story_digest(&a, da), 0);
    cr_assert_eq(normalize_story_digest(&b, db), 0);
    cr_expect_str_neq(da, db, "a corrected headline is an update, not a duplicate");
    telex_story_clear(&a);
    telex_story_clear(&b);
}

Test(normalize, language_tags)
{
    char *tag = normalize_language_tag("en_us");
    cr_expect_str_eq(tag, "en-US");
    free(tag);
    tag = normalize_language_tag("zh-hant-tw");
    cr_expect_str_eq(tag, "zh-Hant-TW");
    free(tag);
    cr_expect_null(normalize_language_tag("not a tag"));
}
