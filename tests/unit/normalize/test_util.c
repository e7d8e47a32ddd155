/*
 * Helpers of test_util.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_util.h"

char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = size >= 0 ? malloc((size_t)size + 1) : NULL;
    if (buf && fread(buf, 1, (size_t)size, f) != (size_t)size) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    if (buf) {
        buf[size] = '\0';
        *len = (size_t)size;
    }
    return buf;
}

const boilerplate_rules *shipped_rules(void)
{
    static boilerplate_rules *rules;
    char err[512];
    if (!rules && boilerplate_load(TELEX_TEST_RULES, &rules, err, sizeof err) != 0) {
        fprintf(stderr, "%s\n", err);
        return NULL;
    }
    return rules;
}

int normalize_file(const char *path, const char *format, const char *published_at,
                   telex_story *story, char *err, size_t errlen)
{
    size_t len = 0;
    char *data = read_file(path, &len);
    if (!data) {
        snprintf(err, errlen, "cannot read %s", path);
        return -1;
    }
    const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    telex_raw_story raw = {
        .payload = (uint8_t *)data,
        .payload_len = len,
        .format = (char *)format,
        .source = "file",
        .source_file = (char *)base,
        .key = "file:test",
        .received_at = "2030-01-01T00:00:00Z",
        .published_at = (char *)published_at,
    };
    normalize_options options = {NORMALIZE_DEFAULT_MAX_BYTES, shipped_rules()};
    int rc = normalize_story(&raw, &options, story, NULL, err, errlen);
    free(data);
    return rc;
}

int spans_valid(const telex_story *story)
{
    int32_t previous_end = -2;
    size_t len = strlen(story->text);
    for (size_t i = 0; i < story->n_paragraphs; i++) {
        telex_span s = story->paragraphs[i];
        if (s.start != previous_end + 2 || s.end <= s.start || (size_t)s.end > len)
            return 0;
        if (story->text[s.start] == ' ' || story->text[s.end - 1] == ' ')
            return 0;
        previous_end = s.end;
    }
    return previous_end >= 0 && (size_t)previous_end == len;
}
