/*
 * The logger: telex_log() formats one logfmt line (logfmt.c) with the current
 * time and writes it with a single fwrite, so lines from librdkafka's threads
 * and the main loop never interleave.
 */
#include "runtime/logfmt.h"
#include "telex/runtime.h"

#include <stdarg.h>
#include <strings.h>
#include <time.h>

enum { MAX_LOG_FIELDS = 16 };

static const char *const level_names[] = {"debug", "info", "warn", "error"};

int telex_log_level_parse(const char *text, telex_log_level *out)
{
    for (size_t i = 0; i < sizeof(level_names) / sizeof(level_names[0]); i++) {
        if (strcasecmp(text, level_names[i]) == 0) {
            *out = (telex_log_level)i;
            return 0;
        }
    }
    if (strcasecmp(text, "warning") == 0) {
        *out = TELEX_LOG_WARN;
        return 0;
    }
    return -1;
}

const char *telex_log_level_name(telex_log_level level)
{
    if (level < TELEX_LOG_DEBUG || level > TELEX_LOG_ERROR)
        return "info";
    return level_names[level];
}

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void telex_log(const telex_logger *log, telex_log_level level, const char *msg, ...)
{
    const char *kv[2 * MAX_LOG_FIELDS];
    size_t n_kv = 0;
    telex_buf line = {0};
    va_list ap;

    if (level < log->min_level)
        return;
    va_start(ap, msg);
    for (;;) {
        const char *key = va_arg(ap, const char *);
        if (!key || n_kv == MAX_LOG_FIELDS)
            break;
        kv[2 * n_kv] = key;
        kv[2 * n_kv + 1] = va_arg(ap, const char *);
        n_kv++;
    }
    va_end(ap);
    if (telex_logfmt_line(&line, now_ms(), telex_log_level_name(level), log->program, msg, kv,
                          n_kv) == 0)
        fwrite(line.data, 1, line.len, log->out ? log->out : stderr);
    telex_buf_free(&line);
}
