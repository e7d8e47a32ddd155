/*
 * Conversions shared between convert_story.c and convert_enriched.c: a
 * telex_story to and from the Story fields of an Avro record (Story itself, or
 * EnrichedStory, which carries the same fields at its top level).
 */
#ifndef TELEX_RECORDS_CONVERT_H
#define TELEX_RECORDS_CONVERT_H

#include "records_internal.h"

int story_to_avro(const telex_story *in, avro_value_t *rec, char *err, size_t errlen);
int story_from_avro(avro_value_t *rec, telex_story *out, char *err, size_t errlen);

/* Prefixes err with "cannot <what> <name>: " and returns -1. */
int convert_failed(const char *what, const char *name, char *err, size_t errlen);

#endif
