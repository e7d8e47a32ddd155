/*
 * Small measuring helpers shared by the benchmark programs: a monotonic
 * clock, nearest-rank percentiles, and a process's memory from
 * /proc/PID/status.
 */
#ifndef TELEX_BENCH_STATS_H
#define TELEX_BENCH_STATS_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* CLOCK_MONOTONIC in nanoseconds. */
int64_t bench_now_ns(void);

/* CPU time this process used so far (all threads), in nanoseconds. */
int64_t bench_cpu_ns(void);

/*
 * Sorts values[0, n) in place and returns the nearest-rank percentile p (0 <
 * p <= 100): the smallest value with at least p% of the values at or below
 * it. Returns 0 when n is 0.
 */
int64_t bench_percentile(int64_t *values, size_t n, double p);

/*
 * Reads one "Field:   1234 kB" line of /proc/PID/status ("VmRSS", "VmHWM").
 * Returns the value in kB, or -1 when the process or the field is gone.
 */
long bench_proc_status_kb(pid_t pid, const char *field);

#endif
