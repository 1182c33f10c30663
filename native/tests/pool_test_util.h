/*
 * pool_test_util.h - what test_maxpool.c and test_avgpool.c share: building
 * kl_pool_params for 1-D/2-D/3-D cases as PyTorch infers their output size,
 * a repro line, random geometries, and input fills.
 */
#ifndef KL_POOL_TEST_UTIL_H
#define KL_POOL_TEST_UTIL_H

#include "test_util.h"

/* PyTorch's pooling_output_shape, written independently of the library's. */
static int64_t kt_out_size(int64_t in, int64_t k, int64_t s, int64_t pad, int64_t d,
                           int ceil_mode) {
  const int64_t num = in + 2 * pad - d * (k - 1) - 1 + (ceil_mode ? s - 1 : 0);
  int64_t out = (int64_t)floor((double)num / (double)s) + 1;
  if (ceil_mode && (out - 1) * s >= in + pad) {
    out--;
  }
  return out;
}

/* Per-dimension values in d, h, w order. */
typedef struct kt_dims {
  int64_t d, h, w;
} kt_dims;

/* A 3-D case; 1-D and 2-D pass 1 for the leading in/kernel/stride/dilation
 * and 0 for the padding. */
static kl_pool_params kt_params(int64_t planes, kt_dims in, kt_dims k, kt_dims s, kt_dims pad,
                                kt_dims dil, int ceil_mode) {
  kl_pool_params p = {
      .planes = planes,
      .in_d = in.d,
      .in_h = in.h,
      .in_w = in.w,
      .kernel_d = k.d,
      .kernel_h = k.h,
      .kernel_w = k.w,
      .stride_d = s.d,
      .stride_h = s.h,
      .stride_w = s.w,
      .pad_d = pad.d,
      .pad_h = pad.h,
      .pad_w = pad.w,
      .dilation_d = dil.d,
      .dilation_h = dil.h,
      .dilation_w = dil.w,
      .ceil_mode = ceil_mode,
  };
  p.out_d = kt_out_size(in.d, k.d, s.d, pad.d, dil.d, ceil_mode);
  p.out_h = kt_out_size(in.h, k.h, s.h, pad.h, dil.h, ceil_mode);
  p.out_w = kt_out_size(in.w, k.w, s.w, pad.w, dil.w, ceil_mode);
  return p;
}

/* The old 2-D shorthand: square-free h/w values, depth 1. */
static kl_pool_params kt_params2(int64_t planes, int64_t in_h, int64_t in_w, int64_t kh, int64_t kw,
                                 int64_t sh, int64_t sw, int64_t ph, int64_t pw, int64_t dh,
                                 int64_t dw, int ceil_mode) {
  return kt_params(planes, (kt_dims){1, in_h, in_w}, (kt_dims){1, kh, kw}, (kt_dims){1, sh, sw},
                   (kt_dims){0, ph, pw}, (kt_dims){1, dh, dw}, ceil_mode);
}

static int64_t kt_in_plane(const kl_pool_params* p) { return p->in_d * p->in_h * p->in_w; }

static int64_t kt_out_plane(const kl_pool_params* p) { return p->out_d * p->out_h * p->out_w; }

static void kt_repro(char* buf, size_t size, const kl_pool_params* p, const char* what) {
  snprintf(buf, size,
           "p%lld_in%lldx%lldx%lld_k%lldx%lldx%lld_s%lldx%lldx%lld_pad%lldx%lldx%lld_"
           "d%lldx%lldx%lld_ceil%d_cip%d_div%lld_%s",
           (long long)p->planes, (long long)p->in_d, (long long)p->in_h, (long long)p->in_w,
           (long long)p->kernel_d, (long long)p->kernel_h, (long long)p->kernel_w,
           (long long)p->stride_d, (long long)p->stride_h, (long long)p->stride_w,
           (long long)p->pad_d, (long long)p->pad_h, (long long)p->pad_w, (long long)p->dilation_d,
           (long long)p->dilation_h, (long long)p->dilation_w, (int)p->ceil_mode,
           (int)p->count_include_pad, (long long)p->divisor_override, what);
}

/* A random 1-D, 2-D or 3-D geometry (max_dilation 1 for average pooling);
 * out sizes may come out < 1, which callers skip. Wide rows now and then. */
static kl_pool_params kt_random_params(kt_rng* rng, int max_dilation) {
  static const int64_t strides[] = {1, 1, 2, 2, 3, 4};
  const int dims = (int)kt_range(rng, 1, 3);
  const int wide = kt_range(rng, 0, 9) == 0;
  int64_t in[3], k[3], s[3], pad[3], dil[3];
  for (int i = 0; i < 3; i++) {
    const int active = i >= 3 - dims;
    const int64_t max_in = i == 2 ? (wide ? 300 : 70) : (dims == 3 ? 6 : 12);
    in[i] = active ? (i == 2 && wide ? kt_range(rng, 64, max_in) : kt_range(rng, 1, max_in)) : 1;
    k[i] = active ? kt_range(rng, 1, i == 2 ? 5 : 4) : 1;
    s[i] = active ? strides[kt_range(rng, 0, 5)] : 1;
    pad[i] = active ? kt_range(rng, 0, k[i] / 2) : 0;
    dil[i] = active && kt_range(rng, 0, 2) == 0 ? kt_range(rng, 1, max_dilation) : 1;
  }
  return kt_params(kt_range(rng, 1, 3), (kt_dims){in[0], in[1], in[2]}, (kt_dims){k[0], k[1], k[2]},
                   (kt_dims){s[0], s[1], s[2]}, (kt_dims){pad[0], pad[1], pad[2]},
                   (kt_dims){dil[0], dil[1], dil[2]}, (int)kt_range(rng, 0, 1));
}

/* Every output size at least 1: PyTorch rejects the rest (the validation tests
 * cover them). */
static int kt_out_valid(const kl_pool_params* p) {
  return p->out_d >= 1 && p->out_h >= 1 && p->out_w >= 1;
}

/* kt_random_params until kt_out_valid. */
static kl_pool_params kt_random_valid_params(kt_rng* rng, int max_dilation) {
  for (;;) {
    const kl_pool_params p = kt_random_params(rng, max_dilation);
    if (kt_out_valid(&p)) {
      return p;
    }
  }
}

enum kt_fill { KT_TIES, KT_SPECIALS, KT_NEGATIVE, KT_ALL_NEG_INF, KT_MOSTLY_NAN, KT_FILLS };

static void kt_fill_input(kt_rng* rng, float* x, int64_t n, enum kt_fill fill) {
  switch (fill) {
    case KT_TIES:
      kt_fill_int(rng, x, n, -3, 3);
      break;
    case KT_SPECIALS:
      kt_fill_int(rng, x, n, -3, 3);
      kt_sprinkle_specials(rng, x, n, 6);
      break;
    case KT_NEGATIVE:
      kt_fill_int(rng, x, n, -9, -1);
      break;
    case KT_ALL_NEG_INF:
      kt_fill_value(x, n, -INFINITY);
      break;
    default:
      kt_fill_int(rng, x, n, -3, 3);
      kt_sprinkle_specials(rng, x, n, 2);
      break;
  }
}

#endif /* KL_POOL_TEST_UTIL_H */
