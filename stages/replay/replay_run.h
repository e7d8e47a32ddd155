/*
 * telex-replay's run, once the command line is parsed (main.c): load the
 * feed, order it, keep the window, produce it at the planned pace with a
 * progress bar on a terminal, and print the one summary line.
 */
#ifndef TELEX_REPLAY_RUN_H
#define TELEX_REPLAY_RUN_H

#include <stddef.h>
#include <stdint.h>

#include "telex/runtime.h"

/* The replay.* keys (main.c's config table fills it; strings belong to the config). */
typedef struct replay_options {
    char *speed;
    char *from;
    char *to;
    char *topic;
    char *format;
    char *published;
} replay_options;

/* The parsed pacing and window. */
typedef struct replay_plan {
    double speed;
    int has_from, has_to;
    int64_t from_ms, to_ms;
} replay_plan;

/* Reads --speed, --from and --to into plan. 0, or -1 with a one-line reason in err. */
int replay_make_plan(const replay_options *opts, replay_plan *plan, char *err, size_t errlen);

/* The whole replay; returns the exit code: 0 only if every record was delivered. */
int replay_run(const telex_config *cfg, const replay_options *opts, const replay_plan *plan);

#endif
