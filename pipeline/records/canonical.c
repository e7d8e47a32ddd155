/*
 * Schema fingerprints, as the Avro specification defines them.
 *
 * The Parsing Canonical Form of a schema keeps only what matters for reading
 * data: primitives become bare names, named types get full names, only the
 * attributes name, type, fields, symbols, items, values and size stay, in that
 * order, with no whitespace. The fingerprint is CRC-64-AVRO (a Rabin
 * fingerprint) of that text; single-object frames carry it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "records_internal.h"

#define CRC64_AVRO_EMPTY 0xc15d213aa4d7a795ULL

uint64_t telex_crc64_avro(const void *bytes, size_t n)
{
    const unsigned char *p = bytes;
    uint64_t fp = CRC64_AVRO_EMPTY;
    for (size_t i = 0; i < n; i++) {
        fp ^= p[i];
        for (int bit = 0; bit < 8; bit++)
            fp = (fp >> 1) ^ (CRC64_AVRO_EMPTY & (0 - (fp & 1)));
    }
    return fp;
}

static int is_primitive(const char *name)
{
    static const char *const primitives[] = {"null",   "boolean", "int",    "long", "float",
                                             "double", "bytes",   "string", NULL};
    for (size_t i = 0; primitives[i]; i++)
        if (strcmp(name, primitives[i]) == 0)
            return 1;
    return 0;
}

/* The full name of name in namespace ns (NULL or "" for none), newly allocated. */
static char *full_name_of(const char *name, const char *ns)
{
    char *out;
    if (strchr(name, '.') || !ns || ns[0] == '\0')
        return strdup(name);
    size_t len = strlen(ns) + 1 + strlen(name) + 1;
    out = malloc(len);
    if (out)
        snprintf(out, len, "%s.%s", ns, name);
    return out;
}

/* The namespace part of a full name ("" when it has none), newly allocated. */
static char *namespace_of(const char *full_name)
{
    const char *dot = strrchr(full_name, '.');
    return dot ? strndup(full_name, (size_t)(dot - full_name)) : strdup("");
}

static json_t *canonical_in(json_t *schema, const char *ns, json_t *named, char *err,
                            size_t errlen);

static json_t *canonical_union(json_t *branches, const char *ns, json_t *named, char *err,
                               size_t errlen)
{
    json_t *out = json_array();
    size_t i;
    json_t *branch;
    json_array_foreach(branches, i, branch)
    {
        json_t *canon = canonical_in(branch, ns, named, err, errlen);
        if (!canon || json_array_append_new(out, canon) != 0)
            goto err_free_out;
    }
    return out;

err_free_out:
    json_decref(out);
    return NULL;
}

static json_t *canonical_fields(json_t *fields, const char *ns, json_t *named, char *err,
                                size_t errlen)
{
    if (!json_is_array(fields)) {
        snprintf(err, errlen, "a record needs a \"fields\" array");
        return NULL;
    }
    json_t *out = json_array();
    size_t i;
    json_t *field;
    json_array_foreach(fields, i, field)
    {
        const char *name = json_string_value(json_object_get(field, "name"));
        json_t *type = json_object_get(field, "type");
        if (!name || !type) {
            snprintf(err, errlen, "record field %zu needs a \"name\" and a \"type\"", i);
            goto err_free_out;
        }
        json_t *canon_type = canonical_in(type, ns, named, err, errlen);
        if (!canon_type)
            goto err_free_out;
        json_t *canon_field = json_object();
        json_object_set_new(canon_field, "name", json_string(name));
        json_object_set_new(canon_field, "type", canon_type);
        json_array_append_new(out, canon_field);
    }
    return out;

err_free_out:
    json_decref(out);
    return NULL;
}

/* The attribute that completes a named type: fields, symbols or size. */
static int add_named_body(json_t *out, json_t *schema, const char *type, const char *ns,
                          json_t *named, char *err, size_t errlen)
{
    if (strcmp(type, "record") == 0 || strcmp(type, "error") == 0) {
        json_t *fields =
            canonical_fields(json_object_get(schema, "fields"), ns, named, err, errlen);
        return fields ? json_object_set_new(out, "fields", fields) : -1;
    }
    if (strcmp(type, "enum") == 0) {
        json_t *symbols = json_object_get(schema, "symbols");
        if (!json_is_array(symbols)) {
            snprintf(err, errlen, "an enum needs a \"symbols\" array");
            return -1;
        }
        return json_object_set_new(out, "symbols", json_deep_copy(symbols));
    }
    json_t *size = json_object_get(schema, "size");
    if (!json_is_integer(size) || json_integer_value(size) < 0) {
        snprintf(err, errlen, "a fixed needs a non-negative integer \"size\"");
        return -1;
    }
    return json_object_set_new(out, "size", json_integer(json_integer_value(size)));
}

