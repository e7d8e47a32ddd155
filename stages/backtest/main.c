/*
 * telex-backtest: "what would this version of the pipeline have said about
 * that feed?"
 *
 *   telex-backtest --input DIR_OR_ARCHIVE --report-dir OUT [--gold DIR]
 *                  [--compare OLD/report.json] [-b BROKERS] [--use-running --namespace NS]
 *
 * Replays the feed through telex-normalize and telex-tag in a fresh namespace
 * (starting telex-broker too when no -b is given), collects the enriched
 * stories, scores them against gold annotations and/or compares them with an
 * earlier report, and writes OUT/report.json, OUT/report.md, OUT/enriched.jsonl
 * and OUT/run.json. The work is in run.c; the report in report.c.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>

#include "run.h"
#include "stage_args.h"
#include "telex/runtime.h"

static const telex_conf_entry backtest_config[] = {
    {TELEX_CONF_STRING, "input", NULL, offsetof(backtest_options, input),
     "the feed: an archive (file or folder) or a folder of raw wire files"},
    {TELEX_CONF_STRING, "gold", NULL, offsetof(backtest_options, gold),
     "score against the NAME.gold.json files of this folder"},
    {TELEX_CONF_STRING, "compare", NULL, offsetof(backtest_options, compare),
     "compare with this earlier report.json"},
    {TELEX_CONF_STRING, "report.dir", NULL, offsetof(backtest_options, report_dir),
     "write report.json, report.md, enriched.jsonl and run.json here"},
    {TELEX_CONF_BOOL, "use.running", "false", offsetof(backtest_options, use_running),
     "use stages already running under --namespace on -b instead of starting them"},
    {TELEX_CONF_INT, "timeout", "120", offsetof(backtest_options, timeout_s),
     "seconds to wait for every story to come out of the pipeline"},
    {TELEX_CONF_INT, "partitions", "4", offsetof(backtest_options, partitions),
     "partitions of each topic of the broker started here"},
    {TELEX_CONF_STRING, "format", NULL, offsetof(backtest_options, format),
     "raw wire files: force this format (default: detect)"},
    {TELEX_CONF_STRING, "published", NULL, offsetof(backtest_options, published),
     "raw wire files: publication time for formats that carry none"},
    {0},
};

static const telex_flag backtest_flags[] = {
    {'i', "input", "backtest.input", NULL, "PATH"},
    {0, "gold", "backtest.gold", NULL, "DIR"},
    {0, "compare", "backtest.compare", NULL, "REPORT.json"},
    {'o', "report-dir", "backtest.report.dir", NULL, "DIR"},
    {0, "use-running", "backtest.use.running", "true", NULL},
    {0, "timeout", "backtest.timeout", NULL, "SECONDS"},
    {0, "format", "backtest.format", NULL, "FORMAT"},
    {0, "published", "backtest.published", NULL, "TIME"},
    {0},
};

static const telex_program backtest_program = {
    .name = "backtest",
    .description =
        "replay a feed through the stages in a fresh namespace; score or diff the output. "
        "The stages it starts get -X normalize.KEY=V / -X tag.KEY=V, every librdkafka key "
        "given here (security.protocol, sasl.*, ssl.*, ...), log.level, dlq.topic and the "
        "timeouts (never metrics.listen)",
    .usage = "--input PATH --report-dir DIR [--gold DIR] [--compare REPORT.json]\n"
             "       [-X normalize.KEY=VALUE] [-X tag.KEY=VALUE] [options]",
    .key_groups = 0,
    .config = backtest_config,
    .flags = backtest_flags,
};

int main(int argc, char **argv)
{
    backtest_options opts = {0};
    telex_config *cfg = NULL;
    char **args = NULL;
    int n_args = 0;
    char err[1024];
    int exit_code = 2;

    /* The stages' own -X keys are not telex-backtest's: taken out before parsing. */
    if (stage_args_split(argc, argv, &args, &n_args, &opts.stage_keys, err, sizeof(err)) != 0 ||
        telex_config_parse(&backtest_program, n_args, args, NULL, &opts, &cfg, err, sizeof(err)) !=
            0) {
        fprintf(stderr, "telex-backtest: %s\n", err);
        goto out_free_args;
    }
    if (telex_config_common(cfg)->help) {
        telex_config_help(&backtest_program, stdout);
        exit_code = 0;
    } else if (!opts.input || !opts.report_dir) {
        fprintf(stderr, "telex-backtest: give --input PATH and --report-dir DIR (see --help)\n");
        exit_code = 2;
    } else if (opts.timeout_s <= 0 || opts.partitions <= 0) {
        fprintf(stderr, "telex-backtest: --timeout and backtest.partitions must be positive\n");
        exit_code = 2;
    } else {
        telex_signals_install();
        exit_code = backtest_run(&backtest_program, n_args, args, cfg, &opts);
    }
    telex_config_free(cfg);
out_free_args:
    stage_args_free(&opts.stage_keys);
    free(args);
    return exit_code;
}
