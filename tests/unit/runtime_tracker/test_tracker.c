/*
 * Unit tests of tracker.c: an offset becomes storable only when its record
 * and every record before it in the partition are complete (processed,
 * delivered, not held), whatever order the deliveries finish in.
 */
#include <criterion/criterion.h>

#include "runtime/tracker.h"

static telex_tracker *tr;
static int slot;

static void set_up(void)
{
    tr = telex_tracker_new();
    cr_assert_not_null(tr);
    slot = telex_tracker_slot(tr, "wire.raw", 3);
    cr_assert_geq(slot, 0);
}

static void tear_down(void)
{
    telex_tracker_free(tr);
}

TestSuite(tracker, .init = set_up, .fini = tear_down);

Test(tracker, nothing_in_flight_stores_nothing)
{
    cr_expect_eq(telex_tracker_take_committable(tr, slot), -1);
}

Test(tracker, a_processed_record_without_outputs_is_storable)
{
    telex_ticket t = telex_tracker_begin(tr, slot, 10);
    cr_expect_eq(telex_tracker_take_committable(tr, slot), -1, "process() not returned yet");
    telex_tracker_done(tr, t, 0);
    cr_expect_eq(telex_tracker_take_committable(tr, slot), 11);
    cr_expect_eq(telex_tracker_take_committable(tr, slot), -1, "already taken");
    cr_expect_eq(telex_tracker_in_flight(tr), 0);
}

Test(tracker, waits_for_every_output_delivery)
{
    telex_ticket t = telex_tracker_begin(tr, slot, 5);
    telex_tracker_add_pending(tr, t);
    telex_tracker_add_pending(tr, t);
    telex_tracker_done(tr, t, 0); /* process() returned */
    telex_tracker_done(tr, t, 0); /* first delivery */
    cr_expect_eq(telex_tracker_take_committable(tr, slot), -1);
    telex_tracker_done(tr, t, 0); /* second delivery */
    cr_expect_eq(telex_tracker_take_committable(tr, slot), 6);
}

Test(tracker, out_of_order_deliveries_store_only_the_contiguous_prefix)
{
    telex_ticket t[4];
    for (int i = 0; i < 4; i++) {
        t[i] = telex_tracker_begin(tr, slot, 100 + i);
        telex_tracker_add_pending(tr, t[i]);
        telex_tracker_done(tr, t[i], 0);
    }
    telex_tracker_done(tr, t[2], 0);
    telex_tracker_done(tr, t[3], 0);
    cr_expect_eq(telex_tracker_take_committable(tr, slot), -1, "100 still in flight");
    telex_tracker_done(tr, t[0], 0);
    cr_expect_eq(telex_tracker_take_committable(tr, slot), 101, "101 still in flight");
    telex_tracker_done(tr, t[1], 0);
    cr_expect_eq(telex_tracker_take_committable(tr, slot), 104);
}

Test(tracker, a_failed_delivery_blocks_the_partition)
{
    telex_ticket a = telex_tracker_begin(tr, slot, 1);
    telex_ticket b = telex_tracker_begin(tr, slot, 2);
    telex_tracker_add_pending(tr, a);
    telex_tracker_done(tr, a, 0);
    telex_tracker_done(tr, a, 1); /* the delivery failed */
    telex_tracker_done(tr, b, 0);
    cr_expect_eq(telex_tracker_take_committable(tr, slot), -1);
}

Test(tracker, held_records_wait_for_release)
{
    telex_ticket a = telex_tracker_begin(tr, slot, 7);
    telex_ticket b = telex_tracker_begin(tr, slot, 8);
    telex_ticket c = telex_tracker_begin(tr, slot, 9);
    telex_tracker_hold(tr, a);
    telex_tracker_hold(tr, b);
    telex_tracker_hold(tr, c);
    telex_tracker_done(tr, a, 0);
    telex_tracker_done(tr, b, 0);
    telex_tracker_done(tr, c, 0);
    cr_expect_eq(telex_tracker_take_committable(tr, slot), -1);
    telex_tracker_release(tr, slot, 8);
    cr_expect_eq(telex_tracker_take_committable(tr, slot), 9, "7 and 8 released, 9 held");
    telex_tracker_release(tr, slot, 9);
    cr_expect_eq(telex_tracker_take_committable(tr, slot), 10);
}

Test(tracker, tickets_of_a_revoked_partition_are_ignored)
{
    telex_ticket old = telex_tracker_begin(tr, slot, 50);
    telex_tracker_revoke(tr, "wire.raw", 3);
    int again = telex_tracker_slot(tr, "wire.raw", 3);
    telex_ticket fresh = telex_tracker_begin(tr, again, 50);
    telex_tracker_add_pending(tr, fresh);
    telex_tracker_done(tr, fresh, 0);
    telex_tracker_done(tr, old, 0); /* from the earlier ownership: must not count */
    cr_expect_eq(telex_tracker_take_committable(tr, again), -1);
    telex_tracker_done(tr, fresh, 0);
    cr_expect_eq(telex_tracker_take_committable(tr, again), 51);
}