static json_t *canonical_named(json_t *schema, const char *type, const char *ns, json_t *named,
                               char *err, size_t errlen)
{
    const char *name = json_string_value(json_object_get(schema, "name"));
    if (!name || name[0] == '\0') {
        snprintf(err, errlen, "a %s needs a \"name\"", type);
        return NULL;
    }
    json_t *own_ns = json_object_get(schema, "namespace");
    if (own_ns && !json_is_string(own_ns)) {
        snprintf(err, errlen, "the namespace of %s must be a string", name);
        return NULL;
    }
    char *full = full_name_of(name, own_ns ? json_string_value(own_ns) : ns);
    char *inner_ns = full ? namespace_of(full) : NULL;
    json_t *out = json_object();
    if (!full || !inner_ns)
        goto err_free;
    json_object_set_new(out, "name", json_string(full));
    json_object_set_new(out, "type", json_string(type));
    if (named)
        json_object_set(named, full, schema);
    if (add_named_body(out, schema, type, inner_ns, named, err, errlen) != 0)
        goto err_free;
    free(full);
    free(inner_ns);
    return out;

err_free:
    if (err[0] == '\0')
        snprintf(err, errlen, "out of memory");
    json_decref(out);
    free(full);
    free(inner_ns);
    return NULL;
}

static json_t *canonical_object(json_t *schema, const char *ns, json_t *named, char *err,
                                size_t errlen)
{
    const char *type = json_string_value(json_object_get(schema, "type"));
    if (!type) {
        snprintf(err, errlen, "a schema object needs a string \"type\"");
        return NULL;
    }
    if (is_primitive(type))
        return json_string(type);
    if (strcmp(type, "array") == 0 || strcmp(type, "map") == 0) {
        const char *key = type[0] == 'a' ? "items" : "values";
        json_t *inner = json_object_get(schema, key);
        if (!inner) {
            snprintf(err, errlen, "an %s needs \"%s\"", type, key);
            return NULL;
        }
        json_t *canon = canonical_in(inner, ns, named, err, errlen);
        if (!canon)
            return NULL;
        json_t *out = json_object();
        json_object_set_new(out, "type", json_string(type));
        json_object_set_new(out, key, canon);
        return out;
    }
    if (strcmp(type, "record") == 0 || strcmp(type, "error") == 0 || strcmp(type, "enum") == 0 ||
        strcmp(type, "fixed") == 0)
        return canonical_named(schema, type, ns, named, err, errlen);
    snprintf(err, errlen, "unknown schema type \"%s\"", type);
    return NULL;
}

static json_t *canonical_in(json_t *schema, const char *ns, json_t *named, char *err, size_t errlen)
{
    if (json_is_string(schema)) {
        const char *name = json_string_value(schema);
        if (is_primitive(name))
            return json_string(name);
        char *full = full_name_of(name, ns);
        json_t *out = full ? json_string(full) : NULL;
        free(full);
        return out;
    }
    if (json_is_array(schema))
        return canonical_union(schema, ns, named, err, errlen);
    if (json_is_object(schema))
        return canonical_object(schema, ns, named, err, errlen);
    snprintf(err, errlen, "a schema must be a string, an array or an object");
    return NULL;
}

json_t *schema_canonical_json(json_t *schema, json_t *named, char *err, size_t errlen)
{
    if (errlen > 0)
        err[0] = '\0';
    return canonical_in(schema, "", named, err, errlen);
}

int telex_schema_canonical_form(const char *schema_json, telex_buf *out, char *err, size_t errlen)
{
    json_error_t json_err;
    json_t *schema = json_loads(schema_json, JSON_DECODE_ANY, &json_err);
    if (!schema) {
        snprintf(err, errlen, "schema is not valid JSON (line %d): %s", json_err.line,
                 json_err.text);
        return -1;
    }
    int rc = -1;
    json_t *canon = schema_canonical_json(schema, NULL, err, errlen);
    if (!canon)
        goto out_free_schema;
    /* Compact, insertion order, UTF-8 kept as is: exactly the form's text. */
    char *text = json_dumps(canon, JSON_COMPACT | JSON_ENCODE_ANY | JSON_PRESERVE_ORDER);
    if (!text || telex_buf_append(out, text, strlen(text)) != 0)
        snprintf(err, errlen, "out of memory");
    else
        rc = 0;
    free(text);
    json_decref(canon);
out_free_schema:
    json_decref(schema);
    return rc;
}

int telex_schema_fingerprint(const char *schema_json, uint64_t *fingerprint, char *err,
                             size_t errlen)
{
    telex_buf canonical = {0};
    if (telex_schema_canonical_form(schema_json, &canonical, err, errlen) != 0) {
        telex_buf_free(&canonical);
        return -1;
    }
    *fingerprint = telex_crc64_avro(canonical.data, canonical.len);
    telex_buf_free(&canonical);
    return 0;
}
