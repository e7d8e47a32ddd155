/*
 * Single-object frames: every record type survives encode then decode field
 * for field (non-ASCII text, binary payloads, NULL nullable fields, empty
 * arrays), the header is C3 01 + the little-endian fingerprint, and bad
 * frames fail with a reason that says what is wrong.
 */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <string.h>

#include "fixtures.h"

static telex_schemas *schemas;

static void load(void)
{
    schemas = fixture_schemas();
}

static void unload(void)
{
    telex_schemas_free(schemas);
}

TestSuite(frames, .init = load, .fini = unload);

static void expect_str(const char *got, const char *want, const char *field)
{
    if (!want) {
        cr_expect_null(got, "%s: want NULL, got \"%s\"", field, got);
        return;
    }
    cr_assert_not_null(got, "%s: want \"%s\", got NULL", field, want);
    cr_expect_str_eq(got, want, "%s", field);
}

static void expect_span(telex_span got, telex_span want, const char *field)
{
    cr_expect_eq(got.start, want.start, "%s.start", field);
    cr_expect_eq(got.end, want.end, "%s.end", field);
}

static void expect_story(const telex_story *got, const telex_story *want)
{
    expect_str(got->id, want->id, "id");
    cr_expect_eq(got->version, want->version);
    expect_str(got->source, want->source, "source");
    expect_str(got->source_file, want->source_file, "source_file");
    expect_str(got->format, want->format, "format");
    expect_str(got->language, want->language, "language");
    expect_str(got->headline, want->headline, "headline");
    expect_str(got->byline, want->byline, "byline");
    expect_str(got->dateline_place, want->dateline_place, "dateline_place");
    expect_str(got->dateline_date, want->dateline_date, "dateline_date");
    expect_str(got->published, want->published, "published");
    cr_expect_eq(got->utc_offset_minutes, want->utc_offset_minutes);
    expect_str(got->text, want->text, "text");
    cr_assert_eq(got->n_paragraphs, want->n_paragraphs);
    for (size_t i = 0; i < want->n_paragraphs; i++)
        expect_span(got->paragraphs[i], want->paragraphs[i], "paragraph");
    expect_str(got->content_hash, want->content_hash, "content_hash");
    cr_assert_eq(got->n_stripped, want->n_stripped);
    for (size_t i = 0; i < want->n_stripped; i++) {
        expect_str(got->stripped[i].text, want->stripped[i].text, "stripped.text");
        expect_str(got->stripped[i].rule, want->stripped[i].rule, "stripped.rule");
    }
}

static void expect_entity(const telex_entity *got, const telex_entity *want)
{
    expect_str(got->id, want->id, "entity.id");
    expect_str(got->type, want->type, "entity.type");
    expect_str(got->name, want->name, "entity.name");
    expect_str(got->role, want->role, "entity.role");
    expect_str(got->country, want->country, "entity.country");
    expect_str(got->code, want->code, "entity.code");
    cr_assert_eq(got->n_mentions, want->n_mentions);
    for (size_t i = 0; i < want->n_mentions; i++) {
        expect_span(got->mentions[i].span, want->mentions[i].span, "mention");
        expect_str(got->mentions[i].text, want->mentions[i].text, "mention.text");
    }
}

static void expect_event(const telex_event *got, const telex_event *want)
{
    expect_str(got->type, want->type, "event.type");
    expect_str(got->name, want->name, "event.name");
    cr_assert_eq(got->n_participants, want->n_participants);
    for (size_t i = 0; i < want->n_participants; i++)
        expect_str(got->participants[i], want->participants[i], "participant");
    expect_str(got->location, want->location, "event.location");
    expect_str(got->start, want->start, "event.start");
    expect_str(got->end, want->end, "event.end");
    expect_str(got->status, want->status, "event.status");
    expect_span(got->evidence, want->evidence, "event.evidence");
}

