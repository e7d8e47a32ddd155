/*
 * Configuration: the command line, -c properties files and the environment,
 * merged into one list of key=value settings.
 *
 * Every setting remembers where it came from ("-X", "--metrics", "TELEX_BROKERS",
 * "telex.conf line 3") and a rank: defaults 0 < -c FILE 1 < environment 2 <
 * command line 3. A setting replaces another of the same key when its rank is
 * the same or higher, so the order of the sources does not matter and the last
 * of two -X for one key wins.
 *
 * Once merged, every key is checked: the runtime's own keys (the table below)
 * and the program's keys ("<name>.*", its telex_conf_entry table) by type;
 * every other key by librdkafka on a scratch rd_kafka_conf_t, so a typo or a
 * bad value stops start-up with one line naming the key and its source.
 * Values of secret keys never appear in messages. TELEX_KAFKA_<KEY> variables
 * and "@file:PATH" values are config_secrets.c's.
 */
#include "runtime/config_internal.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

extern char **environ;

const runtime_key telex_runtime_keys[] = {
    {"bootstrap.servers", TELEX_CONF_STRING, NULL, "TELEX_BROKERS", 'b', "brokers", NULL, "BROKERS",
     0, "Kafka brokers, host:port[,host:port...]"},
    {"namespace", TELEX_CONF_STRING, "", "TELEX_NAMESPACE", 0, "namespace", NULL, "NS", 0,
     "prefix \"NS.\" on every topic (isolates a backtest)"},
    {"input.topics", TELEX_CONF_STRING, NULL, "TELEX_INPUT_TOPICS", 't', "topic", NULL, "TOPIC",
     TELEX_KEYS_CONSUMER, "input topic(s), comma-separated, or ^regex"},
    {"group.id", TELEX_CONF_STRING, NULL, "TELEX_GROUP", 'G', "group", NULL, "GROUP",
     TELEX_KEYS_CONSUMER, "consumer group (default telex-<name>)"},
    {"output.topic", TELEX_CONF_STRING, NULL, "TELEX_OUTPUT_TOPIC", 0, "output", NULL, "TOPIC",
     TELEX_KEYS_PRODUCER, "output topic"},
    {"dlq.topic", TELEX_CONF_STRING, "wire.dlq", "TELEX_DLQ_TOPIC", 0, "dlq", NULL, "TOPIC",
     TELEX_KEYS_STAGE, "dead-letter topic for rejected records"},
    {"stdio", TELEX_CONF_BOOL, "false", NULL, 0, "stdio", "true", NULL, TELEX_KEYS_STAGE,
     "no broker: length-prefixed frames from stdin to stdout"},
    {"json", TELEX_CONF_BOOL, "false", NULL, 0, "json", "true", NULL, TELEX_KEYS_STAGE,
     "with --stdio: print the JSON view of output records, one a line"},
    {"metrics.listen", TELEX_CONF_STRING, NULL, "TELEX_METRICS", 0, "metrics", NULL, "ADDR:PORT", 0,
     "serve /metrics, /healthz, /readyz there (default: off)"},
    {"log.level", TELEX_CONF_STRING, "info", "TELEX_LOG_LEVEL", 0, "log-level", NULL, "LEVEL", 0,
     "debug, info, warn or error"},
    {"connect.timeout.ms", TELEX_CONF_INT, "10000", NULL, 0, NULL, NULL, NULL, 0,
     "how long to wait for a broker at start-up"},
    {"shutdown.timeout.ms", TELEX_CONF_INT, "10000", NULL, 0, NULL, NULL, NULL, 0,
     "how long to wait for deliveries when stopping"},
    {"processing.guarantee", TELEX_CONF_STRING, "at_least_once", "TELEX_PROCESSING_GUARANTEE", 0,
     NULL, NULL, NULL, TELEX_KEYS_STAGE,
     "at_least_once, or exactly_once (Kafka transactions; readers use read_committed)"},
    {"transactional.id", TELEX_CONF_STRING, NULL, "TELEX_TRANSACTIONAL_ID", 0, NULL, NULL, NULL,
     TELEX_KEYS_STAGE, "with exactly_once: this instance's id (default <group.id>-<host>-<pid>)"},
    {0},
};

