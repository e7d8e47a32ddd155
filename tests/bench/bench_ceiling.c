/*
 * bench-ceiling: the ceiling of the benchmarks, a bare librdkafka
 * consume-and-produce loop.
 *
 *   bench-ceiling -b BROKERS -t IN -o OUT [-G GROUP] [-X key=value]...
 *
 * It joins consumer group GROUP (default bench-ceiling) on topic IN and
 * produces every message unchanged (same key, same value) to OUT: no Avro,
 * no logic, no offset tracking beyond librdkafka's automatic commits. What a
 * stage reaches relative to this loop, on the same records and the same
 * broker, is what the stage's own work costs. It uses the settings the stage
 * runtime uses where they change the cost (an idempotent producer, the
 * cooperative-sticky assignor), and runs until SIGTERM or SIGINT; then it
 * closes the consumer, flushes the producer (10 s at most) and exits non-zero
 * if anything was not delivered. Assignment changes are logged on stderr
 * ("partitions assigned count=N") so a driver can wait for them.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <librdkafka/rdkafka.h>

enum { MAX_EXTRA = 32 };

typedef struct ceiling_args {
    const char *brokers;
    const char *in_topic;
    const char *out_topic;
    const char *group;
    const char *extra[MAX_EXTRA]; /* "key=value" for both clients */
    int n_extra;
} ceiling_args;

static volatile sig_atomic_t stop_requested;
static unsigned long failed_deliveries;

static void request_stop(int signo)
{
    (void)signo;
    stop_requested = 1;
}

static int parse_args(int argc, char **argv, ceiling_args *args, char *err, size_t errlen)
{
    *args = (ceiling_args){.group = "bench-ceiling"};
    for (int i = 1; i < argc; i++) {
        const char *flag = argv[i];
        const char *value = i + 1 < argc ? argv[++i] : NULL;
        if (!value) {
            snprintf(err, errlen, "%s needs a value", flag);
            return -1;
        }
        if (strcmp(flag, "-b") == 0)
            args->brokers = value;
        else if (strcmp(flag, "-t") == 0)
            args->in_topic = value;
        else if (strcmp(flag, "-o") == 0)
            args->out_topic = value;
        else if (strcmp(flag, "-G") == 0)
            args->group = value;
        else if (strcmp(flag, "-X") == 0 && args->n_extra < MAX_EXTRA && strchr(value, '='))
            args->extra[args->n_extra++] = value;
        else {
            snprintf(err, errlen, "unknown option or bad value: %s %s", flag, value);
            return -1;
        }
    }
    if (!args->brokers || !args->in_topic || !args->out_topic) {
        snprintf(err, errlen, "want -b BROKERS -t IN -o OUT");
        return -1;
    }
    return 0;
}

static int conf_set(rd_kafka_conf_t *conf, const char *key, const char *value, char *err,
                    size_t errlen)
{
    char reason[256];
    if (rd_kafka_conf_set(conf, key, value, reason, sizeof reason) == RD_KAFKA_CONF_OK)
        return 0;
    snprintf(err, errlen, "%.100s=%.100s: %.250s", key, value, reason);
    return -1;
}

/* A configuration with the brokers and every -X pair set. */
static rd_kafka_conf_t *new_conf(const ceiling_args *args, char *err, size_t errlen)
{
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    if (conf_set(conf, "bootstrap.servers", args->brokers, err, errlen) != 0)
        goto err_destroy;
    for (int k = 0; k < args->n_extra; k++) {
        char pair[512];
        snprintf(pair, sizeof pair, "%s", args->extra[k]);
        char *eq = strchr(pair, '=');
        *eq = '\0';
        if (conf_set(conf, pair, eq + 1, err, errlen) != 0)
            goto err_destroy;
    }
    return conf;

err_destroy:
    rd_kafka_conf_destroy(conf);
    return NULL;
}

static void on_delivery(rd_kafka_t *rk, const rd_kafka_message_t *msg, void *opaque)
{
    (void)rk;
    (void)opaque;
    if (msg->err)
        failed_deliveries++;
}

static rd_kafka_t *open_producer(const ceiling_args *args, char *err, size_t errlen)
{
    rd_kafka_conf_t *conf = new_conf(args, err, errlen);
    if (!conf)
        return NULL;
    /* As the stage runtime's producer: no duplicates or reordering on retries. */
    if (conf_set(conf, "enable.idempotence", "true", err, errlen) != 0) {
        rd_kafka_conf_destroy(conf);
        return NULL;
    }
    rd_kafka_conf_set_dr_msg_cb(conf, on_delivery);
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, errlen);
    if (!rk)
        rd_kafka_conf_destroy(conf); /* on success conf belongs to the handle */
    return rk;
}

