/*
 * Tests of the backtest scorer (stages/backtest/score.c, pynorm.c).
 *
 * Three kinds: the Python-compatible text keys against values printed by
 * score.py's own norm() and mention_key(); small hand-made stories that pin
 * each matching rule to its counts; and agreement with score.py itself, run
 * with /usr/bin/python3 on stories generated at random from the dev gold set
 * (gen_preds.py), where every number of the summary must be equal, bit for bit.
 */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pynorm.h"
#include "score.h"

/* ---- Text keys ---------------------------------------------------------------------------- */

/* Arrays, not pointers: Criterion copies parameters into its worker processes. */
typedef struct key_case {
    char in[48];
    char norm[48];
    char mention[48];
} key_case;

/* Expected values printed by score.py's norm() and mention_key() (Python 3.11). */
static key_case key_cases[] = {
    {"Shinzo Abe", "shinzo abe", "shinzo abe"},
    {"  Abe's  ", "abe", "abe"},
    {"O\u2019Neil\u2019s plan", "oneil plan", "o'neil's plan"},
    {"Z\u00fcrich", "zurich", "z\u00fcrich"},
    {"Stra\u00dfe", "strasse", "strasse"},
    {"\u0130stanbul", "istanbul", "i\u0307stanbul"},
    {"\ufb01nance", "finance", "finance"},
    {"Kim Jong-un", "kim jongun", "kim jong-un"},
    {"U.S.", "us", "u.s."},
    {"x's_y", "xs_y", "x's_y"},
    {"A's's", "a", "a's"},
    {"Prime Minister\u2019s Office", "prime minister office", "prime minister's office"},
    {"\uff46\uff55\uff4c\uff4c", "full", "full"},
    {"\u0661\u0662\u0663 \u2177 \u00bd", "\u0661\u0662\u0663 viii 12",
     "\u0661\u0662\u0663 viii 1\u20442"},
    {"\u00a0tab\tand\u2003space ", "tab and space", "tab and space"},
    {"Moon Jae-in's", "moon jaein", "moon jae-in"},
    {"\u03a9mega \u03a3\u0391\u03a3", "\u03c9mega \u03c3\u03b1\u03c3",
     "\u03c9mega \u03c3\u03b1\u03c3"},
    {"na\u00efve caf\u00e9", "naive cafe", "na\u00efve caf\u00e9"},
    {"e\u0301", "e", "\u00e9"},
    {"", "", ""},
    {"...", "", "..."},
};

ParameterizedTestParameters(keys, match_python)
{
    return cr_make_param_array(key_case, key_cases, sizeof(key_cases) / sizeof(key_cases[0]));
}

ParameterizedTest(key_case *c, keys, match_python)
{
    char *norm = pynorm_key(c->in);
    char *mention = pynorm_mention_key(c->in);
    cr_assert_not_null(norm);
    cr_assert_not_null(mention);
    cr_expect_str_eq(norm, c->norm, "norm(%s)", c->in);
    cr_expect_str_eq(mention, c->mention, "mention_key(%s)", c->in);
    free(norm);
    free(mention);
}

Test(keys, null_is_empty)
{
    char *norm = pynorm_key(NULL);
    cr_assert_str_eq(norm, "");
    free(norm);
}

Test(slice, follows_python_rules)
{
    const char *text = "Caf\u00e9 Abe"; /* é is two bytes: 3 and 4 */
    char *s = pynorm_slice_utf8(text, 1, 6, 1, 9);
    cr_assert_str_eq(s, "Abe");
    free(s);
    s = pynorm_slice_utf8(text, 1, -3, 0, 0);
    cr_assert_str_eq(s, "Abe", "negative start counts from the end");
    free(s);
    s = pynorm_slice_utf8(text, 1, 6, 1, 100);
    cr_assert_str_eq(s, "Abe", "end is clamped");
    free(s);
    s = pynorm_slice_utf8(text, 1, 5, 1, 2);
    cr_assert_str_eq(s, "", "end before start is empty");
    free(s);
    cr_assert_null(pynorm_slice_utf8(text, 1, 0, 1, 4), "cuts the \u00e9 in two");
}

/* ---- Matching rules on hand-made stories -------------------------------------------------- */

static json_t *parse(const char *text)
{
    json_error_t jerr;
    json_t *v = json_loads(text, 0, &jerr);
    cr_assert_not_null(v, "test JSON: %s", jerr.text);
    return v;
}

