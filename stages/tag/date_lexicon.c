/*
 * The lexicon of the date and event taggers: every word the date grammar
 * treats as more than an ordinary word, with its class and value, and the word
 * lists of the tense, trigger and event rules as WC_* class bits.
 *
 * The lists are kept here as plain data. On first use they are merged into one
 * open-addressing hash table keyed by the lowercase word packed into two 64-bit
 * integers, so the scanner classifies a token with one hash and, almost
 * always, one probe: no string comparisons, no per-token allocation.
 */
#include "date_tokens.h"

#include <pthread.h>
#include <string.h>

typedef struct lexicon_entry {
    const char *word;
    uint8_t lex;
    int8_t plural;
    int16_t value;
} lexicon_entry;

/* The date grammar's words (any order). */
static const lexicon_entry lexicon[] = {
    {"a", DL_ARTICLE, 0, 1},
    {"after", DL_CUE, 0, 0},
    {"afternoon", DL_PART, 0, 'A'},
    {"ago", DL_AGO, 0, 0},
    {"an", DL_ARTICLE, 0, 1},
    {"and", DL_RANGE, 0, 0},
    {"apr", DL_MONTH_ABBR, 0, 4},
    {"april", DL_MONTH, 0, 4},
    {"around", DL_CUE, 0, 0},
    {"aug", DL_MONTH_ABBR, 0, 8},
    {"august", DL_MONTH, 0, 8},
    {"before", DL_CUE, 0, 0},
    {"between", DL_CUE, 0, 0},
    {"by", DL_CUE, 0, 0},
    {"coming", DL_REL, 0, 1},
    {"day", DL_UNIT, 0, 'D'},
    {"days", DL_UNIT, 1, 'D'},
    {"dec", DL_MONTH_ABBR, 0, 12},
    {"decade", DL_UNIT, 0, 'X'},
    {"decades", DL_UNIT, 1, 'X'},
    {"december", DL_MONTH, 0, 12},
    {"during", DL_CUE, 0, 0},
    {"earlier", DL_MOD, 0, 0},
    {"early", DL_MOD, 0, 0},
    {"eight", DL_NUMWORD, 0, 8},
    {"eighteen", DL_NUMWORD, 0, 18},
    {"eighty", DL_NUMWORD, 0, 80},
    {"eleven", DL_NUMWORD, 0, 11},
    {"evening", DL_PART, 0, 'E'},
    {"feb", DL_MONTH_ABBR, 0, 2},
    {"february", DL_MONTH, 0, 2},
    {"fifteen", DL_NUMWORD, 0, 15},
    {"fifty", DL_NUMWORD, 0, 50},
    {"five", DL_NUMWORD, 0, 5},
    {"for", DL_CUE, 0, 0},
    {"forty", DL_NUMWORD, 0, 40},
    {"four", DL_NUMWORD, 0, 4},
    {"fourteen", DL_NUMWORD, 0, 14},
    {"friday", DL_WEEKDAY, 0, 4},
    {"from", DL_CUE, 0, 0},
    {"in", DL_CUE, 0, 0},
    {"jan", DL_MONTH_ABBR, 0, 1},
    {"january", DL_MONTH, 0, 1},
    {"jul", DL_MONTH_ABBR, 0, 7},
    {"july", DL_MONTH, 0, 7},
    {"jun", DL_MONTH_ABBR, 0, 6},
    {"june", DL_MONTH, 0, 6},
    {"last", DL_REL, 0, -1},
    {"late", DL_MOD, 0, 0},
    {"later", DL_MOD, 0, 0},
    {"mar", DL_MONTH_ABBR, 0, 3},
    {"march", DL_MONTH, 0, 3},
    {"may", DL_MONTH, 0, 5},
    {"mid", DL_MOD, 0, 0},
    {"monday", DL_WEEKDAY, 0, 0},
    {"month", DL_UNIT, 0, 'M'},
    {"months", DL_UNIT, 1, 'M'},
    {"morning", DL_PART, 0, 'M'},
    {"nd", DL_ORDINAL, 0, 0},
    {"next", DL_REL, 0, 1},
    {"night", DL_PART, 0, 'N'},
    {"nine", DL_NUMWORD, 0, 9},
    {"nineteen", DL_NUMWORD, 0, 19},
    {"ninety", DL_NUMWORD, 0, 90},
    {"nov", DL_MONTH_ABBR, 0, 11},
    {"november", DL_MONTH, 0, 11},
    {"oct", DL_MONTH_ABBR, 0, 10},
    {"october", DL_MONTH, 0, 10},
    {"of", DL_CUE, 0, 0},
    {"on", DL_CUE, 0, 0},
    {"one", DL_NUMWORD, 0, 1},
    {"or", DL_RANGE, 0, 0},
    {"rd", DL_ORDINAL, 0, 0},
    {"saturday", DL_WEEKDAY, 0, 5},
    {"sep", DL_MONTH_ABBR, 0, 9},
    {"sept", DL_MONTH_ABBR, 0, 9},
    {"september", DL_MONTH, 0, 9},
    {"seven", DL_NUMWORD, 0, 7},
    {"seventeen", DL_NUMWORD, 0, 17},
    {"seventy", DL_NUMWORD, 0, 70},
    {"since", DL_CUE, 0, 0},
    {"six", DL_NUMWORD, 0, 6},
    {"sixteen", DL_NUMWORD, 0, 16},
    {"sixty", DL_NUMWORD, 0, 60},
    {"st", DL_ORDINAL, 0, 0},
    {"sunday", DL_WEEKDAY, 0, 6},
    {"ten", DL_NUMWORD, 0, 10},
    {"th", DL_ORDINAL, 0, 0},
    {"the", DL_CUE, 0, 0},
    {"thirteen", DL_NUMWORD, 0, 13},
    {"thirty", DL_NUMWORD, 0, 30},
    {"this", DL_REL, 0, 0},
    {"three", DL_NUMWORD, 0, 3},
    {"through", DL_RANGE, 0, 0},
    {"throughout", DL_CUE, 0, 0},
    {"thursday", DL_WEEKDAY, 0, 3},
    {"till", DL_RANGE, 0, 0},
    {"to", DL_RANGE, 0, 0},
    {"today", DL_DEICTIC, 0, 0},
    {"tomorrow", DL_DEICTIC, 0, 1},
    {"tonight", DL_DEICTIC, 0, 9},
    {"tuesday", DL_WEEKDAY, 0, 1},
    {"twelve", DL_NUMWORD, 0, 12},
    {"twenty", DL_NUMWORD, 0, 20},
    {"two", DL_NUMWORD, 0, 2},
    {"until", DL_RANGE, 0, 0},
    {"wednesday", DL_WEEKDAY, 0, 2},
    {"week", DL_UNIT, 0, 'W'},
    {"weekend", DL_UNIT, 0, 'E'},
    {"weeks", DL_UNIT, 1, 'W'},
    {"within", DL_CUE, 0, 0},
    {"year", DL_UNIT, 0, 'Y'},
    {"spring", DL_SEASON, 0, 1},
    {"summer", DL_SEASON, 0, 2},
    {"autumn", DL_SEASON, 0, 3},
    {"fall", DL_SEASON, 0, 3},
    {"winter", DL_SEASON, 0, 4},
    {"years", DL_UNIT, 1, 'Y'},
    {"yesterday", DL_DEICTIC, 0, -1},
    {"first", DL_ORDWORD, 0, 1},
    {"second", DL_ORDWORD, 0, 2},
    {"third", DL_ORDWORD, 0, 3},
    {"fourth", DL_ORDWORD, 0, 4},
    {"quarter", DL_PERIOD, 0, 'Q'},
    {"half", DL_PERIOD, 0, 'H'},
    {"q", DL_PERIOD, 0, 'q'},
    {"fiscal", DL_FISCAL, 0, 0},
    {"fy", DL_FISCAL, 0, 0},
};

