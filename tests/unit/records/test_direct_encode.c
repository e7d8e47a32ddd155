/*
 * The direct writer of EnrichedStory (pipeline/records/direct_enriched.c)
 * against Avro C's generic values: the same frame bytes for every kind of
 * story (full, empty arrays and NULL nullables, ints that take one to five
 * varint bytes, strings longer than one varint byte of length), the same
 * error for a NULL required field with the output left as it was, and the
 * shape check that keeps the writer to the schema it was written for.
 */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "fixtures.h"
#include "records_internal.h"

static telex_schemas *schemas;

static void load(void)
{
    schemas = fixture_schemas();
}

static void unload(void)
{
    telex_schemas_free(schemas);
}

TestSuite(direct_encode, .init = load, .fini = unload);

/* Clears every nullable field and empties every array of e. */
static void make_sparse(telex_enriched_story *e)
{
    telex_enriched_story_clear(e);
    memset(e, 0, sizeof *e);
    telex_story *s = &e->story;
    s->id = strdup("sparse-1");
    s->source = strdup("test");
    s->format = strdup("text");
    s->published = strdup("2020-01-01T00:00:00Z");
    s->text = strdup("");
    s->content_hash = strdup("00");
}

/* Ints at every varint length boundary, negative and positive. */
static void make_extreme_ints(telex_enriched_story *e)
{
    e->story.version = INT32_MAX;
    e->story.utc_offset_minutes = INT32_MIN;
    e->story.paragraphs[0] = (telex_span){-1, 63};
    e->story.paragraphs[1] = (telex_span){64, 8191};
    e->dates[0].span = (telex_span){8192, 1048575};
    e->events[0].evidence = (telex_span){-64, -65};
}

/* A text whose length takes three varint bytes, with a mention near its end. */
static void make_long_text(telex_enriched_story *e)
{
    size_t len = 20000;
    free(e->story.text);
    e->story.text = malloc(len + 1);
    cr_assert_not_null(e->story.text);
    for (size_t i = 0; i < len; i++)
        e->story.text[i] = (char)('a' + i % 26);
    e->story.text[len] = '\0';
    free(e->entities[0].mentions[1].text);
    e->entities[0].mentions[1].text = strndup(e->story.text + 19000, 200);
    e->entities[0].mentions[1].span = (telex_span){19000, 19200};
}

static void make_full(telex_enriched_story *e)
{
    (void)e; /* fixture_enriched() as it is */
}

/* Indexes, not function pointers: Criterion's workers may be separate processes. */
static void (*const VARIANTS[])(telex_enriched_story *e) = {make_full, make_sparse,
                                                            make_extreme_ints, make_long_text};

ParameterizedTestParameters(direct_encode, same_bytes_as_generic)
{
    static size_t variants[] = {0, 1, 2, 3};
    return cr_make_param_array(size_t, variants, sizeof variants / sizeof variants[0]);
}

ParameterizedTest(size_t *variant, direct_encode, same_bytes_as_generic)
{
    telex_enriched_story in;
    fixture_enriched(&in);
    VARIANTS[*variant](&in);
    telex_buf direct = {0}, generic = {0};
    char err[256];
    /* both append to what the buffer holds */
    cr_assert_eq(telex_buf_append(&direct, "prefix", 6), 0);
    cr_assert_eq(telex_buf_append(&generic, "prefix", 6), 0);
    cr_assert_eq(telex_enriched_story_encode(schemas, &in, &direct, err, sizeof err), 0, "%s", err);
    cr_assert_eq(enriched_story_encode_generic(schemas, &in, &generic, err, sizeof err), 0, "%s",
                 err);
    cr_assert_eq(direct.len, generic.len, "direct %zu bytes, generic %zu", direct.len, generic.len);
    cr_assert_eq(memcmp(direct.data, generic.data, direct.len), 0, "the frames differ");
    telex_enriched_story out;
    cr_assert_eq(telex_enriched_story_decode(schemas, direct.data + 6, direct.len - 6, &out, err,
                                             sizeof err),
                 0, "%s", err);
    cr_expect_str_eq(out.story.text, in.story.text);
    cr_expect_eq(out.n_entities, in.n_entities);
    telex_enriched_story_clear(&out);
    telex_buf_free(&direct);
    telex_buf_free(&generic);
    telex_enriched_story_clear(&in);
}

Test(direct_encode, null_required_field_fails_like_generic)
{
    telex_enriched_story in;
    fixture_enriched(&in);
    free(in.entities[1].name);
    in.entities[1].name = NULL;
    telex_buf direct = {0}, generic = {0};
    char direct_err[256], generic_err[256];
    cr_assert_eq(telex_buf_append(&direct, "kept", 4), 0);
    cr_assert_eq(telex_enriched_story_encode(schemas, &in, &direct, direct_err, sizeof direct_err),
                 -1);
    cr_assert_eq(
        enriched_story_encode_generic(schemas, &in, &generic, generic_err, sizeof generic_err), -1);
    cr_expect_str_eq(direct_err, generic_err);
    cr_expect(strstr(direct_err, "field name") != NULL, "got: %s", direct_err);
    cr_expect_eq(direct.len, 4, "the output must be left as it was");
    cr_expect_str_eq(direct.data, "kept");
    telex_buf_free(&direct);
    telex_buf_free(&generic);
    telex_enriched_story_clear(&in);
}

Test(direct_encode, null_participant_fails_like_generic)
{
    telex_enriched_story in;
    fixture_enriched(&in);
    free(in.events[0].participants[1]);
    in.events[0].participants[1] = NULL;
    telex_buf direct = {0}, generic = {0};
    char direct_err[256], generic_err[256];
    cr_assert_eq(telex_enriched_story_encode(schemas, &in, &direct, direct_err, sizeof direct_err),
                 -1);
    cr_assert_eq(
        enriched_story_encode_generic(schemas, &in, &generic, generic_err, sizeof generic_err), -1);
    cr_expect_str_eq(direct_err, generic_err);
    cr_expect_eq(direct.len, 0);
    telex_buf_free(&direct);
    telex_buf_free(&generic);
    telex_enriched_story_clear(&in);
}

Test(direct_encode, writer_only_for_the_enriched_story_shape)
{
    schema_entry *enriched = schemas_find_current(schemas, "telex.EnrichedStory");
    schema_entry *story = schemas_find_current(schemas, "telex.Story");
    cr_assert_not_null(enriched);
    cr_assert_not_null(story);
    cr_expect_eq(direct_enriched_fits(enriched), 1, "schemas/EnrichedStory.avsc should fit");
    cr_expect_eq(direct_enriched_fits(story), 0, "a Story is not an EnrichedStory");
}
