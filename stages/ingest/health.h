/*
 * What telex-ingest shows the outside world while it runs, like the other
 * daemons: the runtime's metrics registry and its HTTP listener (--metrics
 * ADDR:PORT serving /metrics, /healthz, /readyz), and systemd notifications
 * (READY=1 once every source is open, WATCHDOG=1 from the main loop at half
 * of WatchdogSec, STOPPING=1 on the way out). Without NOTIFY_SOCKET the
 * notifications do nothing; without --metrics there is a registry but no
 * listener.
 */
#ifndef TELEX_INGEST_HEALTH_H
#define TELEX_INGEST_HEALTH_H

#include <stddef.h>
#include <stdint.h>

struct telex_metrics;
struct telex_metrics_server;

typedef struct ingest_health {
    struct telex_metrics *metrics;
    struct telex_metrics_server *server; /* NULL without --metrics */
    int64_t last_watchdog_ms;
} ingest_health;

/* Creates the registry and, when listen is not NULL, serves it there. Returns 0, or -1
   with a reason ("cannot listen for metrics on ..."); h is then empty. */
int ingest_health_start(ingest_health *h, const char *listen, char *err, size_t errlen);

/* The port /metrics is served on; 0 without a listener. */
int ingest_health_port(const ingest_health *h);

/* Every source is open: /readyz answers 200; with notify, systemd gets READY=1. */
void ingest_health_ready(ingest_health *h, int notify);

/* Called from the main loop: WATCHDOG=1 when systemd's watchdog is on and half its
   interval passed since the last one. */
void ingest_health_watchdog(ingest_health *h);

/* Shutting down: /readyz answers 503 and systemd gets STOPPING=1. */
void ingest_health_stopping(ingest_health *h);

/* Stops the listener and frees the registry. NULL-safe fields. */
void ingest_health_stop(ingest_health *h);

#endif
