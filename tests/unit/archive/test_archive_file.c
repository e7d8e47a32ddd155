/*
 * Tests of the archive's files (stages/archive/archive_file.c): names and
 * their parsing, the roll policy, a write/read round trip that any Avro tool
 * can read (avrocat from Debian's avro-bin), and the removal of crash
 * leftovers.
 */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "archive_file.h"

static char root[64];

static void make_root(void)
{
    snprintf(root, sizeof(root), "/tmp/telex-archive-test-XXXXXX");
    cr_assert_not_null(mkdtemp(root));
}

static void remove_root(void)
{
    char command[128];
    snprintf(command, sizeof(command), "rm -rf %s", root);
    cr_assert_eq(system(command), 0);
}

TestSuite(archive_file, .init = make_root, .fini = remove_root);

static int exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

static void touch(const char *path)
{
    char command[512];
    snprintf(command, sizeof(command), "mkdir -p $(dirname %s) && : > %s", path, path);
    cr_assert_eq(system(command), 0);
}

/* ---- Names -------------------------------------------------------------------------------- */

Test(names, layout_by_topic_and_utc_day)
{
    char final_path[256], tmp_path[256];
    /* 2016-11-09T23:30:00Z */
    cr_assert_eq(archive_file_paths("/a", "wire.enriched", 3, 1200, 1478734200000LL, final_path,
                                    sizeof(final_path), tmp_path, sizeof(tmp_path)),
                 0);
    cr_expect_str_eq(final_path, "/a/wire.enriched/2016-11-09/wire.enriched-3-1200.avro");
    cr_expect_str_eq(tmp_path, "/a/wire.enriched/2016-11-09/.wire.enriched-3-1200.avro.tmp");
    cr_expect_eq(archive_file_paths("/a", "t", 0, 0, 0, final_path, 10, tmp_path, 10), -1,
                 "too long for the buffer");
}

typedef struct name_case {
    char name[64];
    int tmp;
    int ok;
    int32_t partition;
    int64_t offset;
} name_case;

static name_case name_cases[] = {
    {"wire.raw-0-0.avro", 0, 1, 0, 0},      {"wire.raw-12-9876543210.avro", 0, 1, 12, 9876543210LL},
    {".wire.raw-2-5.avro.tmp", 1, 1, 2, 5}, {".wire.raw-2-5.avro.tmp", 0, 0, 0, 0},
    {"wire.raw-2-5.avro", 1, 0, 0, 0},      {"wire.raw.x-2-5.avro", 0, 0, 0, 0},
    {"wire.raw-2-5.avro.bak", 0, 0, 0, 0},  {"wire.raw--2-5.avro", 0, 0, 0, 0},
    {"wire.raw-2-.avro", 0, 0, 0, 0},       {"wire.raw-a-5.avro", 0, 0, 0, 0},
};

ParameterizedTestParameters(names, parse)
{
    return cr_make_param_array(name_case, name_cases, sizeof(name_cases) / sizeof(name_cases[0]));
}

ParameterizedTest(name_case *c, names, parse)
{
    int32_t partition = -1;
    int64_t offset = -1;
    cr_assert_eq(archive_parse_name(c->name, "wire.raw", c->tmp, &partition, &offset), c->ok, "%s",
                 c->name);
    if (c->ok) {
        cr_expect_eq(partition, c->partition);
        cr_expect_eq(offset, c->offset);
    }
}

Test(names, utc_date)
{
    char date[11];
    archive_utc_date(1478736000000LL, date); /* 2016-11-10T00:00:00Z */
    cr_expect_str_eq(date, "2016-11-10");
    archive_utc_date(-1, date);
    cr_expect_str_eq(date, "1970-01-01", "no timestamp: the epoch");
}

/* ---- Writing and reading ------------------------------------------------------------------- */

static telex_record record_at(int64_t offset, int64_t ts, const char *value, size_t value_len)
{
    return (telex_record){.topic = "wire.enriched",
                          .partition = 1,
                          .offset = offset,
                          .key = offset % 2 ? "key" : NULL,
                          .key_len = offset % 2 ? 3 : 0,
                          .value = value,
                          .value_len = value_len,
                          .timestamp_ms = ts};
}

typedef struct collected {
    int n;
    int64_t offsets[16];
    int keyless;
    int values_right;
} collected;

static const char frame[] = "\xc3\x01\x00\xff binary \x00 frame";

