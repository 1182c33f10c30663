/*
 * conv_bench.c - GFLOP/s of the convolution cases of the standard suite
 * (C1..C9 and T1 of BENCH_SUITE.md) next to the machine's FMA peak, at 1
 * thread and at all of the library's threads, for one ISA path, through the
 * public plan API (kl_conv_plan_run with a caller-owned workspace).
 *
 *   kl_conv_bench [scalar|avx2|avx512|neon|best] [case ids, e.g. C2 C9]
 *
 * FLOPs are 2*N*K*(C/g)*R*S*OH*OW; a transposed convolution counts those of
 * the forward convolution it transposes. Each figure is the best of several
 * samples of >= 50 ms.
 */
#define _POSIX_C_SOURCE 200809L /* setenv, clock_gettime */

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_util.h"
#include "kernellib.h"

#define PEAK_SECONDS 0.2

typedef struct bench_case {
  const char* id;
  const char* what;
  kl_conv_params p;
  float *x, *w, *bias, *y;
  unsigned char* workspace_block; /* malloc'd; workspace is its first 64-byte boundary */
  void* workspace;
  int64_t x_len, y_len, workspace_bytes;
  kl_plan* plan;
  double flops;
} bench_case;

/* A 2-D case: N,C,H,W -> K, RxR kernel, stride s, padding pad, dilation d,
 * groups g (or a transposed one). */
static bench_case conv2d(const char* id, const char* what, int64_t n, int64_t c, int64_t h,
                         int64_t k, int64_t r, int64_t s, int64_t pad, int64_t d, int64_t g,
                         int transposed) {
  bench_case bc = {.id = id, .what = what};
  const int64_t out = transposed ? (h - 1) * s - 2 * pad + d * (r - 1) + 1
                                 : (h + 2 * pad - d * (r - 1) - 1) / s + 1;
  bc.p = (kl_conv_params){
      .batch = n, .in_channels = c, .out_channels = k, .groups = g,
      .in_d = 1, .in_h = h, .in_w = h, .out_d = 1, .out_h = out, .out_w = out,
      .kernel_d = 1, .kernel_h = r, .kernel_w = r, .stride_d = 1, .stride_h = s, .stride_w = s,
      .pad_h = pad, .pad_w = pad, .pad_h_end = pad, .pad_w_end = pad,
      .dilation_d = 1, .dilation_h = d, .dilation_w = d, .transposed = transposed,
  };
  const double forward_out = transposed ? (double)(h * h) : (double)(out * out);
  const double reduce = (double)((transposed ? k : c) / g * r * r);
  bc.flops = 2.0 * (double)n * (double)(transposed ? c : k) * reduce * forward_out;
  return bc;
}

static void run_once(const void* arg) {
  const bench_case* bc = arg;
  check(kl_conv_plan_run(bc->plan, bc->x, bc->x_len, bc->y, bc->y_len, bc->workspace,
                         bc->workspace_bytes));
}

static double measure_peak(int32_t isa, int32_t threads) {
  double best = 0.0;
  for (int s = 0; s < SAMPLES; s++) {
    double gflops;
    check(kl_measure_fma_peak(isa, threads, PEAK_SECONDS, &gflops));
    best = gflops > best ? gflops : best;
  }
  return best;
}

/* Sets up a case; 0 when no algorithm takes it (printed, not fatal). */
static int prepare(bench_case* bc) {
  const kl_conv_params* p = &bc->p;
  bc->x_len = p->batch * p->in_channels * p->in_h * p->in_w;
  bc->y_len = p->batch * p->out_channels * p->out_h * p->out_w;
  const int64_t w_len = (p->transposed ? p->in_channels * (p->out_channels / p->groups)
                                       : p->out_channels * (p->in_channels / p->groups)) *
                        p->kernel_h * p->kernel_w;
  bc->x = random_buffer(bc->x_len);
  bc->w = random_buffer(w_len);
  bc->bias = random_buffer(p->out_channels);
  bc->y = random_buffer(bc->y_len);
  if (kl_conv_plan_create(p, bc->w, w_len, bc->bias, p->out_channels, &bc->plan) != KL_OK) {
    printf("%-4s %-44s not available: %s\n", bc->id, bc->what, kl_last_error());
    return 0;
  }
  return 1;
}

/* Workspace for the library's current thread count, 64-byte aligned. */
static void size_workspace(bench_case* bc) {
  free(bc->workspace_block);
  check(kl_conv_plan_workspace_size(bc->plan, &bc->workspace_bytes));
  bc->workspace_block = checked_malloc((size_t)bc->workspace_bytes + 64);
  bc->workspace = bc->workspace_block + (64 - (uintptr_t)bc->workspace_block % 64) % 64;
}

