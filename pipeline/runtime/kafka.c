/*
 * Kafka clients configured from a telex_config: an idempotent producer that
 * reports every delivery and closes with a bounded flush, and a consumer that
 * either joins the program's group (cooperative-sticky, offsets stored
 * explicitly by the caller after its outputs were delivered) or joins none.
 * With processing.guarantee=exactly_once the producer is transactional: it
 * gets the transactional.id and its transactions are initialized at open;
 * a failed delivery then fails its transaction (which the caller aborts and
 * retries) instead of counting as lost.
 *
 * The producer keeps one librdkafka topic handle per topic it produced to,
 * found by the logical name the caller gives, so a record costs no topic
 * name formatting and no topic lookup inside librdkafka.
 *
 * librdkafka's own log lines go through telex_log() so stderr stays one
 * logfmt line per event. Both wrappers begin with the logger pointer, which is
 * what the shared log callback reads from the handle's opaque.
 */
#include "telex/runtime.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* A topic the producer produced to: the caller's (logical) name and its handle. */
typedef struct topic_handle {
    char *logical;
    rd_kafka_topic_t *rkt;
} topic_handle;

struct telex_producer {
    const telex_logger *log; /* first: read by on_kafka_log() */
    rd_kafka_t *rk;
    topic_handle *topics; /* one per topic produced to, kept until close */
    size_t n_topics;
    const telex_config *cfg;
    telex_delivery_fn *on_delivery;
    void *hook_ctx;
    uint64_t delivered;
    uint64_t failed;
    int fatal;
    int transactional; /* deliveries settle with their transaction */
};

struct telex_consumer {
    const telex_logger *log; /* first: read by on_kafka_log() */
    rd_kafka_t *rk;
    const telex_config *cfg;
    telex_consumer_opts opts;
    int subscribed;
    int ever_assigned; /* the group gave this member partitions at least once */
};

/* librdkafka log levels are syslog levels. */
static telex_log_level level_of_syslog(int level)
{
    if (level <= 3)
        return TELEX_LOG_ERROR;
    if (level == 4)
        return TELEX_LOG_WARN;
    if (level <= 6)
        return TELEX_LOG_INFO;
    return TELEX_LOG_DEBUG;
}

static void on_kafka_log(const rd_kafka_t *rk, int level, const char *facility, const char *buf)
{
    const telex_logger *const *log = rd_kafka_opaque(rk);
    telex_log_level telex_level = level_of_syslog(level);

    /* A failed connection is retried by librdkafka: a warning, not an error. */
    if (strcmp(facility, "FAIL") == 0 && telex_level == TELEX_LOG_ERROR)
        telex_level = TELEX_LOG_WARN;
    if (log && *log)
        telex_log(*log, telex_level, buf, "component", "librdkafka", "facility", facility, "client",
                  rd_kafka_name(rk), NULL);
}

static void on_kafka_error(rd_kafka_t *rk, int err, const char *reason, void *opaque)
{
    const telex_logger *const *log = opaque;
    int fatal = err == RD_KAFKA_RESP_ERR__FATAL;
    char fatal_reason[512];

    if (fatal) {
        rd_kafka_fatal_error(rk, fatal_reason, sizeof(fatal_reason));
        reason = fatal_reason;
    }
    /* Broker connection trouble is retried by librdkafka: a warning, not an error. */
    telex_log(*log, fatal ? TELEX_LOG_ERROR : TELEX_LOG_WARN, reason, "component", "librdkafka",
              "error", rd_kafka_err2name((rd_kafka_resp_err_t)err), "client", rd_kafka_name(rk),
              NULL);
    if (fatal && rd_kafka_type(rk) == RD_KAFKA_PRODUCER)
        ((telex_producer *)opaque)->fatal = 1;
}

static const char *brokers_of(const telex_config *cfg)
{
    const char *brokers = telex_config_common(cfg)->brokers;
    return brokers ? brokers : telex_config_get(cfg, "metadata.broker.list");
}

static int conf_set(rd_kafka_conf_t *conf, const char *key, const char *value, char *err,
                    size_t errlen)
{
    char reason[512];
    if (rd_kafka_conf_set(conf, key, value, reason, sizeof(reason)) == RD_KAFKA_CONF_OK)
        return 0;
    snprintf(err, errlen, "cannot set \"%s\": %s", key, reason);
    return -1;
}

