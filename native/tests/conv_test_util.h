/*
 * conv_test_util.h - what the tests of single convolution algorithms
 * (test_dwconv.c, test_conv_transpose.c) share: a case list, running an
 * algorithm's plan with one guarded workspace slice per thread, the
 * reference and thread-count checks, and the public entry points checked
 * against the plan bit for bit.
 */
#ifndef KT_CONV_TEST_UTIL_H
#define KT_CONV_TEST_UTIL_H

#include "test_util.h"

#include "conv/conv-plan.h"

typedef struct kt_conv_case {
  kl_conv_params p;
  int has_bias;
} kt_conv_case;

/* Appends p unless it is marked empty (batch 0: no valid output). */
static inline void kt_conv_add(kt_conv_case* cases, int* count, kl_conv_params p, int has_bias) {
  if (p.batch > 0) {
    cases[(*count)++] = (kt_conv_case){p, has_bias};
  }
}

/* Runs an algorithm's plan with `threads` (<= 3) slots, each its own guarded slice. */
static inline void kt_conv_run_slices(const kl_conv_plan* plan, const float* x, float* y,
                                      int32_t threads) {
  kt_buffer slices[3];
  void* ptrs[3];
  for (int t = 0; t < threads; t++) {
    slices[t] = kt_alloc((size_t)plan->workspace_per_thread);
    ptrs[t] = slices[t].data;
  }
  KT_CHECK(plan->run(plan, x, y, NULL, ptrs, threads) == KL_OK, "run");
  for (int t = 0; t < threads; t++) {
    kt_release(&slices[t], "slice");
  }
}

/* 1 thread within tol * max(mag, 1) of the double reference (mag: the sum of
 * the terms' magnitudes), 2 and 3 threads bit for bit equal to it; the
 * 1-thread result is left in y1. */
static inline void kt_conv_check_threads(const kl_conv_plan* plan, const float* x, float* y,
                                         float* y1, int64_t ny, const double* ref,
                                         const double* mag, double tol, const char* repro) {
  for (int32_t threads = 1; threads <= 3; threads++) {
    memset(y, 0x7f, (size_t)ny * sizeof(float)); /* NaN-free junk */
    kt_conv_run_slices(plan, x, y, threads);
    if (threads > 1) {
      KT_CHECK(kt_same_f32(y, y1, ny, repro), "%d threads differ from 1", threads);
      continue;
    }
    memcpy(y1, y, (size_t)ny * sizeof(float));
    int64_t bad = 0, first = -1;
    for (int64_t i = 0; i < ny; i++) {
      if (!(fabs(y[i] - ref[i]) <= tol * (mag[i] > 1.0 ? mag[i] : 1.0))) {
        first = bad++ == 0 ? i : first;
      }
    }
    KT_CHECK(bad == 0, "%s: %" PRId64 " outputs off the reference, first [%" PRId64 "] %g vs %g",
             repro, bad, first, first >= 0 ? y[first] : 0.0, first >= 0 ? ref[first] : 0.0);
  }
}

/* kl_conv_plan_create + kl_conv_plan_run and kl_conv_f32 choose the active
 * ISA's plan, named `name`: the same bits as its 1-thread run y1. */
static inline void kt_conv_check_public(const kl_conv_params* p, const float* x, int64_t nx,
                                        const float* w, int64_t nw, const float* bias, float* y,
                                        const float* y1, int64_t ny, const char* name,
                                        const char* repro) {
  const int64_t nb = bias != NULL ? p->out_channels : 0;
  kl_plan* pub = NULL;
  KT_CHECK(kl_conv_plan_create(p, w, nw, bias, nb, &pub) == KL_OK, "%s: kl_conv_plan_create: %s",
           repro, kl_last_error());
  if (pub != NULL) {
    KT_CHECK(strcmp(kl_plan_implementation(pub), name) == 0, "%s: public implementation %s",
             repro, kl_plan_implementation(pub));
    memset(y, 0x7f, (size_t)ny * sizeof(float));
    KT_CHECK(kl_conv_plan_run(pub, x, nx, y, ny, NULL, 0) == KL_OK, "%s: run", repro);
    KT_CHECK(kt_same_f32(y, y1, ny, repro), "kl_conv_plan_run");
    kl_plan_destroy(pub);
  }
  memset(y, 0x7f, (size_t)ny * sizeof(float));
  KT_CHECK(kl_conv_f32(p, x, nx, w, nw, bias, nb, y, ny) == KL_OK, "%s: kl_conv_f32: %s", repro,
           kl_last_error());
  KT_CHECK(kt_same_f32(y, y1, ny, repro), "kl_conv_f32");
}

#endif /* KT_CONV_TEST_UTIL_H */
