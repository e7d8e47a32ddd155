/*
 * The stages' own keys on telex-backtest's command line.
 *
 * A backtest often tries a stage setting: `-X tag.kb.dir=kb-next` runs the
 * backtest's telex-tag with that knowledge base, `-X normalize.rules=F` its
 * telex-normalize with those rules: the same key a user would give the stage
 * itself. telex-backtest does not know those keys (its own are backtest.* and
 * librdkafka's), so they are taken out of argv before the command line is
 * parsed, and handed to the stage they name (which checks them when it starts).
 * Only the command line carries them (-X KEY=V or -XKEY=V), not -c files.
 */
#ifndef TELEX_BACKTEST_STAGE_ARGS_H
#define TELEX_BACKTEST_STAGE_ARGS_H

#include <stddef.h>

/* "tag.kb.dir=kb-next" pairs, in command-line order; strings point into argv. */
typedef struct stage_args {
    const char **pairs;
    size_t n;
} stage_args;

/*
 * Moves every -X pair whose key starts with "normalize." or "tag." from argv to out;
 * *kept gets the rest (argv[0] first, NULL-terminated, the same strings; free it with
 * free()). 0, or -1 with err when out of memory.
 */
int stage_args_split(int argc, char **argv, char ***kept, int *kept_argc, stage_args *out,
                     char *err, size_t errlen);

/* 1 if the pair is for stage ("tag" for "tag.kb.dir=..."). */
int stage_args_is_for(const char *pair, const char *stage);

void stage_args_free(stage_args *args);

#endif
