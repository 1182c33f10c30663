/*
 * bench_util.h - what the native benchmarks share: a monotonic clock, input
 * buffers, status checks and the best-of-samples timing loop. The including
 * file defines _POSIX_C_SOURCE 200809L first, for clock_gettime.
 */
#ifndef KL_BENCH_UTIL_H
#define KL_BENCH_UTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "kernellib.h"

#define SAMPLES 5
#define SAMPLE_SECONDS 0.05

static inline double now_seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static inline void* checked_malloc(size_t bytes) {
  void* p = malloc(bytes);
  if (p == NULL) {
    fprintf(stderr, "out of memory\n");
    exit(1);
  }
  return p;
}

/* n floats uniform in [-1, 1]. */
static inline float* random_buffer(int64_t n) {
  float* p = checked_malloc((size_t)n * sizeof(float));
  for (int64_t i = 0; i < n; i++) {
    p[i] = (float)rand() / (float)RAND_MAX * 2.0f - 1.0f;
  }
  return p;
}

static inline void check(kl_status status) {
  if (status != KL_OK) {
    fprintf(stderr, "kernellib: %s\n", kl_last_error());
    exit(1);
  }
}

/* Best seconds per call of run(arg) over SAMPLES samples of at least
 * SAMPLE_SECONDS each, after one warm-up call (pack buffers, thread pool, page
 * faults, caches): short cases are timed over many calls, and the best sample
 * damps the noise of a shared machine. */
static inline double best_seconds_per_call(void (*run)(const void* arg), const void* arg) {
  run(arg);
  double best = 1e30;
  for (int s = 0; s < SAMPLES; s++) {
    int64_t calls = 0;
    const double start = now_seconds();
    double elapsed;
    do {
      run(arg);
      calls++;
      elapsed = now_seconds() - start;
    } while (elapsed < SAMPLE_SECONDS);
    const double per_call = elapsed / (double)calls;
    best = per_call < best ? per_call : best;
  }
  return best;
}

#endif /* KL_BENCH_UTIL_H */
