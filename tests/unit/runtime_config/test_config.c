/*
 * Unit tests of config.c through telex/runtime.h: where each value comes from
 * (defaults < -c FILE < environment < command line), how the program's own
 * keys fill its context, which keys and values are rejected and with what
 * message, and that secrets never show.
 */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "telex/runtime.h"

typedef struct test_ctx {
    int64_t batch;
    int strict;
    const char *dir;
    double ratio;
    int64_t secret_pin;
} test_ctx;

static const telex_conf_entry test_config[] = {
    {TELEX_CONF_INT, "batch", "10", offsetof(test_ctx, batch), "records a batch"},
    {TELEX_CONF_BOOL, "strict", "false", offsetof(test_ctx, strict), "reject more"},
    {TELEX_CONF_STRING, "kb.dir", NULL, offsetof(test_ctx, dir), "knowledge folder"},
    {TELEX_CONF_DOUBLE, "ratio", "0.5", offsetof(test_ctx, ratio), "a ratio"},
    {TELEX_CONF_INT, "secret.pin", "0", offsetof(test_ctx, secret_pin), "a secret"},
    {0},
};

static const telex_flag test_flags[] = {
    {'e', "exit", "test.strict", "true", NULL},
    {'n', "batch", "test.batch", NULL, "N"},
    {0},
};

static const telex_program test_program = {
    .name = "test",
    .description = "a program for the tests",
    .key_groups = TELEX_KEYS_CONSUMER | TELEX_KEYS_PRODUCER | TELEX_KEYS_STAGE,
    .input_topics = "wire.raw",
    .output_topic = "wire.out",
    .config = test_config,
    .flags = test_flags,
};

static char conf_path[64];
static char *no_env[] = {NULL};

/* Writes text to a fresh temporary properties file named conf_path. */
static void write_conf(const char *text)
{
    strcpy(conf_path, "/tmp/telex-config-test-XXXXXX");
    int fd = mkstemp(conf_path);
    cr_assert_geq(fd, 0);
    cr_assert_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
}

static void remove_conf(void)
{
    if (conf_path[0])
        unlink(conf_path);
    conf_path[0] = '\0';
}

TestSuite(config, .fini = remove_conf);

/* Parses argv (NULL-terminated, without argv[0]) with env; asserts success. */
static telex_config *parse_ok(const char **args, char **env, test_ctx *ctx)
{
    char *argv[32] = {"telex-test"};
    int argc = 1;
    char err[512] = "";
    telex_config *cfg = NULL;

    while (args && args[argc - 1])
        argv[argc] = (char *)args[argc - 1], argc++;
    int rc = telex_config_parse(&test_program, argc, argv, env, ctx, &cfg, err, sizeof(err));
    cr_assert_eq(rc, 0, "parse failed: %s", err);
    cr_assert_not_null(cfg);
    return cfg;
}

Test(config, defaults)
{
    test_ctx ctx = {0};
    telex_config *cfg = parse_ok(NULL, no_env, &ctx);
    const telex_common *c = telex_config_common(cfg);

    cr_expect_null(c->brokers);
    cr_expect_str_eq(c->topic_ns, "");
    cr_expect_str_eq(c->input_topics, "wire.raw");
    cr_expect_str_eq(c->output_topic, "wire.out");
    cr_expect_str_eq(c->dlq_topic, "wire.dlq");
    cr_expect_str_eq(c->group_id, "telex-test");
    cr_expect_null(c->metrics_listen);
    cr_expect_eq(c->log_level, TELEX_LOG_INFO);
    cr_expect_eq(c->stdio, 0);
    cr_expect_eq(c->connect_timeout_ms, 10000);
    cr_expect_eq(ctx.batch, 10);
    cr_expect_eq(ctx.strict, 0);
    cr_expect_null(ctx.dir);
    cr_expect_float_eq(ctx.ratio, 0.5, 1e-12);
    telex_config_free(cfg);
}

