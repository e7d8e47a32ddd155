/*
 * Golden test: every dev story of the evaluation set (tests/data/eval-dev, a
 * copy of ../shared/eval/dev) normalizes to the expected headline, dateline,
 * publication time and body, its time agrees with the gold file's
 * "published", and none of the gold's must_strip phrases survive.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <jansson.h>

#include "test_util.h"
#include "text.h"
#include "wire_time.h"

/* Criterion runs each test in a new process: parameters hold their strings inline ("" for
   none expected), never pointers. */
typedef struct golden_case {
    char file[32];
    char headline[96];
    char place[16];
    char date[16];
    char published[24];
    int offset;
    char starts[96];
    char ends[96];
    int paragraphs;
} golden_case;

ParameterizedTestParameters(golden, dev_story)
{
    static golden_case cases[] = {
        {"seed-trump-abe.txt", "", "", "", "2016-11-10T03:00:00Z", 540,
         "A day after Donald Trump\u2019s shocking victory",
         "\u201CNo specific agenda to discuss has been decided yet.\u201D", 23},
        {"dev2-mar-a-lago.xml", "Xi to meet Trump at Florida resort next week, Beijing says",
         "BEIJING", "2017-03-30", "2017-03-30T08:15:00Z", 480,
         "Chinese President Xi Jinping will hold his first face-to-face talks",
         "before harder bargaining begins.", 7},
        {"dev3-panmunjom.anpa", "Koreas agree to hold leaders' summit on April 27", "SEOUL", "",
         "2018-03-29T08:22:00Z", 0, "The leaders of South and North Korea will meet on April 27",
         "media arrangements for the April summit.", 7},
        {"dev4-hamburg.rss", "Trump and Putin to hold first meeting at G20 in Hamburg",
         "WASHINGTON", "", "2017-07-05T13:45:00Z", 0,
         "President Donald Trump will meet Russian President Vladimir Putin on Friday",
         "a joint statement on open markets.", 6},
        {"dev5-pearl-harbor.json", "Abe to visit Pearl Harbor with Obama this month", "TOKYO", "",
         "2016-12-05T09:40:00Z", 0, "Prime Minister Shinzo Abe said Monday he will visit",
         "draws about 1.8 million visitors a year.", 6},
        {"dev6-osaka.xml", "Xi and Trump to meet in Osaka as trade truce hopes rise", "OSAKA", "",
         "2019-06-25T06:30:00Z", 540,
         "Chinese President Xi Jinping and U.S. President Donald Trump will hold talks",
         "failed to reach a deal in Hanoi in February.", 5},
    };
    return cr_make_param_array(golden_case, cases, sizeof cases / sizeof cases[0]);
}

static void expect_optional(const char *got, const char *want, const char *what)
{
    if (want[0])
        cr_expect(got && strcmp(got, want) == 0, "%s: got \"%s\", want \"%s\"", what,
                  got ? got : "(null)", want);
    else
        cr_expect_null(got, "%s: got \"%s\", want none", what, got);
}

/* The gold file's format, published time (as the --published of plain text) and
   must_strip phrases. */
static json_t *load_gold(const char *file)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/eval-dev/%.*s.gold.json", TELEX_TEST_DATA,
             (int)(strrchr(file, '.') - file), file);
    json_error_t error;
    json_t *gold = json_load_file(path, 0, &error);
    cr_assert_not_null(gold, "%s: %s", path, error.text);
    return gold;
}

ParameterizedTest(golden_case *c, golden, dev_story)
{
    json_t *gold = load_gold(c->file);
    const char *format = json_string_value(json_object_get(gold, "format"));
    const char *gold_published = json_string_value(json_object_get(gold, "published"));
    char path[1024], err[512];
    snprintf(path, sizeof path, "%s/eval-dev/%s", TELEX_TEST_DATA, c->file);
    telex_story story = {0};
    /* as telex-ingest --published gives it (manifest.tsv): only plain text needs it */
    const char *published_at = strcmp(format, "text") == 0 ? gold_published : NULL;
    cr_assert_eq(normalize_file(path, format, published_at, &story, err, sizeof err), 0, "%s: %s",
                 c->file, err);
    expect_optional(story.headline, c->headline, "headline");
    expect_optional(story.dateline_place, c->place, "dateline place");
    expect_optional(story.dateline_date, c->date, "dateline date");
    cr_expect_str_eq(story.published, c->published);
    cr_expect_eq(story.utc_offset_minutes, c->offset);
    wire_time gold_time;
    cr_assert_eq(wire_time_parse(gold_published, &gold_time), 0);
    char gold_utc[21];
    wire_time_format_utc(&gold_time, gold_utc);
    cr_expect_str_eq(story.published, gold_utc, "the gold says %s", gold_published);
    cr_expect_eq(story.utc_offset_minutes, gold_time.offset_minutes);
    cr_expect(strncmp(story.text, c->starts, strlen(c->starts)) == 0, "text starts: %.80s",
              story.text);
    size_t len = strlen(story.text), ends = strlen(c->ends);
    cr_expect(len >= ends && strcmp(story.text + len - ends, c->ends) == 0, "text ends: %s",
              story.text + (len > 80 ? len - 80 : 0));
    cr_expect_eq(story.n_paragraphs, (size_t)c->paragraphs);
    cr_expect(spans_valid(&story), "paragraph spans do not tile the text");
    size_t i;
    json_t *phrase;
    json_array_foreach(json_object_get(gold, "must_strip"), i, phrase)
    {
        const char *p = json_string_value(phrase);
        cr_expect_null(strstr(story.text, p), "must_strip \"%s\" survived", p);
        cr_expect_null(story.headline ? strstr(story.headline, p) : NULL);
    }
    char hash[65];
    cr_assert_eq(text_sha256_hex(story.text, len, hash), 0);
    cr_expect_str_eq(story.content_hash, hash);
    cr_expect_str_eq(story.source_file, c->file);
    cr_expect_str_eq(story.format, format);
    cr_expect(story.language && strncmp(story.language, "en", 2) == 0, "language %s",
              story.language);
    telex_story_clear(&story);
    json_decref(gold);
}
