/*
 * The stages' own keys on telex-backtest's command line (see stage_args.h).
 * "-X" followed by its pair, or "-XPAIR" in one word, as the runtime's parser
 * reads them; after "--" nothing is an option any more.
 */
#include "stage_args.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const stage_names[] = {"normalize", "tag"};

int stage_args_is_for(const char *pair, const char *stage)
{
    size_t n = strlen(stage);
    return strncmp(pair, stage, n) == 0 && pair[n] == '.';
}

static int is_stage_pair(const char *pair)
{
    for (size_t i = 0; i < sizeof(stage_names) / sizeof(stage_names[0]); i++)
        if (stage_args_is_for(pair, stage_names[i]) && strchr(pair, '='))
            return 1;
    return 0;
}

/* The pair of a -X at argv[*i] that is a stage's, or NULL; moves *i past a separate pair. */
static const char *take_stage_pair(int argc, char **argv, int *i)
{
    const char *arg = argv[*i];
    if (strncmp(arg, "-X", 2) != 0)
        return NULL;
    if (arg[2])
        return is_stage_pair(arg + 2) ? arg + 2 : NULL;
    if (*i + 1 < argc && is_stage_pair(argv[*i + 1]))
        return argv[++*i];
    return NULL;
}

int stage_args_split(int argc, char **argv, char ***kept, int *kept_argc, stage_args *out,
                     char *err, size_t errlen)
{
    *out = (stage_args){0};
    *kept = calloc((size_t)argc + 1, sizeof(**kept));
    out->pairs = calloc((size_t)argc + 1, sizeof(*out->pairs));
    if (!*kept || !out->pairs) {
        free(*kept);
        stage_args_free(out);
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    int n_kept = 0, options_ended = 0;
    for (int i = 0; i < argc; i++) {
        const char *pair = i > 0 && !options_ended ? take_stage_pair(argc, argv, &i) : NULL;
        if (pair) {
            out->pairs[out->n++] = pair;
            continue;
        }
        options_ended |= strcmp(argv[i], "--") == 0;
        (*kept)[n_kept++] = argv[i];
    }
    *kept_argc = n_kept;
    return 0;
}

void stage_args_free(stage_args *args)
{
    free(args->pairs);
    *args = (stage_args){0};
}