/* Scores one gold/pred pair (pred_text NULL: no story) into *t. */
static void score_pair(const char *gold_text, const char *pred_text, score_totals *t)
{
    char err[256] = "";
    json_t *gold = parse(gold_text);
    json_t *pred = pred_text ? parse(pred_text) : NULL;
    cr_assert_eq(score_check_gold(gold, err, sizeof(err)), 0, "%s", err);
    if (pred)
        cr_assert_eq(score_check_pred(pred, err, sizeof(err)), 0, "%s", err);
    cr_assert_eq(score_story(gold, pred, t, NULL, err, sizeof(err)), 0, "%s", err);
    json_decref(gold);
    json_decref(pred);
}

static void expect_counts(score_counts c, int64_t tp, int64_t fp, int64_t fn, const char *what)
{
    cr_expect_eq(c.tp, tp, "%s tp %ld != %ld", what, (long)c.tp, (long)tp);
    cr_expect_eq(c.fp, fp, "%s fp %ld != %ld", what, (long)c.fp, (long)fp);
    cr_expect_eq(c.fn, fn, "%s fn %ld != %ld", what, (long)c.fn, (long)fn);
}

static const char *abe_gold =
    "{\"file\": \"a.txt\", \"must_strip\": [\"Subscribe now\"], \"entities\": ["
    " {\"type\": \"person\", \"names\": [\"Shinzo Abe\"], \"mentions\": {\"Shinzo Abe\": 1, "
    "\"Abe\": 2}},"
    " {\"type\": \"country\", \"names\": [\"Japan\", \"JP\"], \"mentions\": {\"Japan\": 1}},"
    " {\"type\": \"organization\", \"names\": [\"CNN\"], \"mentions\": {\"CNN\": 1}, "
    "\"optional\": true}]}";

Test(entities, greedy_one_to_one_with_mention_multisets)
{
    /* text: "Shinzo Abe met Abe's aides in Japan." */
    const char *pred =
        "{\"source_file\": \"a.txt\", \"text\": \"Shinzo Abe met Abe's aides in Japan.\","
        " \"entities\": ["
        "  {\"id\": \"person:shinzo-abe\", \"type\": \"person\", \"name\": \"SHINZO ABE\","
        "   \"mentions\": [{\"start\": 0, \"end\": 10, \"text\": \"Shinzo Abe\"},"
        "                  {\"start\": 15, \"end\": 20, \"text\": \"Abe's\"},"
        "                  {\"start\": 1, \"end\": 4, \"text\": \"Abe\"}]},"
        "  {\"id\": \"person:abe\", \"type\": \"person\", \"name\": \"Shinzo Abe\","
        "   \"mentions\": [{\"start\": 11, \"end\": 14, \"text\": \"met\"}]},"
        "  {\"id\": \"country:JP\", \"type\": \"country\", \"name\": null, \"code\": \"jp\","
        "   \"mentions\": [{\"start\": 30, \"end\": 35, \"text\": \"Japan\"}]}]}";
    score_totals t = {0};
    score_pair(abe_gold, pred, &t);
    /* Abe and Japan match; the second Abe finds its gold entity used: a false positive. */
    expect_counts(t.entities, 2, 1, 0, "entities");
    /* Abe: Shinzo Abe and Abe's->abe right, one Abe missing, one bad offset (fp);
       the unmatched entity's "met" is a fp; Japan right. */
    expect_counts(t.mentions, 3, 2, 1, "mentions");
    cr_expect_eq(t.offset_errors, 1);
    cr_expect_eq(t.paired, 1);
}

Test(entities, no_story_counts_every_gold_as_missed)
{
    score_totals t = {0};
    score_pair(abe_gold, NULL, &t);
    expect_counts(t.entities, 0, 0, 2, "entities");
    expect_counts(t.mentions, 0, 0, 4, "mentions");
    cr_expect_eq(t.paired, 0);
    cr_expect_eq(t.stories, 1);
}

Test(entities, boilerplate_left_in_text_is_counted)
{
    score_totals t = {0};
    score_pair(abe_gold, "{\"source_file\": \"a.txt\", \"text\": \"Abe. Subscribe now!\"}", &t);
    cr_expect_eq(t.boilerplate_leaks, 1);
}

