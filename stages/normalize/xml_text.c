/*
 * libxml2 wrappers and the markup-to-paragraphs walk (see xml_text.h).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/SAX2.h>
#include <libxml/entities.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>

#include "xml_text.h"

/* Deeper than this the walk stops descending (libxml2's own XML limit is 256). */
#define XML_TEXT_MAX_DEPTH 256

static void silence_libxml_errors(void *ctx, const char *fmt, ...)
{
}

/* libxml2 reports through process-wide handlers: route them to nowhere once. */
static void xml_quiet(void)
{
    xmlSetGenericErrorFunc(NULL, silence_libxml_errors);
}

/* The internal subset of the document being parsed, created when it has none. */
static xmlDtdPtr internal_subset(xmlDocPtr doc)
{
    if (doc->intSubset)
        return doc->intSubset;
    xmlNodePtr root = xmlDocGetRootElement(doc);
    return xmlCreateIntSubset(doc, root ? root->name : (const xmlChar *)"telex", NULL, NULL);
}

/*
 * The parser's getEntity hook: the document's own entities first; else, when name is one of
 * HTML 4's named entities (nbsp, mdash, eacute, rsquo ...), it is declared as an internal
 * entity of the document holding that one character, and returned. Feeds use them with no
 * DTD; an unknown name still returns NULL, which libxml2 reports as "Entity 'x' not
 * defined". Nothing is ever loaded.
 */
static xmlEntityPtr entity_or_html_entity(void *user_data, const xmlChar *name)
{
    xmlParserCtxtPtr ctxt = user_data;
    xmlEntityPtr entity = xmlSAX2GetEntity(user_data, name);
    if (entity || !ctxt->myDoc)
        return entity;
    const htmlEntityDesc *html = htmlEntityLookup(name);
    if (!html || !internal_subset(ctxt->myDoc))
        return NULL;
    xmlChar utf8[8];
    int n = xmlCopyCharMultiByte(utf8, (int)html->value);
    if (n <= 0)
        return NULL;
    utf8[n] = '\0';
    return xmlAddDocEntity(ctxt->myDoc, name, XML_INTERNAL_GENERAL_ENTITY, NULL, NULL, utf8);
}

/* The first error libxml2 reported for one document (later ones are often only its
   consequences, such as "Premature end of data"). */
typedef struct first_error {
    char message[256];
    int line;
} first_error;

/* The parser's structured error hook; user_data is the parser context, whose _private
   holds the first_error. */
static void remember_first_error(void *user_data, xmlErrorPtr error)
{
    xmlParserCtxtPtr ctxt = user_data;
    first_error *first = ctxt ? ctxt->_private : NULL;
    if (!first || first->message[0] || !error || error->level < XML_ERR_ERROR || !error->message ||
        !error->message[0])
        return;
    snprintf(first->message, sizeof first->message, "%s", error->message);
    first->message[strcspn(first->message, "\r\n")] = '\0';
    first->line = error->line;
}

xmlDocPtr xml_parse_safe(const char *label, const void *bytes, size_t len, char *err, size_t errlen)
{
    xml_quiet();
    if (len > (size_t)INT32_MAX) {
        snprintf(err, errlen, "%s: document too large", label);
        return NULL;
    }
    xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
    if (!ctxt) {
        snprintf(err, errlen, "%s: out of memory", label);
        return NULL;
    }
    first_error first = {"", 0};
    ctxt->_private = &first;
    ctxt->sax->serror = remember_first_error;
    ctxt->sax->getEntity = entity_or_html_entity;
    /* NONET: never fetch anything; no NOENT/DTDLOAD: entities are not substituted and
       external subsets are not read; NOCDATA: CDATA merges into text; no HUGE: libxml2
       keeps its depth and size limits. */
    int options = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA |
                  XML_PARSE_BIG_LINES;
    xmlDocPtr doc = xmlCtxtReadMemory(ctxt, bytes, (int)len, NULL, NULL, options);
    if (!doc || !ctxt->wellFormed) {
        snprintf(err, errlen, "%s: XML not well-formed at line %d: %s", label, first.line,
                 first.message[0] ? first.message : "unknown error");
        xmlFreeDoc(doc);
        doc = NULL;
    } else if (!xmlDocGetRootElement(doc)) {
        snprintf(err, errlen, "%s: XML document has no root element", label);
        xmlFreeDoc(doc);
        doc = NULL;
    }
    xmlFreeParserCtxt(ctxt);
    return doc;
}

