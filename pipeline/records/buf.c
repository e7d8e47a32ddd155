/*
 * telex_buf: a growable byte buffer. It doubles its capacity as it grows and
 * keeps one spare byte so that text appended to it can be NUL-terminated.
 */
#include <stdlib.h>
#include <string.h>

#include "records_internal.h"

int buf_reserve(telex_buf *buf, size_t n)
{
    if (n > SIZE_MAX - buf->len - 1)
        return -1;
    size_t needed = buf->len + n + 1;
    if (needed <= buf->cap)
        return 0;
    size_t cap = buf->cap ? buf->cap : 256;
    while (cap < needed)
        cap = cap > SIZE_MAX / 2 ? needed : cap * 2;
    char *grown = realloc(buf->data, cap);
    if (!grown)
        return -1;
    buf->data = grown;
    buf->cap = cap;
    return 0;
}

int telex_buf_append(telex_buf *buf, const void *bytes, size_t n)
{
    if (buf_reserve(buf, n) != 0)
        return -1;
    if (n > 0)
        memcpy(buf->data + buf->len, bytes, n);
    buf->len += n;
    buf->data[buf->len] = '\0';
    return 0;
}

void telex_buf_reset(telex_buf *buf)
{
    buf->len = 0;
    if (buf->data)
        buf->data[0] = '\0';
}

void telex_buf_free(telex_buf *buf)
{
    free(buf->data);
    memset(buf, 0, sizeof *buf);
}
