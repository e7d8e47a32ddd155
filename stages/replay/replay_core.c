/*
 * telex-replay's pure logic (see replay_core.h): loading, ordering, the time
 * window, pacing and the progress line.
 */
#include "replay_core.h"

#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "archive_file.h"

void *replay_grow_array(void *items, size_t *cap, size_t n, size_t item_size)
{
    if (n < *cap)
        return items;
    if (*cap > SIZE_MAX / 2 / item_size)
        return NULL;
    size_t new_cap = *cap ? *cap * 2 : 64;
    void *grown = realloc(items, new_cap * item_size);
    if (grown)
        *cap = new_cap;
    return grown;
}

static void *copy_bytes(const void *bytes, size_t len, int *failed)
{
    if (!bytes)
        return NULL;
    void *copy = malloc(len ? len : 1);
    if (!copy) {
        *failed = 1;
        return NULL;
    }
    memcpy(copy, bytes, len);
    return copy;
}

int replay_feed_add(replay_feed *feed, const char *topic, int32_t partition, int64_t offset,
                    int64_t timestamp_ms, const void *key, size_t key_len, const void *value,
                    size_t value_len, char *err, size_t errlen)
{
    replay_item *items = replay_grow_array(feed->items, &feed->cap, feed->n, sizeof(*items));
    if (!items)
        goto err_out_of_memory;
    feed->items = items;
    int failed = 0;
    replay_item item = {.topic = strdup(topic),
                        .partition = partition,
                        .offset = offset,
                        .timestamp_ms = timestamp_ms,
                        .key_len = key_len,
                        .value_len = value_len,
                        .seq = feed->n};
    item.key = copy_bytes(key, key_len, &failed);
    item.value = copy_bytes(value, value_len, &failed);
    if (failed || !item.topic) {
        free(item.topic);
        free(item.key);
        free(item.value);
        goto err_out_of_memory;
    }
    feed->items[feed->n++] = item;
    return 0;
err_out_of_memory:
    snprintf(err, errlen, "out of memory loading the feed");
    return -1;
}

void replay_feed_free(replay_feed *feed)
{
    for (size_t i = 0; i < feed->n; i++) {
        free(feed->items[i].topic);
        free(feed->items[i].key);
        free(feed->items[i].value);
    }
    free(feed->items);
    *feed = (replay_feed){0};
}

/* ---- Loading ----------------------------------------------------------------------------------
 */

typedef struct archive_load {
    replay_feed *feed;
    char *err;
    size_t errlen;
} archive_load;

static int add_archived(void *vctx, const archive_item *item)
{
    archive_load *load = vctx;
    return replay_feed_add(load->feed, item->topic, item->partition, item->offset,
                           item->timestamp_ms, item->key, item->key_len, item->value,
                           item->value_len, load->err, load->errlen);
}

static int load_file(replay_feed *feed, const char *path, replay_raw_loader *raw, void *raw_ctx,
                     char *err, size_t errlen)
{
    if (archive_is_container_file(path)) {
        archive_load load = {feed, err, errlen};
        return archive_read_file(path, add_archived, &load, err, errlen) == 0 ? 0 : -1;
    }
    if (!raw) {
        snprintf(err, errlen, "%s: not an archive file (and raw wire files cannot be read here)",
                 path);
        return -1;
    }
    return raw(raw_ctx, path, feed, err, errlen);
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The sorted names in dir, hidden ones and manifest.tsv left out. */
static int list_dir(const char *dir, char ***names, size_t *n, char *err, size_t errlen)
{
    DIR *d = opendir(dir);
    if (!d) {
        snprintf(err, errlen, "%s: %s", dir, strerror(errno));
        return -1;
    }
    struct dirent *entry;
    int rc = 0;
    while ((entry = readdir(d))) {
        if (entry->d_name[0] == '.' || strcmp(entry->d_name, "manifest.tsv") == 0)
            continue;
        char **v = realloc(*names, (*n + 1) * sizeof(*v));
        if (v)
            *names = v;
        if (!v || !(v[*n] = strdup(entry->d_name))) {
            snprintf(err, errlen, "out of memory listing %s", dir);
            rc = -1;
            break;
        }
        (*n)++;
    }
    closedir(d);
    if (*n)
        qsort(*names, *n, sizeof(**names), compare_names);
    return rc;
}

int replay_load_path(replay_feed *feed, const char *path, replay_raw_loader *raw, void *raw_ctx,
                     char *err, size_t errlen)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return -1;
    }
    if (!S_ISDIR(st.st_mode))
        return load_file(feed, path, raw, raw_ctx, err, errlen);
    char **names = NULL;
    size_t n = 0;
    int rc = list_dir(path, &names, &n, err, errlen);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        char child[4096];
        snprintf(child, sizeof(child), "%s/%s", path, names[i]);
        rc = replay_load_path(feed, child, raw, raw_ctx, err, errlen);
    }
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    return rc;
}

/* ---- Order, window, pacing --------------------------------------------------------------------
 */

