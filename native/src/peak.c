/*
 * peak.c - kl_measure_fma_peak: the fp32 multiply-add throughput a
 * register-only loop reaches on one ISA and a number of threads, the ceiling
 * GEMM is quoted against. Every thread runs its ISA's loop (peak-<isa>.c) for
 * the requested time; the rate is all flops over the wall time of the region.
 */
#if !defined(_WIN32)
#  define _POSIX_C_SOURCE 200809L /* clock_gettime under -std=c11 */
#endif

#include <time.h>

#if defined(_WIN32)
#  include <windows.h>
#endif

#include "peak.h"

/* Rounds between clock reads: well under a millisecond on any ISA. */
#define KL_PEAK_CHUNK 16384
#define KL_PEAK_MAX_SECONDS 60.0
#define SCALAR_ACCUMULATORS 48

volatile float kl_fma_sink;

/* The baseline build's multiply-add (a separate multiply and add: C11 does
 * not contract them). 48 independent accumulators: the compiler vectorises
 * them for the baseline ISA (SSE2, NEON), and 12 vector chains cover the
 * latency of a dependent multiply and add on both pipes. */
double kl_fma_loop__scalar(int64_t iterations, float seed) {
  const float mul = 1.0f - seed * 1e-7f;
  const float add = seed * 1e-3f;
  float acc[SCALAR_ACCUMULATORS];
  for (int i = 0; i < SCALAR_ACCUMULATORS; i++) {
    acc[i] = seed + (float)i;
  }
  for (int64_t it = 0; it < iterations; it++) {
    for (int i = 0; i < SCALAR_ACCUMULATORS; i++) {
      acc[i] = acc[i] * mul + add;
    }
  }
  float sum = 0.0f;
  for (int i = 0; i < SCALAR_ACCUMULATORS; i++) {
    sum += acc[i];
  }
  kl_fma_sink = sum;
  return (double)iterations * SCALAR_ACCUMULATORS * 2;
}

static double now_seconds(void) {
#if defined(_WIN32)
  LARGE_INTEGER freq, count;
  QueryPerformanceFrequency(&freq);
  QueryPerformanceCounter(&count);
  return (double)count.QuadPart / (double)freq.QuadPart;
#else
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
#endif
}

static kl_fma_loop_fn loop_for(enum kl_isa isa) {
  switch (isa) {
#if KL_ARCH_X86_64
    case KL_ISA_AVX2:
      return kl_fma_loop__avx2;
    case KL_ISA_AVX512:
      return kl_fma_loop__avx512;
#endif
#if KL_ARCH_ARM64
    case KL_ISA_NEON:
      return kl_fma_loop__neon;
#endif
    default:
      return kl_fma_loop__scalar;
  }
}

typedef struct kl_peak_run {
  kl_fma_loop_fn loop;
  double seconds;
  double flops[]; /* one per thread */
} kl_peak_run;

static void peak_task(void* ctx, int64_t begin, int64_t end) {
  kl_peak_run* run = ctx;
  for (int64_t t = begin; t < end; t++) {
    const double deadline = now_seconds() + run->seconds;
    double flops = 0.0;
    do {
      flops += run->loop(KL_PEAK_CHUNK, 1.0f + (float)t);
    } while (now_seconds() < deadline);
    run->flops[t] = flops;
  }
}

kl_status kl_measure_fma_peak(int32_t isa, int32_t num_threads, double seconds, double* gflops) {
  if (gflops == NULL) {
    return kl_fail(KL_INVALID_ARGUMENT, "measure_fma_peak: gflops is NULL");
  }
  if (isa < 0 || isa >= KL_ISA_COUNT) {
    return kl_fail(KL_INVALID_ARGUMENT, "measure_fma_peak: isa = %d is not a kl_isa", (int)isa);
  }
  if (kl_dispatch_for((enum kl_isa)isa) == NULL) {
    return kl_fail(KL_UNSUPPORTED, "measure_fma_peak: this machine cannot run %s",
                   kl_isa_name(isa));
  }
  const int32_t library_threads = kl_get_num_threads();
  if (num_threads < 0 || num_threads > library_threads) {
    return kl_fail(KL_INVALID_ARGUMENT,
                   "measure_fma_peak: num_threads = %d must be in [0, %d] (kl_set_num_threads "
                   "sets the library's count)",
                   (int)num_threads, (int)library_threads);
  }
  if (!(seconds > 0.0 && seconds <= KL_PEAK_MAX_SECONDS)) {
    return kl_fail(KL_INVALID_ARGUMENT, "measure_fma_peak: seconds = %g must be in (0, %g]",
                   seconds, KL_PEAK_MAX_SECONDS);
  }
  const int32_t threads = num_threads == 0 ? library_threads : num_threads;
  kl_peak_run* run = kl_aligned_alloc(sizeof(kl_peak_run) + sizeof(double) * (size_t)threads);
  if (run == NULL) {
    return kl_fail(KL_OUT_OF_MEMORY, "measure_fma_peak: out of memory");
  }
  run->loop = loop_for((enum kl_isa)isa);
  run->seconds = seconds;
  const double start = now_seconds();
  kl_parallel_for_n(threads, threads, peak_task, run);
  const double elapsed = now_seconds() - start;
  double flops = 0.0;
  for (int32_t t = 0; t < threads; t++) {
    flops += run->flops[t];
  }
  kl_aligned_free(run);
  *gflops = flops / elapsed * 1e-9;
  return KL_OK;
}
