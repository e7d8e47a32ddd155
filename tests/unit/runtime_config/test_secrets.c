/*
 * Unit tests of config_secrets.c through telex/runtime.h: librdkafka keys from
 * TELEX_KAFKA_<KEY> variables (matched against librdkafka's own key names, so
 * underscores that belong to a key survive), values read from "@file:PATH",
 * and that neither kind of secret shows in the config dump or in errors.
 */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "telex/runtime.h"

static const telex_conf_entry secret_test_config[] = {
    {TELEX_CONF_INT, "batch", "10", 0, "records a batch"},
    {0},
};

static const telex_program secret_test_program = {
    .name = "test",
    .key_groups = TELEX_KEYS_CONSUMER | TELEX_KEYS_PRODUCER | TELEX_KEYS_STAGE,
    .config = secret_test_config,
};

static char secret_path[64];
static char *no_env[] = {NULL};

/* Writes bytes to a fresh temporary file named secret_path. */
static void write_secret(const char *bytes, size_t len)
{
    strcpy(secret_path, "/tmp/telex-secret-test-XXXXXX");
    int fd = mkstemp(secret_path);
    cr_assert_geq(fd, 0);
    cr_assert_eq(write(fd, bytes, len), (ssize_t)len);
    close(fd);
}

static void remove_secret(void)
{
    if (secret_path[0])
        unlink(secret_path);
    secret_path[0] = '\0';
}

TestSuite(secrets, .fini = remove_secret);

/* argv without argv[0], NULL-terminated. Returns the config or NULL (err filled). */
static telex_config *parse(const char **args, char **env, char *err, size_t errlen)
{
    char *argv[16] = {"telex-test"};
    int argc = 1;
    telex_config *cfg = NULL;

    while (args && args[argc - 1])
        argv[argc] = (char *)args[argc - 1], argc++;
    err[0] = '\0';
    telex_config_parse(&secret_test_program, argc, argv, env, NULL, &cfg, err, errlen);
    return cfg;
}

static char *dump_text(const telex_config *cfg)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    telex_config_dump(cfg, f);
    fclose(f);
    return text;
}

/* ---- TELEX_KAFKA_<KEY> ---- */

typedef struct env_case {
    char variable[64]; /* NAME=value */
    char key[48];      /* the librdkafka key it must set */
    char value[32];
} env_case;

ParameterizedTestParameters(secrets, kafka_keys_from_the_environment)
{
    static env_case cases[] = {
        {"TELEX_KAFKA_SASL_PASSWORD=hunter2", "sasl.password", "hunter2"},
        {"TELEX_KAFKA_SSL_KEY_PASSWORD=p4ss", "ssl.key.password", "p4ss"},
        {"TELEX_KAFKA_LINGER_MS=7", "linger.ms", "7"},
        /* a topic-level key */
        {"TELEX_KAFKA_MESSAGE_TIMEOUT_MS=5000", "message.timeout.ms", "5000"},
        /* an underscore that belongs to the key: librdkafka's log_level, not log.level */
        {"TELEX_KAFKA_LOG_LEVEL=3", "log_level", "3"},
    };
    return cr_make_param_array(env_case, cases, sizeof(cases) / sizeof(cases[0]));
}

ParameterizedTest(env_case *c, secrets, kafka_keys_from_the_environment)
{
    char *env[] = {c->variable, NULL};
    char err[512];
    telex_config *cfg = parse(NULL, env, err, sizeof(err));

    cr_assert_not_null(cfg, "%s: %s", c->variable, err);
    cr_expect_str_eq(telex_config_get(cfg, c->key), c->value, "%s", c->variable);
    telex_config_free(cfg);
}

Test(secrets, log_level_variable_leaves_telex_log_level_alone)
{
    char *env[] = {"TELEX_KAFKA_LOG_LEVEL=3", NULL};
    char err[512];
    telex_config *cfg = parse(NULL, env, err, sizeof(err));

    cr_assert_not_null(cfg, "%s", err);
    cr_expect_str_eq(telex_config_get(cfg, "log.level"), "info");
    cr_expect_eq(telex_config_common(cfg)->log_level, TELEX_LOG_INFO);
    telex_config_free(cfg);
}

Test(secrets, kafka_variable_reaches_librdkafka)
{
    char *env[] = {"TELEX_KAFKA_SASL_USERNAME=alice", NULL};
    char err[512], value[64];
    size_t size = sizeof(value);
    telex_config *cfg = parse(NULL, env, err, sizeof(err));
    rd_kafka_conf_t *conf = rd_kafka_conf_new();

    cr_assert_not_null(cfg, "%s", err);
    cr_assert_eq(telex_config_apply_kafka(cfg, conf, err, sizeof(err)), 0, "%s", err);
    cr_assert_eq(rd_kafka_conf_get(conf, "sasl.username", value, &size), RD_KAFKA_CONF_OK);
    cr_expect_str_eq(value, "alice");
    rd_kafka_conf_destroy(conf);
    telex_config_free(cfg);
}

Test(secrets, command_line_beats_kafka_variable)
{
    char *env[] = {"TELEX_KAFKA_LINGER_MS=7", NULL};
    const char *args[] = {"-X", "linger.ms=9", NULL};
    char err[512];
    telex_config *cfg = parse(args, env, err, sizeof(err));

    cr_assert_not_null(cfg, "%s", err);
    cr_expect_str_eq(telex_config_get(cfg, "linger.ms"), "9");
    telex_config_free(cfg);
}