void xml_declared_encoding(const void *bytes, size_t len, char *buf, size_t buflen)
{
    buf[0] = '\0';
    const char *p = bytes;
    if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
        p += 3, len -= 3;
    if (len < 5 || memcmp(p, "<?xml", 5) != 0)
        return;
    const char *end = memchr(p, '>', len);
    if (!end)
        return;
    const char *key = p;
    while ((key = memchr(key, 'e', (size_t)(end - key))) != NULL) {
        if ((size_t)(end - key) > 9 && strncmp(key, "encoding", 8) == 0)
            break;
        key++;
    }
    if (!key)
        return;
    const char *q = key + 8;
    while (q < end && (*q == ' ' || *q == '='))
        q++;
    if (q >= end || (*q != '"' && *q != '\''))
        return;
    char quote = *q++;
    size_t n = 0;
    while (q + n < end && q[n] != quote && n + 1 < buflen)
        n++;
    memcpy(buf, q, n);
    buf[n] = '\0';
}

int xml_is(xmlNodePtr node, const char *name)
{
    return node && node->type == XML_ELEMENT_NODE &&
           strcasecmp((const char *)node->name, name) == 0;
}

xmlNodePtr xml_child(xmlNodePtr parent, const char *name)
{
    if (!parent)
        return NULL;
    for (xmlNodePtr child = parent->children; child; child = child->next)
        if (xml_is(child, name))
            return child;
    return NULL;
}

xmlNodePtr xml_next_named(xmlNodePtr node)
{
    for (xmlNodePtr next = node->next; next; next = next->next)
        if (xml_is(next, (const char *)node->name))
            return next;
    return NULL;
}

static xmlNodePtr find_at_depth(xmlNodePtr node, const char *name, int depth)
{
    if (depth > XML_TEXT_MAX_DEPTH)
        return NULL;
    for (xmlNodePtr child = node->children; child; child = child->next) {
        if (child->type != XML_ELEMENT_NODE)
            continue;
        if (xml_is(child, name))
            return child;
        xmlNodePtr found = find_at_depth(child, name, depth + 1);
        if (found)
            return found;
    }
    return NULL;
}

xmlNodePtr xml_find(xmlNodePtr root, const char *name)
{
    if (!root)
        return NULL;
    if (xml_is(root, name))
        return root;
    return find_at_depth(root, name, 0);
}

/* Folds whitespace runs to one space and trims; returns s, or NULL when s is blank (s is
   then freed). */
static char *fold_to_line(char *s)
{
    size_t w = 0;
    int space = 0;
    for (size_t r = 0; s[r]; r++) {
        if (isspace((unsigned char)s[r])) {
            space = w > 0;
            continue;
        }
        if (space)
            s[w++] = ' ';
        space = 0;
        s[w++] = s[r];
    }
    s[w] = '\0';
    if (w == 0) {
        free(s);
        return NULL;
    }
    return s;
}

char *xml_text(xmlNodePtr node)
{
    if (!node)
        return NULL;
    xmlChar *content = xmlNodeGetContent(node);
    if (!content)
        return NULL;
    char *copy = strdup((const char *)content);
    xmlFree(content);
    return copy ? fold_to_line(copy) : NULL;
}

char *xml_attr(xmlNodePtr node, const char *name)
{
    if (!node)
        return NULL;
    xmlChar *value = xmlGetProp(node, (const xmlChar *)name);
    if (!value)
        return NULL;
    char *copy = strdup((const char *)value);
    xmlFree(value);
    return copy ? fold_to_line(copy) : NULL;
}

/* Paragraph being assembled by the walk. */
typedef struct para_builder {
    char *buf;
    size_t len;
    size_t cap;
    wire_doc *doc;
    int failed;
} para_builder;

static void builder_append(para_builder *b, const char *s, size_t n)
{
    if (b->failed)
        return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *grown = realloc(b->buf, cap);
        if (!grown) {
            b->failed = 1;
            return;
        }
        b->buf = grown;
        b->cap = cap;
    }
    memcpy(b->buf + b->len, s, n);
    b->len += n;
    b->buf[b->len] = '\0';
}

/* Markup text: source line breaks are only layout, so they become spaces. */
static void builder_append_markup_text(para_builder *b, const char *s)
{
    for (const char *p = s; *p; p++) {
        char c = (*p == '\n' || *p == '\r' || *p == '\t') ? ' ' : *p;
        builder_append(b, &c, 1);
    }
}

static void builder_flush(para_builder *b)
{
    if (b->failed || b->len == 0)
        return;
    size_t start = 0;
    while (start < b->len && isspace((unsigned char)b->buf[start]))
        start++;
    if (start < b->len && wire_doc_add_paragraph(b->doc, b->buf + start, b->len - start) != 0)
        b->failed = 1;
    b->len = 0;
}

