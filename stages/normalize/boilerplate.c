/*
 * Loading, compiling and applying boilerplate rules (see boilerplate.h).
 * Patterns are compiled once with PCRE2 and JIT; matching runs under a match
 * and depth limit so that a careless pattern cannot stall the stage.
 *
 * Matching is the stage's hottest loop (every rule on every paragraph), so
 * it is kept cheap: the text's UTF-8 is checked once, not by PCRE2 for every
 * rule; a rule whose first byte or length bound (rule_screen.h) rules the
 * text out is skipped, and so is one whose required literals (rule_literals.h)
 * are absent from it, the literals being looked for only when a rule needs
 * them; and a paragraph's lines are joined into one reused buffer.
 */
#define PCRE2_CODE_UNIT_WIDTH 8

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pcre2.h>

#include "boilerplate.h"
#include "rule_literals.h"
#include "rule_screen.h"
#include "text.h"

#define BOILERPLATE_MATCH_LIMIT 200000
#define BOILERPLATE_DEPTH_LIMIT 10000
#define BOILERPLATE_MAX_FILE    (1024 * 1024)

typedef enum rule_scope { SCOPE_ANY, SCOPE_HEAD, SCOPE_TAIL } rule_scope;

/* Where a text is matched: "any", "head" or "tail" (see boilerplate.h). */
typedef enum text_position { POSITION_ANY, POSITION_HEAD, POSITION_TAIL } text_position;

typedef struct rule {
    char *name;
    rule_scope scope;
    pcre2_code *code;
    rule_screen screen;     /* the first byte and length of every text the rule matches */
    rule_literals literals; /* one of them is in every text the rule matches */
} rule;

struct boilerplate_rules {
    rule *rules;
    size_t n;
    pcre2_match_context *match_context; /* read-only once loaded: rules may be shared */
};

/* What matching one text needs besides the rules: PCRE2's match data, the text with its
   lines joined and its ASCII folded copy and trigrams (for the literals, made the first time
   a rule needs them), grown as needed. One per boilerplate_apply() or boilerplate_match()
   call, so the rules stay read-only. */
typedef struct matcher {
    const boilerplate_rules *rules;
    pcre2_match_data *match_data;
    char *joined, *folded;
    size_t capacity;
    int literals_ready;  /* folded and grams describe the current text */
    int literals_usable; /* no character in it folds to an ASCII letter */
    text_grams grams;
} matcher;

void boilerplate_free(boilerplate_rules *rules)
{
    if (!rules)
        return;
    for (size_t i = 0; i < rules->n; i++) {
        free(rules->rules[i].name);
        pcre2_code_free(rules->rules[i].code);
    }
    free(rules->rules);
    pcre2_match_context_free(rules->match_context);
    free(rules);
}

size_t boilerplate_rule_count(const boilerplate_rules *rules)
{
    return rules ? rules->n : 0;
}

static int valid_rule_name(const char *name)
{
    if (!*name)
        return 0;
    for (const char *p = name; *p; p++)
        if (!isalnum((unsigned char)*p) && *p != '.' && *p != '_' && *p != '-')
            return 0;
    return 1;
}

static int parse_scope(const char *text, rule_scope *scope)
{
    static const struct {
        const char *name;
        rule_scope scope;
    } scopes[] = {{"any", SCOPE_ANY}, {"head", SCOPE_HEAD}, {"tail", SCOPE_TAIL}};
    for (size_t i = 0; i < 3; i++) {
        if (strcmp(text, scopes[i].name) == 0) {
            *scope = scopes[i].scope;
            return 0;
        }
    }
    return -1;
}

static int compile_rule(rule *r, const char *pattern, const char *where, char *err, size_t errlen)
{
    int code;
    PCRE2_SIZE offset;
    r->code = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, PCRE2_UTF | PCRE2_UCP,
                            &code, &offset, NULL);
    if (!r->code) {
        PCRE2_UCHAR message[160];
        pcre2_get_error_message(code, message, sizeof message);
        snprintf(err, errlen, "%s: rule '%s': pattern error at offset %zu: %s", where, r->name,
                 (size_t)offset, (const char *)message);
        return -1;
    }
    /* JIT is an optimization: where it is unavailable the interpreter runs the rule. */
    pcre2_jit_compile(r->code, PCRE2_JIT_COMPLETE);
    rule_screen_build(pattern, PCRE2_UTF | PCRE2_UCP, &r->screen);
    rule_literals_find(pattern, &r->literals);
    return 0;
}

