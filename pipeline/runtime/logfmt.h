/*
 * logfmt: the format of Telex's log lines, as pure functions (no I/O, no clock)
 * so the escaping can be unit-tested: key=value pairs separated by spaces,
 * a value quoted when it is empty or holds a space, '=', '"', '\' or a control
 * character, with \" \\ \n \r \t and \u00XX escapes inside the quotes.
 */
#ifndef TELEX_RUNTIME_LOGFMT_H
#define TELEX_RUNTIME_LOGFMT_H

#include <stddef.h>
#include <stdint.h>

#include "telex/records.h"

/* Appends value, quoted and escaped when needed. Returns 0 or -1 (no memory). */
int telex_logfmt_append_value(telex_buf *out, const char *value);

/* Appends " key=value" (a leading space unless out is empty). Characters of key
   that logfmt does not allow in a key become '_'. */
int telex_logfmt_append_pair(telex_buf *out, const char *key, const char *value);

/* Appends "2026-11-28T06:30:00.123Z" for ts_ms milliseconds since the epoch. */
int telex_logfmt_append_time(telex_buf *out, int64_t ts_ms);

/*
 * Appends a whole line with its "\n":
 *   ts=... level=... stage=... msg="..." k1=v1 ...
 * kv holds n_kv pairs as 2 * n_kv strings (key, value, key, value...).
 */
int telex_logfmt_line(telex_buf *out, int64_t ts_ms, const char *level, const char *stage,
                      const char *msg, const char *const *kv, size_t n_kv);

#endif
