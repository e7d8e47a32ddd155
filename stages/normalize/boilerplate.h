/*
 * Boilerplate rules: data, not code.
 *
 * A rules file has one rule a line:
 *
 *     NAME <TAB> PATTERN
 *     NAME <TAB> SCOPE <TAB> PATTERN
 *
 * PATTERN is a PCRE2 regular expression (UTF, Unicode properties; write (?i)
 * for caseless), SCOPE is where the rule may remove a paragraph: "any" (the
 * default: anywhere in the body), "head" (only in the run of paragraphs that
 * opens the body) or "tail" (only in the run that closes it: footers,
 * appeals, sign-offs, which would be too eager in the middle of a story).
 * Lines starting with "#" and blank lines are ignored; anything else that is
 * not a rule is an error naming file:line. Several rules may share a name
 * (a family of footers).
 *
 * A paragraph is matched with its source line breaks turned into spaces; a
 * match removes the whole paragraph. The opening and closing lines of the
 * first and last paragraphs are also matched line by line, so a footer line
 * glued to the last paragraph comes off alone. What is removed is recorded
 * with the rule's name.
 */
#ifndef TELEX_BOILERPLATE_H
#define TELEX_BOILERPLATE_H

#include <stddef.h>

#include "telex/story.h"

typedef struct boilerplate_rules boilerplate_rules;

/* Loads and JIT-compiles the rules of file path. Returns 0, or -1 with "path:line: reason"
   in err. Loaded rules are read-only: threads may share them. */
int boilerplate_load(const char *path, boilerplate_rules **out, char *err, size_t errlen);

/* The same from text in memory; origin names it in errors. */
int boilerplate_load_text(const char *text, const char *origin, boilerplate_rules **out, char *err,
                          size_t errlen);

void boilerplate_free(boilerplate_rules *rules);

size_t boilerplate_rule_count(const boilerplate_rules *rules);

/* The name of the first rule allowed at position ("any", "head" or "tail") that matches
   text, or NULL. */
const char *boilerplate_match(const boilerplate_rules *rules, const char *text,
                              const char *position);

/*
 * Removes boilerplate from paragraphs[0, *n) (cleaned text; "\n" marks source
 * line breaks): removed paragraphs are freed and the array compacted, *n
 * updated, and each removal appended to *stripped / *n_stripped (text with
 * line breaks as spaces, rule name). Returns 0, or -1 on allocation failure.
 */
int boilerplate_apply(const boilerplate_rules *rules, char **paragraphs, size_t *n,
                      telex_stripped **stripped, size_t *n_stripped);

/* Appends one (text, rule) to *stripped. Returns 0 or -1. */
int boilerplate_record(telex_stripped **stripped, size_t *n_stripped, const char *text,
                       const char *rule);

#endif
