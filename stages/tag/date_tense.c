/*
 * Tense cues for the date tagger (see date_tense.h).
 *
 * A cue is a modal or planning word (will, would, plans, scheduled; agreed
 * or set when followed by "to"), which means the future, or a past form (an
 * irregular past such as said, met, held; a lowercase verb ending in -ed;
 * was, were, had), which means the past. A past participle after is/are/be
 * ("will be held") is not a cue, nor an -ed word after a determiner ("the
 * isolated neighbor") or glued to a hyphen ("Seoul-based"). Clauses end at
 * commas, semicolons, colons, brackets, quotes, dashes and subordinating
 * words (before, after, when, which ...).
 */
#include "date_tense.h"

#include <string.h>
#include <strings.h>

/* Lowercase copy of word token k into buf; returns its length, 0 if not a short word. */
static size_t word_lower(const char *text, const date_tokens *t, size_t k, char *buf, size_t cap)
{
    if (k >= t->n || t->v[k].kind != DATE_TOK_WORD)
        return 0;
    size_t len = (size_t)(t->v[k].end - t->v[k].start);
    if (len == 0 || len >= cap)
        return 0;
    for (size_t i = 0; i < len; i++) {
        char c = text[t->v[k].start + i];
        buf[i] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    }
    buf[len] = '\0';
    return len;
}

static int in_list(const char *word, const char *const *list)
{
    for (size_t i = 0; list[i]; i++)
        if (word[0] == list[i][0] && strcmp(word, list[i]) == 0)
            return 1;
    return 0;
}

static const char *const future_words[] = {
    "will",      "shall",    "would",       "ll",       "plans",    "plan",   "planning", "planned",
    "scheduled", "upcoming", "forthcoming", "expected", "expects",  "expect", "due",      "slated",
    "intends",   "intend",   "could",       "might",    "should",   "must",   "may",      "hopes",
    "hope",      "hoping",   "aims",        "next",     "tomorrow", "soon",   NULL};

/* Words that mean the future when "to" follows: "agreed to meet", "is to visit". */
static const char *const future_before_to[] = {
    "agreed",   "agree",    "agrees",     "set",      "going",     "wants",   "want",
    "wanted",   "hoped",    "promised",   "vowed",    "decided",   "pledged", "offered",
    "invited",  "proposed", "arranged",   "prepared", "preparing", "ready",   "poised",
    "likely",   "is",       "are",        "am",       "was",       "were",    "has",
    "have",     "had",      "seeks",      "sought",   "trying",    "tried",   "aimed",
    "expected", "supposed", "invitation", "plans",    "plan",      "planned", NULL};

static const char *const past_words[] = {
    "said",    "told",       "met",       "held",       "made",    "took",     "came",  "went",
    "gave",    "saw",        "spoke",     "began",      "became",  "left",     "won",   "lost",
    "got",     "put",        "sent",      "led",        "brought", "thought",  "found", "paid",
    "sought",  "struck",     "fought",    "flew",       "drew",    "grew",     "wrote", "chose",
    "broke",   "fell",       "felt",      "kept",       "knew",    "meant",    "was",   "were",
    "had",     "did",        "ago",       "laid",       "sat",     "stood",    "ran",   "heard",
    "earlier", "previously", "shot",      "hit",        "began",   "spent",    "sold",  "bought",
    "built",   "caught",     "taught",    "withdrew",   "swore",   "rose",     "wore",  "threw",
    "forgot",  "overtook",   "undertook", "understood", "upheld",  "withheld", NULL};

/* Words ending in -ed that are not past verbs. */
static const char *const not_past_ed[] = {
    "need",  "speed",  "indeed", "proceed", "succeed", "exceed", "hundred", "kindred", "sacred",
    "naked", "wicked", "shed",   "seed",    "feed",    "breed",  "creed",   "greed",   "embed",
    "red",   "bed",    "wed",    "united",  "rugged",  "ragged", "aged",    NULL};

static const char *const determiners[] = {"the",  "a",    "an",   "its",   "his",  "her",   "their",
                                          "our",  "my",   "your", "this",  "that", "these", "those",
                                          "more", "most", "very", "newly", NULL};

/* Past forms that say what became of an event, not when its date is: the
   summit "cancelled" on June 12 was still to come. */
static const char *const event_fates[] = {"cancelled", "canceled",    "postponed", "delayed",
                                          "scrapped",  "rescheduled", "suspended", NULL};

static const char *const passive_aux[] = {"is", "are", "am", "be", "been", "being", NULL};

