/*
 * tag-speed: how fast the entity tagger and its parts run, in MB of story
 * text per second on one core.
 *
 * Reads stories as JSON lines on stdin (the tag-json input: "text" and
 * "published"; the output of telex-tag --json works too), repeats them in
 * memory until they make --mb megabytes, and times one part over them:
 *
 *   entities  tag_entities_find(), the whole entity tagger (default)
 *   tokens    the tokenizer alone
 *   titles    the title + name finder alone
 *   trie      tokenizer + the gazetteer trie's longest match at every word
 *   regex     the gazetteer as chunked PCRE2 alternations (--chunk names
 *             each, JIT, caseless), every chunk run over the whole text
 *
 * "trie" and "regex" answer the question of one compiled matcher for the
 * whole gazetteer; both print how many matches they found, so the two can be
 * compared for the work they do.
 *
 *   tag-speed [--kb DIR] [--mb N] [--chunk N] [--what PART] < stories.jsonl
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "kb.h"
#include "tag.h"
#include "titles.h"
#include "tokens.h"

typedef struct corpus {
    telex_story *stories;
    size_t n;
    size_t cap;
    size_t bytes;
} corpus;

typedef struct options {
    const char *kb_dir;
    double mb;
    size_t chunk;
    const char *what;
} options;

/* CPU time of this thread: MB/s per core, even on a busy machine. */
static double cpu_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- reading the corpus ---- */

static int corpus_push(corpus *c, const char *text, const char *published)
{
    if (c->n == c->cap) {
        size_t next = c->cap ? c->cap * 2 : 64;
        telex_story *grown = realloc(c->stories, next * sizeof *grown);
        if (!grown)
            return -1;
        c->stories = grown;
        c->cap = next;
    }
    telex_story *s = &c->stories[c->n];
    memset(s, 0, sizeof *s);
    s->text = strdup(text);
    s->published = published ? strdup(published) : NULL;
    if (!s->text || (published && !s->published))
        return -1;
    c->n++;
    c->bytes += strlen(text);
    return 0;
}

/* Reads the stories of stdin; returns the number read, or -1. */
static int corpus_read(corpus *c)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    size_t line_no = 0;
    int rc = 0;
    while (rc == 0 && (len = getline(&line, &cap, stdin)) >= 0) {
        line_no++;
        json_error_t jerr;
        json_t *obj = json_loadb(line, (size_t)len, 0, &jerr);
        const char *text = json_string_value(json_object_get(obj, "text"));
        if (!text) {
            fprintf(stderr, "tag-speed: line %zu: no \"text\" string\n", line_no);
            rc = -1;
        } else if (corpus_push(c, text, json_string_value(json_object_get(obj, "published")))) {
            fprintf(stderr, "tag-speed: out of memory\n");
            rc = -1;
        }
        json_decref(obj);
    }
    free(line);
    return rc;
}

/* Repeats the stories until they hold at least want bytes. */
static int corpus_repeat(corpus *c, size_t want)
{
    size_t original = c->n;
    for (size_t i = 0; c->bytes < want; i = (i + 1) % original)
        if (corpus_push(c, c->stories[i].text, c->stories[i].published) != 0)
            return -1;
    return 0;
}

static void corpus_free(corpus *c)
{
    for (size_t i = 0; i < c->n; i++) {
        free(c->stories[i].text);
        free(c->stories[i].published);
    }
    free(c->stories);
}

/* ---- the parts timed; each returns a count of what it found, or -1 ---- */

static long run_entities(const tag_kb *kb, const telex_story *s)
{
    char err[256];
    telex_entity *entities;
    size_t n;
    if (tag_entities_find(kb, s, &entities, &n, err, sizeof err) != 0) {
        fprintf(stderr, "tag-speed: %s\n", err);
        return -1;
    }
    for (size_t i = 0; i < n; i++)
        telex_entity_clear(&entities[i]);
    free(entities);
    return (long)n;
}

static long run_tokens(tag_tokens *tokens, const telex_story *s)
{
    if (tag_tokenize(s->text, strlen(s->text), tokens) != 0)
        return -1;
    return (long)tokens->n;
}

static long run_titles(const tag_kb *kb, tag_tokens *tokens, const telex_story *s)
{
    char err[256];
    tag_title_hit *hits;
    size_t n;
    size_t len = strlen(s->text);
    if (tag_tokenize(s->text, len, tokens) != 0 ||
        tag_titles_find(kb, s->text, len, tokens, &hits, &n, err, sizeof err) != 0)
        return -1;
    free(hits);
    return (long)n;
}