static void expect_enriched(const telex_enriched_story *got, const telex_enriched_story *want)
{
    expect_story(&got->story, &want->story);
    cr_assert_eq(got->n_entities, want->n_entities);
    for (size_t i = 0; i < want->n_entities; i++)
        expect_entity(&got->entities[i], &want->entities[i]);
    cr_assert_eq(got->n_dates, want->n_dates);
    for (size_t i = 0; i < want->n_dates; i++) {
        expect_str(got->dates[i].text, want->dates[i].text, "date.text");
        expect_span(got->dates[i].span, want->dates[i].span, "date");
        expect_str(got->dates[i].value, want->dates[i].value, "date.value");
        expect_str(got->dates[i].type, want->dates[i].type, "date.type");
    }
    cr_assert_eq(got->n_events, want->n_events);
    for (size_t i = 0; i < want->n_events; i++)
        expect_event(&got->events[i], &want->events[i]);
}

Test(frames, raw_story_round_trip)
{
    telex_raw_story in, out;
    telex_buf frame = {0};
    char err[512] = "";
    fixture_raw_story(&in);
    cr_assert_eq(telex_raw_story_encode(schemas, &in, &frame, err, sizeof err), 0, "%s", err);
    cr_assert_eq(telex_raw_story_decode(schemas, frame.data, frame.len, &out, err, sizeof err), 0,
                 "%s", err);
    cr_assert_eq(out.payload_len, in.payload_len);
    cr_expect_arr_eq(out.payload, in.payload, in.payload_len);
    expect_str(out.format, in.format, "format");
    expect_str(out.source, in.source, "source");
    expect_str(out.source_file, in.source_file, "source_file");
    expect_str(out.item_id, in.item_id, "item_id");
    expect_str(out.key, in.key, "key");
    expect_str(out.received_at, in.received_at, "received_at");
    expect_str(out.published_at, in.published_at, "published_at");
    telex_raw_story_clear(&in);
    telex_raw_story_clear(&out);
    telex_buf_free(&frame);
}

Test(frames, story_round_trip)
{
    telex_story in, out;
    telex_buf frame = {0};
    char err[512] = "";
    fixture_story(&in);
    cr_assert_eq(telex_story_encode(schemas, &in, &frame, err, sizeof err), 0, "%s", err);
    cr_assert_eq(telex_story_decode(schemas, frame.data, frame.len, &out, err, sizeof err), 0, "%s",
                 err);
    expect_story(&out, &in);
    telex_story_clear(&in);
    telex_story_clear(&out);
    telex_buf_free(&frame);
}

Test(frames, story_with_nulls_and_empty_arrays_round_trip)
{
    telex_story in, out;
    telex_buf frame = {0};
    char err[512] = "";
    fixture_story(&in);
    free(in.headline), in.headline = NULL;
    free(in.dateline_place), in.dateline_place = NULL;
    free(in.dateline_date), in.dateline_date = NULL;
    free(in.source_file), in.source_file = NULL;
    free(in.paragraphs), in.paragraphs = NULL, in.n_paragraphs = 0;
    free(in.stripped[0].text), free(in.stripped[0].rule), free(in.stripped);
    in.stripped = NULL, in.n_stripped = 0;
    free(in.text), in.text = strdup("");
    cr_assert_eq(telex_story_encode(schemas, &in, &frame, err, sizeof err), 0, "%s", err);
    cr_assert_eq(telex_story_decode(schemas, frame.data, frame.len, &out, err, sizeof err), 0, "%s",
                 err);
    expect_story(&out, &in);
    cr_expect_null(out.paragraphs);
    telex_story_clear(&in);
    telex_story_clear(&out);
    telex_buf_free(&frame);
}

Test(frames, enriched_story_round_trip)
{
    telex_enriched_story in, out;
    telex_buf frame = {0};
    char err[512] = "";
    fixture_enriched(&in);
    cr_assert_eq(telex_enriched_story_encode(schemas, &in, &frame, err, sizeof err), 0, "%s", err);
    cr_assert_eq(telex_enriched_story_decode(schemas, frame.data, frame.len, &out, err, sizeof err),
                 0, "%s", err);
    expect_enriched(&out, &in);
    telex_enriched_story_clear(&in);
    telex_enriched_story_clear(&out);
    telex_buf_free(&frame);
}