/* ---- the word lists of the tense, trigger and event rules ---- */

static const char *const future_words[] = {
    "will",     "shall",     "would",    "ll",          "plans",    "plan",    "planning",
    "planned",  "scheduled", "upcoming", "forthcoming", "expected", "expects", "expect",
    "due",      "slated",    "intends",  "intend",      "could",    "might",   "should",
    "must",     "may",       "hopes",    "hope",        "hoping",   "aims",    "next",
    "tomorrow", "soon",      "likely",   "unlikely",    NULL};

/* Present-tense verbs of a schedule, third person: "X hosts Y on Friday" is a
   coming day in wire copy. Not "comes" ("comes days after the vote on Tuesday"). */
static const char *const present_plan_words[] = {
    "hosts",    "meets",   "travels",   "visits", "opens",   "begins",  "starts",
    "arrives",  "leaves",  "departs",   "flies",  "gathers", "attends", "holds",
    "convenes", "returns", "resumes",   "ends",   "kicks",   "wraps",   "takes",
    "chairs",   "embarks", "addresses", NULL};

static const char *const future_before_to[] = {
    "agreed",   "agree",    "agrees",     "set",      "going",     "wants",   "want",
    "wanted",   "hoped",    "promised",   "vowed",    "decided",   "pledged", "offered",
    "invited",  "proposed", "arranged",   "prepared", "preparing", "ready",   "poised",
    "likely",   "is",       "are",        "am",       "was",       "were",    "has",
    "have",     "had",      "seeks",      "sought",   "trying",    "tried",   "aimed",
    "expected", "supposed", "invitation", "plans",    "plan",      "planned", NULL};

