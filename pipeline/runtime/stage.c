/*
 * telex_stage_main(): turns a stage descriptor into a program. It parses the
 * configuration (exit 2 on a bad one, 0 after --help), loads the schemas,
 * allocates the stage's context and fills its config fields, calls init(),
 * starts the metrics listener if asked, runs the --stdio or consumer-group
 * loop, calls exit() and frees everything. Exit codes: 0 clean, 1 a run-time
 * failure (unreachable broker, fatal stage error, undelivered records, a
 * fenced or failed transactional producer), 2 a configuration error.
 */
#include "runtime/stage_io.h"

#include <stdlib.h>
#include <string.h>

static void program_of_stage(const telex_stage_def *def, telex_program *prog)
{
    memset(prog, 0, sizeof(*prog));
    prog->name = def->name;
    prog->description = def->description;
    prog->usage = "[options]";
    prog->key_groups = TELEX_KEYS_CONSUMER | TELEX_KEYS_PRODUCER | TELEX_KEYS_STAGE;
    prog->input_topics = def->input_topics;
    prog->output_topic = def->output_topic;
    prog->config = def->config;
}

/* Logs every setting given (not defaults) at debug level, secrets masked. */
static void log_config(telex_io *io)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f;

    if (io->log.min_level > TELEX_LOG_DEBUG || !(f = open_memstream(&text, &len)))
        return;
    telex_config_dump(io->cfg, f);
    fclose(f);
    char *save = NULL;
    for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
        telex_log(&io->log, TELEX_LOG_DEBUG, "config", "setting", line, NULL);
    free(text);
}

static int start_metrics(telex_io *io)
{
    char err[512], port[16];

    if (!io->common->metrics_listen)
        return 0;
    if (telex_metrics_server_start(io->metrics, io->common->metrics_listen, &io->metrics_server,
                                   err, sizeof(err)) != 0) {
        telex_log(&io->log, TELEX_LOG_ERROR, err, NULL);
        return -1;
    }
    snprintf(port, sizeof(port), "%d", telex_metrics_server_port(io->metrics_server));
    telex_log(&io->log, TELEX_LOG_INFO, "metrics listening", "listen", io->common->metrics_listen,
              "port", port, NULL);
    return 0;
}

/* Everything but the config and the stage's init(); returns 0 or -1 (logged). */
static int open_runtime(telex_io *io)
{
    char err[1024];

    io->metrics = telex_metrics_new(io->def->name);
    io->tracker = telex_tracker_new();
    telex_txn_batch_init(&io->batch);
    if (!io->metrics || !io->tracker) {
        telex_log(&io->log, TELEX_LOG_ERROR, "out of memory", NULL);
        return -1;
    }
    if (telex_schemas_load(NULL, &io->schemas, err, sizeof(err)) != 0) {
        telex_log(&io->log, TELEX_LOG_ERROR, "cannot load the schemas", "error", err, NULL);
        return -1;
    }
    return start_metrics(io);
}

static void close_runtime(telex_io *io)
{
    telex_metrics_server_stop(io->metrics_server);
    telex_metrics_free(io->metrics);
    telex_tracker_free(io->tracker);
    telex_txn_batch_free(&io->batch);
    telex_schemas_free(io->schemas);
    telex_buf_free(&io->json);
}

static int init_stage(telex_io *io)
{
    char err[1024] = "";

    if (!io->def->init || io->def->init(io->ctx, io, err, sizeof(err)) == 0)
        return 0;
    telex_log(&io->log, TELEX_LOG_ERROR, "stage init failed", "error",
              err[0] ? err : "(no reason given)", NULL);
    return -1;
}

int telex_stage_check_config(const telex_stage_def *def, const telex_common *common, char *err,
                             size_t errlen)
{
    if (common->exactly_once && def->holds_records) {
        snprintf(err, errlen,
                 "processing.guarantee=exactly_once is not possible for telex-%s: it holds "
                 "records past process() (TELEX_HELD), which a transaction cannot span",
                 def->name);
        return -1;
    }
    return 0;
}

/* Parses the configuration into io; returns -1 (error printed), 0, or 1 after --help. */
static int configure(telex_io *io, const telex_program *prog, int argc, char **argv)
{
    char err[1024];

    if (telex_config_parse(prog, argc, argv, NULL, io->ctx, &io->cfg, err, sizeof(err)) != 0) {
        fprintf(stderr, "telex-%s: %s\n", prog->name, err);
        return -1;
    }
    io->common = telex_config_common(io->cfg);
    if (io->common->help) {
        telex_config_help(prog, stdout);
        return 1;
    }
    if (telex_stage_check_config(io->def, io->common, err, sizeof(err)) != 0) {
        fprintf(stderr, "telex-%s: %s\n", prog->name, err);
        return -1;
    }
    io->log.min_level = io->common->log_level;
    return 0;
}

static int run_configured(telex_io *io)
{
    int exit_code = 1;

    log_config(io);
    if (open_runtime(io) != 0)
        goto out_close_runtime;
    if (init_stage(io) != 0)
        goto out_close_runtime;
    exit_code = io->common->stdio ? telex_run_stdio(io) : telex_run_kafka(io);
    if (io->def->exit)
        io->def->exit(io->ctx);

out_close_runtime:
    close_runtime(io);
    return exit_code;
}

int telex_stage_main(const telex_stage_def *def, int argc, char **argv)
{
    telex_program prog;
    telex_io io = {.def = def, .log = {.program = def->name, .min_level = TELEX_LOG_INFO}};
    int exit_code = 2;

    program_of_stage(def, &prog);
    io.log.out = stderr;
    io.ctx = calloc(1, def->ctx_size ? def->ctx_size : 1);
    if (!io.ctx) {
        fprintf(stderr, "telex-%s: out of memory\n", def->name);
        return 1;
    }
    int rc = configure(&io, &prog, argc, argv);
    if (rc == 0) {
        telex_signals_install();
        exit_code = run_configured(&io);
    } else if (rc == 1) {
        exit_code = 0;
    }
    telex_config_free(io.cfg);
    free(io.ctx);
    return exit_code;
}