/* A conf with the brokers and every librdkafka key of cfg, logging through telex_log(). */
static rd_kafka_conf_t *base_conf(const telex_config *cfg, void *opaque, char *err, size_t errlen)
{
    const char *brokers = brokers_of(cfg);
    rd_kafka_conf_t *conf;

    if (!brokers || !*brokers) {
        snprintf(err, errlen, "no Kafka brokers given: use -b HOST:PORT or TELEX_BROKERS");
        return NULL;
    }
    conf = rd_kafka_conf_new();
    if (telex_config_apply_kafka(cfg, conf, err, errlen) != 0 ||
        conf_set(conf, "bootstrap.servers", brokers, err, errlen) != 0) {
        rd_kafka_conf_destroy(conf);
        return NULL;
    }
    rd_kafka_conf_set_opaque(conf, opaque);
    rd_kafka_conf_set_log_cb(conf, on_kafka_log);
    rd_kafka_conf_set_error_cb(conf, on_kafka_error);
    return conf;
}

int telex_kafka_wait_for_broker(rd_kafka_t *rk, const char *brokers, int64_t timeout_ms, char *err,
                                size_t errlen)
{
    const struct rd_kafka_metadata *md = NULL;
    /* A metadata request for no topic answers as soon as one broker is up. */
    rd_kafka_resp_err_t rc = rd_kafka_metadata(rk, 0, NULL, &md, (int)timeout_ms);

    if (rc != RD_KAFKA_RESP_ERR_NO_ERROR) {
        snprintf(err, errlen, "cannot reach Kafka at %s within %lld ms: %s", brokers,
                 (long long)timeout_ms, rd_kafka_err2str(rc));
        return -1;
    }
    rd_kafka_metadata_destroy(md);
    return 0;
}

/* ---- producer ---- */

/* A transactional delivery failure fails its transaction, which is retried. */
static void log_transactional_failure(const telex_producer *p, const rd_kafka_message_t *msg)
{
    int purged =
        msg->err == RD_KAFKA_RESP_ERR__PURGE_QUEUE || msg->err == RD_KAFKA_RESP_ERR__PURGE_INFLIGHT;
    /* An aborted transaction purges what it had queued: expected, so only at debug. */
    telex_log(p->log, purged ? TELEX_LOG_DEBUG : TELEX_LOG_WARN,
              "delivery failed; its transaction will be aborted", "topic",
              rd_kafka_topic_name(msg->rkt), "error", rd_kafka_err2str(msg->err), NULL);
}

static void on_delivery_report(rd_kafka_t *rk, const rd_kafka_message_t *msg, void *opaque)
{
    telex_producer *p = opaque;

    if (msg->err && p->transactional) {
        log_transactional_failure(p, msg);
    } else if (msg->err) {
        p->failed++;
        telex_log(p->log, TELEX_LOG_ERROR, "delivery failed", "topic",
                  rd_kafka_topic_name(msg->rkt), "error", rd_kafka_err2str(msg->err), NULL);
    } else {
        p->delivered++;
    }
    if (p->on_delivery)
        p->on_delivery(p->hook_ctx, msg->_private, rd_kafka_topic_name(msg->rkt), msg->err);
}

/* Sets the transactional.id of exactly_once; 0 or -1. */
static int set_transactional_keys(telex_producer *p, rd_kafka_conf_t *conf, char *err,
                                  size_t errlen)
{
    const char *txn_id = telex_config_common(p->cfg)->transactional_id;

    if (!telex_config_common(p->cfg)->exactly_once)
        return 0;
    p->transactional = 1;
    return conf_set(conf, "transactional.id", txn_id, err, errlen);
}

/* Registers the transactional id with its coordinator (fencing older epochs). */
static int init_transactions(telex_producer *p, char *err, size_t errlen)
{
    const telex_common *common = telex_config_common(p->cfg);
    rd_kafka_error_t *e;

    if (!p->transactional)
        return 0;
    e = rd_kafka_init_transactions(p->rk, (int)common->connect_timeout_ms);
    if (!e)
        return 0;
    snprintf(err, errlen, "cannot initialize transactions (transactional.id \"%s\"): %s",
             common->transactional_id, rd_kafka_error_string(e));
    rd_kafka_error_destroy(e);
    return -1;
}

