/*
 * The offset tracker: see tracker.h. Each slot holds an array of in-flight
 * entries in offset order with a head index; entries before the head are
 * done, and the array is compacted when the head passes half of it.
 *
 * Every record begun in a slot gets the next sequence number, kept in its
 * ticket; the slot knows the number of its array's first entry, so a ticket
 * finds its entry by subtraction, without a search, however many records
 * are in flight.
 */
#include "runtime/tracker.h"

#include <stdlib.h>
#include <string.h>

typedef struct entry {
    int64_t offset;
    int32_t pending;
    uint8_t held;
    uint8_t failed;
} entry;

typedef struct slot {
    char *topic; /* NULL: free slot */
    int32_t partition;
    uint32_t generation;
    entry *entries;
    uint64_t first_seq; /* the sequence number of entries[0] */
    size_t head;
    size_t len;
    size_t cap;
} slot;

struct telex_tracker {
    slot *slots;
    int n_slots;
    int last_slot; /* the slot telex_tracker_slot() found last: consumed records come in runs
                      of one partition, so it is usually the next one asked for */
    uint32_t next_generation;
};

telex_tracker *telex_tracker_new(void)
{
    telex_tracker *tr = calloc(1, sizeof(*tr));
    if (tr)
        tr->next_generation = 1;
    return tr;
}

static void slot_clear(slot *s)
{
    free(s->topic);
    free(s->entries);
    memset(s, 0, sizeof(*s));
}

void telex_tracker_free(telex_tracker *tr)
{
    if (!tr)
        return;
    for (int i = 0; i < tr->n_slots; i++)
        slot_clear(&tr->slots[i]);
    free(tr->slots);
    free(tr);
}

/* 1 if slot i is topic/partition. */
static int slot_is(const telex_tracker *tr, int i, const char *topic, int32_t partition)
{
    const slot *s = &tr->slots[i];
    return s->topic && s->partition == partition && strcmp(s->topic, topic) == 0;
}

int telex_tracker_find(const telex_tracker *tr, const char *topic, int32_t partition)
{
    for (int i = 0; i < tr->n_slots; i++) {
        if (slot_is(tr, i, topic, partition))
            return i;
    }
    return -1;
}

static int free_slot(telex_tracker *tr)
{
    for (int i = 0; i < tr->n_slots; i++) {
        if (!tr->slots[i].topic)
            return i;
    }
    slot *grown = realloc(tr->slots, (size_t)(tr->n_slots + 1) * sizeof(*grown));
    if (!grown)
        return -1;
    tr->slots = grown;
    memset(&tr->slots[tr->n_slots], 0, sizeof(slot));
    return tr->n_slots++;
}

int telex_tracker_slot(telex_tracker *tr, const char *topic, int32_t partition)
{
    if (tr->last_slot < tr->n_slots && slot_is(tr, tr->last_slot, topic, partition))
        return tr->last_slot;
    int i = telex_tracker_find(tr, topic, partition);
    if (i >= 0) {
        tr->last_slot = i;
        return i;
    }
    i = free_slot(tr);
    if (i < 0)
        return -1;
    tr->slots[i].topic = strdup(topic);
    if (!tr->slots[i].topic)
        return -1;
    tr->slots[i].partition = partition;
    tr->slots[i].generation = tr->next_generation++;
    return i;
}

void telex_tracker_revoke(telex_tracker *tr, const char *topic, int32_t partition)
{
    int i = telex_tracker_find(tr, topic, partition);
    if (i >= 0)
        slot_clear(&tr->slots[i]);
}

static int make_room(slot *s)
{
    if (s->head > 0 && s->head * 2 >= s->len) {
        memmove(s->entries, s->entries + s->head, (s->len - s->head) * sizeof(entry));
        s->first_seq += s->head;
        s->len -= s->head;
        s->head = 0;
    }
    if (s->len < s->cap)
        return 0;
    size_t cap = s->cap ? 2 * s->cap : 64;
    entry *grown = realloc(s->entries, cap * sizeof(*grown));
    if (!grown)
        return -1;
    s->entries = grown;
    s->cap = cap;
    return 0;
}

telex_ticket telex_tracker_begin(telex_tracker *tr, int slot_no, int64_t offset)
{
    telex_ticket ticket = {.slot = -1, .offset = offset};
    slot *s;

    if (slot_no < 0 || slot_no >= tr->n_slots || !tr->slots[slot_no].topic)
        return ticket;
    s = &tr->slots[slot_no];
    if (make_room(s) != 0)
        return ticket;
    ticket.seq = s->first_seq + s->len;
    s->entries[s->len++] = (entry){.offset = offset, .pending = 1};
    ticket.slot = slot_no;
    ticket.generation = s->generation;
    return ticket;
}

/* The entry a ticket names, or NULL when its partition or record is gone. */
static entry *find_entry(telex_tracker *tr, telex_ticket ticket)
{
    if (ticket.slot < 0 || ticket.slot >= tr->n_slots)
        return NULL;
    slot *s = &tr->slots[ticket.slot];
    if (!s->topic || s->generation != ticket.generation || ticket.seq < s->first_seq)
        return NULL;
    uint64_t at = ticket.seq - s->first_seq;
    /* Before the head: already taken as committable (a late or repeated report). */
    if (at < s->head || at >= s->len || s->entries[at].offset != ticket.offset)
        return NULL;
    return &s->entries[at];
}

void telex_tracker_add_pending(telex_tracker *tr, telex_ticket ticket)
{
    entry *e = find_entry(tr, ticket);
    if (e)
        e->pending++;
}

void telex_tracker_done(telex_tracker *tr, telex_ticket ticket, int failed)
{
    entry *e = find_entry(tr, ticket);
    if (!e)
        return;
    if (e->pending > 0)
        e->pending--;
    if (failed)
        e->failed = 1;
}

void telex_tracker_hold(telex_tracker *tr, telex_ticket ticket)
{
    entry *e = find_entry(tr, ticket);
    if (e)
        e->held = 1;
}

void telex_tracker_release(telex_tracker *tr, int slot_no, int64_t offset)
{
    if (slot_no < 0 || slot_no >= tr->n_slots)
        return;
    slot *s = &tr->slots[slot_no];
    for (size_t i = s->head; i < s->len && s->entries[i].offset <= offset; i++)
        s->entries[i].held = 0;
}

int64_t telex_tracker_take_committable(telex_tracker *tr, int slot_no)
{
    int64_t next = -1;

    if (slot_no < 0 || slot_no >= tr->n_slots)
        return -1;
    slot *s = &tr->slots[slot_no];
    while (s->head < s->len) {
        const entry *e = &s->entries[s->head];
        if (e->pending > 0 || e->held || e->failed)
            break;
        next = e->offset + 1;
        s->head++;
    }
    if (s->head == s->len) {
        s->first_seq += s->len;
        s->head = s->len = 0;
    }
    return next;
}

int telex_tracker_slots(const telex_tracker *tr)
{
    return tr->n_slots;
}

const char *telex_tracker_slot_topic(const telex_tracker *tr, int slot_no, int32_t *partition)
{
    if (slot_no < 0 || slot_no >= tr->n_slots)
        return NULL;
    *partition = tr->slots[slot_no].partition;
    return tr->slots[slot_no].topic;
}

size_t telex_tracker_in_flight(const telex_tracker *tr)
{
    size_t n = 0;
    for (int i = 0; i < tr->n_slots; i++)
        n += tr->slots[i].len - tr->slots[i].head;
    return n;
}
