/*
 * Event trigger words (see event_triggers.h). The lists are the verbs and
 * nouns wire copy uses for summits, meetings, calls and visits; a few need
 * a neighbour to count: "trip", "travel" and "fly" need "to" after them
 * ("went on to" too), "arrived" and "landed" need "in", "tour" needs "of",
 * "spoke" needs "with" and a name (and a call told before it), "call"
 * needs "phone", "telephone" or "video" before it or "with" after it, "phone"
 * needs "by" or "on the" before it, "sit" counts only in "sit down with",
 * "welcome" and "receive" need a person named right after them (the events
 * module checks), and "host" needs a capitalized name after it
 * (the events module then checks for a person there). The words themselves
 * are in the lexicon (date_lexicon.c): the scanner has already marked each
 * token with its trigger class, so most tokens are ruled out by one bit test.
 */
#include "event_triggers.h"

#include <string.h>

/* The event kind of each date_trigger_class. */
static const event_kind kind_of[] = {
    [DT_NONE] = EVENT_MEETING, [DT_MEETING] = EVENT_MEETING, [DT_SUMMIT] = EVENT_SUMMIT,
    [DT_CALL] = EVENT_CALL,    [DT_VISIT] = EVENT_VISIT,     [DT_VISIT_TO] = EVENT_VISIT,
    [DT_HOST] = EVENT_HOST,    [DT_RECEIVE] = EVENT_HOST,    [DT_SIT] = EVENT_MEETING,
};

static int word_is(const char *text, const date_tokens *t, size_t i, const char *w)
{
    return date_tok_is_word(text, t, i, w);
}

/* "not" or "n't" within six words before the trigger in its clause: "did not
   meet", "are not expected to hold a formal meeting"; not across a comma, a
   clause word or another trigger ("did not say when they would meet"). */
static int is_negated(const char *text, const date_tokens *t, size_t i)
{
    for (size_t back = 1; back <= 6 && back <= i; back++) {
        size_t k = i - back;
        if (date_tok_has(t, k, WC_NEGATION) ||
            (word_is(text, t, k, "t") && k > 0 &&
             (date_tok_is_punct(t, k - 1, '\'') || date_tok_is_punct(t, k - 1, 0x2019))))
            return 1;
        if ((t->v[k].kind == DATE_TOK_PUNCT && t->v[k].punct != '\'' && t->v[k].punct != 0x2019) ||
            date_tok_has(t, k, WC_LINK_BOUNDARY | WC_TRIGGER))
            return 0;
    }
    return 0;
}

/* A determiner within five words before a trigger noun, with no punctuation but
   hyphens and no "to", "of", "and" or "with" between ("the two-day summit", "their
   first meeting"; not "the first leader to meet"). Verb forms are never definite. */
static int is_definite(const date_tokens *t, size_t i)
{
    if (date_tok_has(t, i, WC_TRIGGER_VERB))
        return 0;
    for (size_t back = 1; back <= 5 && back <= i; back++) {
        size_t k = i - back;
        if (date_tok_has(t, k, WC_DEFINITE))
            return 1;
        if (date_tok_has(t, k, WC_DEFINITE_STOP))
            return 0;
        if (t->v[k].kind == DATE_TOK_PUNCT && !date_tok_is_dash(t, k) && t->v[k].punct != '\'' &&
            t->v[k].punct != 0x2019)
            return 0;
    }
    return 0;
}

/* "phone call", "video call", "phone or video calls", "call with", "by phone",
   "on the phone". */
static int call_at(const char *text, const date_tokens *t, size_t i, event_trigger *out)
{
    int is_phone = word_is(text, t, i, "phone") || word_is(text, t, i, "telephone");
    if (is_phone && (word_is(text, t, i + 1, "call") || word_is(text, t, i + 1, "calls") ||
                     word_is(text, t, i + 1, "conversation"))) {
        out->last = i + 1;
        return 1;
    }
    if (is_phone && i > 0 &&
        (word_is(text, t, i - 1, "by") ||
         (word_is(text, t, i - 1, "the") && i > 1 && word_is(text, t, i - 2, "on")))) {
        out->last = i;
        return 1;
    }
    if (is_phone && word_is(text, t, i + 1, "or") && word_is(text, t, i + 2, "video") &&
        (word_is(text, t, i + 3, "calls") || word_is(text, t, i + 3, "call"))) {
        out->last = i + 3; /* "five phone or video calls" */
        return 1;
    }
    if (word_is(text, t, i, "video") &&
        (word_is(text, t, i + 1, "call") || word_is(text, t, i + 1, "conference"))) {
        out->last = i + 1;
        return 1;
    }
    if ((word_is(text, t, i, "call") || word_is(text, t, i, "calls")) &&
        word_is(text, t, i + 1, "with") && i > 0 &&
        (word_is(text, t, i - 1, "a") || word_is(text, t, i - 1, "the") ||
         word_is(text, t, i - 1, "their"))) {
        out->last = i;
        return 1;
    }
    return 0;
}

