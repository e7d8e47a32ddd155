/*
 * Tests of the backtest's report (stages/backtest/report.c): the keys a story
 * is summarized into, the multiset comparison of two reports with its counts,
 * the deterministic order, the check of a --compare file, and the Markdown.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"

static json_t *parse(const char *text)
{
    json_error_t jerr;
    json_t *v = json_loads(text, 0, &jerr);
    cr_assert_not_null(v, "bad test JSON: %s", jerr.text);
    return v;
}

static void expect_json(const json_t *got, const char *want_text)
{
    json_t *want = parse(want_text);
    char *g = json_dumps(got, JSON_SORT_KEYS | JSON_COMPACT);
    cr_expect(json_equal(got, want), "got %s\nwant %s", g, want_text);
    free(g);
    json_decref(want);
}

static const char *story_abe =
    "{\"id\": \"s1\", \"source_file\": \"feeds/seed.txt\","
    " \"entities\": [{\"id\": \"person:shinzo-abe\", \"type\": \"person\"},"
    "               {\"id\": \"country:JP\", \"type\": \"country\"},"
    "               {\"type\": \"place\", \"name\": \"Lima\"}],"
    " \"dates\": [{\"text\": \"Nov. 17\", \"value\": \"2016-11-17\"},"
    "            {\"text\": \"Thursday\", \"value\": \"2016-11-10\"}],"
    " \"events\": [{\"type\": \"meeting\", \"start\": \"2016-11-17\", \"status\": \"planned\","
    "              \"participants\": [\"person:shinzo-abe\", \"person:donald-trump\"],"
    "              \"location\": \"New York\"}]}";

Test(summary, keys_sorted_per_kind)
{
    json_t *story = parse(story_abe);
    char err[256] = "";
    json_t *summary = report_story_summary(story, err, sizeof(err));
    cr_assert_not_null(summary, "%s", err);
    expect_json(summary, "{\"id\": \"s1\","
                         " \"entities\": [\"country:JP\", \"person:shinzo-abe\", \"place:Lima\"],"
                         " \"dates\": [\"Nov. 17 = 2016-11-17\", \"Thursday = 2016-11-10\"],"
                         " \"events\": [\"meeting 2016-11-17 person:donald-trump+person:shinzo-abe"
                         " @ New York (planned)\"]}");
    cr_expect_str_eq(report_story_key(story), "seed.txt", "base name of source_file");
    json_decref(summary);
    json_decref(story);
}

Test(summary, bad_shapes_are_named)
{
    char err[256] = "";
    json_t *story = parse("{\"id\": \"x\", \"entities\": {}}");
    cr_expect_null(report_story_summary(story, err, sizeof(err)));
    cr_expect(strstr(err, "entities is not an array") != NULL, "%s", err);
    json_decref(story);
    story = parse("{\"id\": \"x\", \"dates\": [3]}");
    cr_expect_null(report_story_summary(story, err, sizeof(err)));
    cr_expect(strstr(err, "dates[0]") != NULL, "%s", err);
    json_decref(story);
}

Test(summary, key_falls_back_to_id)
{
    json_t *story = parse("{\"id\": \"urn:x\"}");
    cr_expect_str_eq(report_story_key(story), "urn:x");
    json_decref(story);
}

Test(order, stories_sort_by_key_then_id)
{
    json_t *stories = parse("[{\"id\": \"b\", \"source_file\": \"z.xml\"},"
                            " {\"id\": \"c\"}, {\"id\": \"a\", \"source_file\": \"z.xml\"},"
                            " {\"id\": \"q\", \"source_file\": \"a.txt\"}]");
    report_sort_stories(stories);
    const char *want[] = {"q", "c", "a", "b"}; /* keys a.txt, c (its id), z.xml (ids a, b) */
    for (size_t i = 0; i < 4; i++)
        cr_expect_str_eq(json_string_value(json_object_get(json_array_get(stories, i), "id")),
                         want[i]);
    json_decref(stories);
}