static int compare_items(const void *a, const void *b)
{
    const replay_item *x = a, *y = b;
    if (x->timestamp_ms != y->timestamp_ms)
        return x->timestamp_ms < y->timestamp_ms ? -1 : 1;
    int topics = strcmp(x->topic, y->topic);
    if (topics)
        return topics;
    if (x->partition != y->partition)
        return x->partition < y->partition ? -1 : 1;
    if (x->offset != y->offset)
        return x->offset < y->offset ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

void replay_feed_sort(replay_feed *feed)
{
    if (feed->n > 1)
        qsort(feed->items, feed->n, sizeof(*feed->items), compare_items);
}

void replay_feed_window(replay_feed *feed, int has_from, int64_t from_ms, int has_to, int64_t to_ms)
{
    size_t kept = 0;
    for (size_t i = 0; i < feed->n; i++) {
        replay_item *item = &feed->items[i];
        int inside =
            (!has_from || item->timestamp_ms >= from_ms) && (!has_to || item->timestamp_ms < to_ms);
        if (inside) {
            feed->items[kept++] = *item;
            continue;
        }
        free(item->topic);
        free(item->key);
        free(item->value);
    }
    feed->n = kept;
}

int64_t replay_due_ms(int64_t first_ts, int64_t ts, double speed)
{
    if (speed <= 0 || ts <= first_ts)
        return 0;
    return (int64_t)((double)(ts - first_ts) / speed);
}

int replay_parse_speed(const char *text, double *speed, char *err, size_t errlen)
{
    if (text && strcmp(text, "max") == 0) {
        *speed = 0;
        return 0;
    }
    char *end = NULL;
    double value = text ? strtod(text, &end) : 0;
    if (!text || end == text || *end || !(value > 0) || value > 1e9) {
        snprintf(err, errlen, "--speed must be a positive number or \"max\", not \"%s\"",
                 text ? text : "");
        return -1;
    }
    *speed = value;
    return 0;
}

/* Reads exactly n digits at *p into *out. */
static int digits(const char **p, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if ((*p)[i] < '0' || (*p)[i] > '9')
            return -1;
        v = v * 10 + ((*p)[i] - '0');
    }
    *p += n;
    *out = v;
    return 0;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm). */
static int64_t days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/* The time of day and zone part after the date: "T03:00[:00[.250]][Z|+09:00]". */
static int parse_clock(const char *p, int64_t *ms_of_day, int *offset_min)
{
    int hh = 0, mm = 0, ss = 0, frac_ms = 0;
    *offset_min = 0;
    if (*p == '\0') {
        *ms_of_day = 0;
        return 0;
    }
    if (*p != 'T' && *p != ' ')
        return -1;
    p++;
    if (digits(&p, 2, &hh) || *p++ != ':' || digits(&p, 2, &mm))
        return -1;
    if (*p == ':') {
        p++;
        if (digits(&p, 2, &ss))
            return -1;
    }
    if (*p == '.' || *p == ',') {
        p++;
        if (*p < '0' || *p > '9')
            return -1;
        for (int scale = 100; *p >= '0' && *p <= '9'; p++, scale /= 10)
            frac_ms += (*p - '0') * scale;
    }
    if (*p == 'Z') {
        p++;
    } else if (*p == '+' || *p == '-') {
        int sign = *p++ == '-' ? -1 : 1, oh = 0, om = 0;
        if (digits(&p, 2, &oh))
            return -1;
        if (*p == ':')
            p++;
        if (digits(&p, 2, &om))
            return -1;
        *offset_min = sign * (oh * 60 + om);
    }
    if (*p || hh > 23 || mm > 59 || ss > 60)
        return -1;
    *ms_of_day = ((int64_t)hh * 3600 + mm * 60 + ss) * 1000 + frac_ms;
    return 0;
}

int replay_parse_time(const char *text, int64_t *ms, char *err, size_t errlen)
{
    const char *p = text ? text : "";
    int y = 0, m = 0, d = 0, offset_min = 0;
    int64_t ms_of_day = 0;
    int bad = digits(&p, 4, &y) || *p++ != '-' || digits(&p, 2, &m) || *p++ != '-' ||
              digits(&p, 2, &d) || m < 1 || m > 12 || d < 1 || d > 31 ||
              parse_clock(p, &ms_of_day, &offset_min);
    if (bad) {
        snprintf(err, errlen,
                 "not an ISO 8601 time: \"%s\" (want 2016-11-10 or 2016-11-10T03:00:00Z)",
                 text ? text : "");
        return -1;
    }
    *ms = days_from_civil(y, m, d) * 86400000LL + ms_of_day - (int64_t)offset_min * 60000;
    return 0;
}

void replay_progress_line(uint64_t done, uint64_t total, int64_t elapsed_ms, int width, char *out,
                          size_t outlen)
{
    double seconds = elapsed_ms > 0 ? (double)elapsed_ms / 1000.0 : 0.0;
    double rate = seconds > 0 ? (double)done / seconds : 0.0;
    char eta[32] = "--:--";
    if (rate > 0 && total >= done) {
        long left = (long)((double)(total - done) / rate + 0.5);
        snprintf(eta, sizeof(eta), "%ld:%02ld", left / 60, left % 60);
    }
    char tail[96];
    snprintf(tail, sizeof(tail), " %llu/%llu  %.1f/s  ETA %s", (unsigned long long)done,
             (unsigned long long)total, rate, eta);
    int bar = width - (int)strlen(tail) - 2;
    if (bar > 50)
        bar = 50;
    if (bar < 5) {
        snprintf(out, outlen, "%s", tail + 1);
        return;
    }
    int filled = total ? (int)((double)bar * (double)done / (double)total) : bar;
    if (filled > bar)
        filled = bar;
    char barbuf[64];
    memset(barbuf, '#', (size_t)filled);
    memset(barbuf + filled, '.', (size_t)(bar - filled));
    barbuf[bar] = '\0';
    snprintf(out, outlen, "[%s]%s", barbuf, tail);
}
