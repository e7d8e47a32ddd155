/*
 * bench-drive: offers records to a stage through Kafka and measures what
 * comes out.
 *
 *   bench-drive -b BROKERS --in TOPIC --frames FILE --keys FILE --out TOPIC
 *               [--count N] [--rate R] [--window W] [--timeout S]
 *               [--watch NAME=PID]... [--rss-at N,N,...] [--ready-file F]
 *   bench-drive -b BROKERS --out TOPIC --expect N [--timeout S] [--watch ...]
 *
 * The first form produces the first N length-prefixed frames of FILE to the
 * input topic, frame i keyed by line i of the keys file (the key the stage
 * will give its output: the story id), either as fast as the window allows
 * (at most W records produced and not yet seen on the output) or at a fixed
 * offered rate of R records/s. The output topic is consumed from its end as
 * it was when bench-drive started (a second run on one broker sees only its
 * own records).
 * Each output record is matched to its input by key: latency is the time
 * from handing the record to librdkafka to receiving its output; a repeated
 * key is counted as a duplicate, not twice. The second form produces nothing
 * and waits for N distinct keys on the output (an end-to-end run fed by
 * other programs, timed from the moment it creates the --ready-file).
 *
 * When every record arrived it prints one line of key=value pairs (records,
 * seconds, msgs_per_s, in_mb_per_s, out_mb_per_s with MB = 10^6 bytes,
 * p50_ms, p99_ms, max_ms, duplicates, and rss_kb.NAME.AT / hwm_kb.NAME from
 * /proc of each watched process, sampled when AT records had arrived) and
 * exits 0. When nothing new arrives for S seconds (default 60) it says how
 * many are missing and exits 1: a shortfall is a failure, never a figure.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <librdkafka/rdkafka.h>

#include "bench_stats.h"

enum { MAX_WATCH = 8, MAX_CHECKPOINTS = 8 };

typedef struct watch {
    char name[32];
    pid_t pid;
    long rss_kb[MAX_CHECKPOINTS];
} watch;

typedef struct drive_args {
    const char *brokers;
    const char *in_topic;
    const char *out_topic;
    const char *frames_path;
    const char *keys_path;
    const char *ready_file; /* created once the output topic is assigned */
    long count;             /* records to produce (-1: every frame) */
    long expect;            /* consume-only: distinct keys to wait for */
    double rate;            /* records/s; 0: as fast as the window allows */
    long window;
    int timeout_s;
    watch watches[MAX_WATCH];
    int n_watches;
    long checkpoints[MAX_CHECKPOINTS];
    int n_checkpoints;
} drive_args;

/* The input: frames and keys in memory, and an open-addressing index of the keys. */
typedef struct drive_input {
    char *frames; /* the frames file's bytes */
    size_t *frame_at;
    size_t *frame_len;
    char **keys;
    long n;
    long *slots; /* key index + 1, 0 empty; n_slots a power of two */
    size_t n_slots;
    uint64_t in_bytes;
} drive_input;

/* What both threads share. */
typedef struct drive_state {
    const drive_args *args;
    drive_input *input;
    rd_kafka_t *producer;
    _Atomic int64_t *sent_ns; /* per record: when it was handed to librdkafka, 0 before */
    _Atomic long received;    /* distinct records seen on the output */
    atomic_int stop;          /* the consumer gave up or finished */
    atomic_int produce_failed;
    int64_t first_sent_ns;
    unsigned long delivery_failures; /* producer thread only */
} drive_state;

static volatile sig_atomic_t interrupted;

static void on_signal(int signo)
{
    (void)signo;
    interrupted = 1;
}

/* ---- Command line ---- */

static int parse_long(const char *flag, const char *text, long min, long *out, char *err,
                      size_t errlen)
{
    char *end = NULL;
    errno = 0;
    long value = strtol(text, &end, 10);
    if (errno || end == text || *end || value < min) {
        snprintf(err, errlen, "%s: expected a whole number >= %ld, got \"%s\"", flag, min, text);
        return -1;
    }
    *out = value;
    return 0;
}

