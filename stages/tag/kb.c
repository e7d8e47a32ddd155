/*
 * Loading the knowledge base: the TSV files of a KB folder into entities and
 * the gazetteer trie of kb.h.
 *
 * Every file is UTF-8, tab-separated, one record a line; lines starting with
 * '#' (source and attribution notes) and blank lines are skipped. Lists
 * inside a field are separated by '|'. A malformed line stops the load with
 * "PATH:LINE: reason". The files and their fields:
 *
 *   countries.tsv      code name aliases demonyms capitals context source
 *   persons.tsv        id name aliases short role country start end source
 *                      (one line per office; lines of one id are merged)
 *   organizations.tsv  id name aliases country source
 *   agreements.tsv     id name aliases country source
 *   places.tsv         id name aliases country source
 *   blocks.tsv         phrase source
 *   titles.tsv         title role source
 *   given_names.tsv    name source
 *
 * A short form written "~Moon" only counts after the full name in the same
 * story (it is also a common word).
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kb.h"
#include "tokens.h"

#define MAX_FIELDS 12

/* What is being read, for error messages. */
typedef struct kb_reader {
    const char *path;
    size_t line_no;
    char *err;
    size_t errlen;
    tag_tokens tokens; /* scratch for tokenizing forms */
} kb_reader;