static int collect(void *vctx, const archive_item *item)
{
    collected *c = vctx;
    cr_assert_lt(c->n, 16);
    c->offsets[c->n++] = item->offset;
    c->keyless += item->key == NULL;
    c->values_right += item->value_len == sizeof(frame) - 1 &&
                       memcmp(item->value, frame, item->value_len) == 0 &&
                       strcmp(item->topic, "wire.enriched") == 0 && item->partition == 1;
    return 0;
}

Test(archive_file, round_trip_durable_and_readable_by_avrocat)
{
    char err[256] = "";
    archive_writer *w = NULL;
    telex_record first = record_at(10, 1478736000000LL, frame, sizeof(frame) - 1);
    cr_assert_eq(archive_writer_open(root, &first, 65536, 0, &w, err, sizeof(err)), 0, "%s", err);
    for (int64_t off = 11; off < 15; off++) {
        telex_record rec = record_at(off, 1478736000000LL + off, frame, sizeof(frame) - 1);
        cr_assert_eq(archive_writer_append(w, &rec, err, sizeof(err)), 0, "%s", err);
    }
    char final_path[512], tmp_path[512];
    snprintf(final_path, sizeof(final_path), "%s/wire.enriched/2016-11-10/wire.enriched-1-10.avro",
             root);
    snprintf(tmp_path, sizeof(tmp_path), "%s/wire.enriched/2016-11-10/.wire.enriched-1-10.avro.tmp",
             root);
    cr_expect(exists(tmp_path) && !exists(final_path), "open: only the temporary name");
    cr_expect_eq(archive_writer_last_offset(w), 14);
    cr_expect_eq(archive_writer_count(w), 5);
    cr_assert_eq(archive_writer_close(w, err, sizeof(err)), 0, "%s", err);
    cr_expect(!exists(tmp_path) && exists(final_path), "closed: only the visible name");

    collected c = {0};
    cr_assert_eq(archive_read_file(final_path, collect, &c, err, sizeof(err)), 0, "%s", err);
    cr_expect_eq(c.n, 5);
    for (int i = 0; i < c.n; i++)
        cr_expect_eq(c.offsets[i], 10 + i);
    cr_expect_eq(c.keyless, 3, "even offsets had no key");
    cr_expect_eq(c.values_right, 5, "value bytes come back untouched");

    char command[600];
    snprintf(command, sizeof(command), "avrocat %s | grep -c '\"offset\"' | grep -qx 5",
             final_path);
    cr_expect_eq(system(command), 0, "avrocat reads the 5 records");
}

Test(archive_file, discard_leaves_nothing)
{
    char err[256] = "";
    archive_writer *w = NULL;
    telex_record first = record_at(7, 0, frame, sizeof(frame) - 1);
    cr_assert_eq(archive_writer_open(root, &first, 4096, 0, &w, err, sizeof(err)), 0, "%s", err);
    archive_writer_discard(w);
    char command[256];
    snprintf(command, sizeof(command), "test -z \"$(find %s -type f)\"", root);
    cr_expect_eq(system(command), 0);
}

Test(archive_file, roll_policy)
{
    char err[256] = "";
    archive_writer *w = NULL;
    char big[1000];
    memset(big, 'x', sizeof(big));
    telex_record first = record_at(0, 1478736000000LL, big, sizeof(big));
    cr_assert_eq(archive_writer_open(root, &first, 65536, 5000, &w, err, sizeof(err)), 0, "%s",
                 err);
    archive_roll_policy by_size = {.max_bytes = 2500, .max_age_ms = 60000};
    cr_expect_not(archive_writer_due(w, &by_size, 5000));
    telex_record second = record_at(1, 1478736000000LL, big, sizeof(big));
    cr_assert_eq(archive_writer_append(w, &second, err, sizeof(err)), 0, "%s", err);
    cr_expect_not(archive_writer_due(w, &by_size, 5000));
    cr_expect(archive_writer_due(w, &by_size, 65000), "60 s after it opened");
    cr_assert_eq(archive_writer_append(w, &second, err, sizeof(err)), 0, "%s", err);
    cr_expect(archive_writer_due(w, &by_size, 5000), "3000 bytes > 2500");
    telex_record same_day = record_at(2, 1478822399999LL, big, 1);
    telex_record next_day = record_at(2, 1478822400000LL, big, 1);
    cr_expect_not(archive_writer_wrong_day(w, &same_day));
    cr_expect(archive_writer_wrong_day(w, &next_day));
    archive_writer_discard(w);
}

