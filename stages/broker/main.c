/*
 * telex-broker: an embedded Kafka-protocol cluster for a laptop, the
 * quickstart and the tests.
 *
 * It is librdkafka's mock cluster (rdkafka_mock.h): real TCP listeners on
 * loopback speaking the Kafka protocol, so kcat, confluent-kafka and Telex's
 * stages talk to it like to any cluster. Data lives in memory only, and each
 * partition keeps at most 5 MiB or 100,000 batches (DESIGN.md, known limits).
 *
 * It prints the bootstrap list on stdout (one line, flushed), optionally
 * writes it to --port-file, and runs until SIGTERM or SIGINT; then it
 * destroys the cluster and exits 0. A bad flag is a one-line error, exit 2.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "broker.h"

static volatile sig_atomic_t stop_requested;

static void request_stop(int signo)
{
    (void)signo;
    stop_requested = 1;
}

static int install_signal_handlers(void)
{
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = request_stop;
    sigemptyset(&action.sa_mask);
    if (sigaction(SIGTERM, &action, NULL) != 0 || sigaction(SIGINT, &action, NULL) != 0)
        return -1;
    return 0;
}

/*
 * The handle the mock cluster hangs off. It is a producer that never produces:
 * the cluster needs an rd_kafka_t for its own bookkeeping and thread.
 */
static rd_kafka_t *new_host_handle(char *err, size_t errlen)
{
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    /* Keep the idle host handle from logging about its (absent) bootstrap servers. */
    if (rd_kafka_conf_set(conf, "log_level", "3", err, errlen) != RD_KAFKA_CONF_OK) {
        rd_kafka_conf_destroy(conf);
        return NULL;
    }
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, errlen);
    if (!rk)
        rd_kafka_conf_destroy(conf); /* on success conf belongs to the handle */
    return rk;
}

/* Sleeps in 100 ms steps until a signal asks us to stop. */
static void wait_for_stop(rd_kafka_t *rk)
{
    while (!stop_requested)
        rd_kafka_poll(rk, 100);
}

int main(int argc, char **argv)
{
    char err[512] = "";
    int exit_code = 1;
    broker_options opts;

    if (broker_parse_args(argc, argv, &opts, err, sizeof err) != 0) {
        fprintf(stderr, "telex-broker: %s\n", err);
        broker_options_free(&opts);
        return 2;
    }
    if (opts.help) {
        broker_print_usage(stdout);
        broker_options_free(&opts);
        return 0;
    }
    if (install_signal_handlers() != 0) {
        fprintf(stderr, "telex-broker: cannot install signal handlers\n");
        goto out_free_options;
    }

    rd_kafka_t *rk = new_host_handle(err, sizeof err);
    if (!rk) {
        fprintf(stderr, "telex-broker: cannot create the host handle: %s\n", err);
        goto out_free_options;
    }
    rd_kafka_mock_cluster_t *cluster = rd_kafka_mock_cluster_new(rk, opts.brokers);
    if (!cluster) {
        fprintf(stderr, "telex-broker: cannot start a mock cluster of %d brokers\n", opts.brokers);
        goto out_destroy_handle;
    }
    if (broker_create_topics(cluster, &opts, err, sizeof err) != 0) {
        fprintf(stderr, "telex-broker: %s\n", err);
        goto out_destroy_cluster;
    }

    const char *bootstrap = rd_kafka_mock_cluster_bootstraps(cluster);
    if (opts.port_file && broker_write_port_file(opts.port_file, bootstrap, err, sizeof err) != 0) {
        fprintf(stderr, "telex-broker: %s\n", err);
        goto out_destroy_cluster;
    }
    printf("%s\n", bootstrap);
    fflush(stdout);

    wait_for_stop(rk);
    exit_code = 0;

out_destroy_cluster:
    rd_kafka_mock_cluster_destroy(cluster);
out_destroy_handle:
    rd_kafka_destroy(rk);
out_free_options:
    broker_options_free(&opts);
    return exit_code;
}
