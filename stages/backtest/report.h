/*
 * The backtest's report: what the pipeline said about a feed, its scores
 * against gold annotations, and how it differs from an earlier backtest.
 *
 * Everything here is pure (jansson values in, jansson values or text out) and
 * deterministic: stories are keyed by the base name of their source_file (or
 * their id when they have none), every list is sorted, and nothing depends on
 * the time, the namespace or the machine, so two runs over the same input give
 * byte-identical report.json and report.md files.
 *
 * A story's summary is three sorted lists of keys, one a found item:
 *   entities  "person:shinzo-abe"                       (the entity id)
 *   dates     "Nov. 17 = 2016-11-17"                    (text = value)
 *   events    "meeting 2016-11-17 person:a+person:b @ New York (planned)"
 * Comparing two reports compares these lists as multisets, story by story.
 *
 * Errors: functions return 0, or -1 with a one-line reason in err; new
 * references are the caller's to json_decref().
 */
#ifndef TELEX_BACKTEST_REPORT_H
#define TELEX_BACKTEST_REPORT_H

#include <jansson.h>
#include <stddef.h>
#include <stdio.h>

#include "score.h"

/* The key a story is reported under: base name of source_file, else id, else "". */
const char *report_story_key(const json_t *story);

/* Sorts an array of enriched stories by (story key, id) in place. */
void report_sort_stories(json_t *stories);

/* The summary of one enriched story (see above), or NULL and err. */
json_t *report_story_summary(const json_t *story, char *err, size_t errlen);

/*
 * The differences between two reports' "stories" objects: per story the
 * entities, dates and events gained and lost, with counts, and the totals.
 * Stories only in one report count all their items as gained or lost.
 */
json_t *report_compare(const json_t *old_stories, const json_t *new_stories);

/* What report_build() needs. gold_scores and misses are NULL without --gold;
   old_report is NULL without --compare. */
typedef struct report_inputs {
    const json_t *stories; /* sorted enriched stories */
    size_t records_replayed;
    size_t dead_letters;
    const score_totals *totals; /* NULL without --gold */
    const json_t *misses;       /* gold file name -> array of misses; NULL without --gold */
    const json_t *old_report;   /* NULL without --compare */
} report_inputs;

/* The whole report.json document. */
json_t *report_build(const report_inputs *in, char *err, size_t errlen);

/* Checks that a document read back from disk is a report with a "stories" object. */
int report_check(const json_t *report, char *err, size_t errlen);

/* Writes the Markdown rendering of a report_build() document. 0, or -1 on a write error. */
int report_write_markdown(const json_t *report, FILE *out);

#endif
