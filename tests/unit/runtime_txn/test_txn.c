/*
 * Unit tests of the exactly-once pieces that need no broker: the batch of one
 * transaction (txn_batch.c: first offsets to rewind to, next offsets to
 * commit, when it is due) and telex_stage_check_config() (stage.c), which
 * refuses a stage that holds records when exactly_once is asked for.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "runtime/stage_io.h"

static int64_t offset_of(const rd_kafka_topic_partition_list_t *list, const char *topic,
                         int32_t partition)
{
    const rd_kafka_topic_partition_t *p = rd_kafka_topic_partition_list_find(
        (rd_kafka_topic_partition_list_t *)list, topic, partition);
    return p ? p->offset : -12345;
}

Test(txn_batch, first_and_next_offsets_per_partition)
{
    telex_txn_batch b;
    telex_txn_batch_init(&b);
    telex_txn_batch_reset(&b, 1000);

    telex_txn_batch_add(&b, "wire.raw", 0, 10);
    telex_txn_batch_add(&b, "wire.raw", 3, 7);
    telex_txn_batch_add(&b, "wire.raw", 0, 11);
    telex_txn_batch_add(&b, "bt42.wire.raw", 0, 2);
    telex_txn_batch_add(&b, "wire.raw", 0, 12);

    cr_expect_eq(b.records, 5);
    cr_expect_eq(b.first->cnt, 3, "one entry per topic/partition");
    cr_expect_eq(b.next->cnt, 3);
    cr_expect_eq(offset_of(b.first, "wire.raw", 0), 10, "rewind to the first record read");
    cr_expect_eq(offset_of(b.next, "wire.raw", 0), 13, "commit one past the last");
    cr_expect_eq(offset_of(b.first, "wire.raw", 3), 7);
    cr_expect_eq(offset_of(b.next, "wire.raw", 3), 8);
    cr_expect_eq(offset_of(b.first, "bt42.wire.raw", 0), 2, "topics are told apart");
    cr_expect_eq(offset_of(b.next, "bt42.wire.raw", 0), 3);
    telex_txn_batch_free(&b);
}

Test(txn_batch, reset_forgets_everything)
{
    telex_txn_batch b;
    telex_txn_batch_init(&b);
    telex_txn_batch_add(&b, "wire.raw", 1, 5);
    telex_txn_batch_reset(&b, 2000);

    cr_expect_eq(b.records, 0);
    cr_expect_eq(b.first->cnt, 0);
    cr_expect_eq(b.next->cnt, 0);
    cr_expect_eq(b.started_ms, 2000);
    telex_txn_batch_add(&b, "wire.raw", 1, 9);
    cr_expect_eq(offset_of(b.first, "wire.raw", 1), 9, "a new batch starts where it reads");
    telex_txn_batch_free(&b);
    telex_txn_batch_free(&b); /* twice is harmless */
}

Test(txn_batch, due_by_count_or_by_age)
{
    telex_txn_batch b;
    telex_txn_batch_init(&b);
    telex_txn_batch_reset(&b, 1000);

    cr_expect_not(telex_txn_batch_due(&b, 1050, 3, 100), "young and small");
    telex_txn_batch_add(&b, "t", 0, 0);
    telex_txn_batch_add(&b, "t", 0, 1);
    cr_expect_not(telex_txn_batch_due(&b, 1099, 3, 100));
    cr_expect(telex_txn_batch_due(&b, 1100, 3, 100), "100 ms old");
    telex_txn_batch_add(&b, "t", 0, 2);
    cr_expect(telex_txn_batch_due(&b, 1001, 3, 100), "3 records");
    telex_txn_batch_free(&b);
}

Test(txn_batch, outputs_are_tallied_per_topic_until_reset)
{
    telex_txn_batch b;
    telex_txn_batch_init(&b);
    telex_txn_batch_reset(&b, 1000);

    cr_assert_eq(telex_txn_batch_add_output(&b, "wire.enriched"), 0);
    cr_assert_eq(telex_txn_batch_add_output(&b, "wire.dlq"), 0);
    cr_assert_eq(telex_txn_batch_add_output(&b, "wire.enriched"), 0);
    cr_assert_eq(b.n_outputs, 2);
    cr_expect_str_eq(b.outputs[0].topic, "wire.enriched");
    cr_expect_eq(b.outputs[0].records, 2);
    cr_expect_str_eq(b.outputs[1].topic, "wire.dlq");
    cr_expect_eq(b.outputs[1].records, 1);
    telex_txn_batch_reset(&b, 2000);
    cr_expect_eq(b.n_outputs, 0, "a new transaction has produced nothing yet");
    cr_assert_eq(telex_txn_batch_add_output(&b, "wire.dlq"), 0);
    cr_expect_eq(b.outputs[0].records, 1);
    telex_txn_batch_free(&b);
}

static int passthrough_like(void *ctx, const telex_record *in, telex_io *io, char *err,
                            size_t errlen)
{
    (void)ctx, (void)in, (void)io, (void)err, (void)errlen;
    return TELEX_OK;
}

Test(stage_check, a_holding_stage_cannot_run_exactly_once)
{
    telex_stage_def holding = {.name = "archive", .process = passthrough_like, .holds_records = 1};
    telex_stage_def plain = {.name = "tag", .process = passthrough_like};
    telex_common eos = {.exactly_once = 1};
    telex_common alo = {.exactly_once = 0};
    char err[512] = "";

    cr_expect_eq(telex_stage_check_config(&plain, &eos, err, sizeof(err)), 0);
    cr_expect_eq(telex_stage_check_config(&holding, &alo, err, sizeof(err)), 0);
    cr_assert_eq(telex_stage_check_config(&holding, &eos, err, sizeof(err)), -1);
    cr_expect_str_eq(err, "processing.guarantee=exactly_once is not possible for telex-archive: "
                          "it holds records past process() (TELEX_HELD), which a transaction "
                          "cannot span");
}