/* Parses one rules line (NUL-terminated, no line break) into *r. Returns 1 for a rule, 0
   for a comment or blank line, -1 on error. */
static int parse_rule_line(char *line, const char *where, rule *r, char *err, size_t errlen)
{
    char *p = line;
    while (*p == ' ')
        p++;
    if (*p == '\0' || *p == '#')
        return 0;
    char *fields[3] = {line, NULL, NULL};
    size_t n_fields = 1;
    for (char *tab = strchr(line, '\t'); tab && n_fields < 3; tab = strchr(tab + 1, '\t')) {
        *tab = '\0';
        fields[n_fields++] = tab + 1;
    }
    if (n_fields < 2 || strchr(fields[n_fields - 1], '\t') || *fields[n_fields - 1] == '\0') {
        snprintf(err, errlen, "%s: expected NAME<TAB>PATTERN or NAME<TAB>SCOPE<TAB>PATTERN", where);
        return -1;
    }
    if (!valid_rule_name(fields[0])) {
        snprintf(err, errlen, "%s: bad rule name '%s' (letters, digits, '.', '_', '-')", where,
                 fields[0]);
        return -1;
    }
    r->scope = SCOPE_ANY;
    if (n_fields == 3 && parse_scope(fields[1], &r->scope) != 0) {
        snprintf(err, errlen, "%s: rule '%s': bad scope '%s' (any, head or tail)", where, fields[0],
                 fields[1]);
        return -1;
    }
    r->name = strdup(fields[0]);
    if (!r->name) {
        snprintf(err, errlen, "%s: out of memory", where);
        return -1;
    }
    if (compile_rule(r, fields[n_fields - 1], where, err, errlen) != 0) {
        free(r->name);
        r->name = NULL;
        return -1;
    }
    return 1;
}

static int add_rule(boilerplate_rules *rules, const rule *r)
{
    rule *grown = realloc(rules->rules, (rules->n + 1) * sizeof *grown);
    if (!grown)
        return -1;
    rules->rules = grown;
    rules->rules[rules->n++] = *r;
    return 0;
}

static boilerplate_rules *rules_new(void)
{
    boilerplate_rules *rules = calloc(1, sizeof *rules);
    if (!rules)
        return NULL;
    rules->match_context = pcre2_match_context_create(NULL);
    if (!rules->match_context) {
        boilerplate_free(rules);
        return NULL;
    }
    pcre2_set_match_limit(rules->match_context, BOILERPLATE_MATCH_LIMIT);
    pcre2_set_depth_limit(rules->match_context, BOILERPLATE_DEPTH_LIMIT);
    return rules;
}

int boilerplate_load_text(const char *text, const char *origin, boilerplate_rules **out, char *err,
                          size_t errlen)
{
    *out = NULL;
    boilerplate_rules *rules = rules_new();
    char *copy = strdup(text);
    if (!rules || !copy) {
        snprintf(err, errlen, "%s: out of memory", origin);
        goto err_free;
    }
    size_t line_number = 0;
    for (char *line = copy, *next; line; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        line[strcspn(line, "\r")] = '\0';
        line_number++;
        char where[512];
        snprintf(where, sizeof where, "%s:%zu", origin, line_number);
        rule r = {0};
        int got = parse_rule_line(line, where, &r, err, errlen);
        if (got < 0)
            goto err_free;
        if (got > 0 && add_rule(rules, &r) != 0) {
            free(r.name);
            pcre2_code_free(r.code);
            snprintf(err, errlen, "%s: out of memory", where);
            goto err_free;
        }
    }
    free(copy);
    *out = rules;
    return 0;
err_free:
    free(copy);
    boilerplate_free(rules);
    return -1;
}

int boilerplate_load(const char *path, boilerplate_rules **out, char *err, size_t errlen)
{
    *out = NULL;
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "cannot open rules file %s: %s", path, strerror(errno));
        return -1;
    }
    int rc = -1;
    char *text = malloc(BOILERPLATE_MAX_FILE + 1);
    if (!text) {
        snprintf(err, errlen, "%s: out of memory", path);
        goto out_close;
    }
    size_t n = fread(text, 1, BOILERPLATE_MAX_FILE + 1, f);
    if (ferror(f) || n > BOILERPLATE_MAX_FILE) {
        snprintf(err, errlen, "%s: unreadable or larger than %d bytes", path, BOILERPLATE_MAX_FILE);
        goto out_free_text;
    }
    text[n] = '\0';
    if (strlen(text) != n) {
        snprintf(err, errlen, "%s: holds a NUL byte", path);
        goto out_free_text;
    }
    rc = boilerplate_load_text(text, path, out, err, errlen);
