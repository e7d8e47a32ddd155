/*
 * Secrets for containers: librdkafka keys from the environment, and values
 * read from files.
 *
 * TELEX_KAFKA_<KEY> sets a librdkafka key: the key upper-cased with dots (and
 * underscores) as underscores, so TELEX_KAFKA_SASL_PASSWORD sets
 * sasl.password. Since "_" stands for both "." and "_", the variable is
 * matched against the names librdkafka itself lists
 * (rd_kafka_conf_properties_show(), every global and topic property); a
 * variable that names none is an error, like an unknown -X key.
 *
 * A value of the form "@file:PATH", from any source and for any key, is
 * replaced by the contents of PATH with one trailing newline ("\n" or
 * "\r\n") removed: -X sasl.password=@file:/run/secrets/kafka_password. Such a
 * value is secret from then on (masked as *** wherever settings are printed),
 * whatever its key.
 */
#include "runtime/config_internal.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define KAFKA_ENV_PREFIX "TELEX_KAFKA_"
#define FILE_PREFIX      "@file:"
#define MAX_SECRET_FILE  (1024 * 1024) /* a CA bundle fits; anything bigger is a mistake */

/* ---- TELEX_KAFKA_<KEY> ---- */

/* The property name a line of rd_kafka_conf_properties_show() starts with, or 0. */
static int property_of_line(const char *line, char *out, size_t outlen)
{
    size_t n = 0;

    while (line[n] && (islower((unsigned char)line[n]) || isdigit((unsigned char)line[n]) ||
                       line[n] == '.' || line[n] == '_'))
        n++;
    if (n == 0 || n >= outlen || strncmp(line + n, " ", 1) != 0 || !strstr(line + n, "|"))
        return 0;
    memcpy(out, line, n);
    out[n] = '\0';
    return 1;
}

/* 1 when env_suffix ("SASL_PASSWORD") is property ("sasl.password") written as a variable. */
static int env_matches_property(const char *env_suffix, const char *property)
{
    for (; *env_suffix && *property; env_suffix++, property++) {
        char want = *property == '.' ? '_' : (char)toupper((unsigned char)*property);
        if (*env_suffix != want)
            return 0;
    }
    return *env_suffix == '\0' && *property == '\0';
}

/*
 * The librdkafka key env_suffix names, into key. 1 found, 0 not a key,
 * -1 out of memory.
 */
static int kafka_key_of_env(const char *env_suffix, char *key, size_t keylen)
{
    char *text = NULL, *save = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    char property[128];
    int found = 0;

    if (!f)
        return -1;
    rd_kafka_conf_properties_show(f);
    fclose(f);
    for (char *line = strtok_r(text, "\n", &save); line && !found;
         line = strtok_r(NULL, "\n", &save)) {
        if (property_of_line(line, property, sizeof(property)) &&
            env_matches_property(env_suffix, property) && strlen(property) < keylen) {
            strcpy(key, property);
            found = 1;
        }
    }
    free(text);
    return found;
}

/* One "TELEX_KAFKA_<KEY>=value" entry of the environment. */
static int load_kafka_variable(telex_config *cfg, const char *entry, char *err, size_t errlen)
{
    const char *eq = strchr(entry, '=');
    char name[256], key[128];
    size_t name_len = eq ? (size_t)(eq - entry) : 0;

    if (!eq || name_len >= sizeof(name))
        return 0;
    memcpy(name, entry, name_len);
    name[name_len] = '\0';
    int rc = kafka_key_of_env(name + strlen(KAFKA_ENV_PREFIX), key, sizeof(key));
    if (rc < 0) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    if (rc == 0) {
        snprintf(err, errlen,
                 "unknown configuration key in environment variable %s: no librdkafka key "
                 "reads so (TELEX_KAFKA_SASL_PASSWORD sets sasl.password)",
                 name);
        return -1;
    }
    return telex_config_set_value(cfg, key, eq + 1, name, RANK_ENV, err, errlen);
}

int telex_config_load_kafka_environment(telex_config *cfg, char **envp, char *err, size_t errlen)
{
    for (char **e = envp; *e; e++) {
        if (strncmp(*e, KAFKA_ENV_PREFIX, strlen(KAFKA_ENV_PREFIX)) == 0 &&
            load_kafka_variable(cfg, *e, err, errlen) != 0)
            return -1;
    }
    return 0;
}

/* ---- @file:PATH ---- */

/* Reads all of path into a NUL-terminated string (*out, the caller frees it). 0 or -1. */
static int read_secret_file(const setting *s, const char *path, char **out, size_t *len, char *err,
                            size_t errlen)
{
    FILE *f = fopen(path, "rb");
    char *text = NULL;

    if (!f)
        goto err_cannot_read;
    text = malloc(MAX_SECRET_FILE + 1);
    if (!text)
        goto err_close;
    *len = fread(text, 1, MAX_SECRET_FILE + 1, f);
    if (ferror(f))
        goto err_close;
    fclose(f);
    if (*len > MAX_SECRET_FILE) {
        snprintf(err, errlen, "secret file \"%s\" for \"%s\" (from %s) is larger than %d bytes",
                 path, s->key, s->source, MAX_SECRET_FILE);
        free(text);
        return -1;
    }
    text[*len] = '\0';
    *out = text;
    return 0;

err_close:
    fclose(f);
    free(text);
err_cannot_read:
    snprintf(err, errlen, "cannot read secret file \"%s\" for \"%s\" (from %s): %s", path, s->key,
             s->source, errno ? strerror(errno) : "read error");
    return -1;
}

/* Replaces s's "@file:PATH" value by the file's contents. 0, or -1 with the reason in err. */
static int resolve_file_value(setting *s, char *err, size_t errlen)
{
    const char *path = s->value + strlen(FILE_PREFIX);
    char *text = NULL;
    size_t len = 0;

    if (*path == '\0') {
        snprintf(err, errlen, "bad value for \"%s\" (from %s): \"@file:\" needs a path", s->key,
                 s->source);
        return -1;
    }
    errno = 0;
    if (read_secret_file(s, path, &text, &len, err, errlen) != 0)
        return -1;
    if (memchr(text, '\0', len)) {
        snprintf(err, errlen, "secret file \"%s\" for \"%s\" (from %s) holds a NUL byte", path,
                 s->key, s->source);
        free(text);
        return -1;
    }
    if (len > 0 && text[len - 1] == '\n') {
        text[--len] = '\0';
        if (len > 0 && text[len - 1] == '\r')
            text[--len] = '\0';
    }
    free(s->value);
    s->value = text;
    s->secret = 1;
    return 0;
}

int telex_config_resolve_files(telex_config *cfg, char *err, size_t errlen)
{
    for (size_t i = 0; i < cfg->n_settings; i++) {
        setting *s = &cfg->settings[i];
        if (strncmp(s->value, FILE_PREFIX, strlen(FILE_PREFIX)) == 0 &&
            resolve_file_value(s, err, errlen) != 0)
            return -1;
    }
    return 0;
}
