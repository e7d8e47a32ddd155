/*
 * The XML wire formats: NITF 3.x, IPTC NewsML-G2 (newsItem), RSS 2.0 and
 * Atom 1.0. Each reads one item: the fields its format defines for headline,
 * byline, dateline, time, language, id and version, and the body's paragraphs
 * through the markup walk of xml_text.c. A feed document must hold exactly one
 * item here (telex-ingest splits feeds, keeping the channel's metadata).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "formats.h"
#include "text.h"
#include "wire_time.h"
#include "xml_text.h"

/* Takes ownership of value: stores it in *field unless *field is already set. */
static void set_owned(char **field, char *value)
{
    if (*field || !value) {
        free(value);
        return;
    }
    *field = value;
}

/* A positive version number from text, or 0. */
static int32_t parse_version(const char *text)
{
    if (!text)
        return 0;
    char *end;
    long v = strtol(text, &end, 10);
    return (end != text && *end == '\0' && v > 0 && v < INT32_MAX) ? (int32_t)v : 0;
}

/* Text that may hold escaped HTML (an Atom html title), as one plain line. */
static char *markup_to_line(const char *text)
{
    wire_doc tmp = {0};
    char *line = NULL;
    if (html_collect_paragraphs(text, &tmp) == 0) {
        size_t total = 1;
        for (size_t i = 0; i < tmp.n_paragraphs; i++)
            total += strlen(tmp.paragraphs[i]) + 1;
        line = calloc(1, total);
        for (size_t i = 0; line && i < tmp.n_paragraphs; i++) {
            if (i > 0)
                strcat(line, " ");
            strcat(line, tmp.paragraphs[i]);
        }
    }
    wire_doc_clear(&tmp);
    if (line) {
        for (char *p = line; *p; p++)
            if (*p == '\n' || *p == '\t' || *p == '\r')
                *p = ' ';
        char *trimmed = text_trim_copy(line, strlen(line));
        free(line);
        return trimmed;
    }
    return NULL;
}

/* Parses bytes and checks the root element's local name. */
static xmlDocPtr parse_with_root(const char *label, const void *bytes, size_t len,
                                 const char *const *roots, xmlNodePtr *root_out, char *err,
                                 size_t errlen)
{
    xmlDocPtr xml = xml_parse_safe(label, bytes, len, err, errlen);
    if (!xml)
        return NULL;
    xmlNodePtr root = xmlDocGetRootElement(xml);
    for (size_t i = 0; roots[i]; i++) {
        if (xml_is(root, roots[i])) {
            *root_out = root;
            return xml;
        }
    }
    snprintf(err, errlen, "%s: root element is <%s>, not <%s>", label, (const char *)root->name,
             roots[0]);
    xmlFreeDoc(xml);
    return NULL;
}

/* "20170330" or "2017-03-30..." as "2017-03-30"; NULL when it is not a date. */
static char *norm_date(const char *text)
{
    wire_time t;
    if (!text || wire_time_parse(text, &t) != 0)
        return NULL;
    char date[11];
    wire_time_local_date(&t, date);
    return strdup(date);
}

static char *node_lang(xmlNodePtr node)
{
    xmlChar *lang = node ? xmlNodeGetLang(node) : NULL;
    char *copy = lang ? strdup((const char *)lang) : NULL;
    xmlFree(lang);
    return copy;
}

static int fail_oom(const char *label, char *err, size_t errlen)
{
    snprintf(err, errlen, "%s: out of memory", label);
    return -1;
}

/* ---- NITF ---- */

static void nitf_docdata(xmlNodePtr head, wire_doc *doc)
{
    xmlNodePtr docdata = xml_child(head, "docdata");
    xmlNodePtr du_key = xml_child(docdata, "du-key");
    set_owned(&doc->item_id, xml_attr(du_key, "key"));
    char *version = xml_attr(du_key, "version");
    doc->version = parse_version(version);
    free(version);
    set_owned(&doc->item_id, xml_attr(xml_child(docdata, "doc-id"), "id-string"));
    set_owned(&doc->published, xml_attr(xml_child(docdata, "date.issue"), "norm"));
    set_owned(&doc->published, xml_attr(xml_child(docdata, "date.release"), "norm"));
}

