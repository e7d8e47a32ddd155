/*
 * telex-testgen: writes N small RawStory frames, length-prefixed, to stdout,
 * for integration tests that need valid Telex records without telex-ingest.
 * Record i carries key "test-<i>" and a payload naming i, so every record is
 * distinct and a test can tell exactly which ones arrived.
 *
 *   telex-testgen N [FIRST]    records FIRST .. FIRST+N-1 (FIRST defaults to 0)
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "telex/records.h"

static int parse_count(const char *text, long *out)
{
    char *end;
    errno = 0;
    long n = strtol(text, &end, 10);
    if (errno || end == text || *end != '\0' || n < 0)
        return -1;
    *out = n;
    return 0;
}

static int write_story(const telex_schemas *schemas, long i, telex_buf *frame)
{
    char payload[128], key[32], err[512];
    int n = snprintf(payload, sizeof(payload), "TEST STORY %ld\nA short test wire story.\n", i);
    snprintf(key, sizeof(key), "test-%ld", i);
    telex_raw_story raw = {
        .payload = (uint8_t *)payload,
        .payload_len = (size_t)n,
        .format = "text",
        .source = "testgen",
        .key = key,
        .received_at = "2016-11-10T03:00:00Z",
    };

    telex_buf_reset(frame);
    if (telex_raw_story_encode(schemas, &raw, frame, err, sizeof(err)) != 0) {
        fprintf(stderr, "telex-testgen: %s\n", err);
        return -1;
    }
    if (telex_frame_write(stdout, frame->data, frame->len) != 0) {
        fprintf(stderr, "telex-testgen: cannot write to stdout\n");
        return -1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    telex_schemas *schemas = NULL;
    telex_buf frame = {0};
    char err[512];
    long count = 0, first = 0;
    int exit_code = 1;

    if (argc < 2 || argc > 3 || parse_count(argv[1], &count) != 0 ||
        (argc == 3 && parse_count(argv[2], &first) != 0)) {
        fprintf(stderr, "usage: telex-testgen N [FIRST]\n");
        return 2;
    }
    if (telex_schemas_load(NULL, &schemas, err, sizeof(err)) != 0) {
        fprintf(stderr, "telex-testgen: %s\n", err);
        return 1;
    }
    for (long i = first; i < first + count; i++) {
        if (write_story(schemas, i, &frame) != 0)
            goto out_free;
    }
    exit_code = fflush(stdout) == 0 ? 0 : 1;

out_free:
    telex_buf_free(&frame);
    telex_schemas_free(schemas);
    return exit_code;
}