/* The gazetteer alone: the longest trie match at every word token. */
static long run_trie(const tag_kb *kb, tag_tokens *tokens, const telex_story *s)
{
    if (tag_tokenize(s->text, strlen(s->text), tokens) != 0)
        return -1;
    long matches = 0;
    for (size_t i = 0; i < tokens->n; i++) {
        if (tokens->v[i].kind != TAG_TOK_WORD)
            continue;
        uint32_t node = 0;
        size_t longest = 0;
        for (size_t k = i; k < tokens->n && k - i < 32; k++) {
            node = tag_gaz_child(kb, node, tag_token_fold(tokens, k), tokens->v[k].hash);
            if (node == TAG_NONE)
                break;
            if (kb->node_entries[node] != TAG_NONE)
                longest = k - i + 1;
        }
        if (longest) {
            matches++;
            i += longest - 1;
        }
    }
    return matches;
}

/* ---- the gazetteer as PCRE2 alternations ---- */

typedef struct regex_set {
    pcre2_code **codes;
    size_t n;
    pcre2_match_data *md;
} regex_set;

/* Appends s to buf, with regex metacharacters escaped when escape is set. */
static int append_pattern(char **buf, size_t *len, size_t *cap, const char *s, bool escape)
{
    for (; *s; s++) {
        if (*len + 4 >= *cap) {
            char *grown = realloc(*buf, *cap * 2);
            if (!grown)
                return -1;
            *buf = grown;
            *cap *= 2;
        }
        if (escape && strchr("\\^$.|?*+()[]{}-'", *s))
            (*buf)[(*len)++] = '\\';
        (*buf)[(*len)++] = *s;
    }
    (*buf)[*len] = '\0';
    return 0;
}

static bool is_word_token(const char *token)
{
    return (*token >= 'a' && *token <= 'z') || (*token >= '0' && *token <= '9') || (*token & 0x80);
}

/* Appends the name spelled by the trie path to node as a pattern: its folded
   tokens, "\s+" between two words, "\s*" next to punctuation ("jae-in"). */
static int append_name(const tag_kb *kb, const uint32_t *parent, const uint32_t *token,
                       uint32_t node, char **buf, size_t *len, size_t *cap)
{
    uint32_t path[64];
    size_t depth = 0;
    for (uint32_t n = node; n != 0 && depth < 64; n = parent[n])
        path[depth++] = n;
    bool prev_word = false;
    for (size_t k = depth; k-- > 0;) {
        const char *tok = kb->strings + token[path[k]];
        bool word = is_word_token(tok);
        if (k + 1 < depth &&
            append_pattern(buf, len, cap, word && prev_word ? "\\s+" : "\\s*", false) != 0)
            return -1;
        if (append_pattern(buf, len, cap, tok, true) != 0)
            return -1;
        prev_word = word;
    }
    return 0;
}

static int regex_compile_chunk(regex_set *set, const char *alternation)
{
    size_t n = strlen(alternation) + 64;
    char *pattern = malloc(n);
    if (!pattern)
        return -1;
    snprintf(pattern, n, "\\b(?:%s)\\b", alternation);
    int code;
    PCRE2_SIZE offset;
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
                                   PCRE2_UTF | PCRE2_CASELESS, &code, &offset, NULL);
    free(pattern);
    if (!re) {
        PCRE2_UCHAR msg[160];
        pcre2_get_error_message(code, msg, sizeof msg);
        fprintf(stderr, "tag-speed: chunk does not compile: %s\n", (const char *)msg);
        return -1;
    }
    pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
    set->codes[set->n++] = re;
    return 0;
}

/* Every gazetteer name, chunk names a pattern: "\b(?:name|name|...)\b". */
static int regex_build(const tag_kb *kb, size_t chunk, regex_set *set)
{
    uint32_t *parent = calloc(kb->n_nodes, sizeof *parent);
    uint32_t *token = calloc(kb->n_nodes, sizeof *token);
    set->codes = calloc(kb->n_nodes / chunk + 2, sizeof *set->codes);
    size_t cap = 4096, len = 0, in_chunk = 0;
    char *alt = malloc(cap);
    int rc = -1;
    if (!parent || !token || !set->codes || !alt)
        goto out_free;
    for (size_t i = 0; i < kb->n_edge_slots; i++) {
        if (kb->edges[i].child == TAG_NONE)
            continue;
        parent[kb->edges[i].child] = kb->edges[i].parent;
        token[kb->edges[i].child] = kb->edges[i].token;
    }
    alt[0] = '\0';
    for (uint32_t node = 1; node < kb->n_nodes; node++) {
        if (kb->node_entries[node] == TAG_NONE)
            continue;
        if ((in_chunk++ > 0 && append_pattern(&alt, &len, &cap, "|", false) != 0) ||
            append_name(kb, parent, token, node, &alt, &len, &cap) != 0)
            goto out_free;
        if (in_chunk == chunk) {
            if (regex_compile_chunk(set, alt) != 0)
                goto out_free;
            len = in_chunk = 0;
            alt[0] = '\0';
        }
    }
    if (in_chunk > 0 && regex_compile_chunk(set, alt) != 0)
        goto out_free;
    set->md = pcre2_match_data_create(4, NULL);
    rc = set->md ? 0 : -1;

out_free:
    free(parent);
    free(token);
    free(alt);
    return rc;
}

