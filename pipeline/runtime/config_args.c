/*
 * The command line, kcat's way: -b BROKERS, -X key=value, -c FILE, -t TOPIC,
 * the runtime's long options and the program's own flags (telex_flag), all
 * turned into settings of the command-line rank. "-bHOST" and "-b HOST",
 * "--opt=value" and "--opt value" both work; "--" ends the options.
 */
#include "runtime/config_internal.h"

#include <stdio.h>
#include <string.h>

/* ---- the command line ---- */

/* A flag found on the command line: what it sets. */
typedef struct flag_match {
    const char *key;
    const char *flag_value;
} flag_match;

static int match_runtime_flag(const telex_program *prog, char short_name, const char *long_name,
                              flag_match *out)
{
    for (const runtime_key *k = telex_runtime_keys; k->key; k++) {
        if (!telex_config_in_groups(prog, k->group))
            continue;
        if ((short_name && k->short_flag == short_name) ||
            (long_name && k->long_flag && strcmp(k->long_flag, long_name) == 0)) {
            out->key = k->key;
            out->flag_value = k->flag_value;
            return 1;
        }
    }
    return 0;
}

static int match_program_flag(const telex_program *prog, char short_name, const char *long_name,
                              flag_match *out)
{
    for (const telex_flag *f = prog->flags; f && f->key; f++) {
        if ((short_name && f->short_name == short_name) ||
            (long_name && f->long_name && strcmp(f->long_name, long_name) == 0)) {
            out->key = f->key;
            out->flag_value = f->value;
            return 1;
        }
    }
    return 0;
}

/* Splits "key=value" of -X into a setting. */
static int set_from_pair(telex_config *cfg, const char *pair, char *err, size_t errlen)
{
    const char *eq = strchr(pair, '=');
    char key[256];

    if (!eq || eq == pair || (size_t)(eq - pair) >= sizeof(key)) {
        snprintf(err, errlen, "-X needs KEY=VALUE, got \"%s\"", pair);
        return -1;
    }
    memcpy(key, pair, (size_t)(eq - pair));
    key[eq - pair] = '\0';
    return telex_config_set_value(cfg, key, eq + 1, "-X", RANK_COMMAND_LINE, err, errlen);
}

/* Handles one option whose name is short_name or long_name; may consume argv[*i + 1]. */
static int parse_option(telex_config *cfg, char short_name, const char *long_name,
                        const char *inline_value, int argc, char **argv, int *i, char *err,
                        size_t errlen)
{
    const telex_program *prog = cfg->prog;
    flag_match match = {0};
    const char *value = inline_value;
    char shown[64];

    if (short_name)
        snprintf(shown, sizeof(shown), "-%c", short_name);
    else
        snprintf(shown, sizeof(shown), "--%s", long_name);

    if (short_name == 'h' || (long_name && strcmp(long_name, "help") == 0)) {
        cfg->common.help = 1;
        return 0;
    }
    int builtin = short_name == 'c' || short_name == 'X';
    if (!builtin && !match_runtime_flag(prog, short_name, long_name, &match) &&
        !match_program_flag(prog, short_name, long_name, &match)) {
        snprintf(err, errlen, "unknown option \"%s\" (see --help)", shown);
        return -1;
    }
    if (!builtin && match.flag_value) {
        if (inline_value) {
            snprintf(err, errlen, "option \"%s\" takes no value", shown);
            return -1;
        }
        return telex_config_set_value(cfg, match.key, match.flag_value, shown, RANK_COMMAND_LINE,
                                      err, errlen);
    }
    if (!value) {
        if (*i + 1 >= argc) {
            snprintf(err, errlen, "option \"%s\" needs a value", shown);
            return -1;
        }
        value = argv[++*i];
    }
    if (short_name == 'c') {
        if (telex_config_add_string(&cfg->conf_files, &cfg->n_conf_files, value) != 0) {
            snprintf(err, errlen, "out of memory");
            return -1;
        }
        return 0;
    }
    if (short_name == 'X')
        return set_from_pair(cfg, value, err, errlen);
    return telex_config_set_value(cfg, match.key, value, shown, RANK_COMMAND_LINE, err, errlen);
}

static int add_positional(telex_config *cfg, const char *arg, char *err, size_t errlen)
{
    if (!cfg->prog->takes_files) {
        snprintf(err, errlen, "unexpected argument \"%s\" (see --help)", arg);
        return -1;
    }
    if (telex_config_add_string(&cfg->files, &cfg->n_files, arg) != 0) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    return 0;
}

static int parse_long_option(telex_config *cfg, const char *arg, int argc, char **argv, int *i,
                             char *err, size_t errlen)
{
    char name[64];
    const char *eq = strchr(arg, '=');
    size_t len = eq ? (size_t)(eq - arg) : strlen(arg);

    if (len >= sizeof(name)) {
        snprintf(err, errlen, "unknown option \"--%.40s...\" (see --help)", arg);
        return -1;
    }
    memcpy(name, arg, len);
    name[len] = '\0';
    return parse_option(cfg, 0, name, eq ? eq + 1 : NULL, argc, argv, i, err, errlen);
}

/* "-bHOST" and "-b HOST" both work, as with getopt; "-eP" is two flags. */
static int parse_short_options(telex_config *cfg, const char *arg, int argc, char **argv, int *i,
                               char *err, size_t errlen)
{
    for (const char *p = arg; *p; p++) {
        flag_match match = {0};
        int takes_value = *p == 'c' || *p == 'X' ||
                          ((match_runtime_flag(cfg->prog, *p, NULL, &match) ||
                            match_program_flag(cfg->prog, *p, NULL, &match)) &&
                           !match.flag_value);
        if (takes_value)
            return parse_option(cfg, *p, NULL, p[1] ? p + 1 : NULL, argc, argv, i, err, errlen);
        if (parse_option(cfg, *p, NULL, NULL, argc, argv, i, err, errlen) != 0)
            return -1;
    }
    return 0;
}

int telex_config_parse_args(telex_config *cfg, int argc, char **argv, char *err, size_t errlen)
{
    int only_positional = 0;

    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        int rc;
        if (only_positional || arg[0] != '-' || strcmp(arg, "-") == 0)
            rc = add_positional(cfg, arg, err, errlen);
        else if (strcmp(arg, "--") == 0) {
            only_positional = 1;
            rc = 0;
        } else if (arg[1] == '-')
            rc = parse_long_option(cfg, arg + 2, argc, argv, &i, err, errlen);
        else
            rc = parse_short_options(cfg, arg + 1, argc, argv, &i, err, errlen);
        if (rc != 0)
            return -1;
    }
    return 0;
}
