/*
 * The exactly-once abort/rewind and fencing paths of txn.c, driven in
 * process. Each test starts a librdkafka mock cluster (rdkafka_mock.h) in the
 * test process, fills its input topic, injects errors into the requests the
 * stage's transactional producer will make (rd_kafka_mock_push_request_errors),
 * and runs a tiny counting passthrough stage with telex_stage_main() on a
 * thread, its log going to a file. SIGTERM (whose handler only sets the
 * runtime's flag) stops it at the end.
 *
 *  - An abortable error (a Produce or AddPartitionsToTxn request refused with
 *    TOPIC_AUTHORIZATION_FAILED) fails the open transaction: the runtime must
 *    abort it, rewind the consumer and process those records again, so every
 *    input record is processed (more than once for some), every output
 *    arrives, the group's offset ends at the total, /metrics counts exactly
 *    the committed outputs as telex_records_out_total and the aborted ones as
 *    telex_records_aborted_total, and the stage exits 0.
 *  - Fencing (EndTxn answered PRODUCER_FENCED or INVALID_PRODUCER_EPOCH) is
 *    fatal: the stage stops by itself with exit code 1 and one error line.
 *
 * Criterion runs every test in its own process, so the signal flag and the
 * stderr redirection stay within one test.
 */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#include "telex/runtime.h"
#include "telex/stage.h"

/* Kafka protocol API keys (librdkafka's RD_KAFKAP_* constants are not in its public headers). */
enum { API_PRODUCE = 0, API_ADD_PARTITIONS_TO_TXN = 24, API_END_TXN = 26 };

#define N_RECORDS 300
#define WAIT_MS   60000

/* ---- the stage: counts what it processes and copies it to its output ---- */

static atomic_int processed;

static int count_and_copy(void *ctx, const telex_record *in, telex_io *io, char *err, size_t errlen)
{
    (void)ctx;
    atomic_fetch_add(&processed, 1);
    if (telex_io_emit(io, NULL, in->key, in->key_len, in->value, in->value_len, err, errlen) != 0)
        return TELEX_FATAL;
    return TELEX_OK;
}

static const telex_stage_def copy_stage = {
    .name = "txnerr",
    .description = "copies records, counting them",
    .input_topics = "in",
    .output_topic = "out",
    .process = count_and_copy,
};

/* ---- the mock cluster and the records in it ---- */

static rd_kafka_t *cluster_rk; /* the handle the mock cluster lives in */
static rd_kafka_mock_cluster_t *cluster;
static char bootstraps[256];
static char log_path[64];
static int saved_stderr = -1;

static rd_kafka_t *new_client(rd_kafka_type_t type, const char *const *keys_and_values)
{
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    char reason[256];

    for (const char *const *kv = keys_and_values; kv && kv[0]; kv += 2)
        cr_assert_eq(rd_kafka_conf_set(conf, kv[0], kv[1], reason, sizeof(reason)),
                     RD_KAFKA_CONF_OK, "%s: %s", kv[0], reason);
    rd_kafka_t *rk = rd_kafka_new(type, conf, reason, sizeof(reason));
    cr_assert_not_null(rk, "%s", reason);
    return rk;
}

static void produce_input(void)
{
    const char *keys[] = {"bootstrap.servers", bootstraps, NULL};
    rd_kafka_t *p = new_client(RD_KAFKA_PRODUCER, keys);
    char value[32];

    for (int i = 0; i < N_RECORDS; i++) {
        int n = snprintf(value, sizeof(value), "record-%d", i);
        cr_assert_eq(rd_kafka_producev(p, RD_KAFKA_V_TOPIC("in"), RD_KAFKA_V_PARTITION(0),
                                       RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
                                       RD_KAFKA_V_VALUE(value, (size_t)n), RD_KAFKA_V_END),
                     RD_KAFKA_RESP_ERR_NO_ERROR);
    }
    cr_assert_eq(rd_kafka_flush(p, WAIT_MS), RD_KAFKA_RESP_ERR_NO_ERROR);
    rd_kafka_destroy(p);
}