/* ---- settings ---- */

static setting *find_setting(const telex_config *cfg, const char *key)
{
    for (size_t i = 0; i < cfg->n_settings; i++) {
        if (strcmp(cfg->settings[i].key, key) == 0)
            return &cfg->settings[i];
    }
    return NULL;
}

static int replace_setting(setting *s, const char *value, const char *source, int rank)
{
    char *new_value = strdup(value);
    char *new_source = strdup(source);
    if (!new_value || !new_source) {
        free(new_value);
        free(new_source);
        return -1;
    }
    free(s->value);
    free(s->source);
    s->value = new_value;
    s->source = new_source;
    s->rank = rank;
    s->secret = 0;
    return 0;
}

/* Sets key=value unless a setting of a higher rank has it. Returns 0 or -1. */
int telex_config_set_value(telex_config *cfg, const char *key, const char *value,
                           const char *source, int rank, char *err, size_t errlen)
{
    setting *s = find_setting(cfg, key);

    if (s) {
        if (s->rank > rank)
            return 0;
        if (replace_setting(s, value, source, rank) == 0)
            return 0;
        goto err_no_memory;
    }
    if (cfg->n_settings == cfg->cap_settings) {
        size_t cap = cfg->cap_settings ? 2 * cfg->cap_settings : 32;
        setting *grown = realloc(cfg->settings, cap * sizeof(*grown));
        if (!grown)
            goto err_no_memory;
        cfg->settings = grown;
        cfg->cap_settings = cap;
    }
    s = &cfg->settings[cfg->n_settings];
    memset(s, 0, sizeof(*s));
    s->key = strdup(key);
    if (!s->key)
        goto err_no_memory;
    if (replace_setting(s, value, source, rank) != 0) {
        free(s->key);
        goto err_no_memory;
    }
    cfg->n_settings++;
    return 0;

err_no_memory:
    snprintf(err, errlen, "out of memory");
    return -1;
}

int telex_config_add_string(char ***list, size_t *n, const char *value)
{
    char **grown = realloc(*list, (*n + 1) * sizeof(*grown));
    if (!grown)
        return -1;
    *list = grown;
    grown[*n] = strdup(value);
    if (!grown[*n])
        return -1;
    (*n)++;
    return 0;
}

int telex_config_in_groups(const telex_program *prog, unsigned group)
{
    return group == 0 || (prog->key_groups & group) != 0;
}

static const runtime_key *runtime_key_by_name(const char *key)
{
    for (const runtime_key *k = telex_runtime_keys; k->key; k++) {
        if (strcmp(k->key, key) == 0)
            return k;
    }
    return NULL;
}

/* ---- -c FILE ---- */

static char *trim(char *s)
{
    while (isspace((unsigned char)*s))
        s++;
    size_t n = strlen(s);
    while (n > 0 && isspace((unsigned char)s[n - 1]))
        s[--n] = '\0';
    return s;
}

static int load_file_line(telex_config *cfg, const char *path, int line_no, char *line, char *err,
                          size_t errlen)
{
    char source[512];
    char *text = trim(line);
    char *eq;

    if (*text == '\0' || *text == '#')
        return 0;
    eq = strchr(text, '=');
    if (!eq || eq == text) {
        snprintf(err, errlen, "%s line %d: expected KEY=VALUE", path, line_no);
        return -1;
    }
    *eq = '\0';
    snprintf(source, sizeof(source), "%s line %d", path, line_no);
    return telex_config_set_value(cfg, trim(text), trim(eq + 1), source, RANK_FILE, err, errlen);
}

