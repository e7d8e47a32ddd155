/*
 * RawStory to Story (see normalize.h): the steps in order, each in its own
 * function, over a wire_doc filled by the format's parser.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dateline.h"
#include "formats.h"
#include "normalize.h"
#include "text.h"
#include "wire_doc.h"
#include "wire_time.h"
#include "xml_text.h"

static int is_xml_format(const char *format)
{
    return strcmp(format, "nitf") == 0 || strcmp(format, "newsml") == 0 ||
           strcmp(format, "rss") == 0 || strcmp(format, "atom") == 0;
}

/* Checks the payload's encoding before parsing: UTF-8 for everything except XML that
   declares another encoding, which libxml2 converts. */
static int check_encoding(const char *format, const telex_raw_story *raw, char *err, size_t errlen)
{
    char reason[160];
    if (is_xml_format(format)) {
        char declared[64];
        xml_declared_encoding(raw->payload, raw->payload_len, declared, sizeof declared);
        if (declared[0] && strcasecmp(declared, "utf-8") != 0 &&
            strcasecmp(declared, "utf8") != 0 && strcasecmp(declared, "us-ascii") != 0)
            return 0;
    }
    if (text_check_utf8(raw->payload, raw->payload_len, reason, sizeof reason) != 0) {
        snprintf(err, errlen, "%s: %s", format, reason);
        return -1;
    }
    const uint8_t *nul = memchr(raw->payload, 0, raw->payload_len);
    if (nul) {
        snprintf(err, errlen, "%s: NUL byte at byte %zu", format, (size_t)(nul - raw->payload));
        return -1;
    }
    return 0;
}

/* Cleans every paragraph in place, dropping the ones left empty. */
static int clean_paragraphs(wire_doc *doc)
{
    size_t kept = 0;
    int rc = 0;
    for (size_t i = 0; i < doc->n_paragraphs; i++) {
        char *clean = rc == 0 ? text_clean_paragraph(doc->paragraphs[i]) : NULL;
        free(doc->paragraphs[i]);
        if (!clean) {
            rc = -1;
            continue;
        }
        if (*clean)
            doc->paragraphs[kept++] = clean;
        else
            free(clean);
    }
    doc->n_paragraphs = kept;
    return rc;
}

/* A field cleaned to one line; NULL stays NULL, and so does a field left empty. */
static int clean_field(char **field)
{
    if (!*field)
        return 0;
    char *clean = text_clean_paragraph(*field);
    char *line = clean ? text_join_lines(clean) : NULL;
    free(clean);
    free(*field);
    *field = NULL;
    if (!line)
        return -1;
    if (*line)
        *field = line;
    else
        free(line);
    return 0;
}

/* The story's time: the format's own, else the RawStory's. */
static int resolve_time(const wire_doc *doc, const telex_raw_story *raw, wire_time *t, char *err,
                        size_t errlen)
{
    if (doc->published && wire_time_parse(doc->published, t) == 0)
        return 0;
    if (raw->published_at && wire_time_parse(raw->published_at, t) == 0)
        return 0;
    if (raw->received_at && wire_time_parse(raw->received_at, t) == 0)
        return 0;
    snprintf(err, errlen,
             "no publication time: the item states none and the RawStory has no "
             "readable published_at or received_at");
    return -1;
}

/* The year of a dateline's month/day, from the publication's local date. */
static int dateline_year_for(const wire_time *published, int month, int day)
{
    int year, pub_month, pub_day;
    wire_time_local_ymd(published, &year, &pub_month, &pub_day);
    return dateline_year(year, pub_month, pub_day, month, day);
}

/* Takes the dateline off the first paragraph into the story. */
static int apply_dateline(wire_doc *doc, const wire_time *published, telex_story *story)
{
    dateline_match found;
    int rc = doc->n_paragraphs > 0 ? dateline_find(doc->paragraphs[0], doc->located, &found) : 0;
    if (rc < 0)
        return -1;
    if (rc == 1) {
        char *first = doc->paragraphs[0];
        memmove(first, first + found.consumed, strlen(first + found.consumed) + 1);
        story->dateline_place = found.place;
        if (found.month) {
            int year =
                found.year ? found.year : dateline_year_for(published, found.month, found.day);
            if (wire_date_valid(year, found.month, found.day)) {
                char date[16];
                snprintf(date, sizeof date, "%04d-%02d-%02d", year, found.month, found.day);
                story->dateline_date = strdup(date);
                if (!story->dateline_date)
                    return -1;
            }
        }
    } else if (doc->located) {
        story->dateline_place = strdup(doc->located);
        if (!story->dateline_place)
            return -1;
    }
    if (!story->dateline_date && doc->dateline_date) {
        story->dateline_date = strdup(doc->dateline_date);
        if (!story->dateline_date)
            return -1;
    }
    return 0;
}