Test(tracker, partitions_are_independent)
{
    int other = telex_tracker_slot(tr, "wire.raw", 4);
    cr_assert_neq(other, slot);
    cr_expect_eq(telex_tracker_find(tr, "wire.raw", 4), other);
    cr_expect_eq(telex_tracker_find(tr, "wire.raw", 5), -1);
    telex_ticket a = telex_tracker_begin(tr, slot, 1);
    telex_ticket b = telex_tracker_begin(tr, other, 1);
    telex_tracker_done(tr, b, 0);
    cr_expect_eq(telex_tracker_take_committable(tr, slot), -1);
    cr_expect_eq(telex_tracker_take_committable(tr, other), 2);
    telex_tracker_done(tr, a, 0);
    cr_expect_eq(telex_tracker_take_committable(tr, slot), 2);
}

Test(tracker, many_records_grow_and_compact)
{
    for (int64_t off = 0; off < 5000; off++) {
        telex_ticket t = telex_tracker_begin(tr, slot, off);
        cr_assert_eq(t.slot, slot);
        telex_tracker_done(tr, t, 0);
        if (off % 100 == 99)
            cr_assert_eq(telex_tracker_take_committable(tr, slot), off + 1);
    }
    cr_expect_eq(telex_tracker_in_flight(tr), 0);
}

Test(tracker, tickets_still_find_their_record_after_the_array_is_compacted)
{
    telex_ticket t[1500];
    for (int64_t i = 0; i < 1000; i++) {
        t[i] = telex_tracker_begin(tr, slot, i);
        telex_tracker_add_pending(tr, t[i]); /* its output awaits delivery */
        telex_tracker_done(tr, t[i], 0);     /* process() returned */
    }
    for (int i = 0; i < 600; i++)
        telex_tracker_done(tr, t[i], 0);
    cr_assert_eq(telex_tracker_take_committable(tr, slot), 600);
    for (int64_t i = 1000; i < 1500; i++) { /* the head passed half: these compact the array */
        t[i] = telex_tracker_begin(tr, slot, i);
        telex_tracker_done(tr, t[i], 0);
    }
    for (int i = 999; i >= 601; i--)
        telex_tracker_done(tr, t[i], 0);
    cr_expect_eq(telex_tracker_take_committable(tr, slot), -1, "offset 600 is still pending");
    telex_tracker_done(tr, t[600], 0);
    cr_expect_eq(telex_tracker_take_committable(tr, slot), 1500);
    cr_expect_eq(telex_tracker_in_flight(tr), 0);
}

Test(tracker, a_late_report_for_a_taken_record_changes_nothing)
{
    telex_ticket first = telex_tracker_begin(tr, slot, 20);
    telex_tracker_done(tr, first, 0);
    cr_assert_eq(telex_tracker_take_committable(tr, slot), 21);
    telex_ticket next = telex_tracker_begin(tr, slot, 21); /* reuses the emptied array */
    telex_tracker_add_pending(tr, next);
    telex_tracker_done(tr, next, 0);
    telex_tracker_done(tr, first, 0); /* repeated: must not settle offset 21's delivery */
    cr_expect_eq(telex_tracker_take_committable(tr, slot), -1);
    telex_tracker_done(tr, next, 0);
    cr_expect_eq(telex_tracker_take_committable(tr, slot), 22);
}

Test(tracker, repeated_and_alternating_slot_lookups_name_the_right_partition)
{
    int other = telex_tracker_slot(tr, "wire.raw", 4);
    int third = telex_tracker_slot(tr, "wire.other", 3);
    const int32_t partitions[] = {3, 3, 4, 4, 3, 4};
    for (size_t i = 0; i < sizeof(partitions) / sizeof(partitions[0]); i++)
        cr_expect_eq(telex_tracker_slot(tr, "wire.raw", partitions[i]),
                     partitions[i] == 3 ? slot : other, "lookup %zu (partition %d)", i,
                     partitions[i]);
    cr_expect_eq(telex_tracker_slot(tr, "wire.other", 3), third, "same partition, other topic");
    cr_expect_eq(telex_tracker_slot(tr, "wire.raw", 3), slot);
    telex_tracker_revoke(tr, "wire.raw", 3);
    cr_expect_eq(telex_tracker_find(tr, "wire.raw", 3), -1, "revoked");
    int again = telex_tracker_slot(tr, "wire.raw", 3);
    cr_expect_geq(again, 0);
    int32_t partition = -1;
    cr_expect_str_eq(telex_tracker_slot_topic(tr, again, &partition), "wire.raw");
    cr_expect_eq(partition, 3);
}
