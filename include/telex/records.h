/*
 * Telex records on the wire: Avro single-object frames.
 *
 * Every value Telex writes is Avro binary framed with Avro's single-object
 * encoding: the two bytes C3 01, the 8-byte little-endian CRC-64-AVRO
 * fingerprint of the writer schema's Parsing Canonical Form, then the body.
 * A telex_schemas set holds every *.avsc file of schemas/ (current schemas and
 * older versions kept in schemas/history/), indexed by fingerprint, so a frame
 * written with an older schema is read through Avro's schema resolution into
 * the current one.
 *
 * Between programs in --stdio pipes a frame travels length-prefixed: a 4-byte
 * big-endian length, then the frame.
 *
 * Errors: functions return 0 on success, -1 on failure with a one-line reason
 * in err. Output structs are owned by the caller and freed with the matching
 * *_clear() of telex/story.h; output buffers with telex_buf_free().
 */
#ifndef TELEX_RECORDS_H
#define TELEX_RECORDS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "telex/stage.h"
#include "telex/story.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A growable byte buffer. Zero-initialize before first use. */
typedef struct telex_buf {
    char *data;
    size_t len;
    size_t cap;
} telex_buf;

int telex_buf_append(telex_buf *buf, const void *bytes, size_t n);
void telex_buf_reset(telex_buf *buf); /* len = 0, keeps memory */
void telex_buf_free(telex_buf *buf);

/*
 * Loads every *.avsc under dir (and dir/history/). dir NULL: $TELEX_SCHEMA_DIR,
 * else the build tree's schemas/, else the install prefix's share/telex/schemas.
 */
int telex_schemas_load(const char *dir, telex_schemas **out, char *err, size_t errlen);
void telex_schemas_free(telex_schemas *schemas);

/* Encoders: append one single-object frame to out. */
int telex_raw_story_encode(const telex_schemas *s, const telex_raw_story *in, telex_buf *out,
                           char *err, size_t errlen);
int telex_story_encode(const telex_schemas *s, const telex_story *in, telex_buf *out, char *err,
                       size_t errlen);
int telex_enriched_story_encode(const telex_schemas *s, const telex_enriched_story *in,
                                telex_buf *out, char *err, size_t errlen);
int telex_dead_letter_encode(const telex_schemas *s, const telex_dead_letter *in, telex_buf *out,
                             char *err, size_t errlen);

/* Decoders: fill *out from one frame (resolving older writer schemas). */
int telex_raw_story_decode(const telex_schemas *s, const void *frame, size_t len,
                           telex_raw_story *out, char *err, size_t errlen);
int telex_story_decode(const telex_schemas *s, const void *frame, size_t len, telex_story *out,
                       char *err, size_t errlen);
int telex_enriched_story_decode(const telex_schemas *s, const void *frame, size_t len,
                                telex_enriched_story *out, char *err, size_t errlen);
int telex_dead_letter_decode(const telex_schemas *s, const void *frame, size_t len,
                             telex_dead_letter *out, char *err, size_t errlen);

/* The full name ("telex.Story") of the schema that wrote frame, or NULL. */
const char *telex_frame_schema_name(const telex_schemas *s, const void *frame, size_t len);

/*
 * Appends the JSON view of any known frame to out as one line (no newline):
 * records as objects, unions as their bare value, bytes as a UTF-8 string when
 * valid and base64 otherwise (DESIGN.md "The JSON view").
 */
int telex_frame_to_json(const telex_schemas *s, const void *frame, size_t len, telex_buf *out,
                        char *err, size_t errlen);

/* Length-prefixed frames on a stream. read returns 1 with a frame, 0 at a clean
   end of stream, -1 on a truncated or oversized frame. */
int telex_frame_write(FILE *out, const void *frame, size_t len);
int telex_frame_read(FILE *in, telex_buf *frame, char *err, size_t errlen);

/* CRC-64-AVRO (Rabin) fingerprint of bytes, as the Avro specification defines it. */
uint64_t telex_crc64_avro(const void *bytes, size_t n);
/* Parsing Canonical Form of a schema given as JSON text, appended to out. */
int telex_schema_canonical_form(const char *schema_json, telex_buf *out, char *err, size_t errlen);

/*
 * For the archive and replay, which keep plain Avro bodies (in container
 * files) and must give back byte-identical frames: split a frame into its
 * writer fingerprint and body, and put one back together. unwrap's body points
 * into frame. A NULL s skips the check that the fingerprint is known.
 */
int telex_frame_unwrap(const telex_schemas *s, const void *frame, size_t len, uint64_t *fingerprint,
                       const void **body, size_t *body_len, char *err, size_t errlen);
int telex_frame_wrap(const telex_schemas *s, uint64_t fingerprint, const void *body, size_t len,
                     telex_buf *out, char *err, size_t errlen);

/* CRC-64-AVRO of the Parsing Canonical Form of a schema given as JSON text. */
int telex_schema_fingerprint(const char *schema_json, uint64_t *fingerprint, char *err,
                             size_t errlen);
/* The Parsing Canonical Form of a loaded schema (valid JSON for any Avro parser), or NULL. */
const char *telex_schemas_canonical(const telex_schemas *s, uint64_t fingerprint);
/* The fingerprint of the current schema of full_name ("telex.Story"); -1 if none. */
int telex_schemas_current_fingerprint(const telex_schemas *s, const char *full_name,
                                      uint64_t *fingerprint);

/*
 * Prints every record of an Avro object container file as one JSON line (the
 * JSON view) on out. Records of a schema s knows are shown resolved into its
 * current version; s may be NULL.
 */
int telex_container_file_to_json(const telex_schemas *s, const char *path, FILE *out, char *err,
                                 size_t errlen);

#ifdef __cplusplus
}
#endif
#endif
