/*
 * Feed splitting (see split.h). XML feeds are split on the libxml2 tree and
 * serialized again; JSON with jansson; ANPA on its control characters or
 * header lines.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "formats.h"
#include "split.h"
#include "xml_text.h"

typedef struct split_run {
    split_item_fn *fn;
    void *cb_ctx;
    long count;
    int stopped;
} split_run;

static int deliver(split_run *run, const void *item, size_t len)
{
    if (run->stopped)
        return -1;
    if (run->fn(run->cb_ctx, item, len) != 0) {
        run->stopped = 1;
        return -1;
    }
    run->count++;
    return 0;
}

/* Serializes doc as UTF-8 and delivers it. */
static int deliver_doc(split_run *run, xmlDocPtr doc)
{
    xmlChar *text = NULL;
    int len = 0;
    xmlDocDumpMemoryEnc(doc, &text, &len, "UTF-8");
    if (!text)
        return -1;
    int rc = deliver(run, text, (size_t)len);
    xmlFree(text);
    return rc;
}

/* A new document holding a shallow copy of every element on the path root..container,
   with the container's children other than `item_name` copied deep, then one item.
   Returns 0 or -1. */
static int deliver_feed_item(split_run *run, xmlNodePtr root, xmlNodePtr container, xmlNodePtr item)
{
    xmlDocPtr out = xmlNewDoc((const xmlChar *)"1.0");
    if (!out)
        return -1;
    int rc = -1;
    xmlNodePtr new_root = xmlDocCopyNode(root, out, 2); /* element, attributes, namespaces */
    if (!new_root)
        goto out_free_doc;
    xmlDocSetRootElement(out, new_root);
    xmlNodePtr new_container = new_root;
    if (container != root) {
        new_container = xmlDocCopyNode(container, out, 2);
        if (!new_container || !xmlAddChild(new_root, new_container))
            goto out_free_doc;
    }
    for (xmlNodePtr child = container->children; child; child = child->next) {
        if (child->type == XML_ELEMENT_NODE && xmlStrEqual(child->name, item->name) &&
            child != item)
            continue;
        xmlNodePtr copy = xmlDocCopyNode(child, out, 1);
        if (!copy || !xmlAddChild(new_container, copy))
            goto out_free_doc;
    }
    rc = deliver_doc(run, out);
out_free_doc:
    xmlFreeDoc(out);
    return rc;
}

static int split_xml_items(split_run *run, xmlNodePtr root, xmlNodePtr container,
                           const char *item_name)
{
    xmlNodePtr first = xml_child(container, item_name);
    if (!first || !xml_next_named(first))
        return 1; /* zero or one item: the payload goes as it is */
    for (xmlNodePtr item = first; item; item = xml_next_named(item))
        if (deliver_feed_item(run, root, container, item) != 0)
            return -1;
    return 0;
}

/* Each newsItem of a newsMessage as its own document. */
static int split_newsml(split_run *run, xmlNodePtr root)
{
    if (xml_is(root, "newsItem"))
        return 1;
    int found = 0;
    for (xmlNodePtr item = xml_find(root, "newsItem"); item; item = xml_next_named(item)) {
        xmlDocPtr out = xmlNewDoc((const xmlChar *)"1.0");
        xmlNodePtr copy = out ? xmlDocCopyNode(item, out, 1) : NULL;
        int rc = -1;
        if (copy) {
            xmlDocSetRootElement(out, copy);
            xmlReconciliateNs(out, copy);
            rc = deliver_doc(run, out);
        }
        xmlFreeDoc(out);
        if (rc != 0)
            return -1;
        found = 1;
    }
    return found ? 0 : 1;
}