static int parse_watch(const char *text, drive_args *args, char *err, size_t errlen)
{
    const char *eq = strchr(text, '=');
    long pid = 0;
    if (!eq || eq == text || (size_t)(eq - text) >= sizeof args->watches[0].name ||
        args->n_watches == MAX_WATCH || parse_long("--watch", eq + 1, 1, &pid, err, errlen) != 0) {
        snprintf(err, errlen, "--watch: want NAME=PID (at most %d), got \"%s\"", MAX_WATCH, text);
        return -1;
    }
    watch *w = &args->watches[args->n_watches++];
    memset(w, 0, sizeof *w);
    memcpy(w->name, text, (size_t)(eq - text));
    w->pid = (pid_t)pid;
    return 0;
}

static int parse_checkpoints(const char *text, drive_args *args, char *err, size_t errlen)
{
    char copy[256];
    snprintf(copy, sizeof copy, "%s", text);
    args->n_checkpoints = 0;
    for (char *save = NULL, *tok = strtok_r(copy, ",", &save); tok;
         tok = strtok_r(NULL, ",", &save)) {
        if (args->n_checkpoints == MAX_CHECKPOINTS) {
            snprintf(err, errlen, "--rss-at: at most %d counts", MAX_CHECKPOINTS);
            return -1;
        }
        if (parse_long("--rss-at", tok, 1, &args->checkpoints[args->n_checkpoints++], err,
                       errlen) != 0)
            return -1;
    }
    return 0;
}

/* Handles one flag with its value; returns 0, or -1 with a reason. */
static int parse_flag(const char *flag, const char *value, drive_args *args, char *err,
                      size_t errlen)
{
    long seconds = 0;
    if (strcmp(flag, "-b") == 0)
        args->brokers = value;
    else if (strcmp(flag, "--in") == 0)
        args->in_topic = value;
    else if (strcmp(flag, "--out") == 0)
        args->out_topic = value;
    else if (strcmp(flag, "--frames") == 0)
        args->frames_path = value;
    else if (strcmp(flag, "--keys") == 0)
        args->keys_path = value;
    else if (strcmp(flag, "--ready-file") == 0)
        args->ready_file = value;
    else if (strcmp(flag, "--count") == 0)
        return parse_long(flag, value, 1, &args->count, err, errlen);
    else if (strcmp(flag, "--expect") == 0)
        return parse_long(flag, value, 1, &args->expect, err, errlen);
    else if (strcmp(flag, "--window") == 0)
        return parse_long(flag, value, 1, &args->window, err, errlen);
    else if (strcmp(flag, "--rate") == 0) {
        char *end = NULL;
        args->rate = strtod(value, &end);
        if (end == value || *end || args->rate < 0) {
            snprintf(err, errlen, "--rate: expected records per second, got \"%s\"", value);
            return -1;
        }
    } else if (strcmp(flag, "--timeout") == 0) {
        if (parse_long(flag, value, 1, &seconds, err, errlen) != 0)
            return -1;
        args->timeout_s = (int)seconds;
    } else if (strcmp(flag, "--watch") == 0)
        return parse_watch(value, args, err, errlen);
    else if (strcmp(flag, "--rss-at") == 0)
        return parse_checkpoints(value, args, err, errlen);
    else {
        snprintf(err, errlen, "unknown option \"%s\"", flag);
        return -1;
    }
    return 0;
}

