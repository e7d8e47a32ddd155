/*
 * telex-broker's command line, up-front topics and port file.
 *
 * librdkafka 2.0.2's mock cluster auto-creates an unknown topic on first use
 * with its own default partition count, which no API changes. So the topics a
 * pipeline needs (the standard ones, --topic extras, and both again under each
 * --namespace prefix) are created here with --partitions partitions; any other
 * topic still auto-creates with the mock's default.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "broker.h"

const char *const broker_standard_topics[] = {"wire.raw", "wire.normalized", "wire.enriched",
                                              "wire.dlq", NULL};

enum { MAX_BROKERS = 64, MAX_PARTITIONS = 1024, MAX_TOPIC_NAME = 249 };

void broker_print_usage(FILE *out)
{
    fputs("Usage: telex-broker [--brokers N] [--partitions N] [--topic NAME]... "
          "[--namespace NS]... [--port-file F]\n"
          "An embedded Kafka-protocol cluster on loopback (librdkafka's mock cluster), in "
          "memory only.\n"
          "Prints its bootstrap list on stdout and runs until SIGTERM or SIGINT.\n"
          "\n"
          "  --brokers N      number of brokers (default 3)\n"
          "  --partitions N   partitions of the topics created up front (default 16)\n"
          "  --topic NAME     also create topic NAME up front (repeatable)\n"
          "  --namespace NS   also create every topic as NS.<topic> (repeatable)\n"
          "  --port-file F    write the bootstrap list to F (atomically, via F.tmp)\n"
          "  -h, --help       this text\n"
          "\n"
          "Created up front: wire.raw wire.normalized wire.enriched wire.dlq and the --topic "
          "ones.\n"
          "Other topics are created on first use with the mock cluster's default partition "
          "count.\n",
          out);
}

/* Parses a decimal int in [min, max]; returns 0, or -1 with a reason naming flag. */
static int parse_bounded_int(const char *flag, const char *text, int min, int max, int *out,
                             char *err, size_t errlen)
{
    char *end = NULL;
    errno = 0;
    long value = strtol(text, &end, 10);
    if (errno != 0 || end == text || *end != '\0' || value < min || value > max) {
        snprintf(err, errlen, "%s: expected a whole number from %d to %d, got \"%s\"", flag, min,
                 max, text);
        return -1;
    }
    *out = (int)value;
    return 0;
}

/* Kafka's rule for topic names: 1 to 249 of [a-zA-Z0-9._-]. */
static int check_topic_name(const char *flag, const char *name, char *err, size_t errlen)
{
    size_t len = strlen(name);
    if (len == 0 || len > MAX_TOPIC_NAME ||
        strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") != len) {
        snprintf(err, errlen, "%s: \"%s\" is not a valid topic name (1-249 of a-z A-Z 0-9 . _ -)",
                 flag, name);
        return -1;
    }
    return 0;
}

/* Appends item to a heap array of string pointers. */
static int push_name(const char ***items, size_t *n, const char *item)
{
    const char **grown = realloc(*items, (*n + 1) * sizeof **items);
    if (!grown)
        return -1;
    grown[(*n)++] = item;
    *items = grown;
    return 0;
}

/* Handles one option returned by getopt_long. */
static int apply_option(int opt, const char *arg, broker_options *opts, char *err, size_t errlen)
{
    switch (opt) {
    case 'h':
        opts->help = 1;
        return 0;
    case 'b':
        return parse_bounded_int("--brokers", arg, 1, MAX_BROKERS, &opts->brokers, err, errlen);
    case 'p':
        return parse_bounded_int("--partitions", arg, 1, MAX_PARTITIONS, &opts->partitions, err,
                                 errlen);
    case 'f':
        if (arg[0] == '\0') {
            snprintf(err, errlen, "--port-file: empty file name");
            return -1;
        }
        opts->port_file = arg;
        return 0;
    case 't':
        if (check_topic_name("--topic", arg, err, errlen) != 0)
            return -1;
        return push_name(&opts->topics, &opts->n_topics, arg);
    case 'n':
        if (check_topic_name("--namespace", arg, err, errlen) != 0)
            return -1;
        return push_name(&opts->namespaces, &opts->n_namespaces, arg);
    default:
        snprintf(err, errlen, "internal error: unhandled option %d", opt);
        return -1;
    }
}

