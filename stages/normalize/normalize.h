/*
 * telex-normalize's pure logic: one RawStory in, one Story out.
 *
 * normalize_story() checks the payload (size, encoding), parses it with its
 * format's parser (formats.h), cleans every paragraph (text.h), takes the
 * boilerplate out (boilerplate.h) and the dateline off the first paragraph
 * (dateline.h), resolves the publication time (wire_time.h), and fills a
 * telex_story: text with "\n\n" between paragraphs and their spans, the
 * content hash, the id. No Kafka, no Avro: the stage's main.c does that, and
 * assigns versions and drops duplicates with versions.h.
 *
 * Choices:
 *   - Publication time: the format's own field, else the RawStory's
 *     published_at (telex-ingest --published, or the file's mtime), else its
 *     received_at. A format time that cannot be read falls back the same way.
 *   - Id: the item's own id (NewsML guid, NITF du-key or doc-id, RSS guid,
 *     Atom id, ninjs uri, ANPA slug), else the RawStory's item_id, else
 *     "SOURCE:FILE" from its source and source_file, else its key.
 *   - Language: the format's tag (BCP 47 case), else a guess of "en" from
 *     English function words, else none.
 */
#ifndef TELEX_NORMALIZE_H
#define TELEX_NORMALIZE_H

#include <stddef.h>
#include <stdint.h>

#include "boilerplate.h"
#include "telex/story.h"

#define NORMALIZE_DEFAULT_MAX_BYTES (2 * 1024 * 1024)

typedef struct normalize_options {
    size_t max_bytes;               /* payloads larger than this are rejected */
    const boilerplate_rules *rules; /* may be NULL: nothing is stripped by rule */
} normalize_options;

/*
 * Normalizes raw into story (zeroed by the caller; cleared on failure).
 * story->version is the format's own version, or 1 when the format has none;
 * *format_version (may be NULL) gets the format's own version or 0. Returns 0,
 * or -1 with a one-line reason in err ("nitf: XML not well-formed at line 12:
 * ...", "text: invalid UTF-8 at byte 1234 (looks like Windows-1252)").
 */
int normalize_story(const telex_raw_story *raw, const normalize_options *options,
                    telex_story *story, int32_t *format_version, char *err, size_t errlen);

/* Hex SHA-256 over what makes two versions of a story differ: headline, byline, dateline
   and text. Equal digests are exact duplicates. Returns 0 or -1. */
int normalize_story_digest(const telex_story *story, char hex[65]);

/* BCP 47 casing of a language tag ("en_us" -> "en-US"); NULL when tag is not one. */
char *normalize_language_tag(const char *tag);

/* "en" when text reads as English, else NULL (a constant string; do not free). */
const char *normalize_guess_language(const char *text);

#endif