static int load_file(telex_config *cfg, const char *path, char *err, size_t errlen)
{
    FILE *f = fopen(path, "r");
    char *line = NULL;
    size_t cap = 0;
    int line_no = 0;
    int rc = 0;

    if (!f) {
        snprintf(err, errlen, "cannot read config file \"%s\": %s", path, strerror(errno));
        return -1;
    }
    while (rc == 0 && getline(&line, &cap, f) >= 0)
        rc = load_file_line(cfg, path, ++line_no, line, err, errlen);
    if (rc == 0 && ferror(f)) {
        snprintf(err, errlen, "cannot read config file \"%s\": %s", path, strerror(errno));
        rc = -1;
    }
    free(line);
    fclose(f);
    return rc;
}

/* ---- the environment ---- */

static const char *env_lookup(char **envp, const char *name)
{
    size_t n = strlen(name);
    for (char **e = envp; *e; e++) {
        if (strncmp(*e, name, n) == 0 && (*e)[n] == '=')
            return *e + n + 1;
    }
    return NULL;
}

/* TELEX_<NAME>_<KEY>: upper case, dots and dashes as underscores. */
void telex_config_env_name(const char *program, const char *key, char *out, size_t outlen)
{
    snprintf(out, outlen, "TELEX_%s_%s", program, key);
    for (char *p = out; *p; p++) {
        if (*p == '.' || *p == '-')
            *p = '_';
        else
            *p = (char)toupper((unsigned char)*p);
    }
}

static int load_environment(telex_config *cfg, char **envp, char *err, size_t errlen)
{
    char name[256];
    char key[256];

    for (const runtime_key *k = telex_runtime_keys; k->key; k++) {
        const char *value = k->env ? env_lookup(envp, k->env) : NULL;
        if (value && telex_config_set_value(cfg, k->key, value, k->env, RANK_ENV, err, errlen) != 0)
            return -1;
    }
    for (const telex_conf_entry *e = cfg->prog->config; e && e->key; e++) {
        telex_config_env_name(cfg->prog->name, e->key, name, sizeof(name));
        snprintf(key, sizeof(key), "%s.%s", cfg->prog->name, e->key);
        const char *value = env_lookup(envp, name);
        if (value && telex_config_set_value(cfg, key, value, name, RANK_ENV, err, errlen) != 0)
            return -1;
    }
    return telex_config_load_kafka_environment(cfg, envp, err, errlen);
}

/* ---- defaults ---- */

static int load_defaults(telex_config *cfg, char *err, size_t errlen)
{
    const telex_program *prog = cfg->prog;
    char key[256];
    char group[256];

    for (const runtime_key *k = telex_runtime_keys; k->key; k++) {
        if (k->default_value && telex_config_set_value(cfg, k->key, k->default_value, "default",
                                                       RANK_DEFAULT, err, errlen) != 0)
            return -1;
    }
    snprintf(group, sizeof(group), "telex-%s", prog->name);
    if (telex_config_set_value(cfg, "group.id", group, "default", RANK_DEFAULT, err, errlen) != 0)
        return -1;
    if (prog->input_topics && telex_config_set_value(cfg, "input.topics", prog->input_topics,
                                                     "default", RANK_DEFAULT, err, errlen) != 0)
        return -1;
    if (prog->output_topic && telex_config_set_value(cfg, "output.topic", prog->output_topic,
                                                     "default", RANK_DEFAULT, err, errlen) != 0)
        return -1;
    for (const telex_conf_entry *e = prog->config; e && e->key; e++) {
        snprintf(key, sizeof(key), "%s.%s", prog->name, e->key);
        if (e->default_value && telex_config_set_value(cfg, key, e->default_value, "default",
                                                       RANK_DEFAULT, err, errlen) != 0)
            return -1;
    }
    return 0;
}

/* ---- checking values ---- */

