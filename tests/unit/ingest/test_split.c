/*
 * Feed splitting: a feed of N items becomes N RawStory records, each a
 * document telex-normalize reads alone, with the item's id and a key built
 * from it (or from the item's content hash when it has none).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>
#include <criterion/parameterized.h>

#include "ingest.h"
#include "normalize.h"

#define MAX_ITEMS 8

/* What the emit callback saw. */
typedef struct collected {
    size_t n;
    char *keys[MAX_ITEMS];
    char *ids[MAX_ITEMS];
    telex_story stories[MAX_ITEMS];
    char errors[MAX_ITEMS][256];
    boilerplate_rules *rules;
} collected;

static int collect(void *ctx, const telex_raw_story *raw, char *err, size_t errlen)
{
    collected *c = ctx;
    if (c->n == MAX_ITEMS) {
        snprintf(err, errlen, "too many items");
        return -1;
    }
    c->keys[c->n] = strdup(raw->key);
    c->ids[c->n] = raw->item_id ? strdup(raw->item_id) : NULL;
    normalize_options options = {NORMALIZE_DEFAULT_MAX_BYTES, c->rules};
    normalize_story(raw, &options, &c->stories[c->n], NULL, c->errors[c->n],
                    sizeof c->errors[c->n]);
    c->n++;
    return 0;
}

static void collected_free(collected *c)
{
    for (size_t i = 0; i < c->n; i++) {
        free(c->keys[i]);
        free(c->ids[i]);
        telex_story_clear(&c->stories[i]);
    }
    boilerplate_free(c->rules);
}

static char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    cr_assert_not_null(f, "cannot open %s", path);
    static char buf[65536];
    *len = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[*len] = '\0';
    return buf;
}

/* Splits a feed fixture with format detection; returns what was collected. */
static void split_fixture(const char *name, collected *c)
{
    char path[1024], err[256];
    snprintf(path, sizeof path, "%s/normalize/feeds/%s", TELEX_TEST_DATA, name);
    memset(c, 0, sizeof *c);
    cr_assert_eq(boilerplate_load(TELEX_TEST_RULES, &c->rules, err, sizeof err), 0, "%s", err);
    size_t len;
    char *data = read_all(path, &len);
    ingest_source src = {"auto", "file", name, "2020-01-01T00:00:00Z"};
    long n = ingest_payload(&src, data, len, collect, c, err, sizeof err);
    cr_assert_geq(n, 0, "%s: %s", name, err);
    cr_assert_eq((size_t)n, c->n);
}

typedef struct split_case {
    char file[32];
    int items;
    char first_id[24]; /* "": none */
    char first_text[64];
    char last_text[64];
} split_case;

ParameterizedTestParameters(split, feeds)
{
    static split_case cases[] = {
        {"three-items.rss", 3, "t-1", "The first story, with Niinistö in it.",
         "The third story has no guid, only a link."},
        {"two-entries.atom", 2, "urn:e:1", "Entry one.", "Entry two is a summary."},
        {"message.newsml", 2, "urn:g2:a", "Story A text.", "Story B text."},
        {"lines.jsonl", 3, "urn:j:1", "First JSON line story.", "Third, with no uri."},
        {"array.json", 2, "urn:a:1", "Array item one.", "Array item two."},
        {"transmission.anpa", 2, "BC-One", "Story one text.", "Story two text."},
        {"transmission-plain.anpa", 2, "BC-One", "Story one text.", "Story two text."},
        /* HTML named entities with no DTD: each item is re-serialized with &nbsp; etc. and
           must still parse on its own */
        {"html-entities.rss", 2, "h-1", "The café talks ended… early.",
         "Ministers met in Città del Vaticano."},
    };
    return cr_make_param_array(split_case, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(split_case *sc, split, feeds)
{
    collected c;
    split_fixture(sc->file, &c);
    cr_assert_eq(c.n, (size_t)sc->items, "%s: %zu items", sc->file, c.n);
    for (size_t i = 0; i < c.n; i++)
        cr_assert_not_null(c.stories[i].text, "%s item %zu rejected: %s", sc->file, i, c.errors[i]);
    cr_expect_str_eq(c.ids[0] ? c.ids[0] : "", sc->first_id);
    cr_expect_str_eq(c.stories[0].text, sc->first_text);
    cr_expect_str_eq(c.stories[c.n - 1].text, sc->last_text);
    for (size_t i = 0; i < c.n; i++)
        for (size_t k = i + 1; k < c.n; k++)
            cr_expect_str_neq(c.keys[i], c.keys[k], "%s: items %zu and %zu share a key", sc->file,
                              i, k);
    collected_free(&c);
}

Test(split, rss_items_keep_channel_context)
{
    collected c;
    split_fixture("three-items.rss", &c);
    cr_assert_eq(c.n, 3);
    cr_expect_str_eq(c.stories[0].language, "en-GB", "the channel's language reaches each item");
    cr_expect_str_eq(c.stories[0].headline, "First & foremost");
    cr_expect_str_eq(c.stories[0].byline, "A. Writer");
    cr_expect_str_eq(c.stories[0].published, "2017-01-02T09:00:00Z");
    cr_expect_str_eq(c.stories[0].dateline_place, "BERLIN");
    cr_expect_str_eq(c.ids[2], "https://example.org/3", "the link stands in for a missing guid");
    collected_free(&c);
}

Test(split, keys)
{
    char *with_id = ingest_story_key("file", "urn:x", "abc", 3);
    char *hashed = ingest_story_key("file", NULL, "abc", 3);
    char *again = ingest_story_key("file", NULL, "abc", 3);
    cr_expect_str_eq(with_id, "file:urn:x");
    cr_expect_str_eq(
        hashed, "file:sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    cr_expect_str_eq(hashed, again, "a key is stable");
    free(with_id);
    free(hashed);
    free(again);
}

Test(split, undetectable_format)
{
    collected c = {0};
    char err[256];
    const char *html = "<html><body><p>not a wire format</p></body></html>";
    ingest_source src = {"auto", "file", "page.html", NULL};
    cr_expect_eq(ingest_payload(&src, html, strlen(html), collect, &c, err, sizeof err), -1);
    cr_expect(strstr(err, "cannot tell the format") != NULL, "%s", err);
    cr_expect_eq(c.n, 0);
}

Test(split, bad_xml_goes_whole_for_normalize_to_reject)
{
    collected c = {0};
    char err[256];
    cr_assert_eq(boilerplate_load(TELEX_TEST_RULES, &c.rules, err, sizeof err), 0);
    const char *rss = "<rss version=\"2.0\"><channel><item><title>x</title></item><item>";
    ingest_source src = {"rss", "file", "cut.rss", NULL};
    cr_expect_eq(ingest_payload(&src, rss, strlen(rss), collect, &c, err, sizeof err), 1);
    cr_expect_null(c.stories[0].text);
    cr_expect(strncmp(c.errors[0], "rss: XML not well-formed at line 1", 34) == 0, "%s",
              c.errors[0]);
    collected_free(&c);
}
