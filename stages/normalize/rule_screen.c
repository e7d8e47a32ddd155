/*
 * Building and applying a rule's cheap anchor (see rule_screen.h): the
 * possible first bytes from PCRE2's pattern info, the length bound from the
 * pattern's leading lookahead.
 */
#define PCRE2_CODE_UNIT_WIDTH 8

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pcre2.h>

#include "rule_screen.h"

/* The bound lookahead at the start of a pattern, with or without "(?i)" before it. */
static const char *const bound_prefixes[] = {"^(?=.{0,", "(?i)^(?=.{0,"};
static const char bound_suffix[] = "}$)";

/* The end of the character class whose "[" is at p, or NULL when unsure. */
static const char *skip_class(const char *p)
{
    p++;
    if (*p == '^')
        p++;
    if (*p == ']')
        p++;
    while (*p && *p != ']') {
        if (*p == '\\' && p[1]) {
            p += 2;
        } else if (*p == '[' && p[1] == ':') {
            const char *end = strstr(p + 2, ":]");
            if (!end)
                return NULL;
            p = end + 2;
        } else {
            p++;
        }
    }
    return *p == ']' ? p + 1 : NULL;
}

/* 1 when the option letters of "(?...)" at p include x (extended: "#" starts a comment). */
static int sets_extended(const char *p)
{
    for (p += 2; (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || *p == '-' || *p == '^';
         p++)
        if (*p == 'x')
            return 1;
    return 0;
}

/* 1 when pattern has a "|" outside every group, or when that is not sure: quoting, control
   escapes and extended mode could hide one from this reading. */
static int may_have_top_level_alternation(const char *p)
{
    int depth = 0;
    while (*p) {
        if (*p == '\\') {
            if (!p[1] || p[1] == 'Q' || p[1] == 'E' || p[1] == 'c')
                return 1;
            p += 2;
            continue;
        }
        if (*p == '[') {
            p = skip_class(p);
            if (!p)
                return 1;
            continue;
        }
        if (*p == '(' && p[1] == '?' && sets_extended(p))
            return 1;
        if (*p == '(') {
            depth++;
        } else if (*p == ')') {
            if (depth == 0)
                return 1;
            depth--;
        } else if (*p == '|' && depth == 0) {
            return 1;
        }
        p++;
    }
    return depth != 0;
}

/* Reads the bound prefix of pattern: *max_chars and the offset of what follows it. Returns 1
   when the pattern has one (and no top-level alternation), else 0. */
static int read_length_bound(const char *pattern, size_t *max_chars, size_t *rest_at)
{
    for (size_t i = 0; i < sizeof bound_prefixes / sizeof bound_prefixes[0]; i++) {
        size_t prefix_len = strlen(bound_prefixes[i]);
        if (strncmp(pattern, bound_prefixes[i], prefix_len) != 0)
            continue;
        const char *digits = pattern + prefix_len, *end = digits;
        while (*end >= '0' && *end <= '9' && end - digits < 6)
            end++;
        if (end == digits || strncmp(end, bound_suffix, strlen(bound_suffix)) != 0)
            return 0;
        const char *rest = end + strlen(bound_suffix);
        if (may_have_top_level_alternation(rest))
            return 0;
        /* N characters that are not line breaks, then "$": at the end, or before a final
           line break of at most two code points (CRLF). */
        *max_chars = strtoul(digits, NULL, 10) + 2;
        *rest_at = (size_t)(rest - pattern);
        return 1;
    }
    return 0;
}

static void set_first(rule_screen *screen, unsigned char byte)
{
    screen->first[byte / 8] |= (uint8_t)(1u << (byte % 8));
}

/* Fills screen->first from code's first code unit or start bitmap. Returns 1 when known. */
static int read_first_bytes(const pcre2_code *code, rule_screen *screen)
{
    uint32_t all_options = 0, first_type = 0, first_unit = 0;
    const uint8_t *bitmap = NULL;
    if (pcre2_pattern_info(code, PCRE2_INFO_ALLOPTIONS, &all_options) != 0 ||
        !(all_options & PCRE2_ANCHORED) ||
        pcre2_pattern_info(code, PCRE2_INFO_FIRSTCODETYPE, &first_type) != 0 ||
        pcre2_pattern_info(code, PCRE2_INFO_FIRSTCODEUNIT, &first_unit) != 0 ||
        pcre2_pattern_info(code, PCRE2_INFO_FIRSTBITMAP, &bitmap) != 0)
        return 0;
    memset(screen->first, 0, sizeof screen->first);
    if (first_type == 1) {
        /* The first unit may be caseless, which pattern info does not say: take both ASCII
           cases. A non-ASCII unit, or k and s (which Unicode caseless matching also finds
           in the Kelvin sign and the long s), gives no screen. */
        unsigned char c = (unsigned char)first_unit;
        unsigned char lower = c >= 'A' && c <= 'Z' ? (unsigned char)(c - 'A' + 'a') : c;
        if (first_unit >= 0x80 || lower == 'k' || lower == 's')
            return 0;
        set_first(screen, c);
        if (lower >= 'a' && lower <= 'z') {
            set_first(screen, lower);
            set_first(screen, (unsigned char)(lower - 'a' + 'A'));
        }
        return 1;
    }
    if (bitmap) {
        memcpy(screen->first, bitmap, sizeof screen->first);
        return 1;
    }
    return 0;
}

/* First bytes from pattern compiled without its bound lookahead (zero-width: the first byte
   of a match is the same). */
static int read_first_bytes_after_bound(const char *pattern, size_t rest_at, uint32_t options,
                                        rule_screen *screen)
{
    const char *caseless = strncmp(pattern, "(?i)", 4) == 0 ? "(?i)" : "";
    size_t size = strlen(caseless) + 1 + strlen(pattern + rest_at) + 1;
    char *stripped = malloc(size);
    if (!stripped)
        return 0;
    snprintf(stripped, size, "%s^%s", caseless, pattern + rest_at);
    int code_error;
    PCRE2_SIZE offset;
    pcre2_code *code = pcre2_compile((PCRE2_SPTR)stripped, PCRE2_ZERO_TERMINATED, options,
                                     &code_error, &offset, NULL);
    free(stripped);
    if (!code)
        return 0;
    int known = read_first_bytes(code, screen);
    pcre2_code_free(code);
    return known;
}

void rule_screen_build(const char *pattern, uint32_t options, rule_screen *screen)
{
    *screen = (rule_screen){.max_chars = SIZE_MAX};
    size_t rest_at = 0, max_chars = SIZE_MAX;
    int bounded = read_length_bound(pattern, &max_chars, &rest_at);
    int code_error;
    PCRE2_SIZE offset;
    pcre2_code *code = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, options,
                                     &code_error, &offset, NULL);
    if (!code)
        return;
    /* The bound holds only for a pattern PCRE2 also takes as anchored. */
    uint32_t all_options = 0;
    pcre2_pattern_info(code, PCRE2_INFO_ALLOPTIONS, &all_options);
    if (bounded && (all_options & PCRE2_ANCHORED))
        screen->max_chars = max_chars;
    screen->first_known = read_first_bytes(code, screen);
    if (!screen->first_known && bounded && (all_options & PCRE2_ANCHORED))
        screen->first_known = read_first_bytes_after_bound(pattern, rest_at, options, screen);
    pcre2_code_free(code);
}

int rule_screen_passes(const rule_screen *screen, const char *text, size_t len, size_t chars)
{
    if (chars > screen->max_chars)
        return 0;
    if (!screen->first_known)
        return 1;
    if (len == 0)
        return 0; /* a first byte is known only when every match has one */
    unsigned char first = (unsigned char)text[0];
    return (screen->first[first / 8] >> (first % 8)) & 1;
}

size_t rule_screen_count_chars(const char *text, size_t len)
{
    size_t continuation = 0;
    for (size_t i = 0; i < len; i++)
        continuation += ((unsigned char)text[i] & 0xC0) == 0x80;
    return len - continuation;
}
