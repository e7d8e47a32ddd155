/*
 * systemd integration: READY=1 once the stage runs, STOPPING=1 when it
 * stops, and WATCHDOG=1 from the poll loop at half the unit's WatchdogSec.
 * sd_notify() does nothing when NOTIFY_SOCKET is unset.
 */
#include "runtime/stage_io.h"

#include <systemd/sd-daemon.h>

void telex_notify_ready(void)
{
    sd_notify(0, "READY=1");
}

void telex_notify_stopping(void)
{
    sd_notify(0, "STOPPING=1");
}

void telex_notify_watchdog(telex_io *io)
{
    uint64_t usec = 0;
    int64_t now = telex_io_now_ms();

    if (sd_watchdog_enabled(0, &usec) <= 0)
        return;
    if (now - io->last_watchdog_ms < (int64_t)(usec / 2000))
        return;
    sd_notify(0, "WATCHDOG=1");
    io->last_watchdog_ms = now;
}