int telex_config_is_secret(const char *key)
{
    static const char *const secret_words[] = {"password", "secret", "sasl.oauthbearer.config",
                                               "ssl.key"};
    for (size_t i = 0; i < sizeof(secret_words) / sizeof(secret_words[0]); i++) {
        if (strstr(key, secret_words[i]))
            return 1;
    }
    return 0;
}

static int is_secret_setting(const setting *s)
{
    return s->secret || telex_config_is_secret(s->key);
}

static const char *shown_value(const setting *s)
{
    return is_secret_setting(s) ? "***" : s->value;
}

static int parse_bool(const char *text, int *out)
{
    static const char *const yes[] = {"true", "1", "yes", "on"};
    static const char *const no[] = {"false", "0", "no", "off"};
    for (size_t i = 0; i < 4; i++) {
        if (strcasecmp(text, yes[i]) == 0) {
            *out = 1;
            return 0;
        }
        if (strcasecmp(text, no[i]) == 0) {
            *out = 0;
            return 0;
        }
    }
    return -1;
}

static int parse_int(const char *text, int64_t *out)
{
    char *end;
    errno = 0;
    long long v = strtoll(text, &end, 10);
    if (errno || end == text || *trim(end) != '\0')
        return -1;
    *out = (int64_t)v;
    return 0;
}

static int parse_double(const char *text, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(text, &end);
    if (errno || end == text || *end != '\0')
        return -1;
    *out = v;
    return 0;
}

static int check_type(const setting *s, telex_conf_type type, char *err, size_t errlen)
{
    int64_t i;
    int b;
    double d;
    const char *what = NULL;

    if (type == TELEX_CONF_INT && parse_int(s->value, &i) != 0)
        what = "an integer";
    else if (type == TELEX_CONF_BOOL && parse_bool(s->value, &b) != 0)
        what = "a boolean (true/false/yes/no/1/0)";
    else if (type == TELEX_CONF_DOUBLE && parse_double(s->value, &d) != 0)
        what = "a number";
    if (!what)
        return 0;
    snprintf(err, errlen, "bad value for \"%s\" (from %s): \"%s\" is not %s", s->key, s->source,
             shown_value(s), what);
    return -1;
}

static const telex_conf_entry *program_entry(const telex_program *prog, const char *key)
{
    size_t n = strlen(prog->name);
    if (strncmp(key, prog->name, n) != 0 || key[n] != '.')
        return NULL;
    for (const telex_conf_entry *e = prog->config; e && e->key; e++) {
        if (strcmp(e->key, key + n + 1) == 0)
            return e;
    }
    return NULL;
}

static int is_program_key(const telex_program *prog, const char *key)
{
    size_t n = strlen(prog->name);
    return strncmp(key, prog->name, n) == 0 && key[n] == '.';
}

static int check_kafka_key(rd_kafka_conf_t *scratch, const setting *s, char *err, size_t errlen)
{
    char reason[512];
    rd_kafka_conf_res_t res = rd_kafka_conf_set(scratch, s->key, s->value, reason, sizeof(reason));

    if (res == RD_KAFKA_CONF_OK)
        return 0;
    if (res == RD_KAFKA_CONF_UNKNOWN)
        snprintf(err, errlen, "unknown configuration key \"%s\" (from %s)", s->key, s->source);
    else if (is_secret_setting(s))
        snprintf(err, errlen, "bad value for \"%s\" (from %s)", s->key, s->source);
    else
        snprintf(err, errlen, "bad value for \"%s\" (from %s): %s", s->key, s->source, reason);
    return -1;
}

static int check_setting(const telex_config *cfg, rd_kafka_conf_t *scratch, const setting *s,
                         char *err, size_t errlen)
{
    const runtime_key *rk = runtime_key_by_name(s->key);
    const telex_conf_entry *entry;

    if (rk)
        return check_type(s, rk->type, err, errlen);
    if (is_program_key(cfg->prog, s->key)) {
        entry = program_entry(cfg->prog, s->key);
        if (!entry) {
            snprintf(err, errlen, "unknown configuration key \"%s\" (from %s)", s->key, s->source);
            return -1;
        }
        return check_type(s, entry->type, err, errlen);
    }
    return check_kafka_key(scratch, s, err, errlen);
}

