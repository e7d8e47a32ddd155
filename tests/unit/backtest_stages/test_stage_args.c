/*
 * Tests of stage_args_split (stages/backtest/stage_args.c): which -X pairs of
 * telex-backtest's command line go to the stages it starts, and what is left
 * for its own parser, as a table of command lines.
 */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <stdlib.h>
#include <string.h>

#include "stage_args.h"

#define MAX_WORDS 10

/* Words as arrays (Criterion copies the table into each test's process), ended by "". */
typedef struct split_case {
    char argv[MAX_WORDS][32];
    char pairs[MAX_WORDS][32];
    char kept[MAX_WORDS][32];
} split_case;

static split_case split_cases[] = {
    {{"bt", "--input", "in"}, {""}, {"bt", "--input", "in"}},
    {{"bt", "-X", "tag.kb.dir=kb2", "-i", "in"}, {"tag.kb.dir=kb2"}, {"bt", "-i", "in"}},
    {{"bt", "-Xnormalize.rules=r.txt", "-X", "client.id=c"},
     {"normalize.rules=r.txt"},
     {"bt", "-X", "client.id=c"}},
    {{"bt", "-X", "tag.a=1", "-X", "normalize.b=2", "-X", "tag.c=3"},
     {"tag.a=1", "normalize.b=2", "tag.c=3"},
     {"bt"}},
    /* Not a stage's: another prefix, a key without a value, a look-alike prefix. */
    {{"bt", "-X", "backtest.timeout=9", "-X", "tag.kb.dir", "-X", "tagger.x=1"},
     {""},
     {"bt", "-X", "backtest.timeout=9", "-X", "tag.kb.dir", "-X", "tagger.x=1"}},
    /* After "--" nothing is an option; argv[0] never is. */
    {{"-Xtag.a=1", "--", "-X", "tag.a=1"}, {""}, {"-Xtag.a=1", "--", "-X", "tag.a=1"}},
};

ParameterizedTestParameters(stage_args, split)
{
    return cr_make_param_array(split_case, split_cases,
                               sizeof(split_cases) / sizeof(split_cases[0]));
}

static int count_words(char words[][32])
{
    int n = 0;
    while (n < MAX_WORDS && words[n][0])
        n++;
    return n;
}

ParameterizedTest(split_case *c, stage_args, split)
{
    char **kept = NULL;
    int n_kept = -1;
    stage_args args;
    char err[128] = "";
    int argc = count_words(c->argv);
    char *argv[MAX_WORDS + 1] = {NULL};
    for (int i = 0; i < argc; i++)
        argv[i] = c->argv[i];
    cr_assert_eq(stage_args_split(argc, argv, &kept, &n_kept, &args, err, sizeof(err)), 0, "%s",
                 err);
    cr_expect_eq(args.n, (size_t)count_words(c->pairs), "pairs of %s", c->argv[1]);
    for (size_t i = 0; i < args.n && c->pairs[i][0]; i++)
        cr_expect_str_eq(args.pairs[i], c->pairs[i]);
    cr_expect_eq(n_kept, count_words(c->kept), "words kept of %s", c->argv[1]);
    for (int i = 0; i < n_kept && c->kept[i][0]; i++)
        cr_expect_str_eq(kept[i], c->kept[i]);
    cr_expect_null(kept[n_kept], "kept is NULL-terminated");
    free(kept);
    stage_args_free(&args);
}

Test(stage_args, pairs_go_to_the_stage_they_name)
{
    cr_expect(stage_args_is_for("tag.kb.dir=x", "tag"));
    cr_expect_not(stage_args_is_for("tag.kb.dir=x", "normalize"));
    cr_expect_not(stage_args_is_for("tagger.x=1", "tag"));
    cr_expect(stage_args_is_for("normalize.rules=r", "normalize"));
}
