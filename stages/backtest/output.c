/*
 * A backtest's files in the report folder (see output.h). Each file is written
 * under a temporary name and renamed, so a reader never sees half a report.
 */
#include "output.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "report.h"
#include "score.h"

static int is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static int has_gold_files(const char *dir)
{
    DIR *d = opendir(dir);
    int found = 0;
    struct dirent *entry;
    while (d && !found && (entry = readdir(d))) {
        size_t n = strlen(entry->d_name);
        found = n > 10 && strcmp(entry->d_name + n - 10, ".gold.json") == 0;
    }
    if (d)
        closedir(d);
    return found;
}

int output_check_inputs(const backtest_options *opts, output_inputs *in, char *err, size_t errlen)
{
    struct stat st;
    in->old_report = NULL;
    if (!opts->input || stat(opts->input, &st) != 0) {
        snprintf(err, errlen, "--input %s: %s", opts->input ? opts->input : "(missing)",
                 opts->input ? strerror(errno) : "give an archive or a folder of wire files");
        return -1;
    }
    if (!opts->report_dir || !*opts->report_dir) {
        snprintf(err, errlen, "--report-dir is required: the folder for the report");
        return -1;
    }
    if (opts->gold && (!is_dir(opts->gold) || !has_gold_files(opts->gold))) {
        snprintf(err, errlen, "--gold %s: not a folder of NAME.gold.json files", opts->gold);
        return -1;
    }
    if (!opts->compare)
        return 0;
    json_error_t jerr;
    in->old_report = json_load_file(opts->compare, 0, &jerr);
    if (!in->old_report) {
        snprintf(err, errlen, "--compare %s: %s (line %d)", opts->compare, jerr.text, jerr.line);
        return -1;
    }
    char why[512];
    if (report_check(in->old_report, why, sizeof(why)) != 0) {
        snprintf(err, errlen, "--compare %s: %s", opts->compare, why);
        output_inputs_free(in);
        return -1;
    }
    return 0;
}

void output_inputs_free(output_inputs *in)
{
    json_decref(in->old_report);
    in->old_report = NULL;
}

/* Opens DIR/.NAME.tmp for writing; output_commit() renames it to DIR/NAME. */
static FILE *output_open(const char *dir, const char *name, char *err, size_t errlen)
{
    char tmp[4200];
    snprintf(tmp, sizeof(tmp), "%s/.%s.tmp", dir, name);
    FILE *f = fopen(tmp, "w");
    if (!f)
        snprintf(err, errlen, "cannot write %s: %s", tmp, strerror(errno));
    return f;
}

static int output_commit(FILE *f, const char *dir, const char *name, char *err, size_t errlen)
{
    char tmp[4200], final[4200];
    snprintf(tmp, sizeof(tmp), "%s/.%s.tmp", dir, name);
    snprintf(final, sizeof(final), "%s/%s", dir, name);
    int failed = ferror(f);
    if (fclose(f) != 0 || failed || rename(tmp, final) != 0) {
        snprintf(err, errlen, "cannot write %s: %s", final, strerror(errno));
        unlink(tmp);
        return -1;
    }
    return 0;
}

static int write_enriched(const char *dir, const collection *out, char *err, size_t errlen)
{
    FILE *f = output_open(dir, "enriched.jsonl", err, errlen);
    if (!f)
        return -1;
    for (size_t i = 0; i < out->n; i++)
        fprintf(f, "%s\n", out->stories[i].line);
    return output_commit(f, dir, "enriched.jsonl", err, errlen);
}

static int write_json(const char *dir, const char *name, const json_t *doc, char *err,
                      size_t errlen)
{
    FILE *f = output_open(dir, name, err, errlen);
    if (!f)
        return -1;
    if (json_dumpf(doc, f, JSON_INDENT(1) | JSON_SORT_KEYS | JSON_REAL_PRECISION(17)) != 0)
        snprintf(err, errlen, "cannot write %s/%s", dir, name);
    fputc('\n', f);
    return output_commit(f, dir, name, err, errlen);
}

static int write_markdown(const char *dir, const json_t *report, char *err, size_t errlen)
{
    FILE *f = output_open(dir, "report.md", err, errlen);
    if (!f)
        return -1;
    report_write_markdown(report, f);
    return output_commit(f, dir, "report.md", err, errlen);
}

/* Scores enriched.jsonl as score.py would read it. */
static int score_output(const backtest_options *opts, score_totals *totals, json_t *misses,
                        char *err, size_t errlen)
{
    char path[4200];
    json_t *by_file = NULL;
    snprintf(path, sizeof(path), "%s/enriched.jsonl", opts->report_dir);
    if (score_load_preds(path, &by_file, err, errlen) != 0)
        return -1;
    int rc = score_gold_dir(opts->gold, by_file, totals, misses, err, errlen);
    json_decref(by_file);
    return rc;
}

int output_write(const backtest_options *opts, const output_inputs *in, const collection *out,
                 size_t records_replayed, char *err, size_t errlen)
{
    score_totals totals = {0};
    json_t *misses = json_object(), *stories = json_array(), *report = NULL;
    int rc = -1;

    if (write_enriched(opts->report_dir, out, err, errlen) != 0)
        goto out_free;
    if (opts->gold && score_output(opts, &totals, misses, err, errlen) != 0)
        goto out_free;
    for (size_t i = 0; i < out->n; i++)
        json_array_append(stories, out->stories[i].story);
    report_inputs inputs = {.stories = stories,
                            .records_replayed = records_replayed,
                            .dead_letters = out->dead_letters,
                            .totals = opts->gold ? &totals : NULL,
                            .misses = opts->gold ? misses : NULL,
                            .old_report = in->old_report};
    report = report_build(&inputs, err, errlen);
    if (!report || write_json(opts->report_dir, "report.json", report, err, errlen) != 0 ||
        write_markdown(opts->report_dir, report, err, errlen) != 0)
        goto out_free;
    rc = 0;
out_free:
    json_decref(report);
    json_decref(stories);
    json_decref(misses);
    return rc;
}

void output_write_run_json(const char *report_dir, const char *ns, const char *brokers,
                           int64_t started_ms, int64_t ended_ms, const char *error,
                           const char *topics_deleted)
{
    char err[512];
    json_t *run = json_pack("{s:s, s:s, s:I, s:I, s:s, s:s?}", "namespace", ns, "brokers", brokers,
                            "started_ms", (json_int_t)started_ms, "ended_ms", (json_int_t)ended_ms,
                            "topics", *topics_deleted ? topics_deleted : "-", "error", error);
    if (!run || !is_dir(report_dir) ||
        write_json(report_dir, "run.json", run, err, sizeof(err)) != 0)
        fprintf(stderr, "telex-backtest: cannot write run.json in %s\n", report_dir);
    json_decref(run);
}
