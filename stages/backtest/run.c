/*
 * One backtest, start to end (see run.h).
 *
 * Order: check the inputs; pick the namespace (bt-<hash of the input path>-<pid>
 * unless --namespace is given); start telex-broker when no -b was given; parse
 * the configuration again with those brokers and namespace; load the feed;
 * open the producer and make sure the namespace's topics exist; start
 * telex-normalize and telex-tag (unless --use-running); replay as fast as
 * possible; collect; stop the stages; write the files; delete the topics;
 * close the producer; stop the broker. Whatever fails, what was started is
 * stopped.
 *
 * The report files (report.json, report.md, enriched.jsonl) hold nothing that
 * changes from run to run; the namespace, brokers, times and the topic
 * deletion's outcome go to run.json and the log.
 */
#include "run.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "collect.h"
#include "output.h"
#include "procs.h"
#include "replay_core.h"
#include "replay_raw.h"
#include "stage_conf.h"
#include "telex/records.h"

extern char **environ;

#define STAGE_STOP_MS 30000

/* What a run started or opened, so one function can undo it. */
typedef struct backtest {
    const backtest_options *opts;
    telex_logger log;
    char bin_dir[4096];
    char logs_dir[4096];
    char ns[128];
    char brokers[1024];
    pid_t broker_pid;
    pid_t stage_pids[2];
    telex_config *cfg;
    telex_schemas *schemas;
    replay_feed feed;
    telex_producer *producer;
    uint64_t delivered, failed;
    collection out;
    char topics_deleted[512]; /* the outcome, for run.json */
} backtest;

static const char *const stage_names[] = {"normalize", "tag"};
static const char *const ns_topics[] = {"wire.raw", "wire.normalized", "wire.enriched", "wire.dlq"};
#define N_NS_TOPICS (sizeof(ns_topics) / sizeof(ns_topics[0]))

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int make_dir(const char *path, char *err, size_t errlen)
{
    if (mkdir(path, 0755) != 0 && errno != EEXIST) {
        snprintf(err, errlen, "cannot create %s: %s", path, strerror(errno));
        return -1;
    }
    return 0;
}

