/*
 * What a format parser reads out of one wire item, before normalization.
 *
 * Every parser (NITF, NewsML-G2, RSS, Atom, ANPA, JSON, plain text) fills a
 * wire_doc with the fields its format carries and the body as a list of raw
 * paragraphs (entities decoded, markup gone, whitespace not yet normalized;
 * a "\n" inside a paragraph is a line break of the source). normalize.c turns
 * a wire_doc into a telex_story: NFC, whitespace, boilerplate, dateline, time.
 *
 * Ownership: every string is heap memory owned by the wire_doc and freed by
 * wire_doc_clear(), which leaves it zeroed and reusable. NULL means absent.
 */
#ifndef TELEX_WIRE_DOC_H
#define TELEX_WIRE_DOC_H

#include <stddef.h>
#include <stdint.h>

typedef struct wire_doc {
    char *headline;
    char *byline;
    char *located;       /* a place the format states apart from the text ("OSAKA") */
    char *dateline_date; /* "2017-03-30" when the format states it */
    char *published;     /* the format's own publication time, as written */
    char *language;
    char *item_id;   /* the item's own stable id (guid, uri, du-key, slug) */
    int32_t version; /* the format's own version number; 0 when it has none */
    char **paragraphs;
    size_t n_paragraphs;
    size_t cap_paragraphs;
    char **removed_text; /* parts the format itself marks as non-body (NITF tagline) */
    char **removed_rule; /* ... and what marked them */
    size_t n_removed;
} wire_doc;

/* Appends a copy of the first len bytes of text as a new paragraph. Returns 0, or -1 on
   allocation failure. Empty paragraphs are kept here; normalize drops them later. */
int wire_doc_add_paragraph(wire_doc *doc, const char *text, size_t len);

/* Records a part the format marks as non-body, under rule name. Returns 0 or -1. */
int wire_doc_add_removed(wire_doc *doc, const char *text, const char *rule);

/* Replaces *field with a copy of value (NULL clears it). Returns 0 or -1. */
int wire_doc_set(char **field, const char *value);

void wire_doc_clear(wire_doc *doc);

#endif
