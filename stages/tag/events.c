/*
 * Diplomatic events (summits, meetings, calls, visits) read from wire copy.
 *
 * The text is split into sentences (date_tokens.c) and scanned for trigger
 * words (event_triggers.c). Each trigger becomes a draft event, filled from
 * its sentence:
 *   participants  the persons named in its part of the sentence (a "but" or
 *                 "while" starts another part); "he"/"his" adds the person named
 *                 last before the sentence, "they"/"the two leaders" the two
 *                 persons named last (presidents only for "the two presidents");
 *                 a summit named by its series ("APEC summit") has the
 *                 organization as its participant instead;
 *   dates         each date of the sentence goes to the nearest trigger before
 *                 it in the same clause, else to a trigger just after it
 *                 ("Thursday for talks"); "from Sunday to Wednesday" and
 *                 intervals give start and end;
 *   location      the first place or country after "in", "at" or "to" following
 *                 the trigger (or the object of "visit"), else the nearest one
 *                 before it, else the place a "where" clause refers to;
 *   status        cancelled / postponed / proposed words, else the tense:
 *                 future -> planned, past -> held.
 * Drafts then merge into events: a definite mention ("the summit", "that
 * meeting") joins the latest event of its family, and any mention joins an
 * earlier one that shares a participant and has compatible dates. An event
 * is a summit when a series is named or two heads of state or government
 * meet; an event with no date or no participant is dropped.
 */
#include "events.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "date_calendar.h"
#include "date_tense.h"
#include "date_tokens.h"
#include "dates.h"
#include "event_triggers.h"

#define MAX_PARTICIPANTS      12
#define VALUE_LEN             24
#define NO_ENTITY             ((size_t)-1)
#define COREFERENCE_SENTENCES 60 /* how far back "the meeting" may refer */
#define DUPLICATE_WINDOW      32 /* how many earlier events a new one is compared with */
#define SMALL_SORT            64 /* arrays up to this size are insertion-sorted, not qsort()ed */

typedef struct mention_ref {
    int32_t start;
    int32_t end;
    size_t entity;
} mention_ref;

typedef struct sentence_span {
    size_t first; /* tokens */
    size_t last;
} sentence_span;

typedef struct event_draft {
    event_kind kind;
    size_t series; /* entity index of a summit series, or NO_ENTITY */
    size_t participants[MAX_PARTICIPANTS];
    size_t n_participants;
    int explicit_participants; /* named in the sentence, not resolved from pronouns */
    size_t first_object;       /* participants[first_object, end_object) were named after */
    size_t end_object;         /* the trigger; the others are its subject */
    size_t location;           /* entity index or NO_ENTITY */
    char start[VALUE_LEN];
    char end[VALUE_LEN];
    char fallback_start[VALUE_LEN]; /* a series summit's date from its sentence */
    char fallback_end[VALUE_LEN];
    const char *status;
    int joint;  /* a visit made together with a head ("visit ... with Obama") */
    int days;   /* "a two-day summit": its length, 0 when not told */
    int hosted; /* a summit told with its host: stands with one participant */
    int definite;
    size_t sentence;
    size_t last_sentence;
} event_draft;

typedef struct event_finder {
    const char *text;
    const telex_entity *entities;
    size_t n_entities;
    const telex_date *dates;
    size_t n_dates;
    const telex_date **date_order; /* dates by start offset */
    date_tokens tokens;
    sentence_span *sentences;
    size_t n_sentences;
    mention_ref *mentions; /* by start offset */
    size_t n_mentions;
    date_civil ref;
    int has_ref;
    event_draft *drafts;
    size_t n_drafts;
    event_draft *events;
    size_t n_events;
} event_finder;

/* ---- small helpers ----------------------------------------------------------- */

static int word_is(const event_finder *f, size_t i, const char *w)
{
    return date_tok_is_word(f->text, &f->tokens, i, w);
}

static int has_class(const event_finder *f, size_t i, uint32_t classes)
{
    return date_tok_has(&f->tokens, i, classes);
}

static const char *entity_type(const event_finder *f, size_t e)
{
    return f->entities[e].type ? f->entities[e].type : "";
}

static int is_person(const event_finder *f, size_t e)
{
    return strcmp(entity_type(f, e), "person") == 0;
}

static int is_place_or_country(const event_finder *f, size_t e)
{
    return strcmp(entity_type(f, e), "place") == 0 || strcmp(entity_type(f, e), "country") == 0;
}

/* A head of state or government on the story's date, from the role the entity
   tagger gave: "President of ...", "Prime Minister of ...", "Supreme Leader ...";
   not a vice president, a president-elect or a minister. */
static int is_head(const event_finder *f, size_t e)
{
    static const char *const heads[] = {
        "President", "Prime Minister", "Chancellor",         "King",      "Queen",
        "Emperor",   "Premier",        "Supreme Leader",     "Leader",    "Sultan",
        "Emir",      "Head of State",  "Head of Government", "Taoiseach", NULL};
    const char *role = f->entities[e].role;
    if (!role || !is_person(f, e))
        return 0;
    for (size_t k = 0; heads[k]; k++) {
        size_t len = strlen(heads[k]);
        if (strncasecmp(role, heads[k], len) == 0 && (role[len] == ' ' || role[len] == '\0'))
            return 1;
    }
    return 0;
}

