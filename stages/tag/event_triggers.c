/*
 * Event trigger words (see event_triggers.h). The lists are the verbs and
 * nouns wire copy uses for summits, meetings, calls and visits; a few need
 * a neighbour to count: "trip", "travel" and "fly" need "to" after them, "call"
 * needs "phone", "telephone" or "video" before it or "with" after it, "phone"
 * needs "by" or "on the" before it, and "host" needs a capitalized name after it
 * (the events module then checks for a person there).
 */
#include "event_triggers.h"

#include <string.h>

typedef struct trigger_word {
    const char *word;
    size_t len;
    event_kind kind;
    int needs_to; /* counts only before "to" */
} trigger_word;

#define TRIGGER(word, kind, needs_to)                                                              \
    {                                                                                              \
        word, sizeof word - 1, kind, needs_to                                                      \
    }

static const trigger_word trigger_words[] = {
    TRIGGER("meet", EVENT_MEETING, 0),        TRIGGER("meets", EVENT_MEETING, 0),
    TRIGGER("met", EVENT_MEETING, 0),         TRIGGER("meeting", EVENT_MEETING, 0),
    TRIGGER("meetings", EVENT_MEETING, 0),    TRIGGER("talks", EVENT_MEETING, 0),
    TRIGGER("dinner", EVENT_MEETING, 0),      TRIGGER("lunch", EVENT_MEETING, 0),
    TRIGGER("summit", EVENT_SUMMIT, 0),       TRIGGER("summits", EVENT_SUMMIT, 0),
    TRIGGER("teleconference", EVENT_CALL, 0), TRIGGER("videoconference", EVENT_CALL, 0),
    TRIGGER("phoned", EVENT_CALL, 0),         TRIGGER("telephoned", EVENT_CALL, 0),
    TRIGGER("visit", EVENT_VISIT, 0),         TRIGGER("visits", EVENT_VISIT, 0),
    TRIGGER("visited", EVENT_VISIT, 0),       TRIGGER("visiting", EVENT_VISIT, 0),
    TRIGGER("trip", EVENT_VISIT, 1),          TRIGGER("trips", EVENT_VISIT, 1),
    TRIGGER("travel", EVENT_VISIT, 1),        TRIGGER("travels", EVENT_VISIT, 1),
    TRIGGER("traveled", EVENT_VISIT, 1),      TRIGGER("travelled", EVENT_VISIT, 1),
    TRIGGER("fly", EVENT_VISIT, 1),           TRIGGER("flies", EVENT_VISIT, 1),
    TRIGGER("flew", EVENT_VISIT, 1),          TRIGGER("host", EVENT_HOST, 0),
    TRIGGER("hosts", EVENT_HOST, 0),          TRIGGER("hosted", EVENT_HOST, 0),
    TRIGGER("hosting", EVENT_HOST, 0),
};

static int word_is(const char *text, const date_tokens *t, size_t i, const char *w)
{
    return date_tok_is_word(text, t, i, w);
}

static int is_negated(const char *text, const date_tokens *t, size_t i)
{
    for (size_t back = 1; back <= 3 && back <= i; back++) {
        size_t k = i - back;
        if (word_is(text, t, k, "not") || word_is(text, t, k, "never") ||
            (word_is(text, t, k, "t") && k > 0 &&
             (date_tok_is_punct(t, k - 1, '\'') || date_tok_is_punct(t, k - 1, 0x2019))))
            return 1;
        if (t->v[k].kind == DATE_TOK_PUNCT && t->v[k].punct != '\'' && t->v[k].punct != 0x2019)
            return 0;
    }
    return 0;
}

/* A determiner within five words before a trigger noun, with no punctuation but
   hyphens and no "to", "of", "and" or "with" between ("the two-day summit", "their
   first meeting"; not "the first leader to meet"). Verb forms are never definite. */
static int is_definite(const char *text, const date_tokens *t, size_t i)
{
    static const char *const determiners[] = {"the", "that", "this",  "their", "his",
                                              "her", "its",  "those", "these", NULL};
    static const char *const stops[] = {"to", "of", "and", "with", "will", "would", NULL};
    static const char *const verbs[] = {"meet",    "meets",   "met",        "visited",   "visiting",
                                        "travel",  "travels", "traveled",   "travelled", "fly",
                                        "flies",   "flew",    "host",       "hosts",     "hosted",
                                        "hosting", "phoned",  "telephoned", NULL};
    for (size_t v = 0; verbs[v]; v++)
        if (word_is(text, t, i, verbs[v]))
            return 0;
    for (size_t back = 1; back <= 5 && back <= i; back++) {
        size_t k = i - back;
        for (size_t d = 0; determiners[d]; d++)
            if (word_is(text, t, k, determiners[d]))
                return 1;
        for (size_t d = 0; stops[d]; d++)
            if (word_is(text, t, k, stops[d]))
                return 0;
        if (t->v[k].kind == DATE_TOK_PUNCT && !date_tok_is_dash(t, k) && t->v[k].punct != '\'' &&
            t->v[k].punct != 0x2019)
            return 0;
    }
    return 0;
}

/* "phone call", "video call", "call with", "by phone", "on the phone". */
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

int event_trigger_at(const char *text, const date_tokens *t, size_t i, event_trigger *out)
{
    if (i >= t->n || t->v[i].kind != DATE_TOK_WORD)
        return 0;
    memset(out, 0, sizeof *out);
    out->first = i;
    out->last = i;
    size_t len = (size_t)(t->v[i].end - t->v[i].start);
    char first = (char)(text[t->v[i].start] | 0x20);
    if (len < 3 || len > 15 || !strchr("cdfhlmpstv", first))
        return 0; /* no trigger word starts otherwise: most words stop here */
    if (call_at(text, t, i, out)) {
        out->kind = EVENT_CALL;
    } else {
        size_t k = 0, n = sizeof trigger_words / sizeof trigger_words[0];
        while (k < n && (trigger_words[k].len != len || trigger_words[k].word[0] != first ||
                         !word_is(text, t, i, trigger_words[k].word)))
            k++;
        if (k == n || (t->v[i].upper && !t->v[i].sentence_start))
            return 0; /* not a trigger, or part of a name ("Summit County") */
        if (trigger_words[k].needs_to && !word_is(text, t, i + 1, "to"))
            return 0;
        out->kind = trigger_words[k].kind;
        if (out->kind == EVENT_HOST &&
            !(i + 1 < t->n && t->v[i + 1].kind == DATE_TOK_WORD && t->v[i + 1].upper))
            return 0;
    }
    out->negated = is_negated(text, t, i);
    out->definite = is_definite(text, t, i);
    return 1;
}
