/*
 * Tense cues for the date tagger (see date_tense.h).
 *
 * A cue is a modal or planning word (will, would, plans, scheduled; agreed
 * or set when followed by "to"), which means the future, or a past form (an
 * irregular past such as said, met, held; a lowercase verb ending in -ed;
 * was, were, had), which means the past. A present-tense verb of a schedule
 * ("hosts", "meets", "leaves", "opens") means the future too: wire copy says
 * "Biden hosts the Quad on Friday" of a coming day, and "is set for" or "was
 * likely on" point forward. A past participle after is/are/be ("will be
 * held") is not a cue, nor one before "by" ("a summit hosted by Vietnam") for
 * a date, nor an -ed word after a determiner ("the isolated neighbor") or glued to a
 * hyphen ("Seoul-based"). Clauses end at
 * commas, semicolons, colons, brackets, quotes, dashes and subordinating
 * words (before, after, when, which ...).
 */
#include "date_tense.h"

static int is_boundary(const date_tokens *t, size_t k)
{
    const date_token *tok = &t->v[k];
    if (tok->kind == DATE_TOK_PUNCT) {
        switch (tok->punct) {
        case ',':
        case ';':
        case ':':
        case '(':
        case ')':
        case '"':
        case 0x201C:
        case 0x201D:
        case 0x2014:
        case 0x2013:
            return 1;
        default:
            return 0;
        }
    }
    return (tok->classes & WC_CLAUSE) != 0;
}

/* The past participle at k is passive present ("is held") or adjectival. */
static int participle_not_past(const date_tokens *t, size_t k)
{
    if (k == 0)
        return 0;
    if (date_tok_is_dash(t, k - 1) && !t->v[k].space_before && k >= 2 && t->v[k - 2].upper)
        return 1; /* "Seoul-based", "U.S.-led"; not "test-fired" */
    return date_tok_has(t, k - 1, WC_PASSIVE_AUX | WC_DETERMINER);
}

/* Every class that can make a word a tense cue: most words have none. */
#define TENSE_CLASSES (WC_FUTURE | WC_FUTURE_BEFORE_TO | WC_PAST | WC_ED | WC_PRESENT_PLAN)

date_tense date_tense_of_word(const char *text, const date_tokens *t, size_t k)
{
    if (k >= t->n)
        return DATE_TENSE_NONE;
    const date_token *tok = &t->v[k];
    uint32_t classes = tok->classes;
    if (!(classes & TENSE_CLASSES))
        return DATE_TENSE_NONE;
    if ((classes & WC_PAST) && k + 2 < t->n && date_tok_is_word(text, t, k, "won") &&
        date_tok_is_word(text, t, k + 2, "t"))
        return DATE_TENSE_FUTURE; /* won't */
    if ((classes & WC_FUTURE_BEFORE_TO) && date_tok_is_word(text, t, k + 1, "to"))
        return DATE_TENSE_FUTURE;
    if (date_tok_is_word(text, t, k, "set") && date_tok_is_word(text, t, k + 1, "for"))
        return DATE_TENSE_FUTURE;  /* "is set for Tuesday", "originally set for Sept. 14" */
    if (classes & WC_PRESENT_PLAN) /* "hosts", not "his visits" */
        return date_tok_has(t, k - 1, WC_DETERMINER) ? DATE_TENSE_NONE : DATE_TENSE_FUTURE;
    if ((classes & WC_FUTURE) && date_tok_is_word(text, t, k, "next") &&
        date_tok_is_word(text, t, k + 1, "to"))
        return DATE_TENSE_NONE; /* "sat next to", a place */
    if (classes & WC_FUTURE)
        return tok->upper && date_tok_is_word(text, t, k, "may") ? DATE_TENSE_NONE
                                                                 : DATE_TENSE_FUTURE;
    if (classes & WC_EVENT_FATE)
        return DATE_TENSE_NONE;
    if ((classes & WC_PAST) || ((classes & WC_ED) && !tok->upper && !(classes & WC_NOT_PAST_ED))) {
        int auxiliary = date_tok_is_word(text, t, k, "was") ||
                        date_tok_is_word(text, t, k, "were") || date_tok_is_word(text, t, k, "had");
        if (!auxiliary && participle_not_past(t, k))
            return DATE_TENSE_NONE;
        return DATE_TENSE_PAST;
    }
    return DATE_TENSE_NONE;
}

