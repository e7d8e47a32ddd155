/*
 * The entity tagger: tag_entities_find() of tag.h.
 *
 * One left-to-right pass over the story's tokens. At each token the title
 * patterns (titles.h) get the first say: "Prime Minister Shinzo Abe" is a
 * person with the office the text gives, known to the KB or not. Otherwise
 * the gazetteer trie gives the longest known name starting there, and the
 * entry is resolved in context:
 *
 *   - a capital is its country's government ("Tokyo said") unless a
 *     locative word comes before it ("talks in Tokyo", "in Tokyo and Seoul"),
 *     when it is the city, a place;
 *   - a short form ("Abe") is the person last named in full in the story,
 *     else the person holding an office with that short form on the story's
 *     date; short forms that are also common words ("Moon") need the full name
 *     first;
 *   - "the North" counts only when the story names its country otherwise;
 *   - a blocking phrase ("South China Sea") hides the names inside it.
 *
 * A last pass finds the short forms of people the KB does not know ("Cho"
 * after "Unification Minister Cho Myoung-gyon"). Persons carry the office
 * they held on the story's local publication date.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kb.h"
#include "tag.h"
#include "titles.h"
#include "tokens.h"

typedef struct found_mention {
    uint32_t start;
    uint32_t end;
    uint8_t context; /* a "the North" mention, kept only if the country is named */
} found_mention;

typedef struct found_entity {
    uint32_t kb_index; /* TAG_NONE for a person the KB does not know */
    tag_type type;
    char *id; /* owned copies, so unknown persons need no special case */
    uint32_t id_hash;
    char *name;
    char *role_hint;     /* the office the text gives, when the KB has none */
    char *country_hint;  /* ISO code from the text ("South Korean ... adviser") */
    char short_form[64]; /* folded short form of an unknown person */
    size_t first_token;
    found_mention *mentions;
    size_t n_mentions;
    size_t cap_mentions;
} found_entity;

typedef struct tagger {
    const tag_kb *kb;
    const char *text;
    size_t len;
    char date[11]; /* the story's local publication date */
    tag_tokens tokens;
    uint8_t *covered; /* per token: inside a mention or a blocking phrase */
    found_entity *found;
    size_t n_found;
    size_t cap_found;
    /* the last mention: for lists of places and demonyms before titles */
    size_t last_end_token;
    tag_type last_type;
    uint32_t last_kb;
    bool have_last;
    char *err;
    size_t errlen;
} tagger;

static const char *const LOCATIVE_WORDS[] = {
    "in",       "at",       "from",      "near",    "into",   "via",     "outside",    "around",
    "across",   "through",  "toward",    "towards", "inside", "within",  "visit",      "visits",
    "visited",  "visiting", "leave",     "leaves",  "left",   "leaving", "reach",      "reached",
    "reaching", "landed",   "flew",      "fly",     "flies",  "based",   "throughout", "depart",
    "departs",  "departed", "departing", "capital", "tour",   "toured",  "touring",    NULL};

/* Words before "to" that make it a movement to the place ("travel to Tokyo"); otherwise "to"
   addresses the government ("a message to Moscow", "ambassadors to Washington"). */
static const char *const MOTION_WORDS[] = {
    "travel",  "travels",  "traveled", "travelled", "traveling", "travelling", "trip",
    "trips",   "visit",    "visits",   "flight",    "flights",   "fly",        "flies",
    "flew",    "flying",   "return",   "returns",   "returned",  "returning",  "head",
    "heads",   "headed",   "heading",  "go",        "goes",      "went",       "going",
    "come",    "comes",    "came",     "coming",    "move",      "moved",      "journey",
    "back",    "way",      "drive",    "drove",     "moving",    "relocate",   "relocated",
    "welcome", "welcomed", "arrive",   "arrived",   "sail",      "sailed",     NULL};

/* Words between a motion word and "to": "went on to Seoul", "flew back to Tokyo". */
static const char *const MOTION_PARTICLES[] = {"on",       "back",     "off",   "out", "over",
                                               "straight", "directly", "later", NULL};

/* Capitalized words that end an agreement's name ("Anti-Ballistic Missile Treaty"). */
static const char *const AGREEMENT_HEADS[] = {
    "treaty", "treaties", "agreement",  "agreements",  "accord",    "accords",
    "pact",   "protocol", "convention", "partnership", "consensus", NULL};

/* Lower-case words inside an agreement's name ("Comprehensive Agreement on Investment"). */
static const char *const AGREEMENT_LINKS[] = {"on", "of", "for", NULL};

/* Words after a personal name that show it is a person ("Florence Parly had been due"). */
static const char *const PERSON_VERBS[] = {
    "said",   "says",      "told",     "tells",     "met",      "meets",   "had",      "has",
    "was",    "is",        "will",     "would",     "added",    "urged",   "called",   "warned",
    "spoke",  "speaks",    "wrote",    "announced", "visited",  "arrived", "insisted", "stressed",
    "noted",  "could",     "should",   "did",       "does",     "asked",   "replied",  "agreed",
    "signed", "expressed", "welcomed", "described", "declined", NULL};

static const char *const LIST_WORDS[] = {"and", "or", "before", "then", NULL};

/* Nouns a capital stands before as the place of an event: "the Rome gathering". */
static const char *const EVENT_NOUNS[] = {
    "meeting",    "meetings",    "summit",   "summits", "talks", "gathering", "gatherings",
    "conference", "conferences", "ceremony", "rally",   "venue", NULL};

/* Words before an event noun's capital that make it attributive: "the Rome gathering". */
static const char *const DETERMINERS[] = {"the",   "a",        "an",      "this", "that", "last",
                                          "next",  "upcoming", "planned", "its",  "his",  "her",
                                          "their", "our",      "at",      "in",   NULL};