/* The stage logs to a file (fd 2 redirected) that the test reads. */
static void redirect_stderr(void)
{
    strcpy(log_path, "/tmp/telex-txnerr-log-XXXXXX");
    int fd = mkstemp(log_path);
    cr_assert_geq(fd, 0);
    fflush(stderr);
    saved_stderr = dup(2);
    dup2(fd, 2);
    close(fd);
}

static void restore_stderr(void)
{
    if (saved_stderr < 0)
        return;
    fflush(stderr);
    dup2(saved_stderr, 2);
    close(saved_stderr);
    saved_stderr = -1;
}

static char *log_text(void)
{
    FILE *f = fopen(log_path, "r");
    static char text[1 << 20];
    size_t n = f ? fread(text, 1, sizeof(text) - 1, f) : 0;
    text[n] = '\0';
    if (f)
        fclose(f);
    return text;
}

static void set_up(void)
{
    const char *keys[] = {"test.mock.num.brokers", "1", "log_level", "4", NULL};

    /* The mock cluster lives in this handle (and its bootstraps are this handle's brokers). */
    cluster_rk = new_client(RD_KAFKA_PRODUCER, keys);
    cluster = rd_kafka_handle_mock_cluster(cluster_rk);
    cr_assert_not_null(cluster);
    snprintf(bootstraps, sizeof(bootstraps), "%s", rd_kafka_mock_cluster_bootstraps(cluster));
    cr_assert_eq(rd_kafka_mock_topic_create(cluster, "in", 1, 1), RD_KAFKA_RESP_ERR_NO_ERROR);
    cr_assert_eq(rd_kafka_mock_topic_create(cluster, "out", 1, 1), RD_KAFKA_RESP_ERR_NO_ERROR);
    produce_input();
    redirect_stderr();
}

static void tear_down(void)
{
    restore_stderr();
    if (log_path[0])
        unlink(log_path);
    rd_kafka_destroy(cluster_rk); /* and the mock cluster with it */
}

TestSuite(txn_errors, .init = set_up, .fini = tear_down, .timeout = 200);

/* ---- the stage on a thread ---- */

typedef struct stage_run {
    pthread_t thread;
    int exit_code;
    atomic_int done;
} stage_run;

static void *run_stage(void *arg)
{
    stage_run *run = arg;
    char *argv[] = {"telex-txnerr",
                    "-b",
                    bootstraps,
                    "-X",
                    "processing.guarantee=exactly_once",
                    "--metrics",
                    "127.0.0.1:0",
                    "-X",
                    "shutdown.timeout.ms=10000",
                    NULL};
    run->exit_code = telex_stage_main(&copy_stage, (int)(sizeof(argv) / sizeof(argv[0])) - 1, argv);
    atomic_store(&run->done, 1);
    return NULL;
}

static void start_stage(stage_run *run)
{
    atomic_store(&run->done, 0);
    cr_assert_eq(pthread_create(&run->thread, NULL, run_stage, run), 0);
}

static void sleep_ms(int ms)
{
    struct timespec t = {.tv_sec = ms / 1000, .tv_nsec = (long)(ms % 1000) * 1000000};
    nanosleep(&t, NULL);
}

/* Waits (bounded) for the stage to return; its exit code. */
static int join_stage(stage_run *run)
{
    for (int waited = 0; !atomic_load(&run->done); waited += 100) {
        cr_assert_lt(waited, WAIT_MS, "the stage did not stop; its log:\n%s", log_text());
        sleep_ms(100);
    }
    pthread_join(run->thread, NULL);
    return run->exit_code;
}

/* ---- what came out ---- */

