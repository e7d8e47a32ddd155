/*
 * The child processes of a backtest: telex-broker and the stages, started from
 * the folder of telex-backtest's own binary, their stderr in log files, and
 * stopped with SIGTERM (SIGKILL after a bound) in the order the caller picks.
 */
#ifndef TELEX_BACKTEST_PROCS_H
#define TELEX_BACKTEST_PROCS_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* The folder of the running binary (readlink /proc/self/exe). 0, or -1 and err. */
int procs_bin_dir(char *out, size_t outlen, char *err, size_t errlen);

/* Starts argv[0] with stdout to /dev/null and stderr appended to log_path. 0 with *pid, or -1. */
int procs_spawn(char *const argv[], const char *log_path, pid_t *pid, char *err, size_t errlen);

/* Sends SIGTERM, waits at most timeout_ms (then SIGKILL). Returns the exit code, 128 + signal
   when killed, or -1 when pid is not a child. */
int procs_stop(pid_t pid, int64_t timeout_ms);

/* 1 with its exit code in *code (as procs_stop gives it) if the child has exited (it is
   then reaped: do not stop it again), else 0. */
int procs_exit_code(pid_t pid, int *code);

/* 1 if the child has exited already (its status is then lost), else 0. */
int procs_exited(pid_t pid);

/* Waits at most timeout_ms for path to exist; reads its first line into out. 0, or -1. */
int procs_wait_for_file(const char *path, pid_t writer, int64_t timeout_ms, char *out,
                        size_t outlen, char *err, size_t errlen);

#endif
