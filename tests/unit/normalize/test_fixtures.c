/*
 * Fixture tests: every file of tests/data/normalize/pass/NAME.FORMAT
 * normalizes to what NAME.expect (JSON) says, and every file of
 * tests/data/normalize/fail/NAME.FORMAT is rejected with a reason that starts
 * with the text of NAME.reason. The format is the file's extension, as
 * telex-ingest --format would give it. Plain-text fixtures get the RawStory
 * time 2020-06-05T14:00:00+02:00.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>
#include <jansson.h>

#include "test_util.h"

#define FIXTURE_PUBLISHED "2020-06-05T14:00:00+02:00"

static const char *field(const telex_story *s, const char *name)
{
    static const struct {
        const char *name;
        size_t offset;
    } fields[] = {
        {"headline", offsetof(telex_story, headline)},
        {"byline", offsetof(telex_story, byline)},
        {"dateline_place", offsetof(telex_story, dateline_place)},
        {"dateline_date", offsetof(telex_story, dateline_date)},
        {"published", offsetof(telex_story, published)},
        {"language", offsetof(telex_story, language)},
        {"id", offsetof(telex_story, id)},
    };
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        if (strcmp(fields[i].name, name) == 0)
            return *(char *const *)((const char *)s + fields[i].offset);
    return NULL;
}

static void check_strings(const char *name, const telex_story *s, json_t *expect)
{
    static const char *const keys[] = {
        "headline", "byline", "dateline_place", "dateline_date", "published", "language",
        "id",       NULL};
    for (size_t i = 0; keys[i]; i++) {
        json_t *want = json_object_get(expect, keys[i]);
        if (!want)
            continue;
        const char *got = field(s, keys[i]);
        if (json_is_null(want))
            cr_expect_null(got, "%s: %s: got \"%s\", want none", name, keys[i], got);
        else
            cr_expect(got && strcmp(got, json_string_value(want)) == 0,
                      "%s: %s: got \"%s\", want \"%s\"", name, keys[i], got ? got : "(null)",
                      json_string_value(want));
    }
}

static void check_text(const char *name, const telex_story *s, json_t *expect)
{
    json_t *starts = json_object_get(expect, "text_starts");
    if (starts)
        cr_expect(strncmp(s->text, json_string_value(starts), strlen(json_string_value(starts))) ==
                      0,
                  "%s: text starts \"%.100s\"", name, s->text);
    size_t i;
    json_t *item;
    json_array_foreach(json_object_get(expect, "text_contains"), i, item)
        cr_expect_not_null(strstr(s->text, json_string_value(item)), "%s: text lacks \"%s\": %s",
                           name, json_string_value(item), s->text);
    json_array_foreach(json_object_get(expect, "text_lacks"), i, item)
        cr_expect_null(strstr(s->text, json_string_value(item)), "%s: text has \"%s\": %s", name,
                       json_string_value(item), s->text);
    json_t *rules = json_object_get(expect, "stripped_rules");
    if (rules) {
        cr_expect_eq(s->n_stripped, json_array_size(rules), "%s: %zu stripped, want %zu", name,
                     s->n_stripped, json_array_size(rules));
        json_array_foreach(rules, i, item) if (i < s->n_stripped) cr_expect_str_eq(
            s->stripped[i].rule, json_string_value(item), "%s: stripped %zu", name, i);
    }
    cr_expect(spans_valid(s), "%s: paragraph spans do not tile the text", name);
}

static void check_numbers(const char *name, const telex_story *s, json_t *expect)
{
    json_t *v;
    if ((v = json_object_get(expect, "utc_offset_minutes")))
        cr_expect_eq(s->utc_offset_minutes, json_integer_value(v), "%s: offset %d", name,
                     s->utc_offset_minutes);
    if ((v = json_object_get(expect, "version")))
        cr_expect_eq(s->version, json_integer_value(v), "%s: version %d", name, s->version);
    if ((v = json_object_get(expect, "n_paragraphs")))
        cr_expect_eq(s->n_paragraphs, (size_t)json_integer_value(v), "%s: %zu paragraphs", name,
                     s->n_paragraphs);
}

/* Calls fn for every NAME.FORMAT of dir (not .expect/.reason); returns how many. */
static int for_each_fixture(const char *dir,
                            void (*fn)(const char *dir, const char *file, const char *format))
{
    DIR *d = opendir(dir);
    cr_assert_not_null(d, "cannot open %s", dir);
    int count = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        const char *dot = strrchr(e->d_name, '.');
        if (e->d_name[0] == '.' || !dot || strcmp(dot, ".expect") == 0 ||
            strcmp(dot, ".reason") == 0)
            continue;
        fn(dir, e->d_name, dot + 1);
        count++;
    }
    closedir(d);
    return count;
}

static void check_pass(const char *dir, const char *file, const char *format)
{
    char path[1024], expect_path[1024], err[512];
    snprintf(path, sizeof path, "%s/%s", dir, file);
    snprintf(expect_path, sizeof expect_path, "%s/%.*s.expect", dir,
             (int)(strrchr(file, '.') - file), file);
    json_error_t error;
    json_t *expect = json_load_file(expect_path, 0, &error);
    cr_assert_not_null(expect, "%s: %s", expect_path, error.text);
    telex_story story = {0};
    int rc = normalize_file(path, format, FIXTURE_PUBLISHED, &story, err, sizeof err);
    cr_expect_eq(rc, 0, "%s: rejected: %s", file, err);
    if (rc == 0) {
        check_strings(file, &story, expect);
        check_numbers(file, &story, expect);
        check_text(file, &story, expect);
    }
    telex_story_clear(&story);
    json_decref(expect);
}

static void check_fail(const char *dir, const char *file, const char *format)
{
    char path[1024], reason_path[1024], err[512] = "";
    snprintf(path, sizeof path, "%s/%s", dir, file);
    snprintf(reason_path, sizeof reason_path, "%s/%.*s.reason", dir,
             (int)(strrchr(file, '.') - file), file);
    size_t len;
    char *reason = read_file(reason_path, &len);
    cr_assert_not_null(reason, "missing %s", reason_path);
    reason[strcspn(reason, "\n")] = '\0';
    telex_story story = {0};
    cr_expect_eq(normalize_file(path, format, FIXTURE_PUBLISHED, &story, err, sizeof err), -1,
                 "%s: accepted", file);
    cr_expect(strncmp(err, reason, strlen(reason)) == 0, "%s: reason \"%s\", want \"%s...\"", file,
              err, reason);
    cr_expect_null(story.text, "%s: a rejected story must be cleared", file);
    free(reason);
}

Test(fixtures, pass)
{
    cr_expect_geq(for_each_fixture(TELEX_TEST_DATA "/normalize/pass", check_pass), 7);
}

Test(fixtures, fail)
{
    cr_expect_geq(for_each_fixture(TELEX_TEST_DATA "/normalize/fail", check_fail), 10);
}
