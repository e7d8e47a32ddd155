/*
 * Loading the schema set: every *.avsc of the schema folder (the current
 * schemas) and of its history/ subfolder (older versions, kept so that old
 * records stay readable). Each file is parsed once into an Avro schema with
 * one generic value class and one reusable value, and indexed by the
 * fingerprint of its Parsing Canonical Form. Each entry is linked to the
 * current schema of the same full name, which is what decoders read into.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "records_internal.h"

/* Schema files are small; anything bigger is a mistake, not a schema. */
#define SCHEMA_FILE_MAX (1024 * 1024)

schema_entry *schemas_find_fingerprint(const telex_schemas *s, uint64_t fingerprint)
{
    for (size_t i = 0; i < s->n_entries; i++)
        if (s->entries[i].fingerprint == fingerprint)
            return &s->entries[i];
    return NULL;
}

schema_entry *schemas_find_current(const telex_schemas *s, const char *full_name)
{
    for (size_t i = 0; i < s->n_entries; i++)
        if (s->entries[i].is_current && strcmp(s->entries[i].full_name, full_name) == 0)
            return &s->entries[i];
    return NULL;
}

static int is_directory(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* dir, else $TELEX_SCHEMA_DIR, else the build tree's schemas/, else the installed ones. */
static const char *schema_dir_to_use(const char *dir)
{
    if (dir && dir[0])
        return dir;
    const char *env = getenv("TELEX_SCHEMA_DIR");
    if (env && env[0])
        return env;
#ifdef TELEX_BUILD_SCHEMA_DIR
    if (is_directory(TELEX_BUILD_SCHEMA_DIR))
        return TELEX_BUILD_SCHEMA_DIR;
#endif
#ifdef TELEX_INSTALL_SCHEMA_DIR
    return TELEX_INSTALL_SCHEMA_DIR;
#else
    return "/usr/local/share/telex/schemas";
#endif
}

static void free_entry(schema_entry *entry)
{
    if (entry->iface) {
        avro_value_decref(&entry->value);
        avro_value_iface_decref(entry->iface);
    }
    if (entry->schema)
        avro_schema_decref(entry->schema);
    json_decref(entry->named_types);
    free(entry->canonical);
    free(entry->full_name);
    free(entry->path);
    memset(entry, 0, sizeof *entry);
}

void telex_schemas_free(telex_schemas *schemas)
{
    if (!schemas)
        return;
    for (size_t i = 0; i < schemas->n_entries; i++)
        free_entry(&schemas->entries[i]);
    free(schemas->entries);
    free(schemas);
}

/* Parses the canonical form into Avro C's schema, class and reusable value. */
static int make_avro_value(schema_entry *entry, char *err, size_t errlen)
{
    if (avro_schema_from_json_length(entry->canonical, strlen(entry->canonical), &entry->schema) !=
        0) {
        entry->schema = NULL;
        snprintf(err, errlen, "%s: Avro C rejects the schema: %s", entry->path, avro_strerror());
        return -1;
    }
    entry->iface = avro_generic_class_from_schema(entry->schema);
    if (!entry->iface) {
        snprintf(err, errlen, "%s: cannot make a value class: %s", entry->path, avro_strerror());
        return -1;
    }
    if (avro_generic_value_new(entry->iface, &entry->value) != 0) {
        avro_value_iface_decref(entry->iface);
        entry->iface = NULL;
        snprintf(err, errlen, "%s: cannot make a value: %s", entry->path, avro_strerror());
        return -1;
    }
    return 0;
}

/* Fills entry from the JSON text of one schema file. */
static int load_entry(schema_entry *entry, json_t *schema, char *err, size_t errlen)
{
    char reason[256] = "";
    entry->named_types = json_object();
    json_t *canon = schema_canonical_json(schema, entry->named_types, reason, sizeof reason);
    if (!canon) {
        snprintf(err, errlen, "%s: invalid schema: %s", entry->path, reason);
        return -1;
    }
    const char *name = json_string_value(json_object_get(canon, "name"));
    entry->full_name = name ? strdup(name) : NULL;
    entry->canonical = json_dumps(canon, JSON_COMPACT | JSON_ENCODE_ANY | JSON_PRESERVE_ORDER);
    json_decref(canon);
    if (!name) {
        snprintf(err, errlen, "%s: a Telex schema must be a named record", entry->path);
        return -1;
    }
    if (!entry->full_name || !entry->canonical) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    entry->fingerprint = telex_crc64_avro(entry->canonical, strlen(entry->canonical));
    return make_avro_value(entry, err, errlen);
}

static int load_file(const char *path, int is_current, telex_schemas *s, char *err, size_t errlen)
{
    schema_entry *grown = realloc(s->entries, (s->n_entries + 1) * sizeof *grown);
    if (!grown) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    s->entries = grown;
    schema_entry *entry = &s->entries[s->n_entries++];
    memset(entry, 0, sizeof *entry);
    entry->is_current = is_current;
    entry->path = strdup(path);

    json_error_t json_err;
    json_t *schema = json_load_file(path, JSON_DECODE_ANY, &json_err);
    if (!schema) {
        snprintf(err, errlen, "%s: invalid JSON at line %d: %s", path, json_err.line,
                 json_err.text);
        return -1;
    }
    int rc = load_entry(entry, schema, err, errlen);
    json_decref(schema);
    return rc;
}

static int is_schema_file(const struct dirent *entry)
{
    size_t len = strlen(entry->d_name);
    return entry->d_name[0] != '.' && len > 5 && strcmp(entry->d_name + len - 5, ".avsc") == 0;
}

static int file_is_too_big(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && st.st_size > SCHEMA_FILE_MAX;
}

/* Loads every *.avsc file of dir, in name order. A missing optional dir is no error. */
static int load_folder(const char *dir, int is_current, int optional, telex_schemas *s, char *err,
                       size_t errlen)
{
    struct dirent **names = NULL;
    int n = scandir(dir, &names, is_schema_file, alphasort);
    if (n < 0) {
        if (optional && errno == ENOENT)
            return 0;
        snprintf(err, errlen, "cannot read schema folder %s: %s", dir, strerror(errno));
        return -1;
    }
    int rc = 0;
    for (int i = 0; i < n; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]->d_name);
        if (rc == 0 && file_is_too_big(path)) {
            snprintf(err, errlen, "%s: larger than %d bytes, not a schema", path, SCHEMA_FILE_MAX);
            rc = -1;
        }
        if (rc == 0)
            rc = load_file(path, is_current, s, err, errlen);
        free(names[i]);
    }
    free(names);
    return rc;
}