/* The cue of word k as the date scan reads it: an -ed participle before "by"
   ("a summit hosted by Vietnam on Saturday") describes a noun and says nothing of
   when; the event tagger still sees a verb there (date_tense_of_word()). */
static date_tense scan_cue(const char *text, const date_tokens *t, size_t k)
{
    date_tense tense = date_tense_of_word(text, t, k);
    if (tense == DATE_TENSE_PAST && (t->v[k].classes & WC_ED) &&
        date_tok_is_word(text, t, k + 1, "by") && !date_tok_has(t, k + 2, WC_CALL_WORD))
        return DATE_TENSE_NONE; /* not "spoke by phone", "called by video" */
    return tense;
}

/* Scans from k in direction step (-1 or +1) for at most limit tokens; stops at
   the sentence edge, and at clause boundaries when in_clause (setting
   *at_subordinate when the boundary is a word such as "before" or "which"). */
static date_tense scan(const char *text, const date_tokens *t, size_t k, int step, size_t limit,
                       int in_clause, int *at_subordinate, size_t *cue_at)
{
    for (size_t seen = 0; seen < limit; seen++) {
        if (k >= t->n) /* also k == (size_t)-1 before the text start */
            return DATE_TENSE_NONE;
        if (step > 0 && t->v[k].sentence_start)
            return DATE_TENSE_NONE;
        if (in_clause && is_boundary(t, k)) {
            *at_subordinate = t->v[k].kind == DATE_TOK_WORD;
            return DATE_TENSE_NONE;
        }
        date_tense tense = scan_cue(text, t, k);
        if (tense != DATE_TENSE_NONE) {
            *cue_at = k;
            return tense;
        }
        if (step < 0 && t->v[k].sentence_start)
            return DATE_TENSE_NONE;
        k += (size_t)step;
    }
    return DATE_TENSE_NONE;
}

date_tense date_tense_at(const char *text, const date_tokens *t, size_t first, size_t last)
{
    int ignored;
    return date_tense_at_strength(text, t, first, last, &ignored);
}

/* 1 when the future cue at k is a schedule's participle ("set for", "scheduled
   to run", "due to end"), which a story may report after the date has passed;
   "will", "plans to" and "agreed to" are firm. */
static int is_plan_cue(const char *text, const date_tokens *t, size_t k)
{
    static const char *const participles[] = {"scheduled", "planned",  "slated", "set",
                                              "due",       "expected", NULL};
    for (size_t i = 0; participles[i]; i++)
        if (date_tok_is_word(text, t, k, participles[i]))
            return 1;
    return 0;
}

date_tense date_tense_at_strength(const char *text, const date_tokens *t, size_t first, size_t last,
                                  int *strong)
{
    size_t before = first - 1; /* wraps to SIZE_MAX at the text start: scan stops */
    int first_starts = t->v[first].sentence_start;
    int subordinate = 0, ignored = 0;
    size_t cue_at = 0;
    date_tense tense = DATE_TENSE_NONE;
    if (!first_starts)
        tense = scan(text, t, before, -1, 30, 1, &subordinate, &cue_at);
    *strong = tense != DATE_TENSE_NONE;
    if (tense == DATE_TENSE_NONE)
        tense = scan(text, t, last + 1, 1, 10, 1, &ignored, &cue_at);
    /* A subordinate clause with no cue of its own ("before he gets sworn in on
       Jan. 20") does not take the main clause's tense. */
    if (subordinate)
        goto done;
    if (tense == DATE_TENSE_NONE && !first_starts) {
        tense = scan(text, t, before, -1, 60, 0, &ignored, &cue_at);
        *strong = tense != DATE_TENSE_NONE;
    }
    if (tense == DATE_TENSE_NONE)
        tense = scan(text, t, last + 1, 1, 60, 0, &ignored, &cue_at);
done:
    if (*strong && tense == DATE_TENSE_FUTURE && is_plan_cue(text, t, cue_at))
        *strong = DATE_CUE_PLAN;
    return tense;
}
