/*
 * The wire formats Telex reads, and how to tell them apart.
 *
 * Each parser reads ONE item (one story) of its format into a wire_doc; a
 * feed holding many items is split by telex-ingest before (see
 * stages/ingest/split.h). Parsers fail with a one-line reason that starts with
 * the format name: "nitf: XML not well-formed at line 12: ...", "json: not
 * valid JSON at line 3 column 5: ...", "rss: no <item> in the feed".
 *
 * Formats: "text" (plain wire copy), "nitf" (NITF 3.x), "newsml" (IPTC
 * NewsML-G2 newsItem), "anpa" (ANPA-1312 / IPTC 7901, with or without its
 * control characters), "rss" (RSS 2.0), "atom" (Atom 1.0), "json" (ninjs-like
 * objects).
 */
#ifndef TELEX_FORMATS_H
#define TELEX_FORMATS_H

#include <stddef.h>

#include "wire_doc.h"

/* 1 when name is one of the formats above. */
int wire_format_known(const char *name);

/*
 * Detects the format of bytes by content first (XML root element, JSON, ANPA
 * control characters or header line), then by the extension of file_name
 * (which may be NULL). Returns a format name, or NULL with the reason in err
 * for XML of an unknown kind.
 */
const char *wire_detect_format(const void *bytes, size_t len, const char *file_name, char *err,
                               size_t errlen);

/* Parses one item of format into doc (zeroed by the caller). Returns 0, or -1 with the
   reason in err; doc may then hold partial fields and must still be cleared. */
int wire_parse(const char *format, const void *bytes, size_t len, wire_doc *doc, char *err,
               size_t errlen);

int wire_parse_text(const void *bytes, size_t len, wire_doc *doc, char *err, size_t errlen);
int wire_parse_anpa(const void *bytes, size_t len, wire_doc *doc, char *err, size_t errlen);
int wire_parse_json(const void *bytes, size_t len, wire_doc *doc, char *err, size_t errlen);
int wire_parse_nitf(const void *bytes, size_t len, wire_doc *doc, char *err, size_t errlen);
int wire_parse_newsml(const void *bytes, size_t len, wire_doc *doc, char *err, size_t errlen);
int wire_parse_rss(const void *bytes, size_t len, wire_doc *doc, char *err, size_t errlen);
int wire_parse_atom(const void *bytes, size_t len, wire_doc *doc, char *err, size_t errlen);

/* 1 when the line (len bytes, no line break) is an ANPA header line such as
   "a0452 r i BC-AS--Koreas-Summit 03-29 0412". */
int anpa_is_header_line(const char *line, size_t len);

/* The local name of the root element of an XML document ("nitf", "newsItem", "rss"),
   copied into buf; "" when bytes do not start like XML. */
void wire_xml_root_name(const void *bytes, size_t len, char *buf, size_t buflen);

#endif
