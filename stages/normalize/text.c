/*
 * UTF-8 validation, NFC and whitespace normalization, SHA-256 (see text.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <utf8proc.h>

#include "text.h"

/* Length of the well-formed UTF-8 sequence at p (at most avail bytes), or 0. */
static size_t utf8_sequence_length(const uint8_t *p, size_t avail)
{
    uint8_t lead = p[0];
    if (lead < 0x80)
        return 1;
    size_t need;
    uint32_t min, cp;
    if (lead >= 0xC2 && lead <= 0xDF) {
        need = 2, min = 0x80, cp = lead & 0x1F;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        need = 3, min = 0x800, cp = lead & 0x0F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        need = 4, min = 0x10000, cp = lead & 0x07;
    } else {
        return 0;
    }
    if (avail < need)
        return 0;
    for (size_t i = 1; i < need; i++) {
        if ((p[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (p[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return need;
}

/* A guess at what a byte that breaks UTF-8 means: C1 range bytes are the
   Windows-1252 punctuation (curly quotes, dashes); other high bytes on their
   own are Latin-1 letters. */
static const char *encoding_hint(uint8_t byte)
{
    if (byte >= 0x80 && byte <= 0x9F)
        return " (looks like Windows-1252)";
    if (byte >= 0xA0)
        return " (looks like Windows-1252 or ISO-8859-1)";
    return "";
}

/* The length of the run of ASCII bytes at the start of bytes[0, len), found eight at a
   time (most wire copy is ASCII). */
static size_t ascii_run_length(const uint8_t *bytes, size_t len)
{
    size_t at = 0;
    for (uint64_t word; at + 8 <= len; at += 8) {
        memcpy(&word, bytes + at, 8);
        if (word & 0x8080808080808080u)
            break;
    }
    while (at < len && bytes[at] < 0x80)
        at++;
    return at;
}

int text_check_utf8(const uint8_t *bytes, size_t len, char *err, size_t errlen)
{
    size_t at = 0;
    while (at < len) {
        at += ascii_run_length(bytes + at, len - at);
        if (at == len)
            break;
        size_t n = utf8_sequence_length(bytes + at, len - at);
        if (n == 0) {
            snprintf(err, errlen, "invalid UTF-8 at byte %zu%s", at, encoding_hint(bytes[at]));
            return -1;
        }
        at += n;
    }
    return 0;
}

/* Spaces of every kind become one ASCII space. */
static int is_space_codepoint(utf8proc_int32_t cp)
{
    if (cp == ' ' || cp == '\t' || cp == '\f' || cp == '\v')
        return 1;
    return utf8proc_category(cp) == UTF8PROC_CATEGORY_ZS;
}

/* Control characters and invisible format characters (zero-width space, BOM,
   soft hyphen) carry nothing a reader sees. Joiners stay: they shape emoji and
   scripts. */
static int is_invisible_codepoint(utf8proc_int32_t cp)
{
    if (cp == 0x200C || cp == 0x200D)
        return 0;
    utf8proc_category_t category = utf8proc_category(cp);
    return category == UTF8PROC_CATEGORY_CC || category == UTF8PROC_CATEGORY_CF;
}

/* What fold_whitespace does with one code point. */
typedef enum fold_class { FOLD_KEEP, FOLD_SPACE, FOLD_NEWLINE, FOLD_DROP } fold_class;

static fold_class classify_codepoint(utf8proc_int32_t cp)
{
    if (cp == '\n' || cp == '\r' || cp == 0x2028 || cp == 0x2029 || cp == 0x85)
        return FOLD_NEWLINE;
    if (is_space_codepoint(cp))
        return FOLD_SPACE;
    return is_invisible_codepoint(cp) ? FOLD_DROP : FOLD_KEEP;
}

/* classify_codepoint() for ASCII, without the Unicode tables. */
static fold_class classify_ascii(unsigned char c)
{
    if (c == '\n' || c == '\r')
        return FOLD_NEWLINE;
    if (c == ' ' || c == '\t' || c == '\f' || c == '\v')
        return FOLD_SPACE;
    return c < 0x20 || c == 0x7F ? FOLD_DROP : FOLD_KEEP;
}

/* Printable ASCII other than the space: copied as it is. */
static int is_plain_ascii(uint8_t c)
{
    return c > 0x20 && c < 0x7F;
}

/* Copies the valid UTF-8 string in (NFC) to out (at least as large), folding whitespace. */
static void fold_whitespace(const uint8_t *in, char *out)
{
    size_t len = strlen((const char *)in), at = 0, w = 0;
    int pending_space = 0, pending_newline = 0;
    while (at < len) {
        utf8proc_int32_t cp = in[at];
        utf8proc_ssize_t n = 1;
        if (cp >= 0x80) {
            n = utf8proc_iterate(in + at, (utf8proc_ssize_t)(len - at), &cp);
            if (n <= 0)
                break;
        }
        fold_class what = cp < 0x80 ? classify_ascii((unsigned char)cp) : classify_codepoint(cp);
        if (what == FOLD_NEWLINE) {
            pending_newline = w > 0;
        } else if (what == FOLD_SPACE) {
            pending_space = w > 0;
        } else if (what == FOLD_KEEP) {
            if (pending_newline)
                out[w++] = '\n';
            else if (pending_space)
                out[w++] = ' ';
            pending_space = pending_newline = 0;
            for (utf8proc_ssize_t i = 0; i < n; i++)
                out[w++] = (char)in[at + (size_t)i];
            /* A word of plain ASCII goes across in one loop. */
            while (at + (size_t)n < len && is_plain_ascii(in[at + (size_t)n]))
                out[w++] = (char)in[at + (size_t)n++];
        }
        at += (size_t)n;
    }
    out[w] = '\0';
}

int text_nfc_stable_codepoint(int32_t cp)
{
    /* Below U+0300 nothing combines, decomposes or is excluded from composition. */
    if (cp < 0x300)
        return 1;
    /* Hangul jamo compose by algorithm, not through the tables below. */
    if (cp >= 0x1100 && cp <= 0x11FF)
        return 0;
    const utf8proc_property_t *property = utf8proc_get_property(cp);
    if (property->combining_class != 0)
        return 0;
    /* utf8proc marks a character that can be the second of a composed pair with a
       comb_index of 0x8000 and above (UINT16_MAX: no composition at all). */
    if (property->comb_index != UINT16_MAX && property->comb_index >= 0x8000)
        return 0;
    if (property->decomp_seqindex == UINT16_MAX || property->decomp_type != 0)
        return 1;
    /* A canonical decomposition: stable only for a primary composite, one that NFC composes
       back from its parts (not an excluded one, a singleton or a non-starter decomposition),
       and whose parts start with a starter. */
    utf8proc_int32_t parts[8];
    int last_boundclass = 0;
    utf8proc_ssize_t n =
        utf8proc_decompose_char(cp, parts, 8, UTF8PROC_DECOMPOSE, &last_boundclass);
    if (n < 2 || n > 8 || utf8proc_get_property(parts[0])->combining_class != 0)
        return 0;
    n = utf8proc_normalize_utf32(parts, n, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
    return n == 1 && parts[0] == cp;
}

int text_nfc_quick_check(const char *in)
{
    const uint8_t *p = (const uint8_t *)in;
    size_t len = strlen(in), at = 0;
    int stable = 1;
    while (at < len) {
        at += ascii_run_length(p + at, len - at);
        if (at == len)
            break;
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate(p + at, (utf8proc_ssize_t)(len - at), &cp);
        if (n <= 0)
            return -1;
        if (stable && !text_nfc_stable_codepoint(cp))
            stable = 0;
        at += (size_t)n;
    }
    return stable;
}

char *text_clean_paragraph(const char *in)
{
    int stable = text_nfc_quick_check(in);
    if (stable < 0)
        return NULL;
    /* Most wire copy is already NFC (all ASCII text is): only the rest goes through
       utf8proc's normalizer. */
    utf8proc_uint8_t *nfc = NULL;
    const uint8_t *source = (const uint8_t *)in;
    if (!stable) {
        utf8proc_ssize_t n =
            utf8proc_map(source, 0, &nfc, UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE);
        if (n < 0)
            return NULL;
        source = nfc;
    }
    char *out = malloc(strlen((const char *)source) + 1);
    if (out)
        fold_whitespace(source, out);
    free(nfc);
    return out;
}

char *text_join_lines(const char *in)
{
    char *out = strdup(in);
    if (!out)
        return NULL;
    for (char *p = out; *p; p++)
        if (*p == '\n')
            *p = ' ';
    return out;
}

char *text_trim_copy(const char *s, size_t len)
{
    while (len > 0 && (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')) {
        s++;
        len--;
    }
    while (len > 0 &&
           (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\n' || s[len - 1] == '\r'))
        len--;
    return strndup(s, len);
}

int text_sha256_hex(const void *bytes, size_t len, char hex[65])
{
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int digest_len = 0;
    if (EVP_Digest(bytes, len, digest, &digest_len, EVP_sha256(), NULL) != 1 || digest_len != 32)
        return -1;
    for (unsigned int i = 0; i < digest_len; i++)
        snprintf(hex + 2 * i, 3, "%02x", digest[i]);
    return 0;
}
