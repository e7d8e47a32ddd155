/*
 * telex-tag's pure logic: the knowledge base and tag_story().
 *
 * A tag_kb is loaded once at start-up from the TSV files of a folder
 * (stages/tag/kb/): countries, persons with dated offices, organizations,
 * agreements, places, titles and blocking phrases. It holds one token trie
 * over every name the tagger knows and one JIT-compiled PCRE2 pattern for
 * "title + name" phrases. After loading it is read-only, so one kb can serve
 * any number of threads.
 *
 * tag_story() enriches one normalized story: entities (this module), then
 * dates (dates.h) and events (events.h). It never touches Kafka or Avro.
 */
#ifndef TELEX_TAG_H
#define TELEX_TAG_H

#include <stddef.h>

#include "telex/story.h"

typedef struct tag_kb tag_kb;

/*
 * Loads every KB file of dir. A malformed line fails the load with
 * "FILE:LINE: reason" in err. Returns 0 and a kb the caller frees with
 * tag_kb_free(), or -1.
 */
int tag_kb_load(const char *dir, tag_kb **out, char *err, size_t errlen);
void tag_kb_free(tag_kb *kb);

/* How many entities of each kind the kb holds (for logs and tests). */
size_t tag_kb_count(const tag_kb *kb, const char *type);

/*
 * Finds the entities of story->text. On success *entities is a malloc'd
 * array of *n_entities (the caller clears each with telex_entity_clear() and
 * frees the array), in order of first mention; returns 0. Returns -1 with a
 * reason in err (out of memory, a regex engine error).
 */
int tag_entities_find(const tag_kb *kb, const telex_story *story, telex_entity **entities,
                      size_t *n_entities, char *err, size_t errlen);

/*
 * Enriches in into out: a deep copy of the story plus its entities, dates
 * and events. out must be zeroed; on failure it is cleared again. Returns 0,
 * or -1 with a one-line reason in err.
 */
int tag_story(const tag_kb *kb, const telex_story *in, telex_enriched_story *out, char *err,
              size_t errlen);

#endif
