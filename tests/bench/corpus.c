/*
 * The benchmark corpus generator (see corpus.h): samples in, any number of
 * distinct stories out, through the rewrites of corpus_text.h.
 *
 * What is format-specific is data in format_rules[]: the delimiter that cuts
 * a payload into paragraphs and the markers of the item ids each format
 * carries. Names to swap are data in person_names[]: real leaders (so the
 * tagger finds them and looks up their offices) and made-up names (so it also
 * meets unknown people).
 */
#include "corpus.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corpus_text.h"

enum { MAX_MARKERS = 3, MAX_TEMPLATES = 64 };

typedef struct format_rule {
    const char *format;
    const char *paragraph_delim;
    corpus_id_marker ids[MAX_MARKERS];
} format_rule;

static const format_rule format_rules[] = {
    {"text", "\n\n", {{0}}},
    {"nitf", "</p>", {{"id-string=\"", "\""}, {"<du-key key=\"", "\""}}},
    {"newsml", "</p>", {{" guid=\"", "\""}}},
    {"rss", "</p>", {{"<guid", "<"}}},
    {"atom", "</p>", {{"<id>", "<"}}},
    {"json", "\\n\\n", {{"\"uri\": \"", "\""}, {"\"guid\": \"", "\""}}},
    {"anpa", "\n\t", {{"BC-", " ,<\r\n"}}},
};

/* A person's full name and the short form a story uses after the first mention. */
typedef struct person_name {
    const char *full;
    const char *short_form;
} person_name;

static const person_name person_names[] = {
    {"Donald Trump", "Trump"},
    {"Shinzo Abe", "Abe"},
    {"Xi Jinping", "Xi"},
    {"Vladimir Putin", "Putin"},
    {"Angela Merkel", "Merkel"},
    {"Moon Jae-in", "Moon"},
    {"Kim Jong Un", "Kim"},
    {"Barack Obama", "Obama"},
    {"Emmanuel Macron", "Macron"},
    {"Justin Trudeau", "Trudeau"},
    {"Narendra Modi", "Modi"},
    {"Recep Tayyip Erdogan", "Erdogan"},
    {"Sauli Niinisto", "Niinisto"},
    {"Andrzej Duda", "Duda"},
    {"Rex Tillerson", "Tillerson"},
    {"Sergei Lavrov", "Lavrov"},
    {"Yoshihide Suga", "Suga"},
    {"Hillary Clinton", "Clinton"},
    {"Jacinda Ardern", "Ardern"},
    {"Malcolm Turnbull", "Turnbull"},
    {"Benjamin Netanyahu", "Netanyahu"},
    {"Rodrigo Duterte", "Duterte"},
    {"Joko Widodo", "Widodo"},
    {"Cyril Ramaphosa", "Ramaphosa"},
    {"Mauricio Macri", "Macri"},
    {"Lee Hsien Loong", "Lee"},
    {"Anna Lindqvist", "Lindqvist"},
    {"Tomas Okafor", "Okafor"},
    {"Marta Kowalczyk", "Kowalczyk"},
    {"Rafael Quintero", "Quintero"},
};
#define N_PERSON_NAMES (sizeof person_names / sizeof person_names[0])

/* Length factors in halves: a middle paragraph is kept (factor + coin) / 2 times. */
static const unsigned length_halves[] = {1, 2, 2, 3, 4, 6};

typedef struct corpus_template {
    char *name;
    char *format;
    char *published; /* NULL when the manifest gives none */
    char *bytes;
    size_t len;
    const format_rule *rule;
    size_t names[N_PERSON_NAMES]; /* indexes into person_names of the people it names */
    size_t n_names;
    size_t n_pieces;
} corpus_template;

struct corpus {
    corpus_template templates[MAX_TEMPLATES];
    size_t n_templates;
};

static const format_rule *rule_for(const char *format)
{
    for (size_t k = 0; k < sizeof format_rules / sizeof format_rules[0]; k++)
        if (strcmp(format_rules[k].format, format) == 0)
            return &format_rules[k];
    return NULL;
}

/* Reads all of path into a NUL-terminated heap buffer. */
static int read_file(const char *path, char **bytes, size_t *len, char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t cap = 0, n = 0;

    if (!f) {
        snprintf(err, errlen, "%.300s: %s", path, strerror(errno));
        return -1;
    }
    for (;;) {
        if (n + 4096 + 1 > cap) {
            char *grown = realloc(buf, cap = 2 * cap + 8192);
            if (!grown)
                goto err_close;
            buf = grown;
        }
        size_t got = fread(buf + n, 1, cap - n - 1, f);
        n += got;
        if (got == 0)
            break;
    }
    if (ferror(f))
        goto err_close;
    fclose(f);
    buf[n] = '\0';
    *bytes = buf;
    *len = n;
    return 0;

err_close:
    snprintf(err, errlen, "%.300s: cannot read the file", path);
    free(buf);
    fclose(f);
    return -1;
}