int telex_producer_open(const telex_config *cfg, const telex_logger *log,
                        telex_delivery_fn *on_delivery, void *hook_ctx, telex_producer **out,
                        char *err, size_t errlen)
{
    telex_producer *p = calloc(1, sizeof(*p));
    rd_kafka_conf_t *conf = NULL;
    char reason[512];

    *out = NULL;
    if (!p) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    p->log = log;
    p->cfg = cfg;
    p->on_delivery = on_delivery;
    p->hook_ctx = hook_ctx;
    conf = base_conf(cfg, p, err, errlen);
    if (!conf)
        goto err_free_producer;
    /* Retries never duplicate or reorder records within a partition. */
    if (conf_set(conf, "enable.idempotence", "true", err, errlen) != 0 ||
        set_transactional_keys(p, conf, err, errlen) != 0)
        goto err_destroy_conf;
    rd_kafka_conf_set_dr_msg_cb(conf, on_delivery_report);
    p->rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, reason, sizeof(reason));
    if (!p->rk) {
        snprintf(err, errlen, "cannot create the Kafka producer: %s", reason);
        goto err_destroy_conf;
    }
    conf = NULL; /* now belongs to p->rk */
    if (telex_kafka_wait_for_broker(p->rk, brokers_of(cfg),
                                    telex_config_common(cfg)->connect_timeout_ms, err,
                                    errlen) != 0 ||
        init_transactions(p, err, errlen) != 0)
        goto err_destroy_handle;
    *out = p;
    return 0;

err_destroy_handle:
    rd_kafka_destroy(p->rk);
err_destroy_conf:
    if (conf)
        rd_kafka_conf_destroy(conf);
err_free_producer:
    free(p);
    return -1;
}

/* The handle of a topic (a logical name), made on its first use. NULL with a line in err. */
static rd_kafka_topic_t *topic_handle_of(telex_producer *p, const char *topic, char *err,
                                         size_t errlen)
{
    char full[512];
    topic_handle *grown;
    char *logical;
    rd_kafka_topic_t *rkt;

    for (size_t i = 0; i < p->n_topics; i++) {
        if (strcmp(p->topics[i].logical, topic) == 0)
            return p->topics[i].rkt;
    }
    if (telex_config_topic(p->cfg, topic, full, sizeof(full)) != 0) {
        snprintf(err, errlen, "output topic name too long: \"%s\"", topic);
        return NULL;
    }
    grown = realloc(p->topics, (p->n_topics + 1) * sizeof(*grown));
    if (!grown)
        goto err_out_of_memory;
    p->topics = grown;
    logical = strdup(topic);
    if (!logical)
        goto err_out_of_memory;
    rkt = rd_kafka_topic_new(p->rk, full, NULL);
    if (!rkt) {
        snprintf(err, errlen, "cannot produce to %s: %s", full,
                 rd_kafka_err2str(rd_kafka_last_error()));
        free(logical);
        return NULL;
    }
    p->topics[p->n_topics++] = (topic_handle){.logical = logical, .rkt = rkt};
    return rkt;

err_out_of_memory:
    snprintf(err, errlen, "out of memory");
    return NULL;
}

static void topic_handles_free(telex_producer *p)
{
    for (size_t i = 0; i < p->n_topics; i++) {
        rd_kafka_topic_destroy(p->topics[i].rkt);
        free(p->topics[i].logical);
    }
    free(p->topics);
    p->topics = NULL;
    p->n_topics = 0;
}

