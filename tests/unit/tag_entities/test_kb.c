/*
 * The KB loader: the real KB loads, and each kind of malformed line is
 * rejected with "FILE:LINE: reason". Each case writes a small valid KB into a
 * temporary folder, replaces one file with a bad one, and checks the error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <criterion/criterion.h>
#include <criterion/parameterized.h>

#include "tag.h"

/* A copy of s in Criterion's shared memory, visible to the test's process. */
static char *shared_strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *copy = cr_malloc(n);
    memcpy(copy, s, n);
    return copy;
}

static const char *const GOOD_FILES[][2] = {
    {"countries.tsv", "# source\nJP\tJapan\t\tJapanese\tTokyo\t\tcurated\n"},
    {"persons.tsv", "person:shinzo-abe\tShinzo Abe\t\tAbe\tPrime Minister of Japan\tJP\t"
                    "2012-12-26\t2020-09-16\tcurated\n"},
    {"organizations.tsv", "organization:apec\tAPEC\t\t\tcurated\n"},
    {"agreements.tsv", "agreement:tpp\tTrans-Pacific Partnership\tTPP\t\tcurated\n"},
    {"places.tsv", "place:osaka\tOsaka\t\tJP\tcurated\n"},
    {"blocks.tsv", "Sea of Japan\tcurated\n"},
    {"titles.tsv", "Prime Minister\tPrime Minister\tcurated\n"},
    {"given_names.tsv", "Florence\tcurated\n"},
};
#define N_FILES (sizeof GOOD_FILES / sizeof GOOD_FILES[0])

static void write_file(const char *dir, const char *name, const char *content)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f, "cannot write %s", path);
    fputs(content, f);
    fclose(f);
}

/* Makes a KB folder with every good file except `name`, which gets `content`. */
static void make_kb(char *dir, const char *name, const char *content)
{
    cr_assert_not_null(mkdtemp(dir));
    for (size_t i = 0; i < N_FILES; i++)
        write_file(dir, GOOD_FILES[i][0],
                   name && strcmp(name, GOOD_FILES[i][0]) == 0 ? content : GOOD_FILES[i][1]);
}

static void remove_kb(const char *dir)
{
    char path[512];
    for (size_t i = 0; i < N_FILES; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, GOOD_FILES[i][0]);
        unlink(path);
    }
    rmdir(dir);
}

Test(kb, real_kb_loads)
{
    char err[512];
    tag_kb *kb;
    cr_assert_eq(tag_kb_load(TAG_KB_DEFAULT_DIR, &kb, err, sizeof err), 0, "%s", err);
    cr_expect_geq(tag_kb_count(kb, "country"), 193, "every UN member");
    cr_expect_geq(tag_kb_count(kb, "person"), 500);
    cr_expect_geq(tag_kb_count(kb, "organization"), 30);
    tag_kb_free(kb);
}

Test(kb, small_valid_kb_loads)
{
    char dir[] = "/tmp/tag-kb-XXXXXX", err[512];
    make_kb(dir, NULL, NULL);
    tag_kb *kb;
    cr_expect_eq(tag_kb_load(dir, &kb, err, sizeof err), 0, "%s", err);
    cr_expect_eq(tag_kb_count(kb, "country"), 1);
    cr_expect_eq(tag_kb_count(kb, "place"), 2, "Osaka and the capital Tokyo");
    tag_kb_free(kb);
    remove_kb(dir);
}

Test(kb, missing_folder_is_an_error)
{
    char err[512];
    tag_kb *kb;
    cr_expect_eq(tag_kb_load("/nonexistent/kb", &kb, err, sizeof err), -1);
    cr_expect(strstr(err, "cannot open /nonexistent/kb/countries.tsv") != NULL, "%s", err);
    cr_expect_null(kb);
}

typedef struct bad_line {
    char *file;
    char *content;
    char *error; /* expected suffix after the folder name */
} bad_line;

