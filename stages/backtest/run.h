/*
 * One backtest, start to end: a namespace, a broker and the stages when
 * needed, the replay of the input, the collection of the enriched output, the
 * report files, then stopping what was started and deleting the namespace's
 * topics. See main.c for the command line.
 */
#ifndef TELEX_BACKTEST_RUN_H
#define TELEX_BACKTEST_RUN_H

#include <stdint.h>

#include "stage_args.h"
#include "telex/runtime.h"

typedef struct backtest_options {
    char *input;
    char *gold;
    char *compare;
    char *report_dir;
    int use_running;
    int64_t timeout_s;
    int64_t partitions;
    char *format;
    char *published;
    stage_args stage_keys; /* -X normalize.* and -X tag.*: not in the config table */
} backtest_options;

/*
 * Runs the backtest. first is the configuration parsed from prog, argc and
 * argv; the run parses them again with the brokers and namespace it picked.
 * Returns the exit code: 0 when the report was written, 1 otherwise.
 */
int backtest_run(const telex_program *prog, int argc, char **argv, const telex_config *first,
                 const backtest_options *opts);

#endif