Test(config, precedence_file_then_environment_then_command_line)
{
    write_conf("# a comment\n"
               "bootstrap.servers = file:9092\n"
               "namespace=fromfile\n"
               "log.level=warn\n"
               "test.batch=1\n"
               "\n"
               "test.kb.dir=/file/kb\n");
    char *env[] = {"TELEX_BROKERS=env:9092", "TELEX_LOG_LEVEL=error", "TELEX_TEST_BATCH=2",
                   "TELEX_TEST_KB_DIR=/env/kb", NULL};
    const char *args[] = {"-b", "cli:9092", "-X", "test.batch=3", "-c", conf_path, NULL};
    test_ctx ctx = {0};
    telex_config *cfg = parse_ok(args, env, &ctx);
    const telex_common *c = telex_config_common(cfg);

    cr_expect_str_eq(c->brokers, "cli:9092", "command line beats environment and file");
    cr_expect_str_eq(c->topic_ns, "fromfile", "file beats defaults");
    cr_expect_eq(c->log_level, TELEX_LOG_ERROR, "environment beats file");
    cr_expect_eq(ctx.batch, 3, "-X beats TELEX_TEST_BATCH and the file");
    cr_expect_str_eq(ctx.dir, "/env/kb", "TELEX_TEST_KB_DIR beats the file");
    telex_config_free(cfg);
}

Test(config, the_last_of_two_command_line_values_wins)
{
    const char *args[] = {"-X", "test.batch=4", "--batch", "5", "-n6", NULL};
    test_ctx ctx = {0};
    telex_config *cfg = parse_ok(args, no_env, &ctx);
    cr_expect_eq(ctx.batch, 6);
    telex_config_free(cfg);
}

Test(config, runtime_flags_and_program_flags)
{
    const char *args[] = {"-bhost:1",  "--namespace=bt42", "-t",          "a,b",     "-G",
                          "g1",        "--output",         "out",         "--stdio", "--json",
                          "--metrics", "127.0.0.1:0",      "--log-level", "debug",   "-e",
                          NULL};
    test_ctx ctx = {0};
    telex_config *cfg = parse_ok(args, no_env, &ctx);
    const telex_common *c = telex_config_common(cfg);

    cr_expect_str_eq(c->brokers, "host:1");
    cr_expect_str_eq(c->topic_ns, "bt42");
    cr_expect_str_eq(c->input_topics, "a,b");
    cr_expect_str_eq(c->group_id, "g1");
    cr_expect_str_eq(c->output_topic, "out");
    cr_expect_eq(c->stdio, 1);
    cr_expect_eq(c->json, 1);
    cr_expect_str_eq(c->metrics_listen, "127.0.0.1:0");
    cr_expect_eq(c->log_level, TELEX_LOG_DEBUG);
    cr_expect_eq(ctx.strict, 1);
    telex_config_free(cfg);
}

Test(config, librdkafka_keys_pass_through)
{
    const char *args[] = {"-X", "linger.ms=5", "-X", "compression.type=zstd", NULL};
    telex_config *cfg = parse_ok(args, no_env, NULL);
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    char err[256], value[64];
    size_t size = sizeof(value);

    cr_expect_str_eq(telex_config_get(cfg, "linger.ms"), "5");
    cr_assert_eq(telex_config_apply_kafka(cfg, conf, err, sizeof(err)), 0, "%s", err);
    cr_assert_eq(rd_kafka_conf_get(conf, "compression.type", value, &size), RD_KAFKA_CONF_OK);
    cr_expect_str_eq(value, "zstd");
    size = sizeof(value);
    cr_assert_eq(rd_kafka_conf_get(conf, "linger.ms", value, &size), RD_KAFKA_CONF_OK);
    cr_expect_str_eq(value, "5");
    rd_kafka_conf_destroy(conf);
    telex_config_free(cfg);
}