static int parse_args(int argc, char **argv, drive_args *args, char *err, size_t errlen)
{
    memset(args, 0, sizeof *args);
    args->count = -1;
    args->window = 20000;
    args->timeout_s = 60;
    for (int i = 1; i < argc; i += 2) {
        if (i + 1 >= argc) {
            snprintf(err, errlen, "%s needs a value", argv[i]);
            return -1;
        }
        if (parse_flag(argv[i], argv[i + 1], args, err, errlen) != 0)
            return -1;
    }
    if (!args->brokers || !args->out_topic) {
        snprintf(err, errlen, "want -b BROKERS and --out TOPIC");
        return -1;
    }
    int producing = args->in_topic || args->frames_path || args->keys_path;
    if (producing && (!args->in_topic || !args->frames_path || !args->keys_path)) {
        snprintf(err, errlen, "producing needs --in TOPIC, --frames FILE and --keys FILE");
        return -1;
    }
    if (producing == (args->expect > 0)) {
        snprintf(err, errlen, "give either --in/--frames/--keys or --expect N");
        return -1;
    }
    return 0;
}

/* ---- Input ---- */

static uint64_t hash_key(const char *key, size_t len)
{
    uint64_t h = 14695981039346656037ULL; /* FNV-1a */
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)key[i]) * 1099511628211ULL;
    return h;
}

/* The index of the record keyed key, or -1. */
static long find_key(const drive_input *in, const char *key, size_t len)
{
    if (!in->slots)
        return -1;
    for (size_t s = hash_key(key, len) & (in->n_slots - 1);; s = (s + 1) & (in->n_slots - 1)) {
        long idx = in->slots[s] - 1;
        if (idx < 0)
            return -1;
        if (strlen(in->keys[idx]) == len && memcmp(in->keys[idx], key, len) == 0)
            return idx;
    }
}

/* Indexes keys; a key given twice is an error (its outputs could not be told apart). */
static int index_keys(drive_input *in, char *err, size_t errlen)
{
    in->n_slots = 1024;
    while (in->n_slots < 2 * (size_t)in->n)
        in->n_slots *= 2;
    in->slots = calloc(in->n_slots, sizeof *in->slots);
    if (!in->slots) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    for (long i = 0; i < in->n; i++) {
        size_t len = strlen(in->keys[i]);
        if (find_key(in, in->keys[i], len) >= 0) {
            snprintf(err, errlen, "key \"%s\" given twice (line %ld)", in->keys[i], i + 1);
            return -1;
        }
        size_t s = hash_key(in->keys[i], len) & (in->n_slots - 1);
        while (in->slots[s])
            s = (s + 1) & (in->n_slots - 1);
        in->slots[s] = i + 1;
    }
    return 0;
}

static int read_whole_file(const char *path, char **bytes, size_t *len, char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "%.300s: %s", path, strerror(errno));
        return -1;
    }
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    *bytes = malloc(size > 0 ? (size_t)size + 1 : 1);
    if (size < 0 || !*bytes || fread(*bytes, 1, (size_t)size, f) != (size_t)size) {
        snprintf(err, errlen, "%.300s: cannot read the file", path);
        fclose(f);
        return -1;
    }
    fclose(f);
    (*bytes)[size] = '\0';
    *len = (size_t)size;
    return 0;
}

/* Splits the length-prefixed frames of the file into up to max records. */
static int load_frames(drive_input *in, const char *path, long max, char *err, size_t errlen)
{
    size_t len = 0, pos = 0;
    if (read_whole_file(path, &in->frames, &len, err, errlen) != 0)
        return -1;
    size_t cap = 1024;
    in->frame_at = malloc(cap * sizeof *in->frame_at);
    in->frame_len = malloc(cap * sizeof *in->frame_len);
    while (pos < len && (max < 0 || in->n < max)) {
        const unsigned char *p = (const unsigned char *)in->frames + pos;
        size_t n = pos + 4 <= len
                       ? ((size_t)p[0] << 24 | (size_t)p[1] << 16 | (size_t)p[2] << 8 | p[3])
                       : 0;
        if (pos + 4 > len || pos + 4 + n > len) {
            snprintf(err, errlen, "%s: truncated frame %ld at byte %zu", path, in->n, pos);
            return -1;
        }
        if ((size_t)in->n == cap) {
            cap *= 2;
            size_t *at = realloc(in->frame_at, cap * sizeof *at);
            if (at)
                in->frame_at = at;
            size_t *lens = realloc(in->frame_len, cap * sizeof *lens);
            if (lens)
                in->frame_len = lens;
            if (!at || !lens)
                break;
        }
        if (!in->frame_at || !in->frame_len)
            break;
        in->frame_at[in->n] = pos + 4;
        in->frame_len[in->n] = n;
        in->in_bytes += n;
        in->n++;
        pos += 4 + n;
    }
    if (!in->frame_at || !in->frame_len || (size_t)in->n == cap) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    if (max > 0 && in->n < max) {
        snprintf(err, errlen, "%s holds %ld frames, %ld asked for", path, in->n, max);
        return -1;
    }
    return 0;
}

