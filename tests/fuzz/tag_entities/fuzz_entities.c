/*
 * Fuzz harness for tag_entities_find(): any bytes as a story's text (random
 * text, long runs of capitals, very long tokens, invalid UTF-8). The tagger
 * must not crash, leak or read out of bounds, and every mention's offsets must
 * select its own text. The KB is loaded once, from $TELEX_SOURCE_DIR or the
 * source tree.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tag.h"

static tag_kb *load_kb_once(void)
{
    static tag_kb *kb;
    if (kb)
        return kb;
    char dir[4096], err[512];
    const char *source = getenv("TELEX_SOURCE_DIR");
    if (source && *source)
        snprintf(dir, sizeof dir, "%s/stages/tag/kb", source);
    else
        snprintf(dir, sizeof dir, "%s", TAG_KB_DEFAULT_DIR);
    if (tag_kb_load(dir, &kb, err, sizeof err) != 0) {
        fprintf(stderr, "fuzz: %s\n", err);
        abort();
    }
    return kb;
}

static void check_mentions(const char *text, size_t len, const telex_entity *entities, size_t n)
{
    for (size_t i = 0; i < n; i++)
        for (size_t m = 0; m < entities[i].n_mentions; m++) {
            const telex_mention *mention = &entities[i].mentions[m];
            size_t start = (size_t)mention->span.start, end = (size_t)mention->span.end;
            if (start >= end || end > len || strlen(mention->text) != end - start ||
                memcmp(text + start, mention->text, end - start) != 0) {
                fprintf(stderr, "fuzz: mention %zu..%zu of %s does not select its text\n", start,
                        end, entities[i].id);
                abort();
            }
        }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    tag_kb *kb = load_kb_once();
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    /* the story's text is a C string: it ends at the first NUL */
    size_t len = strlen(text);
    telex_story story = {.text = text, .published = (char *)"2017-07-05T13:45:00Z"};
    telex_entity *entities = NULL;
    size_t n = 0;
    char err[256];
    if (tag_entities_find(kb, &story, &entities, &n, err, sizeof err) == 0) {
        check_mentions(text, len, entities, n);
        for (size_t i = 0; i < n; i++)
            telex_entity_clear(&entities[i]);
        free(entities);
    }
    free(text);
    return 0;
}