static const char *const past_words[] = {
    "said",     "told",       "met",        "held",   "made",     "took",    "came",   "went",
    "gave",     "saw",        "spoke",      "began",  "became",   "left",    "won",    "lost",
    "got",      "put",        "sent",       "led",    "brought",  "thought", "found",  "paid",
    "sought",   "struck",     "fought",     "flew",   "drew",     "grew",    "wrote",  "chose",
    "broke",    "fell",       "felt",       "kept",   "knew",     "meant",   "was",    "were",
    "had",      "did",        "ago",        "laid",   "sat",      "stood",   "ran",    "heard",
    "earlier",  "previously", "shot",       "hit",    "spent",    "sold",    "bought", "built",
    "caught",   "taught",     "withdrew",   "swore",  "rose",     "wore",    "threw",  "forgot",
    "overtook", "undertook",  "understood", "upheld", "withheld", NULL};

static const char *const not_past_ed[] = {
    "need",  "speed",  "indeed", "proceed", "succeed", "exceed", "hundred", "kindred", "sacred",
    "naked", "wicked", "shed",   "seed",    "feed",    "breed",  "creed",   "greed",   "embed",
    "red",   "bed",    "wed",    "united",  "rugged",  "ragged", "aged",    NULL};

static const char *const tense_determiners[] = {
    "the",  "a",    "an",    "its",   "his",  "her",  "their", "our",   "my", "your",
    "this", "that", "these", "those", "more", "most", "very",  "newly", NULL};

static const char *const event_fates[] = {"cancelled", "canceled",    "postponed", "delayed",
                                          "scrapped",  "rescheduled", "suspended", NULL};

static const char *const passive_aux[] = {"is", "are", "am", "be", "been", "being", NULL};

static const char *const clause_words[] = {"before",  "after",  "when",  "while",    "because",
                                           "since",   "but",    "which", "who",      "whose",
                                           "where",   "if",     "until", "although", "though",
                                           "whereas", "unless", "once",  "that",     NULL};

static const char *const abbreviations[] = {
    "mr",  "mrs", "ms",   "dr",   "st",  "gen",  "sen",  "rep",  "gov",    "lt",  "col", "capt",
    "sgt", "jr",  "sr",   "prof", "no",  "vs",   "inc",  "corp", "co",     "ltd", "mt",  "ft",
    "jan", "feb", "mar",  "apr",  "jun", "jul",  "aug",  "sep",  "sept",   "oct", "nov", "dec",
    "adm", "maj", "cmdr", "rev",  "hon", "pres", "dept", "est",  "approx", "etc", NULL};

static const char *const range_followers[] = {
    "at",    "with", "when", "while", "as",   "that",         "which", "where", "will",
    "would", "is",   "was",  "are",   "were", "respectively", "local", "but",   NULL};