/* Nouns before "of" + capital that make the capital a place: "the status of Jerusalem". */
static const char *const PLACE_OF_NOUNS[] = {
    "status",    "outskirts", "streets",   "suburbs",   "centre",    "center", "heart",
    "residents", "mayor",     "city",      "skies",     "east",      "west",   "north",
    "south",     "northeast", "northwest", "southeast", "southwest", NULL};

/* Words that make the title after them a past office: "former Prime Minister Tony Blair". */
static const char *const PAST_WORDS[] = {"former",  "ex",        "late", "then",
                                         "onetime", "erstwhile", NULL};

/* Capitalized words that end a name: "President Trump Tuesday". */
static const char *const NAME_STOP_WORDS[] = {
    "monday",   "tuesday",  "wednesday", "thursday", "friday", "saturday", "sunday",    "january",
    "february", "march",    "april",     "june",     "july",   "august",   "september", "october",
    "november", "december", "jan.",      "feb.",     "aug.",   "sept.",    "oct.",      "nov.",
    "dec.",     "the",      "on",        "in",       "at",     "and",      "but",       "after",
    "before",   "when",     "while",     "as",       "said",   "says",     "told",      NULL};

/* Words that make a capitalized phrase an institution or a building, not a person. */
static const char *const INSTITUTION_WORDS[] = {
    "tower",     "towers",     "plaza",        "hotel",      "center",     "centre",
    "building",  "foundation", "organization", "library",    "airport",    "street",
    "avenue",    "square",     "hall",         "university", "institute",  "memorial",
    "league",    "party",      "council",      "ministry",   "office",     "house",
    "committee", "court",      "assembly",     "department", "government", "administration",
    "cabinet",   "union",      "bank",         "group",      "company",    "corp.",
    "inc.",      "museum",     "park",         "palace",     "stadium",    "bridge",
    "station",   "school",     "college",      "agency",     "commission", "forum",
    "summit",    "castle",     "cathedral",    "church",     "mosque",     "temple",
    "river",     "lake",       "island",       "islands",    "bay",        "mountain",
    "valley",    "sea",        "strait",       "canal",      "port",       "prize",
    "award",     "airlines",   "airways",      "hospital",   "prison",     "cup",
    "games",     "festival",   "conference",   "treaty",     "agreement",  "accord",
    NULL};

static bool in_list(const char *word, const char *const *list)
{
    for (size_t i = 0; list[i]; i++)
        if (word[0] == list[i][0] && strcmp(word, list[i]) == 0)
            return true;
    return false;
}

/* The word lists above as bits, so one probe of kb->word_slots answers any of them. */
enum {
    LIST_LOCATIVE = 1u << 0,
    LIST_MOTION = 1u << 1,
    LIST_MOTION_PARTICLE = 1u << 2,
    LIST_AGREEMENT_HEAD = 1u << 3,
    LIST_AGREEMENT_LINK = 1u << 4,
    LIST_PERSON_VERB = 1u << 5,
    LIST_LIST = 1u << 6,
    LIST_NAME_STOP = 1u << 7,
    LIST_INSTITUTION = 1u << 8,
    LIST_EVENT_NOUN = 1u << 9,
    LIST_DETERMINER = 1u << 10,
    LIST_PLACE_OF_NOUN = 1u << 11,
    LIST_PAST = 1u << 12,
};

static const struct {
    const char *const *words;
    uint32_t bit;
} WORD_LISTS[] = {
    {LOCATIVE_WORDS, LIST_LOCATIVE},
    {MOTION_WORDS, LIST_MOTION},
    {MOTION_PARTICLES, LIST_MOTION_PARTICLE},
    {AGREEMENT_HEADS, LIST_AGREEMENT_HEAD},
    {AGREEMENT_LINKS, LIST_AGREEMENT_LINK},
    {PERSON_VERBS, LIST_PERSON_VERB},
    {LIST_WORDS, LIST_LIST},
    {NAME_STOP_WORDS, LIST_NAME_STOP},
    {INSTITUTION_WORDS, LIST_INSTITUTION},
    {EVENT_NOUNS, LIST_EVENT_NOUN},
    {DETERMINERS, LIST_DETERMINER},
    {PLACE_OF_NOUNS, LIST_PLACE_OF_NOUN},
    {PAST_WORDS, LIST_PAST},
};

int tag_entities_index_words(tag_kb *kb)
{
    const size_t mask = TAG_WORD_SLOTS - 1;
    size_t used = 0;
    for (size_t l = 0; l < sizeof WORD_LISTS / sizeof WORD_LISTS[0]; l++) {
        for (const char *const *w = WORD_LISTS[l].words; *w; w++) {
            uint32_t h = tag_hash(*w, strlen(*w));
            size_t i = h & mask;
            while (kb->word_slots[i].word && strcmp(kb->word_slots[i].word, *w) != 0)
                i = (i + 1) & mask;
            if (!kb->word_slots[i].word) {
                if (++used * 2 > TAG_WORD_SLOTS)
                    return -1; /* kept at most half full, so a probe always ends */
                kb->word_slots[i] = (tag_word_slot){.word = *w, .hash = h};
            }
            kb->word_slots[i].lists |= WORD_LISTS[l].bit;
        }
    }
    return 0;
}

/* Is token k in the word list(s) of bits list? False past the last token. */
static bool in_word_list(const tagger *t, size_t k, uint32_t list)
{
    if (k >= t->tokens.n)
        return false;
    const size_t mask = TAG_WORD_SLOTS - 1;
    uint32_t h = t->tokens.v[k].hash;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
        const tag_word_slot *slot = &t->kb->word_slots[i];
        if (!slot->word)
            return false;
        if (slot->hash == h && strcmp(slot->word, tag_token_fold(&t->tokens, k)) == 0)
            return (slot->lists & list) != 0;
    }
}

static int oom(tagger *t)
{
    snprintf(t->err, t->errlen, "out of memory tagging entities");
    return -1;
}

