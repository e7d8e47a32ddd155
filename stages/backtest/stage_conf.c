/*
 * The properties file of a stage started by telex-backtest (see stage_conf.h).
 *
 * The librdkafka keys are found without a list of names: the backtest's
 * settings are applied to an empty librdkafka configuration, and every
 * property whose value then differs from a fresh one's is a key the user set.
 */
#include "stage_conf.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static const char *const passed_runtime_keys[] = {"log.level", "connect.timeout.ms",
                                                  "shutdown.timeout.ms", "dlq.topic"};

/* Writes "key=value", refusing what a properties line cannot hold unchanged. */
static int write_pair(FILE *f, const char *key, const char *value, char *err, size_t errlen)
{
    size_t len = strlen(value);
    if (strpbrk(value, "\r\n") || (len && (value[0] == ' ' || value[len - 1] == ' '))) {
        snprintf(err, errlen,
                 "cannot pass \"%s\" on to the stages: its value has line breaks or outer "
                 "spaces (use the *.location form of the key)",
                 key);
        return -1;
    }
    fprintf(f, "%s=%s\n", key, value);
    return 0;
}

/* The value of key in a librdkafka dump (key, value, key, value ...), or NULL. */
static const char *dump_value(const char **dump, size_t n, const char *key)
{
    for (size_t i = 0; i + 1 < n; i += 2)
        if (strcmp(dump[i], key) == 0)
            return dump[i + 1];
    return NULL;
}

/* Writes the pairs of set that differ from plain. */
static int write_changed(FILE *f, const char **set, size_t n_set, const char **plain,
                         size_t n_plain, char *err, size_t errlen)
{
    for (size_t i = 0; i + 1 < n_set; i += 2) {
        const char *before = dump_value(plain, n_plain, set[i]);
        if (before && strcmp(before, set[i + 1]) == 0)
            continue;
        if (write_pair(f, set[i], set[i + 1], err, errlen) != 0)
            return -1;
    }
    return 0;
}

/* The global and the default topic properties of conf that a fresh conf does not have. */
static int write_kafka_keys(FILE *f, rd_kafka_conf_t *conf, char *err, size_t errlen)
{
    rd_kafka_conf_t *fresh = rd_kafka_conf_new();
    rd_kafka_topic_conf_t *fresh_topic = rd_kafka_topic_conf_new();
    const rd_kafka_topic_conf_t *topic = rd_kafka_conf_get_default_topic_conf(conf);
    size_t n_set, n_plain, n_tset = 0, n_tplain;
    const char **set = rd_kafka_conf_dump(conf, &n_set);
    const char **plain = rd_kafka_conf_dump(fresh, &n_plain);
    const char **tset =
        topic ? rd_kafka_topic_conf_dump((rd_kafka_topic_conf_t *)topic, &n_tset) : NULL;
    const char **tplain = rd_kafka_topic_conf_dump(fresh_topic, &n_tplain);
    int rc = write_changed(f, set, n_set, plain, n_plain, err, errlen) != 0 ||
                     write_changed(f, tset, n_tset, tplain, n_tplain, err, errlen) != 0
                 ? -1
                 : 0;
    rd_kafka_conf_dump_free(set, n_set);
    rd_kafka_conf_dump_free(plain, n_plain);
    if (tset)
        rd_kafka_conf_dump_free(tset, n_tset);
    rd_kafka_conf_dump_free(tplain, n_tplain);
    rd_kafka_topic_conf_destroy(fresh_topic);
    rd_kafka_conf_destroy(fresh);
    return rc;
}

static int write_all(FILE *f, const telex_config *cfg, const stage_args *args, const char *stage,
                     char *err, size_t errlen)
{
    fprintf(f, "# Written by telex-backtest for telex-%s; removed when the run ends.\n", stage);
    for (size_t i = 0; i < sizeof(passed_runtime_keys) / sizeof(passed_runtime_keys[0]); i++) {
        const char *value = telex_config_get(cfg, passed_runtime_keys[i]);
        if (value && write_pair(f, passed_runtime_keys[i], value, err, errlen) != 0)
            return -1;
    }
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    int rc = telex_config_apply_kafka(cfg, conf, err, errlen) == 0 &&
                     write_kafka_keys(f, conf, err, errlen) == 0
                 ? 0
                 : -1;
    rd_kafka_conf_destroy(conf);
    for (size_t i = 0; rc == 0 && i < args->n; i++) {
        const char *pair = args->pairs[i];
        const char *eq = strchr(pair, '=');
        char key[256];
        if (!stage_args_is_for(pair, stage) || !eq)
            continue;
        snprintf(key, sizeof(key), "%.*s", (int)(eq - pair), pair);
        rc = write_pair(f, key, eq + 1, err, errlen);
    }
    return rc;
}

int stage_conf_write(const telex_config *cfg, const stage_args *args, const char *stage,
                     const char *path, char *err, size_t errlen)
{
    unlink(path);
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
    if (!f) {
        snprintf(err, errlen, "cannot create %s: %s", path, strerror(errno));
        if (fd >= 0)
            close(fd);
        return -1;
    }
    int rc = write_all(f, cfg, args, stage, err, errlen);
    if (fclose(f) != 0 && rc == 0) {
        snprintf(err, errlen, "cannot write %s: %s", path, strerror(errno));
        rc = -1;
    }
    if (rc != 0)
        unlink(path);
    return rc;
}