static void nitf_dateline(xmlNodePtr dateline, wire_doc *doc)
{
    if (!dateline)
        return;
    set_owned(&doc->located, xml_text(xml_find(dateline, "location")));
    char *norm = xml_attr(xml_find(dateline, "story.date"), "norm");
    set_owned(&doc->dateline_date, norm_date(norm));
    free(norm);
    if (!doc->located) {
        char *text = xml_text(dateline);
        if (text)
            text[strcspn(text, ",")] = '\0';
        set_owned(&doc->located, text);
    }
}

int wire_parse_nitf(const void *bytes, size_t len, wire_doc *doc, char *err, size_t errlen)
{
    static const char *const roots[] = {"nitf", NULL};
    xmlNodePtr root;
    xmlDocPtr xml = parse_with_root("nitf", bytes, len, roots, &root, err, errlen);
    if (!xml)
        return -1;
    xmlNodePtr head = xml_child(root, "head");
    xmlNodePtr body = xml_child(root, "body");
    xmlNodePtr body_head = xml_child(body, "body.head");
    nitf_docdata(head, doc);
    set_owned(&doc->headline, xml_text(xml_child(xml_child(body_head, "hedline"), "hl1")));
    set_owned(&doc->headline, xml_text(xml_child(head, "title")));
    set_owned(&doc->byline, xml_text(xml_child(body_head, "byline")));
    nitf_dateline(xml_child(body_head, "dateline"), doc);
    xmlNodePtr content = xml_child(body, "body.content");
    set_owned(&doc->language, node_lang(content ? content : root));
    int rc = 0;
    if (!content) {
        snprintf(err, errlen, "nitf: no <body.content> in the document");
        rc = -1;
    } else if (xml_collect_paragraphs(content, doc) != 0) {
        rc = fail_oom("nitf", err, errlen);
    }
    xmlNodePtr body_end = xml_child(body, "body.end");
    for (xmlNodePtr tag = xml_child(body_end, "tagline"); rc == 0 && tag;
         tag = xml_next_named(tag)) {
        char *text = xml_text(tag);
        if (text && wire_doc_add_removed(doc, text, "nitf.tagline") != 0)
            rc = fail_oom("nitf", err, errlen);
        free(text);
    }
    xmlFreeDoc(xml);
    return rc;
}

/* ---- NewsML-G2 ---- */

/* The newsItem of a document: the root, or the only one inside a newsMessage. */
static xmlNodePtr newsml_item(xmlNodePtr root, char *err, size_t errlen)
{
    if (xml_is(root, "newsItem"))
        return root;
    xmlNodePtr item = xml_find(root, "newsItem");
    if (!item) {
        snprintf(err, errlen, "newsml: no <newsItem> in the <newsMessage>");
        return NULL;
    }
    size_t count = 1;
    for (xmlNodePtr next = xml_next_named(item); next; next = xml_next_named(next))
        count++;
    if (count > 1) {
        snprintf(err, errlen,
                 "newsml: %zu newsItems in one RawStory (telex-ingest sends one "
                 "item each)",
                 count);
        return NULL;
    }
    return item;
}

static char *literal_or_name(xmlNodePtr node)
{
    char *literal = xml_attr(node, "literal");
    return literal ? literal : xml_text(xml_child(node, "name"));
}