/* Reads the first in->n lines of the keys file. */
static int load_keys(drive_input *in, const char *path, char *err, size_t errlen)
{
    FILE *f = fopen(path, "r");
    char *line = NULL;
    size_t cap = 0;
    long n = 0;

    if (!f) {
        snprintf(err, errlen, "%.300s: %s", path, strerror(errno));
        return -1;
    }
    in->keys = calloc((size_t)in->n + 1, sizeof *in->keys);
    while (in->keys && n < in->n) {
        ssize_t got = getline(&line, &cap, f);
        if (got <= 0)
            break;
        if (line[got - 1] == '\n')
            line[got - 1] = '\0';
        if (!(in->keys[n++] = strdup(line)))
            break;
    }
    free(line);
    fclose(f);
    if (!in->keys || n < in->n || !in->keys[n - 1]) {
        snprintf(err, errlen, "%s: want %ld keys, one a line", path, in->n);
        return -1;
    }
    return 0;
}

static void input_free(drive_input *in)
{
    for (long i = 0; in->keys && i < in->n; i++)
        free(in->keys[i]);
    free(in->keys);
    free(in->slots);
    free(in->frames);
    free(in->frame_at);
    free(in->frame_len);
}

/* ---- Kafka ---- */

static int conf_set(rd_kafka_conf_t *conf, const char *key, const char *value, char *err,
                    size_t errlen)
{
    char reason[256];
    if (rd_kafka_conf_set(conf, key, value, reason, sizeof reason) == RD_KAFKA_CONF_OK)
        return 0;
    snprintf(err, errlen, "%.100s=%.100s: %.250s", key, value, reason);
    return -1;
}

static void on_delivery(rd_kafka_t *rk, const rd_kafka_message_t *msg, void *opaque)
{
    drive_state *st = opaque;
    (void)rk;
    if (msg->err)
        st->delivery_failures++;
}

static rd_kafka_t *open_producer(drive_state *st, char *err, size_t errlen)
{
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    /* At a fixed rate every record goes out at once, so latency is the stage's alone;
       flat out, the default batching. */
    if (conf_set(conf, "bootstrap.servers", st->args->brokers, err, errlen) != 0 ||
        (st->args->rate > 0 && conf_set(conf, "linger.ms", "0", err, errlen) != 0)) {
        rd_kafka_conf_destroy(conf);
        return NULL;
    }
    rd_kafka_conf_set_opaque(conf, st);
    rd_kafka_conf_set_dr_msg_cb(conf, on_delivery);
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, errlen);
    if (!rk) {
        rd_kafka_conf_destroy(conf); /* on success conf belongs to the handle */
        return NULL;
    }
    /* Learn the input topic's leaders now, so the first records are not timed with it. */
    const struct rd_kafka_metadata *md = NULL;
    rd_kafka_topic_t *rkt = rd_kafka_topic_new(rk, st->args->in_topic, NULL);
    rd_kafka_resp_err_t rc = rd_kafka_metadata(rk, 0, rkt, &md, 10000);
    rd_kafka_topic_destroy(rkt);
    if (rc) {
        snprintf(err, errlen, "no metadata for topic %s: %s", st->args->in_topic,
                 rd_kafka_err2str(rc));
        rd_kafka_destroy(rk);
        return NULL;
    }
    rd_kafka_metadata_destroy(md);
    return rk;
}