static const char *const call_words[] = {"phone", "telephone", "video", "call", "calls", NULL};
static const char *const negations[] = {"not", "never", NULL};
static const char *const definites[] = {"the", "that", "this",  "their", "his",
                                        "her", "its",  "those", "these", NULL};
static const char *const definite_stops[] = {"to", "of", "and", "with", "will", "would", NULL};
static const char *const trigger_verbs[] = {
    "meet",      "meets",     "met",      "visited",    "visiting",  "travel",   "travels",
    "traveled",  "travelled", "fly",      "flies",      "flew",      "host",     "hosts",
    "hosted",    "hosting",   "phoned",   "telephoned", "welcome",   "welcomes", "welcomed",
    "welcoming", "receive",   "receives", "received",   "receiving", "sit",      "sits",
    "sat",       "sitting",   NULL};
static const char *const link_boundaries[] = {
    "who",    "whose", "where", "when",  "since",  "after", "before", "because", "although",
    "though", "while", "if",    "until", "unless", "that",  "but",    NULL};
static const char *const host_verbs[] = {"host", "hosts", "hosted", "hosting", NULL};
static const char *const splitters[] = {"but", "while", "whereas", NULL};
static const char *const plural_pronouns[] = {"they", "their", "them", NULL};
static const char *const not_persons[] = {"countries", "nations", "states",    "governments",
                                          "economies", "sides",   "parties",   "companies",
                                          "cities",    "allies",  "neighbors", NULL};
static const char *const singular_pronouns[] = {"he", "his", "him", "she", "her", NULL};
static const char *const cancel_words[] = {"cancelled", "canceled", "cancel", "cancels",
                                           "scrapped",  "scrap",    "scraps", NULL};
static const char *const postpone_words[] = {"postponed", "postpone", "postpones",   "delayed",
                                             "delay",     "delays",   "rescheduled", NULL};
static const char *const propose_words[] = {"proposed",  "proposes", "propose", "proposal",
                                            "offered",   "offers",   "invited", "invites",
                                            "suggested", "suggests", NULL};
static const char *const accept_words[] = {"agreed", "accepted", "accepts", "agree", NULL};
static const char *const location_cues[] = {"in", "at", "to", "near", NULL};
static const char *const status_verbs[] = {"called", "put", "pushed", NULL};
static const char *const plural_counts[] = {"two", "both", NULL};

typedef struct class_list {
    uint32_t classes;
    const char *const *words;
} class_list;

static const class_list class_lists[] = {
    {WC_FUTURE, future_words},
    {WC_FUTURE_BEFORE_TO, future_before_to},
    {WC_PAST, past_words},
    {WC_NOT_PAST_ED, not_past_ed},
    {WC_DETERMINER, tense_determiners},
    {WC_EVENT_FATE, event_fates},
    {WC_PASSIVE_AUX, passive_aux},
    {WC_CLAUSE, clause_words},
    {WC_ABBREVIATION, abbreviations},
    {WC_RANGE_FOLLOWER, range_followers},
    {WC_CALL_WORD, call_words},
    {WC_NEGATION, negations},
    {WC_DEFINITE, definites},
    {WC_DEFINITE_STOP, definite_stops},
    {WC_TRIGGER_VERB, trigger_verbs},
    {WC_LINK_BOUNDARY, link_boundaries},
    {WC_HOST_VERB, host_verbs},
    {WC_SPLITTER, splitters},
    {WC_PLURAL_PRONOUN, plural_pronouns},
    {WC_NOT_PERSONS, not_persons},
    {WC_SINGULAR_PRONOUN, singular_pronouns},
    {WC_CANCEL, cancel_words},
    {WC_POSTPONE, postpone_words},
    {WC_PROPOSE, propose_words},
    {WC_ACCEPT, accept_words},
    {WC_LOCATION_CUE, location_cues},
    {WC_STATUS_VERB, status_verbs},
    {WC_PLURAL_COUNT, plural_counts},
    {WC_PRESENT_PLAN, present_plan_words},
};

