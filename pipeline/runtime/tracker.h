/*
 * The offset tracker: at-least-once bookkeeping, with no Kafka in it.
 *
 * For each assigned partition it keeps the input records still in flight, in
 * offset order. A record is complete when process() has returned for it, the
 * delivery report of everything emitted for it (and its dead letter) came back
 * successful, and it is not held by the stage. The offset that may be stored
 * for a partition is one past the highest record of the complete prefix, so
 * offsets are stored in order even when deliveries finish out of order.
 *
 * A ticket names one in-flight record; it travels as a produced message's
 * opaque and comes back with the delivery report. Tickets of a partition that
 * was revoked (or revoked and assigned again) no longer match and are ignored.
 */
#ifndef TELEX_RUNTIME_TRACKER_H
#define TELEX_RUNTIME_TRACKER_H

#include <stddef.h>
#include <stdint.h>

typedef struct telex_tracker telex_tracker;

typedef struct telex_ticket {
    int slot;            /* the partition's slot; -1: not tied to an input record */
    uint32_t generation; /* the slot's generation when the ticket was made */
    int64_t offset;
    uint64_t seq; /* the record's place in its slot (records begun before it), found in O(1) */
} telex_ticket;

telex_tracker *telex_tracker_new(void);
void telex_tracker_free(telex_tracker *tr);

/* The slot of topic/partition, creating it if needed; -1 when out of memory. */
int telex_tracker_slot(telex_tracker *tr, const char *topic, int32_t partition);
/* The slot of topic/partition, or -1 when it is not tracked. */
int telex_tracker_find(const telex_tracker *tr, const char *topic, int32_t partition);
/* Forgets a partition and everything in flight for it. */
void telex_tracker_revoke(telex_tracker *tr, const char *topic, int32_t partition);

/* Starts tracking an input record (one pending step: its process() call) and
   returns its ticket; ticket.slot is -1 when out of memory. */
telex_ticket telex_tracker_begin(telex_tracker *tr, int slot, int64_t offset);
/* One more pending step for the record (an emitted record awaiting delivery). */
void telex_tracker_add_pending(telex_tracker *tr, telex_ticket ticket);
/* One pending step finished; failed marks the record as never complete. */
void telex_tracker_done(telex_tracker *tr, telex_ticket ticket, int failed);
/* The stage keeps the record (TELEX_HELD) until telex_tracker_release(). */
void telex_tracker_hold(telex_tracker *tr, telex_ticket ticket);
/* Releases every held record of the slot up to and including offset. */
void telex_tracker_release(telex_tracker *tr, int slot, int64_t offset);

/*
 * Drops the complete prefix of the slot's records and returns the offset to
 * store (one past the last one dropped), or -1 when nothing new is complete.
 */
int64_t telex_tracker_take_committable(telex_tracker *tr, int slot);

/* Number of slots (valid slot numbers are 0 .. n-1; revoked ones are empty). */
int telex_tracker_slots(const telex_tracker *tr);
/* The topic and partition of a slot; topic NULL when the slot is free. */
const char *telex_tracker_slot_topic(const telex_tracker *tr, int slot, int32_t *partition);
/* Records in flight in all slots. */
size_t telex_tracker_in_flight(const telex_tracker *tr);

#endif