static void regex_free(regex_set *set)
{
    for (size_t i = 0; i < set->n; i++)
        pcre2_code_free(set->codes[i]);
    free(set->codes);
    pcre2_match_data_free(set->md);
}

static long run_regex(const regex_set *set, const telex_story *s)
{
    size_t len = strlen(s->text);
    long matches = 0;
    for (size_t c = 0; c < set->n; c++) {
        size_t at = 0;
        while (at < len) {
            int m = pcre2_match(set->codes[c], (PCRE2_SPTR)s->text, len, at, 0, set->md, NULL);
            if (m < 0)
                break;
            PCRE2_SIZE *ov = pcre2_get_ovector_pointer(set->md);
            matches++;
            at = ov[1] > at ? ov[1] : at + 1;
        }
    }
    return matches;
}

/* ---- main ---- */

static int parse_options(int argc, char **argv, options *o)
{
    *o = (options){.kb_dir = TAG_KB_DEFAULT_DIR, .mb = 50, .chunk = 500, .what = "entities"};
    for (int i = 1; i < argc; i++) {
        const char *value = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(argv[i], "--kb") == 0 && value)
            o->kb_dir = value;
        else if (strcmp(argv[i], "--mb") == 0 && value && atof(value) > 0)
            o->mb = atof(value);
        else if (strcmp(argv[i], "--chunk") == 0 && value && atol(value) > 0)
            o->chunk = (size_t)atol(value);
        else if (strcmp(argv[i], "--what") == 0 && value)
            o->what = value;
        else {
            fprintf(stderr, "usage: tag-speed [--kb DIR] [--mb N] [--chunk N] "
                            "[--what entities|tokens|titles|trie|regex] < stories.jsonl\n");
            return -1;
        }
        i++;
    }
    return 0;
}

/* Runs the part named o->what over every story; returns the total count, or -1. */
static long run_part(const options *o, const tag_kb *kb, const regex_set *set, tag_tokens *tokens,
                     const corpus *c)
{
    long total = 0;
    for (size_t i = 0; i < c->n; i++) {
        const telex_story *s = &c->stories[i];
        long n = strcmp(o->what, "tokens") == 0   ? run_tokens(tokens, s)
                 : strcmp(o->what, "titles") == 0 ? run_titles(kb, tokens, s)
                 : strcmp(o->what, "trie") == 0   ? run_trie(kb, tokens, s)
                 : strcmp(o->what, "regex") == 0  ? run_regex(set, s)
                                                  : run_entities(kb, s);
        if (n < 0)
            return -1;
        total += n;
    }
    return total;
}

int main(int argc, char **argv)
{
    options o;
    corpus c = {0};
    tag_kb *kb = NULL;
    regex_set set = {0};
    tag_tokens tokens = {0};
    char err[512] = "";
    int rc = 1;
    if (parse_options(argc, argv, &o) != 0)
        return 2;
    if (corpus_read(&c) != 0)
        goto out_free;
    if (c.n == 0 || c.bytes == 0) {
        fprintf(stderr, "tag-speed: no stories on stdin\n");
        goto out_free;
    }
    if (corpus_repeat(&c, (size_t)(o.mb * 1e6)) != 0 || tag_kb_load(o.kb_dir, &kb, err, sizeof err))
        goto out_free;
    if (strcmp(o.what, "regex") == 0 && regex_build(kb, o.chunk, &set) != 0)
        goto out_free;
    double start = cpu_seconds();
    long found = run_part(&o, kb, &set, &tokens, &c);
    double seconds = cpu_seconds() - start;
    if (found < 0)
        goto out_free;
    double mb = (double)c.bytes / 1e6;
    printf("%s: %.1f MB (%zu stories) in %.2f CPU s: %.1f MB/s, %ld found", o.what, mb, c.n,
           seconds, mb / seconds, found);
    if (set.n)
        printf(" (%zu patterns)", set.n);
    printf("\n");
    rc = 0;

out_free:
    if (rc != 0 && kb == NULL && err[0])
        fprintf(stderr, "tag-speed: %s\n", err);
    regex_free(&set);
    tag_tokens_free(&tokens);
    tag_kb_free(kb);
    corpus_free(&c);
    return rc;
}
