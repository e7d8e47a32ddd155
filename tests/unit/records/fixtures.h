/*
 * Shared test fixtures: fully populated records (with non-ASCII text and
 * nullable fields set), the loaded schema set, and small file helpers.
 */
#ifndef TELEX_TEST_RECORDS_FIXTURES_H
#define TELEX_TEST_RECORDS_FIXTURES_H

#include "telex/records.h"

/* Loads the schemas of $TELEX_SCHEMA_DIR (set by ctest) or fails the test. */
telex_schemas *fixture_schemas(void);

void fixture_raw_story(telex_raw_story *raw);
void fixture_story(telex_story *story);
void fixture_enriched(telex_enriched_story *enriched);
void fixture_dead_letter(telex_dead_letter *dead);

/* The whole file at path (NUL-terminated), or NULL. *len gets its size. */
char *fixture_read_file(const char *path, size_t *len);
/* $TELEX_SOURCE_DIR/rel, into out. */
void fixture_source_path(const char *rel, char *out, size_t outlen);

#endif
