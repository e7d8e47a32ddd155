/*
 * What config.c, config_args.c, config_help.c and config_secrets.c share: the settings list
 * with the rank of each source, and the table of the runtime's own keys.
 */
#ifndef TELEX_RUNTIME_CONFIG_INTERNAL_H
#define TELEX_RUNTIME_CONFIG_INTERNAL_H

#include "telex/runtime.h"

enum rank { RANK_DEFAULT, RANK_FILE, RANK_ENV, RANK_COMMAND_LINE };

/* One of the runtime's own keys, with its flag and environment variable. */
typedef struct runtime_key {
    const char *key;
    telex_conf_type type;
    const char *default_value;
    const char *env;        /* environment variable, or NULL */
    char short_flag;        /* or 0 */
    const char *long_flag;  /* or NULL */
    const char *flag_value; /* value of a flag without argument, or NULL */
    const char *arg_name;
    unsigned group; /* enum telex_key_group bits; 0: every program */
    const char *description;
} runtime_key;

typedef struct setting {
    char *key;
    char *value;
    char *source;
    int rank;
    int secret; /* read from a file (@file:PATH): never printed, whatever the key */
} setting;

struct telex_config {
    const telex_program *prog;
    setting *settings;
    size_t n_settings;
    size_t cap_settings;
    char **conf_files; /* -c FILE, in order */
    size_t n_conf_files;
    char **files; /* positional arguments */
    size_t n_files;
    telex_common common;
    char default_transactional_id[320]; /* common.transactional_id when none was given */
};

/* The runtime's own keys, ended by an all-zero entry. */
extern const runtime_key telex_runtime_keys[];

/* Sets key=value unless a setting of a higher rank has it. Returns 0 or -1. */
int telex_config_set_value(telex_config *cfg, const char *key, const char *value,
                           const char *source, int rank, char *err, size_t errlen);
/* Appends a copy of value to a string list. Returns 0 or -1. */
int telex_config_add_string(char ***list, size_t *n, const char *value);
/* 1 if a runtime key of group (0: every program) applies to prog. */
int telex_config_in_groups(const telex_program *prog, unsigned group);
/* TELEX_<PROGRAM>_<KEY>: upper case, dots and dashes as underscores. */
void telex_config_env_name(const char *program, const char *key, char *out, size_t outlen);
/* TELEX_KAFKA_<KEY> variables of envp to librdkafka settings (config_secrets.c). 0 or -1. */
int telex_config_load_kafka_environment(telex_config *cfg, char **envp, char *err, size_t errlen);
/* Replaces every "@file:PATH" value by the file's contents (config_secrets.c). 0 or -1. */
int telex_config_resolve_files(telex_config *cfg, char *err, size_t errlen);
/* Reads argv into command-line settings, -c files and positional arguments. */
int telex_config_parse_args(telex_config *cfg, int argc, char **argv, char *err, size_t errlen);

#endif