static bad_line bad_lines[] = {
    {"persons.tsv", "# c\nperson:x\tX Y\t\tY\tPresident\tJP\t2012-01-01\tcurated\n",
     "/persons.tsv:2: expected 9 fields, got 8"},
    {"countries.tsv", "Jp\tJapan\t\t\t\t\tcurated\n",
     "/countries.tsv:1: country code \"Jp\" is not two capital letters"},
    {"countries.tsv", "JP\tJapan\t\t\t\t\tcurated\nJP\tJapan\t\t\t\t\tcurated\n",
     "/countries.tsv:2: duplicate country JP"},
    {"persons.tsv", "shinzo-abe\tShinzo Abe\t\t\t\t\t\t\tcurated\n",
     "/persons.tsv:1: person id \"shinzo-abe\" does not start with \"person:\""},
    {"persons.tsv", "person:a\tA B\t\t\tPresident\tJP\t2012-13-01\t\tcurated\n",
     "/persons.tsv:1: start \"2012-13-01\" is not a YYYY-MM-DD date"},
    {"persons.tsv", "person:a\tA B\t\t\tPresident\tJP\t2012-01-01\t2011-01-01\tcurated\n",
     "/persons.tsv:1: term ends (2011-01-01) before it starts (2012-01-01)"},
    {"persons.tsv", "person:a\tA B\t\t\tPresident\tJP\t\t\tcurated\n",
     "/persons.tsv:1: role \"President\" has no start date"},
    {"persons.tsv", "person:a\tA B\t\t\t\tJPN\t\t\tcurated\n",
     "/persons.tsv:1: country \"JPN\" is not an ISO alpha-2 code"},
    {"persons.tsv", "person:a\tA B\t\t\t\t\t\t\tc\nperson:a\tA C\t\t\t\t\t\t\tc\n",
     "/persons.tsv:2: person person:a was named \"A B\" before, now \"A C\""},
    {"organizations.tsv", "org:apec\tAPEC\t\t\tcurated\n",
     "/organizations.tsv:1: id \"org:apec\" does not start with \"organization:\""},
    {"places.tsv", "place:x\t\t\t\tcurated\n", "/places.tsv:1: empty name"},
    {"places.tsv", "place:x\t---\t\t\tcurated\n",
     "/places.tsv:1: name \"---\" does not start with a word"},
    {"titles.tsv", "Prime (Minister)\tPrime Minister\tcurated\n",
     "/titles.tsv:1: title \"Prime (Minister)\" may hold only letters, spaces, '-' and '.'"},
    {"titles.tsv", "# no titles at all\n", "titles.tsv: no titles"},
    {"given_names.tsv", "Mary Ann\tcurated\n",
     "/given_names.tsv:1: given name \"Mary Ann\" must be one word"},
};

ParameterizedTestParameters(kb, malformed_lines)
{
    /* Criterion runs each test in a fresh process: parameters live in its shared memory */
    size_t n = sizeof bad_lines / sizeof bad_lines[0];
    bad_line *shared = cr_malloc(n * sizeof *shared);
    for (size_t i = 0; i < n; i++) {
        shared[i].file = shared_strdup(bad_lines[i].file);
        shared[i].content = shared_strdup(bad_lines[i].content);
        shared[i].error = shared_strdup(bad_lines[i].error);
    }
    return cr_make_param_array(bad_line, shared, n);
}

ParameterizedTest(bad_line *c, kb, malformed_lines)
{
    char dir[] = "/tmp/tag-kb-XXXXXX", err[512];
    make_kb(dir, c->file, c->content);
    tag_kb *kb;
    cr_expect_eq(tag_kb_load(dir, &kb, err, sizeof err), -1);
    size_t n = strlen(err), m = strlen(c->error);
    cr_expect(n >= m && strcmp(err + n - m, c->error) == 0, "got \"%s\", want ...\"%s\"", err,
              c->error);
    cr_expect_null(kb);
    remove_kb(dir);
}
