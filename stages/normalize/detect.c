/*
 * Format detection and the parser dispatch (see formats.h). Detection looks at
 * content first: the root element of XML, the first character of JSON, the
 * control characters or header line of ANPA; the file extension only decides
 * between what content cannot tell apart (plain text and ANPA stripped of its
 * markers, say).
 */
#define _GNU_SOURCE /* memmem */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "formats.h"

static const char *const known_formats[] = {"text", "nitf", "newsml", "anpa",
                                            "rss",  "atom", "json",   NULL};

int wire_format_known(const char *name)
{
    for (size_t i = 0; name && known_formats[i]; i++)
        if (strcmp(name, known_formats[i]) == 0)
            return 1;
    return 0;
}

/* Skips a UTF-8 byte order mark and whitespace; returns the new offset. */
static size_t skip_bom_and_space(const char *p, size_t len, size_t at)
{
    if (at == 0 && len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
        at = 3;
    while (at < len && isspace((unsigned char)p[at]))
        at++;
    return at;
}

/* Skips "<?...?>", "<!--...-->" and "<!DOCTYPE ...>" (with an internal subset). */
static size_t skip_xml_prolog_item(const char *p, size_t len, size_t at)
{
    const char *end = NULL;
    if (len - at >= 4 && memcmp(p + at, "<!--", 4) == 0)
        end = memmem(p + at + 4, len - at - 4, "-->", 3);
    else if (len - at >= 2 && memcmp(p + at, "<?", 2) == 0)
        end = memmem(p + at + 2, len - at - 2, "?>", 2);
    else if (len - at >= 2 && memcmp(p + at, "<!", 2) == 0) {
        int depth = 0;
        for (size_t i = at + 2; i < len; i++) {
            if (p[i] == '[')
                depth++;
            else if (p[i] == ']')
                depth--;
            else if (p[i] == '>' && depth <= 0)
                return i + 1;
        }
        return len;
    } else {
        return at;
    }
    return end ? (size_t)(end - p) + (p[at + 1] == '?' ? 2 : 3) : len;
}

void wire_xml_root_name(const void *bytes, size_t len, char *buf, size_t buflen)
{
    const char *p = bytes;
    size_t at = skip_bom_and_space(p, len, 0);
    buf[0] = '\0';
    for (int guard = 0; guard < 64 && at < len && p[at] == '<'; guard++) {
        size_t next = skip_xml_prolog_item(p, len, at);
        if (next == at)
            break;
        at = skip_bom_and_space(p, len, next);
    }
    if (at >= len || p[at] != '<' || at + 1 >= len ||
        !(isalpha((unsigned char)p[at + 1]) || p[at + 1] == '_'))
        return;
    size_t start = ++at;
    /* ASCII name characters only, so the name can be quoted in a one-line reason */
    while (at < len && (isalnum((unsigned char)p[at]) || p[at] == ':' || p[at] == '-' ||
                        p[at] == '_' || p[at] == '.'))
        at++;
    const char *name = p + start;
    size_t n = at - start;
    const char *colon = memchr(name, ':', n);
    if (colon) {
        n -= (size_t)(colon + 1 - name);
        name = colon + 1;
    }
    if (n >= buflen)
        n = buflen - 1;
    memcpy(buf, name, n);
    buf[n] = '\0';
}

int anpa_is_header_line(const char *line, size_t len)
{
    /* service letter + 4-digit selector, priority letter, category letter, slug */
    if (len < 12 || !isalpha((unsigned char)line[0]))
        return 0;
    for (int i = 1; i <= 4; i++)
        if (!isdigit((unsigned char)line[i]))
            return 0;
    return line[5] == ' ' && isalpha((unsigned char)line[6]) && line[7] == ' ' &&
           isalpha((unsigned char)line[8]) && line[9] == ' ' && !isspace((unsigned char)line[10]);
}

static const char *format_of_root(const char *root)
{
    if (strcasecmp(root, "nitf") == 0)
        return "nitf";
    if (strcmp(root, "newsItem") == 0 || strcmp(root, "newsMessage") == 0)
        return "newsml";
    if (strcasecmp(root, "rss") == 0 || strcmp(root, "RDF") == 0)
        return "rss";
    if (strcmp(root, "feed") == 0 || strcmp(root, "entry") == 0)
        return "atom";
    return NULL;
}

static const char *format_of_extension(const char *file_name)
{
    static const struct {
        const char *ext;
        const char *format;
    } table[] = {{".anpa", "anpa"},  {".ap", "anpa"},     {".7901", "anpa"}, {".json", "json"},
                 {".jsonl", "json"}, {".ndjson", "json"}, {".nitf", "nitf"}, {".rss", "rss"},
                 {".atom", "atom"},  {".txt", "text"}};
    const char *dot = file_name ? strrchr(file_name, '.') : NULL;
    for (size_t i = 0; dot && i < sizeof table / sizeof table[0]; i++)
        if (strcasecmp(dot, table[i].ext) == 0)
            return table[i].format;
    return NULL;
}

const char *wire_detect_format(const void *bytes, size_t len, const char *file_name, char *err,
                               size_t errlen)
{
    const char *p = bytes;
    size_t at = skip_bom_and_space(p, len, 0);
    if (len > 0 && (p[0] == 0x16 || p[0] == 0x01))
        return "anpa";
    if (at < len && p[at] == '<') {
        char root[64];
        wire_xml_root_name(bytes, len, root, sizeof root);
        const char *format = format_of_root(root);
        if (format)
            return format;
        const char *by_name = format_of_extension(file_name);
        if (by_name && strcmp(by_name, "text") != 0)
            return by_name;
        snprintf(err, errlen,
                 "cannot tell the format: XML root element <%s> is none of nitf, "
                 "newsItem, rss, feed",
                 root);
        return NULL;
    }
    if (at < len && (p[at] == '{' || p[at] == '['))
        return "json";
    size_t line_end = at;
    while (line_end < len && p[line_end] != '\n' && p[line_end] != '\r')
        line_end++;
    if (anpa_is_header_line(p + at, line_end - at))
        return "anpa";
    const char *by_name = format_of_extension(file_name);
    return by_name ? by_name : "text";
}

int wire_parse(const char *format, const void *bytes, size_t len, wire_doc *doc, char *err,
               size_t errlen)
{
    static const struct {
        const char *name;
        int (*parse)(const void *, size_t, wire_doc *, char *, size_t);
    } parsers[] = {{"text", wire_parse_text},     {"anpa", wire_parse_anpa},
                   {"json", wire_parse_json},     {"nitf", wire_parse_nitf},
                   {"newsml", wire_parse_newsml}, {"rss", wire_parse_rss},
                   {"atom", wire_parse_atom}};
    for (size_t i = 0; format && i < sizeof parsers / sizeof parsers[0]; i++)
        if (strcmp(format, parsers[i].name) == 0)
            return parsers[i].parse(bytes, len, doc, err, errlen);
    snprintf(err, errlen,
             "unknown format '%s' (expected text, nitf, newsml, anpa, rss, atom "
             "or json)",
             format ? format : "");
    return -1;
}
