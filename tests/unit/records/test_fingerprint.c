/*
 * Parsing Canonical Form and CRC-64-AVRO fingerprints against the Avro
 * project's own published examples.
 *
 * Source of the table: apache/avro, share/test/data/schema-tests.txt (cases
 * 000-033: INPUT, canonical, fingerprint). Its fingerprints are the signed
 * 64-bit values Java's SchemaNormalization.parsingFingerprint64 returns, which
 * the Java tests cross-check against a direct implementation of the
 * algorithm; here they are compared as int64_t.
 */
#include <avro.h>
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <string.h>

#include "fixtures.h"

/* Strings are arrays, not pointers: Criterion runs each case in a new process
   (a fresh address space), and copies only the parameter array over. */
typedef struct canonical_case {
    char input[400];
    char canonical[200];
    int has_fingerprint;
    int64_t fingerprint;
} canonical_case;

ParameterizedTestParameters(fingerprint, spec_examples)
{
    static canonical_case cases[] = {
        {"\"null\"", "\"null\"", 1, 7195948357588979594LL},
        {"{\"type\":\"null\"}", "\"null\"", 0, 0},
        {"\"boolean\"", "\"boolean\"", 1, -6970731678124411036LL},
        {"{\"type\":\"boolean\"}", "\"boolean\"", 0, 0},
        {"\"int\"", "\"int\"", 1, 8247732601305521295LL},
        {"{\"type\":\"int\"}", "\"int\"", 0, 0},
        {"\"long\"", "\"long\"", 1, -3434872931120570953LL},
        {"\"float\"", "\"float\"", 1, 5583340709985441680LL},
        {"\"double\"", "\"double\"", 1, -8181574048448539266LL},
        {"\"bytes\"", "\"bytes\"", 1, 5746618253357095269LL},
        {"\"string\"", "\"string\"", 1, -8142146995180207161LL},
        {"{\"type\":\"string\"}", "\"string\"", 0, 0},
        {"[  ]", "[]", 1, -1241056759729112623LL},
        {"[ \"int\"  ]", "[\"int\"]", 1, -5232228896498058493LL},
        {"[ \"int\" , {\"type\":\"boolean\"} ]", "[\"int\",\"boolean\"]", 1, 5392556393470105090LL},
        {"{\"fields\":[], \"type\":\"record\", \"name\":\"foo\"}",
         "{\"name\":\"foo\",\"type\":\"record\",\"fields\":[]}", 1, -4824392279771201922LL},
        {"{\"fields\":[], \"type\":\"record\", \"name\":\"foo\", \"namespace\":\"x.y\"}",
         "{\"name\":\"x.y.foo\",\"type\":\"record\",\"fields\":[]}", 1, 5916914534497305771LL},
        {"{\"fields\":[], \"type\":\"record\", \"name\":\"a.b.foo\", \"namespace\":\"x.y\"}",
         "{\"name\":\"a.b.foo\",\"type\":\"record\",\"fields\":[]}", 1, -4616218487480524110LL},
        {"{\"fields\":[], \"type\":\"record\", \"name\":\"foo\", \"doc\":\"Useful info\"}",
         "{\"name\":\"foo\",\"type\":\"record\",\"fields\":[]}", 1, -4824392279771201922LL},
        {"{\"fields\":[], \"type\":\"record\", \"name\":\"foo\", \"aliases\":[\"foo\",\"bar\"]}",
         "{\"name\":\"foo\",\"type\":\"record\",\"fields\":[]}", 1, -4824392279771201922LL},
        {"{\"fields\":[{\"type\":{\"type\":\"boolean\"}, \"name\":\"f1\"}], \"type\":\"record\", "
         "\"name\":\"foo\"}",
         "{\"name\":\"foo\",\"type\":\"record\",\"fields\":[{\"name\":\"f1\",\"type\":\"boolean\"}]"
         "}",
         1, 7843277075252814651LL},
        {"{ \"fields\":[{\"type\":\"boolean\", \"aliases\":[], \"name\":\"f1\", "
         "\"default\":\"true\"},\n {\"order\":\"descending\",\"name\":\"f2\",\"doc\":\"Hello\","
         "\"type\":\"int\"}],\n \"type\":\"record\", \"name\":\"foo\"\n}",
         "{\"name\":\"foo\",\"type\":\"record\",\"fields\":[{\"name\":\"f1\",\"type\":\"boolean\"},"
         "{\"name\":\"f2\",\"type\":\"int\"}]}",
         1, -4860222112080293046LL},
        {"{\"type\":\"enum\", \"name\":\"foo\", \"symbols\":[\"A1\"]}",
         "{\"name\":\"foo\",\"type\":\"enum\",\"symbols\":[\"A1\"]}", 1, -6342190197741309591LL},
        {"{\"namespace\":\"x.y.z\", \"type\":\"enum\", \"name\":\"foo\", \"doc\":\"foo bar\", "
         "\"symbols\":[\"A1\", \"A2\"]}",
         "{\"name\":\"x.y.z.foo\",\"type\":\"enum\",\"symbols\":[\"A1\",\"A2\"]}", 1,
         -4448647247586288245LL},
        {"{\"name\":\"foo\",\"type\":\"fixed\",\"size\":15}",
         "{\"name\":\"foo\",\"type\":\"fixed\",\"size\":15}", 1, 1756455273707447556LL},
        {"{\"namespace\":\"x.y.z\", \"type\":\"fixed\", \"name\":\"foo\", \"doc\":\"foo bar\", "
         "\"size\":32}",
         "{\"name\":\"x.y.z.foo\",\"type\":\"fixed\",\"size\":32}", 1, -3064184465700546786LL},
        {"{ \"items\":{\"type\":\"null\"}, \"type\":\"array\"}",
         "{\"type\":\"array\",\"items\":\"null\"}", 1, -589620603366471059LL},
        {"{ \"values\":\"string\", \"type\":\"map\"}", "{\"type\":\"map\",\"values\":\"string\"}",
         1, -8732877298790414990LL},
        {"{\"name\":\"PigValue\",\"type\":\"record\",\n \"fields\":[{\"name\":\"value\", "
         "\"type\":[\"null\", \"int\", \"long\", \"PigValue\"]}]}",
         "{\"name\":\"PigValue\",\"type\":\"record\",\"fields\":[{\"name\":\"value\",\"type\":["
         "\"null\",\"int\",\"long\",\"PigValue\"]}]}",
         1, -1759257747318642341LL},
    };
    return cr_make_param_array(canonical_case, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(canonical_case *c, fingerprint, spec_examples)
{
    telex_buf canonical = {0};
    char err[256] = "";
    cr_assert_eq(telex_schema_canonical_form(c->input, &canonical, err, sizeof err), 0, "%s", err);
    cr_expect_str_eq(canonical.data, c->canonical);
    if (c->has_fingerprint) {
        int64_t got = (int64_t)telex_crc64_avro(canonical.data, canonical.len);
        cr_expect_eq(got, c->fingerprint, "fingerprint of %s: got %lld, want %lld", c->canonical,
                     (long long)got, (long long)c->fingerprint);
        uint64_t via_api = 0;
        cr_assert_eq(telex_schema_fingerprint(c->input, &via_api, err, sizeof err), 0);
        cr_expect_eq((int64_t)via_api, c->fingerprint);
    }
    telex_buf_free(&canonical);
}

Test(fingerprint, empty_input_is_the_empty_constant)
{
    /* The specification's EMPTY = 0xc15d213aa4d7a795: the fingerprint of no bytes. */
    cr_expect_eq(telex_crc64_avro("", 0), 0xc15d213aa4d7a795ULL);
}

Test(fingerprint, nested_names_take_the_enclosing_namespace)
{
    /* Spec rule [FULLNAMES]: a nested named type and a reference inherit the namespace. */
    const char *input = "{\"type\":\"record\",\"name\":\"Outer\",\"namespace\":\"ns\",\"fields\":["
                        "{\"name\":\"a\",\"type\":{\"type\":\"record\",\"name\":\"Inner\","
                        "\"fields\":[]}},{\"name\":\"b\",\"type\":\"Inner\"},"
                        "{\"name\":\"c\",\"type\":{\"type\":\"enum\",\"name\":\"other.E\","
                        "\"symbols\":[\"X\"]}},{\"name\":\"d\",\"type\":\"other.E\"}]}";
    telex_buf canonical = {0};
    char err[256] = "";
    cr_assert_eq(telex_schema_canonical_form(input, &canonical, err, sizeof err), 0, "%s", err);
    cr_expect_str_eq(canonical.data,
                     "{\"name\":\"ns.Outer\",\"type\":\"record\",\"fields\":["
                     "{\"name\":\"a\",\"type\":{\"name\":\"ns.Inner\",\"type\":\"record\","
                     "\"fields\":[]}},{\"name\":\"b\",\"type\":\"ns.Inner\"},"
                     "{\"name\":\"c\",\"type\":{\"name\":\"other.E\",\"type\":\"enum\","
                     "\"symbols\":[\"X\"]}},{\"name\":\"d\",\"type\":\"other.E\"}]}");
    telex_buf_free(&canonical);
}

typedef struct bad_schema_case {
    char input[100];
    char expected_error[100];
} bad_schema_case;

ParameterizedTestParameters(fingerprint, bad_schemas)
{
    static bad_schema_case cases[] = {
        {"{\"type\":", "not valid JSON"},
        {"{\"type\":\"record\",\"fields\":[]}", "a record needs a \"name\""},
        {"{\"type\":\"record\",\"name\":\"r\"}", "a record needs a \"fields\" array"},
        {"{\"type\":\"wat\"}", "unknown schema type \"wat\""},
        {"{\"name\":\"f\",\"type\":\"fixed\"}", "a fixed needs a non-negative integer \"size\""},
        {"{\"type\":\"array\"}", "an array needs \"items\""},
        {"42", "a schema must be a string, an array or an object"},
    };
    return cr_make_param_array(bad_schema_case, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(bad_schema_case *c, fingerprint, bad_schemas)
{
    telex_buf canonical = {0};
    char err[256] = "";
    cr_expect_eq(telex_schema_canonical_form(c->input, &canonical, err, sizeof err), -1);
    cr_expect(strstr(err, c->expected_error) != NULL, "error \"%s\" lacks \"%s\"", err,
              c->expected_error);
    telex_buf_free(&canonical);
}

/* The archive rebuilds a frame's fingerprint from a container file's schema,
   which Avro C writes back as its own JSON: that must fingerprint the same. */
Test(fingerprint, avro_c_schema_json_keeps_the_fingerprint)
{
    telex_schemas *s = fixture_schemas();
    const char *names[] = {"telex.RawStory", "telex.Story", "telex.EnrichedStory",
                           "telex.DeadLetter"};
    for (size_t i = 0; i < 4; i++) {
        uint64_t fp = 0, again = 0;
        char err[256] = "";
        cr_assert_eq(telex_schemas_current_fingerprint(s, names[i], &fp), 0, "%s", names[i]);
        const char *canonical = telex_schemas_canonical(s, fp);
        cr_assert_not_null(canonical);
        avro_schema_t schema;
        cr_assert_eq(avro_schema_from_json_length(canonical, strlen(canonical), &schema), 0);
        char json[16384];
        avro_writer_t writer = avro_writer_memory(json, sizeof json - 1);
        cr_assert_eq(avro_schema_to_json(schema, writer), 0);
        json[avro_writer_tell(writer)] = '\0';
        avro_writer_free(writer);
        avro_schema_decref(schema);
        cr_assert_eq(telex_schema_fingerprint(json, &again, err, sizeof err), 0, "%s", err);
        cr_expect_eq(again, fp, "%s changed fingerprint through Avro C: %s", names[i], json);
    }
    telex_schemas_free(s);
}

/* The fingerprint the set indexes a file by is the one of its text. */
Test(fingerprint, loaded_schema_matches_its_file)
{
    telex_schemas *s = fixture_schemas();
    char path[4096];
    size_t len;
    fixture_source_path("schemas/Story.avsc", path, sizeof path);
    char *text = fixture_read_file(path, &len);
    cr_assert_not_null(text, "cannot read %s", path);
    uint64_t from_file = 0, loaded = 0;
    char err[256] = "";
    cr_assert_eq(telex_schema_fingerprint(text, &from_file, err, sizeof err), 0, "%s", err);
    cr_assert_eq(telex_schemas_current_fingerprint(s, "telex.Story", &loaded), 0);
    cr_expect_eq(from_file, loaded);
    cr_expect_eq(telex_schemas_current_fingerprint(s, "telex.Nope", &loaded), -1);
    free(text);
    telex_schemas_free(s);
}
