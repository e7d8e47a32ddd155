/*
 * The backtest scorer: enriched stories against gold annotations.
 *
 * A C port of /work/shared/eval/score.py that must give exactly its numbers
 * (the test runs both on the same files). The matching rules are score.py's:
 * entities are matched greedily one to one by type and normalized name or
 * code; mentions are compared as multisets of mention keys within matched
 * entities, a mention whose offsets do not select its text being wrong;
 * dates match when their normalized texts overlap, and their value is right
 * when it is a gold value or the gold range's split parts; events match
 * relaxed on type (summit and meeting alike), start date and one participant,
 * strict on everything. Read score.py for the fine print; each function here
 * names the Python function it repeats.
 *
 * Inputs are jansson values in the JSON view of DESIGN.md. Their shape is
 * checked first (score_check_pred, score_check_gold): where score.py would
 * stop with a Python exception on a malformed field, this scorer returns -1
 * with a one-line reason in err naming the field.
 */
#ifndef TELEX_BACKTEST_SCORE_H
#define TELEX_BACKTEST_SCORE_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

typedef struct score_counts {
    int64_t tp;
    int64_t fp;
    int64_t fn;
} score_counts;

typedef struct score_totals {
    score_counts entities;
    score_counts mentions;
    score_counts dates;
    score_counts events_relaxed;
    score_counts events_strict;
    int64_t stories;
    int64_t paired;
    int64_t offset_errors;
    int64_t values_right;
    int64_t boilerplate_leaks;
} score_totals;

/* Precision, recall and F1 as score.py's Counts.prf() computes them. */
void score_prf(const score_counts *c, double *precision, double *recall, double *f1);

/* Checks that a predicted story has the JSON view's types. 0, or -1 and err. */
int score_check_pred(const json_t *pred, char *err, size_t errlen);
/* Checks a gold annotation's shape. 0, or -1 and err. */
int score_check_gold(const json_t *gold, char *err, size_t errlen);

/*
 * Adds a checked predicted story to by_file (a JSON object) under the base
 * name of its source_file ("" when absent); a later story replaces an earlier
 * one with the same name, as in score.py's load_preds().
 */
int score_add_pred(json_t *by_file, json_t *pred, char *err, size_t errlen);

/* Reads JSON lines from path into a new by_file object (*out, caller decrefs). */
int score_load_preds(const char *path, json_t **out, char *err, size_t errlen);

/*
 * Scores one gold annotation against its predicted story (pred NULL when no
 * story was paired) into totals. When log is a JSON array, one line per miss is
 * appended to it. Both inputs must have passed the checks above.
 */
int score_story(const json_t *gold, const json_t *pred, score_totals *totals, json_t *log,
                char *err, size_t errlen);

/*
 * Scores every DIR/ *.gold.json (in sorted order) against by_file. When
 * per_story is a JSON object, each gold file's name gets its array of misses.
 */
int score_gold_dir(const char *gold_dir, const json_t *by_file, score_totals *totals,
                   json_t *per_story, char *err, size_t errlen);

/* The summary as score.py --json prints it (a new reference, or NULL). */
json_t *score_totals_to_json(const score_totals *totals);

#endif