/* ---- the story's date ---- */

/* The local date of an ISO 8601 time shifted by offset_minutes; "9999-12-31"
   (today's office holders) when the time is missing or unreadable. */
static void local_date(const char *published, int32_t offset_minutes, char out[11])
{
    int y, mo, d, h = 0, mi = 0;
    snprintf(out, 11, "9999-12-31");
    if (!published || sscanf(published, "%4d-%2d-%2d", &y, &mo, &d) != 3)
        return;
    if (strlen(published) >= 16)
        sscanf(published + 11, "%2d:%2d", &h, &mi);
    const char *zone = strlen(published) > 19 ? published + 19 : "";
    while (*zone == '.' || (*zone >= '0' && *zone <= '9'))
        zone++;
    int zone_minutes = 0, zh, zm;
    if ((zone[0] == '+' || zone[0] == '-') && sscanf(zone + 1, "%2d:%2d", &zh, &zm) == 2)
        zone_minutes = (zone[0] == '-' ? -1 : 1) * (zh * 60 + zm);
    struct tm tm = {
        .tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d, .tm_hour = h, .tm_min = mi};
    time_t utc = timegm(&tm) - (time_t)zone_minutes * 60 + (time_t)offset_minutes * 60;
    struct tm local;
    if (!gmtime_r(&utc, &local) || local.tm_year + 1900 < 0 || local.tm_year + 1900 > 9999)
        return;
    char date[32];
    snprintf(date, sizeof date, "%04d-%02d-%02d", local.tm_year + 1900, local.tm_mon + 1,
             local.tm_mday);
    memcpy(out, date, 10);
    out[10] = '\0';
}

/* ---- found entities ---- */

static found_entity *found_by_id(tagger *t, const char *id, uint32_t id_hash)
{
    for (size_t i = 0; i < t->n_found; i++)
        if (t->found[i].id_hash == id_hash && strcmp(t->found[i].id, id) == 0)
            return &t->found[i];
    return NULL;
}

static found_entity *found_add(tagger *t, uint32_t kb_index, tag_type type, const char *id,
                               const char *name, size_t token)
{
    uint32_t id_hash = tag_hash(id, strlen(id));
    found_entity *f = found_by_id(t, id, id_hash);
    if (f)
        return f;
    if (t->n_found == t->cap_found) {
        size_t next = t->cap_found ? t->cap_found * 2 : 16;
        found_entity *grown = realloc(t->found, next * sizeof *grown);
        if (!grown)
            return NULL;
        t->found = grown;
        t->cap_found = next;
    }
    f = &t->found[t->n_found];
    memset(f, 0, sizeof *f);
    f->kb_index = kb_index;
    f->type = type;
    f->first_token = token;
    f->id_hash = id_hash;
    f->id = strdup(id);
    f->name = strdup(name);
    t->n_found++;
    if (!f->id || !f->name)
        return NULL;
    return f;
}

static found_entity *found_kb(tagger *t, uint32_t kb_index, size_t token)
{
    const tag_kb_entity *e = &t->kb->entities[kb_index];
    return found_add(t, kb_index, e->type, e->id, e->name, token);
}

/* Adds a mention of f over tokens [first, last] and marks them covered. */
static int mention_add(tagger *t, found_entity *f, size_t first, size_t last, bool context)
{
    if (f->n_mentions == f->cap_mentions) {
        size_t next = f->cap_mentions ? f->cap_mentions * 2 : 4;
        found_mention *grown = realloc(f->mentions, next * sizeof *grown);
        if (!grown)
            return oom(t);
        f->mentions = grown;
        f->cap_mentions = next;
    }
    f->mentions[f->n_mentions++] = (found_mention){
        .start = t->tokens.v[first].start, .end = t->tokens.v[last].end, .context = context};
    for (size_t k = first; k <= last; k++)
        t->covered[k] = 1;
    t->last_end_token = last;
    t->last_type = f->type;
    t->last_kb = f->kb_index;
    t->have_last = true;
    return 0;
}

/* ---- the gazetteer ---- */

static bool entry_fits(const tagger *t, const tag_gaz_entry *e, size_t first)
{
    for (uint32_t mask = e->cap_mask, k = 0; mask; mask >>= 1, k++)
        if ((mask & 1) && !t->tokens.v[first + k].capitalized)
            return false;
    for (uint32_t mask = e->allcaps_mask, k = 0; mask; mask >>= 1, k++)
        if ((mask & 1) && !t->tokens.v[first + k].all_caps)
            return false;
    return true;
}

/* Does node name something at first? Given names alone name nobody. */
static bool node_fits(const tagger *t, uint32_t node, size_t first)
{
    for (uint32_t e = t->kb->node_entries[node]; e != TAG_NONE; e = t->kb->entries[e].next)
        if (t->kb->entries[e].form != TAG_FORM_GIVEN && entry_fits(t, &t->kb->entries[e], first))
            return true;
    return false;
}

/* Is token k a capitalized personal given name of given_names.tsv ("Florence")? */
static bool is_given_name(const tagger *t, size_t k)
{
    if (k >= t->tokens.n || !t->tokens.v[k].capitalized || t->tokens.v[k].kind != TAG_TOK_WORD)
        return false;
    uint32_t node = tag_gaz_child(t->kb, 0, tag_token_fold(&t->tokens, k), t->tokens.v[k].hash);
    if (node == TAG_NONE)
        return false;
    for (uint32_t e = t->kb->node_entries[node]; e != TAG_NONE; e = t->kb->entries[e].next)
        if (t->kb->entries[e].form == TAG_FORM_GIVEN)
            return true;
    return false;
}