Test(archive_file, bad_files_are_clear_errors)
{
    char err[256] = "";
    char path[512];
    snprintf(path, sizeof(path), "%s/not-avro.avro", root);
    FILE *f = fopen(path, "w");
    fputs("hello", f);
    fclose(f);
    collected c = {0};
    cr_expect_eq(archive_read_file(path, collect, &c, err, sizeof(err)), -1);
    cr_expect(strstr(err, "not an Avro container file") != NULL, "%s", err);
    cr_expect_eq(archive_read_file("/nonexistent.avro", collect, &c, err, sizeof(err)), -1);

    archive_writer *w = NULL;
    telex_record first = record_at(0, 0, frame, sizeof(frame) - 1);
    cr_expect_eq(archive_writer_open("/proc/no-such-place", &first, 4096, 0, &w, err, sizeof(err)),
                 -1);
    cr_expect(strstr(err, "/proc/no-such-place") != NULL, "%s", err);
}

/* ---- Crash leftovers ------------------------------------------------------------------------ */

Test(archive_file, forget_removes_uncommitted_files_of_the_partition_only)
{
    const char *files[] = {
        "t/2016-11-09/t-1-0.avro",        /* committed before 100: kept */
        "t/2016-11-09/t-1-50.avro",       /* kept */
        "t/2016-11-10/t-1-100.avro",      /* renamed, not committed: removed */
        "t/2016-11-10/t-1-180.avro",      /* removed */
        "t/2016-11-10/.t-1-200.avro.tmp", /* leftover: removed */
        "t/2016-11-10/.t-1-20.avro.tmp",  /* leftover: removed */
        "t/2016-11-10/t-2-500.avro",      /* another partition: kept */
        "t/2016-11-10/.t-2-600.avro.tmp", /* another partition: kept */
        "tt/2016-11-10/tt-1-300.avro",    /* another topic: kept */
    };
    const int removed_expected[] = {0, 0, 1, 1, 1, 1, 0, 0, 0};
    char path[512];
    for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
        snprintf(path, sizeof(path), "%s/%s", root, files[i]);
        touch(path);
    }
    char err[256] = "";
    int removed = -1;
    cr_assert_eq(archive_forget_partition(root, "t", 1, 100, &removed, err, sizeof(err)), 0, "%s",
                 err);
    cr_expect_eq(removed, 4);
    for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
        snprintf(path, sizeof(path), "%s/%s", root, files[i]);
        cr_expect_eq(exists(path), !removed_expected[i], "%s", files[i]);
    }
    cr_expect_eq(archive_forget_partition(root, "none", 1, 0, &removed, err, sizeof(err)), 0);
    cr_expect_eq(removed, 0);
}

/* ---- Damaged files ---------------------------------------------------------------------------
 * Avro C 1.11.1 leaks (or aborts on absurd sizes) on a damaged container file, so the reader
 * checks every file first. These run under LeakSanitizer (ctest fails on its report).
 */

/* Writes 40 records in blocks of at most 1 KiB (several blocks); returns the file's bytes. */
static unsigned char *write_sample(char *path, size_t pathlen, size_t *size)
{
    char err[256] = "", value[120];
    archive_writer *w = NULL;
    memset(value, 'v', sizeof(value));
    for (int64_t off = 0; off < 40; off++) {
        telex_record rec = record_at(off, 1478736000000LL + off, value, 40 + (size_t)off * 2);
        if (off == 0)
            cr_assert_eq(archive_writer_open(root, &rec, 1024, 0, &w, err, sizeof(err)), 0, "%s",
                         err);
        else
            cr_assert_eq(archive_writer_append(w, &rec, err, sizeof(err)), 0, "%s", err);
    }
    snprintf(path, pathlen, "%s", archive_writer_path(w));
    cr_assert_eq(archive_writer_close(w, err, sizeof(err)), 0, "%s", err);
    FILE *f = fopen(path, "rb");
    cr_assert_not_null(f);
    unsigned char *data = malloc(1 << 20);
    *size = fread(data, 1, 1 << 20, f);
    fclose(f);
    cr_assert_gt(*size, 1000, "a sample of several blocks");
    return data;
}

static void write_bytes(const char *path, const unsigned char *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    cr_assert_not_null(f);
    cr_assert_eq(fwrite(data, 1, len, f), len);
    fclose(f);
}

/* Where the header ends: just after the first copy of the sync marker (the file's last 16
   bytes). */
static size_t header_end(const unsigned char *data, size_t size)
{
    for (size_t at = 4; at + 32 <= size; at++)
        if (memcmp(data + at, data + size - 16, 16) == 0)
            return at + 16;
    cr_assert_fail("no sync marker in the sample");
    return 0;
}

static int count_records(void *vctx, const archive_item *item)
{
    int *n = vctx;
    (*n) += item->value != NULL;
    return 0;
}