int telex_producer_send(telex_producer *p, const char *topic, const void *key, size_t key_len,
                        const void *value, size_t value_len, void *msg_opaque, char *err,
                        size_t errlen)
{
    int64_t waited_ms = 0;
    int64_t limit_ms = telex_config_common(p->cfg)->shutdown_timeout_ms;
    rd_kafka_topic_t *rkt;
    rd_kafka_resp_err_t rc;

    if (!topic)
        topic = telex_config_common(p->cfg)->output_topic;
    if (!topic) {
        snprintf(err, errlen, "no output topic");
        return -1;
    }
    rkt = topic_handle_of(p, topic, err, errlen);
    if (!rkt)
        return -1;
    for (;;) {
        rc = rd_kafka_producev(p->rk, RD_KAFKA_V_RKT(rkt), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
                               RD_KAFKA_V_KEY((void *)key, key_len),
                               RD_KAFKA_V_VALUE((void *)value, value_len),
                               RD_KAFKA_V_OPAQUE(msg_opaque), RD_KAFKA_V_END);
        if (rc != RD_KAFKA_RESP_ERR__QUEUE_FULL || waited_ms >= limit_ms)
            break;
        /* The local queue is full: serve delivery reports so it drains, then retry. */
        rd_kafka_poll(p->rk, 100);
        waited_ms += 100;
    }
    if (rc != RD_KAFKA_RESP_ERR_NO_ERROR) {
        snprintf(err, errlen, "cannot produce to %s: %s", rd_kafka_topic_name(rkt),
                 rd_kafka_err2str(rc));
        return -1;
    }
    return 0;
}

void telex_producer_poll(telex_producer *p, int timeout_ms)
{
    rd_kafka_poll(p->rk, timeout_ms);
}

void telex_producer_flush(telex_producer *p, int timeout_ms)
{
    rd_kafka_flush(p->rk, timeout_ms);
}

int telex_producer_failed(const telex_producer *p)
{
    return p->fatal;
}

rd_kafka_t *telex_producer_handle(telex_producer *p)
{
    return p->rk;
}