/* Joins the paragraphs (lines as spaces) with "\n\n" and records their spans. */
static int build_text(const wire_doc *doc, telex_story *story)
{
    size_t total = 1;
    for (size_t i = 0; i < doc->n_paragraphs; i++)
        total += strlen(doc->paragraphs[i]) + 2;
    if (total > INT32_MAX)
        return -1;
    story->text = malloc(total);
    story->paragraphs =
        calloc(doc->n_paragraphs ? doc->n_paragraphs : 1, sizeof *story->paragraphs);
    if (!story->text || !story->paragraphs)
        return -1;
    size_t at = 0, n = 0;
    for (size_t i = 0; i < doc->n_paragraphs; i++) {
        size_t len = strlen(doc->paragraphs[i]);
        if (len == 0)
            continue;
        if (n > 0) {
            memcpy(story->text + at, "\n\n", 2);
            at += 2;
        }
        for (size_t k = 0; k < len; k++)
            story->text[at + k] = doc->paragraphs[i][k] == '\n' ? ' ' : doc->paragraphs[i][k];
        story->paragraphs[n].start = (int32_t)at;
        story->paragraphs[n].end = (int32_t)(at + len);
        at += len;
        n++;
    }
    story->text[at] = '\0';
    story->n_paragraphs = n;
    return 0;
}

static int set_id(const wire_doc *doc, const telex_raw_story *raw, telex_story *story)
{
    const char *id = doc->item_id ? doc->item_id : raw->item_id;
    char composed[1024];
    if (!id && raw->source_file) {
        snprintf(composed, sizeof composed, "%s:%s", raw->source ? raw->source : "file",
                 raw->source_file);
        id = composed;
    }
    if (!id)
        id = raw->key;
    if (!id) {
        snprintf(composed, sizeof composed, "sha256:%s", story->content_hash);
        id = composed;
    }
    story->id = strdup(id);
    return story->id ? 0 : -1;
}

static char *copy_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

char *normalize_language_tag(const char *tag)
{
    if (!tag)
        return NULL;
    char *out = strdup(tag);
    if (!out)
        return NULL;
    size_t subtag = 0, subtag_start = 0;
    for (size_t i = 0;; i++) {
        char c = out[i];
        if (c == '_')
            c = out[i] = '-';
        if (c == '-' || c == '\0') {
            size_t len = i - subtag_start;
            if (len == 0 || len > 8)
                goto err_free;
            for (size_t k = subtag_start; k < i; k++) {
                if (!isalnum((unsigned char)out[k]))
                    goto err_free;
                out[k] = (char)tolower((unsigned char)out[k]);
            }
            if (subtag > 0 && len == 2)
                out[subtag_start] = (char)toupper((unsigned char)out[subtag_start]),
                out[subtag_start + 1] = (char)toupper((unsigned char)out[subtag_start + 1]);
            if (subtag > 0 && len == 4)
                out[subtag_start] = (char)toupper((unsigned char)out[subtag_start]);
            if (c == '\0')
                break;
            subtag++;
            subtag_start = i + 1;
        }
    }
    return out;
err_free:
    free(out);
    return NULL;
}

/* 1 when word[0, len) is one of the commonest English words, in any case. */
static int is_common_english_word(const char *word, size_t len)
{
    static const struct {
        const char *text;
        size_t len;
    } english[] = {{"the", 3},  {"of", 2},   {"and", 3},  {"to", 2},  {"a", 1},
                   {"in", 2},   {"is", 2},   {"that", 4}, {"for", 3}, {"on", 2},
                   {"with", 4}, {"said", 4}, {"was", 3},  {"he", 2},  {"it", 2},
                   {"by", 2},   {"at", 2},   {"as", 2},   {"his", 3}, {"from", 4}};
    for (size_t i = 0; i < sizeof english / sizeof english[0]; i++)
        if (english[i].len == len && strncasecmp(word, english[i].text, len) == 0)
            return 1;
    return 0;
}

const char *normalize_guess_language(const char *text)
{
    size_t words = 0, hits = 0;
    const char *p = text;
    while (*p && words < 400) {
        while (*p && !isalpha((unsigned char)*p))
            p++;
        const char *start = p;
        while (isalpha((unsigned char)*p))
            p++;
        size_t len = (size_t)(p - start);
        if (len == 0)
            break;
        words++;
        if (len <= 4 && is_common_english_word(start, len))
            hits++;
    }
    return words >= 8 && hits * 100 >= words * 15 ? "en" : NULL;
}

