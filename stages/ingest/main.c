/*
 * telex-ingest: wire files, watched directories, stdin or HTTP POSTs to
 * wire.raw, one RawStory per item (ingest.h). With --stdout the records go to
 * stdout as length-prefixed frames and no broker is needed:
 *
 *     telex-ingest --stdout story.xml | telex-normalize --stdio --json
 *
 * Sources, in the order they run: the FILE arguments (sources.h), then
 * --watch DIR and --listen ADDR:PORT (serve.h), which run together until
 * SIGTERM. With none of them, stdin is read. --metrics ADDR:PORT serves
 * /metrics, /healthz and /readyz, and under systemd the daemon sources send
 * READY=1, WATCHDOG=1 and STOPPING=1 (health.h). The exit code is 0 only
 * when every input was ingested and every record delivered.
 */
#include <stdio.h>

#include "health.h"
#include "options.h"
#include "serve.h"
#include "sink.h"
#include "sources.h"
#include "telex/records.h"
#include "telex/runtime.h"

/* Runs every source into the sink, then settles and closes the producer. Returns the
   number of failures (inputs not ingested, records not delivered). */
static int run_sources(const telex_common *common, const ingest_options *o, ingest_sink *sink,
                       ingest_health *health, const telex_logger *log)
{
    char err[1024];
    ingest_run run = {.opts = o, .sink = sink, .log = log};
    ingest_health_ready(health, 0);
    ingest_arguments(&run, common->files, common->n_files);
    if (ingest_is_daemon(o) && ingest_serve(&run, health) != 0)
        run.errors++;
    if (sink_settle(sink, 0, err, sizeof err) != 0) {
        telex_log(log, TELEX_LOG_ERROR, "records lost", "error", err, NULL);
        run.errors++;
    }
    uint64_t undelivered = telex_producer_close(sink->producer, (int)common->shutdown_timeout_ms);
    sink->producer = NULL;
    return run.errors + (undelivered > 0);
}

static int run(const telex_config *cfg, const ingest_options *o)
{
    const telex_common *common = telex_config_common(cfg);
    telex_logger log = {.program = "ingest", .min_level = common->log_level, .out = stderr};
    telex_schemas *schemas = NULL;
    ingest_health health = {0};
    ingest_sink sink = {.flush_timeout_ms = common->shutdown_timeout_ms};
    char err[1024];
    int exit_code = 1;

    if (ingest_check_options(o, err, sizeof err) != 0) {
        fprintf(stderr, "telex-ingest: %s\n", err);
        return 2;
    }
    if (telex_schemas_load(NULL, &schemas, err, sizeof err) != 0) {
        fprintf(stderr, "telex-ingest: cannot load the schemas: %s\n", err);
        return 1;
    }
    if (ingest_health_start(&health, common->metrics_listen, err, sizeof err) != 0) {
        fprintf(stderr, "telex-ingest: %s\n", err);
        goto out_free_schemas;
    }
    sink.schemas = schemas;
    sink.metrics = health.metrics;
    if (!o->to_stdout && telex_producer_open(cfg, &log, sink_on_delivery, &sink, &sink.producer,
                                             err, sizeof err) != 0) {
        fprintf(stderr, "telex-ingest: %s\n", err);
        goto out_stop_health;
    }
    exit_code = run_sources(common, o, &sink, &health, &log) > 0 ? 1 : 0;

out_stop_health:
    ingest_health_stop(&health);
out_free_schemas:
    telex_schemas_free(schemas);
    return exit_code;
}

int main(int argc, char **argv)
{
    ingest_options opts = {0};
    telex_config *cfg = NULL;
    char err[1024];
    if (telex_config_parse(&ingest_program, argc, argv, NULL, &opts, &cfg, err, sizeof err)) {
        fprintf(stderr, "telex-ingest: %s\n", err);
        return 2;
    }
    int exit_code = 0;
    if (telex_config_common(cfg)->help) {
        telex_config_help(&ingest_program, stdout);
    } else {
        telex_signals_install();
        exit_code = run(cfg, &opts);
    }
    telex_config_free(cfg);
    return exit_code;
}