static int check_settings(const telex_config *cfg, char *err, size_t errlen)
{
    rd_kafka_conf_t *scratch = rd_kafka_conf_new();
    int rc = 0;

    for (size_t i = 0; rc == 0 && i < cfg->n_settings; i++)
        rc = check_setting(cfg, scratch, &cfg->settings[i], err, errlen);
    rd_kafka_conf_destroy(scratch);
    return rc;
}

/* ---- resolving ---- */

const char *telex_config_get(const telex_config *cfg, const char *key)
{
    const setting *s = find_setting(cfg, key);
    return s ? s->value : NULL;
}

static int get_bool(const telex_config *cfg, const char *key)
{
    int b = 0;
    const char *v = telex_config_get(cfg, key);
    return v && parse_bool(v, &b) == 0 && b;
}

static int64_t get_int(const telex_config *cfg, const char *key)
{
    int64_t i = 0;
    const char *v = telex_config_get(cfg, key);
    if (v)
        parse_int(v, &i);
    return i;
}

static int check_namespace(const char *ns, char *err, size_t errlen)
{
    for (const char *p = ns; *p; p++) {
        if (!isalnum((unsigned char)*p) && *p != '.' && *p != '_' && *p != '-') {
            snprintf(err, errlen,
                     "bad value for \"namespace\": \"%s\" may hold only letters, digits, "
                     "'.', '_' and '-'",
                     ns);
            return -1;
        }
    }
    return 0;
}

/*
 * The default transactional.id: unique to this process, so two instances on
 * one host never fence each other. Zombie fencing does not need a stable id:
 * the offsets go to the transaction with the consumer group's metadata, and
 * the group coordinator rejects those of a member that lost its partitions
 * (KIP-447). A stable id (-X transactional.id=...) only lets a restarted
 * instance abort its predecessor's open transaction at once instead of after
 * transaction.timeout.ms.
 */
static void default_transactional_id(telex_config *cfg)
{
    char host[128] = "localhost";

    gethostname(host, sizeof(host) - 1);
    host[sizeof(host) - 1] = '\0';
    snprintf(cfg->default_transactional_id, sizeof(cfg->default_transactional_id), "%s-%s-%ld",
             cfg->common.group_id, host, (long)getpid());
}

/* What exactly_once cannot go with; 0 or -1 with the reason in err. */
static int check_exactly_once(const telex_config *cfg, char *err, size_t errlen)
{
    const setting *idempotence = find_setting(cfg, "enable.idempotence");
    int enabled = 1;

    if (!telex_config_in_groups(cfg->prog, TELEX_KEYS_STAGE)) {
        snprintf(err, errlen, "processing.guarantee=exactly_once applies only to stages, not to %s",
                 cfg->prog->name);
        return -1;
    }
    if (cfg->common.stdio) {
        snprintf(err, errlen,
                 "processing.guarantee=exactly_once needs a broker: it does not apply to --stdio");
        return -1;
    }
    if (idempotence && parse_bool(idempotence->value, &enabled) == 0 && !enabled) {
        snprintf(err, errlen,
                 "processing.guarantee=exactly_once needs enable.idempotence=true (set to \"%s\" "
                 "from %s)",
                 idempotence->value, idempotence->source);
        return -1;
    }
    return 0;
}

