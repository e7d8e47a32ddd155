/*
 * Unit tests of the benchmark's own logic: the corpus rewrites
 * (corpus_text.h), the corpus generator (corpus.h) and the measuring helpers
 * (bench_stats.h). The benchmark's figures are only as good as these.
 */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bench_stats.h"
#include "corpus.h"
#include "corpus_text.h"

/* The buffer's bytes as a NUL-terminated string (appends a NUL, not counted in len). */
static const char *text_of(telex_buf *buf)
{
    cr_assert_eq(telex_buf_append(buf, "", 1), 0);
    buf->len--;
    return buf->data;
}

/* ---- corpus_substitute ---- */

Test(substitute, replaces_whole_words_only)
{
    corpus_subst subs[] = {{"Abe", "Modi"}};
    telex_buf out = {0};
    const char *in = "Abe met Abed; Abe’s aide, not xAbe.";
    cr_assert_eq(corpus_substitute(in, strlen(in), subs, 1, &out), 0);
    cr_assert_str_eq(text_of(&out), "Modi met Abed; Modi’s aide, not xAbe.");
    telex_buf_free(&out);
}

Test(substitute, never_rewrites_a_replacement)
{
    corpus_subst subs[] = {{"Trump", "Putin"}, {"Putin", "Xi"}};
    telex_buf out = {0};
    const char *in = "Trump and Putin";
    cr_assert_eq(corpus_substitute(in, strlen(in), subs, 2, &out), 0);
    cr_assert_str_eq(text_of(&out), "Putin and Xi");
    telex_buf_free(&out);
}

Test(substitute, earliest_substitution_wins)
{
    corpus_subst subs[] = {{"Shinzo Abe", "Narendra Modi"}, {"Abe", "Modi"}};
    telex_buf out = {0};
    const char *in = "Shinzo Abe, then Abe.";
    cr_assert_eq(corpus_substitute(in, strlen(in), subs, 2, &out), 0);
    cr_assert_str_eq(text_of(&out), "Narendra Modi, then Modi.");
    telex_buf_free(&out);
}

/* ---- corpus_shift_years ---- */

typedef struct year_case {
    char in[64];
    int shift;
    char want[64];
} year_case;