Test(frames, dead_letter_round_trip)
{
    telex_dead_letter in, out;
    telex_buf frame = {0};
    char err[512] = "";
    fixture_dead_letter(&in);
    cr_assert_eq(telex_dead_letter_encode(schemas, &in, &frame, err, sizeof err), 0, "%s", err);
    cr_assert_eq(telex_dead_letter_decode(schemas, frame.data, frame.len, &out, err, sizeof err), 0,
                 "%s", err);
    cr_assert_eq(out.payload_len, in.payload_len);
    cr_expect_arr_eq(out.payload, in.payload, in.payload_len);
    expect_str(out.stage, in.stage, "stage");
    expect_str(out.error, in.error, "error");
    expect_str(out.topic, in.topic, "topic");
    cr_expect_eq(out.partition, in.partition);
    cr_expect_eq(out.offset, in.offset);
    expect_str(out.failed_at, in.failed_at, "failed_at");
    telex_dead_letter_clear(&in);
    telex_dead_letter_clear(&out);
    telex_buf_free(&frame);
}

Test(frames, header_is_magic_and_little_endian_fingerprint)
{
    telex_story in;
    telex_buf frame = {0};
    char err[512] = "";
    uint64_t fp = 0;
    fixture_story(&in);
    cr_assert_eq(telex_story_encode(schemas, &in, &frame, err, sizeof err), 0, "%s", err);
    cr_assert_eq(telex_schemas_current_fingerprint(schemas, "telex.Story", &fp), 0);
    const unsigned char *bytes = (const unsigned char *)frame.data;
    cr_expect_eq(bytes[0], 0xC3);
    cr_expect_eq(bytes[1], 0x01);
    for (int i = 0; i < 8; i++)
        cr_expect_eq(bytes[2 + i], (unsigned char)(fp >> (8 * i)), "fingerprint byte %d", i);
    cr_expect_str_eq(telex_frame_schema_name(schemas, frame.data, frame.len), "telex.Story");
    cr_expect_null(telex_frame_schema_name(schemas, "xx", 2));
    telex_story_clear(&in);
    telex_buf_free(&frame);
}

Test(frames, frames_append_to_the_buffer)
{
    telex_story in, out;
    telex_buf frames = {0};
    char err[512] = "";
    fixture_story(&in);
    cr_assert_eq(telex_story_encode(schemas, &in, &frames, err, sizeof err), 0, "%s", err);
    size_t first_len = frames.len;
    cr_assert_eq(telex_story_encode(schemas, &in, &frames, err, sizeof err), 0, "%s", err);
    cr_assert_eq(frames.len, 2 * first_len);
    cr_assert_eq(
        telex_story_decode(schemas, frames.data + first_len, first_len, &out, err, sizeof err), 0,
        "%s", err);
    expect_story(&out, &in);
    telex_story_clear(&in);
    telex_story_clear(&out);
    telex_buf_free(&frames);
}

Test(frames, wrap_and_unwrap_are_byte_identical)
{
    telex_enriched_story in;
    telex_buf frame = {0}, rewrapped = {0};
    char err[512] = "";
    fixture_enriched(&in);
    cr_assert_eq(telex_enriched_story_encode(schemas, &in, &frame, err, sizeof err), 0, "%s", err);
    uint64_t fp;
    const void *body;
    size_t body_len;
    cr_assert_eq(
        telex_frame_unwrap(schemas, frame.data, frame.len, &fp, &body, &body_len, err, sizeof err),
        0, "%s", err);
    cr_expect_eq(body_len, frame.len - 10);
    cr_assert_eq(telex_frame_wrap(schemas, fp, body, body_len, &rewrapped, err, sizeof err), 0);
    cr_assert_eq(rewrapped.len, frame.len);
    cr_expect_arr_eq(rewrapped.data, frame.data, frame.len);
    cr_expect_eq(telex_frame_wrap(schemas, fp ^ 1, body, body_len, &rewrapped, err, sizeof err),
                 -1);
    cr_expect(strstr(err, "unknown schema fingerprint") != NULL, "%s", err);
    telex_enriched_story_clear(&in);
    telex_buf_free(&frame);
    telex_buf_free(&rewrapped);
}

