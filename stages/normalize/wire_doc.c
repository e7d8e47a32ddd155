/*
 * The wire_doc container: paragraph list and field setters (see wire_doc.h).
 */
#include <stdlib.h>
#include <string.h>

#include "wire_doc.h"

int wire_doc_set(char **field, const char *value)
{
    char *copy = NULL;
    if (value) {
        copy = strdup(value);
        if (!copy)
            return -1;
    }
    free(*field);
    *field = copy;
    return 0;
}

int wire_doc_add_paragraph(wire_doc *doc, const char *text, size_t len)
{
    if (doc->n_paragraphs == doc->cap_paragraphs) {
        size_t cap = doc->cap_paragraphs ? doc->cap_paragraphs * 2 : 16;
        char **grown = realloc(doc->paragraphs, cap * sizeof *grown);
        if (!grown)
            return -1;
        doc->paragraphs = grown;
        doc->cap_paragraphs = cap;
    }
    char *copy = strndup(text, len);
    if (!copy)
        return -1;
    doc->paragraphs[doc->n_paragraphs++] = copy;
    return 0;
}

int wire_doc_add_removed(wire_doc *doc, const char *text, const char *rule)
{
    char **texts = realloc(doc->removed_text, (doc->n_removed + 1) * sizeof *texts);
    if (!texts)
        return -1;
    doc->removed_text = texts;
    char **rules = realloc(doc->removed_rule, (doc->n_removed + 1) * sizeof *rules);
    if (!rules)
        return -1;
    doc->removed_rule = rules;
    char *text_copy = strdup(text);
    char *rule_copy = strdup(rule);
    if (!text_copy || !rule_copy) {
        free(text_copy);
        free(rule_copy);
        return -1;
    }
    texts[doc->n_removed] = text_copy;
    rules[doc->n_removed] = rule_copy;
    doc->n_removed++;
    return 0;
}

void wire_doc_clear(wire_doc *doc)
{
    if (!doc)
        return;
    free(doc->headline);
    free(doc->byline);
    free(doc->located);
    free(doc->dateline_date);
    free(doc->published);
    free(doc->language);
    free(doc->item_id);
    for (size_t i = 0; i < doc->n_paragraphs; i++)
        free(doc->paragraphs[i]);
    free(doc->paragraphs);
    for (size_t i = 0; i < doc->n_removed; i++) {
        free(doc->removed_text[i]);
        free(doc->removed_rule[i]);
    }
    free(doc->removed_text);
    free(doc->removed_rule);
    memset(doc, 0, sizeof *doc);
}