/* Motion words that tell a visit by the place after them: "trip to", "travel
   to", "flew to", "went on to"; "arrived in", "landed in", "arrives in"; "a tour
   of". Moves out->last past "on" of "went on to". */
static int visit_to_at(const char *text, const date_tokens *t, size_t i, event_trigger *out)
{
    int is_arrival = word_is(text, t, i, "arrived") || word_is(text, t, i, "arrives") ||
                     word_is(text, t, i, "landed") || word_is(text, t, i, "lands");
    if (is_arrival) {
        out->arrival = 1;
        return word_is(text, t, i + 1, "in");
    }
    if (word_is(text, t, i, "tour"))
        return word_is(text, t, i + 1, "of");
    if (word_is(text, t, i + 1, "on") && word_is(text, t, i + 2, "to")) {
        out->last = i + 1; /* "flew on to", "went on to" */
        return 1;
    }
    return !word_is(text, t, i, "went") && word_is(text, t, i + 1, "to");
}

static int is_spoke(const char *text, const date_tokens *t, size_t i)
{
    return word_is(text, t, i, "spoke") || word_is(text, t, i, "spoken");
}

/* "spoke on Thursday with <name>": "with" and a capitalized word within five
   words, no comma between; not "spoke by phone" (the phone words tell that call). */
static int spoke_with_at(const char *text, const date_tokens *t, size_t i)
{
    if (word_is(text, t, i + 1, "by") || word_is(text, t, i + 1, "over"))
        return 0;
    for (size_t k = i + 1; k <= i + 5 && k + 1 < t->n; k++) {
        if (t->v[k].kind == DATE_TOK_PUNCT && t->v[k].punct != '.')
            return 0;
        if (t->v[k].classes & WC_CALL_WORD)
            return 0;
        if (word_is(text, t, k, "with"))
            return t->v[k + 1].upper;
    }
    return 0;
}

int event_trigger_at(const char *text, const date_tokens *t, size_t i, event_trigger *out)
{
    if (!date_tok_has(t, i, WC_TRIGGER | WC_CALL_WORD))
        return 0; /* most words stop here, on one bit test */
    memset(out, 0, sizeof *out);
    out->first = i;
    out->last = i;
    const date_token *tok = &t->v[i];
    if ((tok->classes & WC_CALL_WORD) && call_at(text, t, i, out)) {
        out->kind = EVENT_CALL;
    } else {
        if (!(tok->classes & WC_TRIGGER) || (tok->upper && !tok->sentence_start))
            return 0; /* not a trigger, or part of a name ("Summit County") */
        if (tok->trigger == DT_VISIT_TO && !visit_to_at(text, t, i, out))
            return 0;
        if (tok->trigger == DT_CALL && is_spoke(text, t, i) && !spoke_with_at(text, t, i))
            return 0;
        out->needs_call = tok->trigger == DT_CALL && is_spoke(text, t, i);
        out->arrival &= tok->trigger == DT_VISIT_TO;
        if (tok->trigger == DT_SIT) {
            if (!word_is(text, t, i + 1, "down") || !word_is(text, t, i + 2, "with"))
                return 0;
            out->last = i + 1; /* "sit down" (with the person after "with") */
        }
        out->needs_person = tok->trigger == DT_RECEIVE;
        out->kind = kind_of[tok->trigger];
        if (out->kind == EVENT_HOST &&
            !(i + 1 < t->n && t->v[i + 1].kind == DATE_TOK_WORD && t->v[i + 1].upper))
            return 0;
    }
    out->negated = is_negated(text, t, i);
    out->definite = is_definite(t, i);
    return 1;
}

int event_sentence_has_trigger(const date_tokens *t, size_t first, size_t last)
{
    for (size_t i = first; i <= last && i < t->n; i++)
        if (t->v[i].classes & (WC_TRIGGER | WC_CALL_WORD))
            return 1;
    return 0;
}