/* Incremental (cooperative) rebalances: log what changes and apply it. */
static void on_rebalance(rd_kafka_t *rk, rd_kafka_resp_err_t err,
                         rd_kafka_topic_partition_list_t *parts, void *opaque)
{
    (void)opaque;
    int assigned = err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS;
    fprintf(stderr, "bench-ceiling: partitions %s count=%d\n", assigned ? "assigned" : "revoked",
            parts->cnt);
    rd_kafka_error_t *error = assigned ? rd_kafka_incremental_assign(rk, parts)
                                       : rd_kafka_incremental_unassign(rk, parts);
    if (error) {
        fprintf(stderr, "bench-ceiling: rebalance: %s\n", rd_kafka_error_string(error));
        rd_kafka_error_destroy(error);
    }
}

static rd_kafka_t *open_consumer(const ceiling_args *args, char *err, size_t errlen)
{
    rd_kafka_conf_t *conf = new_conf(args, err, errlen);
    if (!conf)
        return NULL;
    if (conf_set(conf, "group.id", args->group, err, errlen) != 0 ||
        /* As the stage runtime's consumer. */
        conf_set(conf, "partition.assignment.strategy", "cooperative-sticky", err, errlen) != 0 ||
        /* Records produced before the group formed are part of the run. */
        conf_set(conf, "auto.offset.reset", "earliest", err, errlen) != 0) {
        rd_kafka_conf_destroy(conf);
        return NULL;
    }
    rd_kafka_conf_set_rebalance_cb(conf, on_rebalance);
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, err, errlen);
    if (!rk) {
        rd_kafka_conf_destroy(conf);
        return NULL;
    }
    rd_kafka_poll_set_consumer(rk);
    rd_kafka_topic_partition_list_t *topics = rd_kafka_topic_partition_list_new(1);
    rd_kafka_topic_partition_list_add(topics, args->in_topic, RD_KAFKA_PARTITION_UA);
    rd_kafka_resp_err_t rc = rd_kafka_subscribe(rk, topics);
    rd_kafka_topic_partition_list_destroy(topics);
    if (rc) {
        snprintf(err, errlen, "cannot subscribe to %s: %s", args->in_topic, rd_kafka_err2str(rc));
        rd_kafka_destroy(rk);
        return NULL;
    }
    return rk;
}

/* Produces one message's key and value to topic, waiting while the queue is full. */
static int forward(rd_kafka_t *producer, const char *topic, const rd_kafka_message_t *msg)
{
    for (;;) {
        rd_kafka_resp_err_t rc = rd_kafka_producev(
            producer, RD_KAFKA_V_TOPIC(topic), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
            RD_KAFKA_V_KEY(msg->key, msg->key_len), RD_KAFKA_V_VALUE(msg->payload, msg->len),
            RD_KAFKA_V_END);
        if (rc == RD_KAFKA_RESP_ERR_NO_ERROR)
            return 0;
        if (rc != RD_KAFKA_RESP_ERR__QUEUE_FULL || stop_requested) {
            fprintf(stderr, "bench-ceiling: cannot produce: %s\n", rd_kafka_err2str(rc));
            return -1;
        }
        rd_kafka_poll(producer, 10);
    }
}

/* Forwards until a signal or a failure; returns how many messages went out, or -1. */
static long forward_loop(rd_kafka_t *consumer, rd_kafka_t *producer, const char *out_topic)
{
    long forwarded = 0;
    while (!stop_requested) {
        rd_kafka_message_t *msg = rd_kafka_consumer_poll(consumer, 100);
        rd_kafka_poll(producer, 0);
        if (!msg)
            continue;
        int failed = 0;
        if (msg->err)
            fprintf(stderr, "bench-ceiling: consumer: %s\n", rd_kafka_message_errstr(msg));
        else if (forward(producer, out_topic, msg) != 0)
            failed = 1;
        else
            forwarded++;
        rd_kafka_message_destroy(msg);
        if (failed)
            return -1;
    }
    return forwarded;
}

int main(int argc, char **argv)
{
    char err[512];
    ceiling_args args;
    struct sigaction action = {.sa_handler = request_stop};

    if (parse_args(argc, argv, &args, err, sizeof err) != 0) {
        fprintf(stderr, "bench-ceiling: %s\n", err);
        return 2;
    }
    sigemptyset(&action.sa_mask);
    sigaction(SIGTERM, &action, NULL);
    sigaction(SIGINT, &action, NULL);

    rd_kafka_t *producer = open_producer(&args, err, sizeof err);
    if (!producer) {
        fprintf(stderr, "bench-ceiling: producer: %s\n", err);
        return 1;
    }
    rd_kafka_t *consumer = open_consumer(&args, err, sizeof err);
    if (!consumer) {
        fprintf(stderr, "bench-ceiling: consumer: %s\n", err);
        rd_kafka_destroy(producer);
        return 1;
    }
    long forwarded = forward_loop(consumer, producer, args.out_topic);

    rd_kafka_consumer_close(consumer);
    rd_kafka_destroy(consumer);
    rd_kafka_flush(producer, 10000);
    int undelivered = rd_kafka_outq_len(producer);
    rd_kafka_destroy(producer);
    fprintf(stderr, "bench-ceiling: forwarded %ld, failed %lu, undelivered %d\n", forwarded,
            failed_deliveries, undelivered);
    return forwarded < 0 || failed_deliveries > 0 || undelivered > 0 ? 1 : 0;
}