static int selected(int argc, char** argv, const char* id) {
  if (argc <= 2) {
    return 1;
  }
  for (int i = 2; i < argc; i++) {
    if (strcmp(argv[i], id) == 0) {
      return 1;
    }
  }
  return 0;
}

int main(int argc, char** argv) {
  if (argc > 1 && strcmp(argv[1], "best") != 0) {
    setenv("KERNELLIB_ISA", argv[1], 1); /* read once, by the first library call */
  }
  const int32_t isa = kl_isa();
  const int32_t all_threads = kl_get_num_threads();
  bench_case cases[] = {
      conv2d("C1", "1,3,224,224 -> 64, 7x7 s2 p3", 1, 3, 224, 64, 7, 2, 3, 1, 1, 0),
      conv2d("C2", "1,64,56,56 -> 64, 3x3 p1", 1, 64, 56, 64, 3, 1, 1, 1, 1, 0),
      conv2d("C3", "1,256,56,56 -> 64, 1x1", 1, 256, 56, 64, 1, 1, 0, 1, 1, 0),
      conv2d("C4", "1,256,14,14 -> 256, 3x3 p1", 1, 256, 14, 256, 3, 1, 1, 1, 1, 0),
      conv2d("C5", "depthwise 1,144,56,56, 3x3 p1 g144", 1, 144, 56, 144, 3, 1, 1, 1, 144, 0),
      conv2d("C6", "depthwise 1,96,112,112, 3x3 s2 p1 g96", 1, 96, 112, 96, 3, 2, 1, 1, 96, 0),
      conv2d("C7", "grouped 1,128,56,56 -> 128, 3x3 p1 g32", 1, 128, 56, 128, 3, 1, 1, 1, 32, 0),
      conv2d("C8", "dilated 1,64,56,56 -> 64, 3x3 p2 d2", 1, 64, 56, 64, 3, 1, 2, 2, 1, 0),
      conv2d("C9", "8,64,56,56 -> 64, 3x3 p1", 8, 64, 56, 64, 3, 1, 1, 1, 1, 0),
      conv2d("T1", "transposed 1,64,28,28 -> 32, 4x4 s2 p1", 1, 64, 28, 32, 4, 2, 1, 1, 1, 1),
  };
  const int ncases = (int)(sizeof cases / sizeof cases[0]);
  int ready[sizeof cases / sizeof cases[0]];
  for (int i = 0; i < ncases; i++) {
    ready[i] = selected(argc, argv, cases[i].id) && prepare(&cases[i]);
  }
  const int32_t thread_counts[2] = {1, all_threads};
  const int columns = all_threads > 1 ? 2 : 1;
  double peak[2], gflops[2][sizeof cases / sizeof cases[0]];
  for (int t = 0; t < columns; t++) {
    check(kl_set_num_threads(thread_counts[t]));
    peak[t] = measure_peak(isa, thread_counts[t]);
    for (int i = 0; i < ncases; i++) {
      if (ready[i]) {
        size_workspace(&cases[i]);
        gflops[t][i] = cases[i].flops / best_seconds_per_call(run_once, &cases[i]) * 1e-9;
      }
    }
  }
  printf("isa %s; GFLOP/s (%% of the FMA peak)\n", kl_isa_name(isa));
  char all_label[32];
  snprintf(all_label, sizeof all_label, "%d threads", (int)all_threads);
  printf("%-4s %-44s %-22s %16s %16s\n", "", "", "implementation", "1 thread",
         columns == 2 ? all_label : "");
  printf("%-4s %-44s %-22s %9.1f       ", "", "FMA peak", "", peak[0]);
  if (columns == 2) {
    printf(" %9.1f", peak[1]);
  }
  printf("\n");
  for (int i = 0; i < ncases; i++) {
    if (!ready[i]) {
      continue;
    }
    printf("%-4s %-44s %-22s %9.1f (%3.0f%%)", cases[i].id, cases[i].what,
           kl_plan_implementation(cases[i].plan), gflops[0][i], 100.0 * gflops[0][i] / peak[0]);
    if (columns == 2) {
      printf(" %9.1f (%3.0f%%)", gflops[1][i], 100.0 * gflops[1][i] / peak[1]);
    }
    printf("\n");
  }
  for (int i = 0; i < ncases; i++) {
    kl_plan_destroy(cases[i].plan);
    free(cases[i].x);
    free(cases[i].w);
    free(cases[i].bias);
    free(cases[i].y);
    free(cases[i].workspace_block);
  }
  return 0;
}
