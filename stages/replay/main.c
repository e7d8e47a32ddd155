/*
 * telex-replay: archive files or raw wire files to topics, in time order.
 *
 * Loads every FILE or folder given (replay_core.c; raw wire files through
 * telex-ingest's library, replay_raw.c), orders the records by their time,
 * keeps the --from/--to window, and produces each to its original topic (or
 * -t TOPIC) under --namespace with the idempotent producer, paced at --speed
 * times the original pace or as fast as possible (--speed max). On a terminal
 * it draws a progress bar; it ends with one summary line on stdout:
 *   telex-replay: produced N records in S s (U undelivered)
 * and exits 0 only if every record was delivered.
 */
#include <stddef.h>
#include <stdio.h>

#include "replay_run.h"
#include "telex/runtime.h"

static const telex_conf_entry replay_config[] = {
    {TELEX_CONF_STRING, "speed", "max", offsetof(replay_options, speed),
     "N times the original pace, or max"},
    {TELEX_CONF_STRING, "from", NULL, offsetof(replay_options, from),
     "replay records at or after this ISO 8601 time"},
    {TELEX_CONF_STRING, "to", NULL, offsetof(replay_options, to),
     "replay records before this ISO 8601 time"},
    {TELEX_CONF_STRING, "topic", NULL, offsetof(replay_options, topic),
     "produce everything to this topic instead of each record's own"},
    {TELEX_CONF_STRING, "format", NULL, offsetof(replay_options, format),
     "raw wire files: force this format (default: detect)"},
    {TELEX_CONF_STRING, "published", NULL, offsetof(replay_options, published),
     "raw wire files: publication time for formats that carry none"},
    {0},
};

static const telex_flag replay_flags[] = {
    {0, "speed", "replay.speed", NULL, "N|max"},
    {0, "from", "replay.from", NULL, "TIME"},
    {0, "to", "replay.to", NULL, "TIME"},
    {'t', "topic", "replay.topic", NULL, "TOPIC"},
    {0, "format", "replay.format", NULL, "FORMAT"},
    {0, "published", "replay.published", NULL, "TIME"},
    {0},
};

static const telex_program replay_program = {
    .name = "replay",
    .description = "produce archived or raw wire records to topics in their original time order",
    .usage = "[--speed N|max] [--from TIME] [--to TIME] [-t TOPIC] [options] FILE|DIR...",
    .key_groups = TELEX_KEYS_PRODUCER,
    .config = replay_config,
    .flags = replay_flags,
    .takes_files = 1,
};

int main(int argc, char **argv)
{
    replay_options opts = {0};
    telex_config *cfg = NULL;
    replay_plan plan;
    char err[1024];
    int exit_code;

    if (telex_config_parse(&replay_program, argc, argv, NULL, &opts, &cfg, err, sizeof(err)) != 0) {
        fprintf(stderr, "telex-replay: %s\n", err);
        return 2;
    }
    if (telex_config_common(cfg)->help) {
        telex_config_help(&replay_program, stdout);
        exit_code = 0;
    } else if (replay_make_plan(&opts, &plan, err, sizeof(err)) != 0) {
        fprintf(stderr, "telex-replay: %s\n", err);
        exit_code = 2;
    } else {
        telex_signals_install();
        exit_code = replay_run(cfg, &opts, &plan);
    }
    telex_config_free(cfg);
    return exit_code;
}