uint64_t telex_producer_close(telex_producer *p, int timeout_ms)
{
    uint64_t undelivered;
    char count[32];

    if (!p)
        return 0;
    rd_kafka_flush(p->rk, timeout_ms);
    /* Whatever is left fails now, with a delivery report, rather than vanishing. */
    rd_kafka_purge(p->rk, RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
    rd_kafka_poll(p->rk, 0);
    undelivered = p->failed + (uint64_t)rd_kafka_outq_len(p->rk);
    if (undelivered > 0) {
        snprintf(count, sizeof(count), "%llu", (unsigned long long)undelivered);
        telex_log(p->log, TELEX_LOG_ERROR, "records not delivered", "count", count, NULL);
    }
    topic_handles_free(p); /* handles go before their client */
    rd_kafka_destroy(p->rk);
    free(p);
    return undelivered;
}

/* ---- consumer ---- */

static void log_partitions(const telex_consumer *c, const char *msg,
                           const rd_kafka_topic_partition_list_t *parts)
{
    char count[32];
    snprintf(count, sizeof(count), "%d", parts->cnt);
    telex_log(c->log, TELEX_LOG_INFO, msg, "count", count, NULL);
}

static void log_rebalance_error(const telex_consumer *c, const char *what, rd_kafka_error_t *e)
{
    telex_log(c->log, TELEX_LOG_ERROR, what, "error", rd_kafka_error_string(e), NULL);
    rd_kafka_error_destroy(e);
}

static void assign_partitions(telex_consumer *c, rd_kafka_topic_partition_list_t *parts)
{
    if (strcmp(rd_kafka_rebalance_protocol(c->rk), "COOPERATIVE") == 0) {
        rd_kafka_error_t *e = rd_kafka_incremental_assign(c->rk, parts);
        if (e)
            log_rebalance_error(c, "cannot assign partitions", e);
    } else {
        rd_kafka_assign(c->rk, parts);
    }
    c->ever_assigned = 1;
    log_partitions(c, "partitions assigned", parts);
    if (c->opts.on_assign)
        c->opts.on_assign(c->opts.hook_ctx, parts);
}

static void revoke_partitions(telex_consumer *c, rd_kafka_topic_partition_list_t *parts)
{
    log_partitions(c, "partitions revoked", parts);
    if (c->opts.on_revoke)
        c->opts.on_revoke(c->opts.hook_ctx, parts);
    if (strcmp(rd_kafka_rebalance_protocol(c->rk), "COOPERATIVE") == 0) {
        rd_kafka_error_t *e = rd_kafka_incremental_unassign(c->rk, parts);
        if (e)
            log_rebalance_error(c, "cannot unassign partitions", e);
    } else {
        rd_kafka_assign(c->rk, NULL);
    }
}

static void on_rebalance(rd_kafka_t *rk, rd_kafka_resp_err_t err,
                         rd_kafka_topic_partition_list_t *parts, void *opaque)
{
    telex_consumer *c = opaque;

    if (err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS) {
        assign_partitions(c, parts);
    } else if (err == RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS) {
        revoke_partitions(c, parts);
    } else {
        telex_log(c->log, TELEX_LOG_ERROR, "rebalance failed", "error", rd_kafka_err2str(err),
                  NULL);
        rd_kafka_assign(rk, NULL);
    }
}

static int on_stats(rd_kafka_t *rk, char *json, size_t len, void *opaque)
{
    telex_consumer *c = opaque;
    if (c->opts.on_stats)
        c->opts.on_stats(c->opts.hook_ctx, json, len);
    return 0; /* librdkafka frees json */
}

/*
 * librdkafka wants a group.id even for assign(): a private one that never
 * joins and never commits, so stage groups are never disturbed.
 */
static int set_groupless_keys(rd_kafka_conf_t *conf, char *err, size_t errlen)
{
    char group[64];
    struct timespec now;

    clock_gettime(CLOCK_REALTIME, &now);
    snprintf(group, sizeof(group), "telex-reader-%ld-%ld", (long)getpid(), (long)now.tv_nsec);
    if (conf_set(conf, "group.id", group, err, errlen) != 0)
        return -1;
    return conf_set(conf, "enable.auto.commit", "false", err, errlen);
}

static int set_consumer_keys(telex_consumer *c, rd_kafka_conf_t *conf, char *err, size_t errlen)
{
    const telex_common *common = telex_config_common(c->cfg);

    if (c->opts.partition_eof && conf_set(conf, "enable.partition.eof", "true", err, errlen) != 0)
        return -1;
    /* Records of open or aborted transactions are never read (librdkafka's default too,
       stated so that exactly_once upstream stays exactly-once here). */
    if (!telex_config_get(c->cfg, "isolation.level") &&
        conf_set(conf, "isolation.level", "read_committed", err, errlen) != 0)
        return -1;
    if (!c->opts.use_group)
        return set_groupless_keys(conf, err, errlen);
    if (conf_set(conf, "group.id", common->group_id, err, errlen) != 0 ||
        /* Rebalances move only the partitions that change owner; the rest keep flowing. */
        conf_set(conf, "partition.assignment.strategy", "cooperative-sticky", err, errlen) != 0 ||
        /* The runtime stores an offset only after what it produced was delivered ... */
        conf_set(conf, "enable.auto.offset.store", "false", err, errlen) != 0 ||
        /* ... and the auto-commit commits exactly those stored offsets. */
        conf_set(conf, "enable.auto.commit", "true", err, errlen) != 0)
        return -1;
    /* A new group starts at the oldest record, so nothing that arrived first is skipped. */
    if (!telex_config_get(c->cfg, "auto.offset.reset") &&
        conf_set(conf, "auto.offset.reset", "earliest", err, errlen) != 0)
        return -1;
    rd_kafka_conf_set_rebalance_cb(conf, on_rebalance);
    return 0;
}

int telex_consumer_open(const telex_config *cfg, const telex_logger *log,
                        const telex_consumer_opts *opts, telex_consumer **out, char *err,
                        size_t errlen)
{
    telex_consumer *c = calloc(1, sizeof(*c));
    rd_kafka_conf_t *conf = NULL;
    char reason[512];

    *out = NULL;
    if (!c) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    c->log = log;
    c->cfg = cfg;
    c->opts = *opts;
    conf = base_conf(cfg, c, err, errlen);
    if (!conf || set_consumer_keys(c, conf, err, errlen) != 0)
        goto err_destroy_conf;
    if (opts->on_stats) {
        rd_kafka_conf_set_stats_cb(conf, on_stats);
        /* Statistics feed the consumer-lag gauges; every 5 s unless configured. */
        if (!telex_config_get(cfg, "statistics.interval.ms") &&
            conf_set(conf, "statistics.interval.ms", "5000", err, errlen) != 0)
            goto err_destroy_conf;
    }
    c->rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, reason, sizeof(reason));
    if (!c->rk) {
        snprintf(err, errlen, "cannot create the Kafka consumer: %s", reason);
        goto err_destroy_conf;
    }
    conf = NULL; /* now belongs to c->rk */
    /* Rebalance, statistics and error events are served by rd_kafka_consumer_poll(). */
    rd_kafka_poll_set_consumer(c->rk);
    if (telex_kafka_wait_for_broker(c->rk, brokers_of(cfg),
                                    telex_config_common(cfg)->connect_timeout_ms, err, errlen) != 0)
        goto err_destroy_handle;
    *out = c;
    return 0;

err_destroy_handle:
    rd_kafka_destroy(c->rk);
err_destroy_conf:
    if (conf)
        rd_kafka_conf_destroy(conf);
    free(c);
    return -1;
}