/* processing.guarantee and transactional.id; 0 or -1 with the reason in err. */
static int resolve_guarantee(telex_config *cfg, char *err, size_t errlen)
{
    telex_common *c = &cfg->common;
    const setting *guarantee = find_setting(cfg, "processing.guarantee");
    const setting *txn_id = find_setting(cfg, "transactional.id");

    if (strcmp(guarantee->value, "exactly_once") == 0) {
        c->exactly_once = 1;
    } else if (strcmp(guarantee->value, "at_least_once") != 0) {
        snprintf(err, errlen,
                 "bad value for \"processing.guarantee\" (from %s): \"%s\" is not at_least_once "
                 "or exactly_once",
                 guarantee->source, guarantee->value);
        return -1;
    }
    if (txn_id && !c->exactly_once) {
        snprintf(err, errlen, "transactional.id (from %s) needs processing.guarantee=exactly_once",
                 txn_id->source);
        return -1;
    }
    if (!c->exactly_once)
        return 0;
    if (check_exactly_once(cfg, err, errlen) != 0)
        return -1;
    if (txn_id && *txn_id->value == '\0') {
        snprintf(err, errlen, "bad value for \"transactional.id\" (from %s): it is empty",
                 txn_id->source);
        return -1;
    }
    if (!txn_id)
        default_transactional_id(cfg);
    c->transactional_id = txn_id ? txn_id->value : cfg->default_transactional_id;
    return 0;
}

static int resolve_common(telex_config *cfg, char *err, size_t errlen)
{
    telex_common *c = &cfg->common;
    const setting *level = find_setting(cfg, "log.level");

    c->brokers = telex_config_get(cfg, "bootstrap.servers");
    c->topic_ns = telex_config_get(cfg, "namespace");
    c->input_topics = telex_config_get(cfg, "input.topics");
    c->output_topic = telex_config_get(cfg, "output.topic");
    c->dlq_topic = telex_config_get(cfg, "dlq.topic");
    c->group_id = telex_config_get(cfg, "group.id");
    c->metrics_listen = telex_config_get(cfg, "metrics.listen");
    if (c->metrics_listen && *c->metrics_listen == '\0')
        c->metrics_listen = NULL;
    c->stdio = get_bool(cfg, "stdio");
    c->json = get_bool(cfg, "json");
    c->connect_timeout_ms = get_int(cfg, "connect.timeout.ms");
    c->shutdown_timeout_ms = get_int(cfg, "shutdown.timeout.ms");
    c->files = cfg->files;
    c->n_files = cfg->n_files;
    if (telex_log_level_parse(level->value, &c->log_level) != 0) {
        snprintf(err, errlen,
                 "bad value for \"log.level\" (from %s): \"%s\" is not debug, info, warn or "
                 "error",
                 level->source, level->value);
        return -1;
    }
    if (check_namespace(c->topic_ns, err, errlen) != 0)
        return -1;
    if (c->json && !c->stdio) {
        snprintf(err, errlen, "--json needs --stdio");
        return -1;
    }
    return resolve_guarantee(cfg, err, errlen);
}

static void fill_entry(const telex_config *cfg, const telex_conf_entry *e, void *ctx)
{
    char key[256];
    char *field = (char *)ctx + e->offset;

    snprintf(key, sizeof(key), "%s.%s", cfg->prog->name, e->key);
    const char *value = telex_config_get(cfg, key);
    switch (e->type) {
    case TELEX_CONF_STRING:
        *(const char **)(void *)field = value;
        break;
    case TELEX_CONF_INT:
        *(int64_t *)(void *)field = get_int(cfg, key);
        break;
    case TELEX_CONF_BOOL:
        *(int *)(void *)field = get_bool(cfg, key);
        break;
    case TELEX_CONF_DOUBLE: {
        double d = 0;
        if (value)
            parse_double(value, &d);
        *(double *)(void *)field = d;
        break;
    }
    }
}

