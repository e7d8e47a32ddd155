/*
 * The metrics listener: libmicrohttpd on its own thread serving
 *   /metrics  the registry in Prometheus text format,
 *   /healthz  200 "ok" while the process is alive,
 *   /readyz   200 when the stage is ready (partitions assigned, producer
 *             connected), else 503.
 * The registry's own mutex makes reading it from this thread safe.
 */
#include "runtime/metrics.h"

#include <microhttpd.h>
#include <netdb.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

struct telex_metrics_server {
    struct MHD_Daemon *daemon;
    telex_metrics *metrics;
    int port;
};

static enum MHD_Result respond(struct MHD_Connection *conn, unsigned status, const char *type,
                               const void *body, size_t len)
{
    struct MHD_Response *response =
        MHD_create_response_from_buffer(len, (void *)body, MHD_RESPMEM_MUST_COPY);
    if (!response)
        return MHD_NO;
    MHD_add_response_header(response, "Content-Type", type);
    enum MHD_Result rc = MHD_queue_response(conn, status, response);
    MHD_destroy_response(response);
    return rc;
}

static enum MHD_Result respond_metrics(telex_metrics *m, struct MHD_Connection *conn)
{
    telex_buf text = {0};
    enum MHD_Result rc;

    if (telex_metrics_render(m, &text) != 0)
        rc = respond(conn, 500, "text/plain", "out of memory\n", 14);
    else
        rc = respond(conn, 200, "text/plain; version=0.0.4; charset=utf-8", text.data, text.len);
    telex_buf_free(&text);
    return rc;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **con_cls)
{
    telex_metrics_server *server = cls;

    if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0)
        return respond(conn, 405, "text/plain", "method not allowed\n", 19);
    if (strcmp(url, "/metrics") == 0)
        return respond_metrics(server->metrics, conn);
    if (strcmp(url, "/healthz") == 0)
        return respond(conn, 200, "text/plain", "ok\n", 3);
    if (strcmp(url, "/readyz") == 0) {
        if (telex_metrics_ready(server->metrics))
            return respond(conn, 200, "text/plain", "ready\n", 6);
        return respond(conn, 503, "text/plain", "not ready\n", 10);
    }
    return respond(conn, 404, "text/plain", "not found\n", 10);
}

/* "127.0.0.1:9108", "localhost:0", "[::1]:9108" to an address. */
static int resolve_listen(const char *listen, struct addrinfo **out, char *err, size_t errlen)
{
    char host[256];
    const char *colon = strrchr(listen, ':');
    struct addrinfo hints = {.ai_family = AF_UNSPEC,
                             .ai_socktype = SOCK_STREAM,
                             .ai_flags = AI_PASSIVE | AI_NUMERICSERV};
    size_t host_len;
    int rc;

    if (!colon || colon[1] == '\0' || (size_t)(colon - listen) >= sizeof(host)) {
        snprintf(err, errlen, "bad value for \"metrics.listen\": \"%s\" is not ADDR:PORT", listen);
        return -1;
    }
    host_len = (size_t)(colon - listen);
    if (host_len >= 2 && listen[0] == '[' && listen[host_len - 1] == ']') {
        memcpy(host, listen + 1, host_len - 2);
        host[host_len - 2] = '\0';
    } else {
        memcpy(host, listen, host_len);
        host[host_len] = '\0';
    }
    rc = getaddrinfo(host_len ? host : NULL, colon + 1, &hints, out);
    if (rc != 0) {
        snprintf(err, errlen, "bad value for \"metrics.listen\": \"%s\": %s", listen,
                 gai_strerror(rc));
        return -1;
    }
    return 0;
}

int telex_metrics_server_start(telex_metrics *m, const char *listen, telex_metrics_server **out,
                               char *err, size_t errlen)
{
    telex_metrics_server *server = calloc(1, sizeof(*server));
    struct addrinfo *addr = NULL;
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG;

    *out = NULL;
    if (!server) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    server->metrics = m;
    if (resolve_listen(listen, &addr, err, errlen) != 0)
        goto err_free_server;
    if (addr->ai_family == AF_INET6)
        flags |= MHD_USE_IPv6;
    server->daemon = MHD_start_daemon(flags, 0, NULL, NULL, on_request, server,
                                      MHD_OPTION_SOCK_ADDR, addr->ai_addr, MHD_OPTION_END);
    freeaddrinfo(addr);
    if (!server->daemon) {
        snprintf(err, errlen, "cannot listen for metrics on %s (address in use?)", listen);
        goto err_free_server;
    }
    const union MHD_DaemonInfo *info =
        MHD_get_daemon_info(server->daemon, MHD_DAEMON_INFO_BIND_PORT);
    server->port = info ? info->port : 0;
    *out = server;
    return 0;

err_free_server:
    free(server);
    return -1;
}

int telex_metrics_server_port(const telex_metrics_server *server)
{
    return server->port;
}

void telex_metrics_server_stop(telex_metrics_server *server)
{
    if (!server)
        return;
    MHD_stop_daemon(server->daemon);
    free(server);
}