typedef struct trigger_entry {
    const char *word;
    uint8_t trigger;
} trigger_entry;

/* The event trigger words (event_triggers.c reads the class). */
static const trigger_entry trigger_words[] = {
    {"meet", DT_MEETING},
    {"meets", DT_MEETING},
    {"met", DT_MEETING},
    {"meeting", DT_MEETING},
    {"meetings", DT_MEETING},
    {"talks", DT_MEETING},
    {"dinner", DT_MEETING},
    {"lunch", DT_MEETING},
    {"summit", DT_SUMMIT},
    {"summits", DT_SUMMIT},
    {"teleconference", DT_CALL},
    {"videoconference", DT_CALL},
    {"phoned", DT_CALL},
    {"telephoned", DT_CALL},
    {"visit", DT_VISIT},
    {"visits", DT_VISIT},
    {"visited", DT_VISIT},
    {"visiting", DT_VISIT},
    {"trip", DT_VISIT_TO},
    {"trips", DT_VISIT_TO},
    {"travel", DT_VISIT_TO},
    {"travels", DT_VISIT_TO},
    {"traveled", DT_VISIT_TO},
    {"travelled", DT_VISIT_TO},
    {"fly", DT_VISIT_TO},
    {"flies", DT_VISIT_TO},
    {"flew", DT_VISIT_TO},
    {"host", DT_HOST},
    {"hosts", DT_HOST},
    {"hosted", DT_HOST},
    {"hosting", DT_HOST},
    {"welcome", DT_RECEIVE},
    {"welcomes", DT_RECEIVE},
    {"welcomed", DT_RECEIVE},
    {"welcoming", DT_RECEIVE},
    {"receive", DT_RECEIVE},
    {"receives", DT_RECEIVE},
    {"received", DT_RECEIVE},
    {"receiving", DT_RECEIVE},
    {"sit", DT_SIT},
    {"sits", DT_SIT},
    {"sat", DT_SIT},
    {"sitting", DT_SIT},
    /* ---- event words added for the events tagger (events.c, event_triggers.c) ---- */
    {"forum", DT_SUMMIT}, /* only with a series: "the APEC forum" */
    {"videoconferences", DT_CALL},
    {"teleconferences", DT_CALL},
    {"spoke", DT_CALL}, /* only "spoke ... with <person>" after a call (event_triggers.c) */
    {"spoken", DT_CALL},
    {"arrived", DT_VISIT_TO}, /* a visit only before "in" (event_triggers.c) */
    {"arrives", DT_VISIT_TO},
    {"landed", DT_VISIT_TO},
    {"lands", DT_VISIT_TO},
    {"flying", DT_VISIT_TO},
    {"traveling", DT_VISIT_TO},
    {"travelling", DT_VISIT_TO},
    {"tour", DT_VISIT_TO}, /* only "tour of" */
    {"went", DT_VISIT_TO}, /* only "went on to" */
};

/* ---- the hash table ---- */

#define TABLE_SIZE 2048 /* a power of two, well over twice the words above */

typedef struct table_slot {
    uint64_t key[2];
    uint8_t len; /* 0: empty */
    date_word_info info;
} table_slot;

static table_slot table[TABLE_SIZE];
static uint8_t slot_length[TABLE_SIZE]; /* table[i].len: a miss is decided in this small array */
static int table_overflow; /* a word did not fit: date_lexicon_is_consistent() says so */
static pthread_once_t table_once = PTHREAD_ONCE_INIT;

static size_t slot_of(const uint64_t key[2], size_t len)
{
    uint64_t h = (key[0] ^ (key[1] * 0x9E3779B97F4A7C15u) ^ len) * 0xC2B2AE3D27D4EB4Fu;
    return (size_t)(h >> 53) & (TABLE_SIZE - 1);
}

/* Packs the lowercase form of word[0, len) into key; 0 when it cannot be in
   the table (empty, too long, not ASCII letters). */
static int pack_word(const char *word, size_t len, uint64_t key[2])
{
    key[0] = key[1] = 0;
    if (len == 0 || len > DATE_WORD_MAX)
        return 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)(word[i] | 0x20);
        if (c < 'a' || c > 'z')
            return 0;
        key[i / 8] |= (uint64_t)c << (8 * (i % 8));
    }
    return 1;
}

