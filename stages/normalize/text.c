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

int text_check_utf8(const uint8_t *bytes, size_t len, char *err, size_t errlen)
{
    size_t at = 0;
    while (at < len) {
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

/* Copies the NFC string in to out (at least as large), folding whitespace. */
static void fold_whitespace(const uint8_t *in, char *out)
{
    size_t len = strlen((const char *)in), at = 0, w = 0;
    int pending_space = 0, pending_newline = 0;
    while (at < len) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate(in + at, (utf8proc_ssize_t)(len - at), &cp);
        if (n <= 0)
            break;
        if (cp == '\n' || cp == '\r' || cp == 0x2028 || cp == 0x2029 || cp == 0x85) {
            pending_newline = w > 0;
        } else if (is_space_codepoint(cp)) {
            pending_space = w > 0;
        } else if (!is_invisible_codepoint(cp)) {
            if (pending_newline)
                out[w++] = '\n';
            else if (pending_space)
                out[w++] = ' ';
            pending_space = pending_newline = 0;
            memcpy(out + w, in + at, (size_t)n);
            w += (size_t)n;
        }
        at += (size_t)n;
    }
    out[w] = '\0';
}

char *text_clean_paragraph(const char *in)
{
    utf8proc_uint8_t *nfc = NULL;
    utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)in, 0, &nfc,
                                      UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE);
    if (n < 0)
        return NULL;
    char *out = malloc((size_t)n + 1);
    if (out)
        fold_whitespace(nfc, out);
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
