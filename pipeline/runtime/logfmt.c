/*
 * logfmt lines: see logfmt.h. Every function appends to a telex_buf and
 * returns -1 only when memory runs out.
 */
#include "runtime/logfmt.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

static int needs_quotes(const char *value)
{
    if (*value == '\0')
        return 1;
    for (const unsigned char *p = (const unsigned char *)value; *p; p++) {
        if (*p <= ' ' || *p == '=' || *p == '"' || *p == '\\' || *p == 0x7f)
            return 1;
    }
    return 0;
}

static int append_escaped_char(telex_buf *out, unsigned char c)
{
    char esc[8];
    switch (c) {
    case '"':
        return telex_buf_append(out, "\\\"", 2);
    case '\\':
        return telex_buf_append(out, "\\\\", 2);
    case '\n':
        return telex_buf_append(out, "\\n", 2);
    case '\r':
        return telex_buf_append(out, "\\r", 2);
    case '\t':
        return telex_buf_append(out, "\\t", 2);
    default:
        if (c < 0x20 || c == 0x7f) {
            snprintf(esc, sizeof(esc), "\\u%04x", c);
            return telex_buf_append(out, esc, 6);
        }
        return telex_buf_append(out, &c, 1);
    }
}

int telex_logfmt_append_value(telex_buf *out, const char *value)
{
    if (!value)
        value = "";
    if (!needs_quotes(value))
        return telex_buf_append(out, value, strlen(value));
    if (telex_buf_append(out, "\"", 1) != 0)
        return -1;
    for (const unsigned char *p = (const unsigned char *)value; *p; p++) {
        if (append_escaped_char(out, *p) != 0)
            return -1;
    }
    return telex_buf_append(out, "\"", 1);
}

static int key_char_allowed(unsigned char c)
{
    return c > ' ' && c != '=' && c != '"' && c != '\\' && c != 0x7f;
}

int telex_logfmt_append_pair(telex_buf *out, const char *key, const char *value)
{
    if (out->len > 0 && telex_buf_append(out, " ", 1) != 0)
        return -1;
    if (*key == '\0' && telex_buf_append(out, "_", 1) != 0)
        return -1;
    for (const unsigned char *p = (const unsigned char *)key; *p; p++) {
        char c = key_char_allowed(*p) ? (char)*p : '_';
        if (telex_buf_append(out, &c, 1) != 0)
            return -1;
    }
    if (telex_buf_append(out, "=", 1) != 0)
        return -1;
    return telex_logfmt_append_value(out, value);
}

int telex_logfmt_append_time(telex_buf *out, int64_t ts_ms)
{
    time_t seconds = (time_t)(ts_ms / 1000);
    int millis = (int)(ts_ms % 1000);
    struct tm tm;
    char text[40];

    if (millis < 0) {
        millis += 1000;
        seconds -= 1;
    }
    if (!gmtime_r(&seconds, &tm))
        return -1;
    size_t n = strftime(text, sizeof(text), "%Y-%m-%dT%H:%M:%S", &tm);
    n += (size_t)snprintf(text + n, sizeof(text) - n, ".%03dZ", millis);
    return telex_buf_append(out, text, n);
}

int telex_logfmt_line(telex_buf *out, int64_t ts_ms, const char *level, const char *stage,
                      const char *msg, const char *const *kv, size_t n_kv)
{
    if (telex_buf_append(out, "ts=", 3) != 0 || telex_logfmt_append_time(out, ts_ms) != 0)
        return -1;
    if (telex_logfmt_append_pair(out, "level", level) != 0 ||
        telex_logfmt_append_pair(out, "stage", stage) != 0 ||
        telex_logfmt_append_pair(out, "msg", msg) != 0)
        return -1;
    for (size_t i = 0; i < n_kv; i++) {
        if (telex_logfmt_append_pair(out, kv[2 * i], kv[2 * i + 1]) != 0)
            return -1;
    }
    return telex_buf_append(out, "\n", 1);
}