static const char *dates_gold =
    "{\"file\": \"d.txt\", \"dates\": ["
    " {\"text\": \"Nov. 17\", \"value\": [\"2016-11-17\"]},"
    " {\"text\": \"Nov. 19 and 20\", \"value\": [\"2016-11-19/2016-11-20\"],"
    "  \"split\": [[\"Nov. 19\", \"2016-11-19\"], [\"20\", \"2016-11-20\"]]},"
    " {\"text\": \"September\", \"value\": [\"2016-09\"]},"
    " {\"text\": \"next few years\", \"value\": [\"FUTURE_REF\"], \"optional\": true}]}";

Test(dates, overlap_value_and_split_ranges)
{
    const char *pred = "{\"source_file\": \"d.txt\", \"dates\": ["
                       " {\"text\": \"20\", \"start\": 30, \"value\": \"2016-11-20\"},"
                       " {\"text\": \"Nov. 19\", \"start\": 20, \"value\": \"2016-11-19\"},"
                       " {\"text\": \"nov 17\", \"start\": 5, \"value\": \"2016-11-18\"},"
                       " {\"text\": \"last September\", \"start\": 50, \"value\": \"2016-09\"},"
                       " {\"text\": \"Monday\", \"start\": 60, \"value\": \"2016-11-14\"}]}";
    score_totals t = {0};
    score_pair(dates_gold, pred, &t);
    /* Three gold dates found (the split range as its two parts); Monday is extra. */
    expect_counts(t.dates, 3, 1, 0, "dates");
    /* Nov. 17 has the wrong value; the split range and September are right. */
    cr_expect_eq(t.values_right, 2);
}

static const char *events_gold =
    "{\"file\": \"e.txt\", \"entities\": ["
    " {\"type\": \"person\", \"names\": [\"Donald Trump\"], \"mentions\": {}},"
    " {\"type\": \"person\", \"names\": [\"Shinzo Abe\"], \"mentions\": {}}],"
    " \"events\": ["
    " {\"type\": \"meeting\", \"participants\": [\"Donald Trump\", \"Shinzo Abe\"],"
    "  \"location\": \"New York\", \"start\": \"2016-11-17\", \"end\": \"2016-11-17\","
    "  \"status\": \"planned\"},"
    " {\"type\": \"call\", \"participants\": [\"Donald Trump\", \"Shinzo Abe\"],"
    "  \"location\": null, \"start\": \"2016-11-10\", \"end\": \"2016-11-10\","
    "  \"status\": \"held\"}]}";

Test(events, relaxed_and_strict)
{
    const char *pred =
        "{\"source_file\": \"e.txt\", \"entities\": ["
        "  {\"id\": \"person:t\", \"type\": \"person\", \"name\": \"Donald Trump\"},"
        "  {\"id\": \"person:s\", \"type\": \"person\", \"name\": \"Shinzo Abe\"}],"
        " \"events\": ["
        "  {\"type\": \"summit\", \"participants\": [\"person:t\", \"person:s\"],"
        "   \"location\": \"New York\", \"start\": \"2016-11-17\", \"end\": \"2016-11-17\","
        "   \"status\": \"planned\"},"
        "  {\"type\": \"call\", \"participants\": [\"person:shinzo-abe\", \"person:t\"],"
        "   \"location\": null, \"start\": \"2016-11-10T09:00\", \"end\": \"2016-11-10\","
        "   \"status\": \"held\"},"
        "  {\"type\": \"visit\", \"participants\": [\"person:t\"], \"location\": null,"
        "   \"start\": \"2016-11-10\", \"end\": null, \"status\": \"held\"}]}";
    score_totals t = {0};
    score_pair(events_gold, pred, &t);
    /* Relaxed: summit counts as a meeting, the call matches (start by prefix, the
       id's tail names Abe); the visit is extra. Strict: the summit's type differs. */
    expect_counts(t.events_relaxed, 2, 1, 0, "relaxed");
    expect_counts(t.events_strict, 1, 2, 1, "strict");
}

Test(checks, malformed_fields_are_named)
{
    char err[256] = "";
    json_t *pred = parse("{\"source_file\": \"x.txt\", \"entities\": [{\"name\": 5}]}");
    cr_expect_eq(score_check_pred(pred, err, sizeof(err)), -1);
    cr_expect(strstr(err, "x.txt: entities[0].name is not a string") != NULL, "%s", err);
    json_decref(pred);
    json_t *gold = parse("{\"file\": \"x.txt\", \"dates\": [{\"text\": \"May\"}]}");
    cr_expect_eq(score_check_gold(gold, err, sizeof(err)), -1);
    cr_expect(strstr(err, "x.txt: dates[0]") != NULL, "%s", err);
    json_decref(gold);
}