/*
 * Assigns every partition of the topic md describes at its current end (high
 * watermark), so only what is produced from now on is seen.
 */
static int assign_at_end(rd_kafka_t *rk, const char *topic, const rd_kafka_metadata_topic_t *md,
                         char *err, size_t errlen)
{
    rd_kafka_topic_partition_list_t *parts = rd_kafka_topic_partition_list_new(md->partition_cnt);
    rd_kafka_resp_err_t rc = RD_KAFKA_RESP_ERR_NO_ERROR;

    for (int p = 0; p < md->partition_cnt && !rc; p++) {
        int64_t low = 0, high = 0;
        rc = rd_kafka_query_watermark_offsets(rk, topic, md->partitions[p].id, &low, &high, 10000);
        rd_kafka_topic_partition_list_add(parts, topic, md->partitions[p].id)->offset = high;
    }
    if (!rc)
        rc = rd_kafka_assign(rk, parts);
    rd_kafka_topic_partition_list_destroy(parts);
    if (rc) {
        snprintf(err, errlen, "cannot assign %s at its end: %s", topic, rd_kafka_err2str(rc));
        return -1;
    }
    return 0;
}

/* A consumer in no group, assigned every partition of topic at its current end. */
static rd_kafka_t *open_consumer(const char *brokers, const char *topic, char *err, size_t errlen)
{
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    const struct rd_kafka_metadata *md = NULL;
    /* A short fetch wait, so the measuring side adds little to the latency measured. */
    if (conf_set(conf, "bootstrap.servers", brokers, err, errlen) != 0 ||
        conf_set(conf, "group.id", "bench-drive", err, errlen) != 0 ||
        conf_set(conf, "fetch.wait.max.ms", "1", err, errlen) != 0 ||
        conf_set(conf, "enable.auto.commit", "false", err, errlen) != 0) {
        rd_kafka_conf_destroy(conf);
        return NULL;
    }
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, err, errlen);
    if (!rk) {
        rd_kafka_conf_destroy(conf);
        return NULL;
    }
    rd_kafka_poll_set_consumer(rk);
    rd_kafka_topic_t *rkt = rd_kafka_topic_new(rk, topic, NULL);
    rd_kafka_resp_err_t rc = rd_kafka_metadata(rk, 0, rkt, &md, 10000);
    rd_kafka_topic_destroy(rkt);
    if (rc || md->topic_cnt != 1 || md->topics[0].err || md->topics[0].partition_cnt == 0) {
        snprintf(err, errlen, "no partitions for topic %s: %s", topic,
                 rd_kafka_err2str(rc ? rc : md->topics[0].err));
        goto err_destroy;
    }
    if (assign_at_end(rk, topic, &md->topics[0], err, errlen) != 0)
        goto err_destroy;
    rd_kafka_metadata_destroy(md);
    /* Let the fetchers start, so the first records are not timed with their set-up. */
    for (int64_t until = bench_now_ns() + 1000000000; bench_now_ns() < until;) {
        rd_kafka_message_t *msg = rd_kafka_consumer_poll(rk, 100);
        if (msg)
            rd_kafka_message_destroy(msg);
    }
    return rk;

err_destroy:
    if (md)
        rd_kafka_metadata_destroy(md);
    rd_kafka_destroy(rk);
    return NULL;
}

/* ---- Producing ---- */

static void sleep_until_ns(int64_t when)
{
    int64_t wait = when - bench_now_ns();
    if (wait <= 0)
        return;
    struct timespec ts = {.tv_sec = wait / 1000000000, .tv_nsec = wait % 1000000000};
    nanosleep(&ts, NULL);
}

/* Waits until record i may go: its time at a fixed rate, or room in the window. */
static void wait_turn(drive_state *st, long i, int64_t start_ns)
{
    const drive_args *args = st->args;
    if (args->rate > 0) {
        sleep_until_ns(start_ns + (int64_t)((double)i * 1e9 / args->rate));
        return;
    }
    while (!atomic_load(&st->stop) && i - atomic_load(&st->received) >= args->window)
        rd_kafka_poll(st->producer, 1);
}

