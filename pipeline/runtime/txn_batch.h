/*
 * The input side of one exactly-once transaction, with no Kafka I/O in it.
 *
 * While a transaction is open, every consumed record is added here. The batch
 * knows, for each partition it touched, the first offset it read (where the
 * consumer is rewound to when the transaction is aborted) and one past the
 * last (what the transaction commits as the group's offset), how many records
 * it holds and when it began, so the loop can tell when it is due: after
 * max_records records or max_ms milliseconds, whichever comes first. It also
 * tallies the records produced inside the transaction, per output topic, so
 * /metrics counts them as output once the transaction commits, or as aborted.
 */
#ifndef TELEX_RUNTIME_TXN_BATCH_H
#define TELEX_RUNTIME_TXN_BATCH_H

#include <stddef.h>
#include <stdint.h>

#include <librdkafka/rdkafka.h>

/* Records produced to one topic inside the transaction. */
typedef struct telex_txn_output {
    char *topic;
    uint64_t records;
} telex_txn_output;

typedef struct telex_txn_batch {
    rd_kafka_topic_partition_list_t *first; /* per partition: first offset read (rewind) */
    rd_kafka_topic_partition_list_t *next;  /* per partition: one past the last (commit) */
    size_t records;
    int64_t started_ms;
    telex_txn_output *outputs; /* produced records per topic (full name) */
    size_t n_outputs;
} telex_txn_batch;

/* An empty batch; free it with telex_txn_batch_free(). */
void telex_txn_batch_init(telex_txn_batch *b);
void telex_txn_batch_free(telex_txn_batch *b);
/* Empties the batch and notes that a new one began at now_ms. */
void telex_txn_batch_reset(telex_txn_batch *b, int64_t now_ms);
/* Adds one consumed record (topic is the full name, namespace included). */
void telex_txn_batch_add(telex_txn_batch *b, const char *topic, int32_t partition, int64_t offset);
/* Counts one record produced to topic (the full name). 0, or -1 when out of memory. */
int telex_txn_batch_add_output(telex_txn_batch *b, const char *topic);
/* 1 when the batch holds max_records records or began max_ms ago or more. */
int telex_txn_batch_due(const telex_txn_batch *b, int64_t now_ms, size_t max_records,
                        int64_t max_ms);

#endif
