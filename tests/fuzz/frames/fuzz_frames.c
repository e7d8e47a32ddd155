/*
 * Fuzz harness: arbitrary bytes decoded as each record type and as the JSON
 * view. Nothing may crash, leak or read out of bounds; errors are fine.
 *
 * To reach past the header, an input whose first byte is 'R', 'S', 'E' or
 * 'D' is also tried as the body of a frame of RawStory, Story, EnrichedStory
 * or DeadLetter (the rest of the input, behind the right fingerprint); 'V'
 * picks the old Story.v1 fingerprint, so resolution runs on hostile bodies.
 * Schemas come from $TELEX_SCHEMA_DIR (ctest sets it) or the build tree.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "telex/records.h"

static telex_schemas *schemas;

static void free_schemas(void)
{
    telex_schemas_free(schemas);
    schemas = NULL;
}

static telex_schemas *load_schemas_once(void)
{
    if (!schemas) {
        char err[512] = "";
        if (telex_schemas_load(NULL, &schemas, err, sizeof err) != 0) {
            fprintf(stderr, "fuzz-frames: %s\n", err);
            abort();
        }
        atexit(free_schemas);
    }
    return schemas;
}

/* The fingerprint of $TELEX_SCHEMA_DIR/history/Story.v1.avsc; 0 if unreadable. */
static uint64_t story_v1_fingerprint(void)
{
    const char *dir = getenv("TELEX_SCHEMA_DIR");
    char path[4096], text[65536];
    snprintf(path, sizeof path, "%s/history/Story.v1.avsc", dir ? dir : "schemas");
    FILE *f = fopen(path, "r");
    if (!f)
        return 0;
    size_t len = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[len] = '\0';
    uint64_t fp = 0;
    char err[256];
    return telex_schema_fingerprint(text, &fp, err, sizeof err) == 0 ? fp : 0;
}

/* The fingerprint a leading selector byte asks for: 1 and *fp, or 0 for none. */
static int selected_fingerprint(const telex_schemas *s, uint8_t selector, uint64_t *fp)
{
    static uint64_t v1;
    const char *name = selector == 'R'   ? "telex.RawStory"
                       : selector == 'S' ? "telex.Story"
                       : selector == 'E' ? "telex.EnrichedStory"
                       : selector == 'D' ? "telex.DeadLetter"
                                         : NULL;
    if (name)
        return telex_schemas_current_fingerprint(s, name, fp) == 0;
    if (selector != 'V')
        return 0;
    if (!v1)
        v1 = story_v1_fingerprint();
    *fp = v1;
    return v1 != 0;
}

static void decode_everything(const telex_schemas *s, const uint8_t *data, size_t size)
{
    char err[512];
    telex_raw_story raw;
    telex_story story;
    telex_enriched_story enriched;
    telex_dead_letter dead;
    telex_buf json = {0};
    if (telex_raw_story_decode(s, data, size, &raw, err, sizeof err) == 0)
        telex_raw_story_clear(&raw);
    if (telex_story_decode(s, data, size, &story, err, sizeof err) == 0)
        telex_story_clear(&story);
    if (telex_enriched_story_decode(s, data, size, &enriched, err, sizeof err) == 0)
        telex_enriched_story_clear(&enriched);
    if (telex_dead_letter_decode(s, data, size, &dead, err, sizeof err) == 0)
        telex_dead_letter_clear(&dead);
    telex_frame_to_json(s, data, size, &json, err, sizeof err);
    telex_frame_schema_name(s, data, size);
    telex_buf_free(&json);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const telex_schemas *s = load_schemas_once();
    decode_everything(s, data, size);

    uint64_t fp;
    if (size == 0 || !selected_fingerprint(s, data[0], &fp))
        return 0;
    telex_buf frame = {0};
    char err[512];
    if (telex_frame_wrap(s, fp, data + 1, size - 1, &frame, err, sizeof err) == 0)
        decode_everything(s, (const uint8_t *)frame.data, frame.len);
    telex_buf_free(&frame);
    return 0;
}
