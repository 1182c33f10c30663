/*
 * kernellib_pool.h - KernelLib's side of xnnpack_pool.c's --paired mode: the same pooling case
 * in KernelLib's NCHW layout, built from the NHWC input XNNPACK gets (same values), run through
 * the public C API, and checked against the NHWC reference.
 *
 * Why paired: on a shared VM the memory bandwidth a case sees swings by 1.5x from minute to
 * minute, so two programs timed one after the other can differ by more than the libraries do.
 * Alternating ~10 ms batches of the two libraries in one process gives each pair the same
 * conditions; the median of the per-pair speedups is the robust ratio.
 */
#ifndef KERNELLIB_POOL_H
#define KERNELLIB_POOL_H

#include <math.h>

#include "kernellib.h"
#include "peer_util.h"

typedef struct kl_side {
  char kind; /* as pool_case.kind: 'm', 'a', 'g', 'u' */
  kl_pool_params p;
  float *x, *y, *z;
  int64_t* indices;
  int64_t x_len, y_len;
} kl_side;

static void kl_side_check(kl_status s) {
  if (s != KL_OK) {
    fprintf(stderr, "kernellib: %s\n", kl_last_error());
    exit(1);
  }
}

/* The case's input x (NHWC, n x h x w x c) as KernelLib's NCHW planes, and its output buffers. */
static kl_side kl_side_create(char kind, int n, int c, int h, int k, int s, int pad, const float* x) {
  const int oh = (h + 2 * pad - k) / s + 1;
  kl_side side = {.kind = kind};
  side.p = (kl_pool_params){.planes = (int64_t)n * c, .in_d = 1, .in_h = h, .in_w = h,
                            .out_d = 1, .out_h = oh, .out_w = oh,
                            .kernel_d = 1, .kernel_h = k, .kernel_w = k,
                            .stride_d = 1, .stride_h = s, .stride_w = s,
                            .pad_h = pad, .pad_w = pad,
                            .dilation_d = 1, .dilation_h = 1, .dilation_w = 1};
  side.x_len = (int64_t)n * c * h * h;
  side.y_len = (int64_t)n * c * oh * oh;
  side.x = alloc_or_die((size_t)side.x_len * sizeof(float));
  side.y = alloc_or_die((size_t)side.y_len * sizeof(float));
  if (kind == 'u') {
    side.indices = alloc_or_die((size_t)side.y_len * sizeof(int64_t));
    side.z = alloc_or_die((size_t)side.x_len * sizeof(float));
  }
  for (int b = 0; b < n; b++)
    for (int ch = 0; ch < c; ch++)
      for (int i = 0; i < h * h; i++)
        side.x[((size_t)b * c + ch) * h * h + i] = x[((size_t)b * h * h + i) * c + ch];
  return side;
}

static void kl_side_run(const kl_side* side) {
  const kl_pool_params* p = &side->p;
  switch (side->kind) {
    case 'm':
      kl_side_check(kl_maxpool_f32(p, side->x, side->x_len, side->y, side->y_len, NULL, 0));
      break;
    case 'a':
      kl_side_check(kl_avgpool_f32(p, side->x, side->x_len, side->y, side->y_len));
      break;
    case 'g':
      kl_side_check(kl_global_avgpool_f32(p->planes, p->in_h * p->in_w, side->x, side->x_len,
                                          side->y, p->planes));
      break;
    case 'u': {
      const kl_unpool_params u = {p->planes, 1, p->out_h, p->out_w, 1, p->in_h, p->in_w};
      kl_side_check(kl_maxpool_f32(p, side->x, side->x_len, side->y, side->y_len, side->indices,
                                   side->y_len));
      kl_side_check(kl_maxunpool_f32(&u, side->y, side->y_len, side->indices, side->y_len, side->z,
                                     side->x_len));
      break;
    }
  }
}

/* Largest |KernelLib - expect| over the pooled output, expect in NHWC (n x oh x ow x c); the
 * global case's output is n x c either way. */
static double kl_side_error(const kl_side* side, const float* expect, int n, int c) {
  const int64_t plane_out = side->kind == 'g' ? 1 : side->p.out_h * side->p.out_w;
  double m = 0;
  for (int b = 0; b < n; b++)
    for (int ch = 0; ch < c; ch++)
      for (int64_t i = 0; i < plane_out; i++) {
        const double d = fabs((double)side->y[((int64_t)b * c + ch) * plane_out + i] -
                              (double)expect[((int64_t)b * plane_out + i) * c + ch]);
        if (d > m || isnan(d)) m = d;
      }
  return m;
}

static void kl_side_free(kl_side* side) {
  free(side->x);
  free(side->y);
  free(side->z);
  free(side->indices);
}

#endif /* KERNELLIB_POOL_H */
