/*
 * Helpers shared by the normalize tests: reading files and normalizing one
 * with the shipped rules file.
 */
#ifndef TELEX_TEST_NORMALIZE_UTIL_H
#define TELEX_TEST_NORMALIZE_UTIL_H

#include <stddef.h>

#include "normalize.h"

/* The whole file (NUL-terminated, length in *len); NULL when unreadable. Caller frees. */
char *read_file(const char *path, size_t *len);

/* The shipped boilerplate rules, loaded once per test process. */
const boilerplate_rules *shipped_rules(void);

/* Normalizes the file at path as format, with published_at as the RawStory's time. Returns
   normalize_story()'s result; err holds the reason on failure. */
int normalize_file(const char *path, const char *format, const char *published_at,
                   telex_story *story, char *err, size_t errlen);

/* 1 when every paragraph span lies in text, in order, with no blank edge. */
int spans_valid(const telex_story *story);

#endif
