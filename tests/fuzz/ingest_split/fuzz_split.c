/*
 * Fuzz harness of telex-ingest's payload handling: format detection and feed
 * splitting (ingest_payload), then each item through normalize. Nothing may
 * crash, every item must carry a key, and a rejection needs a reason.
 */
#include <stdlib.h>
#include <string.h>

#include "ingest.h"
#include "normalize.h"

static int check_item(void *ctx, const telex_raw_story *raw, char *err, size_t errlen)
{
    if (!raw->key || !raw->format || (raw->payload_len > 0 && raw->payload == NULL))
        abort();
    normalize_options options = {NORMALIZE_DEFAULT_MAX_BYTES, NULL};
    telex_story story = {0};
    char reason[512];
    if (normalize_story(raw, &options, &story, NULL, reason, sizeof reason) == 0)
        telex_story_clear(&story);
    else if (reason[0] == '\0')
        abort();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t *payload = malloc(size ? size : 1);
    if (!payload)
        return 0;
    memcpy(payload, data, size);
    ingest_source src = {"auto", "fuzz", "fuzz.in", "2020-01-01T00:00:00Z"};
    char err[512];
    ingest_payload(&src, payload, size, check_item, NULL, err, sizeof err);
    free(payload);
    return 0;
}