/* The /metrics port the stage logged ("metrics listening ... port=N"); waits for it. */
static int metrics_port(void)
{
    for (int waited = 0; waited < WAIT_MS; waited += 100) {
        const char *line = strstr(log_text(), "msg=\"metrics listening\"");
        const char *port = line ? strstr(line, "port=") : NULL;
        if (port)
            return atoi(port + 5);
        sleep_ms(100);
    }
    cr_assert_fail("no metrics port logged:\n%s", log_text());
    return 0;
}

/* The value of one sample line of /metrics, or -1 when it is absent. */
static long long scrape(int port, const char *sample)
{
    static char response[65536];
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    const char *request = "GET /metrics HTTP/1.0\r\n\r\n";
    size_t got = 0;
    ssize_t n;
    int fd = socket(AF_INET, SOCK_STREAM, 0);

    inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
    cr_assert_eq(connect(fd, (struct sockaddr *)&addr, sizeof(addr)), 0);
    cr_assert_eq(write(fd, request, strlen(request)), (ssize_t)strlen(request));
    while (got < sizeof(response) - 1 &&
           (n = read(fd, response + got, sizeof(response) - 1 - got)) > 0)
        got += (size_t)n;
    response[got] = '\0';
    close(fd);
    const char *line = strstr(response, sample);
    return line ? atoll(line + strlen(sample)) : -1;
}

/* Distinct "record-<i>" values in "out" (read_committed): waits (bounded) for all of them. */
static int distinct_outputs(void)
{
    const char *keys[] = {"bootstrap.servers", bootstraps,       "group.id", "txnerr-reader",
                          "isolation.level",   "read_committed", NULL};
    rd_kafka_t *c = new_client(RD_KAFKA_CONSUMER, keys);
    rd_kafka_topic_partition_list_t *parts = rd_kafka_topic_partition_list_new(1);
    static char seen[N_RECORDS];
    int distinct = 0;

    memset(seen, 0, sizeof(seen));
    rd_kafka_topic_partition_list_add(parts, "out", 0)->offset = RD_KAFKA_OFFSET_BEGINNING;
    cr_assert_eq(rd_kafka_assign(c, parts), RD_KAFKA_RESP_ERR_NO_ERROR);
    for (int waited = 0; waited < WAIT_MS && distinct < N_RECORDS;) {
        rd_kafka_message_t *msg = rd_kafka_consumer_poll(c, 100);
        int i = -1;
        if (!msg) {
            waited += 100;
            continue;
        }
        if (!msg->err && msg->len < 20) {
            char text[24];
            memcpy(text, msg->payload, msg->len);
            text[msg->len] = '\0';
            if (sscanf(text, "record-%d", &i) == 1 && i >= 0 && i < N_RECORDS && !seen[i]++)
                distinct++;
        }
        rd_kafka_message_destroy(msg);
    }
    rd_kafka_topic_partition_list_destroy(parts);
    rd_kafka_consumer_close(c);
    rd_kafka_destroy(c);
    return distinct;
}

/* The offset the stage's group committed for in[0]. */
static int64_t committed_offset(void)
{
    const char *keys[] = {"bootstrap.servers", bootstraps, "group.id", "telex-txnerr", NULL};
    rd_kafka_t *c = new_client(RD_KAFKA_CONSUMER, keys);
    rd_kafka_topic_partition_list_t *parts = rd_kafka_topic_partition_list_new(1);

    rd_kafka_topic_partition_list_add(parts, "in", 0);
    cr_assert_eq(rd_kafka_committed(c, parts, 10000), RD_KAFKA_RESP_ERR_NO_ERROR);
    int64_t offset = parts->elems[0].offset;
    rd_kafka_topic_partition_list_destroy(parts);
    rd_kafka_destroy(c);
    return offset;
}

/* Lines of the log at level=error. */
static int error_lines(const char *text, char *first, size_t firstlen)
{
    int n = 0;
    first[0] = '\0';
    for (const char *p = strstr(text, "level=error"); p; p = strstr(p + 1, "level=error")) {
        if (n++ == 0) {
            const char *start = p, *end = strchr(p, '\n');
            while (start > text && start[-1] != '\n')
                start--;
            snprintf(first, firstlen, "%.*s", (int)((end ? end : p + strlen(p)) - start), start);
        }
    }
    return n;
}