/* How to spoil a good Story frame, and the reason decoding must then give. */
typedef enum spoil {
    SPOIL_MAGIC,
    SPOIL_FINGERPRINT,
    SPOIL_TRUNCATE,
    SPOIL_HEADER_ONLY,
    SPOIL_SHORT,
    SPOIL_TRAILING,
    SPOIL_STRING_LENGTH,
    SPOIL_UTF8
} spoil;

typedef struct bad_frame_case {
    spoil how;
    char expected_error[100];
} bad_frame_case;

ParameterizedTestParameters(frames, bad_frames)
{
    static bad_frame_case cases[] = {
        {SPOIL_MAGIC, "bad magic: expected C3 01, got C3 02"},
        {SPOIL_FINGERPRINT, "unknown schema fingerprint"},
        {SPOIL_TRUNCATE, "truncated"},
        {SPOIL_HEADER_ONLY, "truncated number"},
        {SPOIL_SHORT, "frame too short: 5 bytes"},
        {SPOIL_TRAILING, "trailing bytes after the value"},
        {SPOIL_STRING_LENGTH, "truncated string: needs"},
        {SPOIL_UTF8, "string is not valid UTF-8"},
    };
    return cr_make_param_array(bad_frame_case, cases, sizeof cases / sizeof cases[0]);
}

static void spoil_frame(telex_buf *frame, spoil how)
{
    unsigned char *bytes = (unsigned char *)frame->data;
    switch (how) {
    case SPOIL_MAGIC:
        bytes[1] = 0x02;
        break;
    case SPOIL_FINGERPRINT:
        bytes[5] ^= 0x5a;
        break;
    case SPOIL_TRUNCATE:
        frame->len -= 1;
        break;
    case SPOIL_HEADER_ONLY:
        frame->len = 10;
        break;
    case SPOIL_SHORT:
        frame->len = 5;
        break;
    case SPOIL_TRAILING:
        telex_buf_append(frame, "\0", 1);
        break;
    case SPOIL_STRING_LENGTH:
        bytes[10] = 0xfe; /* id's length as the varint FE 7F: 8191 bytes, past the end */
        bytes[11] = 0x7f;
        break;
    case SPOIL_UTF8:
        bytes[11] = 0xff; /* the first byte of id: never valid in UTF-8 */
        break;
    }
}

ParameterizedTest(bad_frame_case *c, frames, bad_frames)
{
    telex_story in, out;
    telex_buf frame = {0};
    char err[512] = "";
    fixture_story(&in);
    free(in.id), in.id = strdup("s1"); /* a short id: its length is byte 10 */
    cr_assert_eq(telex_story_encode(schemas, &in, &frame, err, sizeof err), 0, "%s", err);
    spoil_frame(&frame, c->how);
    cr_expect_eq(telex_story_decode(schemas, frame.data, frame.len, &out, err, sizeof err), -1);
    cr_expect(strstr(err, c->expected_error) != NULL, "error \"%s\" lacks \"%s\"", err,
              c->expected_error);
    cr_expect_null(out.id, "a failed decode leaves the struct empty");
    telex_story_clear(&in);
    telex_buf_free(&frame);
}

Test(frames, wrong_record_type_is_named)
{
    telex_story in;
    telex_raw_story out;
    telex_buf frame = {0};
    char err[512] = "";
    fixture_story(&in);
    cr_assert_eq(telex_story_encode(schemas, &in, &frame, err, sizeof err), 0, "%s", err);
    cr_expect_eq(telex_raw_story_decode(schemas, frame.data, frame.len, &out, err, sizeof err), -1);
    cr_expect_str_eq(err, "frame holds a telex.Story, expected a telex.RawStory");
    telex_story_clear(&in);
    telex_buf_free(&frame);
}

Test(frames, missing_required_field_fails_to_encode)
{
    telex_story in;
    telex_buf frame = {0};
    char err[512] = "";
    fixture_story(&in);
    free(in.text), in.text = NULL;
    cr_expect_eq(telex_story_encode(schemas, &in, &frame, err, sizeof err), -1);
    cr_expect_str_eq(err, "cannot encode telex.Story: field text is required but NULL");
    telex_story_clear(&in);
    telex_buf_free(&frame);
}
