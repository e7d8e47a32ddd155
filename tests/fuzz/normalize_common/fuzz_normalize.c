/*
 * Fuzz harness of one telex-normalize parser: the input is the payload of a
 * RawStory of format FUZZ_FORMAT (a compile definition). Whatever the bytes,
 * normalize_story() must either reject them with a reason or return a Story
 * whose invariants hold: paragraph spans tile the text, the content hash is
 * the text's, the id and time are set. A broken invariant aborts, which
 * libFuzzer and the corpus replay report as a crash.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "normalize.h"
#include "text.h"

static const boilerplate_rules *fuzz_rules(void)
{
    static boilerplate_rules *rules;
    char err[512];
    if (!rules && boilerplate_load(FUZZ_RULES, &rules, err, sizeof err) != 0) {
        fprintf(stderr, "fuzz: %s\n", err);
        abort();
    }
    return rules;
}

static void check_story(const telex_story *s)
{
    char hash[65];
    size_t len = strlen(s->text), at = 0;
    if (!s->id || !s->published || s->n_paragraphs == 0)
        abort();
    for (size_t i = 0; i < s->n_paragraphs; i++) {
        if ((size_t)s->paragraphs[i].start != at || s->paragraphs[i].end <= s->paragraphs[i].start)
            abort();
        at = (size_t)s->paragraphs[i].end + 2;
    }
    if (at - 2 != len || text_sha256_hex(s->text, len, hash) != 0 ||
        strcmp(hash, s->content_hash) != 0)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* a copy of exactly size bytes, so ASan sees any read past the end */
    uint8_t *payload = malloc(size ? size : 1);
    if (!payload)
        return 0;
    memcpy(payload, data, size);
    telex_raw_story raw = {.payload = payload,
                           .payload_len = size,
                           .format = FUZZ_FORMAT,
                           .source = "fuzz",
                           .source_file = "fuzz.in",
                           .received_at = "2020-01-01T00:00:00Z"};
    normalize_options options = {NORMALIZE_DEFAULT_MAX_BYTES, fuzz_rules()};
    telex_story story = {0};
    char err[512];
    if (normalize_story(&raw, &options, &story, NULL, err, sizeof err) == 0) {
        check_story(&story);
        telex_story_clear(&story);
    } else if (err[0] == '\0' || strchr(err, '\n')) {
        abort(); /* a rejection must carry a one-line reason */
    }
    free(payload);
    return 0;
}