/* Returns 0 when split, 1 when the payload should go whole, -1 on failure. */
static int split_xml(split_run *run, const char *format, const void *bytes, size_t len)
{
    char err[256];
    xmlDocPtr doc = xml_parse_safe(format, bytes, len, err, sizeof err);
    if (!doc)
        return 1;
    xmlNodePtr root = xmlDocGetRootElement(doc);
    int rc = 1;
    if (strcmp(format, "rss") == 0) {
        xmlNodePtr channel = xml_child(root, "channel");
        if (channel && xml_child(channel, "item"))
            rc = split_xml_items(run, root, channel, "item");
        else
            rc = split_xml_items(run, root, root, "item");
    } else if (strcmp(format, "atom") == 0 && xml_is(root, "feed")) {
        rc = split_xml_items(run, root, root, "entry");
    } else if (strcmp(format, "newsml") == 0) {
        rc = split_newsml(run, root);
    }
    xmlFreeDoc(doc);
    return rc;
}

static int deliver_json(split_run *run, json_t *value)
{
    char *text = json_dumps(value, JSON_COMPACT);
    if (!text)
        return -1;
    int rc = deliver(run, text, strlen(text));
    free(text);
    return rc;
}

/* A top-level array splits into its elements; a single value goes whole; otherwise JSON
   lines, one item per non-blank line. */
static int split_json(split_run *run, const char *p, size_t len)
{
    json_error_t error;
    json_t *root = json_loadb(p, len, 0, &error);
    if (root) {
        int rc = 1;
        if (json_is_array(root) && json_array_size(root) > 1) {
            rc = 0;
            for (size_t i = 0; i < json_array_size(root) && rc == 0; i++)
                rc = deliver_json(run, json_array_get(root, i));
        }
        json_decref(root);
        return rc;
    }
    size_t lines = 0;
    for (size_t at = 0; at < len;) {
        const char *nl = memchr(p + at, '\n', len - at);
        size_t end = nl ? (size_t)(nl - p) : len;
        size_t start = at;
        while (start < end && isspace((unsigned char)p[start]))
            start++;
        if (end > start) {
            if (deliver(run, p + start, end - start) != 0)
                return -1;
            lines++;
        }
        at = end + 1;
    }
    return lines > 0 ? 0 : 1;
}

/* Offsets where ANPA stories start: each SOH, else each header line. */
static int split_anpa(split_run *run, const char *p, size_t len)
{
    size_t starts[4096], n = 0;
    int has_soh = memchr(p, 0x01, len) != NULL;
    for (size_t at = 0; at < len && n < sizeof starts / sizeof starts[0]; at++) {
        if (has_soh) {
            if (p[at] == 0x01)
                starts[n++] = at;
            continue;
        }
        if (at == 0 || p[at - 1] == '\n') {
            const char *nl = memchr(p + at, '\n', len - at);
            size_t end = nl ? (size_t)(nl - p) : len;
            if (end > at && p[end - 1] == '\r')
                end--;
            if (anpa_is_header_line(p + at, end - at))
                starts[n++] = at;
        }
    }
    if (n < 2)
        return 1;
    for (size_t i = 0; i < n; i++) {
        size_t end = i + 1 < n ? starts[i + 1] : len;
        /* the SYN characters before the next SOH belong to the next story */
        while (has_soh && end > starts[i] && p[end - 1] == 0x16 && i + 1 < n)
            end--;
        if (deliver(run, p + starts[i], end - starts[i]) != 0)
            return -1;
    }
    return 0;
}

long split_items(const char *format, const void *bytes, size_t len, split_item_fn *fn, void *cb_ctx,
                 char *err, size_t errlen)
{
    split_run run = {.fn = fn, .cb_ctx = cb_ctx};
    int rc = 1;
    if (strcmp(format, "rss") == 0 || strcmp(format, "atom") == 0 || strcmp(format, "newsml") == 0)
        rc = split_xml(&run, format, bytes, len);
    else if (strcmp(format, "json") == 0)
        rc = split_json(&run, bytes, len);
    else if (strcmp(format, "anpa") == 0)
        rc = split_anpa(&run, bytes, len);
    if (rc == 1 && run.count == 0)
        rc = deliver(&run, bytes, len);
    if (rc < 0) {
        snprintf(err, errlen, "%s: could not split the payload into items%s", format,
                 run.stopped ? "" : " (out of memory)");
        return -1;
    }
    return run.count;
}
