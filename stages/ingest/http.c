/*
 * The HTTP push endpoint of http.h, on libmicrohttpd.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <microhttpd.h>

#include "http.h"
#include "ingest.h"

struct ingest_http {
    ingest_http_options options;
    struct MHD_Daemon *daemon;
};

/* The body of one request, gathered across calls. */
typedef struct upload {
    char *data;
    size_t len;
    int too_large;
} upload;

int ingest_parse_listen(const char *text, char *addr, size_t addrlen, unsigned *port)
{
    const char *colon = strrchr(text, ':');
    if (!colon || colon[1] == '\0')
        return -1;
    char *end;
    long p = strtol(colon + 1, &end, 10);
    if (*end != '\0' || p < 0 || p > 65535)
        return -1;
    size_t n = (size_t)(colon - text);
    if (n == 0)
        snprintf(addr, addrlen, "0.0.0.0");
    else if (n < addrlen)
        snprintf(addr, addrlen, "%.*s", (int)n, text);
    else
        return -1;
    struct in_addr check;
    if (inet_pton(AF_INET, addr, &check) != 1)
        return -1;
    *port = (unsigned)p;
    return 0;
}

/* Sends status with a JSON body (which it owns) and counts the reply by status. */
static enum MHD_Result reply(ingest_http *http, struct MHD_Connection *connection, unsigned status,
                             json_t *body)
{
    char counter[32];
    snprintf(counter, sizeof counter, "http_requests_%u", status);
    sink_count(http->options.sink, counter, 1);
    char *text = json_dumps(body, JSON_COMPACT);
    json_decref(body);
    if (!text)
        return MHD_NO;
    size_t len = strlen(text);
    struct MHD_Response *response =
        MHD_create_response_from_buffer(len, text, MHD_RESPMEM_MUST_FREE);
    if (!response) {
        free(text);
        return MHD_NO;
    }
    MHD_add_response_header(response, "Content-Type", "application/json");
    enum MHD_Result rc = MHD_queue_response(connection, status, response);
    MHD_destroy_response(response);
    return rc;
}

static enum MHD_Result finish_upload(ingest_http *http, struct MHD_Connection *connection,
                                     upload *up)
{
    char err[512];
    if (up->too_large) {
        sink_count(http->options.sink, "rejected", 1);
        snprintf(err, sizeof err, "payload over ingest.max.bytes (%zu)", http->options.max_bytes);
        return reply(http, connection, MHD_HTTP_CONTENT_TOO_LARGE, json_pack("{ss}", "error", err));
    }
    ingest_source src = {
        .format = MHD_lookup_connection_value(connection, MHD_GET_ARGUMENT_KIND, "format"),
        .source = http->options.source,
        .source_file = MHD_lookup_connection_value(connection, MHD_GET_ARGUMENT_KIND, "file"),
        .published_at = http->options.published_at,
    };
    if (!src.format)
        src.format = http->options.format;
    sink_count(http->options.sink, "bytes", up->len);
    long n = ingest_payload(&src, up->data ? up->data : "", up->len, sink_emit, http->options.sink,
                            err, sizeof err);
    if (n < 0) {
        sink_count(http->options.sink, "rejected", 1);
        return reply(http, connection, MHD_HTTP_BAD_REQUEST, json_pack("{ss}", "error", err));
    }
    return reply(http, connection, MHD_HTTP_ACCEPTED, json_pack("{sI}", "accepted", (json_int_t)n));
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *connection, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **con_cls)
{
    ingest_http *http = cls;
    if (strcmp(method, "POST") != 0 && strcmp(method, "PUT") != 0)
        return reply(http, connection, MHD_HTTP_METHOD_NOT_ALLOWED,
                     json_pack("{ss}", "error", "POST a payload"));
    upload *up = *con_cls;
    if (!up) {
        up = calloc(1, sizeof *up);
        *con_cls = up;
        return up ? MHD_YES : MHD_NO;
    }
    if (*upload_data_size > 0) {
        if (!up->too_large && up->len + *upload_data_size <= http->options.max_bytes) {
            char *grown = realloc(up->data, up->len + *upload_data_size);
            if (!grown)
                return MHD_NO;
            up->data = grown;
            memcpy(up->data + up->len, upload_data, *upload_data_size);
            up->len += *upload_data_size;
        } else {
            up->too_large = 1;
        }
        *upload_data_size = 0;
        return MHD_YES;
    }
    return finish_upload(http, connection, up);
}

static void on_completed(void *cls, struct MHD_Connection *connection, void **con_cls,
                         enum MHD_RequestTerminationCode code)
{
    upload *up = *con_cls;
    if (up) {
        free(up->data);
        free(up);
        *con_cls = NULL;
    }
}

int ingest_http_start(const ingest_http_options *options, ingest_http **out, char *err,
                      size_t errlen)
{
    char addr[64];
    unsigned port;
    if (ingest_parse_listen(options->listen, addr, sizeof addr, &port) != 0) {
        snprintf(err, errlen, "bad --listen \"%s\" (want IPV4:PORT, e.g. 127.0.0.1:8080)",
                 options->listen);
        return -1;
    }
    ingest_http *http = calloc(1, sizeof *http);
    if (!http) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    http->options = *options;
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    inet_pton(AF_INET, addr, &sa.sin_addr);
    http->daemon = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD, (uint16_t)port, NULL, NULL, on_request, http,
        MHD_OPTION_SOCK_ADDR, &sa, MHD_OPTION_NOTIFY_COMPLETED, on_completed, http, MHD_OPTION_END);
    if (!http->daemon) {
        snprintf(err, errlen, "cannot listen on %s:%u (address in use or not local?)", addr, port);
        free(http);
        return -1;
    }
    *out = http;
    return 0;
}

void ingest_http_stop(ingest_http *http)
{
    if (!http)
        return;
    MHD_stop_daemon(http->daemon);
    free(http);
}
