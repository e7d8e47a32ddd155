/*
 * The bounded id -> (digest, version) map of versions.h: a chained hash
 * table for look-ups and a ring of ids in insertion order for eviction.
 */
#include <stdlib.h>
#include <string.h>

#include "versions.h"

typedef struct version_entry {
    char *id;
    char *digest;
    int32_t version;
    struct version_entry *next; /* hash chain */
} version_entry;

struct story_versions {
    version_entry **buckets;
    size_t n_buckets;
    version_entry **ring; /* insertion order; ring[head] is the oldest when full */
    size_t capacity;
    size_t size;
    size_t head;
};

static uint64_t hash_id(const char *id)
{
    uint64_t h = 1469598103934665603ULL; /* FNV-1a */
    for (const unsigned char *p = (const unsigned char *)id; *p; p++) {
        h ^= *p;
        h *= 1099511628211ULL;
    }
    return h;
}

story_versions *story_versions_new(size_t capacity)
{
    if (capacity == 0)
        capacity = 1;
    story_versions *v = calloc(1, sizeof *v);
    if (!v)
        return NULL;
    v->capacity = capacity;
    v->n_buckets = capacity * 2 + 1;
    v->buckets = calloc(v->n_buckets, sizeof *v->buckets);
    v->ring = calloc(capacity, sizeof *v->ring);
    if (!v->buckets || !v->ring) {
        story_versions_free(v);
        return NULL;
    }
    return v;
}

static void entry_free(version_entry *e)
{
    free(e->id);
    free(e->digest);
    free(e);
}

void story_versions_free(story_versions *v)
{
    if (!v)
        return;
    for (size_t i = 0; v->buckets && i < v->n_buckets; i++) {
        for (version_entry *e = v->buckets[i], *next; e; e = next) {
            next = e->next;
            entry_free(e);
        }
    }
    free(v->buckets);
    free(v->ring);
    free(v);
}

size_t story_versions_size(const story_versions *v)
{
    return v->size;
}

static version_entry **find_slot(story_versions *v, const char *id)
{
    version_entry **slot = &v->buckets[hash_id(id) % v->n_buckets];
    while (*slot && strcmp((*slot)->id, id) != 0)
        slot = &(*slot)->next;
    return slot;
}

/* Forgets the oldest id to make room. */
static void evict_oldest(story_versions *v)
{
    version_entry *oldest = v->ring[v->head];
    version_entry **slot = find_slot(v, oldest->id);
    *slot = oldest->next;
    entry_free(oldest);
    v->ring[v->head] = NULL;
    v->head = (v->head + 1) % v->capacity;
    v->size--;
}

static int insert(story_versions *v, const char *id, const char *digest, int32_t version)
{
    version_entry *e = calloc(1, sizeof *e);
    if (!e)
        return -1;
    e->id = strdup(id);
    e->digest = strdup(digest);
    if (!e->id || !e->digest) {
        entry_free(e);
        return -1;
    }
    e->version = version;
    if (v->size == v->capacity)
        evict_oldest(v);
    size_t position = (v->head + v->size) % v->capacity;
    v->ring[position] = e;
    v->size++;
    version_entry **slot = &v->buckets[hash_id(id) % v->n_buckets];
    e->next = *slot;
    *slot = e;
    return 0;
}

int story_versions_assign(story_versions *v, const char *id, const char *digest,
                          int32_t format_version, int32_t *version)
{
    version_entry *e = *find_slot(v, id);
    if (!e) {
        int32_t first = format_version > 0 ? format_version : 1;
        if (insert(v, id, digest, first) != 0)
            return -1;
        *version = first;
        return VERSION_NEW;
    }
    if (strcmp(e->digest, digest) == 0) {
        *version = e->version;
        return VERSION_DUPLICATE;
    }
    char *digest_copy = strdup(digest);
    if (!digest_copy)
        return -1;
    free(e->digest);
    e->digest = digest_copy;
    e->version = format_version > 0 ? format_version : e->version + 1;
    *version = e->version;
    return VERSION_UPDATE;
}
