/*
 * Archive files (see archive_file.h): naming, writing under a temporary name
 * and making durable, crash leftovers, and reading back.
 *
 * The writer owns its FILE so that it can fsync it: Avro C writes blocks into
 * it (avro_file_writer_create_with_codec_fp with should_close 0), and
 * archive_writer_close() flushes the last block, fsyncs, closes, renames and
 * fsyncs the folder, in that order, so that a visible name never points at a
 * file whose data is not on disk.
 */
#include "archive_file.h"

#include "archive_check.h"

#include <avro.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "archive_check.h"

static const char schema_json[] =
    "{\"type\": \"record\", \"name\": \"ArchivedRecord\", \"namespace\": \"telex.archive\","
    " \"doc\": \"One Kafka record as telex-archive consumed it, bytes untouched.\","
    " \"fields\": ["
    "  {\"name\": \"topic\", \"type\": \"string\","
    "   \"doc\": \"The topic without the namespace prefix (wire.enriched).\"},"
    "  {\"name\": \"partition\", \"type\": \"int\", \"doc\": \"The partition it was read from.\"},"
    "  {\"name\": \"offset\", \"type\": \"long\", \"doc\": \"Its offset in that partition.\"},"
    "  {\"name\": \"timestamp\", \"type\": \"long\","
    "   \"doc\": \"The record's Kafka timestamp, ms since the epoch; -1 when it had none.\"},"
    "  {\"name\": \"key\", \"type\": [\"null\", \"bytes\"], \"doc\": \"The key bytes, if any.\"},"
    "  {\"name\": \"value\", \"type\": [\"null\", \"bytes\"],"
    "   \"doc\": \"The value bytes: a Telex single-object Avro frame, untouched.\"}]}";

const char *archive_schema_json(void)
{
    return schema_json;
}

void archive_utc_date(int64_t ms, char out[11])
{
    time_t seconds = ms > 0 ? (time_t)(ms / 1000) : 0;
    struct tm tm;
    gmtime_r(&seconds, &tm);
    strftime(out, 11, "%Y-%m-%d", &tm);
}

int archive_file_paths(const char *root, const char *topic, int32_t partition, int64_t first_offset,
                       int64_t timestamp_ms, char *final_path, size_t final_len, char *tmp_path,
                       size_t tmp_len)
{
    char date[11];
    archive_utc_date(timestamp_ms, date);
    int a = snprintf(final_path, final_len, "%s/%s/%s/%s-%" PRId32 "-%" PRId64 ".avro", root, topic,
                     date, topic, partition, first_offset);
    int b = snprintf(tmp_path, tmp_len, "%s/%s/%s/.%s-%" PRId32 "-%" PRId64 ".avro.tmp", root,
                     topic, date, topic, partition, first_offset);
    return a < 0 || (size_t)a >= final_len || b < 0 || (size_t)b >= tmp_len ? -1 : 0;
}

int archive_parse_name(const char *name, const char *topic, int tmp, int32_t *partition,
                       int64_t *first_offset)
{
    const char *prefix = tmp ? "." : "";
    const char *suffix = tmp ? ".avro.tmp" : ".avro";
    size_t topic_len = strlen(topic);
    if (strncmp(name, prefix, strlen(prefix)) != 0)
        return 0;
    name += strlen(prefix);
    if (strncmp(name, topic, topic_len) != 0 || name[topic_len] != '-')
        return 0;
    const char *at = name + topic_len + 1;
    char *end;
    errno = 0;
    long long p = strtoll(at, &end, 10);
    if (end == at || *end != '-' || p < 0 || p > INT32_MAX || errno)
        return 0;
    at = end + 1;
    long long offset = strtoll(at, &end, 10);
    if (end == at || offset < 0 || errno || strcmp(end, suffix) != 0)
        return 0;
    *partition = (int32_t)p;
    *first_offset = offset;
    return 1;
}

/* mkdir -p for the folders of path (not its last component). */
static int make_parent_dirs(const char *path, char *err, size_t errlen)
{
    char dir[4096];
    if (snprintf(dir, sizeof(dir), "%s", path) >= (int)sizeof(dir)) {
        snprintf(err, errlen, "path too long: %s", path);
        return -1;
    }
    for (char *slash = strchr(dir + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
        *slash = '\0';
        if (mkdir(dir, 0755) != 0 && errno != EEXIST) {
            snprintf(err, errlen, "cannot create folder %s: %s", dir, strerror(errno));
            return -1;
        }
        *slash = '/';
    }
    return 0;
}

/* fsync of a folder, so that a rename or unlink in it is durable. */
static int sync_dir(const char *dir, char *err, size_t errlen)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0 || fsync(fd) != 0) {
        snprintf(err, errlen, "cannot sync folder %s: %s", dir, strerror(errno));
        if (fd >= 0)
            close(fd);
        return -1;
    }
    close(fd);
    return 0;
}