static void newsml_meta(xmlNodePtr item, wire_doc *doc)
{
    xmlNodePtr meta = xml_child(item, "contentMeta");
    xmlNodePtr item_meta = xml_child(item, "itemMeta");
    for (xmlNodePtr h = xml_child(meta, "headline"); h && !doc->headline; h = xml_next_named(h)) {
        char *role = xml_attr(h, "role");
        if (!role || strstr(role, "main") || strstr(role, "headline"))
            set_owned(&doc->headline, xml_text(h));
        free(role);
    }
    set_owned(&doc->headline, xml_text(xml_child(meta, "headline")));
    set_owned(&doc->byline, xml_text(xml_child(meta, "by")));
    set_owned(&doc->byline, literal_or_name(xml_child(meta, "creator")));
    set_owned(&doc->located, literal_or_name(xml_child(meta, "located")));
    set_owned(&doc->language, xml_attr(xml_child(meta, "language"), "tag"));
    set_owned(&doc->language, node_lang(item));
    set_owned(&doc->published, xml_text(xml_child(meta, "contentCreated")));
    set_owned(&doc->published, xml_text(xml_child(item_meta, "firstCreated")));
    set_owned(&doc->published, xml_text(xml_child(item_meta, "versionCreated")));
}

static int newsml_body(xmlNodePtr item, wire_doc *doc)
{
    xmlNodePtr set = xml_child(item, "contentSet");
    xmlNodePtr inline_xml = xml_child(set, "inlineXML");
    if (inline_xml) {
        xmlNodePtr body = xml_find(inline_xml, "body");
        return xml_collect_paragraphs(body ? body : inline_xml, doc);
    }
    xmlNodePtr inline_data = xml_child(set, "inlineData");
    if (!inline_data)
        return 0;
    xmlChar *text = xmlNodeGetContent(inline_data);
    if (!text)
        return 0;
    char *type = xml_attr(inline_data, "contenttype");
    int rc = (type && strstr(type, "html"))
                 ? html_collect_paragraphs((const char *)text, doc)
                 : text_collect_paragraphs((const char *)text, strlen((const char *)text), doc);
    free(type);
    xmlFree(text);
    return rc;
}

int wire_parse_newsml(const void *bytes, size_t len, wire_doc *doc, char *err, size_t errlen)
{
    static const char *const roots[] = {"newsItem", "newsMessage", NULL};
    xmlNodePtr root;
    xmlDocPtr xml = parse_with_root("newsml", bytes, len, roots, &root, err, errlen);
    if (!xml)
        return -1;
    int rc = -1;
    xmlNodePtr item = newsml_item(root, err, errlen);
    if (!item)
        goto out_free_xml;
    set_owned(&doc->item_id, xml_attr(item, "guid"));
    char *version = xml_attr(item, "version");
    doc->version = parse_version(version);
    free(version);
    newsml_meta(item, doc);
    if (newsml_body(item, doc) != 0) {
        fail_oom("newsml", err, errlen);
        goto out_free_xml;
    }
    rc = 0;
out_free_xml:
    xmlFreeDoc(xml);
    return rc;
}

/* ---- RSS 2.0 ---- */

/* The only <item> of the feed, from the channel (RSS 2.0) or the root (RSS 1.0). */
static xmlNodePtr single_item(const char *label, xmlNodePtr parent, const char *name, char *err,
                              size_t errlen)
{
    xmlNodePtr item = xml_child(parent, name);
    if (!item) {
        snprintf(err, errlen, "%s: no <%s> in the feed", label, name);
        return NULL;
    }
    size_t count = 1;
    for (xmlNodePtr next = xml_next_named(item); next; next = xml_next_named(next))
        count++;
    if (count > 1) {
        snprintf(err, errlen,
                 "%s: %zu <%s> elements in one RawStory (telex-ingest splits "
                 "feeds into one item each)",
                 label, count, name);
        return NULL;
    }
    return item;
}

/* The body of a feed item given as escaped HTML or plain text in element node. */
static int collect_html_element(xmlNodePtr node, wire_doc *doc)
{
    xmlChar *text = xmlNodeGetContent(node);
    if (!text)
        return 0;
    int rc = html_collect_paragraphs((const char *)text, doc);
    xmlFree(text);
    return rc;
}