/* Notes which people of person_names the template names in full. */
static void find_names(corpus_template *t)
{
    t->n_names = 0;
    for (size_t k = 0; k < N_PERSON_NAMES; k++)
        if (strstr(t->bytes, person_names[k].full))
            t->names[t->n_names++] = k;
}

/* Parses one manifest line "NAME<TAB>FORMAT[<TAB>PUBLISHED]" and loads the file it names. */
static int load_template(const char *dir, char *line, corpus_template *t, char *err, size_t errlen)
{
    char *name = strtok(line, "\t\r\n");
    char *format = strtok(NULL, "\t\r\n");
    char *published = strtok(NULL, "\t\r\n");
    char path[4096];

    if (!name || !format) {
        snprintf(err, errlen, "want NAME<TAB>FORMAT[<TAB>PUBLISHED]");
        return -1;
    }
    t->rule = rule_for(format);
    if (!t->rule) {
        snprintf(err, errlen, "unknown format \"%s\"", format);
        return -1;
    }
    t->name = strdup(name);
    t->format = strdup(format);
    t->published = published ? strdup(published) : NULL;
    if (!t->name || !t->format || (published && !t->published)) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    snprintf(path, sizeof path, "%s/%s", dir, name);
    if (read_file(path, &t->bytes, &t->len, err, errlen) != 0)
        return -1;
    find_names(t);
    t->n_pieces = corpus_count_pieces(t->bytes, t->len, t->rule->paragraph_delim);
    return 0;
}

int corpus_load(const char *samples_dir, corpus **out, char *err, size_t errlen)
{
    char path[4096];
    char line[1024];
    char reason[512];
    int line_no = 0;
    corpus *c = calloc(1, sizeof *c);

    if (!c) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    snprintf(path, sizeof path, "%s/manifest.tsv", samples_dir);
    FILE *manifest = fopen(path, "r");
    if (!manifest) {
        snprintf(err, errlen, "%.300s: %s", path, strerror(errno));
        goto err_free_corpus;
    }
    while (fgets(line, sizeof line, manifest)) {
        line_no++;
        if (line[0] == '#' || line[0] == '\n')
            continue;
        if (c->n_templates == MAX_TEMPLATES) {
            snprintf(err, errlen, "%.300s: more than %d samples", path, MAX_TEMPLATES);
            goto err_close_manifest;
        }
        if (load_template(samples_dir, line, &c->templates[c->n_templates++], reason,
                          sizeof reason) != 0) {
            snprintf(err, errlen, "%.300s:%d: %.300s", path, line_no, reason);
            goto err_close_manifest;
        }
    }
    fclose(manifest);
    if (c->n_templates == 0) {
        snprintf(err, errlen, "%.300s: names no samples", path);
        goto err_free_corpus;
    }
    *out = c;
    return 0;

err_close_manifest:
    fclose(manifest);
err_free_corpus:
    corpus_free(c);
    return -1;
}

void corpus_free(corpus *c)
{
    if (!c)
        return;
    for (size_t k = 0; k < c->n_templates; k++) {
        free(c->templates[k].name);
        free(c->templates[k].format);
        free(c->templates[k].published);
        free(c->templates[k].bytes);
    }
    free(c);
}

size_t corpus_template_count(const corpus *c)
{
    return c->n_templates;
}

/*
 * Keeps at least two middle paragraphs (when there are two), so a short story
 * never loses its whole body: they are taken from a random one on, cyclically.
 */
static void keep_two_middle(const corpus_template *t, uint64_t *rng, unsigned *copies)
{
    size_t n_middle = t->n_pieces > 2 ? t->n_pieces - 2 : 0;
    size_t want = n_middle < 2 ? n_middle : 2, kept = 0;

    for (size_t k = 1; k <= n_middle; k++)
        kept += copies[k] > 0;
    size_t start = n_middle ? corpus_rng_below(rng, (uint32_t)n_middle) : 0;
    for (size_t step = 0; step < n_middle && kept < want; step++) {
        size_t k = 1 + (start + step) % n_middle;
        if (copies[k] == 0) {
            copies[k] = 1;
            kept++;
        }
    }
}

/* Keeps the first and last paragraph, and each middle one 0 to 3 times (at least two). */
static int vary_length(const corpus_template *t, uint64_t *rng, const char *in, size_t len,
                       telex_buf *out)
{
    unsigned *copies = malloc(t->n_pieces * sizeof *copies);
    unsigned halves =
        length_halves[corpus_rng_below(rng, sizeof length_halves / sizeof length_halves[0])];

    if (!copies)
        return -1;
    for (size_t k = 0; k < t->n_pieces; k++) {
        int middle = k > 0 && k + 1 < t->n_pieces;
        copies[k] = middle ? (halves + corpus_rng_below(rng, 2)) / 2 : 1;
    }
    keep_two_middle(t, rng, copies);
    int rc = corpus_join_pieces(in, len, t->rule->paragraph_delim, copies, out);
    free(copies);
    return rc;
}