static int line_error(kb_reader *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int line_error(kb_reader *r, const char *fmt, ...)
{
    char reason[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(reason, sizeof reason, fmt, ap);
    va_end(ap);
    snprintf(r->err, r->errlen, "%s:%zu: %s", r->path, r->line_no, reason);
    return -1;
}

const char *tag_type_name(tag_type type)
{
    static const char *const names[TAG_N_TYPES] = {"country", "person", "organization", "agreement",
                                                   "place"};
    return type < TAG_N_TYPES ? names[type] : "unknown";
}

static int grow(void **buf, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return 0;
    size_t next = *cap ? *cap : 64;
    while (next < need)
        next *= 2;
    void *grown = realloc(*buf, next * elem);
    if (!grown)
        return -1;
    *buf = grown;
    *cap = next;
    return 0;
}

/* ---- the trie ---- */

static uint32_t edge_slot_hash(uint32_t parent, uint32_t h)
{
    return h ^ (parent * 0x9E3779B1u);
}

uint32_t tag_gaz_child(const tag_kb *kb, uint32_t node, const char *tok, uint32_t h)
{
    if (kb->n_edge_slots == 0)
        return TAG_NONE;
    uint32_t bit = h % TAG_ROOT_FIRST_BITS;
    if (node == 0 && !(kb->root_first[bit / 64] >> (bit % 64) & 1))
        return TAG_NONE;
    size_t mask = kb->n_edge_slots - 1;
    for (size_t i = edge_slot_hash(node, h) & mask;; i = (i + 1) & mask) {
        const tag_gaz_edge *e = &kb->edges[i];
        if (e->child == TAG_NONE)
            return TAG_NONE;
        if (e->parent == node && e->hash == h && strcmp(kb->strings + e->token, tok) == 0)
            return e->child;
    }
}

static void edge_put(tag_gaz_edge *slots, size_t n_slots, const tag_gaz_edge *edge)
{
    size_t mask = n_slots - 1;
    size_t i = edge_slot_hash(edge->parent, edge->hash) & mask;
    while (slots[i].child != TAG_NONE)
        i = (i + 1) & mask;
    slots[i] = *edge;
}

static int edges_grow(tag_kb *kb)
{
    size_t n_slots = kb->n_edge_slots ? kb->n_edge_slots * 2 : 1024;
    tag_gaz_edge *slots = malloc(n_slots * sizeof *slots);
    if (!slots)
        return -1;
    for (size_t i = 0; i < n_slots; i++)
        slots[i].child = TAG_NONE;
    for (size_t i = 0; i < kb->n_edge_slots; i++)
        if (kb->edges[i].child != TAG_NONE)
            edge_put(slots, n_slots, &kb->edges[i]);
    free(kb->edges);
    kb->edges = slots;
    kb->n_edge_slots = n_slots;
    return 0;
}

static uint32_t node_new(tag_kb *kb)
{
    if (grow((void **)&kb->node_entries, &kb->cap_nodes, kb->n_nodes + 1,
             sizeof *kb->node_entries) != 0)
        return TAG_NONE;
    kb->node_entries[kb->n_nodes] = TAG_NONE;
    return (uint32_t)kb->n_nodes++;
}

/* The child of node along tok, made if missing; TAG_NONE when out of memory. */
static uint32_t node_child(tag_kb *kb, uint32_t node, const char *tok, uint32_t h)
{
    uint32_t child = tag_gaz_child(kb, node, tok, h);
    if (child != TAG_NONE)
        return child;
    if ((kb->n_edges + 1) * 2 > kb->n_edge_slots && edges_grow(kb) != 0)
        return TAG_NONE;
    size_t n = strlen(tok) + 1;
    if (grow((void **)&kb->strings, &kb->strings_cap, kb->strings_len + n, 1) != 0)
        return TAG_NONE;
    child = node_new(kb);
    if (child == TAG_NONE)
        return TAG_NONE;
    tag_gaz_edge edge = {
        .parent = node, .hash = h, .child = child, .token = (uint32_t)kb->strings_len};
    memcpy(kb->strings + kb->strings_len, tok, n);
    kb->strings_len += n;
    edge_put(kb->edges, kb->n_edge_slots, &edge);
    kb->n_edges++;
    if (node == 0) {
        uint32_t bit = h % TAG_ROOT_FIRST_BITS;
        kb->root_first[bit / 64] |= UINT64_C(1) << (bit % 64);
    }
    return child;
}

/* Adds form (as written in the KB) as a name of entity. */
static int gaz_add(tag_kb *kb, kb_reader *r, const char *form, uint32_t entity, uint32_t alt,
                   tag_form kind)
{
    if (tag_tokenize(form, strlen(form), &r->tokens) != 0)
        return line_error(r, "out of memory");
    const tag_tokens *t = &r->tokens;
    if (t->n == 0 || t->v[0].kind != TAG_TOK_WORD)
        return line_error(r, "name \"%s\" does not start with a word", form);
    if (t->n > 32)
        return line_error(r, "name \"%s\" has more than 32 tokens", form);
    tag_gaz_entry entry = {.entity = entity, .alt = alt, .form = (uint8_t)kind};
    if (kind == TAG_FORM_CONTEXT && strcmp(tag_token_fold(t, 0), "the") == 0)
        entry.skip = 1;
    if (entry.skip >= t->n)
        return line_error(r, "name \"%s\" has nothing after \"the\"", form);
    uint32_t node = 0;
    for (size_t k = 0; k < t->n; k++) {
        if (t->v[k].capitalized)
            entry.cap_mask |= 1u << k;
        if (t->v[k].all_caps)
            entry.allcaps_mask |= 1u << k;
        node = node_child(kb, node, tag_token_fold(t, k), t->v[k].hash);
        if (node == TAG_NONE)
            return line_error(r, "out of memory");
    }
    if (grow((void **)&kb->entries, &kb->cap_entries, kb->n_entries + 1, sizeof *kb->entries))
        return line_error(r, "out of memory");
    /* append at the end of the node's list, so earlier lines win ties */
    entry.next = TAG_NONE;
    uint32_t idx = (uint32_t)kb->n_entries;
    kb->entries[kb->n_entries++] = entry;
    uint32_t *link = &kb->node_entries[node];
    while (*link != TAG_NONE)
        link = &kb->entries[*link].next;
    *link = idx;
    return 0;
}

/* Adds every '|'-separated form of list. */
static int gaz_add_list(tag_kb *kb, kb_reader *r, char *list, uint32_t entity, uint32_t alt,
                        tag_form kind)
{
    char *save = NULL;
    for (char *item = strtok_r(list, "|", &save); item; item = strtok_r(NULL, "|", &save)) {
        while (*item == ' ')
            item++;
        size_t n = strlen(item);
        while (n > 0 && item[n - 1] == ' ')
            item[--n] = '\0';
        if (n == 0)
            continue;
        tag_form this_kind = kind;
        if (kind == TAG_FORM_SHORT && item[0] == '~') {
            this_kind = TAG_FORM_SHORT_SEEN;
            item++;
        }
        if (gaz_add(kb, r, item, entity, alt, this_kind) != 0)
            return -1;
    }
    return 0;
}

/* ---- entities ---- */

uint32_t tag_kb_find(const tag_kb *kb, const char *id)
{
    if (kb->n_id_slots == 0)
        return TAG_NONE;
    size_t mask = kb->n_id_slots - 1;
    for (size_t i = tag_hash(id, strlen(id)) & mask;; i = (i + 1) & mask) {
        uint32_t e = kb->id_slots[i];
        if (e == TAG_NONE || strcmp(kb->entities[e].id, id) == 0)
            return e;
    }
}

static void id_put(uint32_t *slots, size_t n_slots, const tag_kb_entity *entities, uint32_t e)
{
    size_t mask = n_slots - 1;
    size_t i = tag_hash(entities[e].id, strlen(entities[e].id)) & mask;
    while (slots[i] != TAG_NONE)
        i = (i + 1) & mask;
    slots[i] = e;
}

/* Indexes entity e by its id, growing the table to stay at most half full.
   Returns 0, or -1 out of memory. */
static int id_index(tag_kb *kb, uint32_t e)
{
    if ((kb->n_entities + 1) * 2 > kb->n_id_slots) {
        size_t n_slots = kb->n_id_slots ? kb->n_id_slots * 2 : 1024;
        uint32_t *slots = malloc(n_slots * sizeof *slots);
        if (!slots)
            return -1;
        for (size_t i = 0; i < n_slots; i++)
            slots[i] = TAG_NONE;
        for (uint32_t i = 0; i < e; i++)
            id_put(slots, n_slots, kb->entities, i);
        free(kb->id_slots);
        kb->id_slots = slots;
        kb->n_id_slots = n_slots;
    }
    id_put(kb->id_slots, kb->n_id_slots, kb->entities, e);
    return 0;
}

const tag_term *tag_kb_term_at(const tag_kb_entity *e, const char *date)
{
    for (size_t i = 0; i < e->n_terms; i++) {
        const tag_term *t = &e->terms[i];
        if (t->role && strcmp(t->start, date) <= 0 && (!t->end[0] || strcmp(date, t->end) <= 0))
            return t;
    }
    return NULL;
}

size_t tag_kb_count(const tag_kb *kb, const char *type)
{
    size_t n = 0;
    for (size_t i = 0; i < kb->n_entities; i++)
        if (strcmp(tag_type_name(kb->entities[i].type), type) == 0)
            n++;
    return n;
}

static uint32_t entity_add(tag_kb *kb, kb_reader *r, tag_type type, const char *id,
                           const char *name, const char *code, const char *country)
{
    if (grow((void **)&kb->entities, &kb->cap_entities, kb->n_entities + 1, sizeof *kb->entities) !=
        0) {
        line_error(r, "out of memory");
        return TAG_NONE;
    }
    tag_kb_entity *e = &kb->entities[kb->n_entities];
    memset(e, 0, sizeof *e);
    e->type = type;
    e->id = strdup(id);
    e->name = strdup(name);
    e->code = code && *code ? strdup(code) : NULL;
    e->country = country && *country ? strdup(country) : NULL;
    kb->n_entities++;
    if (!e->id || !e->name || (code && *code && !e->code) || (country && *country && !e->country) ||
        id_index(kb, (uint32_t)(kb->n_entities - 1)) != 0) {
        line_error(r, "out of memory");
        return TAG_NONE;
    }
    return (uint32_t)(kb->n_entities - 1);
}

/* Lower-case ASCII slug of a name: "Buenos Aires" -> "buenos-aires". */
static void slugify(const char *name, char *out, size_t outlen)
{
    size_t n = 0;
    bool dash = false;
    for (const char *p = name; *p && n + 2 < outlen; p++) {
        if (isalnum((unsigned char)*p) || ((unsigned char)*p & 0x80)) {
            if (dash && n > 0)
                out[n++] = '-';
            out[n++] = (char)tolower((unsigned char)*p);
            dash = false;
        } else {
            dash = true;
        }
    }
    out[n] = '\0';
}

/* ---- field checks ---- */

static bool is_country_code(const char *s)
{
    return strlen(s) == 2 && isupper((unsigned char)s[0]) && isupper((unsigned char)s[1]);
}

static bool is_iso_date(const char *s)
{
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && !isdigit((unsigned char)s[i]))
            return false;
    int month = (s[5] - '0') * 10 + (s[6] - '0');
    int day = (s[8] - '0') * 10 + (s[9] - '0');
    return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

static bool has_prefix(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0 && s[strlen(prefix)] != '\0';
}

/* ---- one file a kind ---- */

typedef int (*line_fn)(tag_kb *kb, kb_reader *r, char **f);

static int read_country(tag_kb *kb, kb_reader *r, char **f)
{
    if (!is_country_code(f[0]))
        return line_error(r, "country code \"%s\" is not two capital letters", f[0]);
    if (!f[1][0])
        return line_error(r, "empty country name");
    char id[32];
    snprintf(id, sizeof id, "country:%s", f[0]);
    if (tag_kb_find(kb, id) != TAG_NONE)
        return line_error(r, "duplicate country %s", f[0]);
    uint32_t e = entity_add(kb, r, TAG_COUNTRY, id, f[1], f[0], NULL);
    if (e == TAG_NONE)
        return -1;
    if (gaz_add(kb, r, f[1], e, TAG_NONE, TAG_FORM_NAME) != 0 ||
        gaz_add_list(kb, r, f[2], e, TAG_NONE, TAG_FORM_NAME) != 0 ||
        gaz_add_list(kb, r, f[3], e, TAG_NONE, TAG_FORM_DEMONYM) != 0 ||
        gaz_add_list(kb, r, f[5], e, TAG_NONE, TAG_FORM_CONTEXT) != 0)
        return -1;
    /* each capital is also a place, used when the text means the city */
    char *save = NULL;
    for (char *cap = strtok_r(f[4], "|", &save); cap; cap = strtok_r(NULL, "|", &save)) {
        if (!*cap)
            continue;
        char slug[128], place_id[160];
        slugify(cap, slug, sizeof slug);
        snprintf(place_id, sizeof place_id, "place:%s", slug);
        uint32_t place = tag_kb_find(kb, place_id);
        if (place == TAG_NONE)
            place = entity_add(kb, r, TAG_PLACE, place_id, cap, NULL, f[0]);
        if (place == TAG_NONE || gaz_add(kb, r, cap, e, place, TAG_FORM_CAPITAL) != 0)
            return -1;
    }
    return 0;
}

static int check_term(kb_reader *r, char **f)
{
    if (f[5][0] && !is_country_code(f[5]))
        return line_error(r, "country \"%s\" is not an ISO alpha-2 code", f[5]);
    if (f[6][0] && !is_iso_date(f[6]))
        return line_error(r, "start \"%s\" is not a YYYY-MM-DD date", f[6]);
    if (f[7][0] && !is_iso_date(f[7]))
        return line_error(r, "end \"%s\" is not a YYYY-MM-DD date", f[7]);
    if (f[4][0] && !f[6][0])
        return line_error(r, "role \"%s\" has no start date", f[4]);
    if (f[6][0] && f[7][0] && strcmp(f[6], f[7]) > 0)
        return line_error(r, "term ends (%s) before it starts (%s)", f[7], f[6]);
    return 0;
}

static int read_person(tag_kb *kb, kb_reader *r, char **f)
{
    if (!has_prefix(f[0], "person:"))
        return line_error(r, "person id \"%s\" does not start with \"person:\"", f[0]);
    if (!f[1][0])
        return line_error(r, "empty person name");
    if (check_term(r, f) != 0)
        return -1;
    uint32_t e = tag_kb_find(kb, f[0]);
    if (e == TAG_NONE) {
        e = entity_add(kb, r, TAG_PERSON, f[0], f[1], NULL, f[5]);
        if (e == TAG_NONE || gaz_add(kb, r, f[1], e, TAG_NONE, TAG_FORM_NAME) != 0)
            return -1;
    } else if (strcmp(kb->entities[e].name, f[1]) != 0) {
        return line_error(r, "person %s was named \"%s\" before, now \"%s\"", f[0],
                          kb->entities[e].name, f[1]);
    }
    if (gaz_add_list(kb, r, f[2], e, TAG_NONE, TAG_FORM_NAME) != 0 ||
        gaz_add_list(kb, r, f[3], e, TAG_NONE, TAG_FORM_SHORT) != 0)
        return -1;
    if (!f[4][0])
        return 0;
    tag_kb_entity *p = &kb->entities[e];
    tag_term *terms = realloc(p->terms, (p->n_terms + 1) * sizeof *terms);
    if (!terms)
        return line_error(r, "out of memory");
    p->terms = terms;
    tag_term *t = &terms[p->n_terms++];
    memset(t, 0, sizeof *t);
    t->role = strdup(f[4]);
    t->country = f[5][0] ? strdup(f[5]) : NULL;
    snprintf(t->start, sizeof t->start, "%s", f[6]);
    snprintf(t->end, sizeof t->end, "%s", f[7]);
    if (!t->role || (f[5][0] && !t->country))
        return line_error(r, "out of memory");
    return 0;
}

static int read_named(tag_kb *kb, kb_reader *r, char **f, tag_type type)
{
    char prefix[32];
    snprintf(prefix, sizeof prefix, "%s:", tag_type_name(type));
    if (!has_prefix(f[0], prefix))
        return line_error(r, "id \"%s\" does not start with \"%s\"", f[0], prefix);
    if (!f[1][0])
        return line_error(r, "empty name");
    if (f[3][0] && !is_country_code(f[3]))
        return line_error(r, "country \"%s\" is not an ISO alpha-2 code", f[3]);
    uint32_t e = tag_kb_find(kb, f[0]);
    if (e != TAG_NONE && type != TAG_PLACE)
        return line_error(r, "duplicate id %s", f[0]);
    if (e == TAG_NONE)
        e = entity_add(kb, r, type, f[0], f[1], NULL, f[3]);
    if (e == TAG_NONE)
        return -1;
    if (gaz_add(kb, r, f[1], e, TAG_NONE, TAG_FORM_NAME) != 0 ||
        gaz_add_list(kb, r, f[2], e, TAG_NONE, TAG_FORM_NAME) != 0)
        return -1;
    return 0;
}

static int read_organization(tag_kb *kb, kb_reader *r, char **f)
{
    return read_named(kb, r, f, TAG_ORGANIZATION);
}

static int read_agreement(tag_kb *kb, kb_reader *r, char **f)
{
    return read_named(kb, r, f, TAG_AGREEMENT);
}

static int read_place(tag_kb *kb, kb_reader *r, char **f)
{
    return read_named(kb, r, f, TAG_PLACE);
}

static int read_block(tag_kb *kb, kb_reader *r, char **f)
{
    if (!f[0][0])
        return line_error(r, "empty phrase");
    return gaz_add(kb, r, f[0], TAG_NONE, TAG_NONE, TAG_FORM_BLOCK);
}

static int read_given_name(tag_kb *kb, kb_reader *r, char **f)
{
    if (!f[0][0] || strchr(f[0], ' '))
        return line_error(r, "given name \"%s\" must be one word", f[0]);
    return gaz_add(kb, r, f[0], TAG_NONE, TAG_NONE, TAG_FORM_GIVEN);
}

static int read_title(tag_kb *kb, kb_reader *r, char **f)
{
    if (!f[0][0] || !f[1][0])
        return line_error(r, "empty title or role");
    for (const char *p = f[0]; *p; p++)
        if (!isalpha((unsigned char)*p) && *p != ' ' && *p != '-' && *p != '.')
            return line_error(r, "title \"%s\" may hold only letters, spaces, '-' and '.'", f[0]);
    tag_title *titles = realloc(kb->titles, (kb->n_titles + 1) * sizeof *titles);
    if (!titles)
        return line_error(r, "out of memory");
    kb->titles = titles;
    tag_title *t = &titles[kb->n_titles++];
    memset(t, 0, sizeof *t);
    t->title = strdup(f[0]);
    t->role = strdup(f[1]);
    if (!t->title || !t->role)
        return line_error(r, "out of memory");
    return 0;
}

/* Splits line at tabs into f; returns the number of fields. */
static size_t split_fields(char *line, char **f, size_t max)
{
    size_t n = 0;
    char *p = line;
    for (;;) {
        char *tab = strchr(p, '\t');
        if (n < max)
            f[n] = p;
        n++;
        if (!tab)
            break;
        *tab = '\0';
        p = tab + 1;
    }
    return n;
}

static int read_file(tag_kb *kb, kb_reader *r, const char *dir, const char *name, size_t n_fields,
                     line_fn fn)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    r->path = path;
    r->line_no = 0;
    FILE *in = fopen(path, "r");
    if (!in) {
        snprintf(r->err, r->errlen, "cannot open %s: %s", path, strerror(errno));
        return -1;
    }
    int rc = 0;
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    while (rc == 0 && (len = getline(&line, &cap, in)) >= 0) {
        r->line_no++;
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        if (len == 0 || line[0] == '#')
            continue;
        char *f[MAX_FIELDS];
        size_t n = split_fields(line, f, MAX_FIELDS);
        if (n != n_fields)
            rc = line_error(r, "expected %zu fields, got %zu", n_fields, n);
        else
            rc = fn(kb, r, f);
    }
    free(line);
    fclose(in);
    return rc;
}

int tag_kb_load(const char *dir, tag_kb **out, char *err, size_t errlen)
{
    static const struct {
        const char *name;
        size_t n_fields;
        line_fn fn;
    } files[] = {
        {"countries.tsv", 7, read_country},
        {"persons.tsv", 9, read_person},
        {"organizations.tsv", 5, read_organization},
        {"agreements.tsv", 5, read_agreement},
        {"places.tsv", 5, read_place},
        {"blocks.tsv", 2, read_block},
        {"titles.tsv", 3, read_title},
        {"given_names.tsv", 2, read_given_name},
    };
    *out = NULL;
    tag_kb *kb = calloc(1, sizeof *kb);
    kb_reader r = {.err = err, .errlen = errlen};
    if (!kb || node_new(kb) != 0) {
        snprintf(err, errlen, "out of memory loading the KB");
        goto err_free_kb;
    }
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++)
        if (read_file(kb, &r, dir, files[i].name, files[i].n_fields, files[i].fn) != 0)
            goto err_free_kb;
    if (tag_titles_compile(kb, err, errlen) != 0)
        goto err_free_kb;
    if (tag_entities_index_words(kb) != 0) {
        snprintf(err, errlen, "the entity tagger's word lists do not fit %d slots", TAG_WORD_SLOTS);
        goto err_free_kb;
    }
    tag_tokens_free(&r.tokens);
    *out = kb;
    return 0;

err_free_kb:
    tag_tokens_free(&r.tokens);
    tag_kb_free(kb);
    return -1;
}

void tag_kb_free(tag_kb *kb)
{
    if (!kb)
        return;
    for (size_t i = 0; i < kb->n_entities; i++) {
        tag_kb_entity *e = &kb->entities[i];
        free(e->id);
        free(e->name);
        free(e->code);
        free(e->country);
        for (size_t k = 0; k < e->n_terms; k++) {
            free(e->terms[k].role);
            free(e->terms[k].country);
        }
        free(e->terms);
    }
    free(kb->entities);
    free(kb->id_slots);
    free(kb->node_entries);
    free(kb->entries);
    free(kb->edges);
    free(kb->strings);
    for (size_t i = 0; i < kb->n_titles; i++) {
        free(kb->titles[i].title);
        free(kb->titles[i].role);
        tag_tokens_free(&kb->titles[i].tokens);
    }
    free(kb->titles);
    pcre2_code_free(kb->title_re);
    pcre2_code_free(kb->appositive_re);
    free(kb);
}