int broker_parse_args(int argc, char **argv, broker_options *opts, char *err, size_t errlen)
{
    static const struct option long_options[] = {
        {"help", no_argument, NULL, 'h'},
        {"brokers", required_argument, NULL, 'b'},
        {"partitions", required_argument, NULL, 'p'},
        {"port-file", required_argument, NULL, 'f'},
        {"topic", required_argument, NULL, 't'},
        {"namespace", required_argument, NULL, 'n'},
        {NULL, 0, NULL, 0},
    };
    memset(opts, 0, sizeof *opts);
    if (errlen > 0)
        err[0] = '\0';
    opts->brokers = 3;
    opts->partitions = 16;

    opterr = 0; /* we print our own one-line errors */
    optind = 1;
    int opt;
    while ((opt = getopt_long(argc, argv, ":h", long_options, NULL)) != -1) {
        if (opt == '?') {
            snprintf(err, errlen, "unknown option \"%s\" (see --help)", argv[optind - 1]);
            return -1;
        }
        if (opt == ':') {
            snprintf(err, errlen, "option \"%s\" needs a value", argv[optind - 1]);
            return -1;
        }
        if (apply_option(opt, optarg, opts, err, errlen) != 0) {
            if (err[0] == '\0')
                snprintf(err, errlen, "out of memory");
            return -1;
        }
    }
    if (optind < argc) {
        snprintf(err, errlen, "unexpected argument \"%s\" (see --help)", argv[optind]);
        return -1;
    }
    return 0;
}

void broker_options_free(broker_options *opts)
{
    free(opts->topics);
    free(opts->namespaces);
    opts->topics = NULL;
    opts->namespaces = NULL;
    opts->n_topics = opts->n_namespaces = 0;
}

/* Creates prefix.name (or name when prefix is NULL). */
static int create_one_topic(rd_kafka_mock_cluster_t *cluster, const char *prefix, const char *name,
                            const broker_options *opts, char *err, size_t errlen)
{
    char full[2 * MAX_TOPIC_NAME + 2];
    if (prefix)
        snprintf(full, sizeof full, "%s.%s", prefix, name);
    else
        snprintf(full, sizeof full, "%s", name);
    if (strlen(full) > MAX_TOPIC_NAME) {
        snprintf(err, errlen, "topic name \"%s\" is longer than %d characters", full,
                 MAX_TOPIC_NAME);
        return -1;
    }
    /* Replication is bookkeeping only in the mock, but must not exceed the broker count. */
    int replication = opts->brokers < 3 ? opts->brokers : 3;
    rd_kafka_resp_err_t rc =
        rd_kafka_mock_topic_create(cluster, full, opts->partitions, replication);
    if (rc != RD_KAFKA_RESP_ERR_NO_ERROR && rc != RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS) {
        snprintf(err, errlen, "cannot create topic %s: %s", full, rd_kafka_err2str(rc));
        return -1;
    }
    return 0;
}

/* Creates every standard and --topic topic under one prefix (NULL: none). */
static int create_topics_in(rd_kafka_mock_cluster_t *cluster, const char *prefix,
                            const broker_options *opts, char *err, size_t errlen)
{
    for (size_t i = 0; broker_standard_topics[i]; i++)
        if (create_one_topic(cluster, prefix, broker_standard_topics[i], opts, err, errlen) != 0)
            return -1;
    for (size_t i = 0; i < opts->n_topics; i++)
        if (create_one_topic(cluster, prefix, opts->topics[i], opts, err, errlen) != 0)
            return -1;
    return 0;
}

int broker_create_topics(rd_kafka_mock_cluster_t *cluster, const broker_options *opts, char *err,
                         size_t errlen)
{
    if (create_topics_in(cluster, NULL, opts, err, errlen) != 0)
        return -1;
    for (size_t i = 0; i < opts->n_namespaces; i++)
        if (create_topics_in(cluster, opts->namespaces[i], opts, err, errlen) != 0)
            return -1;
    return 0;
}

int broker_write_port_file(const char *path, const char *bootstrap, char *err, size_t errlen)
{
    char tmp[PATH_MAX];
    if ((size_t)snprintf(tmp, sizeof tmp, "%s.tmp", path) >= sizeof tmp) {
        snprintf(err, errlen, "--port-file: path too long: %s", path);
        return -1;
    }
    FILE *f = fopen(tmp, "w");
    if (!f) {
        snprintf(err, errlen, "cannot write %s: %s", tmp, strerror(errno));
        return -1;
    }
    int write_failed = fprintf(f, "%s\n", bootstrap) < 0;
    if (fclose(f) != 0 || write_failed) {
        snprintf(err, errlen, "cannot write %s: %s", tmp, strerror(errno));
        goto err_remove_tmp;
    }
    if (rename(tmp, path) != 0) {
        snprintf(err, errlen, "cannot rename %s to %s: %s", tmp, path, strerror(errno));
        goto err_remove_tmp;
    }
    return 0;

err_remove_tmp:
    remove(tmp);
    return -1;
}