Test(config, namespaced_topics)
{
    const char *args[] = {"--namespace", "bt42", NULL};
    telex_config *cfg = parse_ok(args, no_env, NULL);
    char full[64];

    cr_assert_eq(telex_config_topic(cfg, "wire.raw", full, sizeof(full)), 0);
    cr_expect_str_eq(full, "bt42.wire.raw");
    cr_expect_str_eq(telex_config_logical_topic(cfg, "bt42.wire.raw"), "wire.raw");
    cr_expect_str_eq(telex_config_logical_topic(cfg, "other.wire.raw"), "other.wire.raw");
    cr_expect_eq(telex_config_topic(cfg, "wire.raw", full, 8), -1, "too small a buffer");
    telex_config_free(cfg);
}

Test(config, help_is_reported)
{
    const char *args[] = {"-X", "no.such.key=1", "--help", NULL};
    telex_config *cfg = parse_ok(args, no_env, NULL);
    cr_expect_eq(telex_config_common(cfg)->help, 1, "--help wins over a bad key");
    telex_config_free(cfg);
}

Test(config, help_lists_every_key)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);

    telex_config_help(&test_program, f);
    fclose(f);
    const char *wants[] = {"bootstrap.servers", "TELEX_BROKERS", "--namespace",
                           "metrics.listen",    "test.batch",    "TELEX_TEST_BATCH",
                           "-n, --batch N",     "test.kb.dir",   "TELEX_TEST_KB_DIR",
                           "records a batch",   "wire.raw",      "--stdio"};
    for (size_t i = 0; i < sizeof(wants) / sizeof(wants[0]); i++)
        cr_expect_not_null(strstr(text, wants[i]), "--help lacks %s", wants[i]);
    free(text);
}

/* ---- rejection ---- */

/* Arrays, not pointers: Criterion hands parameters to workers in other processes. */
typedef struct reject_case {
    char args[4][48]; /* "" ends the list */
    char env[48];     /* one NAME=value, or "" */
    char want[160];   /* the whole message */
} reject_case;

ParameterizedTestParameters(config, rejections)
{
    static reject_case cases[] = {
        {{"-X", "foo.bar=1"}, "", "unknown configuration key \"foo.bar\" (from -X)"},
        {{"-X", "test.nope=1"}, "", "unknown configuration key \"test.nope\" (from -X)"},
        {{"-X", "test.batch=ten"},
         "",
         "bad value for \"test.batch\" (from -X): \"ten\" is not an integer"},
        {{"--batch", "1.5"},
         "",
         "bad value for \"test.batch\" (from --batch): \"1.5\" is not an integer"},
        {{""},
         "TELEX_TEST_STRICT=maybe",
         "bad value for \"test.strict\" (from TELEX_TEST_STRICT): \"maybe\" is not a boolean "
         "(true/false/yes/no/1/0)"},
        {{"-X", "test.ratio=half"},
         "",
         "bad value for \"test.ratio\" (from -X): \"half\" is not a number"},
        {{"-X", "connect.timeout.ms="},
         "",
         "bad value for \"connect.timeout.ms\" (from -X): \"\" is not an integer"},
        {{"-X", "socket.timeout.ms=soon"},
         "",
         "bad value for \"socket.timeout.ms\" (from -X): Invalid value for configuration "
         "property \"socket.timeout.ms\""},
        {{"-c", "/nonexistent/telex.conf"},
         "",
         "cannot read config file \"/nonexistent/telex.conf\": No such file or directory"},
        {{"-X", "novalue"}, "", "-X needs KEY=VALUE, got \"novalue\""},
        {{"-b"}, "", "option \"-b\" needs a value"},
        {{"--frobnicate"}, "", "unknown option \"--frobnicate\" (see --help)"},
        {{"-Z"}, "", "unknown option \"-Z\" (see --help)"},
        {{"--stdio=yes"}, "", "option \"--stdio\" takes no value"},
        {{"stray"}, "", "unexpected argument \"stray\" (see --help)"},
        {{"--json"}, "", "--json needs --stdio"},
        {{"--log-level", "loud"},
         "",
         "bad value for \"log.level\" (from --log-level): \"loud\" is not debug, info, warn or "
         "error"},
        {{"--namespace", "bt 42"},
         "",
         "bad value for \"namespace\": \"bt 42\" may hold only letters, digits, '.', '_' and '-'"},
        {{"-X", "processing.guarantee=twice"},
         "",
         "bad value for \"processing.guarantee\" (from -X): \"twice\" is not at_least_once or "
         "exactly_once"},
        {{"-X", "processing.guarantee=exactly_once", "-X", "enable.idempotence=false"},
         "",
         "processing.guarantee=exactly_once needs enable.idempotence=true (set to \"false\" "
         "from -X)"},
        {{"-X", "processing.guarantee=exactly_once", "--stdio"},
         "",
         "processing.guarantee=exactly_once needs a broker: it does not apply to --stdio"},
        {{"-X", "transactional.id=t1"},
         "",
         "transactional.id (from -X) needs processing.guarantee=exactly_once"},
        {{"-X", "processing.guarantee=exactly_once", "-X", "transactional.id="},
         "",
         "bad value for \"transactional.id\" (from -X): it is empty"},
    };
    return cr_make_param_array(reject_case, cases, sizeof(cases) / sizeof(cases[0]));
}