/* "^regex" gets the namespace too: "^ns\\.(regex)". */
static int subscription_name(const telex_config *cfg, const char *topic, char *out, size_t outlen)
{
    const char *ns = telex_config_common(cfg)->topic_ns;
    int n;

    if (topic[0] != '^' || !*ns)
        return telex_config_topic(cfg, topic, out, outlen);
    n = snprintf(out, outlen, "^");
    for (const char *p = ns; *p && n + 3 < (int)outlen; p++)
        n += snprintf(out + n, outlen - (size_t)n, "%s%c", *p == '.' ? "\\" : "", *p);
    n += snprintf(out + n, outlen - (size_t)n, "\\.(%s)", topic + 1);
    return n < 0 || (size_t)n >= outlen ? -1 : 0;
}

int telex_consumer_subscribe(telex_consumer *c, char *err, size_t errlen)
{
    const char *topics = telex_config_common(c->cfg)->input_topics;
    rd_kafka_topic_partition_list_t *list;
    char *copy, *save = NULL;
    char full[512];
    rd_kafka_resp_err_t rc;
    int result = -1;

    if (!topics || !*topics) {
        snprintf(err, errlen, "no input topic: give -t TOPIC");
        return -1;
    }
    copy = strdup(topics);
    list = rd_kafka_topic_partition_list_new(4);
    if (!copy)
        goto out_free_list;
    for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
        if (subscription_name(c->cfg, t, full, sizeof(full)) != 0) {
            snprintf(err, errlen, "topic name too long: \"%s\"", t);
            goto out_free_copy;
        }
        rd_kafka_topic_partition_list_add(list, full, RD_KAFKA_PARTITION_UA);
    }
    rc = rd_kafka_subscribe(c->rk, list);
    if (rc) {
        snprintf(err, errlen, "cannot subscribe to %s: %s", topics, rd_kafka_err2str(rc));
        goto out_free_copy;
    }
    c->subscribed = 1;
    result = 0;

out_free_copy:
    free(copy);
out_free_list:
    rd_kafka_topic_partition_list_destroy(list);
    if (result != 0 && !copy)
        snprintf(err, errlen, "out of memory");
    return result;
}

rd_kafka_t *telex_consumer_handle(telex_consumer *c)
{
    return c->rk;
}

/*
 * librdkafka before 2.3.0 aborts when a cooperative-sticky consumer is
 * destroyed after joining but before its first assignment (librdkafka issue
 * #4312). So a member stopped that early waits (bounded) for the assignment;
 * records polled meanwhile are dropped unprocessed and their offsets never
 * stored, so the group's next owner reads them.
 */
static void await_first_assignment(telex_consumer *c)
{
    int64_t waited_ms = 0;
    int64_t limit_ms = telex_config_common(c->cfg)->shutdown_timeout_ms;

    while (c->subscribed && !c->ever_assigned && waited_ms < limit_ms) {
        rd_kafka_message_t *msg = rd_kafka_consumer_poll(c->rk, 100);
        if (msg)
            rd_kafka_message_destroy(msg);
        waited_ms += 100;
    }
}

void telex_consumer_close(telex_consumer *c)
{
    if (!c)
        return;
    await_first_assignment(c);
    rd_kafka_consumer_close(c->rk);
    rd_kafka_destroy(c->rk);
    free(c);
}
