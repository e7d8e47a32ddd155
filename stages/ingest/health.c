/*
 * The metrics listener and systemd notifications of health.h.
 *
 * The registry and listener are the runtime's (pipeline/runtime/metrics.h;
 * its declarations are not yet public in telex/runtime.h, so this target
 * adds pipeline/ to its include path). The notifications call libsystemd's
 * sd_notify() directly: the runtime's telex_notify_* functions are tied to
 * the stage runtime's private state.
 */
#include <stdio.h>
#include <time.h>

#include <systemd/sd-daemon.h>

#include "health.h"
#include "runtime/metrics.h"

int ingest_health_start(ingest_health *h, const char *listen, char *err, size_t errlen)
{
    *h = (ingest_health){0};
    h->metrics = telex_metrics_new("ingest");
    if (!h->metrics) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    if (listen && telex_metrics_server_start(h->metrics, listen, &h->server, err, errlen) != 0)
        goto err_free_metrics;
    return 0;

err_free_metrics:
    telex_metrics_free(h->metrics);
    h->metrics = NULL;
    return -1;
}

int ingest_health_port(const ingest_health *h)
{
    return h->server ? telex_metrics_server_port(h->server) : 0;
}

void ingest_health_ready(ingest_health *h, int notify)
{
    telex_metrics_set_ready(h->metrics, 1);
    if (notify)
        sd_notify(0, "READY=1");
}

static int64_t monotonic_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void ingest_health_watchdog(ingest_health *h)
{
    uint64_t usec = 0;
    int64_t now = monotonic_ms();
    if (sd_watchdog_enabled(0, &usec) <= 0)
        return;
    if (now - h->last_watchdog_ms < (int64_t)(usec / 2000))
        return;
    sd_notify(0, "WATCHDOG=1");
    h->last_watchdog_ms = now;
}

void ingest_health_stopping(ingest_health *h)
{
    telex_metrics_set_ready(h->metrics, 0);
    sd_notify(0, "STOPPING=1");
}

void ingest_health_stop(ingest_health *h)
{
    telex_metrics_server_stop(h->server);
    telex_metrics_free(h->metrics);
    *h = (ingest_health){0};
}