/* fsync of the folder that holds path. */
static int sync_parent_dir(const char *path, char *err, size_t errlen)
{
    char dir[4096];
    snprintf(dir, sizeof(dir), "%s", path);
    char *slash = strrchr(dir, '/');
    if (!slash)
        return sync_dir(".", err, errlen);
    *slash = '\0';
    return sync_dir(dir, err, errlen);
}

/* ---- Writing ----------------------------------------------------------------------------------
 */

struct archive_writer {
    char final_path[4096];
    char tmp_path[4096];
    char date[11];
    FILE *fp;
    avro_schema_t schema;
    avro_value_iface_t *iface;
    avro_value_t value;
    avro_file_writer_t writer;
    int64_t opened_ms;
    int64_t last_offset;
    uint64_t bytes;
    uint64_t count;
};

/* Fills the record value from rec. */
static int set_record(avro_value_t *record, const telex_record *rec)
{
    avro_value_t field, branch;
    if (avro_value_get_by_name(record, "topic", &field, NULL) ||
        avro_value_set_string(&field, rec->topic) ||
        avro_value_get_by_name(record, "partition", &field, NULL) ||
        avro_value_set_int(&field, rec->partition) ||
        avro_value_get_by_name(record, "offset", &field, NULL) ||
        avro_value_set_long(&field, rec->offset) ||
        avro_value_get_by_name(record, "timestamp", &field, NULL) ||
        avro_value_set_long(&field, rec->timestamp_ms))
        return -1;
    const void *bytes[2] = {rec->key, rec->value};
    size_t lens[2] = {rec->key_len, rec->value_len};
    const char *names[2] = {"key", "value"};
    for (int i = 0; i < 2; i++) {
        if (avro_value_get_by_name(record, names[i], &field, NULL))
            return -1;
        if (!bytes[i]) {
            if (avro_value_set_branch(&field, 0, &branch) || avro_value_set_null(&branch))
                return -1;
            continue;
        }
        if (avro_value_set_branch(&field, 1, &branch) ||
            avro_value_set_bytes(&branch, (void *)bytes[i], lens[i]))
            return -1;
    }
    return 0;
}

int archive_writer_append(archive_writer *w, const telex_record *rec, char *err, size_t errlen)
{
    avro_value_reset(&w->value);
    if (set_record(&w->value, rec) != 0 || avro_file_writer_append_value(w->writer, &w->value)) {
        snprintf(err, errlen, "cannot append %s/%" PRId32 "@%" PRId64 " to %s: %s", rec->topic,
                 rec->partition, rec->offset, w->tmp_path, avro_strerror());
        return -1;
    }
    w->last_offset = rec->offset;
    w->bytes += rec->key_len + rec->value_len + strlen(rec->topic) + 24;
    w->count++;
    return 0;
}

/* Frees everything but the files. */
static void writer_free(archive_writer *w)
{
    if (w->iface) {
        avro_value_decref(&w->value);
        avro_value_iface_decref(w->iface);
    }
    if (w->schema)
        avro_schema_decref(w->schema);
    free(w);
}

