/*
 * Safe XML and HTML reading for the format parsers, and the walk that turns
 * markup into paragraphs.
 *
 * XML is parsed by libxml2 with network access off, no DTD loading and no
 * entity substitution (so no external entity is ever fetched), libxml2's own
 * depth, text-size and entity-amplification limits on, and its error output
 * silenced: the first fatal error comes back as one line. HTML's named
 * entities (&nbsp; &mdash; &eacute; &rsquo; ...), which real feeds use in XML
 * with no DTD, resolve to their characters; any other undeclared entity is
 * still an error. Internal entities a document declares itself are read.
 * HTML fragments (an RSS description, an Atom html content, a ninjs
 * body_html) go through libxml2's HTML parser, which also decodes HTML's
 * named entities. Nothing here uses regular expressions.
 */
#ifndef TELEX_XML_TEXT_H
#define TELEX_XML_TEXT_H

#include <stddef.h>

#include <libxml/tree.h>

#include "wire_doc.h"

/*
 * Parses bytes as XML. label names the format in errors. Returns the document
 * (free with xmlFreeDoc), or NULL with "nitf: XML not well-formed at line 12:
 * Premature end of data in tag p" in err.
 */
xmlDocPtr xml_parse_safe(const char *label, const void *bytes, size_t len, char *err,
                         size_t errlen);

/* Copies into buf the encoding named by the XML declaration at the start of bytes
   ("windows-1252"); buf is "" when there is none. */
void xml_declared_encoding(const void *bytes, size_t len, char *buf, size_t buflen);

/* The first child element of parent whose local name is name (any namespace), or NULL. */
xmlNodePtr xml_child(xmlNodePtr parent, const char *name);
/* The next sibling element after node with the same local name, or NULL. */
xmlNodePtr xml_next_named(xmlNodePtr node);
/* The first descendant element (depth first) with that local name, or NULL. */
xmlNodePtr xml_find(xmlNodePtr root, const char *name);
/* 1 when node is an element with that local name. */
int xml_is(xmlNodePtr node, const char *name);

/* The text of node and its descendants on one line, whitespace runs folded, trimmed;
   NULL when empty. Caller frees. */
char *xml_text(xmlNodePtr node);
/* A copy of attribute name of node, trimmed; NULL when absent or empty. Caller frees. */
char *xml_attr(xmlNodePtr node, const char *name);

/*
 * Appends the paragraphs under node to doc: block elements (p, div, li, h1..)
 * end paragraphs, <br> is a line break, scripts, styles, heads and media are
 * skipped. Returns 0, or -1 on allocation failure.
 */
int xml_collect_paragraphs(xmlNodePtr node, wire_doc *doc);

/* Same for an HTML fragment given as text. Text with no tags at all is read as plain text
   (paragraphs split at blank lines). Returns 0 or -1. */
int html_collect_paragraphs(const char *html, wire_doc *doc);

/* Splits plain text into paragraphs at blank lines (CRLF and CR count as LF). Returns 0
   or -1. */
int text_collect_paragraphs(const char *text, size_t len, wire_doc *doc);

#endif