out_free_text:
    free(text);
out_close:
    fclose(f);
    return rc;
}

static int scope_allowed(rule_scope scope, text_position position)
{
    if (scope == SCOPE_ANY)
        return 1;
    if (scope == SCOPE_HEAD)
        return position == POSITION_HEAD;
    return position == POSITION_TAIL;
}

static text_position position_named(const char *name)
{
    if (strcmp(name, "head") == 0)
        return POSITION_HEAD;
    return strcmp(name, "tail") == 0 ? POSITION_TAIL : POSITION_ANY;
}

static int matcher_init(matcher *m, const boilerplate_rules *rules)
{
    *m = (matcher){.rules = rules, .match_data = pcre2_match_data_create(1, NULL)};
    return m->match_data ? 0 : -1;
}

static void matcher_free(matcher *m)
{
    pcre2_match_data_free(m->match_data);
    free(m->joined);
    free(m->folded);
}

/* Makes room for a text of len bytes. Returns 0 or -1. */
static int matcher_reserve(matcher *m, size_t len)
{
    if (len < m->capacity)
        return 0;
    size_t capacity = len + 256;
    char *joined = realloc(m->joined, capacity);
    if (joined)
        m->joined = joined;
    char *folded = realloc(m->folded, capacity);
    if (folded)
        m->folded = folded;
    if (!joined || !folded)
        return -1;
    m->capacity = capacity;
    return 0;
}

/* 0 when r's literals prove that text (len bytes) does not match it, else 1. The folded copy
   and the trigrams are made on the first call for a text. */
static int literals_allow(matcher *m, const rule *r, const char *text, size_t len)
{
    if (r->literals.n == 0)
        return 1;
    if (!m->literals_ready) {
        m->literals_usable = rule_literals_prepare(text, len, m->folded, &m->grams);
        m->literals_ready = 1;
    }
    return !m->literals_usable ||
           rule_literals_present(&r->literals, &m->grams, text, m->folded, len);
}

/* The first rule allowed at position that matches text (len bytes, valid UTF-8, no line
   breaks), or NULL. Returns -1 on allocation failure, else 0. */
static int matcher_run(matcher *m, const char *text, size_t len, text_position position,
                       const char **name)
{
    *name = NULL;
    if (!m->rules)
        return 0; /* no rules: nothing is boilerplate */
    if (matcher_reserve(m, len) != 0)
        return -1;
    m->literals_ready = 0;
    size_t chars = rule_screen_count_chars(text, len);
    for (size_t i = 0; i < m->rules->n; i++) {
        const rule *r = &m->rules->rules[i];
        if (!scope_allowed(r->scope, position) ||
            !rule_screen_passes(&r->screen, text, len, chars) || !literals_allow(m, r, text, len))
            continue;
        int rc = pcre2_match(r->code, (PCRE2_SPTR)text, len, 0, PCRE2_NO_UTF_CHECK, m->match_data,
                             m->rules->match_context);
        if (rc >= 0) {
            *name = r->name;
            return 0;
        }
    }
    return 0;
}

const char *boilerplate_match(const boilerplate_rules *rules, const char *text,
                              const char *position)
{
    char reason[128];
    size_t len = strlen(text);
    /* PCRE2 would reject invalid UTF-8 for every rule: no rule matches it. */
    if (!rules || text_check_utf8((const uint8_t *)text, len, reason, sizeof reason) != 0)
        return NULL;
    matcher m;
    const char *name = NULL;
    if (matcher_init(&m, rules) == 0)
        matcher_run(&m, text, len, position_named(position), &name);
    matcher_free(&m);
    return name;
}

int boilerplate_record(telex_stripped **stripped, size_t *n_stripped, const char *text,
                       const char *rule_name)
{
    telex_stripped *grown = realloc(*stripped, (*n_stripped + 1) * sizeof *grown);
    if (!grown)
        return -1;
    *stripped = grown;
    char *text_copy = text_join_lines(text);
    char *rule_copy = strdup(rule_name);
    if (!text_copy || !rule_copy) {
        free(text_copy);
        free(rule_copy);
        return -1;
    }
    grown[*n_stripped].text = text_copy;
    grown[*n_stripped].rule = rule_copy;
    (*n_stripped)++;
    return 0;
}

