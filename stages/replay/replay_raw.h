/*
 * Raw wire files (any format telex-ingest reads) into a replay feed.
 */
#ifndef TELEX_REPLAY_RAW_H
#define TELEX_REPLAY_RAW_H

#include "replay_core.h"
#include "telex/records.h"

typedef struct replay_raw_options {
    const telex_schemas *schemas;
    const char *format;    /* forced format, or NULL to detect */
    const char *published; /* publication time for formats without one, or NULL */
} replay_raw_options;

/* A replay_raw_loader: ctx is a replay_raw_options. */
int replay_raw_load(void *ctx, const char *path, replay_feed *feed, char *err, size_t errlen);

#endif