/* Copies the stage-independent fields from raw and doc. */
static int fill_fields(const telex_raw_story *raw, const char *format, wire_doc *doc,
                       telex_story *story)
{
    if (clean_field(&doc->headline) != 0 || clean_field(&doc->byline) != 0 ||
        clean_field(&doc->located) != 0)
        return -1;
    story->source = copy_or_null(raw->source ? raw->source : "unknown");
    story->source_file = copy_or_null(raw->source_file);
    story->format = copy_or_null(format);
    story->headline = copy_or_null(doc->headline);
    story->byline = copy_or_null(doc->byline);
    story->language = normalize_language_tag(doc->language);
    if (!story->language && normalize_guess_language(story->text))
        story->language = strdup(normalize_guess_language(story->text));
    if (!story->source || !story->format || (raw->source_file && !story->source_file) ||
        (doc->headline && !story->headline) || (doc->byline && !story->byline))
        return -1;
    return 0;
}

static int record_format_removals(const wire_doc *doc, telex_story *story)
{
    for (size_t i = 0; i < doc->n_removed; i++) {
        char *clean = text_clean_paragraph(doc->removed_text[i]);
        int rc = clean ? boilerplate_record(&story->stripped, &story->n_stripped, clean,
                                            doc->removed_rule[i])
                       : -1;
        free(clean);
        if (rc != 0)
            return -1;
    }
    return 0;
}

/* Steps after parsing: clean, strip, dateline, time, text, hash, id. */
static int build_story(const telex_raw_story *raw, const char *format,
                       const normalize_options *options, wire_doc *doc, telex_story *story,
                       char *err, size_t errlen)
{
    wire_time published;
    char iso[21], hash[65];
    if (clean_paragraphs(doc) != 0 || record_format_removals(doc, story) != 0 ||
        boilerplate_apply(options->rules, doc->paragraphs, &doc->n_paragraphs, &story->stripped,
                          &story->n_stripped) != 0)
        goto err_oom;
    if (resolve_time(doc, raw, &published, err, errlen) != 0)
        return -1;
    if (apply_dateline(doc, &published, story) != 0 || build_text(doc, story) != 0)
        goto err_oom;
    if (story->n_paragraphs == 0) {
        snprintf(err, errlen, "%s: empty body", format);
        return -1;
    }
    wire_time_format_utc(&published, iso);
    story->published = strdup(iso);
    story->utc_offset_minutes = published.offset_minutes;
    if (!story->published || text_sha256_hex(story->text, strlen(story->text), hash) != 0)
        goto err_oom;
    story->content_hash = strdup(hash);
    story->version = doc->version > 0 ? doc->version : 1;
    if (!story->content_hash || set_id(doc, raw, story) != 0 ||
        fill_fields(raw, format, doc, story) != 0)
        goto err_oom;
    return 0;
err_oom:
    snprintf(err, errlen, "%s: out of memory", format);
    return -1;
}

/* A reason may quote input (a JSON "type", an XML element name): keep it on one line. */
static void one_line(char *err)
{
    for (char *p = err; *p; p++)
        if ((unsigned char)*p < 0x20)
            *p = ' ';
}

int normalize_story(const telex_raw_story *raw, const normalize_options *options,
                    telex_story *story, int32_t *format_version, char *err, size_t errlen)
{
    wire_doc doc = {0};
    const char *format = raw->format;
    int rc = -1;
    if (raw->payload_len > options->max_bytes) {
        snprintf(err, errlen, "payload of %zu bytes is over normalize.max.bytes (%zu)",
                 raw->payload_len, options->max_bytes);
        goto out;
    }
    if (!format || !*format || strcmp(format, "auto") == 0)
        format = wire_detect_format(raw->payload, raw->payload_len, raw->source_file, err, errlen);
    if (!format)
        goto out;
    if (!wire_format_known(format)) {
        snprintf(err, errlen,
                 "unknown format '%s' (expected text, nitf, newsml, anpa, rss, "
                 "atom or json)",
                 format);
        goto out;
    }
    if (check_encoding(format, raw, err, errlen) != 0)
        goto out;
    if (wire_parse(format, raw->payload, raw->payload_len, &doc, err, errlen) != 0)
        goto out;
    if (format_version)
        *format_version = doc.version;
    rc = build_story(raw, format, options, &doc, story, err, errlen);
out:
    if (rc != 0) {
        telex_story_clear(story);
        one_line(err);
    }
    wire_doc_clear(&doc);
    return rc;
}

/* Appends field and a separator to the digest input. */
static void digest_add(FILE *f, const char *field)
{
    if (field)
        fputs(field, f);
    fputc('\x1f', f);
}

int normalize_story_digest(const telex_story *story, char hex[65])
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        return -1;
    digest_add(f, story->headline);
    digest_add(f, story->byline);
    digest_add(f, story->dateline_place);
    digest_add(f, story->dateline_date);
    digest_add(f, story->text);
    int rc = fclose(f) == 0 ? text_sha256_hex(buf, len, hex) : -1;
    free(buf);
    return rc;
}