static int produce_one(drive_state *st, long i)
{
    const drive_input *in = st->input;
    for (;;) {
        atomic_store(&st->sent_ns[i], bench_now_ns());
        rd_kafka_resp_err_t rc = rd_kafka_producev(
            st->producer, RD_KAFKA_V_TOPIC(st->args->in_topic),
            RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
            RD_KAFKA_V_KEY(in->keys[i], strlen(in->keys[i])),
            RD_KAFKA_V_VALUE(in->frames + in->frame_at[i], in->frame_len[i]), RD_KAFKA_V_END);
        if (rc == RD_KAFKA_RESP_ERR_NO_ERROR)
            return 0;
        if (rc != RD_KAFKA_RESP_ERR__QUEUE_FULL || atomic_load(&st->stop)) {
            fprintf(stderr, "bench-drive: cannot produce record %ld: %s\n", i,
                    rd_kafka_err2str(rc));
            return -1;
        }
        rd_kafka_poll(st->producer, 10);
    }
}

static void *produce_all(void *arg)
{
    drive_state *st = arg;
    int64_t start_ns = bench_now_ns();
    for (long i = 0; i < st->input->n && !atomic_load(&st->stop); i++) {
        wait_turn(st, i, start_ns);
        if (produce_one(st, i) != 0) {
            atomic_store(&st->produce_failed, 1);
            break;
        }
        rd_kafka_poll(st->producer, 0);
    }
    while (!atomic_load(&st->stop) && rd_kafka_outq_len(st->producer) > 0)
        rd_kafka_poll(st->producer, 50);
    if (st->delivery_failures > 0) {
        fprintf(stderr, "bench-drive: %lu records were not delivered to %s\n",
                st->delivery_failures, st->args->in_topic);
        atomic_store(&st->produce_failed, 1);
    }
    return NULL;
}

/* ---- Consuming ---- */

typedef struct drive_result {
    long received;
    long duplicates;
    long unknown;
    uint64_t out_bytes;
    int64_t last_ns;
    int64_t *latency_ns; /* per record, -1 until it arrived */
} drive_result;

static void sample_rss(drive_args *args, int checkpoint)
{
    for (int w = 0; w < args->n_watches; w++)
        args->watches[w].rss_kb[checkpoint] = bench_proc_status_kb(args->watches[w].pid, "VmRSS");
}

/* Counts one newly arrived record and samples memory at the checkpoints. */
static void count_arrival(drive_state *st, drive_result *res, int64_t now)
{
    res->received++;
    res->last_ns = now;
    atomic_store(&st->received, res->received);
    for (int c = 0; c < st->args->n_checkpoints; c++)
        if (st->args->checkpoints[c] == res->received)
            sample_rss((drive_args *)st->args, c);
}

/* Books one output record of a run that produced its input. */
static void receive(drive_state *st, drive_result *res, const rd_kafka_message_t *msg, int64_t now)
{
    long idx = find_key(st->input, msg->key ? msg->key : "", msg->key_len);

    res->out_bytes += msg->len;
    if (idx < 0)
        res->unknown++;
    else if (res->latency_ns[idx] >= 0)
        res->duplicates++;
    else {
        res->latency_ns[idx] = now - atomic_load(&st->sent_ns[idx]);
        count_arrival(st, res, now);
    }
}

/*
 * Books one output record of a consume-only run, which knows no keys in
 * advance: each new key is added to the index (it has room for --expect keys)
 * so that a repeat counts as a duplicate.
 */