/* ---- abortable errors ---- */

typedef struct abort_case {
    int16_t api;
    rd_kafka_resp_err_t error;
    char what[48];
} abort_case;

ParameterizedTestParameters(txn_errors, abortable_error_aborts_rewinds_and_redoes)
{
    static abort_case cases[] = {
        {API_PRODUCE, RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED, "Produce"},
        {API_ADD_PARTITIONS_TO_TXN, RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED,
         "AddPartitionsToTxn"},
    };
    return cr_make_param_array(abort_case, cases, sizeof(cases) / sizeof(cases[0]));
}

ParameterizedTest(abort_case *c, txn_errors, abortable_error_aborts_rewinds_and_redoes,
                  .timeout = 200)
{
    stage_run run;

    rd_kafka_mock_push_request_errors(cluster, c->api, 1, c->error);
    start_stage(&run);
    int port = metrics_port();

    int distinct = distinct_outputs();
    cr_expect_eq(distinct, N_RECORDS, "%s: outputs missing; log:\n%s", c->what, log_text());
    long long out = -1;
    for (int waited = 0; waited < WAIT_MS && out != N_RECORDS; waited += 200) {
        out = scrape(port, "telex_records_out_total{topic=\"out\"} ");
        if (out != N_RECORDS)
            sleep_ms(200);
    }
    cr_expect_eq(out, N_RECORDS, "records_out counts each committed output once");
    long long aborted = scrape(port, "telex_records_aborted_total{topic=\"out\"} ");
    cr_expect_gt(aborted, 0, "the aborted transaction's outputs are counted as aborted");

    kill(getpid(), SIGTERM); /* the runtime's handler only sets its flag */
    int rc = join_stage(&run);
    restore_stderr();
    const char *text = log_text();
    cr_expect_eq(rc, 0, "%s: exit code; log:\n%s", c->what, text);
    cr_expect_not_null(strstr(text, "transaction aborted; its input will be read again"), "%s",
                       text);
    cr_expect_gt(atomic_load(&processed), N_RECORDS, "the aborted records were processed again");
    cr_expect_geq(atomic_load(&processed), N_RECORDS + aborted,
                  "every aborted output's input was processed again");
    cr_expect_eq(committed_offset(), N_RECORDS, "the group's offset ends at the total");
}

/* ---- fencing ---- */

typedef struct fence_case {
    rd_kafka_resp_err_t error;
    char what[32];
} fence_case;

ParameterizedTestParameters(txn_errors, fenced_producer_stops_the_stage)
{
    static fence_case cases[] = {
        {RD_KAFKA_RESP_ERR_PRODUCER_FENCED, "PRODUCER_FENCED"},
        {RD_KAFKA_RESP_ERR_INVALID_PRODUCER_EPOCH, "INVALID_PRODUCER_EPOCH"},
    };
    return cr_make_param_array(fence_case, cases, sizeof(cases) / sizeof(cases[0]));
}

ParameterizedTest(fence_case *c, txn_errors, fenced_producer_stops_the_stage, .timeout = 200)
{
    stage_run run;
    char first[2048];

    rd_kafka_mock_push_request_errors(cluster, API_END_TXN, 1, c->error);
    start_stage(&run);
    int rc = join_stage(&run); /* no signal: fencing alone must stop it */
    restore_stderr();
    const char *text = log_text();
    cr_expect_eq(rc, 1, "%s: exit code; log:\n%s", c->what, text);
    int errors = error_lines(text, first, sizeof(first));
    cr_expect_geq(errors, 1, "%s: no error line; log:\n%s", c->what, text);
    cr_expect_not_null(strstr(first, "fenced"), "%s: the first error says why: %s", c->what, first);
    cr_expect_lt(atomic_load(&processed), N_RECORDS + 1, "nothing was redone after fencing");
}
