/*
 * Unit tests of the daemon half of telex/runtime.h, with nothing but that
 * header: a registry served over HTTP on a free port (/metrics, /healthz,
 * /readyz), and sd_notify messages (READY=1, STOPPING=1, WATCHDOG=1 at half
 * of WATCHDOG_USEC) received on a NOTIFY_SOCKET the test binds itself.
 */
#include <criterion/criterion.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "telex/runtime.h"

/* ---- HTTP ---- */

/* GET path from 127.0.0.1:port; returns the whole response (status line, headers, body). */
static char *http_get(int port, const char *path)
{
    static char response[16384];
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    char request[256];
    size_t got = 0;
    ssize_t n;
    int fd = socket(AF_INET, SOCK_STREAM, 0);

    cr_assert_geq(fd, 0);
    inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
    cr_assert_eq(connect(fd, (struct sockaddr *)&addr, sizeof(addr)), 0, "connect to %d", port);
    snprintf(request, sizeof(request), "GET %s HTTP/1.0\r\nHost: localhost\r\n\r\n", path);
    cr_assert_eq(write(fd, request, strlen(request)), (ssize_t)strlen(request));
    while (got < sizeof(response) - 1 &&
           (n = read(fd, response + got, sizeof(response) - 1 - got)) > 0)
        got += (size_t)n;
    response[got] = '\0';
    close(fd);
    return response;
}

Test(daemon_metrics, served_over_http_through_the_public_header)
{
    telex_metrics *m = telex_metrics_new("ingest");
    telex_metrics_server *server = NULL;
    char err[256];

    cr_assert_not_null(m);
    cr_assert_eq(telex_metrics_server_start(m, "127.0.0.1:0", &server, err, sizeof(err)), 0, "%s",
                 err);
    int port = telex_metrics_server_port(server);
    cr_assert_gt(port, 0);

    telex_metrics_add(m, TELEX_RECORDS_OUT, "wire.raw", 5);
    telex_metrics_count(m, "files_read", 2);
    telex_metrics_count_labelled(m, "inputs_failed", "format", "nitf", 1);
    char *body = http_get(port, "/metrics");
    cr_expect_not_null(strstr(body, "HTTP/1.0 200") ? body : strstr(body, "HTTP/1.1 200"), "%s",
                       body);
    cr_expect_not_null(strstr(body, "telex_records_out_total{topic=\"wire.raw\"} 5\n"), "%s", body);
    cr_expect_not_null(strstr(body, "telex_ingest_files_read_total 2\n"), "%s", body);
    cr_expect_not_null(strstr(body, "telex_ingest_inputs_failed_total{format=\"nitf\"} 1\n"), "%s",
                       body);

    cr_expect_not_null(strstr(http_get(port, "/healthz"), " 200 "));
    cr_expect_not_null(strstr(http_get(port, "/readyz"), " 503 "), "not ready at first");
    telex_metrics_set_ready(m, 1);
    cr_expect_not_null(strstr(http_get(port, "/readyz"), " 200 "));
    telex_metrics_set_ready(m, 0);
    cr_expect_not_null(strstr(http_get(port, "/readyz"), " 503 "), "stopping: not ready");
    cr_expect_not_null(strstr(http_get(port, "/nothing"), " 404 "));

    telex_metrics_server_stop(server);
    telex_metrics_free(m);
}

Test(daemon_metrics, a_bad_listen_address_is_one_line)
{
    telex_metrics *m = telex_metrics_new("ingest");
    telex_metrics_server *server = NULL;
    char err[256];

    cr_assert_eq(telex_metrics_server_start(m, "no-port-here", &server, err, sizeof(err)), -1);
    cr_expect_null(server);
    cr_expect_str_eq(err, "bad value for \"metrics.listen\": \"no-port-here\" is not ADDR:PORT");
    telex_metrics_server_stop(NULL); /* NULL-safe */
    telex_metrics_free(m);
}

/* ---- sd_notify ---- */

static int notify_fd = -1;
static char notify_path[108];

/* Binds a datagram socket and points NOTIFY_SOCKET at it. */
static void bind_notify_socket(void)
{
    struct sockaddr_un addr = {.sun_family = AF_UNIX};

    snprintf(notify_path, sizeof(notify_path), "/tmp/telex-notify-%ld", (long)getpid());
    unlink(notify_path);
    strcpy(addr.sun_path, notify_path);
    notify_fd = socket(AF_UNIX, SOCK_DGRAM, 0);
    cr_assert_geq(notify_fd, 0);
    cr_assert_eq(bind(notify_fd, (struct sockaddr *)&addr, sizeof(addr)), 0);
    struct timeval wait = {.tv_sec = 2};
    setsockopt(notify_fd, SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof(wait));
    setenv("NOTIFY_SOCKET", notify_path, 1);
}

static void close_notify_socket(void)
{
    if (notify_fd >= 0)
        close(notify_fd);
    unlink(notify_path);
    unsetenv("NOTIFY_SOCKET");
    unsetenv("WATCHDOG_USEC");
}

TestSuite(notify, .init = bind_notify_socket, .fini = close_notify_socket);

/* The next message on the socket, or "" when none came within 2 s. */
static const char *next_message(void)
{
    static char message[256];
    ssize_t n = recv(notify_fd, message, sizeof(message) - 1, 0);
    message[n > 0 ? n : 0] = '\0';
    return message;
}

/* 1 when a message is waiting (none expected: a short wait). */
static int message_waiting(void)
{
    char byte;
    return recv(notify_fd, &byte, 1, MSG_DONTWAIT | MSG_PEEK) > 0;
}

Test(notify, ready_and_stopping)
{
    telex_notify_ready();
    cr_expect_str_eq(next_message(), "READY=1");
    telex_notify_stopping();
    cr_expect_str_eq(next_message(), "STOPPING=1");
}

Test(notify, watchdog_at_half_the_interval)
{
    int64_t last_ms = 0;
    struct timespec pause = {.tv_nsec = 120 * 1000000};

    setenv("WATCHDOG_USEC", "200000", 1); /* 200 ms: a ping every 100 ms */
    telex_notify_watchdog_every(&last_ms);
    cr_expect_str_eq(next_message(), "WATCHDOG=1", "the first call pings");
    cr_expect_gt(last_ms, 0);
    int64_t first = last_ms;
    telex_notify_watchdog_every(&last_ms);
    cr_expect_not(message_waiting(), "not again before 100 ms");
    cr_expect_eq(last_ms, first);
    nanosleep(&pause, NULL);
    telex_notify_watchdog_every(&last_ms);
    cr_expect_str_eq(next_message(), "WATCHDOG=1", "again after half the interval");
    cr_expect_gt(last_ms, first);
}

Test(notify, no_watchdog_without_watchdog_usec)
{
    int64_t last_ms = 0;

    telex_notify_watchdog_every(&last_ms);
    cr_expect_not(message_waiting());
    cr_expect_eq(last_ms, 0);
}