/* The slot of word: its own, or the empty one where it would go (NULL if full). */
static table_slot *probe(const uint64_t key[2], size_t len)
{
    size_t at = slot_of(key, len);
    for (size_t n = 0; n < TABLE_SIZE; n++, at = (at + 1) & (TABLE_SIZE - 1)) {
        table_slot *slot = &table[at];
        if (slot->len == 0 ||
            (slot->len == len && slot->key[0] == key[0] && slot->key[1] == key[1]))
            return slot;
    }
    return NULL;
}

static date_word_info *insert(const char *word)
{
    uint64_t key[2];
    size_t len = strlen(word);
    table_slot *slot = pack_word(word, len, key) ? probe(key, len) : NULL;
    if (!slot) {
        table_overflow = 1;
        return NULL;
    }
    if (slot->len == 0) {
        slot->key[0] = key[0];
        slot->key[1] = key[1];
        slot->len = (uint8_t)len;
        slot_length[slot - table] = (uint8_t)len;
    }
    return &slot->info;
}

static void build_table(void)
{
    for (size_t i = 0; i < sizeof lexicon / sizeof lexicon[0]; i++) {
        date_word_info *info = insert(lexicon[i].word);
        if (info) {
            info->lex = lexicon[i].lex;
            info->plural = (uint8_t)lexicon[i].plural;
            info->value = lexicon[i].value;
        }
    }
    for (size_t l = 0; l < sizeof class_lists / sizeof class_lists[0]; l++)
        for (size_t i = 0; class_lists[l].words[i]; i++) {
            date_word_info *info = insert(class_lists[l].words[i]);
            if (info)
                info->classes |= class_lists[l].classes;
        }
    for (size_t i = 0; i < sizeof trigger_words / sizeof trigger_words[0]; i++) {
        date_word_info *info = insert(trigger_words[i].word);
        if (info) {
            info->trigger = trigger_words[i].trigger;
            info->classes |= WC_TRIGGER;
        }
    }
}

void date_lexicon_ready(void)
{
    pthread_once(&table_once, build_table);
}

const date_word_info *date_lexicon_find(const uint64_t key[2], size_t len)
{
    for (size_t at = slot_of(key, len);; at = (at + 1) & (TABLE_SIZE - 1)) {
        if (slot_length[at] == 0)
            return NULL;
        const table_slot *slot = &table[at];
        if (slot_length[at] == len && slot->key[0] == key[0] && slot->key[1] == key[1])
            return &slot->info;
    }
}

static const date_word_info *find_word(const char *word, size_t len)
{
    uint64_t key[2];
    date_lexicon_ready();
    return pack_word(word, len, key) ? date_lexicon_find(key, len) : NULL;
}

date_lex_class date_lexicon_lookup(const char *word, size_t len, int32_t *value, uint8_t *plural)
{
    const date_word_info *info = find_word(word, len);
    *value = info ? info->value : 0;
    *plural = info ? info->plural : 0;
    return info ? (date_lex_class)info->lex : DL_NONE;
}

uint32_t date_lexicon_classes(const char *word, size_t len)
{
    const date_word_info *info = find_word(word, len);
    return info ? info->classes : 0;
}

int date_lexicon_is_consistent(void)
{
    pthread_once(&table_once, build_table);
    if (table_overflow)
        return 0;
    for (size_t i = 0; i < sizeof lexicon / sizeof lexicon[0]; i++) {
        const date_word_info *info = find_word(lexicon[i].word, strlen(lexicon[i].word));
        if (!info || info->lex != lexicon[i].lex || info->value != lexicon[i].value)
            return 0;
    }
    for (size_t l = 0; l < sizeof class_lists / sizeof class_lists[0]; l++)
        for (size_t i = 0; class_lists[l].words[i]; i++)
            if (!(date_lexicon_classes(class_lists[l].words[i], strlen(class_lists[l].words[i])) &
                  class_lists[l].classes))
                return 0;
    return 1;
}