static const char *const clause_words[] = {"before",  "after",  "when",  "while",    "because",
                                           "since",   "but",    "which", "who",      "whose",
                                           "where",   "if",     "until", "although", "though",
                                           "whereas", "unless", "once",  "that",     NULL};

static int is_boundary(const char *text, const date_tokens *t, size_t k)
{
    char w[16];
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
    return word_lower(text, t, k, w, sizeof w) && in_list(w, clause_words);
}

static int ends_in_ed(const char *w, size_t len)
{
    return len >= 5 && w[len - 2] == 'e' && w[len - 1] == 'd';
}

/* The past participle at k is passive present ("is held") or adjectival. */
static int participle_not_past(const char *text, const date_tokens *t, size_t k)
{
    char prev[16];
    if (k == 0)
        return 0;
    if (date_tok_is_dash(t, k - 1) && !t->v[k].space_before && k >= 2 && t->v[k - 2].upper)
        return 1; /* "Seoul-based", "U.S.-led"; not "test-fired" */
    if (!word_lower(text, t, k - 1, prev, sizeof prev))
        return 0;
    return in_list(prev, passive_aux) || in_list(prev, determiners);
}

date_tense date_tense_of_word(const char *text, const date_tokens *t, size_t k)
{
    char w[24];
    size_t len = word_lower(text, t, k, w, sizeof w);
    if (len == 0)
        return DATE_TENSE_NONE;
    if (strcmp(w, "won") == 0 && k + 2 < t->n && date_tok_is_word(text, t, k + 2, "t"))
        return DATE_TENSE_FUTURE; /* won't */
    if (date_tok_is_word(text, t, k + 1, "to") && in_list(w, future_before_to))
        return DATE_TENSE_FUTURE;
    if (in_list(w, future_words))
        return t->v[k].upper && strcmp(w, "may") == 0 ? DATE_TENSE_NONE : DATE_TENSE_FUTURE;
    if (in_list(w, event_fates))
        return DATE_TENSE_NONE;
    if (in_list(w, past_words) ||
        (ends_in_ed(w, len) && !t->v[k].upper && !in_list(w, not_past_ed))) {
        if (strcmp(w, "was") != 0 && strcmp(w, "were") != 0 && strcmp(w, "had") != 0 &&
            participle_not_past(text, t, k))
            return DATE_TENSE_NONE;
        return DATE_TENSE_PAST;
    }
    return DATE_TENSE_NONE;
}

/* Scans from k in direction step (-1 or +1) for at most limit tokens; stops at
   the sentence edge, and at clause boundaries when in_clause (setting
   *at_subordinate when the boundary is a word such as "before" or "which"). */
static date_tense scan(const char *text, const date_tokens *t, size_t k, int step, size_t limit,
                       int in_clause, int *at_subordinate)
{
    for (size_t seen = 0; seen < limit; seen++) {
        if (k >= t->n) /* also k == (size_t)-1 before the text start */
            return DATE_TENSE_NONE;
        if (step > 0 && t->v[k].sentence_start)
            return DATE_TENSE_NONE;
        if (in_clause && is_boundary(text, t, k)) {
            *at_subordinate = t->v[k].kind == DATE_TOK_WORD;
            return DATE_TENSE_NONE;
        }
        date_tense tense = date_tense_of_word(text, t, k);
        if (tense != DATE_TENSE_NONE)
            return tense;
        if (step < 0 && t->v[k].sentence_start)
            return DATE_TENSE_NONE;
        k += (size_t)step;
    }
    return DATE_TENSE_NONE;
}

date_tense date_tense_at(const char *text, const date_tokens *t, size_t first, size_t last)
{
    size_t before = first - 1; /* wraps to SIZE_MAX at the text start: scan stops */
    int first_starts = t->v[first].sentence_start;
    int subordinate = 0, ignored = 0;
    date_tense tense = DATE_TENSE_NONE;
    if (!first_starts)
        tense = scan(text, t, before, -1, 30, 1, &subordinate);
    if (tense == DATE_TENSE_NONE)
        tense = scan(text, t, last + 1, 1, 10, 1, &ignored);
    /* A subordinate clause with no cue of its own ("before he gets sworn in on
       Jan. 20") does not take the main clause's tense. */
    if (subordinate)
        return tense;
    if (tense == DATE_TENSE_NONE && !first_starts)
        tense = scan(text, t, before, -1, 60, 0, &ignored);
    if (tense == DATE_TENSE_NONE)
        tense = scan(text, t, last + 1, 1, 60, 0, &ignored);
    return tense;
}