/* The first token starting at or after byte offset. */
static size_t token_at_offset(const event_finder *f, int32_t offset)
{
    size_t lo = 0, hi = f->tokens.n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (f->tokens.v[mid].start < offset)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* The first mention starting at or after byte offset. */
static size_t first_mention_from(const event_finder *f, int32_t offset)
{
    size_t lo = 0, hi = f->n_mentions;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (f->mentions[mid].start < offset)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static int32_t sentence_start_byte(const event_finder *f, size_t s)
{
    return f->tokens.v[f->sentences[s].first].start;
}

static int32_t sentence_end_byte(const event_finder *f, size_t s)
{
    return f->tokens.v[f->sentences[s].last].end;
}

static int has_participant(const event_draft *d, size_t e)
{
    for (size_t k = 0; k < d->n_participants; k++)
        if (d->participants[k] == e)
            return 1;
    return 0;
}

static void add_participant(event_draft *d, size_t e)
{
    if (!has_participant(d, e) && d->n_participants < MAX_PARTICIPANTS)
        d->participants[d->n_participants++] = e;
}

/* Copies a value into a VALUE_LEN buffer, cut if longer (ISO values are short). */
static void copy_value(char *dst, const char *src)
{
    size_t len = strnlen(src, VALUE_LEN - 1);
    memcpy(dst, src, len);
    dst[len] = '\0';
}

/* ---- set-up: sentences and mentions --------------------------------------------- */

static int build_sentences(event_finder *f)
{
    size_t n = 0;
    for (size_t i = 0; i < f->tokens.n; i++)
        n += f->tokens.v[i].sentence_start;
    f->sentences = calloc(n ? n : 1, sizeof *f->sentences);
    if (!f->sentences)
        return -1;
    for (size_t i = 0; i < f->tokens.n; i++) {
        if (f->tokens.v[i].sentence_start)
            f->sentences[f->n_sentences++].first = i;
        f->sentences[f->n_sentences - 1].last = i;
    }
    return 0;
}

static int compare_mentions(const void *a, const void *b)
{
    const mention_ref *x = a, *y = b;
    return x->start < y->start ? -1 : x->start > y->start;
}

static int compare_date_starts(const void *a, const void *b)
{
    const telex_date *x = *(const telex_date *const *)a, *y = *(const telex_date *const *)b;
    return x->span.start < y->span.start ? -1 : x->span.start > y->span.start;
}

static int build_date_order(event_finder *f)
{
    f->date_order = calloc(f->n_dates ? f->n_dates : 1, sizeof *f->date_order);
    if (!f->date_order)
        return -1;
    for (size_t k = 0; k < f->n_dates; k++)
        f->date_order[k] = &f->dates[k];
    if (f->n_dates > SMALL_SORT)
        qsort(f->date_order, f->n_dates, sizeof *f->date_order, compare_date_starts);
    else
        for (size_t i = 1; i < f->n_dates; i++) /* the date tagger's order: nearly sorted */
            for (size_t k = i;
                 k > 0 && f->date_order[k - 1]->span.start > f->date_order[k]->span.start; k--) {
                const telex_date *swap = f->date_order[k];
                f->date_order[k] = f->date_order[k - 1];
                f->date_order[k - 1] = swap;
            }
    return 0;
}

static int build_mentions(event_finder *f)
{
    size_t n = 0;
    for (size_t e = 0; e < f->n_entities; e++)
        n += f->entities[e].n_mentions;
    f->mentions = calloc(n ? n : 1, sizeof *f->mentions);
    if (!f->mentions)
        return -1;
    for (size_t e = 0; e < f->n_entities; e++) {
        for (size_t m = 0; m < f->entities[e].n_mentions; m++) {
            telex_span span = f->entities[e].mentions[m].span;
            if (span.start < 0 || span.end < span.start)
                continue;
            f->mentions[f->n_mentions++] = (mention_ref){span.start, span.end, e};
        }
    }
    if (f->n_mentions > SMALL_SORT)
        qsort(f->mentions, f->n_mentions, sizeof *f->mentions, compare_mentions);
    else
        for (size_t i = 1; i < f->n_mentions; i++) /* a few runs, each in text order */
            for (size_t k = i; k > 0 && f->mentions[k - 1].start > f->mentions[k].start; k--) {
                mention_ref swap = f->mentions[k];
                f->mentions[k] = f->mentions[k - 1];
                f->mentions[k - 1] = swap;
            }
    return 0;
}

/* ---- participants ------------------------------------------------------------ */

/* The part of sentence s holding token i: "but", "while", "whereas" and ";"
   start a new part. */
static void sentence_part(const event_finder *f, size_t s, size_t i, size_t *first, size_t *last)
{
    *first = f->sentences[s].first;
    *last = f->sentences[s].last;
    for (size_t k = *first; k <= *last; k++) {
        int split = has_class(f, k, WC_SPLITTER) || date_tok_is_punct(&f->tokens, k, ';');
        if (!split)
            continue;
        if (k < i)
            *first = k + 1;
        else if (k > i) {
            *last = k - 1;
            break;
        }
    }
}

static void persons_in(const event_finder *f, int32_t from, int32_t to, event_draft *d)
{
    for (size_t m = first_mention_from(f, from); m < f->n_mentions && f->mentions[m].start < to;
         m++)
        if (is_person(f, f->mentions[m].entity))
            add_participant(d, f->mentions[m].entity);
}

/* Adds up to want persons named last before byte offset before, optionally only
   those whose role starts with role_prefix. */
static void add_recent_persons(const event_finder *f, int32_t before, size_t want,
                               const char *role_prefix, event_draft *d)
{
    size_t added = 0;
    for (size_t m = first_mention_from(f, before); m-- > 0 && added < want;) {
        size_t e = f->mentions[m].entity;
        if (f->mentions[m].start >= before || !is_person(f, e) || has_participant(d, e))
            continue;
        const char *role = f->entities[e].role;
        if (role_prefix && (!role || strncasecmp(role, role_prefix, strlen(role_prefix)) != 0 ||
                            role[strlen(role_prefix)] == '-'))
            continue;
        add_participant(d, e);
        added++;
    }
}

/* The plural reference of tokens [first, last]: 0 none, 1 any persons ("they",
   "the two men"), 2 presidents, 3 prime ministers. */
static int plural_reference(const event_finder *f, size_t first, size_t last)
{
    for (size_t k = first; k <= last; k++) {
        if (!has_class(f, k, WC_PLURAL_PRONOUN | WC_PLURAL_COUNT))
            continue; /* most words: one bit test */
        if (has_class(f, k, WC_PLURAL_PRONOUN))
            return 1;
        if ((word_is(f, k, "two") && k > first && word_is(f, k - 1, "the")) ||
            word_is(f, k, "both")) {
            if (has_class(f, k + 1, WC_NOT_PERSONS) ||
                (k + 1 < f->tokens.n && f->tokens.v[k + 1].upper))
                continue; /* "the two countries", "the two Koreas" */
            if (word_is(f, k + 1, "presidents"))
                return 2;
            if (word_is(f, k + 1, "prime") && word_is(f, k + 2, "ministers"))
                return 3;
            return 1;
        }
    }
    return 0;
}

static int singular_reference(const event_finder *f, size_t first, size_t last)
{
    for (size_t k = first; k <= last; k++)
        if (has_class(f, k, WC_SINGULAR_PRONOUN))
            return 1;
    return 0;
}

/* A verb that makes the person just before it a source quoted about the event,
   not a participant ("Shiozaki said", "a meeting Trump later described"). */
static int is_reporting_word(const event_finder *f, size_t k)
{
    static const char *const words[] = {"said",      "says",      "say",      "told",  "tells",
                                        "announced", "announces", "added",    "noted", "described",
                                        "confirmed", "stated",    "reported", "wrote", "quoted",
                                        "argued",    NULL};
    if (f->tokens.v[k].kind != DATE_TOK_WORD)
        return 0;
    for (size_t w = 0; words[w]; w++)
        if (word_is(f, k, words[w]))
            return 1;
    return 0;
}

/* The person mention m is a source: a reporting verb follows it within three
   words ("Seibert said", "Trump later described", "Kwatra told reporters"), or
   "according to" comes before it and its title. */
static int is_source(const event_finder *f, const mention_ref *m)
{
    size_t after = token_at_offset(f, m->end);
    for (size_t k = after; k < after + 3 && k < f->tokens.n; k++) {
        if (f->tokens.v[k].kind != DATE_TOK_WORD)
            break;
        if (is_reporting_word(f, k))
            return 1;
    }
    size_t k = token_at_offset(f, m->start);
    for (size_t steps = 0; k > 1 && steps < 8; steps++, k--) {
        if (word_is(f, k - 1, "to") && word_is(f, k - 2, "according"))
            return 1;
        if (f->tokens.v[k - 1].kind != DATE_TOK_WORD && !date_tok_is_punct(&f->tokens, k - 1, '.'))
            return 0; /* only a title lies between: "according to deputy spokeswoman Ulla Brandt" */
    }
    return 0;
}

/* An organization without a country of its own (not the "White House") named
   as a group of leaders: "EU leaders", "the leaders of the 10-member ASEAN". */
static int is_group_of_leaders(const event_finder *f, const mention_ref *m)
{
    const telex_entity *e = &f->entities[m->entity];
    if (strcmp(entity_type(f, m->entity), "organization") != 0 || (e->country && e->country[0]))
        return 0;
    size_t after = token_at_offset(f, m->end);
    if (word_is(f, after, "leaders") || word_is(f, after, "heads"))
        return 1;
    size_t k = token_at_offset(f, m->start);
    for (size_t steps = 0; k > 0 && steps < 5; steps++, k--)
        if (word_is(f, k - 1, "leaders") && word_is(f, k, "of"))
            return 1;
    return 0;
}

/* The person mention m stands for someone who is absent: "in place of", "on
   behalf of", "instead of" or "represented" come before it and its title ("in
   place of President Joe Biden", "represented Biden at the forum"). */
static int is_stood_in_for(const event_finder *f, const mention_ref *m)
{
    static const char *const verbs[] = {"represented", "represent", "represents", "representing",
                                        "replacing",   "replace",   "replaces",   NULL};
    size_t k = token_at_offset(f, m->start);
    for (size_t steps = 0; k > 0 && steps < 8; steps++, k--) {
        const date_token *before = &f->tokens.v[k - 1];
        if (before->kind == DATE_TOK_WORD && !before->upper) {
            if (word_is(f, k - 1, "of") && k >= 2 &&
                (word_is(f, k - 2, "place") || word_is(f, k - 2, "behalf") ||
                 word_is(f, k - 2, "instead")))
                return 1;
            for (size_t w = 0; verbs[w]; w++)
                if (word_is(f, k - 1, verbs[w]))
                    return 1;
            return 0;
        }
        if (before->kind != DATE_TOK_WORD && !date_tok_is_punct(&f->tokens, k - 1, '.'))
            return 0; /* only a title lies between: "in place of U.S. President Joe Biden" */
    }
    return 0;
}

/* A spokesperson speaks about an event and takes no part in it: by the role
   the entity tagger gave ("Foreign Ministry Spokesperson of China", "Press
   Secretary") or a "spokesman" word among the four tokens before the name
   ("Foreign Ministry spokeswoman Hua Chunying"). */
static int is_spokesperson(const event_finder *f, const mention_ref *m)
{
    static const char *const words[] = {"spokesman", "spokeswoman", "spokesperson", "spokespeople",
                                        NULL};
    const char *role = f->entities[m->entity].role;
    if (role && (strstr(role, "Spokes") || strstr(role, "spokes") ||
                 strstr(role, "Press Secretary") || strstr(role, "press secretary")))
        return 1;
    size_t k = token_at_offset(f, m->start);
    for (size_t steps = 0; k > 0 && steps < 4; steps++, k--) {
        for (size_t w = 0; words[w]; w++)
            if (word_is(f, k - 1, words[w]))
                return 1;
        if (f->tokens.v[k - 1].kind != DATE_TOK_WORD && !date_tok_is_punct(&f->tokens, k - 1, '.'))
            return 0;
    }
    return 0;
}

/* The participants named in tokens [first, last]: persons that are not sources
   (a source kept when a "he" or "she" after it in the range is the source
   itself: "Trump said he will meet Putin"), and groups of leaders. */
static void participants_in(const event_finder *f, size_t first, size_t last, event_draft *d)
{
    if (first > last || last >= f->tokens.n)
        return;
    int32_t from = f->tokens.v[first].start, to = f->tokens.v[last].end;
    for (size_t m = first_mention_from(f, from); m < f->n_mentions && f->mentions[m].start < to;
         m++) {
        const mention_ref *r = &f->mentions[m];
        if (is_group_of_leaders(f, r)) {
            add_participant(d, r->entity);
            continue;
        }
        if (!is_person(f, r->entity) || is_stood_in_for(f, r) || is_spokesperson(f, r))
            continue;
        if (is_source(f, r) && !singular_reference(f, token_at_offset(f, r->end), last))
            continue;
        add_participant(d, r->entity);
    }
}

/* The first person named (not as a source) in tokens [first, last], or NO_ENTITY. */
static size_t first_person_in(const event_finder *f, size_t first, size_t last)
{
    if (first > last || last >= f->tokens.n)
        return NO_ENTITY;
    int32_t from = f->tokens.v[first].start, to = f->tokens.v[last].end;
    for (size_t m = first_mention_from(f, from); m < f->n_mentions && f->mentions[m].start < to;
         m++)
        if (is_person(f, f->mentions[m].entity) && !is_source(f, &f->mentions[m]))
            return f->mentions[m].entity;
    return NO_ENTITY;
}

/* The last person named (not as a source) in tokens [first, last], or NO_ENTITY. */
static size_t last_person_in(const event_finder *f, size_t first, size_t last)
{
    size_t found = NO_ENTITY;
    if (first > last || last >= f->tokens.n)
        return NO_ENTITY;
    int32_t from = f->tokens.v[first].start, to = f->tokens.v[last].end;
    for (size_t m = first_mention_from(f, from); m < f->n_mentions && f->mentions[m].start < to;
         m++)
        if (is_person(f, f->mentions[m].entity) && !is_source(f, &f->mentions[m]))
            found = f->mentions[m].entity;
    return found;
}

/* Whom "he" or "she" in sentence s before token i refers to: the person named
   last before it in the sentence ("Merkel has clashed with Trump since his
   visit"), else the subject (first person named) of the nearest of the three
   sentences before ("Biden arrived in Vilnius. He is scheduled to meet ..."). */
static size_t pronoun_antecedent(const event_finder *f, size_t s, size_t i)
{
    size_t e =
        i > f->sentences[s].first ? last_person_in(f, f->sentences[s].first, i - 1) : NO_ENTITY;
    for (size_t back = 1; e == NO_ENTITY && back <= 3 && back <= s; back++)
        e = first_person_in(f, f->sentences[s - back].first, f->sentences[s - back].last);
    return e;
}

/* A word that opens a clause of its own ("since Putin met Biden"). */
static int opens_clause(const event_finder *f, size_t k)
{
    return has_class(f, k, WC_LINK_BOUNDARY) && !word_is(f, k, "that") && !word_is(f, k, "but");
}

static int has_person_in(const event_finder *f, size_t first, size_t last)
{
    return first <= last && first_person_in(f, first, last) != NO_ENTITY;
}

/* The subject range of trigger k in the sentence part [first, last]: the clause
   of its own when one opens after the trigger before it and names a person or
   says "he" or "they" ("..., since Putin met Biden", "where he met Xi"), else the words before the
   part's first trigger. Returns 0 when the range is empty. */
static int subject_range(const event_finder *f, const event_trigger *triggers, size_t n, size_t k,
                         size_t first, size_t last, size_t *from, size_t *to)
{
    size_t lo = first, first_trigger = triggers[k].first;
    for (size_t j = 0; j < n; j++) {
        if (triggers[j].first < first || triggers[j].first > last)
            continue;
        if (triggers[j].first < first_trigger)
            first_trigger = triggers[j].first;
        if (j < k && triggers[j].last + 1 > lo)
            lo = triggers[j].last + 1;
    }
    for (size_t c = triggers[k].first; c-- > lo;) {
        if (opens_clause(f, c) && c + 1 < triggers[k].first &&
            (has_person_in(f, c + 1, triggers[k].first - 1) ||
             singular_reference(f, c + 1, triggers[k].first - 1) ||
             plural_reference(f, c + 1, triggers[k].first - 1))) {
            *from = c + 1;
            *to = triggers[k].first - 1;
            return 1;
        }
    }
    *from = first;
    *to = first_trigger > first ? first_trigger - 1 : first;
    return first_trigger > first;
}

/* The object range of trigger k: from its end to the next trigger of the part
   (for a visit, the persons met on it count: "a trip to China and held talks
   with Xi"), a clause with a subject of its own ("since Suga took office"; not
   "since taking power"), or the part's end. Returns 0 when empty. */
static int object_range(const event_finder *f, const event_trigger *triggers, size_t n, size_t k,
                        size_t last, size_t *from, size_t *to)
{
    size_t end = last;
    for (size_t j = k + 1; j < n && triggers[k].kind != EVENT_VISIT; j++)
        if (triggers[j].first > triggers[k].last && triggers[j].first - 1 < end)
            end = triggers[j].first - 1;
    for (size_t c = triggers[k].last + 1; c <= end; c++)
        if (opens_clause(f, c) && c + 1 < f->tokens.n &&
            (f->tokens.v[c + 1].upper || has_class(f, c + 1, WC_SINGULAR_PRONOUN))) {
            end = c - 1;
            break;
        }
    *from = triggers[k].last + 1;
    *to = end;
    return *from <= *to;
}

/* Participants of trigger k of sentence s, whose sentence part (sentence_part())
   is tokens [first, last]: who is named in its subject and object ranges; a
   "he" or "she" in the subject range with no one named there is the person it
   refers to, "they" or "the two leaders" (in the subject range or just after
   the trigger) the two persons named last. */
static void find_participants(const event_finder *f, size_t s, const event_trigger *triggers,
                              size_t n, size_t k, size_t first, size_t last, event_draft *d)
{
    size_t subj_from = first, subj_to = first, obj_from = first, obj_to = first;
    int has_subject = subject_range(f, triggers, n, k, first, last, &subj_from, &subj_to);
    int has_object = object_range(f, triggers, n, k, last, &obj_from, &obj_to);
    size_t before_objects = d->n_participants;
    if (triggers[k].definite && k > 0 && triggers[k - 1].first >= first &&
        triggers[k - 1].kind != EVENT_VISIT)
        has_subject = 0; /* "agreed during a call that the meeting ...": told before */
    if (has_subject)
        participants_in(f, subj_from, subj_to, d);
    int subject_named = d->n_participants > before_objects;
    d->first_object = d->n_participants;
    if (has_object)
        participants_in(f, obj_from, obj_to, d);
    d->end_object = d->n_participants;
    if (has_object && word_is(f, obj_from, "between") && d->end_object - d->first_object >= 2) {
        /* "recalled the summit between Vajpayee and Sharif": the sides are named */
        size_t n_subject = d->first_object - before_objects;
        memmove(&d->participants[before_objects], &d->participants[d->first_object],
                (d->end_object - d->first_object) * sizeof d->participants[0]);
        d->n_participants -= n_subject;
        d->first_object = before_objects;
        d->end_object = d->n_participants;
    }
    d->explicit_participants = d->n_participants > 0;
    size_t near_end = triggers[k].last + 4 < last ? triggers[k].last + 4 : last;
    int plural = (has_subject ? plural_reference(f, subj_from, subj_to) : 0);
    if (!plural && triggers[k].last < near_end) /* "talks between the two leaders" */
        plural = plural_reference(f, triggers[k].last + 1, near_end);
    for (size_t i = first; plural == 1 && i < triggers[k].first; i++)
        if (word_is(f, i, "two")) { /* "the two presidents ... since they agreed" */
            int named = plural_reference(f, i > first ? i - 1 : i, i + 2);
            plural = named > 1 ? named : plural;
        }
    if (plural && d->n_participants < 2) {
        const char *prefix = plural == 2 ? "President" : plural == 3 ? "Prime Minister" : NULL;
        add_recent_persons(f, sentence_start_byte(f, s), 2 - d->n_participants, prefix, d);
    } else if (!subject_named && has_subject && singular_reference(f, subj_from, subj_to)) {
        size_t e = pronoun_antecedent(f, s, subj_from);
        if (e != NO_ENTITY)
            add_participant(d, e);
    } else if (!subject_named && d->n_participants < 2 && singular_reference(f, first, last)) {
        add_recent_persons(f, sentence_start_byte(f, s), 1, NULL, d);
    }
}

/* Tokens [from, to) join a series' name to its trigger: nothing, a hyphenated
   partner ("ASEAN-U.S. summit", "EU-China summit"), "leaders'" ("G20 leaders'
   summit"), or one punctuation mark. */
static int joins_series(const event_finder *f, size_t from, size_t to)
{
    if (to < from || to - from > 6)
        return 0;
    if (to - from == 1 && f->tokens.v[from].kind != DATE_TOK_WORD)
        return 1;
    for (size_t k = from; k < to; k++) {
        const date_token *tok = &f->tokens.v[k];
        int joins = date_tok_is_dash(&f->tokens, k) || date_tok_is_punct(&f->tokens, k, '.') ||
                    date_tok_is_punct(&f->tokens, k, '\'') ||
                    date_tok_is_punct(&f->tokens, k, 0x2019) || word_is(f, k, "leaders") ||
                    (tok->kind == DATE_TOK_WORD && tok->upper && k > from &&
                     date_tok_is_dash(&f->tokens, from));
        if (!joins)
            return 0;
    }
    return 1;
}

/* An international organization (one with no country of its own, not the
   "White House") named in sentence s before token i, the nearest: the group a
   bare "a two-day summit" belongs to ("the BRICS group gather on Tuesday for
   a three-day summit"). NO_ENTITY when none. */
static size_t group_before(const event_finder *f, size_t s, size_t i)
{
    size_t found = NO_ENTITY;
    int32_t from = sentence_start_byte(f, s), to = f->tokens.v[i].start;
    for (size_t m = first_mention_from(f, from); m < f->n_mentions && f->mentions[m].start < to;
         m++) {
        const telex_entity *e = &f->entities[f->mentions[m].entity];
        if (strcmp(entity_type(f, f->mentions[m].entity), "organization") == 0 &&
            !(e->country && e->country[0]))
            found = f->mentions[m].entity;
    }
    return found;
}

/* The summit series named next to a "summit" trigger: an organization ending
   just before it ("Group of 20 summit") or starting just after "summit of". */
static size_t find_series(const event_finder *f, const event_trigger *t)
{
    int32_t trigger_start = f->tokens.v[t->first].start;
    int32_t trigger_end = f->tokens.v[t->last].end;
    size_t after = t->last + 1;
    if (word_is(f, after, "of"))
        after += word_is(f, after + 1, "the") ? 2 : 1;
    int32_t window = t->first >= 8 ? f->tokens.v[t->first - 8].start : 0;
    int32_t window_end = after + 1 < f->tokens.n ? f->tokens.v[after + 1].start : trigger_end + 1;
    for (size_t m = first_mention_from(f, window);
         m < f->n_mentions && f->mentions[m].start < window_end; m++) {
        const mention_ref *r = &f->mentions[m];
        if (strcmp(entity_type(f, r->entity), "organization") != 0)
            continue;
        if (r->start <= trigger_start && r->end >= trigger_end)
            return r->entity; /* the trigger is the end of the name: "East Asia Summit" */
        int before_trigger =
            r->end <= trigger_start && joins_series(f, token_at_offset(f, r->end), t->first);
        int after_of = after > t->last + 1 && after < f->tokens.n &&
                       r->start == f->tokens.v[after].start && r->start >= trigger_end;
        if (before_trigger || after_of)
            return r->entity;
    }
    return NO_ENTITY;
}

/* ---- dates ---------------------------------------------------------------------- */

static int is_boundary_word(const event_finder *f, size_t k)
{
    return has_class(f, k, WC_LINK_BOUNDARY) || word_is(f, k, "which") ||
           date_tok_is_punct(&f->tokens, k, ';');
}

/* 1 when a date of the text starts at token k ("since March 2020"). */
static int date_starts_at(const event_finder *f, size_t k)
{
    if (k >= f->tokens.n)
        return 0;
    int32_t offset = f->tokens.v[k].start;
    size_t lo = 0, hi = f->n_dates;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (f->date_order[mid]->span.start < offset)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < f->n_dates && f->date_order[lo]->span.start == offset;
}

/* Words that end the clause a date or location can be linked across; "since"
   before a date is a phrase, not a clause ("calls since March 2020, most
   recently in April"). */
static int blocks_link(const event_finder *f, size_t k, size_t to)
{
    if (date_tok_is_punct(&f->tokens, k, ';'))
        return 1;
    if (word_is(f, k, "since") && date_starts_at(f, k + 1))
        return 0;
    if (word_is(f, k + 1, "place") && (word_is(f, k, "took") || word_is(f, k, "take") ||
                                       word_is(f, k, "takes") || word_is(f, k, "taking")))
        return 0; /* "the summit held in Brasilia took place in 2019": the event's own verb */
    if (!has_class(f, k, WC_CLAUSE | WC_LINK_BOUNDARY | WC_PAST | WC_ED))
        return 0; /* no boundary word and no past verb: most words */
    if (has_class(f, k, WC_HOST_VERB))
        return 0; /* "a summit Meloni hosted in Rome on Sunday": told of the event */
    if (word_is(f, k, "which")) {
        for (size_t j = k + 1; j < to; j++)
            if (has_class(f, j, WC_HOST_VERB))
                return 0; /* "the summit, which Merkel hosts on July 7" */
        return 1;
    }
    if (has_class(f, k, WC_LINK_BOUNDARY))
        return 1;
    if (has_class(f, k, WC_ED) && !f->tokens.v[k].upper && word_is(f, k + 1, "by"))
        return 1; /* "the city destroyed by a bomb in 1945": another clause */
    return date_tense_of_word(f->text, &f->tokens, k) == DATE_TENSE_PAST;
}

/* No clause boundary between tokens from and to. The word right after a trigger
   noun (or after its comma) is not one: it is the event's own verb ("The visit
   lasted from Sunday", "the summit, hosted by Kishida, is set for Tuesday"). */
/* The closing comma of a relative clause set off by commas that opens at token k
   (", which also includes China, on Thursday"), before token to; 0 when k opens
   none or it is not closed before to. */
static size_t relative_clause_end(const event_finder *f, size_t k, size_t to)
{
    if (!date_tok_is_punct(&f->tokens, k, ',') ||
        !(word_is(f, k + 1, "which") || word_is(f, k + 1, "who")))
        return 0;
    for (size_t j = k + 2; j < to; j++) {
        if (date_tok_is_punct(&f->tokens, j, ','))
            return j;
        if (date_tok_is_punct(&f->tokens, j, ';'))
            return 0;
    }
    return 0;
}

static int path_is_open(const event_finder *f, size_t from, size_t to)
{
    for (size_t k = from; k < to; k++) {
        size_t aside_end = relative_clause_end(f, k, to);
        if (aside_end) {
            k = aside_end; /* the aside is told about the event: the path goes on after it */
            continue;
        }
        int own_verb = k == from || (k == from + 1 && date_tok_is_punct(&f->tokens, from, ','));
        if (blocks_link(f, k, to) && !(own_verb && k > 0 && !is_boundary_word(f, k)))
            return 0;
    }
    return 1;
}

/* A date an event can be dated by: a calendar date or time, not a duration, and
   not one counted from another event ("a day after"). */
static int is_event_date(const telex_date *d)
{
    if (!d->value || !d->text || !d->type || d->value[0] < '0' || d->value[0] > '9')
        return 0;
    if (strcmp(d->type, "date") != 0 && strcmp(d->type, "time") != 0)
        return 0;
    return strncasecmp(d->text, "a ", 2) != 0 && strncasecmp(d->text, "an ", 3) != 0 &&
           strncasecmp(d->text, "one ", 4) != 0;
}

/* Copies a date value into start and end: "A/B" splits, "2016-11-10TMO" keeps the day. */
static void set_dates(const char *value, char *start, char *end)
{
    size_t first = strcspn(value, "/");
    const char *second = value[first] ? value + first + 1 : value;
    size_t first_len = strcspn(value, "/T"), second_len = strcspn(second, "/T");
    first_len = first_len < VALUE_LEN - 1 ? first_len : VALUE_LEN - 1;
    second_len = second_len < VALUE_LEN - 1 ? second_len : VALUE_LEN - 1;
    memcpy(start, value, first_len);
    start[first_len] = '\0';
    memcpy(end, second, second_len);
    end[second_len] = '\0';
}

typedef struct linked_date {
    const telex_date *date;
    size_t first; /* tokens */
    size_t last;
} linked_date;

/* How many of tokens [from, to) belong to a duration ("a three-day summit"). */
static size_t duration_tokens(const event_finder *f, size_t from, size_t to)
{
    if (from >= to || to > f->tokens.n)
        return 0;
    int32_t start = f->tokens.v[from].start, end = f->tokens.v[to - 1].end;
    size_t n = 0;
    for (size_t k = 0; k < f->n_dates; k++) {
        const telex_date *d = f->date_order[k];
        if (d->span.start < start || d->span.end > end || !d->value || d->value[0] != 'P')
            continue;
        size_t first = token_at_offset(f, d->span.start), last = token_at_offset(f, d->span.end);
        n += last - first;
    }
    return n;
}

/* The trigger (index into triggers, in text order) date d links to, or -1: the
   nearest one before it, else the nearest one just after it, when no clause
   boundary lies between (a farther trigger's path holds the nearer one's). */
static long link_date(const event_finder *f, const event_trigger *triggers, size_t n,
                      const linked_date *d)
{
    size_t after = 0;
    while (after < n && triggers[after].last < d->first)
        after++;
    if (after > 0 && path_is_open(f, triggers[after - 1].last + 1, d->first))
        return (long)after - 1;
    if (after < n && triggers[after].first > d->last &&
        triggers[after].first - d->last <=
            5 + duration_tokens(f, d->last + 1, triggers[after].first) &&
        path_is_open(f, d->last + 1, triggers[after].first))
        return (long)after;
    return -1;
}

/* "from Sunday to Wednesday", "between May 3 and May 5": a and b bound a span. */
static int dates_form_range(const event_finder *f, const linked_date *a, const linked_date *b)
{
    if (b->first != a->last + 2 || a->first == 0)
        return 0;
    size_t mid = a->last + 1;
    int joined = word_is(f, mid, "to") || word_is(f, mid, "through") || word_is(f, mid, "until") ||
                 word_is(f, mid, "and") || date_tok_is_dash(&f->tokens, mid);
    return joined && (word_is(f, a->first - 1, "from") || word_is(f, a->first - 1, "between"));
}

/* The dates of sentence s, in order, as token spans. Returns how many (at most cap). */
static size_t sentence_dates(const event_finder *f, size_t s, linked_date *out, size_t cap)
{
    int32_t from = sentence_start_byte(f, s), to = sentence_end_byte(f, s);
    size_t n = 0, lo = 0, hi = f->n_dates;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (f->date_order[mid]->span.start < from)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (size_t k = lo; k < f->n_dates && n < cap && f->date_order[k]->span.start < to; k++) {
        const telex_date *d = f->date_order[k];
        if (!is_event_date(d))
            continue;
        size_t first = token_at_offset(f, d->span.start);
        size_t last = token_at_offset(f, d->span.end);
        if (first > 0 && word_is(f, first - 1, "since"))
            continue; /* "five calls since February 2021": where a period starts */
        out[n++] = (linked_date){d, first, last > first ? last - 1 : first};
    }
    return n;
}

static int parse_day(const char *value, date_civil *d);

/* ---- location ------------------------------------------------------------------- */

static int location_cue(const event_finder *f, const mention_ref *m, const event_trigger *t)
{
    size_t i = token_at_offset(f, m->start);
    if (i == 0)
        return 0;
    if (t->kind == EVENT_VISIT && i == t->last + 1)
        return 1; /* "visit Pearl Harbor", "visited China" */
    if (t->kind == EVENT_VISIT && i == t->last + 2 && word_is(f, i - 1, "of"))
        return 1; /* "a tour of Italy" */
    if (word_is(f, i - 1, "the") && i >= 2)
        i--; /* "in the Philippines" */
    if (has_class(f, i - 1, WC_LOCATION_CUE))
        return 1;
    return word_is(f, i - 1, "of") && strcmp(entity_type(f, m->entity), "place") == 0;
}

/* The place a "where" clause holding the trigger refers to: the last place or
   country named before "where". */
static size_t where_location(const event_finder *f, size_t s, const event_trigger *t)
{
    size_t k = t->first;
    while (k > f->sentences[s].first && !word_is(f, k - 1, "where")) {
        k--;
        if (blocks_link(f, k, t->first))
            return NO_ENTITY;
    }
    if (k == f->sentences[s].first)
        return NO_ENTITY;
    int32_t limit = f->tokens.v[k - 1].start, from = sentence_start_byte(f, s);
    size_t found = NO_ENTITY;
    for (size_t m = first_mention_from(f, from); m < f->n_mentions && f->mentions[m].start < limit;
         m++)
        if (is_place_or_country(f, f->mentions[m].entity))
            found = f->mentions[m].entity;
    return found;
}

/* A word with tense between tokens from and to (exclusive). */
static int has_verb_between(const event_finder *f, size_t from, size_t to)
{
    for (size_t k = from; k < to; k++)
        if (date_tense_of_word(f->text, &f->tokens, k) != DATE_TENSE_NONE)
            return 1;
    return 0;
}

/* The country of a venue that is a seat of government ("at the White House",
   "in the Kremlin": an organization of one country) when the story names that
   country, or NO_ENTITY: a location is a place or a country. */
static size_t venue_country(const event_finder *f, const mention_ref *r)
{
    const telex_entity *venue = &f->entities[r->entity];
    size_t i = token_at_offset(f, r->start);
    if (strcmp(entity_type(f, r->entity), "organization") != 0 || !venue->country ||
        !venue->country[0] || i < 2 || !word_is(f, i - 1, "the"))
        return NO_ENTITY;
    for (size_t e = 0; e < f->n_entities; e++)
        if (strcmp(entity_type(f, e), "country") == 0 && f->entities[e].code &&
            strcmp(f->entities[e].code, venue->country) == 0)
            return e;
    return NO_ENTITY;
}

/* A place named right before a trigger noun, as its modifier ("the 1999 Lahore
   summit", "the Geneva talks"); not a country ("the China visit" is told by its
   cue) nor one half of a pair ("the Ankara-Moscow talks"). NO_ENTITY when none. */
static size_t modifier_place(const event_finder *f, const event_trigger *t)
{
    if (t->first < 2 || has_class(f, t->first, WC_TRIGGER_VERB))
        return NO_ENTITY;
    int32_t end = f->tokens.v[t->first - 1].end;
    int32_t from = t->first >= 6 ? f->tokens.v[t->first - 6].start : 0;
    for (size_t m = first_mention_from(f, from); m < f->n_mentions && f->mentions[m].start < end;
         m++) {
        const mention_ref *r = &f->mentions[m];
        size_t before = token_at_offset(f, r->start);
        if (r->end != end || strcmp(entity_type(f, r->entity), "place") != 0 || before == 0 ||
            date_tok_is_dash(&f->tokens, before - 1))
            continue;
        return r->entity;
    }
    return NO_ENTITY;
}

static size_t find_location(const event_finder *f, size_t s, const event_trigger *t,
                            const event_trigger *next, int named)
{
    int32_t from = sentence_start_byte(f, s), to = sentence_end_byte(f, s);
    if (next && has_verb_between(f, t->last + 1, next->first))
        to = f->tokens.v[next->first].start; /* "call ... and agreed to meet in New York" */
    int32_t trigger_start = f->tokens.v[t->first].start;
    size_t before = NO_ENTITY;
    size_t where = where_location(f, s, t);
    if (where != NO_ENTITY)
        return where;
    for (size_t m = first_mention_from(f, from); m < f->n_mentions && f->mentions[m].start < to;
         m++) {
        const mention_ref *r = &f->mentions[m];
        size_t place = is_place_or_country(f, r->entity) ? r->entity : venue_country(f, r);
        if (place == NO_ENTITY || !location_cue(f, r, t))
            continue;
        if (r->start < trigger_start) {
            if (!t->definite || named) /* not for a bare "the meeting" */
                before = place;
            continue;
        }
        if (path_is_open(f, t->last + 1, token_at_offset(f, r->start)))
            return place;
        break;
    }
    size_t modifier = modifier_place(f, t);
    return modifier != NO_ENTITY ? modifier : before;
}

/* ---- status ------------------------------------------------------------------------ */

#define STATUS_CLASSES (WC_CANCEL | WC_POSTPONE | WC_PROPOSE | WC_ACCEPT | WC_STATUS_VERB)

/* The status of trigger t from the words of its sentence part [first, last] of
   sentence s: a fate (cancelled, postponed), a proposal, else the tense. */
static const char *find_status(const event_finder *f, size_t first, size_t last,
                               const event_trigger *t)
{
    int is_proposed = 0, is_accepted = 0;
    for (size_t k = first; k <= last; k++) {
        const date_token *tok = &f->tokens.v[k];
        if (!(tok->classes & STATUS_CLASSES))
            continue; /* most words: one bit test */
        if (has_class(f, k, WC_CANCEL) || (word_is(f, k, "called") && word_is(f, k + 1, "off")))
            return "cancelled";
        if (has_class(f, k, WC_POSTPONE) || (word_is(f, k, "put") && word_is(f, k + 1, "off")) ||
            (word_is(f, k, "pushed") && word_is(f, k + 1, "back")))
            return "postponed";
        if (k < t->first && has_class(f, k, WC_PROPOSE))
            is_proposed = 1;
        if (has_class(f, k, WC_ACCEPT))
            is_accepted = 1;
    }
    if (is_proposed && !is_accepted)
        return "proposed";
    date_tense tense = date_tense_of_word(f->text, &f->tokens, t->first);
    if (tense == DATE_TENSE_NONE)
        tense = date_tense_at(f->text, &f->tokens, t->first, t->last);
    if (tense == DATE_TENSE_FUTURE)
        return "planned";
    if (tense == DATE_TENSE_PAST)
        return "held";
    return NULL; /* decided from the date once the event is merged (status_by_date) */
}

/* The status of an event no tense decides: held when its date is before the
   story's date, else planned. */
static const char *status_by_date(const event_finder *f, const char *start)
{
    if (start[0] && f->has_ref) {
        char today[VALUE_LEN];
        snprintf(today, sizeof today, "%04d-%02d-%02d", f->ref.year, f->ref.month, f->ref.day);
        return strncmp(start, today, strlen(start)) < 0 ? "held" : "planned";
    }
    return "planned";
}

/* ---- drafts ---------------------------------------------------------------------- */

/* A visit made with a head of state named after "with" ("visit Pearl Harbor with
   U.S. President Barack Obama"), before any other trigger. */
static int is_joint_visit(const event_finder *f, size_t s, const event_trigger *t,
                          const event_trigger *triggers, size_t n)
{
    size_t stop = f->sentences[s].last + 1;
    for (size_t k = 0; k < n; k++)
        if (triggers[k].first > t->last && triggers[k].first < stop)
            stop = triggers[k].first;
    for (size_t k = t->last + 1; k < stop; k++) {
        if (!word_is(f, k, "with"))
            continue;
        int32_t from = f->tokens.v[k].end;
        int32_t to = k + 6 < f->tokens.n ? f->tokens.v[k + 6].end : sentence_end_byte(f, s);
        for (size_t m = first_mention_from(f, from); m < f->n_mentions && f->mentions[m].start < to;
             m++)
            if (is_head(f, f->mentions[m].entity))
                return 1;
        return 0;
    }
    return 0;
}

static int push_draft(event_finder *f, size_t *cap, const event_draft *d)
{
    if (f->n_drafts == *cap) {
        size_t grown_cap = *cap ? *cap * 2 : 16;
        event_draft *grown = realloc(f->drafts, grown_cap * sizeof *grown);
        if (!grown)
            return -1;
        f->drafts = grown;
        *cap = grown_cap;
    }
    f->drafts[f->n_drafts++] = *d;
    return 0;
}

/* Dates of sentence s for trigger k: start/end of its first linked date, or a
   range of two ("from Sunday to Wednesday"). */
static void date_trigger(const event_finder *f, const event_trigger *triggers, size_t k,
                         const linked_date *dates, const long *links, size_t n_dates,
                         event_draft *d)
{
    const linked_date *first = NULL;
    int have_after = 0;
    for (size_t j = 0; j < n_dates; j++)
        have_after |= dates[j].first > triggers[k].last && links[j] == (long)k;
    for (size_t j = 0; j < n_dates; j++) {
        if (links[j] != (long)k || (have_after && dates[j].first < triggers[k].first))
            continue;
        if (!first) {
            first = &dates[j];
            set_dates(first->date->value, d->start, d->end);
        } else if (dates_form_range(f, first, &dates[j])) {
            char ignored[VALUE_LEN];
            set_dates(dates[j].date->value, ignored, d->end);
            return;
        }
    }
    if (first || d->series == NO_ENTITY)
        return;
    /* A series summit with no date of its own takes the date of the event
       before it in the sentence ("talks on Thursday ... attending the summit"). */
    for (size_t j = n_dates; j-- > 0;) {
        if (dates[j].last < triggers[k].first) {
            set_dates(dates[j].date->value, d->fallback_start, d->fallback_end);
            return;
        }
    }
}

/* An undated trigger takes the date of a trigger at most two words after it
   ("The Pacific Islands Forum will meet on Tuesday"). */
static void date_from_next(const event_finder *f, const event_trigger *triggers, size_t k,
                           const linked_date *dates, const long *links, size_t n_dates,
                           event_draft *d)
{
    size_t gap = triggers[k + 1].first - triggers[k].last;
    int coordinated = word_is(f, triggers[k].last + 1, "and") && gap <= 7 &&
                      !has_verb_between(f, triggers[k].last + 1, triggers[k + 1].first);
    if ((gap > 3 && !coordinated) || !path_is_open(f, triggers[k].last + 1, triggers[k + 1].first))
        return; /* not "the U.S.-ASEAN summit and the East Asia Summit over the weekend" */
    for (size_t j = 0; j < n_dates; j++)
        if (links[j] == (long)k + 1) {
            set_dates(dates[j].date->value, d->start, d->end);
            return;
        }
}

/* A person is named right after trigger t, perhaps behind a title of
   capitalized words ("welcomed Abe", "received U.S. President Donald Trump"):
   at most ten tokens, each capitalized, a period or glued to the one before. */
static int person_follows(const event_finder *f, const event_trigger *t)
{
    for (size_t k = t->last + 1; k < f->tokens.n && k <= t->last + 10; k++) {
        const date_token *tok = &f->tokens.v[k];
        for (size_t m = first_mention_from(f, tok->start);
             m < f->n_mentions && f->mentions[m].start == tok->start; m++)
            if (is_person(f, f->mentions[m].entity))
                return 1;
        int in_title = (tok->kind == DATE_TOK_WORD && tok->upper) || !tok->space_before;
        if (!in_title && !date_tok_is_punct(&f->tokens, k, '.'))
            return 0; /* titles: "U.S. President-elect Donald Trump" */
    }
    return 0;
}

/* The meeting or summit a trip is made for, told by "for (a|the)", "to meet"
   or "to hold talks" after it ("will fly to Seoul for a summit with Moon",
   "arrives in Addis Ababa for the summit"); the index of its trigger, or -1. */
static long trip_purpose(const event_finder *f, const event_trigger *triggers, size_t n, size_t k)
{
    for (size_t j = k + 1; j < n; j++) {
        if (triggers[j].kind != EVENT_MEETING && triggers[j].kind != EVENT_SUMMIT)
            continue;
        size_t i = triggers[j].first;
        for (size_t steps = 0; steps < 4 && i >= 2 && f->tokens.v[i - 1].upper; steps++)
            i--; /* "for the NATO summit", "for the East Asia Summit": from the name */
        if (i >= 1 && word_is(f, i - 1, "for"))
            return (long)j;
        if (i >= 1 && word_is(f, i - 1, "to") && has_class(f, i, WC_TRIGGER_VERB))
            return (long)j; /* "went on to Seoul to meet Roh" */
        size_t verb =
            i >= 2 && (word_is(f, i - 1, "a") || word_is(f, i - 1, "the")) ? i - 2 : i - 1;
        if (i >= 2 && verb >= 1 && word_is(f, verb - 1, "to") &&
            (word_is(f, verb, "hold") || word_is(f, verb, "attend")))
            return (long)j; /* "to hold talks", "to attend the summit" */
        if (i >= 2 && word_is(f, i - 2, "for") &&
            (word_is(f, i - 1, "a") || word_is(f, i - 1, "the")))
            return (long)j;
    }
    return -1;
}

/* An "and" among the tokens strictly between from and to. */
static int and_between(const event_finder *f, size_t from, size_t to)
{
    for (size_t i = from + 1; i < to; i++)
        if (word_is(f, i, "and"))
            return 1;
    return 0;
}

/* A visit followed by "for (a|the) summit/talks/meeting": the travel to an event
   told on its own ("will fly to Seoul for a summit with Moon"); an arrival
   followed by any meeting ("landed in Tokyo and will meet Biden", "arrived in
   Vilnius after talks in London"). Returns the index of that event's trigger,
   or -1. */
static long travels_to_event(const event_finder *f, const event_trigger *triggers, size_t n,
                             size_t k)
{
    for (size_t j = k + 1; j < n; j++)
        if (triggers[k].arrival &&
            (triggers[j].kind == EVENT_MEETING || triggers[j].kind == EVENT_SUMMIT))
            return (long)j;
    return trip_purpose(f, triggers, n, k);
}
/* The trip (a visit trigger, not an arrival) whose purpose trigger k is ("flew
   to Beijing for talks", "went on to Seoul to meet Roh"), or -1. */
static long trip_to(const event_finder *f, const event_trigger *triggers, size_t n, size_t k)
{
    for (size_t j = k; j-- > 0;)
        if (triggers[j].kind == EVENT_VISIT && !triggers[j].arrival)
            return travels_to_event(f, triggers, n, j) == (long)k ? (long)j : -1;
    return -1;
}

/* The dates of a trip to an event are the event's when it has none of its own
   ("will travel to Tokyo on Tuesday for talks with Suga"). */
static void pass_trip_dates(const event_finder *f, const event_trigger *triggers, size_t n,
                            long *links, size_t n_dates)
{
    for (size_t k = 0; k < n; k++) {
        long target = triggers[k].kind == EVENT_VISIT ? travels_to_event(f, triggers, n, k) : -1;
        int target_dated = 0;
        for (size_t j = 0; target >= 0 && j < n_dates; j++)
            target_dated |= links[j] == target;
        for (size_t j = 0; target >= 0 && !target_dated && j < n_dates; j++)
            if (links[j] == (long)k)
                links[j] = target;
    }
}

/* The hosts a trip's purpose names ("for talks with Hu", "to meet Roh"): the
   persons after the purpose trigger j join the visit draft d. */
static void add_trip_hosts(const event_finder *f, size_t s, const event_trigger *triggers, size_t n,
                           size_t j, event_draft *d)
{
    event_draft purpose = {0};
    size_t part_first, part_last;
    sentence_part(f, s, triggers[j].first, &part_first, &part_last);
    if (j + 1 < n && triggers[j + 1].first > triggers[j].last &&
        triggers[j + 1].first - 1 < part_last)
        part_last = triggers[j + 1].first - 1; /* not "... and went on to Seoul to meet Roh" */
    find_participants(f, s, triggers, n, j, part_first, part_last, &purpose);
    for (size_t i = purpose.first_object; i < purpose.end_object; i++)
        if (is_person(f, purpose.participants[i]))
            add_participant(d, purpose.participants[i]);
}

/* The dates of draft from, when it has them, become d's. */
static void copy_dates(event_draft *d, const event_draft *from)
{
    if (!from->start[0])
        return;
    copy_value(d->start, from->start);
    copy_value(d->end, from->end);
}

/* A call was told before in the story: "spoke with" may then be another. */
static int call_told_before(const event_finder *f)
{
    for (size_t k = 0; k < f->n_drafts; k++)
        if (f->drafts[k].kind == EVENT_CALL)
            return 1;
    return 0;
}

/* "separate" or "separately" in tokens [first, last]. */
static int says_separately(const event_finder *f, size_t first, size_t last)
{
    for (size_t k = first; k <= last; k++)
        if (word_is(f, k, "separately") || word_is(f, k, "separate"))
            return 1;
    return 0;
}

/* The one person a draft's subject names, when its object names two or more
   persons: the calls or talks of one person with several others, told as
   separate ("met Biden and Kishida separately", "spoke with Moon and
   Morrison"). NO_ENTITY otherwise. */
static size_t split_subject(const event_finder *f, const event_draft *d)
{
    size_t subject = NO_ENTITY, n_subject = 0, n_objects = 0;
    for (size_t k = 0; k < d->n_participants; k++) {
        if (!is_person(f, d->participants[k]))
            return NO_ENTITY;
        if (k >= d->first_object && k < d->end_object) {
            n_objects++;
        } else {
            subject = d->participants[k];
            n_subject++;
        }
    }
    return n_subject == 1 && n_objects >= 2 ? subject : NO_ENTITY;
}

/* Pushes d, or one draft per person of its object when it tells separate
   events of its subject with each (split_subject()). */
static int push_split(event_finder *f, size_t *cap, const event_draft *d, int separate)
{
    size_t subject = separate ? split_subject(f, d) : NO_ENTITY;
    if (subject == NO_ENTITY)
        return push_draft(f, cap, d);
    for (size_t k = d->first_object; k < d->end_object; k++) {
        event_draft one = *d;
        one.n_participants = 0;
        add_participant(&one, subject);
        add_participant(&one, d->participants[k]);
        one.first_object = 1;
        one.end_object = 2;
        if (push_draft(f, cap, &one) != 0)
            return -1;
    }
    return 0;
}

/* A call with no date of its own told in a clause a dated report introduces:
   "Suga said Thursday he had spoken by phone with Biden" (the report's day). */
static void date_from_report(const event_finder *f, const event_trigger *t,
                             const linked_date *dates, size_t n_dates, event_draft *d)
{
    if (d->start[0] || d->kind != EVENT_CALL || (d->status && strcmp(d->status, "held") != 0))
        return;
    for (size_t j = 0; j < n_dates && dates[j].last < t->first; j++) {
        size_t k = dates[j].first;
        int reported = (k >= 1 && is_reporting_word(f, k - 1)) ||
                       (k >= 2 && word_is(f, k - 1, "on") && is_reporting_word(f, k - 2));
        if (reported) {
            set_dates(dates[j].date->value, d->start, d->end);
            return;
        }
    }
}

static int is_word_forum(const event_finder *f, const event_trigger *t)
{
    return t->first == t->last && word_is(f, t->first, "forum");
}

/* The capitalized "Summit" or "Forum" ending an organization's name ("East Asia
   Summit", "Pacific Islands Forum"): a summit of that series, told by its name
   alone. Fills *out and returns 1, or returns 0. */
static int named_summit_at(const event_finder *f, size_t i, event_trigger *out)
{
    if (!f->tokens.v[i].upper || !(word_is(f, i, "summit") || word_is(f, i, "forum")))
        return 0;
    event_trigger series_trigger = {.first = i, .last = i, .kind = EVENT_SUMMIT};
    if (!f->tokens.v[i].sentence_start && find_series(f, &series_trigger) != NO_ENTITY) {
        *out = series_trigger; /* "the ASEAN Summit", "the G20 Summit": series, then the word */
        out->definite = i > 0 && has_class(f, i - 1, WC_DEFINITE);
        return 1;
    }
    int32_t start = f->tokens.v[i].start, end = f->tokens.v[i].end;
    int32_t from = i >= 6 ? f->tokens.v[i - 6].start : 0;
    for (size_t m = first_mention_from(f, from); m < f->n_mentions && f->mentions[m].start <= start;
         m++) {
        const mention_ref *r = &f->mentions[m];
        if (r->end == end && strcmp(entity_type(f, r->entity), "organization") == 0) {
            memset(out, 0, sizeof *out);
            out->first = out->last = i;
            out->kind = EVENT_SUMMIT;
            return 1;
        }
    }
    return 0;
}

/* "their call on Sept. 9", "a call in July", "the latest call on Monday": a
   call told by the noun alone, with a determiner before it and a date right
   after it (or after "on" or "in"); not "a call on Iran to ...". Fills *out and
   returns 1, or returns 0. */
static int dated_call_at(const event_finder *f, size_t i, event_trigger *out)
{
    static const char *const determiners[] = {"a",    "the",    "their", "his",  "her",
                                              "last", "latest", "first", "that", NULL};
    if (f->tokens.v[i].upper || !(word_is(f, i, "call") || word_is(f, i, "calls")) || i == 0)
        return 0;
    int determined = 0;
    for (size_t w = 0; determiners[w]; w++)
        determined |= word_is(f, i - 1, determiners[w]);
    size_t date_at = i + 1;
    if (word_is(f, date_at, "on") || word_is(f, date_at, "in"))
        date_at++;
    if (!determined || !date_starts_at(f, date_at))
        return 0;
    memset(out, 0, sizeof *out);
    out->first = out->last = i;
    out->kind = EVENT_CALL;
    out->definite = !word_is(f, i - 1, "a");
    return 1;
}

/* "met the press", "meets reporters": no counterpart, no event. */
static int meets_the_press(const event_finder *f, const event_trigger *t)
{
    size_t k = t->last + 1 + (size_t)word_is(f, t->last + 1, "with");
    k += (size_t)word_is(f, k, "the");
    return t->kind == EVENT_MEETING && (word_is(f, k, "press") || word_is(f, k, "reporters") ||
                                        word_is(f, k, "journalists") || word_is(f, k, "media"));
}

/* A meeting or summit held by video ("a virtual summit", "an online meeting",
   "talks by video link", "met via videoconference"): a call (DESIGN: call =
   phone or video). */
static int is_by_video(const event_finder *f, const event_trigger *t)
{
    if (t->kind != EVENT_MEETING && t->kind != EVENT_SUMMIT)
        return 0;
    for (size_t back = 1; back <= 2 && back <= t->first; back++) {
        size_t k = t->first - back;
        if (word_is(f, k, "virtual") || word_is(f, k, "video") || word_is(f, k, "online") ||
            word_is(f, k, "videoconference"))
            return 1;
        if (!date_tok_is_dash(&f->tokens, k) && !word_is(f, k, "leaders"))
            break;
    }
    for (size_t k = t->last + 1; k + 1 < f->tokens.n && k <= t->last + 6; k++) {
        if (f->tokens.v[k].kind == DATE_TOK_PUNCT && !date_tok_is_punct(&f->tokens, k, '.'))
            return 0; /* "talks with Putin by video link", not past the clause */
        if (!(word_is(f, k, "by") || word_is(f, k, "via") || word_is(f, k, "over")))
            continue;
        size_t medium = k + 1 + (size_t)(word_is(f, k + 1, "a") || word_is(f, k + 1, "the"));
        return word_is(f, medium, "video") || word_is(f, medium, "videoconference") ||
               word_is(f, medium, "videolink") || word_is(f, medium, "teleconference");
    }
    return 0;
}

/* "the next day" or "the following day" within six tokens after trigger t. */
static int says_next_day(const event_finder *f, const event_trigger *t)
{
    for (size_t k = t->last + 1; k + 1 < f->tokens.n && k <= t->last + 6; k++)
        if ((word_is(f, k, "next") || word_is(f, k, "following")) && word_is(f, k + 1, "day"))
            return 1;
    return 0;
}

/* An undated event told "the next day" after an event of the same sentence
   dated to a day ("talks in Beijing on Oct. 8 and went on to Seoul the next day")
   is on the day after it. */
static void date_next_day(const event_finder *f, size_t s, const event_trigger *t, event_draft *d)
{
    date_civil day;
    if (d->start[0] || !says_next_day(f, t) || f->n_drafts == 0 ||
        f->drafts[f->n_drafts - 1].sentence != s ||
        !parse_day(f->drafts[f->n_drafts - 1].start, &day))
        return;
    day = date_add_days(day, 1);
    snprintf(d->start, VALUE_LEN, "%04d-%02d-%02d", day.year, day.month, day.day);
    copy_value(d->end, d->start);
}

/* A summit its host is named with ("an Italy-Africa summit Meloni hosts in
   Rome", "Widodo will host a summit of ..."): it stands with the host alone. */
static int is_hosted_summit(const event_finder *f, const event_trigger *t, size_t first,
                            size_t last)
{
    if (t->kind != EVENT_SUMMIT)
        return 0;
    size_t from = t->first > first + 6 ? t->first - 6 : first;
    size_t to = t->last + 6 < last ? t->last + 6 : last;
    for (size_t k = from; k <= to; k++)
        if (has_class(f, k, WC_HOST_VERB))
            return 1;
    return 0;
}

/* The group of a bare summit ("leaders gather for a two-day summit", "the Quad
   held its first leaders' summit"): not "the summit" told before, no person
   named after it, and an international organization named before it in the
   sentence (group_before()). NO_ENTITY otherwise. */
static size_t bare_summit_group(const event_finder *f, size_t s, const event_trigger *triggers,
                                size_t n, size_t k, size_t part_last)
{
    const event_trigger *t = &triggers[k];
    int its = 0;
    for (size_t back = 1; back <= 5 && back <= t->first; back++)
        its |= word_is(f, t->first - back, "its");
    size_t from, to;
    if ((t->definite && !its) ||
        (object_range(f, triggers, n, k, part_last, &from, &to) && has_person_in(f, from, to)))
        return NO_ENTITY;
    return group_before(f, s, t->first);
}

/* The length in days a duration just before trigger t gives ("a two-day summit",
   "a three-day state visit"), or 0. */
static int duration_before(const event_finder *f, size_t s, const event_trigger *t)
{
    int32_t from = sentence_start_byte(f, s), to = f->tokens.v[t->first].start;
    for (size_t k = 0; k < f->n_dates; k++) {
        const telex_date *d = f->date_order[k];
        if (d->span.start < from || d->span.end > to || !d->value || d->value[0] != 'P')
            continue;
        size_t last = token_at_offset(f, d->span.end);
        char unit = d->value[strlen(d->value) - 1];
        if (unit == 'D' && last + 2 >= t->first)
            return atoi(d->value + 1);
    }
    return 0;
}

static int draft_sentence(event_finder *f, size_t s, size_t *cap)
{
    event_trigger triggers[32];
    linked_date dates[32];
    size_t n = 0;
    if (!event_sentence_has_trigger(&f->tokens, f->sentences[s].first, f->sentences[s].last))
        return 0; /* most sentences tell no event */
    for (size_t i = f->sentences[s].first; i <= f->sentences[s].last && n < 32; i++) {
        if (event_trigger_at(f->text, &f->tokens, i, &triggers[n]) ||
            named_summit_at(f, i, &triggers[n]) || dated_call_at(f, i, &triggers[n])) {
            i = triggers[n].last;
            n++;
        }
    }
    size_t n_dates = sentence_dates(f, s, dates, 32);
    long links[32];
    for (size_t j = 0; j < n_dates; j++)
        links[j] = link_date(f, triggers, n, &dates[j]);
    pass_trip_dates(f, triggers, n, links, n_dates);
    long trip_visit = -1; /* the latest trip drafted as a visit, and its draft */
    event_draft trip_draft = {0};
    for (size_t k = 0; k < n; k++) {
        const event_trigger *t = &triggers[k];
        long purpose = t->kind == EVENT_VISIT ? trip_purpose(f, triggers, n, k) : -1;
        if (purpose >= 0 && and_between(f, t->last, triggers[purpose].first))
            purpose = -1; /* "landed in Tokyo and is expected to meet Biden": told, no aim */
        if (t->negated ||
            (purpose < 0 && t->kind == EVENT_VISIT && travels_to_event(f, triggers, n, k) >= 0) ||
            (t->needs_person && !person_follows(f, t)) || (t->needs_call && !call_told_before(f)) ||
            meets_the_press(f, t))
            continue;
        event_draft d = {0};
        size_t part_first, part_last;
        sentence_part(f, s, t->first, &part_first, &part_last);
        d.kind = t->kind == EVENT_HOST ? EVENT_MEETING : t->kind;
        if (is_by_video(f, t))
            d.kind = EVENT_CALL;
        d.hosted = is_hosted_summit(f, t, part_first, part_last);
        d.series = t->kind == EVENT_SUMMIT ? find_series(f, t) : NO_ENTITY;
        if (d.series == NO_ENTITY && is_word_forum(f, t))
            continue; /* "forum" counts only as a series' forum ("the APEC forum") */
        if (d.series == NO_ENTITY && t->kind == EVENT_SUMMIT)
            d.series = bare_summit_group(f, s, triggers, n, k, part_last);
        d.definite = t->definite;
        d.sentence = d.last_sentence = s;
        d.days = duration_before(f, s, t);
        if (d.series != NO_ENTITY)
            add_participant(&d, d.series); /* first: those who attend come after it */
        if (purpose >= 0) { /* "will visit Beijing for talks with Hu": Abe's, and Hu's */
            size_t before_purpose = triggers[purpose].first - 1;
            find_participants(f, s, triggers, n, k, part_first,
                              before_purpose < part_last ? before_purpose : part_last, &d);
            add_trip_hosts(f, s, triggers, n, (size_t)purpose, &d);
        } else {
            find_participants(f, s, triggers, n, k, part_first, part_last, &d);
        }
        d.location =
            find_location(f, s, t, k + 1 < n ? &triggers[k + 1] : NULL, d.series != NO_ENTITY);
        long trip = trip_to(f, triggers, n, k);
        if (trip >= 0) { /* "fly to Beijing for talks with Hu": the talks are in Beijing */
            size_t destination = find_location(f, s, &triggers[trip], t, 0);
            d.location = destination != NO_ENTITY ? destination : d.location;
            if (trip == trip_visit)
                copy_dates(&d, &trip_draft); /* the trip's day, told or the day after */
            date_next_day(f, s, &triggers[trip], &d);
        }
        date_next_day(f, s, t, &d);
        date_trigger(f, triggers, k, dates, links, n_dates, &d);
        if (!d.start[0] && purpose >= 0) /* "visit Beijing on Sunday for talks": one date */
            date_trigger(f, triggers, (size_t)purpose, dates, links, n_dates, &d);
        if (!d.start[0] && k + 1 < n)
            date_from_next(f, triggers, k, dates, links, n_dates, &d);
        if (d.location == NO_ENTITY && k + 1 < n && triggers[k + 1].first <= t->last + 3)
            d.location = find_location(f, s, &triggers[k + 1], k + 2 < n ? &triggers[k + 2] : NULL,
                                       d.series != NO_ENTITY);
        d.status = find_status(f, part_first, part_last, trip >= 0 ? &triggers[trip] : t);
        date_from_report(f, t, dates, n_dates, &d);
        d.joint = t->kind == EVENT_VISIT && is_joint_visit(f, s, t, triggers, n);
        int separate =
            t->kind != EVENT_VISIT && (t->needs_call || says_separately(f, part_first, part_last));
        if (purpose >= 0) {
            trip_visit = (long)k;
            trip_draft = d;
        }
        if (push_split(f, cap, &d, separate) != 0)
            return -1;
    }
    return 0;
}

/* ---- merging ------------------------------------------------------------------------ */

static int family(event_kind kind)
{
    return kind == EVENT_SUMMIT || kind == EVENT_HOST ? EVENT_MEETING : kind;
}

/* One value is the other or a prefix of it ("2018-04" and "2018-04-27"), or one is unset. */
static int dates_compatible(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    return !la || !lb || strncmp(a, b, la < lb ? la : lb) == 0;
}

static int shares_participant(const event_draft *a, const event_draft *b)
{
    for (size_t k = 0; k < b->n_participants; k++)
        if (has_participant(a, b->participants[k]))
            return 1;
    return 0;
}

static size_t shared_participants(const event_draft *a, const event_draft *b)
{
    size_t n = 0;
    for (size_t k = 0; k < b->n_participants; k++)
        n += (size_t)has_participant(a, b->participants[k]);
    return n;
}

/* Enough shared participants to be the same event: two, or all of the smaller side. */
static int same_people(const event_draft *a, const event_draft *b)
{
    size_t need = a->n_participants < b->n_participants ? a->n_participants : b->n_participants;
    need = need < 2 ? need : 2;
    return need > 0 && shared_participants(a, b) >= need;
}

/* The years of a and b (from their dates, else the date of their sentence) are
   not known to differ: a summit borrowing "Tuesday" from its sentence is not
   "the last summit, in November 2019". */
static int same_year(const event_draft *a, const event_draft *b)
{
    const char *ya = a->start[0] ? a->start : a->fallback_start;
    const char *yb = b->start[0] ? b->start : b->fallback_start;
    return strlen(ya) < 4 || strlen(yb) < 4 || strncmp(ya, yb, 4) == 0;
}

/* A definite "the summit" (or "the June 28-29 summit") refers to the series summit
   of the story when there is one. */
static long series_antecedent(const event_finder *f, const event_draft *d)
{
    if (d->series == NO_ENTITY && !(d->kind == EVENT_SUMMIT && d->definite))
        return -1;
    for (size_t k = f->n_events; k-- > 0;) {
        const event_draft *e = &f->events[k];
        if (e->series != NO_ENTITY && (d->series == NO_ENTITY || e->series == d->series) &&
            dates_compatible(e->start, d->start) && same_year(e, d))
            return (long)k; /* not "the last BRICS summit, in 2019" of this year's summit */
    }
    return -1;
}

/* The event draft d continues, or -1: the series summit it names, else the latest
   event of its family with the same people and compatible dates and places, else
   (for "the visit", "that meeting") the latest event of its family. */
static long find_antecedent(const event_finder *f, const event_draft *d)
{
    long series = series_antecedent(f, d);
    long any_of_family = -1;
    if (series >= 0 || d->series != NO_ENTITY)
        return series;
    for (size_t k = f->n_events; k-- > 0;) {
        const event_draft *e = &f->events[k];
        if (e->sentence + COREFERENCE_SENTENCES < d->sentence)
            break; /* too far back to be told again, and keeps long texts linear */
        if (e->series != NO_ENTITY || family(e->kind) != family(d->kind))
            continue;
        int compatible = dates_compatible(e->start, d->start);
        if (d->definite && compatible &&
            (!d->explicit_participants || e->n_participants < 2 || shares_participant(e, d)) &&
            (any_of_family < 0 || (!f->events[any_of_family].start[0] && e->start[0])))
            any_of_family = (long)k; /* the latest, or the latest with a date */
        if (same_people(e, d) && compatible &&
            (e->location == NO_ENTITY || d->location == NO_ENTITY || e->location == d->location))
            return (long)k;
    }
    return d->definite ? any_of_family : -1;
}

static void merge_into(event_draft *e, const event_draft *d)
{
    if (d->series == NO_ENTITY && e->series == NO_ENTITY && (!d->definite || e->n_participants < 2))
        for (size_t k = 0; k < d->n_participants; k++)
            add_participant(e, d->participants[k]);
    if (e->location == NO_ENTITY)
        e->location = d->location;
    if (!e->status)
        e->status = d->status;
    if (strlen(d->start) > strlen(e->start)) {
        copy_value(e->start, d->start);
        copy_value(e->end, d->end);
    } else if (strcmp(d->start, e->start) == 0 && strcmp(d->end, e->end) > 0 &&
               (!e->end[0] || strcmp(e->end, e->start) == 0)) {
        copy_value(e->end, d->end); /* "Saturday" then "Nov. 18-19": the range is more exact */
    }
    if (!e->fallback_start[0]) {
        copy_value(e->fallback_start, d->fallback_start);
        copy_value(e->fallback_end, d->fallback_end);
    }
    if (d->kind == EVENT_SUMMIT && e->kind == EVENT_MEETING)
        e->kind = EVENT_SUMMIT;
    e->joint |= d->joint;
    e->hosted |= d->hosted;
    if (!e->days)
        e->days = d->days;
    if (d->last_sentence > e->last_sentence)
        e->last_sentence = d->last_sentence;
}

static int is_fate(const char *status)
{
    return status && (strcmp(status, "cancelled") == 0 || strcmp(status, "postponed") == 0);
}

/* A fate told of an event whose sides are not named ("France has cancelled a
   meeting between its minister and her counterpart") passes to the event of
   its family the same or the next sentence names ("Parly had been due to hold
   talks with Wallace"). */
static void pass_fate(const event_draft *from, event_draft *d)
{
    if (from && !is_fate(d->status) && family(from->kind) == family(d->kind) &&
        d->sentence <= from->sentence + 1 && d != from)
        d->status = from->status;
}

static void merge_drafts(event_finder *f)
{
    const event_draft *fate = NULL; /* the latest fate of an event with no sides named */
    for (size_t k = 0; k < f->n_drafts; k++) {
        event_draft *d = &f->drafts[k];
        pass_fate(fate, d);
        if (is_fate(d->status) && d->n_participants < 2 && d->series == NO_ENTITY)
            fate = d;
        long target = find_antecedent(f, d);
        if (target >= 0)
            merge_into(&f->events[target], d);
        else
            f->events[f->n_events++] = *d;
    }
}

/* ---- finishing ------------------------------------------------------------------------ */

/* A dateless event borrows the first date of the next sentence when that sentence
   names one of its participants and its place (or "there") and tells no event of
   its own ("... to visit Hiroshima. Obama laid a wreath there on May 27."). */
static void borrow_next_date(const event_finder *f, event_draft *e)
{
    size_t s = e->last_sentence + 1;
    if (s >= f->n_sentences)
        return;
    event_trigger ignored;
    for (size_t i = f->sentences[s].first; i <= f->sentences[s].last; i++)
        if (event_trigger_at(f->text, &f->tokens, i, &ignored))
            return;
    event_draft named = {0};
    int32_t from = sentence_start_byte(f, s), to = sentence_end_byte(f, s);
    persons_in(f, from, to, &named);
    int same_place = 0;
    for (size_t i = f->sentences[s].first; i <= f->sentences[s].last; i++)
        same_place |= word_is(f, i, "there");
    for (size_t m = first_mention_from(f, from); m < f->n_mentions && f->mentions[m].start < to;
         m++)
        same_place |= f->mentions[m].entity == e->location && e->location != NO_ENTITY;
    linked_date dates[4];
    if (!same_place || !shares_participant(e, &named) || sentence_dates(f, s, dates, 4) == 0)
        return;
    set_dates(dates[0].date->value, e->start, e->end);
}

static int parse_day(const char *value, date_civil *d)
{
    return strlen(value) >= 10 && sscanf(value, "%4d-%2d-%2d", &d->year, &d->month, &d->day) == 3 &&
           date_is_valid(*d);
}

/* The Monday of the ISO week a value "2023-W36" (or "2023-W36-WE") names; 0 when
   the value is no week. */
static int week_monday(const char *value, date_civil *monday)
{
    int year, week;
    if (sscanf(value, "%4d-W%2d", &year, &week) != 2 || week < 1 || week > 53)
        return 0;
    date_civil jan4 = {year, 1, 4}; /* always in week 1 */
    *monday = date_add_days(jan4, (int64_t)(week - 1) * 7 - date_weekday(jan4));
    return 1;
}

/* 1 when the day value (YYYY-MM-DD) lies in the coarser period value: a year, a
   month, a season or a week ("2023-W36"). */
static int day_within(const char *period, const char *day)
{
    date_civil d, monday;
    if (!parse_day(day, &d))
        return 0;
    if (week_monday(period, &monday)) {
        int64_t offset = date_to_days(d) - date_to_days(monday);
        return offset >= 0 && offset < 7;
    }
    size_t len = strcspn(period, "-");
    size_t month_len = period[len] && strlen(period) == 7 ? 7 : len; /* "2023-09" */
    return strlen(period) <= 7 && strncmp(period, day, month_len) == 0;
}

/* A week-end value ("2022-W45-WE", "over the weekend") as the Saturday and
   Sunday it names. */
static void weekend_to_days(event_draft *e)
{
    date_civil monday;
    size_t len = strlen(e->start);
    if (len < 4 || strcmp(e->start + len - 3, "-WE") != 0 || !week_monday(e->start, &monday))
        return;
    date_civil saturday = date_add_days(monday, 5), sunday = date_add_days(monday, 6);
    snprintf(e->start, VALUE_LEN, "%04d-%02d-%02d", saturday.year, saturday.month, saturday.day);
    snprintf(e->end, VALUE_LEN, "%04d-%02d-%02d", sunday.year, sunday.month, sunday.day);
}

/* A meeting or call needs two sides: one person alone ("Widodo will host talks
   on Myanmar") is a counterpart not found, not an event. Visits and series
   summits stand with one participant. */
static int lacks_counterpart(const event_draft *e)
{
    return e->series == NO_ENTITY && e->kind != EVENT_VISIT && !e->hosted && e->n_participants < 2;
}

/* 1 when an event of its own (one with two sides) drafted from sentence s
   starts on day. */
static int told_as_event(const event_finder *f, size_t s, const char *day)
{
    for (size_t k = 0; k < f->n_events; k++)
        if (f->events[k].sentence == s && strcmp(f->events[k].start, day) == 0 &&
            !lacks_counterpart(&f->events[k]))
            return 1;
    return 0;
}

/* An event dated only by a week or a month ("the summit in Jakarta next week")
   takes a range the next sentence gives inside that period to no event of its
   own ("Widodo will host the leaders of the bloc from Sept. 5-7"). */
static void range_from_next(const event_finder *f, event_draft *e)
{
    size_t s = e->last_sentence + 1;
    if (s >= f->n_sentences || !e->start[0] || strlen(e->start) >= 10 || strchr(e->start, '/'))
        return;
    linked_date dates[8];
    size_t n = sentence_dates(f, s, dates, 8);
    for (size_t j = 0; j < n; j++) {
        char start[VALUE_LEN], end[VALUE_LEN];
        if (!strchr(dates[j].date->value, '/'))
            continue;
        set_dates(dates[j].date->value, start, end);
        if (day_within(e->start, start) && day_within(e->start, end) &&
            !told_as_event(f, s, start)) {
            copy_value(e->start, start);
            copy_value(e->end, end);
            return;
        }
    }
}

/* A country as an event's place gives way to a place of that country named in
   the event's sentence: "in Samarkand, Uzbekistan, ... where", "in Vilnius ...
   a summit in the Lithuanian capital". */
static void refine_location(const event_finder *f, event_draft *e)
{
    if (e->location == NO_ENTITY || strcmp(entity_type(f, e->location), "country") != 0)
        return;
    const char *code = f->entities[e->location].code;
    if (!code || !code[0])
        return;
    int32_t from = sentence_start_byte(f, e->sentence), to = sentence_end_byte(f, e->sentence);
    for (size_t m = first_mention_from(f, from); m < f->n_mentions && f->mentions[m].start < to;
         m++) {
        const telex_entity *place = &f->entities[f->mentions[m].entity];
        if (strcmp(entity_type(f, f->mentions[m].entity), "place") == 0 && place->country &&
            strcmp(place->country, code) == 0) {
            e->location = f->mentions[m].entity;
            return;
        }
    }
}

/* An event with no place takes that of a series summit in progress on its date
   (bilateral talks "on the sidelines"). */
static void location_from_series(const event_finder *f, event_draft *e)
{
    for (size_t k = 0; k < f->n_events; k++) {
        const event_draft *s = &f->events[k];
        if (s == e || s->series == NO_ENTITY || s->location == NO_ENTITY || !s->start[0])
            continue;
        if (strcmp(e->start, s->start) >= 0 && strcmp(e->start, s->end) <= 0) {
            e->location = s->location;
            return;
        }
    }
}

static const char *final_type(const event_finder *f, const event_draft *e)
{
    if (e->series != NO_ENTITY || e->hosted)
        return "summit";
    if (e->kind == EVENT_CALL)
        return "call";
    size_t heads = 0; /* a group of leaders ("EU leaders") counts as heads */
    for (size_t k = 0; k < e->n_participants; k++)
        heads += (size_t)(is_head(f, e->participants[k]) ||
                          strcmp(entity_type(f, e->participants[k]), "organization") == 0);
    if (e->kind == EVENT_VISIT)
        return e->joint && heads >= 2 ? "summit" : "visit";
    return heads >= 2 ? "summit" : "meeting";
}

static int emit_event(const event_finder *f, const event_draft *e, telex_event *out)
{
    memset(out, 0, sizeof *out);
    out->type = strdup(final_type(f, e));
    out->status = strdup(e->status ? e->status : status_by_date(f, e->start));
    out->start = strdup(e->start);
    out->end = strdup(e->end[0] ? e->end : e->start);
    out->participants = calloc(e->n_participants, sizeof *out->participants);
    if (!out->type || !out->status || !out->start || !out->end || !out->participants)
        return -1;
    for (size_t k = 0; k < e->n_participants; k++) {
        out->participants[k] = strdup(f->entities[e->participants[k]].id);
        if (!out->participants[k])
            return -1;
        out->n_participants++;
    }
    if (e->location != NO_ENTITY && !(out->location = strdup(f->entities[e->location].name)))
        return -1;
    if (e->series != NO_ENTITY) {
        size_t len = strlen(f->entities[e->series].name) + sizeof " summit";
        if (!(out->name = malloc(len)))
            return -1;
        snprintf(out->name, len, "%s summit", f->entities[e->series].name);
    }
    out->evidence.start = sentence_start_byte(f, e->sentence);
    out->evidence.end = sentence_end_byte(f, e->last_sentence);
    return 0;
}

static int is_duplicate(telex_event *out, size_t n, const telex_event *ev)
{
    for (size_t k = n > DUPLICATE_WINDOW ? n - DUPLICATE_WINDOW : 0; k < n; k++) {
        if (strcmp(out[k].type, ev->type) != 0 || strcmp(out[k].start, ev->start) != 0 ||
            out[k].n_participants != ev->n_participants)
            continue;
        size_t same = 0;
        for (size_t a = 0; a < ev->n_participants; a++)
            for (size_t b = 0; b < out[k].n_participants; b++)
                same += strcmp(ev->participants[a], out[k].participants[b]) == 0;
        if (same == ev->n_participants)
            return 1;
    }
    return 0;
}

/* "A two-day summit" on a day ends the day after. */
static void end_from_days(event_draft *e)
{
    date_civil start;
    if (e->days < 2 || e->days > 31 || strlen(e->start) != 10 ||
        (e->end[0] && strcmp(e->end, e->start)))
        return;
    if (sscanf(e->start, "%4d-%2d-%2d", &start.year, &start.month, &start.day) != 3 ||
        !date_is_valid(start))
        return;
    date_civil end = date_add_days(start, e->days - 1);
    snprintf(e->end, VALUE_LEN, "%04d-%02d-%02d", end.year, end.month, end.day);
}

static int finish_events(event_finder *f, telex_event **events, size_t *n_events)
{
    telex_event *out = calloc(f->n_events ? f->n_events : 1, sizeof *out);
    size_t n = 0;
    if (!out)
        return -1;
    for (size_t k = 0; k < f->n_events; k++) {
        event_draft *e = &f->events[k];
        if (!e->start[0] && e->fallback_start[0]) {
            copy_value(e->start, e->fallback_start);
            copy_value(e->end, e->fallback_end);
        }
        if (!e->start[0] && e->series == NO_ENTITY)
            borrow_next_date(f, e);
        range_from_next(f, e);
        weekend_to_days(e);
        refine_location(f, e);
        end_from_days(e);
    }
    for (size_t k = 0; k < f->n_events; k++) {
        event_draft *e = &f->events[k];
        if (!e->start[0] || e->n_participants == 0 || lacks_counterpart(e))
            continue;
        if (e->location == NO_ENTITY)
            location_from_series(f, e);
        if (emit_event(f, e, &out[n]) != 0) {
            telex_event_clear(&out[n]);
            goto err_free_out;
        }
        if (is_duplicate(out, n, &out[n]))
            telex_event_clear(&out[n]);
        else
            n++;
    }
    *events = out;
    *n_events = n;
    return 0;
err_free_out:
    for (size_t k = 0; k < n; k++)
        telex_event_clear(&out[k]);
    free(out);
    return -1;
}

/* Frees what the finder allocated; the tokens belong to the caller. */
static void finder_free(event_finder *f)
{
    free(f->sentences);
    free(f->mentions);
    free(f->date_order);
    free(f->drafts);
    free(f->events);
}

int tag_events_find_in(const telex_story *story, const date_tokens *tokens,
                       const telex_entity *entities, size_t n_entities, const telex_date *dates,
                       size_t n_dates, telex_event **events, size_t *n_events, char *err,
                       size_t errlen)
{
    event_finder f = {0};
    size_t cap = 0;
    char ignored[128];
    *events = NULL;
    *n_events = 0;
    if (!story->text || !story->text[0] || tokens->n == 0)
        return 0;
    f.text = story->text;
    f.entities = entities;
    f.n_entities = n_entities;
    f.dates = dates;
    f.n_dates = n_dates;
    f.tokens = *tokens; /* a shallow copy: finder_free() leaves it alone */
    f.has_ref = date_reference_from_published(story->published, story->utc_offset_minutes, &f.ref,
                                              ignored, sizeof ignored) == 0;
    if (build_sentences(&f) != 0 || build_mentions(&f) != 0 || build_date_order(&f) != 0)
        goto err_oom;
    for (size_t s = 0; s < f.n_sentences; s++)
        if (draft_sentence(&f, s, &cap) != 0)
            goto err_oom;
    f.events = calloc(f.n_drafts ? f.n_drafts : 1, sizeof *f.events);
    if (!f.events)
        goto err_oom;
    merge_drafts(&f);
    if (finish_events(&f, events, n_events) != 0)
        goto err_oom;
    finder_free(&f);
    return 0;
err_oom:
    snprintf(err, errlen, "out of memory finding events in a %zu-byte story", strlen(story->text));
    finder_free(&f);
    return -1;
}

int tag_events_find(const telex_story *story, const telex_entity *entities, size_t n_entities,
                    const telex_date *dates, size_t n_dates, telex_event **events, size_t *n_events,
                    char *err, size_t errlen)
{
    date_tokens tokens;
    *events = NULL;
    *n_events = 0;
    if (!story->text || !story->text[0])
        return 0;
    if (date_tokenize(story->text, strlen(story->text), &tokens, err, errlen) != 0)
        return -1;
    int rc = tag_events_find_in(story, &tokens, entities, n_entities, dates, n_dates, events,
                                n_events, err, errlen);
    date_tokens_free(&tokens);
    return rc;
}

int tag_dates_events_find(const telex_story *story, const telex_entity *entities, size_t n_entities,
                          telex_date **dates, size_t *n_dates, telex_event **events,
                          size_t *n_events, char *err, size_t errlen)
{
    date_tokens tokens;
    *dates = NULL;
    *events = NULL;
    *n_dates = *n_events = 0;
    if (!story->text)
        return 0;
    if (date_tokenize(story->text, strlen(story->text), &tokens, err, errlen) != 0)
        return -1;
    if (tag_dates_find_in(story, &tokens, dates, n_dates, err, errlen) != 0)
        goto err_free_tokens;
    if (tag_events_find_in(story, &tokens, entities, n_entities, *dates, *n_dates, events, n_events,
                           err, errlen) != 0)
        goto err_free_dates;
    date_tokens_free(&tokens);
    return 0;

err_free_dates:
    for (size_t k = 0; k < *n_dates; k++)
        telex_date_clear(&(*dates)[k]);
    free(*dates);
    *dates = NULL;
    *n_dates = 0;
err_free_tokens:
    date_tokens_free(&tokens);
    return -1;
}