Test(compare, multiset_gains_and_losses_with_counts)
{
    json_t *old_stories =
        parse("{\"a\": {\"entities\": [\"x\", \"x\", \"y\"], \"dates\": [],"
              "        \"events\": [\"e1\"]},"
              " \"same\": {\"entities\": [\"k\"], \"dates\": [\"d\"], \"events\": []},"
              " \"gone\": {\"entities\": [\"g\"], \"dates\": [\"d1\", \"d2\"],"
              "           \"events\": []}}");
    json_t *new_stories =
        parse("{\"a\": {\"entities\": [\"x\", \"z\"], \"dates\": [\"d\"],"
              "        \"events\": [\"e1\"]},"
              " \"same\": {\"entities\": [\"k\"], \"dates\": [\"d\"], \"events\": []},"
              " \"new\": {\"entities\": [], \"dates\": [], \"events\": [\"e2\"]}}");
    json_t *diff = report_compare(old_stories, new_stories);
    expect_json(
        json_object_get(diff, "totals"),
        "{\"entities\": {\"gained\": 1, \"lost\": 3}, \"dates\": {\"gained\": 1, \"lost\": 2},"
        " \"events\": {\"gained\": 1, \"lost\": 0}}");
    cr_expect_eq(json_integer_value(json_object_get(diff, "unchanged_stories")), 1);
    const json_t *stories = json_object_get(diff, "stories");
    cr_expect_eq(json_object_size(stories), 3);
    expect_json(
        json_object_get(json_object_get(stories, "a"), "entities"),
        "{\"gained_count\": 1, \"lost_count\": 2, \"gained\": [\"z\"], \"lost\": [\"x\", \"y\"]}");
    cr_expect_str_eq(json_string_value(json_object_get(json_object_get(stories, "gone"), "status")),
                     "gone");
    cr_expect_str_eq(json_string_value(json_object_get(json_object_get(stories, "new"), "status")),
                     "new");
    cr_expect_null(json_object_get(stories, "same"));
    json_decref(diff);
    json_decref(old_stories);
    json_decref(new_stories);
}

Test(report, build_check_and_markdown)
{
    json_t *stories = json_pack("[o, o]", parse(story_abe), parse(story_abe));
    score_totals totals = {.entities = {3, 1, 0}, .stories = 1, .paired = 1};
    json_t *misses = parse("{\"seed.gold.json\": [\"  entity FP: place Lima\"]}");
    report_inputs in = {.stories = stories,
                        .records_replayed = 3,
                        .dead_letters = 1,
                        .totals = &totals,
                        .misses = misses};
    char err[256] = "";
    json_t *report = report_build(&in, err, sizeof(err));
    cr_assert_not_null(report, "%s", err);
    cr_expect_eq(report_check(report, err, sizeof(err)), 0, "%s", err);
    const json_t *by_key = json_object_get(report, "stories");
    cr_expect_not_null(json_object_get(by_key, "seed.txt"));
    cr_expect_not_null(json_object_get(by_key, "seed.txt #2"), "a repeated key is numbered");
    expect_json(json_object_get(json_object_get(report, "counts"), "entities"),
                "{\"tp\": 3, \"fp\": 1, \"fn\": 0}");
    cr_expect_eq(json_integer_value(json_object_get(report, "dead_letters")), 1);

    char *md = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&md, &len);
    cr_assert_eq(report_write_markdown(report, f), 0);
    fclose(f);
    cr_expect(strstr(md, "3 records replayed, 2 enriched stories, 1 dead letters.") != NULL, "%s",
              md);
    cr_expect(strstr(md, "| entities | 3 | 1 | 0 | 0.7500 | 1.0000 | 0.8571 |") != NULL, "%s", md);
    cr_expect(strstr(md, "### Misses in seed.gold.json") != NULL, "%s", md);
    cr_expect(strstr(md, "| seed.txt | 3 | 2 | 1 |") != NULL, "%s", md);
    free(md);
    json_decref(report);
    json_decref(misses);
    json_decref(stories);
}

Test(report, check_refuses_what_is_not_a_report)
{
    char err[256] = "";
    json_t *doc = parse("{\"id\": \"story\"}");
    cr_expect_eq(report_check(doc, err, sizeof(err)), -1);
    cr_expect(strstr(err, "no \"stories\" object") != NULL, "%s", err);
    json_decref(doc);
    doc = parse("{\"stories\": {\"a\": {\"entities\": [1], \"dates\": [], \"events\": []}}}");
    cr_expect_eq(report_check(doc, err, sizeof(err)), -1);
    cr_expect(strstr(err, "stories.\"a\".entities") != NULL, "%s", err);
    json_decref(doc);
}
