/*
 * A backtest's files in the report folder:
 *   enriched.jsonl  the enriched stories' JSON view, sorted by source file and id
 *   report.json     the report (report.h), keys sorted
 *   report.md       the same for people
 *   run.json        what changes from run to run: namespace, brokers, times, outcome
 * and the checks of --input, --gold and --compare before anything starts.
 */
#ifndef TELEX_BACKTEST_OUTPUT_H
#define TELEX_BACKTEST_OUTPUT_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "collect.h"
#include "run.h"

typedef struct output_inputs {
    json_t *old_report; /* --compare, loaded and checked; NULL without */
} output_inputs;

/* Checks that --input exists, --gold is a folder with *.gold.json files and --compare a
   report; loads the latter. 0, or -1 with err naming the option. */
int output_check_inputs(const backtest_options *opts, output_inputs *in, char *err, size_t errlen);
void output_inputs_free(output_inputs *in);

/* Writes enriched.jsonl, then scores it (--gold) and writes report.json and report.md. */
int output_write(const backtest_options *opts, const output_inputs *in, const collection *out,
                 size_t records_replayed, char *err, size_t errlen);

/* Writes run.json (best effort: a failure is reported on stderr). error NULL: success. */
void output_write_run_json(const char *report_dir, const char *ns, const char *brokers,
                           int64_t started_ms, int64_t ended_ms, const char *error,
                           const char *topics_deleted);

#endif
