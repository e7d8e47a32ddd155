/*
 * ANPA-1312 wire copy (and its kin IPTC 7901), one story.
 *
 * A story is SYN SYN SOH, a header line ("a0452 r i BC-AS--Koreas-Summit
 * 03-29 0412": service and selector, priority, category, slug, date, word
 * count), STX, the text, ETX. In the text, lines starting with "^" and ending
 * with "<" (or "=" for bylines) are the keyword line, headline and byline;
 * an indented line (tab or spaces) starts a paragraph; the last paragraph is
 * often a trailer such as "AP-WF-03-29-18 0822GMT" that dates the story.
 * Copy that lost its control characters (saved by a terminal, say) still has
 * the header line and the indentation, and reads the same way.
 *
 * The slug is the item id (it survives updates); an "Nth Ld-Writethru" in the
 * keyword line gives the version N+1.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formats.h"
#include "wire_time.h"

#define ANPA_SOH 0x01
#define ANPA_STX 0x02
#define ANPA_ETX 0x03
#define ANPA_EOT 0x04
#define ANPA_SYN 0x16

/* Reading state while walking the lines of the text. */
typedef struct anpa_reader {
    wire_doc *doc;
    char *para; /* the paragraph being assembled */
    size_t para_len;
    int seen_keyword;
    int failed;
} anpa_reader;

static void para_flush(anpa_reader *r)
{
    if (r->para && r->para_len > 0 && wire_doc_add_paragraph(r->doc, r->para, r->para_len) != 0)
        r->failed = 1;
    free(r->para);
    r->para = NULL;
    r->para_len = 0;
}

static void para_append(anpa_reader *r, const char *line, size_t len)
{
    char *grown = realloc(r->para, r->para_len + len + 2);
    if (!grown) {
        r->failed = 1;
        return;
    }
    r->para = grown;
    if (r->para_len > 0)
        r->para[r->para_len++] = '\n';
    memcpy(r->para + r->para_len, line, len);
    r->para_len += len;
    r->para[r->para_len] = '\0';
}

/* "Koreas-Summit, 2nd Ld-Writethru,0650": an "Nth Ld" ordinal gives version N+1. */
static int32_t writethru_version(const char *line, size_t len)
{
    for (size_t i = 0; i + 6 < len; i++) {
        if (!isdigit((unsigned char)line[i]) || (i > 0 && isdigit((unsigned char)line[i - 1])))
            continue;
        char *end;
        long n = strtol(line + i, &end, 10);
        size_t rest = len - (size_t)(end - line);
        if (rest >= 5 && isalpha((unsigned char)end[0]) && isalpha((unsigned char)end[1]) &&
            end[2] == ' ' && strncmp(end + 3, "Ld", 2) == 0 && n > 0 && n < 1000)
            return (int32_t)n + 1;
    }
    return 0;
}

/* 1 when a caret line is the keyword line: "BC-AS--Koreas-Summit,0412" (no spaces before
   its first comma, digits after its last). */
static int is_keyword_line(const char *line, size_t len)
{
    const char *comma = memchr(line, ',', len);
    if (!comma || memchr(line, ' ', (size_t)(comma - line)))
        return 0;
    size_t end = len;
    while (end > 0 && isdigit((unsigned char)line[end - 1]))
        end--;
    return end < len && end > 0 && line[end - 1] == ',';
}

static void set_copy(char **field, const char *text, size_t len)
{
    if (*field)
        return;
    *field = strndup(text, len);
}

/* "^Koreas agree ...<": keyword, headline, byline or a subhead. */
static void read_caret_line(anpa_reader *r, const char *line, size_t len)
{
    line++, len--;
    while (len > 0 && (line[len - 1] == '<' || line[len - 1] == '=' || line[len - 1] == ' '))
        len--;
    if (!r->seen_keyword && is_keyword_line(line, len)) {
        r->seen_keyword = 1;
        r->doc->version = writethru_version(line, len);
        return;
    }
    if (len > 3 && strncmp(line, "By ", 3) == 0 && r->doc->n_paragraphs == 0 && !r->para) {
        set_copy(&r->doc->byline, line, len);
        return;
    }
    if (!r->doc->headline && r->doc->n_paragraphs == 0 && !r->para) {
        set_copy(&r->doc->headline, line, len);
        return;
    }
    para_flush(r);
    para_append(r, line, len);
    para_flush(r);
}

