/*
 * gemm_bench.c - GFLOP/s of the GEMM family on the standard suite (G1..G6 of
 * BENCH_SUITE.md) next to the machine's FMA peak, at 1 thread and at all of
 * the library's threads, for one ISA path.
 *
 *   kl_gemm_bench [scalar|avx2|avx512|neon]   (default: the best path)
 *
 * Each figure is the best of several samples of >= 50 ms, so that short cases
 * (G6) are timed over many calls and the noise of a shared machine is damped.
 */
#define _POSIX_C_SOURCE 200809L /* setenv, clock_gettime */

#include <stdio.h>
#include <stdlib.h>

#include "bench_util.h"
#include "kernellib.h"

#define PEAK_SECONDS 0.2

typedef struct bench_case {
  const char* id;
  int linear; /* 0: sgemm C[m,n] = A[m,k] B[k,n]; 1: linear plan, x[m,k] W[n,k] */
  int64_t m, n, k;
  float *a, *b, *c, *bias;
  kl_plan* plan;
} bench_case;

static void run_once(const void* arg) {
  const bench_case* bc = arg;
  if (bc->linear) {
    check(kl_linear_plan_run(bc->plan, bc->m, bc->a, bc->m * bc->k, bc->c, bc->m * bc->n));
  } else {
    const kl_gemm_params p = {0, 0, bc->m, bc->n, bc->k, bc->k, bc->n, bc->n, 1.0f, 0.0f};
    check(kl_sgemm(&p, bc->a, bc->m * bc->k, bc->b, bc->k * bc->n, bc->c, bc->m * bc->n));
  }
}

/* Best GFLOP/s. */
static double measure(const bench_case* bc) {
  const double flops = 2.0 * (double)bc->m * (double)bc->n * (double)bc->k;
  return flops / best_seconds_per_call(run_once, bc) * 1e-9;
}

/* The best of SAMPLES short probes: a ceiling, so noise only lowers it. */
static double measure_peak(int32_t isa, int32_t threads) {
  double best = 0.0;
  for (int s = 0; s < SAMPLES; s++) {
    double gflops;
    check(kl_measure_fma_peak(isa, threads, PEAK_SECONDS, &gflops));
    best = gflops > best ? gflops : best;
  }
  return best;
}

int main(int argc, char** argv) {
  if (argc > 1) {
    setenv("KERNELLIB_ISA", argv[1], 1); /* read once, by the first library call */
  }
  const int32_t isa = kl_isa();
  const int32_t all_threads = kl_get_num_threads();
  bench_case cases[] = {
      {.id = "G1 gemm 512^3", .linear = 0, .m = 512, .n = 512, .k = 512},
      {.id = "G2 gemm 1024^3", .linear = 0, .m = 1024, .n = 1024, .k = 1024},
      {.id = "G3 gemm 2048^3", .linear = 0, .m = 2048, .n = 2048, .k = 2048},
      {.id = "G4 linear 64x4096 * 1000x4096^T", .linear = 1, .m = 64, .n = 1000, .k = 4096},
      {.id = "G5 linear 1x4096 * 4096x4096^T", .linear = 1, .m = 1, .n = 4096, .k = 4096},
      {.id = "G6 gemm 64^3", .linear = 0, .m = 64, .n = 64, .k = 64},
  };
  const int ncases = (int)(sizeof cases / sizeof cases[0]);
  for (int i = 0; i < ncases; i++) {
    bench_case* bc = &cases[i];
    bc->a = random_buffer(bc->m * bc->k);
    bc->b = random_buffer(bc->k * bc->n);
    bc->c = random_buffer(bc->m * bc->n);
    if (bc->linear) {
      const kl_linear_params lp = {bc->m, bc->k, bc->n};
      bc->bias = random_buffer(bc->n);
      check(kl_linear_plan_create(&lp, bc->b, bc->k * bc->n, bc->bias, bc->n, &bc->plan));
    }
  }
  /* Column 0: 1 thread; column 1: all of the library's threads. */
  const int32_t thread_counts[2] = {1, all_threads};
  const int columns = all_threads > 1 ? 2 : 1;
  double peak[2], gflops[2][sizeof cases / sizeof cases[0]];
  for (int t = 0; t < columns; t++) {
    check(kl_set_num_threads(thread_counts[t]));
    peak[t] = measure_peak(isa, thread_counts[t]);
    for (int i = 0; i < ncases; i++) {
      gflops[t][i] = measure(&cases[i]);
    }
  }
  printf("isa %s, %s; GFLOP/s (%% of the FMA peak)\n", kl_isa_name(isa),
         kl_plan_implementation(cases[3].plan));
  char all_label[32];
  snprintf(all_label, sizeof all_label, "%d threads", (int)all_threads);
  printf("%-34s %16s %16s %s\n", "", "1 thread", columns == 2 ? all_label : "",
         columns == 2 ? "speedup (% of the peak's)" : "");
  printf("%-34s %9.1f       ", "FMA peak", peak[0]);
  if (columns == 2) {
    printf(" %9.1f        %7.2f", peak[1], peak[1] / peak[0]);
  }
  printf("\n");
  for (int i = 0; i < ncases; i++) {
    printf("%-34s %9.1f (%3.0f%%)", cases[i].id, gflops[0][i], 100.0 * gflops[0][i] / peak[0]);
    if (columns == 2) {
      const double speedup = gflops[1][i] / gflops[0][i];
      printf(" %9.1f (%3.0f%%) %7.2f (%3.0f%%)", gflops[1][i], 100.0 * gflops[1][i] / peak[1],
             speedup, 100.0 * speedup / (peak[1] / peak[0]));
    }
    printf("\n");
  }
  for (int i = 0; i < ncases; i++) {
    kl_plan_destroy(cases[i].plan);
    free(cases[i].a);
    free(cases[i].b);
    free(cases[i].c);
    free(cases[i].bias);
  }
  return 0;
}