Test(checks, bad_lines_name_file_and_line)
{
    char path[] = "/tmp/telex-score-XXXXXX";
    int fd = mkstemp(path);
    cr_assert_geq(fd, 0);
    FILE *f = fdopen(fd, "w");
    fputs("{\"source_file\": \"a.txt\"}\n\n{not json\n", f);
    fclose(f);
    char err[256] = "";
    json_t *preds = NULL;
    cr_expect_eq(score_load_preds(path, &preds, err, sizeof(err)), -1);
    cr_expect(strstr(err, ":3: not JSON") != NULL, "%s", err);
    unlink(path);
}

/* ---- Agreement with score.py ---------------------------------------------------------------- */

/* Runs a shell command and returns its standard output (malloc'd). */
static char *run_capture(const char *command)
{
    FILE *p = popen(command, "r");
    cr_assert_not_null(p, "cannot run %s", command);
    char *out = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&out, &len);
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof(chunk), p)) > 0)
        fwrite(chunk, 1, n, mem);
    fclose(mem);
    cr_assert_eq(pclose(p), 0, "failed: %s\n%s", command, out);
    return out;
}

/* The C scorer's summary for a file of predictions. */
static json_t *c_summary(const char *pred_path)
{
    char err[512] = "";
    json_t *preds = NULL;
    cr_assert_eq(score_load_preds(pred_path, &preds, err, sizeof(err)), 0, "%s", err);
    score_totals t = {0};
    cr_assert_eq(score_gold_dir(BACKTEST_GOLD_DIR, preds, &t, NULL, err, sizeof(err)), 0, "%s",
                 err);
    json_decref(preds);
    return score_totals_to_json(&t);
}

static void expect_same_summary(const char *pred_path)
{
    /* The reference scorer: $TELEX_EVAL_SCORER, else ../shared/eval/score.py beside the
       source tree. Missing is a failure, not a skip. */
    const char *scorer =
        getenv("TELEX_EVAL_SCORER") ? getenv("TELEX_EVAL_SCORER") : BACKTEST_SCORE_PY;
    cr_assert_eq(access(scorer, R_OK), 0, "the reference scorer is missing: %s", scorer);
    char command[1024];
    snprintf(command, sizeof(command), "/usr/bin/python3 %s --gold %s --pred %s --json", scorer,
             BACKTEST_GOLD_DIR, pred_path);
    char *python_text = run_capture(command);
    json_t *python = parse(python_text);
    json_t *ours = c_summary(pred_path);
    char *a = json_dumps(python, JSON_SORT_KEYS | JSON_REAL_PRECISION(17));
    char *b = json_dumps(ours, JSON_SORT_KEYS | JSON_REAL_PRECISION(17));
    cr_expect(json_equal(python, ours), "%s:\nscore.py %s\nC        %s", pred_path, a, b);
    free(a);
    free(b);
    free(python_text);
    json_decref(python);
    json_decref(ours);
}

/* Each seed is one generated file of stories; 8 seeds a test keeps each under a few seconds. */
static int seed_blocks[] = {0, 1, 2, 3, 4, 5};

ParameterizedTestParameters(agreement, generated_stories)
{
    return cr_make_param_array(int, seed_blocks, sizeof(seed_blocks) / sizeof(seed_blocks[0]));
}

ParameterizedTest(int *block, agreement, generated_stories, .timeout = 120)
{
    for (int seed = *block * 8 + 1; seed <= *block * 8 + 8; seed++) {
        char path[] = "/tmp/telex-preds-XXXXXX";
        int fd = mkstemp(path);
        cr_assert_geq(fd, 0);
        close(fd);
        char command[1024];
        snprintf(command, sizeof(command),
                 "/usr/bin/python3 %s/gen_preds.py --gold %s --seed %d > %s", BACKTEST_TEST_DIR,
                 BACKTEST_GOLD_DIR, seed, path);
        cr_assert_eq(system(command), 0, "failed: %s", command);
        expect_same_summary(path);
        unlink(path);
    }
}

Test(agreement, empty_predictions)
{
    char path[] = "/tmp/telex-preds-XXXXXX";
    int fd = mkstemp(path);
    cr_assert_geq(fd, 0);
    close(fd);
    expect_same_summary(path);
    unlink(path);
}