/* The longest gazetteer node matching tokens from first; *n_tokens its length. */
static uint32_t longest_match(const tagger *t, size_t first, size_t *n_tokens)
{
    uint32_t node = 0, best = TAG_NONE;
    *n_tokens = 0;
    for (size_t k = first; k < t->tokens.n && k - first < 32; k++) {
        node = tag_gaz_child(t->kb, node, tag_token_fold(&t->tokens, k), t->tokens.v[k].hash);
        if (node == TAG_NONE)
            break;
        if (t->kb->node_entries[node] != TAG_NONE && node_fits(t, node, first)) {
            best = node;
            *n_tokens = k - first + 1;
        }
    }
    return best;
}

static const char *fold_at(const tagger *t, size_t k)
{
    return tag_token_fold(&t->tokens, k);
}

static bool is_word(const tagger *t, size_t k, const char *fold)
{
    return k < t->tokens.n && strcmp(fold_at(t, k), fold) == 0;
}

static bool is_capital_word(const tagger *t, size_t k)
{
    return k < t->tokens.n && t->tokens.v[k].kind == TAG_TOK_WORD && t->tokens.v[k].capitalized;
}

/* Does the text use the capital at tokens [first, first + n) as a place? */
static bool capital_is_place(const tagger *t, size_t first, size_t n)
{
    if (first == 0)
        return false;
    const char *prev = fold_at(t, first - 1);
    if (in_word_list(t, first - 1, LIST_LOCATIVE))
        return true;
    /* "the Rome gathering", "a Jakarta summit": the event's place */
    if (in_word_list(t, first + n, LIST_EVENT_NOUN) && in_word_list(t, first - 1, LIST_DETERMINER))
        return true;
    /* "leave for Jakarta", "bound for Moscow" */
    if (strcmp(prev, "for") == 0 && first >= 2 &&
        (in_word_list(t, first - 2, LIST_LOCATIVE | LIST_MOTION) || is_word(t, first - 2, "bound")))
        return true;
    /* "the status of Jerusalem", "the outskirts of Kyiv" */
    if (strcmp(prev, "of") == 0 && first >= 2 && in_word_list(t, first - 2, LIST_PLACE_OF_NOUN))
        return true;
    /* "travel to Tokyo", "went on to Seoul", but "a message to Moscow" */
    if (strcmp(prev, "to") == 0) {
        size_t verb = first >= 2 ? first - 2 : 0;
        if (verb > 0 && in_word_list(t, verb, LIST_MOTION_PARTICLE))
            verb--;
        return first >= 2 && in_word_list(t, verb, LIST_MOTION);
    }
    /* "the Slovenian capital, Ljubljana," */
    if (strcmp(prev, ",") == 0 && first >= 2 && strcmp(fold_at(t, first - 2), "capital") == 0)
        return true;
    /* "in Tokyo and Seoul before Beijing": a list continuing a place */
    return in_word_list(t, first - 1, LIST_LIST) && first >= 2 && t->have_last &&
           t->last_end_token == first - 2 && t->last_type == TAG_PLACE;
}

/* "Trump Tower", "USS Arizona": the name is part of something else. */
static bool part_of_larger_name(const tagger *t, size_t first, size_t n)
{
    size_t next = first + n;
    if (is_capital_word(t, next) && in_word_list(t, next, LIST_INSTITUTION))
        return true;
    return first > 0 && strcmp(fold_at(t, first - 1), "uss") == 0;
}

static bool person_seen(const tagger *t, uint32_t kb_index)
{
    for (size_t i = 0; i < t->n_found; i++)
        if (t->found[i].kb_index == kb_index)
            return true;
    return false;
}

/* The person a short form at node refers to, or TAG_NONE. */
static uint32_t resolve_short(const tagger *t, uint32_t node, size_t first)
{
    const tag_kb *kb = t->kb;
    uint32_t in_office = TAG_NONE, any = TAG_NONE;
    bool common_word = in_word_list(t, first, LIST_NAME_STOP);
    for (uint32_t i = kb->node_entries[node]; i != TAG_NONE; i = kb->entries[i].next) {
        const tag_gaz_entry *e = &kb->entries[i];
        if ((e->form != TAG_FORM_SHORT && e->form != TAG_FORM_SHORT_SEEN) ||
            !entry_fits(t, e, first))
            continue;
        if (person_seen(t, e->entity))
            return e->entity;
        if (e->form == TAG_FORM_SHORT_SEEN || common_word)
            continue;
        if (in_office == TAG_NONE && tag_kb_term_at(&kb->entities[e->entity], t->date))
            in_office = e->entity;
        if (any == TAG_NONE)
            any = e->entity;
    }
    return in_office != TAG_NONE ? in_office : any;
}

/* The best entry of node for tokens from first: names before capitals,
   demonyms and context forms; blocks before everything. */
static const tag_gaz_entry *pick_entry(const tagger *t, uint32_t node, size_t first)
{
    static const uint8_t order[] = {TAG_FORM_BLOCK, TAG_FORM_NAME, TAG_FORM_CAPITAL,
                                    TAG_FORM_DEMONYM, TAG_FORM_CONTEXT};
    const tag_kb *kb = t->kb;
    for (size_t o = 0; o < sizeof order; o++)
        for (uint32_t i = kb->node_entries[node]; i != TAG_NONE; i = kb->entries[i].next)
            if (kb->entries[i].form == order[o] && entry_fits(t, &kb->entries[i], first))
                return &kb->entries[i];
    return NULL;
}

/* The person the KB does not know whose short form token first is, or NULL. */
static found_entity *unknown_by_short(tagger *t, size_t first)
{
    const char *fold = fold_at(t, first);
    for (size_t i = 0; i < t->n_found; i++)
        if (t->found[i].kb_index == TAG_NONE && t->found[i].type == TAG_PERSON &&
            strcmp(t->found[i].short_form, fold) == 0)
            return &t->found[i];
    return NULL;
}

