/*
 * telex-cat's reader: assigns every partition of one topic (from metadata,
 * no consumer group, nothing committed), prints each record's JSON view as a
 * line on stdout, and with -e stops once every partition reached its end.
 * A record that is not a Telex frame is reported on stderr and skipped.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cat.h"

int cat_parse_offset(const char *text, int64_t *out)
{
    char *end;

    if (strcmp(text, "beginning") == 0) {
        *out = RD_KAFKA_OFFSET_BEGINNING;
        return 0;
    }
    if (strcmp(text, "end") == 0) {
        *out = RD_KAFKA_OFFSET_END;
        return 0;
    }
    errno = 0;
    long long n = strtoll(text, &end, 10);
    if (errno || end == text || *end != '\0')
        return -1;
    *out = n < 0 ? RD_KAFKA_OFFSET_TAIL(-n) : n;
    return 0;
}

/* What the read loop keeps: which partitions are at their end, how many printed. */
typedef struct reader {
    rd_kafka_t *rk;
    const cat_options *opts;
    const telex_logger *log;
    const telex_schemas *schemas;
    int n_partitions;
    char *at_end; /* per partition */
    int n_at_end;
    int64_t printed;
    telex_buf json;
    int stdout_failed;
    int stdout_errno; /* why writing failed; EPIPE: the reader went away */
} reader;

/* Asks the broker for the topic's partitions; returns their count or -1. */
static int partition_count(rd_kafka_t *rk, const char *topic, int64_t timeout_ms, char *err,
                           size_t errlen)
{
    rd_kafka_topic_t *rkt = rd_kafka_topic_new(rk, topic, NULL);
    const struct rd_kafka_metadata *md = NULL;
    int count = -1;

    rd_kafka_resp_err_t rc = rd_kafka_metadata(rk, 0, rkt, &md, (int)timeout_ms);
    if (rc)
        snprintf(err, errlen, "cannot get metadata of topic %s: %s", topic, rd_kafka_err2str(rc));
    else if (md->topic_cnt != 1 || md->topics[0].err)
        snprintf(err, errlen, "topic %s: %s", topic,
                 md->topic_cnt == 1 ? rd_kafka_err2str(md->topics[0].err) : "not found");
    else if (md->topics[0].partition_cnt == 0)
        snprintf(err, errlen, "topic %s does not exist", topic);
    else
        count = md->topics[0].partition_cnt;
    if (md)
        rd_kafka_metadata_destroy(md);
    rd_kafka_topic_destroy(rkt);
    return count;
}

static int assign_all(reader *r, const char *topic, char *err, size_t errlen)
{
    rd_kafka_topic_partition_list_t *list = rd_kafka_topic_partition_list_new(r->n_partitions);
    int64_t start = 0;

    cat_parse_offset(r->opts->offset, &start);
    for (int p = 0; p < r->n_partitions; p++)
        rd_kafka_topic_partition_list_add(list, topic, p)->offset = start;
    rd_kafka_resp_err_t rc = rd_kafka_assign(r->rk, list);
    rd_kafka_topic_partition_list_destroy(list);
    if (rc) {
        snprintf(err, errlen, "cannot assign the partitions of %s: %s", topic,
                 rd_kafka_err2str(rc));
        return -1;
    }
    return 0;
}

static void mark_end(reader *r, int32_t partition, int at_end)
{
    if (partition < 0 || partition >= r->n_partitions || r->at_end[partition] == at_end)
        return;
    r->at_end[partition] = (char)at_end;
    r->n_at_end += at_end ? 1 : -1;
}

static void print_record(reader *r, const rd_kafka_message_t *msg)
{
    char err[512], partition[16], offset[32];

    telex_buf_reset(&r->json);
    if (telex_frame_to_json(r->schemas, msg->payload, msg->len, &r->json, err, sizeof(err)) != 0) {
        snprintf(partition, sizeof(partition), "%d", msg->partition);
        snprintf(offset, sizeof(offset), "%lld", (long long)msg->offset);
        telex_log(r->log, TELEX_LOG_WARN, "not a Telex record", "topic",
                  rd_kafka_topic_name(msg->rkt), "partition", partition, "offset", offset, "error",
                  err, NULL);
        return;
    }
    if (fwrite(r->json.data, 1, r->json.len, stdout) != r->json.len || putchar('\n') == EOF) {
        r->stdout_failed = 1;
        r->stdout_errno = errno;
    }
    r->printed++;
}

static int done(const reader *r)
{
    if (r->stdout_failed || telex_signals_stop_requested())
        return 1;
    if (r->opts->count > 0 && r->printed >= r->opts->count)
        return 1;
    return r->opts->exit_at_end && r->n_at_end == r->n_partitions;
}

static void read_loop(reader *r)
{
    while (!done(r)) {
        rd_kafka_message_t *msg = rd_kafka_consumer_poll(r->rk, 100);
        if (!msg)
            continue;
        if (msg->err == RD_KAFKA_RESP_ERR__PARTITION_EOF)
            mark_end(r, msg->partition, 1);
        else if (msg->err)
            telex_log(r->log, TELEX_LOG_WARN, "consumer error", "error",
                      rd_kafka_message_errstr(msg), NULL);
        else {
            mark_end(r, msg->partition, 0);
            print_record(r, msg);
        }
        rd_kafka_message_destroy(msg);
    }
}

static int topic_of(const telex_config *cfg, char *out, size_t outlen, char *err, size_t errlen)
{
    const char *topics = telex_config_common(cfg)->input_topics;

    if (!topics || !*topics || strchr(topics, ',') || topics[0] == '^') {
        snprintf(err, errlen, "give one topic with -t TOPIC (or a file with -f FILE)");
        return -1;
    }
    if (telex_config_topic(cfg, topics, out, outlen) != 0) {
        snprintf(err, errlen, "topic name too long");
        return -1;
    }
    return 0;
}

int cat_consume(const telex_config *cfg, const cat_options *opts, const telex_logger *log,
                const telex_schemas *schemas)
{
    telex_consumer_opts copts = {.use_group = 0, .partition_eof = opts->exit_at_end};
    telex_consumer *consumer = NULL;
    reader r = {.opts = opts, .log = log, .schemas = schemas};
    char topic[512], err[1024];
    int exit_code = 1;

    if (topic_of(cfg, topic, sizeof(topic), err, sizeof(err)) != 0 ||
        telex_consumer_open(cfg, log, &copts, &consumer, err, sizeof(err)) != 0)
        goto out_report;
    r.rk = telex_consumer_handle(consumer);
    r.n_partitions = partition_count(r.rk, topic, telex_config_common(cfg)->connect_timeout_ms, err,
                                     sizeof(err));
    if (r.n_partitions < 0)
        goto out_close;
    r.at_end = calloc((size_t)r.n_partitions, 1);
    if (!r.at_end || assign_all(&r, topic, err, sizeof(err)) != 0)
        goto out_close;
    read_loop(&r);
    if (fflush(stdout) != 0 && !r.stdout_failed) {
        r.stdout_failed = 1;
        r.stdout_errno = errno;
    }
    /* A reader that went away (| head) is a normal end, not an error. */
    exit_code = r.stdout_failed && r.stdout_errno != EPIPE ? 1 : 0;
    if (exit_code)
        snprintf(err, sizeof(err), "cannot write to stdout: %s", strerror(r.stdout_errno));
    else
        err[0] = '\0';

out_close:
    telex_consumer_close(consumer);
    free(r.at_end);
    telex_buf_free(&r.json);
out_report:
    if (exit_code != 0 && err[0])
        fprintf(stderr, "telex-cat: %s\n", err);
    return exit_code;
}
