/*
 * peer_util.h - what every peer program shares: a status check, a monotonic clock, padded
 * aligned buffers and the suite's random data. Benchmark-only code, never linked into KernelLib.
 */
#ifndef KL_PEERS_PEER_UTIL_H
#define KL_PEERS_PEER_UTIL_H

#define _POSIX_C_SOURCE 199309L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

/* Exits with the call and its status unless it returned `ok`. */
#define PEER_CHECK(call, ok)                                                                \
  do {                                                                                      \
    const int s_ = (int)(call);                                                             \
    if (s_ != (int)(ok)) {                                                                  \
      fprintf(stderr, "%s:%d: %s failed with status %d\n", __FILE__, __LINE__, #call, s_); \
      exit(1);                                                                              \
    }                                                                                       \
  } while (0)

static double now_seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* 64-byte aligned, with 64 bytes of slack: peers may over-read (XNNPACK's XNN_EXTRA_BYTES). */
static void* alloc_or_die(size_t bytes) {
  void* p = aligned_alloc(64, (bytes + 64 + 63) / 64 * 64);
  if (!p) {
    fprintf(stderr, "out of memory\n");
    exit(1);
  }
  return p;
}

/* Uniform in [-1, 1) from a fixed seed, the same in every peer. */
static void fill_random(float* x, size_t n, uint32_t seed) {
  for (size_t i = 0; i < n; i++) {
    seed = seed * 1664525u + 1013904223u;
    x[i] = (float)((seed >> 8) * (1.0 / 16777216.0)) * 2.0f - 1.0f;
  }
}

static int cmp_double(const void* a, const void* b) {
  double x = *(const double*)a, y = *(const double*)b;
  return x < y ? -1 : x > y;
}

typedef struct {
  double median, lo, hi;
} peer_timing;

/* Sorts n samples and reports their median, min and max. */
static peer_timing peer_summarize(double* samples, int n) {
  qsort(samples, n, sizeof(double), cmp_double);
  return (peer_timing){n % 2 ? samples[n / 2] : 0.5 * (samples[n / 2 - 1] + samples[n / 2]),
                       samples[0], samples[n - 1]};
}

#endif /* KL_PEERS_PEER_UTIL_H */
