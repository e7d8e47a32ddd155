/*
 * telex-ingest --listen ADDR:PORT: push feeds POST their payloads over HTTP.
 *
 * Each POST body (any path) is one payload, handled like a file: detected (or
 * --format), split into items, one RawStory each, source "http" (or
 * --source), source_file from the "file" query argument when given. The
 * reply is 202 with {"accepted":N}, 400 with {"error":"..."} for a payload
 * that cannot be read, 413 over ingest.max.bytes, 405 for other methods.
 * Each reply is counted by status (telex_ingest_http_requests_202_total ...).
 * libmicrohttpd serves from one internal thread; the sink may be shared with
 * the --watch loop, which sink_emit() allows.
 */
#ifndef TELEX_INGEST_HTTP_H
#define TELEX_INGEST_HTTP_H

#include <stddef.h>

#include "sink.h"

typedef struct ingest_http ingest_http;

typedef struct ingest_http_options {
    const char *listen;       /* "127.0.0.1:8080" */
    const char *format;       /* "auto" or a format */
    const char *source;       /* "http" unless given */
    const char *published_at; /* NULL unless --published */
    size_t max_bytes;
    ingest_sink *sink;
} ingest_http_options;

/* Starts listening. Returns 0, or -1 with a reason ("cannot listen on ...: ..."). */
int ingest_http_start(const ingest_http_options *options, ingest_http **out, char *err,
                      size_t errlen);
void ingest_http_stop(ingest_http *http);

/* Splits "ADDR:PORT" ("0.0.0.0:8080", ":8080") into an IPv4 address and port. */
int ingest_parse_listen(const char *text, char *addr, size_t addrlen, unsigned *port);

#endif
