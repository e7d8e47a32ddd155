/*
 * Story versions and duplicate detection, kept in a bounded in-memory map.
 *
 * Each story id maps to the digest of its last normalized content and its
 * last version. When a story arrives:
 *   - an id never seen: its version is the format's own, else 1;
 *   - the same id with the same digest: an exact duplicate, to be dropped;
 *   - the same id with a different digest (update, correction, write-through):
 *     the format's own version when it gives one, else the last version + 1.
 * The map holds at most `capacity` ids and forgets the oldest first. Since
 * Kafka routes a story key to one partition, and so to one telex-normalize
 * instance, each instance's map sees every version of its stories.
 */
#ifndef TELEX_VERSIONS_H
#define TELEX_VERSIONS_H

#include <stddef.h>
#include <stdint.h>

typedef struct story_versions story_versions;

typedef enum version_verdict {
    VERSION_NEW = 0,       /* first time this id is seen */
    VERSION_UPDATE = 1,    /* a known id with new content */
    VERSION_DUPLICATE = 2, /* a known id with the same content: drop it */
} version_verdict;

/* A map for at most capacity ids (at least 1). Returns NULL on allocation failure. */
story_versions *story_versions_new(size_t capacity);
void story_versions_free(story_versions *versions);

/*
 * Decides the version of story id with content digest (any NUL-terminated
 * string, e.g. a hex SHA-256) and the format's own version (0 when none).
 * Sets *version (left unchanged for a duplicate, which keeps the stored
 * version) and returns the verdict, or -1 on allocation failure.
 */
int story_versions_assign(story_versions *versions, const char *id, const char *digest,
                          int32_t format_version, int32_t *version);

/* Number of ids remembered. */
size_t story_versions_size(const story_versions *versions);

#endif