int archive_writer_open(const char *root, const telex_record *first, size_t block_bytes,
                        int64_t now_ms, archive_writer **out, char *err, size_t errlen)
{
    archive_writer *w = calloc(1, sizeof(*w));
    if (!w) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    if (archive_file_paths(root, first->topic, first->partition, first->offset, first->timestamp_ms,
                           w->final_path, sizeof(w->final_path), w->tmp_path,
                           sizeof(w->tmp_path)) != 0) {
        snprintf(err, errlen, "archive path too long under %s", root);
        goto err_free_writer;
    }
    archive_utc_date(first->timestamp_ms, w->date);
    w->opened_ms = now_ms;
    if (avro_schema_from_json_length(schema_json, sizeof(schema_json) - 1, &w->schema) ||
        !(w->iface = avro_generic_class_from_schema(w->schema)) ||
        avro_generic_value_new(w->iface, &w->value)) {
        snprintf(err, errlen, "archive schema: %s", avro_strerror());
        goto err_free_writer;
    }
    if (make_parent_dirs(w->tmp_path, err, errlen) != 0)
        goto err_free_writer;
    /* O_TRUNC: a leftover with this name was never committed, so it is dropped. */
    int fd = open(w->tmp_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0 || !(w->fp = fdopen(fd, "wb"))) {
        snprintf(err, errlen, "cannot create %s: %s", w->tmp_path, strerror(errno));
        if (fd >= 0)
            close(fd);
        goto err_free_writer;
    }
    if (avro_file_writer_create_with_codec_fp(w->fp, w->tmp_path, 0, w->schema, &w->writer,
                                              "deflate", block_bytes)) {
        snprintf(err, errlen, "cannot start Avro file %s: %s", w->tmp_path, avro_strerror());
        goto err_remove_file;
    }
    if (archive_writer_append(w, first, err, errlen) != 0) {
        avro_file_writer_close(w->writer);
        goto err_remove_file;
    }
    *out = w;
    return 0;
err_remove_file:
    fclose(w->fp);
    unlink(w->tmp_path);
err_free_writer:
    writer_free(w);
    return -1;
}

int archive_writer_wrong_day(const archive_writer *w, const telex_record *rec)
{
    char date[11];
    archive_utc_date(rec->timestamp_ms, date);
    return strcmp(date, w->date) != 0;
}

int archive_writer_due(const archive_writer *w, const archive_roll_policy *policy, int64_t now_ms)
{
    if (policy->max_bytes > 0 && w->bytes >= (uint64_t)policy->max_bytes)
        return 1;
    return policy->max_age_ms > 0 && now_ms - w->opened_ms >= policy->max_age_ms;
}

int64_t archive_writer_last_offset(const archive_writer *w)
{
    return w->last_offset;
}

uint64_t archive_writer_count(const archive_writer *w)
{
    return w->count;
}

const char *archive_writer_path(const archive_writer *w)
{
    return w->final_path;
}

int archive_writer_close(archive_writer *w, char *err, size_t errlen)
{
    int rc = -1;
    if (avro_file_writer_close(w->writer)) {
        snprintf(err, errlen, "cannot finish %s: %s", w->tmp_path, avro_strerror());
        fclose(w->fp);
        goto err_remove_tmp;
    }
    if (fflush(w->fp) != 0 || fsync(fileno(w->fp)) != 0) {
        snprintf(err, errlen, "cannot sync %s: %s", w->tmp_path, strerror(errno));
        fclose(w->fp);
        goto err_remove_tmp;
    }
    if (fclose(w->fp) != 0) {
        snprintf(err, errlen, "cannot close %s: %s", w->tmp_path, strerror(errno));
        goto err_remove_tmp;
    }
    if (rename(w->tmp_path, w->final_path) != 0) {
        snprintf(err, errlen, "cannot rename %s: %s", w->tmp_path, strerror(errno));
        goto err_remove_tmp;
    }
    rc = sync_parent_dir(w->final_path, err, errlen);
    goto out;
err_remove_tmp:
    unlink(w->tmp_path);
out:
    writer_free(w);
    return rc;
}

void archive_writer_discard(archive_writer *w)
{
    if (!w)
        return;
    avro_file_writer_close(w->writer);
    fclose(w->fp);
    unlink(w->tmp_path);
    writer_free(w);
}

/* ---- Crash leftovers --------------------------------------------------------------------------
 */

/* Removes the leftovers of topic/partition from one date folder. */
static int forget_in_dir(const char *dir, const char *topic, int32_t partition, int64_t from_offset,
                         int *removed, char *err, size_t errlen)
{
    DIR *d = opendir(dir);
    if (!d)
        return 0; /* not a folder (or gone): nothing of ours in it */
    struct dirent *entry;
    int rc = 0;
    while (rc == 0 && (entry = readdir(d))) {
        int32_t p;
        int64_t first;
        int stale =
            archive_parse_name(entry->d_name, topic, 1, &p, &first) ||
            (archive_parse_name(entry->d_name, topic, 0, &p, &first) && first >= from_offset);
        if (!stale || p != partition)
            continue;
        char path[4096];
        snprintf(path, sizeof(path), "%s/%s", dir, entry->d_name);
        if (unlink(path) != 0 && errno != ENOENT) {
            snprintf(err, errlen, "cannot remove %s: %s", path, strerror(errno));
            rc = -1;
        } else {
            (*removed)++;
        }
    }
    closedir(d);
    return rc;
}