/* FNV-1a of the input path: the same input gives namespaces that are easy to group. */
static uint32_t hash_text(const char *s)
{
    uint32_t h = 2166136261u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

static int pick_namespace(backtest *bt, const telex_common *common, char *err, size_t errlen)
{
    if (common->topic_ns && *common->topic_ns) {
        snprintf(bt->ns, sizeof(bt->ns), "%s", common->topic_ns);
        return 0;
    }
    if (bt->opts->use_running) {
        snprintf(err, errlen, "--use-running needs --namespace NS: the one the stages run under");
        return -1;
    }
    snprintf(bt->ns, sizeof(bt->ns), "bt-%08x-%ld", hash_text(bt->opts->input), (long)getpid());
    return 0;
}

static int start_broker(backtest *bt, char *err, size_t errlen)
{
    char binary[4200], port_file[4200], log_path[4200], partitions[32];
    snprintf(binary, sizeof(binary), "%s/telex-broker", bt->bin_dir);
    snprintf(port_file, sizeof(port_file), "%s/bootstrap", bt->logs_dir);
    snprintf(log_path, sizeof(log_path), "%s/broker.log", bt->logs_dir);
    snprintf(partitions, sizeof(partitions), "%lld", (long long)bt->opts->partitions);
    unlink(port_file);
    char *argv[] = {binary,     "--port-file", port_file, "--partitions",
                    partitions, "--namespace", bt->ns,    NULL};
    if (procs_spawn(argv, log_path, &bt->broker_pid, err, errlen) != 0)
        return -1;
    return procs_wait_for_file(port_file, bt->broker_pid, 20000, bt->brokers, sizeof(bt->brokers),
                               err, errlen);
}

/* Parses the command line again, the brokers and namespace picked here given through the
   environment (the command line still wins). */
static int reparse_config(backtest *bt, const telex_program *prog, int argc, char **argv, char *err,
                          size_t errlen)
{
    size_t n_env = 0;
    while (environ[n_env])
        n_env++;
    char **envp = calloc(n_env + 3, sizeof(*envp));
    char brokers[1100], ns[160];
    if (!envp) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    size_t k = 0;
    snprintf(ns, sizeof(ns), "TELEX_NAMESPACE=%s", bt->ns);
    envp[k++] = ns;
    if (*bt->brokers) {
        snprintf(brokers, sizeof(brokers), "TELEX_BROKERS=%s", bt->brokers);
        envp[k++] = brokers;
    }
    for (size_t i = 0; i < n_env; i++)
        envp[k++] = environ[i];
    backtest_options ignored = {0};
    int rc = telex_config_parse(prog, argc, argv, envp, &ignored, &bt->cfg, err, errlen);
    free(envp);
    return rc;
}

static int load_feed(backtest *bt, char *err, size_t errlen)
{
    if (telex_schemas_load(NULL, &bt->schemas, err, errlen) != 0)
        return -1;
    replay_raw_options raw = {bt->schemas, bt->opts->format, bt->opts->published};
    if (replay_load_path(&bt->feed, bt->opts->input, replay_raw_load, &raw, err, errlen) != 0)
        return -1;
    replay_feed_sort(&bt->feed);
    if (bt->feed.n == 0) {
        snprintf(err, errlen, "%s: no stories to replay", bt->opts->input);
        return -1;
    }
    return 0;
}

static void on_delivery(void *hook_ctx, void *msg_opaque, const char *topic,
                        rd_kafka_resp_err_t err)
{
    backtest *bt = hook_ctx;
    if (err)
        bt->failed++;
    else
        bt->delivered++;
}

/* Asks for each namespace topic's metadata through the producer, which creates a missing
   topic on brokers that allow it, so the stages find their input when they subscribe. */
static int ensure_topics(backtest *bt, char *err, size_t errlen)
{
    rd_kafka_t *rk = telex_producer_handle(bt->producer);
    for (size_t i = 0; i < N_NS_TOPICS; i++) {
        char topic[512];
        telex_config_topic(bt->cfg, ns_topics[i], topic, sizeof(topic));
        rd_kafka_topic_t *rkt = rd_kafka_topic_new(rk, topic, NULL);
        const struct rd_kafka_metadata *md = NULL;
        rd_kafka_resp_err_t kerr = RD_KAFKA_RESP_ERR__UNKNOWN_TOPIC;
        for (int attempt = 0; attempt < 20 && kerr; attempt++) {
            if (md)
                rd_kafka_metadata_destroy(md);
            md = NULL;
            kerr = rd_kafka_metadata(rk, 0, rkt, &md, 5000);
            if (!kerr &&
                (md->topic_cnt != 1 || md->topics[0].err || md->topics[0].partition_cnt == 0))
                kerr = md->topic_cnt == 1 && md->topics[0].err ? md->topics[0].err
                                                               : RD_KAFKA_RESP_ERR__UNKNOWN_TOPIC;
            if (kerr)
                telex_producer_poll(bt->producer, 250);
        }
        if (md)
            rd_kafka_metadata_destroy(md);
        rd_kafka_topic_destroy(rkt);
        if (kerr) {
            snprintf(err, errlen, "topic %s does not exist and could not be created: %s", topic,
                     rd_kafka_err2str(kerr));
            return -1;
        }
    }
    return 0;
}

/* LOGS/<stage>.properties: the settings passed on to stage i (stage_conf.h). */
static void stage_conf_path(const backtest *bt, size_t i, char *out, size_t outlen)
{
    snprintf(out, outlen, "%s/%s.properties", bt->logs_dir, stage_names[i]);
}

static int start_stages(backtest *bt, char *err, size_t errlen)
{
    for (size_t i = 0; i < 2; i++) {
        char binary[4200], log_path[4200], group[256], conf[4200];
        snprintf(binary, sizeof(binary), "%s/telex-%s", bt->bin_dir, stage_names[i]);
        snprintf(log_path, sizeof(log_path), "%s/%s.log", bt->logs_dir, stage_names[i]);
        /* A group of the namespace's own, so a shared cluster's live groups are not joined. */
        snprintf(group, sizeof(group), "%s.telex-%s", bt->ns, stage_names[i]);
        stage_conf_path(bt, i, conf, sizeof(conf));
        if (stage_conf_write(bt->cfg, &bt->opts->stage_keys, stage_names[i], conf, err, errlen) !=
            0)
            return -1;
        char *argv[] = {binary, "-b",  bt->brokers, "--namespace", bt->ns,
                        "-G",   group, "-c",        conf,          NULL};
        if (procs_spawn(argv, log_path, &bt->stage_pids[i], err, errlen) != 0)
            return -1;
    }
    return 0;
}

/* A collect_stages_check: -1 with the stage and its log when one has exited. */
static int stages_running(void *vbt, char *err, size_t errlen)
{
    backtest *bt = vbt;
    for (size_t i = 0; i < 2; i++) {
        int code;
        if (bt->stage_pids[i] <= 0 || !procs_exit_code(bt->stage_pids[i], &code))
            continue;
        bt->stage_pids[i] = 0;
        snprintf(err, errlen, "telex-%s exited early with code %d; see %s/%s.log", stage_names[i],
                 code, bt->logs_dir, stage_names[i]);
        return -1;
    }
    return 0;
}

/* Stops the stages, then removes their properties files (they may hold secrets). */
static void stop_stages(backtest *bt)
{
    for (size_t i = 0; i < 2; i++) {
        char conf[4200];
        stage_conf_path(bt, i, conf, sizeof(conf));
        if (bt->stage_pids[i] <= 0) {
            unlink(conf);
            continue;
        }
        int code = procs_stop(bt->stage_pids[i], STAGE_STOP_MS);
        bt->stage_pids[i] = 0;
        unlink(conf);
        if (code != 0) {
            char text[16];
            snprintf(text, sizeof(text), "%d", code);
            telex_log(&bt->log, TELEX_LOG_WARN, "stage exited with an error", "stage",
                      stage_names[i], "exit_code", text, "logs", bt->logs_dir, NULL);
        }
    }
}

static int replay_feed_out(backtest *bt, char *err, size_t errlen)
{
    for (size_t i = 0; i < bt->feed.n; i++) {
        const replay_item *item = &bt->feed.items[i];
        if (telex_producer_send(bt->producer, item->topic, item->key, item->key_len, item->value,
                                item->value_len, NULL, err, errlen) != 0)
            return -1;
        telex_producer_poll(bt->producer, 0);
    }
    telex_producer_flush(bt->producer, (int)telex_config_common(bt->cfg)->shutdown_timeout_ms);
    if (bt->delivered != bt->feed.n) {
        snprintf(err, errlen, "replay: %llu of %zu stories delivered (%llu failed)",
                 (unsigned long long)bt->delivered, bt->feed.n, (unsigned long long)bt->failed);
        return -1;
    }
    return 0;
}

/* Deletes the namespace's topics; the outcome goes to the log and bt->topics_deleted. */
static void delete_topics(backtest *bt)
{
    if (bt->opts->use_running) {
        snprintf(bt->topics_deleted, sizeof(bt->topics_deleted),
                 "kept: the stages given by --use-running still read them");
        return;
    }
    rd_kafka_t *rk = telex_producer_handle(bt->producer);
    rd_kafka_DeleteTopic_t *topics[N_NS_TOPICS];
    char names[N_NS_TOPICS][512];
    for (size_t i = 0; i < N_NS_TOPICS; i++) {
        telex_config_topic(bt->cfg, ns_topics[i], names[i], sizeof(names[i]));
        topics[i] = rd_kafka_DeleteTopic_new(names[i]);
    }
    rd_kafka_queue_t *queue = rd_kafka_queue_new(rk);
    /* The embedded broker (librdkafka's mock cluster) never answers DeleteTopics:
       a short bound, then say so. */
    rd_kafka_AdminOptions_t *options =
        rd_kafka_AdminOptions_new(rk, RD_KAFKA_ADMIN_OP_DELETETOPICS);
    char ignored[256];
    rd_kafka_AdminOptions_set_request_timeout(options, 5000, ignored, sizeof(ignored));
    rd_kafka_DeleteTopics(rk, topics, N_NS_TOPICS, options, queue);
    rd_kafka_event_t *event = rd_kafka_queue_poll(queue, 6000);
    const char *why = NULL;
    if (!event)
        why = "no answer within 6 s (the embedded telex-broker does not support it)";
    else if (rd_kafka_event_error(event))
        why = rd_kafka_event_error_string(event);
    else {
        size_t n = 0;
        const rd_kafka_topic_result_t **results =
            rd_kafka_DeleteTopics_result_topics(rd_kafka_event_DeleteTopics_result(event), &n);
        for (size_t i = 0; i < n && !why; i++)
            if (rd_kafka_topic_result_error(results[i]))
                why = rd_kafka_topic_result_error_string(results[i]);
    }
    if (why)
        snprintf(bt->topics_deleted, sizeof(bt->topics_deleted), "not deleted: %s", why);
    else
        snprintf(bt->topics_deleted, sizeof(bt->topics_deleted), "deleted");
    telex_log(&bt->log, why ? TELEX_LOG_WARN : TELEX_LOG_INFO,
              why ? "the broker did not delete the namespace's topics"
                  : "deleted the namespace's topics",
              "namespace", bt->ns, "reason", why ? why : "", NULL);
    if (event)
        rd_kafka_event_destroy(event);
    rd_kafka_queue_destroy(queue);
    rd_kafka_AdminOptions_destroy(options);
    rd_kafka_DeleteTopic_destroy_array(topics, N_NS_TOPICS);
}

/* The steps from the broker to the collected output. */
static int run_pipeline(backtest *bt, const telex_program *prog, int argc, char **argv, char *err,
                        size_t errlen)
{
    if (!*bt->brokers && start_broker(bt, err, errlen) != 0)
        return -1;
    if (reparse_config(bt, prog, argc, argv, err, errlen) != 0 || load_feed(bt, err, errlen) != 0 ||
        telex_producer_open(bt->cfg, &bt->log, on_delivery, bt, &bt->producer, err, errlen) != 0 ||
        ensure_topics(bt, err, errlen) != 0)
        return -1;
    if (!bt->opts->use_running && start_stages(bt, err, errlen) != 0)
        return -1;
    telex_log(&bt->log, TELEX_LOG_INFO, "replaying", "namespace", bt->ns, "brokers", bt->brokers,
              NULL);
    if (replay_feed_out(bt, err, errlen) != 0)
        return -1;
    int rc =
        collect_output(bt->cfg, &bt->log, bt->schemas, bt->feed.n, bt->opts->timeout_s * 1000,
                       bt->opts->use_running ? NULL : stages_running, bt, &bt->out, err, errlen);
    stop_stages(bt);
    return rc;
}

static void cleanup(backtest *bt)
{
    stop_stages(bt);
    if (bt->producer) {
        delete_topics(bt);
        telex_producer_close(bt->producer, 5000);
    }
    if (bt->broker_pid > 0 && procs_stop(bt->broker_pid, 20000) != 0)
        telex_log(&bt->log, TELEX_LOG_WARN, "telex-broker did not stop cleanly", NULL);
    collection_free(&bt->out);
    replay_feed_free(&bt->feed);
    telex_schemas_free(bt->schemas);
    telex_config_free(bt->cfg);
}

int backtest_run(const telex_program *prog, int argc, char **argv, const telex_config *first,
                 const backtest_options *opts)
{
    const telex_common *common = telex_config_common(first);
    backtest bt = {.opts = opts,
                   .log = {.program = "backtest", .min_level = common->log_level, .out = stderr}};
    output_inputs inputs = {0};
    char err[2048];
    int64_t started = now_ms();
    int exit_code = 1;

    if (output_check_inputs(opts, &inputs, err, sizeof(err)) != 0 ||
        procs_bin_dir(bt.bin_dir, sizeof(bt.bin_dir), err, sizeof(err)) != 0 ||
        make_dir(opts->report_dir, err, sizeof(err)) != 0 ||
        pick_namespace(&bt, common, err, sizeof(err)) != 0)
        goto out_report;
    snprintf(bt.logs_dir, sizeof(bt.logs_dir), "%s/logs", opts->report_dir);
    if (make_dir(bt.logs_dir, err, sizeof(err)) != 0)
        goto out_report;
    if (common->brokers)
        snprintf(bt.brokers, sizeof(bt.brokers), "%s", common->brokers);
    else if (opts->use_running) {
        snprintf(err, sizeof(err), "--use-running needs -b BROKERS: where the stages run");
        goto out_report;
    }
    if (run_pipeline(&bt, prog, argc, argv, err, sizeof(err)) != 0)
        goto out_cleanup;
    collection_sort(&bt.out);
    if (output_write(opts, &inputs, &bt.out, bt.feed.n, err, sizeof(err)) != 0)
        goto out_cleanup;
    exit_code = 0;
out_cleanup:
    cleanup(&bt);
    output_write_run_json(opts->report_dir, bt.ns, bt.brokers, started, now_ms(),
                          exit_code == 0 ? NULL : err, bt.topics_deleted);
out_report:
    output_inputs_free(&inputs);
    if (exit_code != 0)
        fprintf(stderr, "telex-backtest: %s\n", err);
    return exit_code;
}