/* Points every entry at the current schema of its name; rejects two current ones. */
static int link_readers(telex_schemas *s, char *err, size_t errlen)
{
    for (size_t i = 0; i < s->n_entries; i++) {
        schema_entry *entry = &s->entries[i];
        schema_entry *current = schemas_find_current(s, entry->full_name);
        if (entry->is_current && current != entry) {
            snprintf(err, errlen, "%s and %s both define the current %s", current->path,
                     entry->path, entry->full_name);
            return -1;
        }
        entry->reader = current ? current : entry;
    }
    return 0;
}

int telex_schemas_load(const char *dir, telex_schemas **out, char *err, size_t errlen)
{
    *out = NULL;
    const char *folder = schema_dir_to_use(dir);
    telex_schemas *s = calloc(1, sizeof *s);
    if (!s) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    char history[4096];
    snprintf(history, sizeof history, "%s/history", folder);
    if (load_folder(folder, 1, 0, s, err, errlen) != 0 ||
        load_folder(history, 0, 1, s, err, errlen) != 0)
        goto err_free_schemas;
    if (s->n_entries == 0) {
        snprintf(err, errlen, "no *.avsc schemas in %s", folder);
        goto err_free_schemas;
    }
    if (link_readers(s, err, errlen) != 0)
        goto err_free_schemas;
    *out = s;
    return 0;

err_free_schemas:
    telex_schemas_free(s);
    return -1;
}

const char *telex_schemas_canonical(const telex_schemas *s, uint64_t fingerprint)
{
    schema_entry *entry = schemas_find_fingerprint(s, fingerprint);
    return entry ? entry->canonical : NULL;
}

int telex_schemas_current_fingerprint(const telex_schemas *s, const char *full_name,
                                      uint64_t *fingerprint)
{
    schema_entry *entry = schemas_find_current(s, full_name);
    if (!entry)
        return -1;
    *fingerprint = entry->fingerprint;
    return 0;
}
