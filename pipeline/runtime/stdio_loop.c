/*
 * --stdio mode: no broker. Length-prefixed frames come in on stdin, each is
 * handed to process() as topic "stdin", partition 0, offsets counting from 0,
 * and what the stage emits goes to stdout (frames, or JSON lines with
 * --json). A rejected record is logged and counted; there is no dead-letter
 * topic. Exit 0 at the end of stdin, 1 on a broken stream or a fatal error.
 */
#include "runtime/stage_io.h"

#include <stdio.h>

static int read_frame(telex_io *io, telex_buf *frame)
{
    char err[512];
    int rc = telex_frame_read(stdin, frame, err, sizeof(err));

    if (rc < 0 && !telex_signals_stop_requested())
        telex_log(&io->log, TELEX_LOG_ERROR, "bad input on stdin", "error", err, NULL);
    return rc;
}

int telex_run_stdio(telex_io *io)
{
    telex_buf frame = {0};
    int64_t offset = 0;
    int exit_code = 0;
    int rc = 0;

    telex_metrics_set_ready(io->metrics, 1);
    telex_notify_ready();
    while (!io->stop && !telex_signals_stop_requested() && (rc = read_frame(io, &frame)) > 0) {
        telex_record rec = {.topic = "stdin",
                            .partition = 0,
                            .offset = offset,
                            .value = frame.data,
                            .value_len = frame.len};
        telex_ticket untracked = {.slot = -1, .offset = offset++};
        telex_io_process_record(io, &rec, "stdin", untracked);
        telex_io_tick(io);
    }
    if (rc < 0 && !telex_signals_stop_requested())
        exit_code = 1;
    telex_io_flush_stage(io);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        telex_log(&io->log, TELEX_LOG_ERROR, "cannot write to stdout", NULL);
        exit_code = 1;
    }
    if (io->stop)
        exit_code = 1;
    telex_buf_free(&frame);
    return exit_code;
}
