/*
 * The date grammar's word list: every word the date scanner treats as more
 * than an ordinary word, with its class and value. The table is sorted by
 * word so a look-up is a binary search; only ASCII words of 1 to 11 letters
 * can be in it, which rules most words out before any comparison.
 */
#include "date_tokens.h"

#include <string.h>

typedef struct lexicon_entry {
    const char *word;
    uint8_t lex;
    int8_t plural;
    int16_t value;
} lexicon_entry;

/* Sorted by word in strcmp order, for bsearch (the unit tests check the order). */
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
    {"years", DL_UNIT, 1, 'Y'},
    {"yesterday", DL_DEICTIC, 0, -1},
};

/* Bit n of entry c is set when some word above starts with 'a' + c and has n
   letters: most words are ruled out by one look-up (the unit tests check that
   this table matches the lexicon). */
static const uint32_t first_letter_lengths[26] = {
    0x0026e, 0x000c4, 0x00040, 0x001d8, 0x001e0, 0x001f8, 0x00000, 0x00000, 0x00004,
    0x00098, 0x00000, 0x00030, 0x000e8, 0x0017c, 0x0008c, 0x00000, 0x00000, 0x00004,
    0x003fc, 0x005fc, 0x00020, 0x00000, 0x002f0, 0x00000, 0x00230, 0x00000};

static int compare_entry(const char *key, const lexicon_entry *entry)
{
    int diff = (unsigned char)key[0] - (unsigned char)entry->word[0];
    return diff ? diff : strcmp(key, entry->word);
}

date_lex_class date_lexicon_lookup(const char *word, size_t len, int32_t *value, uint8_t *plural)
{
    char lower[12];
    *value = 0;
    *plural = 0;
    if (len == 0 || len >= sizeof lower)
        return DL_NONE;
    unsigned char first = (unsigned char)(word[0] | 0x20);
    if (first < 'a' || first > 'z' || !(first_letter_lengths[first - 'a'] & (1u << len)))
        return DL_NONE;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)word[i];
        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c - 'A' + 'a');
        else if (c < 'a' || c > 'z')
            return DL_NONE;
        lower[i] = (char)c;
    }
    lower[len] = '\0';
    const lexicon_entry *hit = NULL;
    size_t lo = 0, hi = sizeof lexicon / sizeof lexicon[0];
    while (lo < hi && !hit) {
        size_t mid = lo + (hi - lo) / 2;
        int diff = compare_entry(lower, &lexicon[mid]);
        if (diff == 0)
            hit = &lexicon[mid];
        else if (diff < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    if (!hit)
        return DL_NONE;
    *value = hit->value;
    *plural = (uint8_t)hit->plural;
    return (date_lex_class)hit->lex;
}

int date_lexicon_is_sorted(void)
{
    uint32_t lengths[26] = {0};
    for (size_t i = 0; i < sizeof lexicon / sizeof lexicon[0]; i++) {
        if (i > 0 && strcmp(lexicon[i - 1].word, lexicon[i].word) >= 0)
            return 0;
        lengths[lexicon[i].word[0] - 'a'] |= 1u << strlen(lexicon[i].word);
    }
    return memcmp(lengths, first_letter_lengths, sizeof lengths) == 0;
}