void telex_config_free(telex_config *cfg)
{
    if (!cfg)
        return;
    for (size_t i = 0; i < cfg->n_settings; i++) {
        free(cfg->settings[i].key);
        free(cfg->settings[i].value);
        free(cfg->settings[i].source);
    }
    for (size_t i = 0; i < cfg->n_conf_files; i++)
        free(cfg->conf_files[i]);
    for (size_t i = 0; i < cfg->n_files; i++)
        free(cfg->files[i]);
    free(cfg->settings);
    free(cfg->conf_files);
    free(cfg->files);
    free(cfg);
}

static int merge_sources(telex_config *cfg, int argc, char **argv, char **envp, char *err,
                         size_t errlen)
{
    if (telex_config_parse_args(cfg, argc, argv, err, errlen) != 0)
        return -1;
    if (cfg->common.help)
        return 0;
    for (size_t i = 0; i < cfg->n_conf_files; i++) {
        if (load_file(cfg, cfg->conf_files[i], err, errlen) != 0)
            return -1;
    }
    if (load_environment(cfg, envp ? envp : environ, err, errlen) != 0)
        return -1;
    if (load_defaults(cfg, err, errlen) != 0)
        return -1;
    return telex_config_resolve_files(cfg, err, errlen);
}

int telex_config_parse(const telex_program *prog, int argc, char **argv, char **envp, void *ctx,
                       telex_config **out, char *err, size_t errlen)
{
    telex_config *cfg = calloc(1, sizeof(*cfg));

    *out = NULL;
    if (!cfg) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    cfg->prog = prog;
    if (merge_sources(cfg, argc, argv, envp, err, errlen) != 0)
        goto err_free_cfg;
    if (cfg->common.help) {
        *out = cfg;
        return 0;
    }
    if (check_settings(cfg, err, errlen) != 0 || resolve_common(cfg, err, errlen) != 0)
        goto err_free_cfg;
    for (const telex_conf_entry *e = prog->config; ctx && e && e->key; e++)
        fill_entry(cfg, e, ctx);
    *out = cfg;
    return 0;

err_free_cfg:
    telex_config_free(cfg);
    return -1;
}

const telex_common *telex_config_common(const telex_config *cfg)
{
    return &cfg->common;
}

static int is_kafka_key(const telex_config *cfg, const char *key)
{
    return !runtime_key_by_name(key) && !is_program_key(cfg->prog, key);
}

int telex_config_apply_kafka(const telex_config *cfg, rd_kafka_conf_t *conf, char *err,
                             size_t errlen)
{
    char reason[512];

    for (size_t i = 0; i < cfg->n_settings; i++) {
        const setting *s = &cfg->settings[i];
        if (!is_kafka_key(cfg, s->key))
            continue;
        if (rd_kafka_conf_set(conf, s->key, s->value, reason, sizeof(reason)) != RD_KAFKA_CONF_OK) {
            snprintf(err, errlen, "bad value for \"%s\" (from %s)", s->key, s->source);
            return -1;
        }
    }
    return 0;
}

int telex_config_topic(const telex_config *cfg, const char *topic, char *out, size_t outlen)
{
    const char *ns = cfg->common.topic_ns ? cfg->common.topic_ns : "";
    int n;

    if (*ns)
        n = snprintf(out, outlen, "%s.%s", ns, topic);
    else
        n = snprintf(out, outlen, "%s", topic);
    return n < 0 || (size_t)n >= outlen ? -1 : 0;
}

const char *telex_config_logical_topic(const telex_config *cfg, const char *full_topic)
{
    const char *ns = cfg->common.topic_ns ? cfg->common.topic_ns : "";
    size_t n = strlen(ns);

    if (n > 0 && strncmp(full_topic, ns, n) == 0 && full_topic[n] == '.')
        return full_topic + n + 1;
    return full_topic;
}

void telex_config_dump(const telex_config *cfg, FILE *out)
{
    for (size_t i = 0; i < cfg->n_settings; i++) {
        const setting *s = &cfg->settings[i];
        if (s->rank != RANK_DEFAULT)
            fprintf(out, "%s=%s\n", s->key, shown_value(s));
    }
}
