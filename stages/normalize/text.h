/*
 * Text hygiene for wire copy: UTF-8 validation with a hint at the real
 * encoding of a mislabelled file, Unicode NFC, whitespace normalization, and
 * the SHA-256 content hash.
 *
 * The characters of the source are kept (curly quotes stay curly, dashes stay
 * dashes); only whitespace is unified (every Unicode space becomes one ASCII
 * space), invisible format and control characters are dropped, and line
 * breaks inside a paragraph are kept as single "\n" for the boilerplate pass.
 */
#ifndef TELEX_TEXT_H
#define TELEX_TEXT_H

#include <stddef.h>
#include <stdint.h>

/*
 * Checks that bytes[0, len) is well-formed UTF-8 (no overlongs, surrogates or
 * code points past U+10FFFF). Returns 0 when it is; otherwise -1 with a reason
 * like "invalid UTF-8 at byte 1234 (looks like Windows-1252)" in err.
 */
int text_check_utf8(const uint8_t *bytes, size_t len, char *err, size_t errlen);

/*
 * Cleans one paragraph of valid UTF-8: NFC, CR/CRLF to LF, runs of spaces to
 * one space, blank lines folded, each line trimmed, control and invisible
 * format characters removed. Returns a new string (caller frees), or NULL on
 * allocation failure or invalid UTF-8.
 */
char *text_clean_paragraph(const char *in);

/*
 * The NFC quick check: 1 when in (UTF-8) is certainly in NFC, because every
 * code point in it is stable (text_nfc_stable_codepoint); 0 when it may not be
 * (the normalizer must run); -1 when in is not valid UTF-8.
 */
int text_nfc_quick_check(const char *in);

/* 1 when NFC leaves cp unchanged next to any other stable code points: not combining, not
   the second of a composed pair, and either not canonically decomposable or a primary
   composite that NFC composes again. 0 otherwise. */
int text_nfc_stable_codepoint(int32_t cp);

/* Returns a copy of in with every "\n" replaced by one space (caller frees), or NULL. */
char *text_join_lines(const char *in);

/* Returns a copy of s with leading and trailing ASCII whitespace removed, or NULL. */
char *text_trim_copy(const char *s, size_t len);

/* Writes the hex SHA-256 of bytes into hex (65 bytes). Returns 0, or -1 on failure. */
int text_sha256_hex(const void *bytes, size_t len, char hex[65]);

#endif