/* Tags the gazetteer match at token first, if any; returns tokens consumed (0: none). */
static int gazetteer_at(tagger *t, size_t first, size_t *consumed)
{
    size_t n;
    *consumed = 0;
    uint32_t node = longest_match(t, first, &n);
    if (node == TAG_NONE)
        return 0;
    *consumed = n;
    const tag_gaz_entry *e = pick_entry(t, node, first);
    uint32_t entity = TAG_NONE;
    bool context = false;
    size_t skip = 0;
    if (e && e->form == TAG_FORM_BLOCK) {
        memset(t->covered + first, 1, n);
        return 0;
    }
    *consumed = 1; /* a declined name leaves the words after its first to later matches */
    if (!e && n == 1) {
        /* "Wong" after "Penny Wong": the person this story named, not a KB namesake */
        found_entity *unknown = unknown_by_short(t, first);
        if (unknown)
            return mention_add(t, unknown, first, first, false);
    }
    if (!e) {
        entity = resolve_short(t, node, first);
    } else if (e->form == TAG_FORM_CAPITAL) {
        entity = capital_is_place(t, first, n) ? e->alt : e->entity;
    } else if (e->form == TAG_FORM_CONTEXT) {
        if (is_capital_word(t, first + n))
            return 0; /* "the North Atlantic": something else */
        entity = e->entity;
        context = true;
        skip = e->skip;
    } else {
        entity = e->entity;
    }
    if (entity == TAG_NONE)
        return 0;
    tag_type type = t->kb->entities[entity].type;
    if ((type == TAG_PERSON || type == TAG_PLACE) && part_of_larger_name(t, first, n))
        return 0;
    found_entity *f = found_kb(t, entity, first);
    if (!f)
        return oom(t);
    *consumed = n;
    return mention_add(t, f, first + skip, first + n - 1, context);
}

/* ---- honorifics ---- */

/* Honorifics that come before a personal name and are not part of it: "Tan Sri", "Datuk Seri",
   "Dato' Sri", "Tun", "Sir", "Dame", "Lord", "Lady", "Haji". */
static const char *const HONORIFIC_WORDS[] = {"datuk", "dato", "datin", "tun",  "sir",
                                              "dame",  "lord", "lady",  "haji", NULL};
static const char *const HONORIFIC_FIRSTS[] = {"tan", "puan", "toh", NULL}; /* + sri/puan */
static const char *const HONORIFIC_SECONDS[] = {"sri", "seri", "puan", NULL};

/* The number of tokens of the honorific at token k, 0 if none; a capitalized name must follow. */
static size_t honorific_len(const tagger *t, size_t k)
{
    if (!is_capital_word(t, k))
        return 0;
    const char *fold = fold_at(t, k);
    size_t n = 0;
    if (in_list(fold, HONORIFIC_FIRSTS)) {
        if (!is_capital_word(t, k + 1) || !in_list(fold_at(t, k + 1), HONORIFIC_SECONDS))
            return 0; /* "Tan" alone is a family name */
        n = 2;
    } else if (in_list(fold, HONORIFIC_WORDS)) {
        n = 1;
        if (k + n < t->tokens.n && t->tokens.v[k + n].kind != TAG_TOK_WORD &&
            (fold_at(t, k + n)[0] == '\'' || (uint8_t)fold_at(t, k + n)[0] == 0xE2))
            n++; /* "Dato'" */
        if (is_capital_word(t, k + n) && in_list(fold_at(t, k + n), HONORIFIC_SECONDS))
            n++; /* "Datuk Seri" */
    }
    return n && is_capital_word(t, k + n) ? n : 0;
}

/* ---- title + name ---- */

