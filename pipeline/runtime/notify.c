/*
 * systemd integration for any daemon (telex/runtime.h): READY=1 once it
 * serves, STOPPING=1 when it stops, and WATCHDOG=1 from its main loop at half
 * the unit's WatchdogSec. sd_notify() does nothing when NOTIFY_SOCKET is
 * unset, and sd_watchdog_enabled() says no when WATCHDOG_USEC is unset (or
 * WATCHDOG_PID names another process).
 */
#include "telex/runtime.h"

#include <time.h>

#include <systemd/sd-daemon.h>

static int64_t monotonic_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void telex_notify_ready(void)
{
    sd_notify(0, "READY=1");
}

void telex_notify_stopping(void)
{
    sd_notify(0, "STOPPING=1");
}

void telex_notify_watchdog_every(int64_t *last_ms)
{
    uint64_t usec = 0;
    int64_t now = monotonic_ms();

    if (sd_watchdog_enabled(0, &usec) <= 0)
        return;
    if (*last_ms != 0 && now - *last_ms < (int64_t)(usec / 2000))
        return;
    sd_notify(0, "WATCHDOG=1");
    *last_ms = now;
}
