/*
 * The input side of one exactly-once transaction: per partition, the first
 * offset read and one past the last (see txn_batch.h). Records of a partition
 * arrive in offset order, except after a rewind, which starts a new batch.
 */
#include "runtime/txn_batch.h"

#include <stdlib.h>
#include <string.h>

void telex_txn_batch_init(telex_txn_batch *b)
{
    /* librdkafka's list constructors abort on out-of-memory rather than return NULL. */
    b->first = rd_kafka_topic_partition_list_new(8);
    b->next = rd_kafka_topic_partition_list_new(8);
    b->records = 0;
    b->started_ms = 0;
    b->outputs = NULL;
    b->n_outputs = 0;
}

void telex_txn_batch_free(telex_txn_batch *b)
{
    if (b->first)
        rd_kafka_topic_partition_list_destroy(b->first);
    if (b->next)
        rd_kafka_topic_partition_list_destroy(b->next);
    b->first = b->next = NULL;
    for (size_t i = 0; i < b->n_outputs; i++)
        free(b->outputs[i].topic);
    free(b->outputs);
    b->outputs = NULL;
    b->n_outputs = 0;
}

void telex_txn_batch_reset(telex_txn_batch *b, int64_t now_ms)
{
    telex_txn_batch_free(b);
    telex_txn_batch_init(b);
    b->started_ms = now_ms;
}

void telex_txn_batch_add(telex_txn_batch *b, const char *topic, int32_t partition, int64_t offset)
{
    rd_kafka_topic_partition_t *next =
        rd_kafka_topic_partition_list_find(b->next, topic, partition);

    if (!next) {
        rd_kafka_topic_partition_list_add(b->first, topic, partition)->offset = offset;
        next = rd_kafka_topic_partition_list_add(b->next, topic, partition);
    }
    next->offset = offset + 1;
    b->records++;
}

int telex_txn_batch_add_output(telex_txn_batch *b, const char *topic)
{
    for (size_t i = 0; i < b->n_outputs; i++) {
        if (strcmp(b->outputs[i].topic, topic) == 0) {
            b->outputs[i].records++;
            return 0;
        }
    }
    telex_txn_output *grown = realloc(b->outputs, (b->n_outputs + 1) * sizeof(*grown));
    if (!grown)
        return -1;
    b->outputs = grown;
    grown[b->n_outputs].topic = strdup(topic);
    if (!grown[b->n_outputs].topic)
        return -1;
    grown[b->n_outputs++].records = 1;
    return 0;
}

int telex_txn_batch_due(const telex_txn_batch *b, int64_t now_ms, size_t max_records,
                        int64_t max_ms)
{
    return b->records >= max_records || now_ms - b->started_ms >= max_ms;
}