/* Index of the token starting at byte, or t->tokens.n. */
static size_t token_at_byte(const tagger *t, uint32_t byte)
{
    size_t lo = 0, hi = t->tokens.n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (t->tokens.v[mid].start < byte)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* The end (exclusive) of the name tokens from first within the hit. */
static size_t name_end_token(const tagger *t, size_t first, uint32_t name_end)
{
    size_t k = first;
    while (k < t->tokens.n && t->tokens.v[k].end <= name_end) {
        bool after_hyphen = k > first && strcmp(fold_at(t, k - 1), "-") == 0;
        if (t->tokens.v[k].kind == TAG_TOK_WORD && !after_hyphen &&
            in_word_list(t, k, LIST_NAME_STOP))
            break;
        k++;
    }
    return k;
}

static bool has_institution_word(const tagger *t, size_t first, size_t end)
{
    for (size_t k = first; k < end; k++)
        if (in_word_list(t, k, LIST_INSTITUTION))
            return true;
    return false;
}

/* The ISO code of a country mentioned just before the title, or NULL. */
static const char *country_before(const tagger *t, size_t title_token)
{
    if (!t->have_last || title_token == 0 || t->last_end_token != title_token - 1 ||
        t->last_type != TAG_COUNTRY || t->last_kb == TAG_NONE)
        return NULL;
    return t->kb->entities[t->last_kb].code;
}

/* The ISO code of "Japan's" / "the Philippines'" just before the title, or NULL. */
static const char *country_possessive_before(const tagger *t, size_t title_token)
{
    if (title_token < 2 || !is_word(t, title_token - 1, "'s"))
        return NULL;
    for (size_t back = 1; back <= 3 && back < title_token; back++) {
        size_t from = title_token - 1 - back, n;
        uint32_t node = longest_match(t, from, &n);
        if (node == TAG_NONE || from + n != title_token - 1)
            continue;
        const tag_gaz_entry *e = pick_entry(t, node, from);
        if (e && e->form != TAG_FORM_BLOCK && t->kb->entities[e->entity].type == TAG_COUNTRY)
            return t->kb->entities[e->entity].code;
    }
    return NULL;
}

/* Is the title at token title_token a past office ("former British Prime Minister", "ex-")? */
static bool title_is_past(const tagger *t, size_t title_token)
{
    for (size_t k = title_token, words = 0; k-- > 0 && words < 4;) {
        if (t->tokens.v[k].kind != TAG_TOK_WORD) {
            if (is_word(t, k, "-"))
                continue;
            return false;
        }
        if (in_word_list(t, k, LIST_PAST))
            return true;
        if (!is_capital_word(t, k))
            return false; /* only country words between: "former South Korean President" */
        words++;
    }
    return false;
}

static int set_hints(tagger *t, found_entity *f, const tag_title *title, const char *country)
{
    if (f->role_hint)
        return 0;
    const char *of = NULL;
    if (country) {
        char id[32];
        snprintf(id, sizeof id, "country:%s", country);
        uint32_t c = tag_kb_find(t->kb, id);
        of = c != TAG_NONE ? t->kb->entities[c].name : NULL;
    }
    size_t n = strlen(title->role) + (of ? strlen(of) + 5 : 0) + 1;
    f->role_hint = malloc(n);
    if (!f->role_hint)
        return oom(t);
    snprintf(f->role_hint, n, "%s%s%s", title->role, of ? " of " : "", of ? of : "");
    if (country && !f->country_hint && !(f->country_hint = strdup(country)))
        return oom(t);
    return 0;
}

/* The short form of a person the KB does not know: the family name. */
static void unknown_short_form(tagger *t, found_entity *f, size_t first, size_t end)
{
    static const char *const FAMILY_FIRST[] = {"CN", "KP", "KR", "VN", "TW",
                                               "HK", "MO", "KH", "MN", NULL};
    bool family_first = f->country_hint && in_list(f->country_hint, FAMILY_FIRST);
    size_t k = family_first ? first : end - 1;
    snprintf(f->short_form, sizeof f->short_form, "%s", fold_at(t, k));
}

/* Adds an entity the KB does not know over tokens [first, end): a person (with the title and
   country the text gives, if any) or an agreement; its id is the slug of the words. */
static int unknown_add(tagger *t, tag_type type, size_t first, size_t end, const tag_title *title,
                       const char *country, size_t *consumed)
{
    char name[256], slug[256], id[300];
    uint32_t from = t->tokens.v[first].start, to = t->tokens.v[end - 1].end;
    if (to - from >= sizeof name)
        return 0;
    memcpy(name, t->text + from, to - from);
    name[to - from] = '\0';
    size_t s = 0;
    for (size_t k = first; k < end && s + 2 < sizeof slug; k++) {
        if (t->tokens.v[k].kind != TAG_TOK_WORD)
            continue;
        s += (size_t)snprintf(slug + s, sizeof slug - s, "%s%s", s ? "-" : "", fold_at(t, k));
    }
    snprintf(id, sizeof id, "%s:%s", tag_type_name(type), slug);
    found_entity *f = found_add(t, TAG_NONE, type, id, name, first);
    if (!f || (title && set_hints(t, f, title, country) != 0))
        return oom(t);
    if (type == TAG_PERSON)
        unknown_short_form(t, f, first, end);
    *consumed = end - first;
    return mention_add(t, f, first, end - 1, false);
}

static int title_at_name(tagger *t, const tag_title_hit *hit, size_t first, size_t end,
                         size_t *consumed);

/* Tags a person named after (or before) a title; returns tokens consumed (0: declined). */
static int title_at(tagger *t, const tag_title_hit *hit, size_t first, size_t *consumed)
{
    *consumed = 0;
    size_t end = name_end_token(t, first, hit->name_end);
    size_t honorific = honorific_len(t, first); /* "Prime Minister Datuk Seri Anwar Ibrahim" */
    if (honorific && first + honorific < end) {
        size_t rest = 0;
        int rc = title_at_name(t, hit, first + honorific, end, &rest);
        *consumed = rest ? rest + honorific : 0;
        return rc;
    }
    return title_at_name(t, hit, first, end, consumed);
}

/* title_at() for the name at tokens [first, end), honorifics skipped. */
static int title_at_name(tagger *t, const tag_title_hit *hit, size_t first, size_t end,
                         size_t *consumed)
{
    *consumed = 0;
    if (end == first || has_institution_word(t, first, end))
        return 0;
    size_t n;
    uint32_t node = longest_match(t, first, &n);
    size_t title_token = token_at_byte(t, hit->title_start);
    const tag_title *title = title_is_past(t, title_token) ? NULL : &t->kb->titles[hit->title];
    const char *country = country_before(t, title_token);
    if (!country)
        country = country_possessive_before(t, title_token);
    const tag_gaz_entry *e = node != TAG_NONE ? pick_entry(t, node, first) : NULL;
    /* a known short form inside a longer name ("Wang" of "Wang Kexin") is not that person */
    /* nor is a place inside it ("Milan" of "President Milan Kucan") */
    bool known_person_prefix = n < end - first && e && e->form == TAG_FORM_NAME &&
                               t->kb->entities[e->entity].type == TAG_PERSON;
    bool whole = n == end - first || known_person_prefix;
    if (node != TAG_NONE && whole) {
        uint32_t person = e ? e->entity : resolve_short(t, node, first);
        if (e && e->form == TAG_FORM_BLOCK)
            return 0;
        if (person == TAG_NONE || t->kb->entities[person].type != TAG_PERSON)
            return 0;
        found_entity *f = found_kb(t, person, first);
        if (!f || (title && set_hints(t, f, title, country) != 0))
            return oom(t);
        *consumed = n;
        return mention_add(t, f, first, first + n - 1, false);
    }
    return unknown_add(t, TAG_PERSON, first, end, title, country, consumed);
}

/* ---- agreements and persons the KB does not know ---- */

/* The end (exclusive) of a run of capitalized words and hyphens from first, at most max long. */
static size_t capital_run_end(const tagger *t, size_t first, size_t max)
{
    size_t k = first;
    while (k < t->tokens.n && k - first < max) {
        if (is_capital_word(t, k) && !in_word_list(t, k, LIST_NAME_STOP))
            k++;
        else if (is_word(t, k, "-") && k > first && is_capital_word(t, k + 1))
            k++;
        else
            break;
    }
    return k;
}

/* An agreement the KB does not know: capitalized words ending in a head word ("Anti-Ballistic
   Missile Treaty", "Five-Point Consensus"), perhaps with a tail ("Agreement on Investment").
   Returns tokens consumed (0: none). */
static int agreement_at(tagger *t, size_t first, size_t *consumed)
{
    *consumed = 0;
    size_t end = capital_run_end(t, first, 8), head_end = 0;
    for (size_t k = first; k < end; k++)
        if (in_word_list(t, k, LIST_AGREEMENT_HEAD))
            head_end = k + 1;
    if (head_end == 0 || head_end != end)
        return 0; /* no head, or more capitals after it: "North Atlantic Treaty Organization" */
    if (end < t->tokens.n && in_word_list(t, end, LIST_AGREEMENT_LINK)) {
        size_t tail_end = capital_run_end(t, end + 1, 4);
        if (tail_end > end + 1)
            end = tail_end; /* "on Investment", but not "on Monday" */
    }
    if (end - first < 2)
        return 0; /* a bare "Treaty" */
    size_t n;
    if (longest_match(t, first, &n) != TAG_NONE && n >= end - first)
        return 0; /* the KB knows it */
    return unknown_add(t, TAG_AGREEMENT, first, end, NULL, NULL, consumed);
}

/* A person the KB does not know, named by a given name and one or two capitalized words, when a
   verb follows ("Florence Parly had been due") or the surname is a KB person's short form
   ("Penny Wong" is not Lawrence Wong). Returns tokens consumed (0: none). */
static int given_name_person_at(tagger *t, size_t first, size_t *consumed)
{
    *consumed = 0;
    size_t n;
    if (!is_given_name(t, first))
        return 0;
    uint32_t known = longest_match(t, first, &n);
    const tag_gaz_entry *known_entry = known != TAG_NONE ? pick_entry(t, known, first) : NULL;
    bool place_word = known_entry && n == 1 && known_entry->form == TAG_FORM_NAME &&
                      t->kb->entities[known_entry->entity].type == TAG_PLACE;
    if (known != TAG_NONE && !place_word)
        return 0; /* "Joe Biden": the KB knows the full name */
    size_t end = first + 1;
    while (end < first + 3 && is_capital_word(t, end) && !t->covered[end] &&
           !in_word_list(t, end, LIST_NAME_STOP) && !in_word_list(t, end, LIST_INSTITUTION))
        end++;
    if (end == first + 1)
        return 0;
    uint32_t node = longest_match(t, end - 1, &n);
    bool kb_surname = node != TAG_NONE && n == 1 && !pick_entry(t, node, end - 1);
    bool verb_after = end < t->tokens.n && in_word_list(t, end, LIST_PERSON_VERB);
    if ((!kb_surname && !verb_after) || (place_word && !verb_after))
        return 0; /* "Florence Parly had", but "Florence Cathedral" */
    for (size_t k = first + 1; k < end; k++) {
        uint32_t other = longest_match(t, k, &n);
        if (other != TAG_NONE && pick_entry(t, other, k))
            return 0; /* "Jordan Peace Treaty", "Victoria Falls": a known name inside */
    }
    return unknown_add(t, TAG_PERSON, first, end, NULL, NULL, consumed);
}

/* An honorific and the name after it ("Tan Sri Muhyiddin Yassin", "Sir John Smith"): the
   honorific is skipped; a name the KB does not know is a person of its own. Returns tokens
   consumed (0: no honorific). */
static int honorific_person_at(tagger *t, size_t first, size_t *consumed)
{
    *consumed = 0;
    size_t honorific = honorific_len(t, first);
    if (!honorific)
        return 0;
    size_t name = first + honorific, n;
    if (longest_match(t, name, &n) != TAG_NONE) {
        *consumed = honorific; /* the KB knows the name: the gazetteer tags it next */
        return 0;
    }
    size_t end = name;
    while (end < t->tokens.n && end - name < 5) {
        if (is_capital_word(t, end) && !in_word_list(t, end, LIST_NAME_STOP | LIST_INSTITUTION))
            end++;
        else if (end > name &&
                 (is_word(t, end, "-") || is_word(t, end, "bin") || is_word(t, end, "binti") ||
                  is_word(t, end, "al")) &&
                 is_capital_word(t, end + 1))
            end++;
        else
            break;
    }
    if (end == name)
        return 0;
    size_t rest = 0;
    int rc = unknown_add(t, TAG_PERSON, name, end, NULL, NULL, &rest);
    *consumed = honorific + rest;
    return rc;
}

/* ---- passes ---- */

static int main_pass(tagger *t, const tag_title_hit *hits, size_t n_hits)
{
    size_t h = 0;
    for (size_t i = 0; i < t->tokens.n;) {
        size_t consumed = 0;
        while (h < n_hits && hits[h].name_start < t->tokens.v[i].start)
            h++;
        if (t->tokens.v[i].kind == TAG_TOK_WORD && h < n_hits &&
            hits[h].name_start == t->tokens.v[i].start) {
            if (title_at(t, &hits[h], i, &consumed) != 0)
                return -1;
            h++;
        }
        bool capital = is_capital_word(t, i);
        if (consumed == 0 && capital && honorific_person_at(t, i, &consumed) != 0)
            return -1;
        if (consumed == 0 && capital && agreement_at(t, i, &consumed) != 0)
            return -1;
        if (consumed == 0 && capital && given_name_person_at(t, i, &consumed) != 0)
            return -1;
        if (consumed == 0 && t->tokens.v[i].kind == TAG_TOK_WORD &&
            gazetteer_at(t, i, &consumed) != 0)
            return -1;
        i += consumed ? consumed : 1;
    }
    return 0;
}

/* Later mentions of unknown persons by their family name. */
static int short_form_pass(tagger *t)
{
    for (size_t i = 0; i < t->n_found; i++) {
        found_entity *f = &t->found[i];
        if (f->kb_index != TAG_NONE || !f->short_form[0])
            continue;
        for (size_t k = f->first_token + 1; k < t->tokens.n; k++)
            if (!t->covered[k] && is_capital_word(t, k) &&
                strcmp(fold_at(t, k), f->short_form) == 0 &&
                !(k + 1 < t->tokens.n && is_capital_word(t, k + 1)) &&
                mention_add(t, f, k, k, false) != 0)
                return -1;
    }
    return 0;
}

/* Drops "the North" mentions of countries the story does not otherwise name. */
static void drop_lone_context_mentions(tagger *t)
{
    for (size_t i = 0; i < t->n_found; i++) {
        found_entity *f = &t->found[i];
        bool named = false;
        for (size_t m = 0; m < f->n_mentions; m++)
            named |= !f->mentions[m].context;
        if (!named)
            f->n_mentions = 0;
    }
}

/* ---- output ---- */

static int by_start(const void *a, const void *b)
{
    const found_mention *x = a, *y = b;
    return x->start < y->start ? -1 : x->start > y->start;
}

static char *dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

static int emit_entity(tagger *t, const found_entity *f, telex_entity *out)
{
    const tag_kb_entity *e = f->kb_index != TAG_NONE ? &t->kb->entities[f->kb_index] : NULL;
    const tag_term *term = e && f->type == TAG_PERSON ? tag_kb_term_at(e, t->date) : NULL;
    const char *role = term ? term->role : f->role_hint;
    const char *country = term && term->country ? term->country
                          : f->country_hint     ? f->country_hint
                          : e                   ? e->country
                                                : NULL;
    memset(out, 0, sizeof *out);
    out->id = strdup(f->id);
    out->type = strdup(tag_type_name(f->type));
    out->name = strdup(f->name);
    out->role = f->type == TAG_PERSON ? dup_or_null(role) : NULL;
    out->country = f->type != TAG_COUNTRY ? dup_or_null(country) : NULL;
    out->code = e && f->type == TAG_COUNTRY ? dup_or_null(e->code) : NULL;
    out->mentions = calloc(f->n_mentions, sizeof *out->mentions);
    if (!out->id || !out->type || !out->name || !out->mentions)
        return oom(t);
    for (size_t m = 0; m < f->n_mentions; m++) {
        const found_mention *fm = &f->mentions[m];
        telex_mention *tm = &out->mentions[out->n_mentions];
        tm->span.start = (int32_t)fm->start;
        tm->span.end = (int32_t)fm->end;
        tm->text = strndup(t->text + fm->start, fm->end - fm->start);
        if (!tm->text)
            return oom(t);
        out->n_mentions++;
    }
    return 0;
}

static int by_first_mention(const void *a, const void *b)
{
    const found_entity *x = a, *y = b;
    return x->mentions[0].start < y->mentions[0].start
               ? -1
               : x->mentions[0].start > y->mentions[0].start;
}

static void found_free(found_entity *f)
{
    free(f->id);
    free(f->name);
    free(f->role_hint);
    free(f->country_hint);
    free(f->mentions);
    memset(f, 0, sizeof *f);
}

static int emit(tagger *t, telex_entity **entities, size_t *n_entities)
{
    size_t kept = 0;
    for (size_t i = 0; i < t->n_found; i++) {
        found_entity *f = &t->found[i];
        if (f->n_mentions == 0) {
            found_free(f);
            continue;
        }
        qsort(f->mentions, f->n_mentions, sizeof *f->mentions, by_start);
        if (kept != i) {
            t->found[kept] = *f;
            memset(f, 0, sizeof *f);
        }
        kept++;
    }
    t->n_found = kept;
    if (kept > 1)
        qsort(t->found, kept, sizeof *t->found, by_first_mention);
    telex_entity *out = calloc(kept ? kept : 1, sizeof *out);
    if (!out)
        return oom(t);
    for (size_t i = 0; i < kept; i++) {
        if (emit_entity(t, &t->found[i], &out[i]) != 0) {
            for (size_t k = 0; k <= i; k++)
                telex_entity_clear(&out[k]);
            free(out);
            return -1;
        }
    }
    *entities = out;
    *n_entities = kept;
    return 0;
}

static void tagger_free(tagger *t)
{
    for (size_t i = 0; i < t->n_found; i++)
        found_free(&t->found[i]);
    free(t->found);
    free(t->covered);
    tag_tokens_free(&t->tokens);
}

int tag_entities_find(const tag_kb *kb, const telex_story *story, telex_entity **entities,
                      size_t *n_entities, char *err, size_t errlen)
{
    *entities = NULL;
    *n_entities = 0;
    tagger t = {.kb = kb, .text = story->text ? story->text : "", .err = err, .errlen = errlen};
    t.len = strlen(t.text);
    local_date(story->published, story->utc_offset_minutes, t.date);
    tag_title_hit *hits = NULL;
    size_t n_hits = 0;
    int rc = -1;
    if (tag_tokenize(t.text, t.len, &t.tokens) != 0) {
        snprintf(err, errlen, "cannot tokenize the story text (out of memory or over 2 GiB)");
        goto out_free;
    }
    t.covered = calloc(t.tokens.n + 1, 1);
    if (!t.covered) {
        oom(&t);
        goto out_free;
    }
    if (tag_titles_find(kb, t.text, t.len, &t.tokens, &hits, &n_hits, err, errlen) != 0)
        goto out_free;
    if (main_pass(&t, hits, n_hits) != 0 || short_form_pass(&t) != 0)
        goto out_free;
    drop_lone_context_mentions(&t);
    rc = emit(&t, entities, n_entities);

out_free:
    free(hits);
    tagger_free(&t);
    return rc;
}