Test(secrets, unknown_kafka_variable_is_an_error)
{
    char *env[] = {"TELEX_KAFKA_SASL_PASWORD=hunter2", NULL};
    char err[512];
    telex_config *cfg = parse(NULL, env, err, sizeof(err));

    cr_expect_null(cfg);
    cr_expect_str_eq(err, "unknown configuration key in environment variable "
                          "TELEX_KAFKA_SASL_PASWORD: no librdkafka key reads so "
                          "(TELEX_KAFKA_SASL_PASSWORD sets sasl.password)");
    cr_expect_null(strstr(err, "hunter2"));
}

Test(secrets, bad_librdkafka_value_read_from_a_file_is_not_shown)
{
    char variable[128], err[512];

    write_secret("hunter2\n", 8);
    snprintf(variable, sizeof(variable), "TELEX_KAFKA_LINGER_MS=@file:%s", secret_path);
    char *env[] = {variable, NULL};
    cr_assert_null(parse(NULL, env, err, sizeof(err)));
    cr_expect_str_eq(err, "bad value for \"linger.ms\" (from TELEX_KAFKA_LINGER_MS)");
}

Test(secrets, kafka_variable_is_masked_in_the_dump)
{
    char *env[] = {"TELEX_KAFKA_SSL_KEY_PASSWORD=s3cr3t-value", NULL};
    char err[512];
    telex_config *cfg = parse(NULL, env, err, sizeof(err));

    cr_assert_not_null(cfg, "%s", err);
    char *text = dump_text(cfg);
    cr_expect_not_null(strstr(text, "ssl.key.password=***\n"), "%s", text);
    cr_expect_null(strstr(text, "s3cr3t-value"), "the secret leaked: %s", text);
    free(text);
    telex_config_free(cfg);
}

/* ---- @file:PATH ---- */

typedef struct file_case {
    char bytes[32];
    char want[32];
} file_case;

ParameterizedTestParameters(secrets, value_from_a_file)
{
    static file_case cases[] = {
        {"hunter2\n", "hunter2"},           /* the trailing newline goes */
        {"hunter2", "hunter2"},             /* none to remove */
        {"hunter2\r\n", "hunter2"},         /* written on Windows */
        {"hunter2\n\n", "hunter2\n"},       /* only one newline goes */
        {" spaced out \n", " spaced out "}, /* spaces are the secret's own */
    };
    return cr_make_param_array(file_case, cases, sizeof(cases) / sizeof(cases[0]));
}

ParameterizedTest(file_case *c, secrets, value_from_a_file)
{
    char arg[128], err[512];

    write_secret(c->bytes, strlen(c->bytes));
    snprintf(arg, sizeof(arg), "sasl.password=@file:%s", secret_path);
    const char *args[] = {"-X", arg, NULL};
    telex_config *cfg = parse(args, no_env, err, sizeof(err));
    cr_assert_not_null(cfg, "%s", err);
    cr_expect_str_eq(telex_config_get(cfg, "sasl.password"), c->want);
    telex_config_free(cfg);
    remove_secret();
}

Test(secrets, file_value_from_the_environment_is_masked_whatever_the_key)
{
    char variable[128], err[512];

    write_secret("my-client-7\n", 12);
    snprintf(variable, sizeof(variable), "TELEX_KAFKA_CLIENT_ID=@file:%s", secret_path);
    char *env[] = {variable, NULL};
    telex_config *cfg = parse(NULL, env, err, sizeof(err));
    cr_assert_not_null(cfg, "%s", err);
    cr_expect_str_eq(telex_config_get(cfg, "client.id"), "my-client-7");
    char *text = dump_text(cfg);
    cr_expect_not_null(strstr(text, "client.id=***\n"), "%s", text);
    cr_expect_null(strstr(text, "my-client-7"), "%s", text);
    free(text);
    telex_config_free(cfg);
}

Test(secrets, file_value_with_a_bad_value_is_not_shown)
{
    char arg[128], err[512];

    write_secret("hunter2\n", 8);
    snprintf(arg, sizeof(arg), "test.batch=@file:%s", secret_path);
    const char *args[] = {"-X", arg, NULL};
    cr_assert_null(parse(args, no_env, err, sizeof(err)));
    cr_expect_str_eq(err, "bad value for \"test.batch\" (from -X): \"***\" is not an integer");
}

Test(secrets, missing_file_is_an_error_naming_path_and_key)
{
    const char *args[] = {"-X", "sasl.password=@file:/nonexistent/kafka_password", NULL};
    char err[512];

    cr_assert_null(parse(args, no_env, err, sizeof(err)));
    cr_expect_str_eq(err, "cannot read secret file \"/nonexistent/kafka_password\" for "
                          "\"sasl.password\" (from -X): No such file or directory");
}

Test(secrets, empty_path_is_an_error)
{
    const char *args[] = {"-X", "sasl.password=@file:", NULL};
    char err[512];

    cr_assert_null(parse(args, no_env, err, sizeof(err)));
    cr_expect_str_eq(err, "bad value for \"sasl.password\" (from -X): \"@file:\" needs a path");
}

Test(secrets, file_with_a_nul_byte_is_an_error)
{
    char arg[128], err[512];

    write_secret("ab\0cd", 5);
    snprintf(arg, sizeof(arg), "sasl.password=@file:%s", secret_path);
    const char *args[] = {"-X", arg, NULL};
    cr_assert_null(parse(args, no_env, err, sizeof(err)));
    cr_expect_not_null(strstr(err, "holds a NUL byte"), "%s", err);
}

Test(secrets, help_documents_both_ways)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);

    telex_config_help(&secret_test_program, f);
    fclose(f);
    cr_expect_not_null(strstr(text, "TELEX_KAFKA_<KEY>"), "%s", text);
    cr_expect_not_null(strstr(text, "@file:PATH"), "%s", text);
    free(text);
}
