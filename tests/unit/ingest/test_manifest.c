/*
 * A folder's manifest.tsv (manifest.h): the bundled samples' manifest loads
 * with each file's format and time, lookups find every listed name and no
 * other, malformed lines are reported as PATH:LINE: reason, and the command
 * line wins over the manifest's columns.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <criterion/criterion.h>
#include <criterion/parameterized.h>

#include "manifest.h"

static char dir[256];
static char manifest_path[300];

static void make_dir(void)
{
    snprintf(dir, sizeof dir, "/tmp/telex-manifest-test-XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
    snprintf(manifest_path, sizeof manifest_path, "%s/manifest.tsv", dir);
}

static void remove_dir(void)
{
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    cr_expect_eq(system(cmd), 0);
}

TestSuite(manifest, .init = make_dir, .fini = remove_dir);

static void write_manifest(const char *text)
{
    FILE *f = fopen(manifest_path, "w");
    cr_assert_not_null(f);
    fputs(text, f);
    fclose(f);
}

/* Loads text as DIR/manifest.tsv; fails the test when it does not load. */
static ingest_manifest *load_text(const char *text)
{
    char err[512];
    ingest_manifest *m = NULL;
    write_manifest(text);
    cr_assert_eq(manifest_load(manifest_path, &m, err, sizeof err), 0, "%s", err);
    cr_assert_not_null(m);
    return m;
}

Test(manifest, loads_the_bundled_samples)
{
    char path[4096], err[512];
    ingest_manifest *m = NULL;
    snprintf(path, sizeof path, "%s/deploy/samples", getenv("TELEX_SOURCE_DIR"));
    cr_assert_eq(manifest_load_dir(path, &m, err, sizeof err), 0, "%s", err);
    cr_assert_eq(manifest_count(m), 6);
    const manifest_entry *seed = manifest_find(m, "seed-trump-abe.txt");
    cr_assert_not_null(seed);
    cr_expect_str_eq(seed->format, "text");
    cr_expect_str_eq(seed->published, "2016-11-10T12:00:00+09:00");
    const manifest_entry *nitf = manifest_find(m, "dev2-mar-a-lago.xml");
    cr_assert_not_null(nitf);
    cr_expect_str_eq(nitf->format, "nitf");
    cr_expect_null(nitf->published, "an empty PUBLISHED column gives no time");
    cr_expect_null(manifest_find(m, "manifest.tsv"));
    manifest_free(m);
}

Test(manifest, skips_comments_blank_lines_and_carriage_returns)
{
    ingest_manifest *m = load_text("# name format published\r\n"
                                   "\n"
                                   "b.xml\tnitf\t2020-01-02T03:04:05Z\r\n"
                                   "a.txt\tauto\t\n"
                                   "c.json\t\n"
                                   "d.anpa\tanpa"); /* no final line break */
    cr_assert_eq(manifest_count(m), 4);
    const manifest_entry *b = manifest_find(m, "b.xml");
    cr_assert_not_null(b);
    cr_expect_str_eq(b->published, "2020-01-02T03:04:05Z");
    cr_expect_eq(b->line, 3);
    cr_expect_null(manifest_find(m, "a.txt")->format, "auto means detect");
    cr_expect_null(manifest_find(m, "c.json")->format, "an empty FORMAT means detect");
    cr_expect_str_eq(manifest_find(m, "d.anpa")->format, "anpa");
    cr_expect_null(manifest_find(m, "d.anpa")->published);
    cr_expect_null(manifest_find(m, "# name format published"));
    manifest_free(m);
}

Test(manifest, finds_every_name_of_a_large_manifest)
{
    FILE *f = fopen(manifest_path, "w");
    cr_assert_not_null(f);
    for (int i = 999; i >= 0; i--) /* written out of order on purpose */
        fprintf(f, "story-%04d.txt\ttext\t2020-01-01T00:%02d:00Z\n", i, i % 60);
    fclose(f);
    char err[512], name[64], want[64];
    ingest_manifest *m = NULL;
    cr_assert_eq(manifest_load(manifest_path, &m, err, sizeof err), 0, "%s", err);
    cr_assert_eq(manifest_count(m), 1000);
    for (int i = 0; i < 1000; i++) {
        snprintf(name, sizeof name, "story-%04d.txt", i);
        snprintf(want, sizeof want, "2020-01-01T00:%02d:00Z", i % 60);
        const manifest_entry *e = manifest_find(m, name);
        cr_assert_not_null(e, "%s not found", name);
        cr_assert_str_eq(e->published, want);
    }
    cr_expect_null(manifest_find(m, "story-1000.txt"));
    cr_expect_null(manifest_find(m, "story-0001.tx"));
    manifest_free(m);
}

Test(manifest, a_folder_without_one_is_no_error)
{
    char err[512] = "";
    ingest_manifest *m = (ingest_manifest *)&err; /* must be reset to NULL */
    cr_assert_eq(manifest_load_dir(dir, &m, err, sizeof err), 0, "%s", err);
    cr_expect_null(m);
    cr_expect_eq(manifest_count(NULL), 0);
    cr_expect_null(manifest_find(NULL, "a.txt"));
}

