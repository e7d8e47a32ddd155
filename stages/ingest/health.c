/*
 * The metrics listener and systemd notifications of health.h.
 *
 * The registry, its listener and the systemd notifications are the
 * runtime's public daemon API (telex/runtime.h); this file only ties them to
 * telex-ingest's life cycle.
 */
#include <stdio.h>

#include "health.h"
#include "telex/runtime.h"

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
        telex_notify_ready();
}

void ingest_health_watchdog(ingest_health *h)
{
    telex_notify_watchdog_every(&h->last_watchdog_ms);
}

void ingest_health_stopping(ingest_health *h)
{
    telex_metrics_set_ready(h->metrics, 0);
    telex_notify_stopping();
}

void ingest_health_stop(ingest_health *h)
{
    telex_metrics_server_stop(h->server);
    telex_metrics_free(h->metrics);
    *h = (ingest_health){0};
}
