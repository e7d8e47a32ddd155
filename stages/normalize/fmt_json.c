/*
 * JSON wire items: ninjs-like objects (IPTC ninjs 1.x and 2.x field names)
 * read with jansson. One object per item; a top-level array or JSON lines are
 * split by telex-ingest, though an array of exactly one object is accepted.
 *
 * Fields: uri|guid|id, version, versioncreated|firstcreated, language,
 * headline|headlines[0].value|title, byline|bylines[0].byline, located,
 * body_text (plain), body_html|body (HTML), else description_text.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "formats.h"
#include "xml_text.h"

/* A copy of the first of keys that holds a non-empty string (or a number), or NULL. */
static char *json_first_string(json_t *object, const char *const *keys)
{
    char number[32];
    for (size_t i = 0; keys[i]; i++) {
        json_t *value = json_object_get(object, keys[i]);
        if (json_is_string(value) && json_string_length(value) > 0)
            return strdup(json_string_value(value));
        if (json_is_integer(value)) {
            snprintf(number, sizeof number, "%lld", (long long)json_integer_value(value));
            return strdup(number);
        }
    }
    return NULL;
}

/* The string member key of the first object of array member list ("headlines"). */
static char *json_first_in_list(json_t *object, const char *list, const char *key)
{
    json_t *first = json_array_get(json_object_get(object, list), 0);
    json_t *value = json_object_get(first, key);
    return json_is_string(value) ? strdup(json_string_value(value)) : NULL;
}

static void set_owned(char **field, char *value)
{
    if (*field || !value) {
        free(value);
        return;
    }
    *field = value;
}

static int json_body(json_t *item, wire_doc *doc)
{
    static const char *const text_keys[] = {"body_text", NULL};
    static const char *const html_keys[] = {"body_html", "body", "description_html", NULL};
    static const char *const summary_keys[] = {"description_text", NULL};
    char *text = json_first_string(item, text_keys);
    if (text) {
        int rc = text_collect_paragraphs(text, strlen(text), doc);
        free(text);
        return rc;
    }
    char *html = json_first_string(item, html_keys);
    if (!html)
        html = json_first_string(item, summary_keys);
    if (!html)
        return 0;
    int rc = html_collect_paragraphs(html, doc);
    free(html);
    return rc;
}

static int json_fields(json_t *item, wire_doc *doc)
{
    static const char *const id_keys[] = {"uri", "guid", "id", NULL};
    static const char *const version_keys[] = {"version", NULL};
    static const char *const time_keys[] = {"versioncreated", "firstcreated", "published",
                                            "pubdate",        "date",         NULL};
    static const char *const language_keys[] = {"language", "lang", NULL};
    static const char *const headline_keys[] = {"headline", "title", NULL};
    static const char *const byline_keys[] = {"byline", "author", NULL};
    static const char *const located_keys[] = {"located", NULL};
    set_owned(&doc->item_id, json_first_string(item, id_keys));
    char *version = json_first_string(item, version_keys);
    if (version) {
        char *end;
        long v = strtol(version, &end, 10);
        doc->version = (end != version && *end == '\0' && v > 0 && v < INT32_MAX) ? (int32_t)v : 0;
        free(version);
    }
    set_owned(&doc->published, json_first_string(item, time_keys));
    set_owned(&doc->language, json_first_string(item, language_keys));
    set_owned(&doc->headline, json_first_string(item, headline_keys));
    set_owned(&doc->headline, json_first_in_list(item, "headlines", "value"));
    set_owned(&doc->byline, json_first_string(item, byline_keys));
    set_owned(&doc->byline, json_first_in_list(item, "bylines", "byline"));
    set_owned(&doc->located, json_first_string(item, located_keys));
    return json_body(item, doc);
}

int wire_parse_json(const void *bytes, size_t len, wire_doc *doc, char *err, size_t errlen)
{
    json_error_t error;
    json_t *root = json_loadb(bytes, len, 0, &error);
    if (!root) {
        snprintf(err, errlen, "json: not valid JSON at line %d column %d: %s", error.line,
                 error.column, error.text);
        return -1;
    }
    int rc = -1;
    json_t *item = root;
    if (json_is_array(root)) {
        if (json_array_size(root) != 1) {
            snprintf(err, errlen,
                     "json: an array of %zu items in one RawStory (telex-ingest "
                     "splits arrays into one item each)",
                     json_array_size(root));
            goto out_decref;
        }
        item = json_array_get(root, 0);
    }
    if (!json_is_object(item)) {
        snprintf(err, errlen, "json: the item is not a JSON object");
        goto out_decref;
    }
    json_t *type = json_object_get(item, "type");
    if (json_is_string(type) && strcmp(json_string_value(type), "text") != 0 &&
        strcmp(json_string_value(type), "composite") != 0) {
        snprintf(err, errlen, "json: item type '%.40s' carries no story text",
                 json_string_value(type));
        goto out_decref;
    }
    if (json_fields(item, doc) != 0) {
        snprintf(err, errlen, "json: out of memory");
        goto out_decref;
    }
    rc = 0;
out_decref:
    json_decref(root);
    return rc;
}