ParameterizedTest(reject_case *c, config, rejections)
{
    char *argv[8] = {"telex-test"};
    int argc = 1;
    char *env[] = {c->env[0] ? c->env : NULL, NULL};
    char err[512] = "";
    telex_config *cfg = (telex_config *)1;

    for (int i = 0; i < 4 && c->args[i][0]; i++)
        argv[argc++] = c->args[i];
    int rc = telex_config_parse(&test_program, argc, argv, env, NULL, &cfg, err, sizeof(err));
    cr_expect_eq(rc, -1, "accepted: %s", c->want);
    cr_expect_null(cfg);
    cr_expect_str_eq(err, c->want);
}

Test(config, errors_in_a_file_name_the_line)
{
    char err[512];
    telex_config *cfg = NULL;

    write_conf("linger.ms=5\nfoo.bar=1\n");
    char *argv[] = {"telex-test", "-c", conf_path};
    cr_assert_eq(telex_config_parse(&test_program, 3, argv, no_env, NULL, &cfg, err, sizeof(err)),
                 -1);
    char want[256];
    snprintf(want, sizeof(want), "unknown configuration key \"foo.bar\" (from %s line 2)",
             conf_path);
    cr_expect_str_eq(err, want);

    remove_conf();
    write_conf("just words\n");
    argv[2] = conf_path;
    cr_assert_eq(telex_config_parse(&test_program, 3, argv, no_env, NULL, &cfg, err, sizeof(err)),
                 -1);
    snprintf(want, sizeof(want), "%s line 1: expected KEY=VALUE", conf_path);
    cr_expect_str_eq(err, want);
}

/* ---- processing.guarantee ---- */

Test(config, at_least_once_is_the_default)
{
    telex_config *cfg = parse_ok(NULL, no_env, NULL);
    cr_expect_eq(telex_config_common(cfg)->exactly_once, 0);
    cr_expect_null(telex_config_common(cfg)->transactional_id);
    telex_config_free(cfg);
}

Test(config, exactly_once_gets_a_transactional_id_unique_to_the_process)
{
    const char *args[] = {"-X", "processing.guarantee=exactly_once", "-G", "g7", NULL};
    telex_config *cfg = parse_ok(args, no_env, NULL);
    const telex_common *c = telex_config_common(cfg);
    char host[128] = "", want[320];

    gethostname(host, sizeof(host) - 1);
    snprintf(want, sizeof(want), "g7-%s-%ld", host, (long)getpid());
    cr_expect_eq(c->exactly_once, 1);
    cr_expect_str_eq(c->transactional_id, want);
    telex_config_free(cfg);
}

