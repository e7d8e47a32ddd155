/*
 * Collecting a backtest's output from its namespace's topics (see collect.h).
 */
#include "collect.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "replay_core.h"
#include "report.h"

int collection_add_line(collection *c, const char *line, size_t len, char *err, size_t errlen)
{
    json_error_t jerr;
    json_t *story = json_loadb(line, len, 0, &jerr);
    if (!json_is_object(story)) {
        snprintf(err, errlen, "an enriched record's JSON view is not an object: %s",
                 story ? "wrong type" : jerr.text);
        json_decref(story);
        return -1;
    }
    for (size_t i = 0; i < c->n; i++) {
        if (json_equal(c->stories[i].story, story)) {
            json_decref(story);
            c->duplicates++;
            return 0;
        }
    }
    collected_story *stories = replay_grow_array(c->stories, &c->cap, c->n, sizeof(*stories));
    if (!stories)
        goto err_out_of_memory;
    c->stories = stories;
    char *copy = strndup(line, len);
    if (!copy)
        goto err_out_of_memory;
    c->stories[c->n++] = (collected_story){copy, story};
    return 1;
err_out_of_memory:
    json_decref(story);
    snprintf(err, errlen, "out of memory collecting the enriched stories");
    return -1;
}

static int compare_collected(const void *a, const void *b)
{
    const collected_story *x = a, *y = b;
    int keys = strcmp(report_story_key(x->story), report_story_key(y->story));
    if (keys)
        return keys;
    const char *xi = json_string_value(json_object_get(x->story, "id"));
    const char *yi = json_string_value(json_object_get(y->story, "id"));
    int ids = strcmp(xi ? xi : "", yi ? yi : "");
    return ids ? ids : strcmp(x->line, y->line);
}

void collection_sort(collection *c)
{
    if (c->n > 1)
        qsort(c->stories, c->n, sizeof(*c->stories), compare_collected);
}

void collection_free(collection *c)
{
    for (size_t i = 0; i < c->n; i++) {
        free(c->stories[i].line);
        json_decref(c->stories[i].story);
    }
    free(c->stories);
    *c = (collection){0};
}

/* ---- Reading the topics --------------------------------------------------------------------- */

static int64_t monotonic_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Adds every partition of topic (from metadata) to list, from the beginning. */
static int add_partitions(rd_kafka_t *rk, const char *topic, int64_t timeout_ms,
                          rd_kafka_topic_partition_list_t *list, char *err, size_t errlen)
{
    rd_kafka_topic_t *rkt = rd_kafka_topic_new(rk, topic, NULL);
    const struct rd_kafka_metadata *md = NULL;
    int rc = -1;
    rd_kafka_resp_err_t kerr = rd_kafka_metadata(rk, 0, rkt, &md, (int)timeout_ms);
    if (kerr)
        snprintf(err, errlen, "cannot get metadata of topic %s: %s", topic, rd_kafka_err2str(kerr));
    else if (md->topic_cnt != 1 || md->topics[0].err || md->topics[0].partition_cnt == 0)
        snprintf(err, errlen, "topic %s does not exist (%s)", topic,
                 md->topic_cnt == 1 ? rd_kafka_err2str(md->topics[0].err) : "not found");
    else {
        for (int p = 0; p < md->topics[0].partition_cnt; p++)
            rd_kafka_topic_partition_list_add(list, topic, p)->offset = RD_KAFKA_OFFSET_BEGINNING;
        rc = 0;
    }
    if (md)
        rd_kafka_metadata_destroy(md);
    rd_kafka_topic_destroy(rkt);
    return rc;
}

static int assign_output_topics(const telex_config *cfg, rd_kafka_t *rk, char *enriched,
                                size_t enriched_len, char *err, size_t errlen)
{
    char dlq[512];
    int64_t timeout = telex_config_common(cfg)->connect_timeout_ms;
    if (telex_config_topic(cfg, "wire.enriched", enriched, enriched_len) != 0 ||
        telex_config_topic(cfg, telex_config_common(cfg)->dlq_topic, dlq, sizeof(dlq)) != 0) {
        snprintf(err, errlen, "namespace too long");
        return -1;
    }
    rd_kafka_topic_partition_list_t *list = rd_kafka_topic_partition_list_new(32);
    int rc = add_partitions(rk, enriched, timeout, list, err, errlen) != 0 ||
                     add_partitions(rk, dlq, timeout, list, err, errlen) != 0
                 ? -1
                 : 0;
    rd_kafka_resp_err_t kerr = rc == 0 ? rd_kafka_assign(rk, list) : RD_KAFKA_RESP_ERR_NO_ERROR;
    rd_kafka_topic_partition_list_destroy(list);
    if (kerr) {
        snprintf(err, errlen, "cannot assign the output topics: %s", rd_kafka_err2str(kerr));
        return -1;
    }
    return rc;
}

/* Takes one message: an enriched story, a dead letter, or an error to log. */
static void take_message(collection *c, const rd_kafka_message_t *msg, const char *enriched,
                         const telex_schemas *schemas, const telex_logger *log, telex_buf *json)
{
    char err[512];
    if (msg->err) {
        telex_log(log, TELEX_LOG_WARN, "consumer error", "error", rd_kafka_message_errstr(msg),
                  NULL);
        return;
    }
    if (strcmp(rd_kafka_topic_name(msg->rkt), enriched) != 0) {
        c->dead_letters++;
        return;
    }
    telex_buf_reset(json);
    if (telex_frame_to_json(schemas, msg->payload, msg->len, json, err, sizeof(err)) != 0 ||
        collection_add_line(c, json->data, json->len, err, sizeof(err)) < 0) {
        c->unreadable++;
        telex_log(log, TELEX_LOG_WARN, "unreadable enriched record", "error", err, NULL);
    }
}

int collect_output(const telex_config *cfg, const telex_logger *log, const telex_schemas *schemas,
                   size_t expected, int64_t timeout_ms, collect_stages_check *stages_ok,
                   void *stages_ctx, collection *out, char *err, size_t errlen)
{
    telex_consumer_opts opts = {.use_group = 0};
    telex_consumer *consumer = NULL;
    telex_buf json = {0};
    char enriched[512];
    int rc = -1;

    if (telex_consumer_open(cfg, log, &opts, &consumer, err, errlen) != 0)
        return -1;
    rd_kafka_t *rk = telex_consumer_handle(consumer);
    if (assign_output_topics(cfg, rk, enriched, sizeof(enriched), err, errlen) != 0)
        goto out_close;
    int64_t deadline = monotonic_ms() + timeout_ms;
    size_t arrived = 0;
    while (arrived < expected && monotonic_ms() < deadline && !telex_signals_stop_requested()) {
        rd_kafka_message_t *msg = rd_kafka_consumer_poll(rk, 100);
        if (!msg && stages_ok && stages_ok(stages_ctx, err, errlen) != 0)
            goto out_close;
        if (!msg)
            continue;
        take_message(out, msg, enriched, schemas, log, &json);
        rd_kafka_message_destroy(msg);
        arrived = out->n + out->duplicates + out->dead_letters + out->unreadable;
    }
    if (arrived < expected)
        snprintf(err, errlen,
                 "shortfall: %zu of %zu stories came out of the pipeline within %lld s "
                 "(%zu enriched, %zu dead letters)",
                 arrived, expected, (long long)(timeout_ms / 1000), out->n, out->dead_letters);
    else
        rc = 0;
out_close:
    telex_buf_free(&json);
    telex_consumer_close(consumer);
    return rc;
}
