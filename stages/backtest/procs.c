/*
 * The child processes of a backtest (see procs.h).
 */
#include "procs.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int64_t monotonic_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

int procs_bin_dir(char *out, size_t outlen, char *err, size_t errlen)
{
    ssize_t n = readlink("/proc/self/exe", out, outlen - 1);
    if (n <= 0 || (size_t)n >= outlen - 1) {
        snprintf(err, errlen, "cannot find this binary's folder: /proc/self/exe: %s",
                 n < 0 ? strerror(errno) : "path too long");
        return -1;
    }
    out[n] = '\0';
    char *slash = strrchr(out, '/');
    if (slash)
        *slash = '\0';
    return 0;
}

int procs_spawn(char *const argv[], const char *log_path, pid_t *pid, char *err, size_t errlen)
{
    if (access(argv[0], X_OK) != 0) {
        snprintf(err, errlen, "cannot run %s: %s", argv[0], strerror(errno));
        return -1;
    }
    int log_fd = open(log_path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (log_fd < 0) {
        snprintf(err, errlen, "%s: %s", log_path, strerror(errno));
        return -1;
    }
    pid_t child = fork();
    if (child < 0) {
        snprintf(err, errlen, "cannot start %s: %s", argv[0], strerror(errno));
        close(log_fd);
        return -1;
    }
    if (child == 0) {
        int null_fd = open("/dev/null", O_RDWR);
        if (null_fd >= 0) {
            dup2(null_fd, 0);
            dup2(null_fd, 1);
        }
        dup2(log_fd, 2);
        execv(argv[0], argv);
        dprintf(2, "cannot run %s: %s\n", argv[0], strerror(errno));
        _exit(127);
    }
    close(log_fd);
    *pid = child;
    return 0;
}

static int exit_code_of(int status)
{
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

int procs_stop(pid_t pid, int64_t timeout_ms)
{
    int status = 0;
    pid_t done = waitpid(pid, &status, WNOHANG);
    if (done == pid)
        return exit_code_of(status);
    if (done < 0)
        return -1;
    kill(pid, SIGTERM);
    int64_t deadline = monotonic_ms() + timeout_ms;
    while (monotonic_ms() < deadline) {
        done = waitpid(pid, &status, WNOHANG);
        if (done == pid)
            return exit_code_of(status);
        if (done < 0)
            return -1;
        sleep_ms(50);
    }
    kill(pid, SIGKILL);
    waitpid(pid, &status, 0);
    return exit_code_of(status);
}

int procs_exit_code(pid_t pid, int *code)
{
    int status;
    if (waitpid(pid, &status, WNOHANG) != pid)
        return 0;
    *code = exit_code_of(status);
    return 1;
}

int procs_exited(pid_t pid)
{
    int status;
    return waitpid(pid, &status, WNOHANG) == pid;
}

int procs_wait_for_file(const char *path, pid_t writer, int64_t timeout_ms, char *out,
                        size_t outlen, char *err, size_t errlen)
{
    int64_t deadline = monotonic_ms() + timeout_ms;
    for (;;) {
        FILE *f = fopen(path, "r");
        if (f) {
            int ok = fgets(out, (int)outlen, f) != NULL;
            fclose(f);
            out[strcspn(out, "\r\n")] = '\0';
            if (ok && *out)
                return 0;
        }
        if (procs_exited(writer)) {
            snprintf(err, errlen, "the process that should write %s exited first", path);
            return -1;
        }
        if (monotonic_ms() >= deadline) {
            snprintf(err, errlen, "%s did not appear within %lld s", path,
                     (long long)(timeout_ms / 1000));
            return -1;
        }
        sleep_ms(50);
    }
}
