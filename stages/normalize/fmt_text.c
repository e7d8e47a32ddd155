/*
 * Plain-text wire copy: paragraphs are separated by blank lines. Plain text
 * carries no fields, so two layout conventions of wire copy are read: a first
 * paragraph that is one short line with no closing punctuation is the
 * headline, and a following one-line "By ..." paragraph is the byline.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formats.h"
#include "xml_text.h"

#define TEXT_HEADLINE_MAX 200
#define TEXT_BYLINE_MAX   120

/* 1 when s is one line of at most max bytes that does not end like a sentence. */
static int is_title_line(const char *s, size_t max)
{
    size_t len = strlen(s);
    while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\r' || s[len - 1] == '\n'))
        len--;
    if (len == 0 || len > max || memchr(s, '\n', len))
        return 0;
    static const char *const sentence_ends[] = {
        ".", "!", "?", ",", ";", ":", "\"", "\xE2\x80\x9D", "\xE2\x80\x99", NULL};
    for (size_t i = 0; sentence_ends[i]; i++) {
        size_t n = strlen(sentence_ends[i]);
        if (len >= n && memcmp(s + len - n, sentence_ends[i], n) == 0)
            return 0;
    }
    return 1;
}

/* Moves the first paragraph into *field (the list shifts down by one). */
static void take_first_paragraph(wire_doc *doc, char **field)
{
    *field = doc->paragraphs[0];
    memmove(doc->paragraphs, doc->paragraphs + 1, (doc->n_paragraphs - 1) * sizeof(char *));
    doc->n_paragraphs--;
}

int wire_parse_text(const void *bytes, size_t len, wire_doc *doc, char *err, size_t errlen)
{
    if (text_collect_paragraphs(bytes, len, doc) != 0) {
        snprintf(err, errlen, "text: out of memory");
        return -1;
    }
    if (doc->n_paragraphs >= 2 && is_title_line(doc->paragraphs[0], TEXT_HEADLINE_MAX))
        take_first_paragraph(doc, &doc->headline);
    if (doc->n_paragraphs >= 2 && strncmp(doc->paragraphs[0], "By ", 3) == 0 &&
        is_title_line(doc->paragraphs[0], TEXT_BYLINE_MAX))
        take_first_paragraph(doc, &doc->byline);
    return 0;
}
