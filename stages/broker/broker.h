/*
 * telex-broker's logic, apart from main(): its command line, the topics it
 * creates up front, and the port file. The cluster itself is librdkafka's mock
 * cluster (rdkafka_mock.h); see main.c.
 */
#ifndef TELEX_BROKER_H
#define TELEX_BROKER_H

#include <stddef.h>

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

/* The topics every Telex pipeline uses; created up front in every namespace. */
extern const char *const broker_standard_topics[];

typedef struct broker_options {
    int brokers;           /* --brokers N, default 3 */
    int partitions;        /* --partitions N, default 16, for the topics created up front */
    const char *port_file; /* --port-file F, or NULL; points into argv */
    const char **topics;   /* --topic NAME (repeatable), extra topics; point into argv */
    size_t n_topics;
    const char **namespaces; /* --namespace NS (repeatable); point into argv */
    size_t n_namespaces;
    int help; /* -h / --help given */
} broker_options;

/*
 * Parses argv into opts (zeroed and defaulted first). Returns 0, or -1 with a
 * one-line reason in err. The arrays in opts are heap memory: free them with
 * broker_options_free() whatever the result.
 */
int broker_parse_args(int argc, char **argv, broker_options *opts, char *err, size_t errlen);
void broker_options_free(broker_options *opts);

/* Prints the usage text to out. */
void broker_print_usage(FILE *out);

/*
 * Creates the standard topics and the --topic ones, plain and under each
 * --namespace prefix, with opts->partitions partitions. Returns 0, or -1 with
 * a reason in err.
 */
int broker_create_topics(rd_kafka_mock_cluster_t *cluster, const broker_options *opts, char *err,
                         size_t errlen);

/*
 * Writes the bootstrap list and a newline to path through path.tmp and a
 * rename, so a reader never sees half a file. Returns 0, or -1 with a reason.
 */
int broker_write_port_file(const char *path, const char *bootstrap, char *err, size_t errlen);

#endif