int archive_forget_partition(const char *root, const char *topic, int32_t partition,
                             int64_t from_offset, int *removed, char *err, size_t errlen)
{
    char topic_dir[4096];
    snprintf(topic_dir, sizeof(topic_dir), "%s/%s", root, topic);
    *removed = 0;
    DIR *d = opendir(topic_dir);
    if (!d)
        return 0; /* nothing archived for this topic yet */
    struct dirent *entry;
    int rc = 0;
    while (rc == 0 && (entry = readdir(d))) {
        if (entry->d_name[0] == '.')
            continue;
        char dir[4096 + 256];
        snprintf(dir, sizeof(dir), "%s/%s", topic_dir, entry->d_name);
        int before = *removed;
        rc = forget_in_dir(dir, topic, partition, from_offset, removed, err, errlen);
        if (rc == 0 && *removed > before)
            rc = sync_dir(dir, err, errlen);
    }
    closedir(d);
    return rc;
}

/* ---- Reading ----------------------------------------------------------------------------------
 */

/* Reads an optional bytes field: sets *bytes NULL for null. */
static int get_optional_bytes(avro_value_t *record, const char *name, const void **bytes,
                              size_t *len)
{
    avro_value_t field, branch;
    int discriminant;
    if (avro_value_get_by_name(record, name, &field, NULL) ||
        avro_value_get_discriminant(&field, &discriminant) ||
        avro_value_get_current_branch(&field, &branch))
        return -1;
    *bytes = NULL;
    *len = 0;
    if (avro_value_get_type(&branch) == AVRO_NULL)
        return 0;
    return avro_value_get_bytes(&branch, bytes, len);
}

int archive_is_container_file(const char *path)
{
    unsigned char magic[4] = {0};
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    size_t n = fread(magic, 1, sizeof(magic), f);
    fclose(f);
    return n == 4 && memcmp(magic, "Obj\x01", 4) == 0;
}

/* Fills item from one ArchivedRecord value. */
static int get_item(avro_value_t *record, archive_item *item)
{
    avro_value_t field;
    int32_t partition;
    size_t topic_len;
    if (avro_value_get_by_name(record, "topic", &field, NULL) ||
        avro_value_get_string(&field, &item->topic, &topic_len) ||
        avro_value_get_by_name(record, "partition", &field, NULL) ||
        avro_value_get_int(&field, &partition) ||
        avro_value_get_by_name(record, "offset", &field, NULL) ||
        avro_value_get_long(&field, &item->offset) ||
        avro_value_get_by_name(record, "timestamp", &field, NULL) ||
        avro_value_get_long(&field, &item->timestamp_ms) ||
        get_optional_bytes(record, "key", &item->key, &item->key_len) ||
        get_optional_bytes(record, "value", &item->value, &item->value_len))
        return -1;
    item->partition = partition;
    return 0;
}

int archive_read_file(const char *path, int (*each)(void *ctx, const archive_item *item), void *ctx,
                      char *err, size_t errlen)
{
    if (!archive_is_container_file(path)) {
        snprintf(err, errlen, "%s: not an Avro container file (or unreadable)", path);
        return -1;
    }
    if (archive_check_file(path, err, errlen) != 0)
        return -1;
    avro_file_reader_t reader;
    if (avro_file_reader(path, &reader)) {
        snprintf(err, errlen, "%s: not an Avro container file: %s", path, avro_strerror());
        return -1;
    }
    /* Avro C 1.11.1 keeps one reference too many on the writer schema it returns
       here and never drops it: dropped below, after the reader is closed. */
    avro_schema_t schema = avro_file_reader_get_writer_schema(reader);
    avro_value_iface_t *iface = avro_generic_class_from_schema(schema);
    avro_value_t value;
    int rc = 0;
    if (!iface || avro_generic_value_new(iface, &value)) {
        snprintf(err, errlen, "%s: %s", path, avro_strerror());
        rc = -1;
        goto err_close_reader;
    }
    for (;;) {
        int read = avro_file_reader_read_value(reader, &value);
        if (read == EOF)
            break;
        archive_item item;
        if (read != 0 || get_item(&value, &item) != 0) {
            snprintf(err, errlen, "%s: not an archive of Telex records: %s", path, avro_strerror());
            rc = -1;
            break;
        }
        rc = each(ctx, &item);
        if (rc != 0)
            break;
        avro_value_reset(&value);
    }
    avro_value_decref(&value);
err_close_reader:
    if (iface)
        avro_value_iface_decref(iface);
    avro_file_reader_close(reader);
    avro_schema_decref(schema);
    return rc;
}