int wire_parse_rss(const void *bytes, size_t len, wire_doc *doc, char *err, size_t errlen)
{
    static const char *const roots[] = {"rss", "RDF", NULL};
    xmlNodePtr root;
    xmlDocPtr xml = parse_with_root("rss", bytes, len, roots, &root, err, errlen);
    if (!xml)
        return -1;
    int rc = -1;
    xmlNodePtr channel = xml_child(root, "channel");
    xmlNodePtr item = xml_child(channel, "item") ? single_item("rss", channel, "item", err, errlen)
                                                 : single_item("rss", root, "item", err, errlen);
    if (!item)
        goto out_free_xml;
    char *title = xml_text(xml_child(item, "title"));
    set_owned(&doc->headline, title ? markup_to_line(title) : NULL);
    free(title);
    set_owned(&doc->item_id, xml_text(xml_child(item, "guid")));
    set_owned(&doc->item_id, xml_text(xml_child(item, "link")));
    set_owned(&doc->published, xml_text(xml_child(item, "pubDate")));
    set_owned(&doc->published, xml_text(xml_child(item, "date")));
    set_owned(&doc->byline, xml_text(xml_child(item, "creator")));
    set_owned(&doc->byline, xml_text(xml_child(item, "author")));
    set_owned(&doc->language, xml_text(xml_child(item, "language")));
    set_owned(&doc->language, xml_text(xml_child(channel, "language")));
    xmlNodePtr body = xml_child(item, "encoded");
    if (!body)
        body = xml_child(item, "description");
    if (body && collect_html_element(body, doc) != 0) {
        fail_oom("rss", err, errlen);
        goto out_free_xml;
    }
    rc = 0;
out_free_xml:
    xmlFreeDoc(xml);
    return rc;
}

/* ---- Atom 1.0 ---- */

/* An Atom text construct (title, content, summary) by its type attribute. */
static int collect_atom_text(xmlNodePtr node, wire_doc *doc)
{
    char *type = xml_attr(node, "type");
    int rc;
    if (type && strcmp(type, "xhtml") == 0) {
        rc = xml_collect_paragraphs(node, doc);
    } else if (type && strstr(type, "html")) {
        rc = collect_html_element(node, doc);
    } else {
        xmlChar *text = xmlNodeGetContent(node);
        rc =
            text ? text_collect_paragraphs((const char *)text, strlen((const char *)text), doc) : 0;
        xmlFree(text);
    }
    free(type);
    return rc;
}

static char *atom_title(xmlNodePtr title)
{
    char *text = xml_text(title);
    char *type = xml_attr(title, "type");
    if (text && type && strstr(type, "html")) {
        char *line = markup_to_line(text);
        free(text);
        text = line;
    }
    free(type);
    return text;
}

int wire_parse_atom(const void *bytes, size_t len, wire_doc *doc, char *err, size_t errlen)
{
    static const char *const roots[] = {"feed", "entry", NULL};
    xmlNodePtr root;
    xmlDocPtr xml = parse_with_root("atom", bytes, len, roots, &root, err, errlen);
    if (!xml)
        return -1;
    int rc = -1;
    xmlNodePtr entry =
        xml_is(root, "entry") ? root : single_item("atom", root, "entry", err, errlen);
    if (!entry)
        goto out_free_xml;
    set_owned(&doc->headline, atom_title(xml_child(entry, "title")));
    set_owned(&doc->item_id, xml_text(xml_child(entry, "id")));
    set_owned(&doc->published, xml_text(xml_child(entry, "published")));
    set_owned(&doc->published, xml_text(xml_child(entry, "updated")));
    set_owned(&doc->byline, xml_text(xml_child(xml_child(entry, "author"), "name")));
    set_owned(&doc->language, node_lang(entry));
    xmlNodePtr body = xml_child(entry, "content");
    if (!body)
        body = xml_child(entry, "summary");
    if (body && collect_atom_text(body, doc) != 0) {
        fail_oom("atom", err, errlen);
        goto out_free_xml;
    }
    rc = 0;
out_free_xml:
    xmlFreeDoc(xml);
    return rc;
}