static void read_line(anpa_reader *r, const char *line, size_t len)
{
    while (len > 0 && (line[len - 1] == ' ' || line[len - 1] == '\t'))
        len--;
    if (len == 0) {
        para_flush(r);
        return;
    }
    if (line[0] == '^') {
        read_caret_line(r, line, len);
        return;
    }
    int indented = line[0] == '\t' || (len > 1 && line[0] == ' ' && line[1] == ' ');
    if (indented)
        para_flush(r);
    while (len > 0 && (*line == ' ' || *line == '\t'))
        line++, len--;
    para_append(r, line, len);
}

/* The header line's slug ("BC-AS--Koreas-Summit"), the 4th field. */
static void read_header(wire_doc *doc, const char *line, size_t len)
{
    const char *p = line, *end = line + len;
    for (int field = 0; field < 3 && p < end; field++) {
        while (p < end && *p != ' ')
            p++;
        while (p < end && *p == ' ')
            p++;
    }
    const char *slug_end = p;
    while (slug_end < end && *slug_end != ' ')
        slug_end++;
    while (slug_end > p && (slug_end[-1] == ',' || slug_end[-1] == ';'))
        slug_end--;
    if (slug_end > p && !doc->item_id)
        doc->item_id = strndup(p, (size_t)(slug_end - p));
}

/* The last paragraph that reads as an AP trailer dates the story. */
static void read_trailer_time(wire_doc *doc)
{
    for (size_t i = doc->n_paragraphs; i-- > 0 && !doc->published;) {
        wire_time t;
        if (wire_time_parse_anpa_trailer(doc->paragraphs[i], &t) == 0) {
            char iso[21];
            wire_time_format_utc(&t, iso);
            doc->published = strdup(iso);
        }
    }
}

/* Finds the line end at or after at: returns its offset; *next is where the next line
   starts. */
static size_t line_end(const char *p, size_t len, size_t at, size_t *next)
{
    size_t end = at;
    while (end < len && p[end] != '\n' && p[end] != '\r' && p[end] != ANPA_STX)
        end++;
    *next = end;
    if (*next < len && p[*next] == '\r')
        (*next)++;
    if (*next < len && p[*next] == '\n')
        (*next)++;
    return end;
}

/* Skips SYN/SOH, reads the header line; returns the offset where the text starts. */
static size_t read_envelope(wire_doc *doc, const char *p, size_t len)
{
    size_t at = 0;
    while (at < len && (p[at] == ANPA_SYN || p[at] == ANPA_SOH || isspace((unsigned char)p[at])))
        at++;
    size_t next;
    size_t end = line_end(p, len, at, &next);
    if (anpa_is_header_line(p + at, end - at)) {
        read_header(doc, p + at, end - at);
        at = next;
    }
    while (at < len && p[at] == ANPA_STX)
        at++;
    return at;
}

/* 1 when bytes after the end of the story hold another story. */
static int another_story_follows(const char *p, size_t len, size_t at)
{
    for (; at < len; at++)
        if (p[at] == ANPA_SOH || p[at] == ANPA_STX)
            return 1;
    return 0;
}

int wire_parse_anpa(const void *bytes, size_t len, wire_doc *doc, char *err, size_t errlen)
{
    const char *p = bytes;
    anpa_reader r = {.doc = doc};
    size_t at = read_envelope(doc, p, len);
    size_t text_end = at;
    while (text_end < len && p[text_end] != ANPA_ETX && p[text_end] != ANPA_EOT)
        text_end++;
    if (another_story_follows(p, len, text_end)) {
        snprintf(err, errlen,
                 "anpa: more than one story in one RawStory (telex-ingest splits "
                 "transmissions)");
        return -1;
    }
    while (at < text_end && !r.failed) {
        size_t next;
        size_t end = line_end(p, text_end, at, &next);
        read_line(&r, p + at, end - at);
        at = next > at ? next : end + 1;
    }
    para_flush(&r);
    if (r.failed) {
        snprintf(err, errlen, "anpa: out of memory");
        return -1;
    }
    read_trailer_time(doc);
    return 0;
}