/* The rule matching paragraph p (lines joined) at position, or NULL; *failed set on
   allocation failure. p is cleaned text, hence valid UTF-8. */
static const char *match_paragraph(matcher *m, const char *p, text_position position, int *failed)
{
    size_t len = strlen(p);
    const char *name = NULL;
    if (matcher_reserve(m, len) != 0) {
        *failed = 1;
        return NULL;
    }
    /* joined is only written here and read by matcher_run, which uses folded. */
    for (size_t i = 0; i < len; i++)
        m->joined[i] = p[i] == '\n' ? ' ' : p[i];
    m->joined[len] = '\0';
    if (matcher_run(m, m->joined, len, position, &name) != 0)
        *failed = 1;
    return name;
}

/* Peels matching lines off the end (tail) or start (head) of paragraph *p. Returns 0 or
   -1; *p may become "" when every line matched. */
static int peel_lines(matcher *m, char *p, text_position position, telex_stripped **stripped,
                      size_t *n_stripped)
{
    int tail = position == POSITION_TAIL;
    for (;;) {
        char *cut = tail ? strrchr(p, '\n') : strchr(p, '\n');
        if (!cut)
            return 0;
        char *line = tail ? cut + 1 : p;
        *cut = '\0';
        const char *name = NULL;
        if (matcher_run(m, line, strlen(line), position, &name) != 0)
            return -1;
        if (!name) {
            *cut = '\n';
            return 0;
        }
        if (boilerplate_record(stripped, n_stripped, line, name) != 0)
            return -1;
        if (!tail)
            memmove(p, cut + 1, strlen(cut + 1) + 1);
    }
}

/* Which rule removes each of paragraphs[0, count) (NULL: kept): the opening run checked at
   "head", the closing run at "tail", the rest at "any". Returns 0 or -1. */
static int find_removals(matcher *m, char **paragraphs, size_t count, const char **removed_by)
{
    int failed = 0;
    size_t head_end = 0;
    while (head_end < count && (removed_by[head_end] = match_paragraph(
                                    m, paragraphs[head_end], POSITION_HEAD, &failed)) != NULL)
        head_end++;
    size_t tail_start = count;
    while (tail_start > head_end &&
           (removed_by[tail_start - 1] =
                match_paragraph(m, paragraphs[tail_start - 1], POSITION_TAIL, &failed)) != NULL)
        tail_start--;
    for (size_t i = head_end; i < tail_start && !failed; i++)
        removed_by[i] = match_paragraph(m, paragraphs[i], POSITION_ANY, &failed);
    return failed ? -1 : 0;
}

/* Frees and records the paragraphs find_removals() marked, compacting the array. */
static int remove_marked(char **paragraphs, size_t *n, const char **removed_by,
                         telex_stripped **stripped, size_t *n_stripped)
{
    size_t kept = 0;
    int failed = 0;
    for (size_t i = 0; i < *n; i++) {
        if (removed_by[i] && !failed) {
            failed |= boilerplate_record(stripped, n_stripped, paragraphs[i], removed_by[i]);
            free(paragraphs[i]);
        } else {
            paragraphs[kept++] = paragraphs[i];
        }
    }
    *n = kept;
    return failed ? -1 : 0;
}

int boilerplate_apply(const boilerplate_rules *rules, char **paragraphs, size_t *n,
                      telex_stripped **stripped, size_t *n_stripped)
{
    int rc = -1;
    matcher m;
    const char **removed_by = calloc(*n ? *n : 1, sizeof *removed_by);
    if (!removed_by || matcher_init(&m, rules) != 0)
        goto out_free_removed;
    if (find_removals(&m, paragraphs, *n, removed_by) != 0 ||
        remove_marked(paragraphs, n, removed_by, stripped, n_stripped) != 0)
        goto out_free_matcher;
    if (*n > 0 && peel_lines(&m, paragraphs[0], POSITION_HEAD, stripped, n_stripped) != 0)
        goto out_free_matcher;
    if (*n > 0 && peel_lines(&m, paragraphs[*n - 1], POSITION_TAIL, stripped, n_stripped) != 0)
        goto out_free_matcher;
    rc = 0;
out_free_matcher:
    matcher_free(&m);
out_free_removed:
    free(removed_by);
    return rc;
}
