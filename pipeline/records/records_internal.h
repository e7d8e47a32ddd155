/*
 * The inside of telex_records: the loaded schema set and the helpers its
 * files share. Not installed, not part of the SDK.
 *
 * A telex_schemas holds one entry per *.avsc file. Each entry keeps its
 * parsed Avro schema, one generic value class and one reusable value (reset
 * per record), its fingerprint, and the JSON definitions of its named types
 * (schema resolution reads the reader's field defaults from them, because
 * Avro C's resolver does not implement defaults). So a telex_schemas is used
 * by one thread at a time.
 */
#ifndef TELEX_RECORDS_INTERNAL_H
#define TELEX_RECORDS_INTERNAL_H

#include <avro.h>
#include <jansson.h>

#include "telex/records.h"

/* Single-object encoding: C3 01, 8-byte little-endian fingerprint, body. */
enum { FRAME_HEADER_LEN = 10 };
#define FRAME_MAGIC_0 0xC3
#define FRAME_MAGIC_1 0x01
/* The largest frame or length-prefixed record Telex accepts. */
#define TELEX_FRAME_MAX ((size_t)64 * 1024 * 1024)

typedef struct schema_entry {
    char *path;      /* the .avsc file it came from */
    char *full_name; /* "telex.Story" */
    char *canonical; /* Parsing Canonical Form */
    uint64_t fingerprint;
    int is_current;      /* top-level file (1) or history/ (0) */
    json_t *named_types; /* full name -> JSON definition, for defaults */
    avro_schema_t schema;
    avro_value_iface_t *iface;
    avro_value_t value;          /* reused for every record of this schema */
    struct schema_entry *reader; /* the current schema of the same name (or itself) */
    int direct_shape; /* direct_enriched_fits(): 0 not checked yet, 1 fits, -1 does not */
} schema_entry;

struct telex_schemas {
    schema_entry *entries;
    size_t n_entries;
};

/* Lookups: NULL when absent. */
schema_entry *schemas_find_fingerprint(const telex_schemas *s, uint64_t fingerprint);
schema_entry *schemas_find_current(const telex_schemas *s, const char *full_name);

/*
 * Canonical form of a parsed schema: returns a new JSON value, and adds every
 * named type's definition to named (full name -> object) when named is not
 * NULL. NULL with a reason in err on an invalid schema.
 */
json_t *schema_canonical_json(json_t *schema, json_t *named, char *err, size_t errlen);

/*
 * Checks that body is exactly one well-formed Avro binary value of schema:
 * every length within the buffer, union and enum indexes in range, strings
 * valid UTF-8, no trailing bytes. Avro C trusts its input; this runs first.
 */
int avro_binary_check(avro_schema_t schema, const void *body, size_t len, char *err, size_t errlen);

/*
 * Copies writer (a value of the writer schema) into reader (a value of the
 * reader schema) following Avro's schema resolution rules; reader fields the
 * writer lacks get their defaults from reader_named (full name -> JSON
 * definition).
 */
int avro_resolve_value(avro_value_t *writer, avro_value_t *reader, json_t *reader_named, char *err,
                       size_t errlen);

/*
 * Decodes one frame into the reusable value of the current schema of its
 * writer's name; *value then points into the schema set and is valid until
 * the next decode. expected_name NULL accepts any schema.
 */
int frame_decode_value(const telex_schemas *s, const void *frame, size_t len,
                       const char *expected_name, avro_value_t **value, char *err, size_t errlen);

/* Resets and returns the reusable value of the current schema full_name. */
int frame_begin_value(const telex_schemas *s, const char *full_name, schema_entry **entry,
                      char *err, size_t errlen);
/* Appends the single-object frame of entry's value to out. */
int frame_encode_value(schema_entry *entry, telex_buf *out, char *err, size_t errlen);

/*
 * The direct writer of EnrichedStory (direct_enriched.c). direct_enriched_fits() says whether
 * entry's schema has the shape the writer writes (checked once, remembered in the entry);
 * direct_enriched_encode() then appends the single-object frame of in to out, the same bytes as
 * the generic path, or returns -1 with a reason in err and out as it was.
 */
int direct_enriched_fits(schema_entry *entry);
int direct_enriched_encode(const schema_entry *entry, const telex_enriched_story *in,
                           telex_buf *out, char *err, size_t errlen);
/* telex_enriched_story_encode() through Avro C's generic values whatever the schema's shape
   (convert_enriched.c): the reference the direct writer is tested against. */
int enriched_story_encode_generic(const telex_schemas *s, const telex_enriched_story *in,
                                  telex_buf *out, char *err, size_t errlen);

/* UTF-8 validity (RFC 3629: no overlongs, surrogates or code points past U+10FFFF). */
int utf8_is_valid(const char *bytes, size_t len);

/* The JSON view of any Avro value (new reference), or NULL with a reason. */
json_t *avro_value_to_json_view(avro_value_t *value, char *err, size_t errlen);

/* Makes sure out has room for n more bytes. */
int buf_reserve(telex_buf *buf, size_t n);

/* "ns.name" or "name" of a named Avro schema, into out. */
void avro_schema_full_name(avro_schema_t schema, char *out, size_t outlen);

#endif
