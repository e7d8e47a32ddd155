/*
 * The watch state: files are sent once, also across a restart (a reopened
 * state file), a file is taken only once its size stays put across two
 * scans, the folder's manifest.tsv is never sent, and a damaged state file
 * is reported with file:line.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <criterion/criterion.h>

#include "watch_state.h"

static char dir[256];
static char state_path[300];

static void make_dir(void)
{
    snprintf(dir, sizeof dir, "/tmp/telex-watch-test-XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
    snprintf(state_path, sizeof state_path, "%s/.telex-ingest.state", dir);
}

static void remove_dir(void)
{
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    cr_expect_eq(system(cmd), 0);
}

TestSuite(watch, .init = make_dir, .fini = remove_dir);

static void write_file(const char *name, const char *text)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fputs(text, f);
    fclose(f);
}

typedef struct sent_log {
    int n;
    char names[16][64];
} sent_log;

static int record_sent(void *ctx, const char *path, const char *name)
{
    sent_log *log = ctx;
    snprintf(log->names[log->n++], sizeof log->names[0], "%s", name);
    return 0;
}

/* Opens state and poller, scans `scans` times, closes; returns files sent. */
static int run_scans(int scans, sent_log *log)
{
    watch_state *state;
    watch_dir *w;
    char err[256];
    cr_assert_eq(watch_state_open(state_path, &state, err, sizeof err), 0, "%s", err);
    cr_assert_eq(watch_dir_open(dir, state, &w, err, sizeof err), 0, "%s", err);
    long total = 0;
    for (int i = 0; i < scans; i++) {
        long n = watch_scan(w, record_sent, log, err, sizeof err);
        cr_assert_geq(n, 0, "%s", err);
        total += n;
    }
    watch_dir_close(w);
    watch_state_close(state);
    return (int)total;
}

Test(watch, each_file_once_across_restarts)
{
    sent_log log = {0};
    write_file("a.xml", "<nitf/>");
    write_file("b.txt", "story");
    write_file(".hidden", "x");
    write_file("c.tmp", "partial");
    cr_expect_eq(run_scans(1, &log), 0, "a file is taken only once it is stable");
    cr_expect_eq(run_scans(2, &log), 2, "after a restart the stable files go once");
    cr_expect_str_eq(log.names[0], "a.xml");
    cr_expect_str_eq(log.names[1], "b.txt");
    cr_expect_eq(run_scans(3, &log), 0, "a restart does not send them again");
    write_file("d.json", "{}");
    cr_expect_eq(run_scans(3, &log), 1);
    cr_expect_str_eq(log.names[2], "d.json");
    write_file("b.txt", "story, updated and longer");
    cr_expect_eq(run_scans(2, &log), 1, "new content under an old name is sent again");
}

Test(watch, the_manifest_is_never_sent)
{
    sent_log log = {0};
    write_file("manifest.tsv", "a.txt\ttext\t2016-11-10T12:00:00+09:00\n");
    write_file("a.txt", "story");
    cr_expect_eq(run_scans(3, &log), 1, "only the story goes");
    cr_expect_str_eq(log.names[0], "a.txt");
    write_file("manifest.tsv", "a.txt\ttext\t2016-11-10T12:00:00+09:00\nb.txt\ttext\t\n");
    cr_expect_eq(run_scans(3, &log), 0, "a changed manifest is not sent either");
}

Test(watch, truncated_last_line_is_ignored)
{
    write_file(".telex-ingest.state", "5\t100\ta.xml\n7\t200\tb.x");
    watch_state *state;
    char err[256];
    cr_assert_eq(watch_state_open(state_path, &state, err, sizeof err), 0, "%s", err);
    cr_expect_eq(watch_state_count(state), 1);
    cr_expect(watch_state_seen(state, "a.xml", 5, 100));
    cr_expect_not(watch_state_seen(state, "a.xml", 6, 100));
    watch_state_close(state);
}

Test(watch, malformed_state_is_an_error)
{
    write_file(".telex-ingest.state", "5\t100\ta.xml\nnonsense\n");
    watch_state *state = NULL;
    char err[512];
    cr_expect_eq(watch_state_open(state_path, &state, err, sizeof err), -1);
    cr_expect(strstr(err, ".telex-ingest.state:2: malformed state line") != NULL, "%s", err);
}

Test(watch, not_a_directory)
{
    watch_dir *w;
    char err[256];
    cr_expect_eq(watch_dir_open("/nonexistent/dir", NULL, &w, err, sizeof err), -1);
    cr_expect_str_eq(err, "cannot watch /nonexistent/dir: not a directory");
}