Test(config, exactly_once_from_the_environment_with_a_given_id)
{
    char *env[] = {"TELEX_PROCESSING_GUARANTEE=exactly_once", "TELEX_TRANSACTIONAL_ID=tag-0", NULL};
    telex_config *cfg = parse_ok(NULL, env, NULL);
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    char err[256], value[64];
    size_t size = sizeof(value);

    cr_expect_eq(telex_config_common(cfg)->exactly_once, 1);
    cr_expect_str_eq(telex_config_common(cfg)->transactional_id, "tag-0");
    /* The producer alone gets it: it is not among the keys every client receives. */
    cr_assert_eq(telex_config_apply_kafka(cfg, conf, err, sizeof(err)), 0, "%s", err);
    value[0] = '\0';
    rd_kafka_conf_get(conf, "transactional.id", value, &size); /* unset: not found */
    cr_expect_str_eq(value, "", "transactional.id leaked to every client: %s", value);
    rd_kafka_conf_destroy(conf);
    telex_config_free(cfg);
}

Test(config, exactly_once_is_only_for_stages)
{
    static const telex_program reader = {.name = "reader", .key_groups = TELEX_KEYS_CONSUMER};
    char *argv[] = {"telex-reader", "-X", "processing.guarantee=exactly_once"};
    char err[512];
    telex_config *cfg = NULL;

    cr_assert_eq(telex_config_parse(&reader, 3, argv, no_env, NULL, &cfg, err, sizeof(err)), -1);
    cr_expect_str_eq(err,
                     "processing.guarantee=exactly_once applies only to stages, not to reader");
}

/* ---- secrets ---- */

typedef struct secret_key {
    char key[48];
} secret_key;

ParameterizedTestParameters(config, secret_keys)
{
    static secret_key secret[] = {{"sasl.password"},
                                  {"ssl.key.password"},
                                  {"ssl.key.pem"},
                                  {"sasl.oauthbearer.config"},
                                  {"sasl.oauthbearer.client.secret"},
                                  {"ssl.keystore.password"}};
    return cr_make_param_array(secret_key, secret, sizeof(secret) / sizeof(secret[0]));
}

ParameterizedTest(secret_key *s, config, secret_keys)
{
    cr_expect_eq(telex_config_is_secret(s->key), 1, "%s", s->key);
}

Test(config, ordinary_keys_are_not_secret)
{
    cr_expect_eq(telex_config_is_secret("bootstrap.servers"), 0);
    cr_expect_eq(telex_config_is_secret("sasl.username"), 0);
    cr_expect_eq(telex_config_is_secret("ssl.ca.location"), 0);
}

Test(config, secrets_are_masked_when_printed)
{
    const char *args[] = {"-X", "sasl.password=hunter2", "-X", "linger.ms=7", NULL};
    telex_config *cfg = parse_ok(args, no_env, NULL);
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);

    telex_config_dump(cfg, f);
    fclose(f);
    cr_expect_not_null(strstr(text, "sasl.password=***\n"), "%s", text);
    cr_expect_not_null(strstr(text, "linger.ms=7\n"), "%s", text);
    cr_expect_null(strstr(text, "hunter2"), "the secret leaked: %s", text);
    cr_expect_null(strstr(text, "group.id"), "defaults are not printed: %s", text);
    free(text);
    telex_config_free(cfg);
}

Test(config, secrets_are_masked_in_errors)
{
    char *argv[] = {"telex-test", "-X", "test.secret.pin=hunter2"};
    char err[512];
    telex_config *cfg = NULL;

    cr_assert_eq(telex_config_parse(&test_program, 3, argv, no_env, NULL, &cfg, err, sizeof(err)),
                 -1);
    cr_expect_null(strstr(err, "hunter2"), "the secret leaked: %s", err);
    cr_expect_str_eq(err, "bad value for \"test.secret.pin\" (from -X): \"***\" is not an integer");
}