/* Swaps every person the template names for one drawn from person_names. */
static int swap_names(const corpus_template *t, uint64_t *rng, const char *in, size_t len,
                      telex_buf *out)
{
    corpus_subst subs[2 * N_PERSON_NAMES];

    for (size_t k = 0; k < t->n_names; k++) {
        const person_name *from = &person_names[t->names[k]];
        const person_name *to = &person_names[corpus_rng_below(rng, N_PERSON_NAMES)];
        subs[k] = (corpus_subst){from->full, to->full};
        subs[t->n_names + k] = (corpus_subst){from->short_form, to->short_form};
    }
    return corpus_substitute(in, len, subs, 2 * t->n_names, out);
}

/* How many id markers the rule has (its table ends at the first empty one). */
static size_t count_markers(const format_rule *rule)
{
    size_t n = 0;
    while (n < MAX_MARKERS && rule->ids[n].marker)
        n++;
    return n;
}

/* Moves the buffer's content into *from for the next step, emptying *to. */
static void swap_buffers(telex_buf *from, telex_buf *to)
{
    telex_buf tmp = *from;
    *from = *to;
    *to = tmp;
    telex_buf_reset(to);
}

int corpus_story_make(const corpus *c, uint64_t seed, uint64_t index, corpus_story *story,
                      char *err, size_t errlen)
{
    const corpus_template *t = &c->templates[index % c->n_templates];
    uint64_t rng = seed ^ (index * 0xd1342543de82ef95ULL);
    telex_buf a = {0}, b = {0};
    char suffix[32];
    int year_shift = (int)corpus_rng_below(&rng, 8) - 4;
    int month_shift = (int)corpus_rng_below(&rng, 12);
    int day_shift = (int)corpus_rng_below(&rng, 28);

    snprintf(suffix, sizeof suffix, "-b%07llu", (unsigned long long)index);
    snprintf(story->file_name, sizeof story->file_name, "b%07llu-%s", (unsigned long long)index,
             t->name);
    story->format = t->format;
    if (vary_length(t, &rng, t->bytes, t->len, &a) != 0 ||
        swap_names(t, &rng, a.data, a.len, &b) != 0)
        goto err_nomem;
    swap_buffers(&a, &b);
    if (corpus_shift_months(a.data, a.len, month_shift, day_shift, &b) != 0)
        goto err_nomem;
    swap_buffers(&a, &b);
    if (corpus_shift_years(a.data, a.len, year_shift, 1990, 2029, &b) != 0)
        goto err_nomem;
    swap_buffers(&a, &b);
    if (corpus_suffix_ids(a.data, a.len, t->rule->ids, count_markers(t->rule), suffix, &b) != 0)
        goto err_nomem;
    if (t->published) {
        telex_buf when = {0};
        if (corpus_shift_years(t->published, strlen(t->published), year_shift, 1990, 2029, &when) !=
                0 ||
            telex_buf_append(&when, "", 1) != 0) {
            telex_buf_free(&when);
            goto err_nomem;
        }
        story->published_at = when.data;
    }
    story->payload = b;
    telex_buf_free(&a);
    return 0;

err_nomem:
    telex_buf_free(&a);
    telex_buf_free(&b);
    snprintf(err, errlen, "out of memory building story %llu", (unsigned long long)index);
    return -1;
}

void corpus_story_clear(corpus_story *story)
{
    free(story->published_at);
    telex_buf_free(&story->payload);
    memset(story, 0, sizeof *story);
}

int corpus_story_to_raw(const corpus_story *story, telex_raw_story *raw)
{
    size_t key_len = strlen("bench:") + strlen(story->file_name) + 1;

    raw->payload = malloc(story->payload.len ? story->payload.len : 1);
    raw->key = malloc(key_len);
    raw->format = strdup(story->format);
    raw->source = strdup("bench");
    raw->source_file = strdup(story->file_name);
    raw->received_at = strdup("2020-01-01T00:00:00Z");
    raw->published_at = story->published_at ? strdup(story->published_at) : NULL;
    if (!raw->payload || !raw->key || !raw->format || !raw->source || !raw->source_file ||
        !raw->received_at || (story->published_at && !raw->published_at)) {
        telex_raw_story_clear(raw);
        return -1;
    }
    memcpy(raw->payload, story->payload.data, story->payload.len);
    raw->payload_len = story->payload.len;
    snprintf(raw->key, key_len, "bench:%s", story->file_name);
    return 0;
}
