/*
 * Writing a Story the way a version-1 writer did: with the schema kept in
 * schemas/history/Story.v1.avsc (no language, no stripped), through Avro C
 * directly, so the frame is what an old telex-normalize would have sent.
 */
#ifndef TELEX_TEST_STORY_V1_H
#define TELEX_TEST_STORY_V1_H

#include "telex/records.h"

/* Appends a v1 Story frame (id, headline, text as given) to out; 0 or -1. */
int story_v1_frame(const telex_schemas *s, const char *id, const char *headline, const char *text,
                   telex_buf *out, char *err, size_t errlen);

#endif