Test(manifest, a_missing_file_names_its_path)
{
    char err[512] = "";
    ingest_manifest *m = NULL;
    cr_assert_eq(manifest_load(manifest_path, &m, err, sizeof err), -1);
    cr_expect_null(m);
    cr_expect_not_null(strstr(err, manifest_path), "%s", err);
    cr_expect_not_null(strstr(err, "No such file"), "%s", err);
}

typedef struct bad_case {
    char text[160];
    char want[160]; /* after "PATH:" */
} bad_case;

ParameterizedTestParameters(manifest, malformed_lines)
{
    static bad_case cases[] = {
        {"a.txt\n", "1: want FILE<TAB>FORMAT<TAB>PUBLISHED (PUBLISHED may be empty)"},
        {"a.txt\ttext\t\textra\n", "1: want FILE<TAB>FORMAT<TAB>PUBLISHED"},
        {"ok.txt\ttext\t\n\ttext\t\n", "2: empty file name"},
        {"sub/a.xml\tnitf\t\n", "1: file name \"sub/a.xml\" has a '/'"},
        {"a.xml\tnitf\t\nb.tele\ttelegraph\t\n", "2: unknown format \"telegraph\""},
        {"a.txt\ttext\tyesterday\n", "1: bad published time \"yesterday\""},
        {"a.txt\ttext\t2016-13-40T12:00:00Z\n", "1: bad published time"},
        {"a.txt\ttext\t\nb.xml\tnitf\t\n# c\na.txt\tnitf\t\n",
         "4: \"a.txt\" listed twice (first on line 1)"},
    };
    return cr_make_param_array(bad_case, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(bad_case *c, manifest, malformed_lines)
{
    char err[512] = "", want[600];
    ingest_manifest *m = NULL;
    write_manifest(c->text);
    cr_assert_eq(manifest_load(manifest_path, &m, err, sizeof err), -1, "loaded: %s", c->text);
    cr_expect_null(m);
    snprintf(want, sizeof want, "%s:%s", manifest_path, c->want);
    cr_expect_eq(strncmp(err, want, strlen(want)), 0, "want \"%s...\", got \"%s\"", want, err);
    cr_expect_null(strchr(err, '\n'), "one line: %s", err);
}

Test(manifest, a_nul_byte_is_malformed)
{
    FILE *f = fopen(manifest_path, "w");
    cr_assert_not_null(f);
    fwrite("a.txt\ttext\t\nb\0.txt\ttext\t\n", 1, 25, f);
    fclose(f);
    char err[512] = "", want[400];
    ingest_manifest *m = NULL;
    cr_assert_eq(manifest_load(manifest_path, &m, err, sizeof err), -1);
    snprintf(want, sizeof want, "%s:2: NUL byte in the line", manifest_path);
    cr_expect_str_eq(err, want);
}

typedef struct resolve_case {
    char name[32];
    char forced_format[16];    /* "" for NULL */
    char forced_published[32]; /* "" for NULL */
    char want_format[16];      /* "" for NULL */
    char want_published[32];   /* "" for NULL */
} resolve_case;

ParameterizedTestParameters(manifest, command_line_wins)
{
    static resolve_case cases[] = {
        /* nothing forced: the manifest's columns */
        {"seed.txt", "", "", "text", "2016-11-10T12:00:00+09:00"},
        {"feed.xml", "", "", "nitf", ""},
        /* "auto" is not a forced format */
        {"seed.txt", "auto", "", "text", "2016-11-10T12:00:00+09:00"},
        /* each forced value wins on its own */
        {"seed.txt", "anpa", "", "anpa", "2016-11-10T12:00:00+09:00"},
        {"seed.txt", "", "2020-01-01T00:00:00Z", "text", "2020-01-01T00:00:00Z"},
        {"feed.xml", "rss", "2020-01-01T00:00:00Z", "rss", "2020-01-01T00:00:00Z"},
        /* a file the manifest does not list: only what was forced */
        {"other.txt", "", "", "", ""},
        {"other.txt", "json", "2020-01-01T00:00:00Z", "json", "2020-01-01T00:00:00Z"},
    };
    return cr_make_param_array(resolve_case, cases, sizeof cases / sizeof cases[0]);
}

static const char *or_null(const char *text)
{
    return *text ? text : NULL;
}

ParameterizedTest(resolve_case *c, manifest, command_line_wins)
{
    ingest_manifest *m = load_text("seed.txt\ttext\t2016-11-10T12:00:00+09:00\n"
                                   "feed.xml\tnitf\t\n");
    const char *format = "unset", *published = "unset";
    manifest_resolve(m, c->name, or_null(c->forced_format), or_null(c->forced_published), &format,
                     &published);
    if (*c->want_format)
        cr_expect_str_eq(format, c->want_format);
    else
        cr_expect_null(format);
    if (*c->want_published)
        cr_expect_str_eq(published, c->want_published);
    else
        cr_expect_null(published);
    manifest_free(m);
}

Test(manifest, only_its_own_name_is_a_manifest)
{
    cr_expect_eq(manifest_is_manifest_name("manifest.tsv"), 1);
    cr_expect_eq(manifest_is_manifest_name("manifest.tsv.bak"), 0);
    cr_expect_eq(manifest_is_manifest_name("my-manifest.tsv"), 0);
    cr_expect_eq(manifest_is_manifest_name("Manifest.tsv"), 0);
}