static void receive_learned(drive_state *st, drive_result *res, const rd_kafka_message_t *msg,
                            int64_t now)
{
    drive_input *in = st->input;
    const char *key = msg->key ? msg->key : "";

    res->out_bytes += msg->len;
    if (find_key(in, key, msg->key_len) >= 0) {
        res->duplicates++;
        return;
    }
    if (in->n >= st->args->expect) {
        res->unknown++; /* more distinct keys than expected */
        return;
    }
    char *copy = strndup(key, msg->key_len);
    if (!copy) {
        res->unknown++;
        return;
    }
    in->keys[in->n] = copy;
    size_t s = hash_key(copy, msg->key_len) & (in->n_slots - 1);
    while (in->slots[s])
        s = (s + 1) & (in->n_slots - 1);
    in->slots[s] = ++in->n;
    count_arrival(st, res, now);
}

/* Consumes until every record arrived, a timeout without progress, or a signal. */
static int consume_all(drive_state *st, rd_kafka_t *consumer, drive_result *res)
{
    const drive_args *args = st->args;
    int consume_only = args->expect > 0;
    long expected = consume_only ? args->expect : st->input->n;
    int64_t last_progress = bench_now_ns();

    while (res->received < expected && !interrupted && !atomic_load(&st->produce_failed)) {
        rd_kafka_message_t *msg = rd_kafka_consumer_poll(consumer, 100);
        int64_t now = bench_now_ns();
        if (!msg) {
            if (now - last_progress > (int64_t)args->timeout_s * 1000000000)
                break;
            continue;
        }
        if (msg->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
            long before = res->received;
            if (consume_only)
                receive_learned(st, res, msg, now);
            else
                receive(st, res, msg, now);
            if (res->received > before)
                last_progress = now;
        } else if (msg->err != RD_KAFKA_RESP_ERR__PARTITION_EOF)
            fprintf(stderr, "bench-drive: consumer: %s\n", rd_kafka_message_errstr(msg));
        rd_kafka_message_destroy(msg);
    }
    return res->received == expected ? 0 : -1;
}

/* ---- Report ---- */

static void print_report(const drive_state *st, const drive_result *res)
{
    const drive_args *args = st->args;
    double seconds = (double)(res->last_ns - st->first_sent_ns) / 1e9;
    uint64_t in_bytes = st->input->in_bytes;
    long n = res->received;
    int64_t *lat = malloc((size_t)(n > 0 ? n : 1) * sizeof *lat);
    size_t n_lat = 0;

    for (long i = 0; lat && args->expect == 0 && i < st->input->n; i++)
        if (res->latency_ns[i] >= 0)
            lat[n_lat++] = res->latency_ns[i];
    if (seconds <= 0)
        seconds = 1e-9;
    printf("records=%ld seconds=%.3f msgs_per_s=%.1f in_mb_per_s=%.2f out_mb_per_s=%.2f", n,
           seconds, (double)n / seconds, (double)in_bytes / 1e6 / seconds,
           (double)res->out_bytes / 1e6 / seconds);
    if (n_lat > 0)
        printf(" p50_ms=%.3f p99_ms=%.3f max_ms=%.3f", bench_percentile(lat, n_lat, 50) / 1e6,
               bench_percentile(lat, n_lat, 99) / 1e6, bench_percentile(lat, n_lat, 100) / 1e6);
    printf(" duplicates=%ld unknown=%ld", res->duplicates, res->unknown);
    for (int w = 0; w < args->n_watches; w++) {
        for (int c = 0; c < args->n_checkpoints; c++)
            printf(" rss_kb.%s.%ld=%ld", args->watches[w].name, args->checkpoints[c],
                   args->watches[w].rss_kb[c]);
        printf(" hwm_kb.%s=%ld", args->watches[w].name,
               bench_proc_status_kb(args->watches[w].pid, "VmHWM"));
    }
    printf("\n");
    fflush(stdout);
    free(lat);
}

/* ---- main ---- */