ParameterizedTestParameters(years, shift)
{
    static year_case cases[] = {
        {"in 2016.", 2, "in 2018."},
        {"2016-11-10T12:00:00+09:00", -3, "2013-11-10T12:00:00+09:00"},
        {"norm=\"20170330\"", 1, "norm=\"20170330\""}, /* glued to digits */
        {"Dec. 7, 1941", 1, "Dec. 7, 1941"},           /* out of range */
        {"AP-WF-03-29-18 0822GMT", 1, "AP-WF-03-29-18 0822GMT"},
        {"2019", 5, "2024"},
    };
    return cr_make_param_array(year_case, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(year_case *c, years, shift)
{
    telex_buf out = {0};
    cr_assert_eq(corpus_shift_years(c->in, strlen(c->in), c->shift, 1990, 2029, &out), 0);
    cr_assert_str_eq(text_of(&out), c->want);
    telex_buf_free(&out);
}

/* ---- corpus_shift_months ---- */

typedef struct month_case {
    char in[64];
    int months, days;
    char want[64];
} month_case;

ParameterizedTestParameters(months, shift)
{
    static month_case cases[] = {
        {"on Nov. 17 in", 1, 0, "on Dec. 17 in"},
        {"on Nov. 17 in", 2, 3, "on Jan. 20 in"},
        {"in December", 2, 0, "in February"},
        {"Aug. 5", 1, 0, "Sept. 5"},
        {"March 30", 0, 0, "March 2"}, /* days stay within 1..28 */
        {"June 28-29", 1, 1, "July 1-29"},
        {"the Mayor of May 3", 1, 0, "the Mayor of June 3"},
        {"Novel 17", 1, 0, "Novel 17"},
        {"Nov. 171", 1, 0, "Dec. 171"}, /* not a day */
    };
    return cr_make_param_array(month_case, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(month_case *c, months, shift)
{
    telex_buf out = {0};
    cr_assert_eq(corpus_shift_months(c->in, strlen(c->in), c->months, c->days, &out), 0);
    cr_assert_str_eq(text_of(&out), c->want, "\"%s\" +%d months +%d days", c->in, c->months,
                     c->days);
    telex_buf_free(&out);
}

/* ---- pieces ---- */

Test(pieces, count_and_join)
{
    const char *in = "head\n\nmid\n\ntail";
    unsigned drop_mid[] = {1, 0, 1}, twice[] = {1, 2, 1}, same[] = {1, 1, 1};
    telex_buf out = {0};

    cr_assert_eq(corpus_count_pieces(in, strlen(in), "\n\n"), 3);
    cr_assert_eq(corpus_count_pieces(in, strlen(in), "</p>"), 1);
    cr_assert_eq(corpus_join_pieces(in, strlen(in), "\n\n", drop_mid, &out), 0);
    cr_assert_str_eq(text_of(&out), "head\n\ntail");
    telex_buf_reset(&out);
    cr_assert_eq(corpus_join_pieces(in, strlen(in), "\n\n", twice, &out), 0);
    cr_assert_str_eq(text_of(&out), "head\n\nmid\n\nmid\n\ntail");
    telex_buf_reset(&out);
    cr_assert_eq(corpus_join_pieces(in, strlen(in), "\n\n", same, &out), 0);
    cr_assert_str_eq(text_of(&out), in);
    telex_buf_free(&out);
}

/* ---- ids ---- */

Test(ids, suffix_every_marked_id)
{
    corpus_id_marker markers[] = {{"BC-", " ,<"}, {"guid=\"", "\""}};
    const char *in = "a0452 BC-AS--Summit 03-29\n^BC-AS--Summit,0412<\n<x guid=\"u:1\"/>";
    telex_buf out = {0};
    cr_assert_eq(corpus_suffix_ids(in, strlen(in), markers, 2, "-b7", &out), 0);
    cr_assert_str_eq(text_of(&out),
                     "a0452 BC-AS--Summit-b7 03-29\n^BC-AS--Summit-b7,0412<\n<x guid=\"u:1-b7\"/>");
    telex_buf_free(&out);
}

/* ---- rng ---- */

Test(rng, same_seed_same_numbers_and_bounded)
{
    uint64_t a = 42, b = 42, c = 43;
    uint64_t first_a = corpus_rng_next(&a);
    cr_assert_eq(first_a, corpus_rng_next(&b));
    cr_assert_neq(first_a, corpus_rng_next(&c));
    for (int i = 0; i < 1000; i++)
        cr_assert_lt(corpus_rng_below(&a, 7), 7);
}

/* ---- the corpus ---- */

static corpus *load_samples(void)
{
    char dir[4096], err[512];
    corpus *c = NULL;
    const char *src = getenv("TELEX_SOURCE_DIR");
    cr_assert_not_null(src, "TELEX_SOURCE_DIR must name the source tree");
    snprintf(dir, sizeof dir, "%s/deploy/samples", src);
    cr_assert_eq(corpus_load(dir, &c, err, sizeof err), 0, "%s", err);
    return c;
}

static size_t manifest_lines(void)
{
    char path[4096], line[1024];
    size_t n = 0;
    snprintf(path, sizeof path, "%s/deploy/samples/manifest.tsv", getenv("TELEX_SOURCE_DIR"));
    FILE *f = fopen(path, "r");
    cr_assert_not_null(f);
    while (fgets(line, sizeof line, f))
        n += line[0] != '#' && line[0] != '\n';
    fclose(f);
    return n;
}

Test(corpus, loads_every_sample_of_the_manifest)
{
    corpus *c = load_samples();
    cr_assert_eq(corpus_template_count(c), manifest_lines());
    corpus_free(c);
}

Test(corpus, same_seed_and_index_give_the_same_story)
{
    corpus *c = load_samples();
    char err[256];
    corpus_story a = {0}, b = {0}, other = {0};
    cr_assert_eq(corpus_story_make(c, 7, 13, &a, err, sizeof err), 0, "%s", err);
    cr_assert_eq(corpus_story_make(c, 7, 13, &b, err, sizeof err), 0, "%s", err);
    cr_assert_eq(corpus_story_make(c, 8, 13, &other, err, sizeof err), 0, "%s", err);
    cr_assert_eq(a.payload.len, b.payload.len);
    cr_assert_eq(memcmp(a.payload.data, b.payload.data, a.payload.len), 0);
    cr_assert_str_eq(a.file_name, b.file_name);
    cr_assert(a.payload.len != other.payload.len ||
                  memcmp(a.payload.data, other.payload.data, a.payload.len) != 0,
              "another seed must give another story");
    corpus_story_clear(&a);
    corpus_story_clear(&b);
    corpus_story_clear(&other);
    corpus_free(c);
}

Test(corpus, stories_are_distinct_and_vary_in_length)
{
    corpus *c = load_samples();
    size_t n_templates = corpus_template_count(c);
    size_t n = 10 * n_templates;
    char err[256];
    corpus_story *stories = calloc(n, sizeof *stories);
    size_t shortest = SIZE_MAX, longest = 0;

    for (size_t i = 0; i < n; i++) {
        cr_assert_eq(corpus_story_make(c, 42, i, &stories[i], err, sizeof err), 0, "%s", err);
        size_t len = stories[i].payload.len;
        if (i % n_templates == 0) { /* the same sample every time */
            shortest = len < shortest ? len : shortest;
            longest = len > longest ? len : longest;
        }
    }
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++)
            cr_assert(stories[i].payload.len != stories[j].payload.len ||
                          memcmp(stories[i].payload.data, stories[j].payload.data,
                                 stories[i].payload.len) != 0,
                      "stories %zu and %zu are the same", i, j);
    cr_assert_gt(longest, shortest * 3 / 2, "lengths %zu..%zu vary too little", shortest, longest);
    for (size_t i = 0; i < n; i++)
        corpus_story_clear(&stories[i]);
    free(stories);
    corpus_free(c);
}

Test(corpus, raw_story_is_what_ingest_would_send)
{
    corpus *c = load_samples();
    char err[256];
    corpus_story story = {0};
    telex_raw_story raw = {0};
    cr_assert_eq(corpus_story_make(c, 42, 3, &story, err, sizeof err), 0, "%s", err);
    cr_assert_eq(corpus_story_to_raw(&story, &raw), 0);
    cr_assert_eq(raw.payload_len, story.payload.len);
    cr_assert_eq(memcmp(raw.payload, story.payload.data, raw.payload_len), 0);
    cr_assert_str_eq(raw.source, "bench");
    cr_assert_str_eq(raw.source_file, story.file_name);
    cr_assert_str_eq(raw.format, story.format);
    cr_assert_eq(strncmp(raw.key, "bench:", 6), 0);
    cr_assert_str_eq(raw.key + 6, story.file_name);
    cr_assert_eq(strncmp(story.file_name, "b0000003-", 9), 0);
    telex_raw_story_clear(&raw);
    corpus_story_clear(&story);
    corpus_free(c);
}

Test(corpus, unknown_format_is_a_clear_error)
{
    char dir[] = "/tmp/bench-corpus-test-XXXXXX", path[256], err[512];
    corpus *c = NULL;
    cr_assert_not_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/manifest.tsv", dir);
    FILE *f = fopen(path, "w");
    fputs("story.txt\ttelegraph\n", f);
    fclose(f);
    cr_assert_eq(corpus_load(dir, &c, err, sizeof err), -1);
    cr_assert_null(c);
    cr_assert_not_null(strstr(err, "manifest.tsv:1: unknown format \"telegraph\""), "%s", err);
    unlink(path);
    rmdir(dir);
}

Test(corpus, missing_folder_names_the_manifest)
{
    char err[512];
    corpus *c = NULL;
    cr_assert_eq(corpus_load("/nonexistent/samples", &c, err, sizeof err), -1);
    cr_assert_not_null(strstr(err, "/nonexistent/samples/manifest.tsv"), "%s", err);
}

/* ---- stats ---- */

Test(stats, nearest_rank_percentiles)
{
    int64_t v[] = {5, 1, 3, 2, 4};
    cr_assert_eq(bench_percentile(v, 5, 50), 3);
    cr_assert_eq(bench_percentile(v, 5, 20), 1);
    cr_assert_eq(bench_percentile(v, 5, 21), 2);
    cr_assert_eq(bench_percentile(v, 5, 99), 5);
    cr_assert_eq(bench_percentile(v, 5, 100), 5);
    cr_assert_eq(bench_percentile(v, 0, 50), 0);
}

Test(stats, reads_proc_status)
{
    cr_assert_gt(bench_proc_status_kb(getpid(), "VmRSS"), 0);
    cr_assert_eq(bench_proc_status_kb(getpid(), "NoSuchField"), -1);
    cr_assert_eq(bench_proc_status_kb(0x7ffffff0, "VmRSS"), -1);
}

Test(stats, clocks_move_forward)
{
    int64_t t0 = bench_now_ns(), c0 = bench_cpu_ns();
    volatile uint64_t spin = 0;
    for (int i = 0; i < 1000000; i++)
        spin += (uint64_t)i;
    cr_assert_gt(bench_now_ns(), t0);
    cr_assert_gt(bench_cpu_ns(), c0);
}