/* Where the first block's data starts: after the header, its record count and its size. */
static size_t first_block_data(const unsigned char *data, size_t size)
{
    size_t at = header_end(data, size);
    for (int varints = 0; varints < 2; varints++)
        while (data[at++] & 0x80)
            ;
    return at;
}

enum { FROM_START, FROM_HEADER_END, FROM_BLOCK_DATA, FROM_END };

typedef struct damage_case {
    char what[48];
    int base;        /* where at counts from */
    long at;         /* the byte damaged or where the file is cut */
    int cut;         /* 1: cut the file at at; 0: set that byte to set_to */
    int set_to;      /* a byte value, or -1: flip all its bits */
    char reason[48]; /* expected in the error line */
} damage_case;

static damage_case damage_cases[] = {
    {"cut inside the magic bytes", FROM_START, 3, 1, 0, "not an Avro container file"},
    {"cut in the header metadata", FROM_START, 11, 1, 0, "bad header metadata"},
    {"cut in the schema", FROM_START, 80, 1, 0, "bad header metadata value"},
    {"cut in the sync marker", FROM_HEADER_END, -5, 1, 0, "no sync marker after the header"},
    {"cut in the first block", FROM_BLOCK_DATA, 30, 1, 0, "bad block size"},
    {"cut in the last sync marker", FROM_END, -3, 1, 0, "bad block size"},
    {"a byte of the codec name", FROM_START, 18, 0, -1, "codec neither deflate nor null"},
    {"a byte of the schema", FROM_START, 80, 0, -1, "not the ArchivedRecord schema"},
    {"a negative record count", FROM_HEADER_END, 0, 0, 0x01, "bad block record count"},
    {"another record count than the block holds", FROM_HEADER_END, 0, 0, 0x7c,
     "block records that do not decode"},
    /* Deflate's first 3 bits: last block, then type 3, which does not exist. */
    {"a reserved deflate block type", FROM_BLOCK_DATA, 0, 0, 0x07, "does not inflate"},
    {"a byte of the last sync marker", FROM_END, -1, 0, -1, "wrong block sync marker"},
};

ParameterizedTestParameters(archive_file, damaged_file_is_refused)
{
    return cr_make_param_array(damage_case, damage_cases,
                               sizeof(damage_cases) / sizeof(damage_cases[0]));
}

ParameterizedTest(damage_case *c, archive_file, damaged_file_is_refused)
{
    char path[512], damaged[600], err[512] = "";
    size_t size;
    unsigned char *data = write_sample(path, sizeof(path), &size);
    long bases[] = {0, (long)header_end(data, size), (long)first_block_data(data, size),
                    (long)size};
    size_t at = (size_t)(bases[c->base] + c->at);
    cr_assert_lt(at, size);
    if (!c->cut)
        data[at] = c->set_to < 0 ? (unsigned char)~data[at] : (unsigned char)c->set_to;
    snprintf(damaged, sizeof(damaged), "%s/damaged.avro", root);
    write_bytes(damaged, data, c->cut ? at : size);
    int got = 0;
    cr_expect_eq(archive_read_file(damaged, count_records, &got, err, sizeof(err)), -1, "%s",
                 c->what);
    cr_expect(strstr(err, c->reason) && strstr(err, "damaged.avro") && !strchr(err, '\n'),
              "%s: want one line with \"%s\", got: %s", c->what, c->reason, err);
    cr_expect_eq(got, 0, "%s: nothing of a damaged file is handed out", c->what);
    free(data);
}

Test(archive_file, every_cut_is_refused_or_reads_whole_blocks)
{
    char path[512], damaged[600], err[512];
    size_t size;
    unsigned char *data = write_sample(path, sizeof(path), &size);
    snprintf(damaged, sizeof(damaged), "%s/cut.avro", root);
    int refused = 0, read_short = 0;
    for (size_t len = 0; len < size; len++) {
        write_bytes(damaged, data, len);
        int got = 0;
        err[0] = '\0';
        if (archive_read_file(damaged, count_records, &got, err, sizeof(err)) != 0) {
            cr_assert(strstr(err, "cut.avro"), "cut at %zu: %s", len, err);
            cr_assert_eq(got, 0, "cut at %zu: records of a refused file were handed out", len);
            refused++;
        } else {
            /* A cut exactly between two blocks leaves a valid, shorter container file. */
            cr_assert_lt(got, 40, "cut at %zu", len);
            read_short++;
        }
    }
    cr_expect_gt(refused, (int)size * 9 / 10, "%d of %zu cuts refused", refused, size);
    cr_expect_gt(read_short, 1, "the cuts between blocks read as whole blocks");
    free(data);
}
