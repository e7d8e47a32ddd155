/*
 * telex-cat: reads any Telex topic (-t TOPIC, namespace applied) or an Avro
 * archive file (-f FILE) and prints each record as one JSON line; with -P it
 * produces length-prefixed frames from stdin to -t TOPIC instead. Readers use
 * no consumer group, so telex-cat never disturbs a stage's group.
 */
#include <stddef.h>
#include <stdio.h>

#include "cat.h"

static const telex_conf_entry cat_config[] = {
    {TELEX_CONF_BOOL, "produce", "false", offsetof(cat_options, produce),
     "produce length-prefixed frames from stdin to the topic"},
    {TELEX_CONF_BOOL, "exit", "false", offsetof(cat_options, exit_at_end),
     "exit at the end of every partition"},
    {TELEX_CONF_STRING, "offset", "beginning", offsetof(cat_options, offset),
     "start at beginning, end, N, or -N (the last N of each partition)"},
    {TELEX_CONF_STRING, "file", NULL, offsetof(cat_options, file),
     "read an Avro object container file instead of a topic"},
    {TELEX_CONF_INT, "count", "0", offsetof(cat_options, count),
     "exit after this many records (0: no limit)"},
    {0},
};

static const telex_flag cat_flags[] = {
    {'P', "produce", "cat.produce", "true", NULL},
    {'C', "consume", "cat.produce", "false", NULL}, /* the default */
    {'e', "exit", "cat.exit", "true", NULL},
    {'o', "offset", "cat.offset", NULL, "OFFSET"},
    {'f', "file", "cat.file", NULL, "FILE"},
    {0, "count", "cat.count", NULL, "N"},
    {0},
};

static const telex_program cat_program = {
    .name = "cat",
    .description = "print a Telex topic or archive file as JSON lines, or produce frames (-P)",
    .usage = "[-C|-P] -t TOPIC [-e] [-o OFFSET] [options] | -f FILE",
    .key_groups = TELEX_KEYS_CONSUMER,
    .config = cat_config,
    .flags = cat_flags,
};

static int cat_file(const telex_schemas *schemas, const char *path)
{
    char err[1024];
    if (telex_container_file_to_json(schemas, path, stdout, err, sizeof(err)) != 0) {
        fprintf(stderr, "telex-cat: %s\n", err);
        return 1;
    }
    return 0;
}

static int run(const telex_config *cfg, const cat_options *opts)
{
    const telex_common *common = telex_config_common(cfg);
    telex_logger log = {.program = "cat", .min_level = common->log_level, .out = stderr};
    telex_schemas *schemas = NULL;
    char err[1024];
    int exit_code;

    if (opts->produce)
        return cat_produce(cfg, &log);
    if (telex_schemas_load(NULL, &schemas, err, sizeof(err)) != 0) {
        fprintf(stderr, "telex-cat: cannot load the schemas: %s\n", err);
        return 1;
    }
    exit_code = opts->file ? cat_file(schemas, opts->file) : cat_consume(cfg, opts, &log, schemas);
    telex_schemas_free(schemas);
    return exit_code;
}

int main(int argc, char **argv)
{
    cat_options opts = {0};
    telex_config *cfg = NULL;
    char err[1024];
    int64_t offset;
    int exit_code;

    if (telex_config_parse(&cat_program, argc, argv, NULL, &opts, &cfg, err, sizeof(err)) != 0) {
        fprintf(stderr, "telex-cat: %s\n", err);
        return 2;
    }
    if (telex_config_common(cfg)->help) {
        telex_config_help(&cat_program, stdout);
        exit_code = 0;
    } else if (cat_parse_offset(opts.offset, &offset) != 0) {
        fprintf(stderr,
                "telex-cat: bad value for \"cat.offset\": \"%s\" is not beginning, end, "
                "N or -N\n",
                opts.offset);
        exit_code = 2;
    } else {
        telex_signals_install();
        exit_code = run(cfg, &opts);
    }
    telex_config_free(cfg);
    return exit_code;
}