static int load_input(const drive_args *args, drive_input *in, char *err, size_t errlen)
{
    if (args->expect > 0) {
        /* Consume-only: room for the keys that will be learned. */
        in->keys = calloc((size_t)args->expect, sizeof *in->keys);
        in->n_slots = 1024;
        while (in->n_slots < 2 * (size_t)args->expect)
            in->n_slots *= 2;
        in->slots = calloc(in->n_slots, sizeof *in->slots);
        if (!in->keys || !in->slots) {
            snprintf(err, errlen, "out of memory");
            return -1;
        }
        return 0;
    }
    if (load_frames(in, args->frames_path, args->count, err, errlen) != 0 ||
        load_keys(in, args->keys_path, err, errlen) != 0 || index_keys(in, err, errlen) != 0)
        return -1;
    return 0;
}

/* Creates an empty file: tells a waiting script the output is being watched. */
static int touch(const char *path, char *err, size_t errlen)
{
    FILE *f = fopen(path, "w");
    if (!f || fclose(f) != 0) {
        snprintf(err, errlen, "%.300s: %s", path, strerror(errno));
        return -1;
    }
    return 0;
}

static int drive(drive_state *st, drive_result *res, char *err, size_t errlen)
{
    const drive_args *args = st->args;
    pthread_t producer_thread;
    int rc = -1;

    rd_kafka_t *consumer = open_consumer(args->brokers, args->out_topic, err, errlen);
    if (!consumer)
        return -1;
    st->first_sent_ns = bench_now_ns(); /* consume-only: the run starts now */
    if (args->ready_file && touch(args->ready_file, err, errlen) != 0)
        goto out_close_consumer;
    if (args->expect == 0) {
        st->producer = open_producer(st, err, errlen);
        if (!st->producer)
            goto out_close_consumer;
        st->first_sent_ns = bench_now_ns();
        if (pthread_create(&producer_thread, NULL, produce_all, st) != 0) {
            snprintf(err, errlen, "cannot start the producer thread");
            goto out_destroy_producer;
        }
    }
    rc = consume_all(st, consumer, res);
    atomic_store(&st->stop, 1);
    if (args->expect == 0)
        pthread_join(producer_thread, NULL);
    if (rc != 0) {
        long expected = args->expect > 0 ? args->expect : st->input->n;
        snprintf(err, errlen,
                 "shortfall: %ld of %ld records arrived on %s (%ld duplicates, %ld unknown)%s",
                 res->received, expected, args->out_topic, res->duplicates, res->unknown,
                 atomic_load(&st->produce_failed) ? "; producing failed" : "");
    }
out_destroy_producer:
    if (st->producer) {
        rd_kafka_flush(st->producer, 5000);
        rd_kafka_destroy(st->producer);
    }
out_close_consumer:
    rd_kafka_consumer_close(consumer);
    rd_kafka_destroy(consumer);
    return rc;
}

int main(int argc, char **argv)
{
    char err[1024] = "";
    drive_args args;
    drive_input input = {0};
    drive_state st = {0};
    drive_result res = {0};
    struct sigaction action = {.sa_handler = on_signal};
    int exit_code = 1;

    if (parse_args(argc, argv, &args, err, sizeof err) != 0) {
        fprintf(stderr, "bench-drive: %s\n", err);
        return 2;
    }
    sigemptyset(&action.sa_mask);
    sigaction(SIGTERM, &action, NULL);
    sigaction(SIGINT, &action, NULL);
    if (load_input(&args, &input, err, sizeof err) != 0)
        goto out;
    long n = input.n > 0 ? input.n : 1;
    st.args = &args;
    st.input = &input;
    st.sent_ns = calloc((size_t)n, sizeof *st.sent_ns);
    res.latency_ns = malloc((size_t)n * sizeof *res.latency_ns);
    if (!st.sent_ns || !res.latency_ns) {
        snprintf(err, sizeof err, "out of memory");
        goto out;
    }
    for (long i = 0; i < n; i++)
        res.latency_ns[i] = -1;
    if (drive(&st, &res, err, sizeof err) == 0) {
        print_report(&st, &res);
        exit_code = 0;
    }
out:
    if (exit_code != 0)
        fprintf(stderr, "bench-drive: %s\n", err);
    free(st.sent_ns);
    free(res.latency_ns);
    input_free(&input);
    return exit_code;
}
