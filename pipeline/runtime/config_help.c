/*
 * --help, generated from the same tables the parser reads: the runtime's own
 * keys (those of the program's key groups) and the program's config table,
 * each with its flag, type, default, environment variable and description.
 */
#include "runtime/config_internal.h"

#include <stdio.h>
#include <string.h>

/* ---- --help ---- */

static const char *type_name(telex_conf_type type)
{
    switch (type) {
    case TELEX_CONF_INT:
        return "int";
    case TELEX_CONF_BOOL:
        return "bool";
    case TELEX_CONF_DOUBLE:
        return "number";
    default:
        return "string";
    }
}

/* "-b, --brokers BROKERS", or "-X key=..." for a key without a flag. */
static void help_flag_text(char short_flag, const char *long_flag, const char *arg_name,
                           const char *key, char *out, size_t outlen)
{
    const char *arg = arg_name ? arg_name : "";
    const char *space = arg_name ? " " : "";

    if (short_flag && long_flag)
        snprintf(out, outlen, "-%c, --%s%s%s", short_flag, long_flag, space, arg);
    else if (short_flag)
        snprintf(out, outlen, "-%c%s%s", short_flag, space, arg);
    else if (long_flag)
        snprintf(out, outlen, "--%s%s%s", long_flag, space, arg);
    else
        snprintf(out, outlen, "-X %s=...", key);
}

static void help_runtime_keys(const telex_program *prog, FILE *out)
{
    char flag[320];

    for (const runtime_key *k = telex_runtime_keys; k->key; k++) {
        if (!telex_config_in_groups(prog, k->group))
            continue;
        help_flag_text(k->short_flag, k->long_flag, k->flag_value ? NULL : k->arg_name, k->key,
                       flag, sizeof(flag));
        const char *def = k->default_value;
        if (strcmp(k->key, "input.topics") == 0)
            def = prog->input_topics;
        else if (strcmp(k->key, "output.topic") == 0)
            def = prog->output_topic;
        fprintf(out, "  %-24s %-20s %-6s default: %s%s%s\n      %s\n", flag, k->key,
                type_name(k->type), def && *def ? def : "(none)", k->env ? ", env " : "",
                k->env ? k->env : "", k->description);
    }
}

static const telex_flag *flag_of_key(const telex_program *prog, const char *key)
{
    for (const telex_flag *f = prog->flags; f && f->key; f++) {
        if (strcmp(f->key, key) == 0)
            return f;
    }
    return NULL;
}

static void help_program_keys(const telex_program *prog, FILE *out)
{
    char key[256];
    char env[256];
    char flag[320];

    for (const telex_conf_entry *e = prog->config; e && e->key; e++) {
        snprintf(key, sizeof(key), "%s.%s", prog->name, e->key);
        telex_config_env_name(prog->name, e->key, env, sizeof(env));
        const telex_flag *f = flag_of_key(prog, key);
        if (f)
            help_flag_text(f->short_name, f->long_name, f->value ? NULL : f->arg_name, key, flag,
                           sizeof(flag));
        else
            help_flag_text(0, NULL, NULL, key, flag, sizeof(flag));
        fprintf(out, "  %-24s %-20s %-6s default: %s, env %s\n      %s\n", flag, key,
                type_name(e->type), e->default_value ? e->default_value : "(none)", env,
                e->description ? e->description : "");
    }
}

void telex_config_help(const telex_program *prog, FILE *out)
{
    fprintf(out, "Usage: telex-%s %s\n%s\n\n", prog->name, prog->usage ? prog->usage : "[options]",
            prog->description ? prog->description : "");
    fprintf(out, "Options (precedence: defaults < -c FILE < environment < command line):\n"
                 "  -h, --help                 this help\n"
                 "  -c FILE                    read KEY=VALUE lines (# comments) from FILE\n"
                 "  -X KEY=VALUE               set any key below, or any librdkafka key\n\n");
    fprintf(out, "Runtime keys:\n");
    help_runtime_keys(prog, out);
    if (prog->config && prog->config->key) {
        fprintf(out, "\ntelex-%s keys:\n", prog->name);
        help_program_keys(prog, out);
    }
    fprintf(out, "\nAny other key goes to librdkafka (see its CONFIGURATION.md); values of "
                 "keys naming a password, secret or key are never printed.\n"
                 "librdkafka keys also come from the environment as TELEX_KAFKA_<KEY> (e.g. "
                 "TELEX_KAFKA_SASL_PASSWORD for sasl.password).\n"
                 "A value @file:PATH is read from PATH (one trailing newline removed) and never "
                 "printed, e.g. -X sasl.password=@file:/run/secrets/kafka_password.\n");
}
