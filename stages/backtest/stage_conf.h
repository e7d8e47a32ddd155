/*
 * The settings telex-backtest passes on to each stage it starts, as a
 * properties file the stage reads with -c (mode 0600: it may hold SASL or TLS
 * secrets, which a command line would show to every user of the machine).
 *
 * Passed on: every librdkafka key the user set (-X, -c FILE; security.protocol,
 * sasl.*, ssl.*, client.id, ...), since the stages talk to the same cluster;
 * log.level, connect.timeout.ms, shutdown.timeout.ms and dlq.topic; and the
 * stage's own -X keys (stage_args.h). Not passed on: metrics.listen (two
 * stages cannot serve one port), group.id, topics, brokers and namespace (the
 * backtest gives those itself on the stage's command line).
 */
#ifndef TELEX_BACKTEST_STAGE_CONF_H
#define TELEX_BACKTEST_STAGE_CONF_H

#include <stddef.h>

#include "stage_args.h"
#include "telex/runtime.h"

/* Writes path for stage ("tag"). 0, or -1 with a one-line reason in err (a value that a
   properties file cannot hold, such as a PEM with line breaks, is one). */
int stage_conf_write(const telex_config *cfg, const stage_args *args, const char *stage,
                     const char *path, char *err, size_t errlen);

#endif