static int name_in(const xmlChar *name, const char *const *list)
{
    for (size_t i = 0; list[i]; i++)
        if (strcasecmp((const char *)name, list[i]) == 0)
            return 1;
    return 0;
}

static const char *const block_elements[] = {
    "p",     "div",     "li", "ul",         "ol",    "dl",           "dt",      "dd",     "h1",
    "h2",    "h3",      "h4", "h5",         "h6",    "hl1",          "hl2",     "pre",    "table",
    "tr",    "td",      "th", "blockquote", "block", "section",      "article", "header", "footer",
    "aside", "address", "hr", "body",       "html",  "body.content", "main",    NULL};

static const char *const skipped_elements[] = {
    "script", "style", "head",   "title",      "noscript", "iframe", "object",
    "embed",  "media", "figure", "figcaption", "svg",      "math",   "template",
    "form",   "nav",   "button", "img",        "video",    "audio",  NULL};

static void walk(para_builder *b, xmlNodePtr node, int depth);

/* An entity reference: the text of an internal entity (the document's own, or an HTML named
   entity declared by xml_parse_safe); external entities are never read and add nothing. */
static void walk_entity(para_builder *b, xmlNodePtr ref, int depth)
{
    xmlEntityPtr entity = (xmlEntityPtr)ref->children;
    if (entity && entity->type == XML_ENTITY_DECL && entity->etype == XML_INTERNAL_GENERAL_ENTITY)
        walk(b, (xmlNodePtr)entity, depth + 1);
}

static void walk(para_builder *b, xmlNodePtr node, int depth)
{
    if (depth > XML_TEXT_MAX_DEPTH)
        return;
    for (xmlNodePtr child = node->children; child && !b->failed; child = child->next) {
        if (child->type == XML_TEXT_NODE || child->type == XML_CDATA_SECTION_NODE) {
            if (child->content)
                builder_append_markup_text(b, (const char *)child->content);
            continue;
        }
        if (child->type == XML_ENTITY_REF_NODE) {
            walk_entity(b, child, depth);
            continue;
        }
        if (child->type != XML_ELEMENT_NODE)
            continue; /* comments, processing instructions */
        if (name_in(child->name, skipped_elements))
            continue;
        if (xml_is(child, "br")) {
            builder_append(b, "\n", 1);
            continue;
        }
        int block = name_in(child->name, block_elements);
        if (block)
            builder_flush(b);
        walk(b, child, depth + 1);
        if (block)
            builder_flush(b);
    }
}

int xml_collect_paragraphs(xmlNodePtr node, wire_doc *doc)
{
    para_builder b = {.doc = doc};
    if (node)
        walk(&b, node, 0);
    builder_flush(&b);
    free(b.buf);
    return b.failed ? -1 : 0;
}

/* 1 when text holds something that looks like a tag: "<p", "</", "<br". */
static int looks_like_markup(const char *text)
{
    for (const char *p = strchr(text, '<'); p; p = strchr(p + 1, '<'))
        if (isalpha((unsigned char)p[1]) || p[1] == '/' || p[1] == '!')
            return 1;
    return 0;
}

int html_collect_paragraphs(const char *html, wire_doc *doc)
{
    if (!looks_like_markup(html))
        return text_collect_paragraphs(html, strlen(html), doc);
    xml_quiet();
    size_t len = strlen(html);
    if (len > (size_t)INT32_MAX)
        return -1;
    htmlDocPtr parsed =
        htmlReadMemory(html, (int)len, NULL, "UTF-8",
                       HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING);
    if (!parsed)
        return text_collect_paragraphs(html, len, doc);
    int rc = xml_collect_paragraphs((xmlNodePtr)parsed, doc);
    xmlFreeDoc(parsed);
    return rc;
}

int text_collect_paragraphs(const char *text, size_t len, wire_doc *doc)
{
    size_t start = 0, at = 0;
    while (at < len) {
        /* A blank line: a line break, optional spaces, another line break. */
        size_t next = at;
        if (text[at] == '\r' || text[at] == '\n') {
            int breaks = 0;
            while (next < len && (text[next] == '\r' || text[next] == '\n' || text[next] == ' ' ||
                                  text[next] == '\t')) {
                if (text[next] == '\n' ||
                    (text[next] == '\r' && (next + 1 >= len || text[next + 1] != '\n')))
                    breaks++;
                next++;
            }
            if (breaks >= 2) {
                if (at > start && wire_doc_add_paragraph(doc, text + start, at - start) != 0)
                    return -1;
                start = next;
            }
            at = next;
            continue;
        }
        at++;
    }
    if (len > start && wire_doc_add_paragraph(doc, text + start, len - start) != 0)
        return -1;
    return 0;
}
