/*
 * test_avgpool.c - average pooling (1-D, 2-D, 3-D): PyTorch golden cases, an
 * independent oracle written from PyTorch's avg_pool3d loops, and every ISA
 * path's microkernels (the one the operator picks, and the generic one) on
 * randomised shapes (SIMD tails, 1x1 planes, kernels larger than the input
 * with padding, ceil mode, count_include_pad, divisor_override, NaN/+-inf,
 * the specialised 3x3s1p1 configuration and its near misses) with guard
 * pages after every buffer; then threading and validation.
 *
 * Integer fills make every sum exact, so every path must equal the oracle bit
 * for bit (any NaN for a NaN). With random floats the paths must still equal
 * the scalar kernel bit for bit (they sum in its order), and the scalar
 * kernel must be within 1e-5*sqrt(K) of the oracle's row-major sum.
 */
#include "pool_test_util.h"

#include "pool/avgpool.h"
#include "pool/pool-common.h"

/* ---- the oracle: PyTorch's avg_pool3d loops ------------------------------------------ */

static void kt_oracle(const kl_pool_params* p, const float* x, float* y) {
  const int64_t D = p->in_d, H = p->in_h, W = p->in_w;
  int64_t o = 0;
  for (int64_t plane = 0; plane < p->planes; plane++) {
    const float* in = x + plane * kt_in_plane(p);
    for (int64_t od = 0; od < p->out_d; od++) {
      for (int64_t oh = 0; oh < p->out_h; oh++) {
        for (int64_t ow = 0; ow < p->out_w; ow++, o++) {
          int64_t d0 = od * p->stride_d - p->pad_d, h0 = oh * p->stride_h - p->pad_h,
                  w0 = ow * p->stride_w - p->pad_w;
          int64_t d1 = d0 + p->kernel_d, h1 = h0 + p->kernel_h, w1 = w0 + p->kernel_w;
          d1 = d1 < D + p->pad_d ? d1 : D + p->pad_d;
          h1 = h1 < H + p->pad_h ? h1 : H + p->pad_h;
          w1 = w1 < W + p->pad_w ? w1 : W + p->pad_w;
          const int64_t pool_size = (d1 - d0) * (h1 - h0) * (w1 - w0);
          d0 = d0 > 0 ? d0 : 0, h0 = h0 > 0 ? h0 : 0, w0 = w0 > 0 ? w0 : 0;
          d1 = d1 < D ? d1 : D, h1 = h1 < H ? h1 : H, w1 = w1 < W ? w1 : W;
          const int64_t divisor = p->divisor_override != 0 ? p->divisor_override
                                  : p->count_include_pad   ? pool_size
                                                           : (d1 - d0) * (h1 - h0) * (w1 - w0);
          float sum = 0;
          for (int64_t id = d0; id < d1; id++) {
            for (int64_t ih = h0; ih < h1; ih++) {
              for (int64_t iw = w0; iw < w1; iw++) {
                sum += in[(id * H + ih) * W + iw];
              }
            }
          }
          y[o] = 0.0f; /* PyTorch adds the quotient to a zeroed output: -0 becomes +0 */
          y[o] += sum / (float)divisor;
        }
      }
    }
  }
}

/* Within 1e-5*sqrt(K) (K = the window's size) relative to `scale`, the
 * average of the window's magnitudes (a sum that cancels to near 0 has no
 * relative accuracy to keep), for random floats. */
static int kt_close_avg(const float* got, const float* want, const float* scale, int64_t n,
                        int64_t window, const char* repro) {
  const double tol = 1e-5 * sqrt((double)window);
  for (int64_t i = 0; i < n; i++) {
    const double g = got[i], w = want[i];
    if (!(fabs(g - w) <= tol * fabs((double)scale[i])) && !(isnan(g) && isnan(w)) && g != w) {
      fprintf(stderr, "mismatch [%s] at %" PRId64 ": got %.9g, want %.9g\n", repro, i, g, w);
      return 0;
    }
  }
  return 1;
}

/* ---- golden cases from torch.nn.functional.avg_pool1d/2d/3d (1.13) ------------------ */

static const float kt_x5[25] = {1, 2, 0, 3, 1, 0, 1, 2, 3, 1, 1, 2, 1,
                                0, 0, 5, 2, 3, 1, 1, 2, 1, 0, 1, 1};
/* torch.manual_seed(0); torch.randint(-3, 4, (3, 3, 4)) */
static const float kt_x334[36] = {1, 0,  -3, -1, -2, -1, 3, 0, 1,  2, -1, -3, -2, 2,  -1, 1, 1, -1,
                                  1, -1, 3,  -1, 1,  -1, 1, 1, -2, 0, -2, 1,  -2, -3, 1,  2, 0, 1};

static kl_pool_params kt_avg(kl_pool_params p, int count_include_pad, int64_t divisor_override) {
  p.count_include_pad = count_include_pad;
  p.divisor_override = divisor_override;
  return p;
}

static void test_golden(void) {
  /* avg_pool2d(x5, 3, 2, 1, ceil_mode=True, count_include_pad=True / False) and
   * avg_pool2d(x5, (2,3), (3,2), 1, ceil_mode=True, divisor_override=4), as
   * sum / divisor. */
  static const float cip_sum[] = {4, 11, 8, 11, 15, 6, 10, 8, 4};
  static const float cip_div[] = {9, 9, 9, 9, 9, 9, 9, 9, 9};
  static const float ex_div[] = {4, 6, 4, 6, 9, 6, 4, 6, 4};
  static const float ovr_sum[] = {3, 5, 4, 10, 9, 2};
  static const float ovr_div[] = {4, 4, 4, 4, 4, 4};
  /* avg_pool1d([1..6], 4, 3, 2, ceil_mode=True): the last window's divisor is
   * clipped to the padded input. */
  static const float row_x[] = {1, 2, 3, 4, 5, 6};
  static const float row_sum[] = {3, 14, 11};
  static const float row_div[] = {4, 4, 4};
  /* avg_pool3d(kt_x334, (2,2,3), (1,2,1), (1,0,1), ceil_mode=True,
   * count_include_pad=False), as PyTorch's bit patterns. */
  static const uint32_t v3[32] = {
      0xbf000000u, 0xbeaaaaabu, 0xbeaaaaabu, 0xbe800000u, 0x3fc00000u, 0x3f2aaaabu, 0xbf2aaaabu,
      0xc0000000u, 0xbe800000u, 0xbe2aaaabu, 0xbdaaaaabu, 0xbe000000u, 0x3fa00000u, 0x3f555555u,
      0xbf000000u, 0xbf800000u, 0x3e000000u, 0xbe800000u, 0xbeaaaaabu, 0xbf600000u, 0x3fa00000u,
      0x3f800000u, 0x3eaaaaabu, 0x3e800000u, 0x3e800000u, 0xbf000000u, 0xbf555555u, 0xbfe00000u,
      0x3fc00000u, 0x3f800000u, 0x3f800000u, 0x3f000000u};
  /* The same, floor mode, count_include_pad=True. */
  static const uint32_t v3c[16] = {0xbe2aaaabu, 0xbe2aaaabu, 0xbe2aaaabu, 0xbdaaaaabu,
                                   0xbe2aaaabu, 0xbe2aaaabu, 0xbdaaaaabu, 0xbdaaaaabu,
                                   0x3daaaaabu, 0xbe800000u, 0xbeaaaaabu, 0xbf155555u,
                                   0x3daaaaabu, 0xbe800000u, 0xbed55555u, 0xbf155555u};
  struct {
    kl_pool_params p;
    const float* x;
    const float *sum, *div; /* expected sum / div, or */
    const uint32_t* bits;   /* expected bit patterns */
  } cases[] = {
      {kt_avg(kt_params2(1, 5, 5, 3, 3, 2, 2, 1, 1, 1, 1, 1), 1, 0), kt_x5, cip_sum, cip_div, NULL},
      {kt_avg(kt_params2(1, 5, 5, 3, 3, 2, 2, 1, 1, 1, 1, 1), 0, 0), kt_x5, cip_sum, ex_div, NULL},
      {kt_avg(kt_params2(1, 5, 5, 2, 3, 3, 2, 1, 1, 1, 1, 1), 1, 4), kt_x5, ovr_sum, ovr_div, NULL},
      {kt_avg(kt_params2(1, 1, 6, 1, 4, 1, 3, 0, 2, 1, 1, 1), 1, 0), row_x, row_sum, row_div, NULL},
      {kt_avg(kt_params(1, (kt_dims){3, 3, 4}, (kt_dims){2, 2, 3}, (kt_dims){1, 2, 1},
                        (kt_dims){1, 0, 1}, (kt_dims){1, 1, 1}, 1),
              0, 0),
       kt_x334, NULL, NULL, v3},
      {kt_avg(kt_params(1, (kt_dims){3, 3, 4}, (kt_dims){2, 2, 3}, (kt_dims){1, 2, 1},
                        (kt_dims){1, 0, 1}, (kt_dims){1, 1, 1}, 0),
              1, 0),
       kt_x334, NULL, NULL, v3c},
  };
  const kl_dispatch* tables[KL_ISA_COUNT];
  const int count = kt_isa_tables(tables);
  for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
    const kl_pool_params* p = &cases[c].p;
    const int64_t n = kt_out_plane(p);
    float want[32], y[32];
    KT_CHECK(n <= 32, "case %zu", c);
    for (int64_t i = 0; i < n; i++) {
      want[i] = cases[c].bits != NULL ? kt_from_bits(cases[c].bits[i])
                                      : cases[c].sum[i] / cases[c].div[i];
    }
    char repro[300];
    kt_repro(repro, sizeof repro, p, "oracle");
    kt_oracle(p, cases[c].x, y);
    KT_CHECK(kt_same_f32(y, want, n, repro), "golden case %zu", c);
    for (int t = 0; t < count; t++) {
      for (int kind = 0; kind < KL_AVGPOOL_KINDS; kind++) {
        if (kind != KL_AVGPOOL_GENERIC && kind != (int)kl_avgpool_kind_for(p)) {
          continue;
        }
        kt_repro(repro, sizeof repro, p, tables[t]->avgpool_name[kind]);
        kl_pool_execute(tables[t]->avgpool[kind], p, cases[c].x, y, NULL);
        KT_CHECK(kt_same_f32(y, want, n, repro), "golden case %zu", c);
      }
    }
  }
}

/* ---- every ISA against the oracle and the scalar kernel ------------------------------ */

/* Runs one case on every ISA, with the kernel the operator picks and with the
 * generic one; `floats`: random floats rather than integers. Returns failures. */
static int kt_run_case(const kl_pool_params* p, const kl_dispatch* const* tables, int count,
                       kt_rng* rng, enum kt_fill fill, int floats) {
  const int64_t in_n = p->planes * kt_in_plane(p), out_n = p->planes * kt_out_plane(p);
  kt_buffer x = kt_alloc((size_t)in_n * sizeof(float));
  kt_buffer y = kt_alloc((size_t)out_n * sizeof(float));
  float* want = malloc((size_t)out_n * sizeof(float));
  float* ref = malloc((size_t)out_n * sizeof(float));
  float* scale = malloc((size_t)out_n * sizeof(float));
  float* want_x = malloc((size_t)in_n * sizeof(float));
  float* xs = x.data;
  if (floats) {
    kt_fill_unit(rng, xs, in_n);
  } else {
    kt_fill_input(rng, xs, in_n, fill);
  }
  memcpy(want_x, xs, (size_t)in_n * sizeof(float));
  kt_oracle(p, xs, want);
  for (int64_t i = 0; i < in_n; i++) {
    xs[i] = fabsf(xs[i]);
  }
  kt_oracle(p, xs, scale);
  for (int64_t i = 0; i < in_n; i++) {
    xs[i] = want_x[i];
  }
  const int before = kt_failures;
  char repro[300];
  /* The scalar kernel (tables[0]) vs the oracle. */
  kt_repro(repro, sizeof repro, p, floats ? "scalar vs oracle, floats" : "scalar vs oracle");
  kl_pool_execute(tables[0]->avgpool[KL_AVGPOOL_GENERIC], p, xs, ref, NULL);
  const int64_t window = p->kernel_d * p->kernel_h * p->kernel_w;
  KT_CHECK(floats ? kt_close_avg(ref, want, scale, out_n, window, repro)
                  : kt_same_f32_any_nan(ref, want, out_n, repro),
           "fill %d", (int)fill);
  const enum kl_avgpool_kind kinds[2] = {kl_avgpool_kind_for(p), KL_AVGPOOL_GENERIC};
  for (int t = 0; t < count; t++) {
    for (int k = 0; k < (kinds[0] == kinds[1] ? 1 : 2); k++) {
      kt_repro(repro, sizeof repro, p, tables[t]->avgpool_name[kinds[k]]);
      memset(y.data, 0x55, (size_t)out_n * sizeof(float));
      kl_pool_execute(tables[t]->avgpool[kinds[k]], p, xs, y.data, NULL);
      KT_CHECK(kt_same_f32_any_nan(y.data, ref, out_n, repro), "fill %d, floats %d", (int)fill,
               floats);
    }
  }
  free(want);
  free(ref);
  free(scale);
  free(want_x);
  kt_release(&x, "x");
  kt_release(&y, "y");
  return kt_failures - before;
}

/* Random count_include_pad and divisor_override (sometimes negative). */
static kl_pool_params kt_random_modes(kt_rng* rng, kl_pool_params p) {
  const int64_t r = kt_range(rng, 0, 9);
  return kt_avg(p, (int)kt_range(rng, 0, 1), r == 0 ? kt_range(rng, 1, 20) : r == 1 ? -3 : 0);
}

static void test_random_cases(void) {
  const kl_dispatch* tables[KL_ISA_COUNT];
  const int count = kt_isa_tables(tables);
  kt_rng rng = {13};
  for (int run = 0; run < 3000; run++) {
    const kl_pool_params p = kt_random_modes(&rng, kt_random_valid_params(&rng, 1));
    const int floats = kt_range(&rng, 0, 2) == 0;
    if (kt_run_case(&p, tables, count, &rng, (enum kt_fill)kt_range(&rng, 0, KT_SPECIALS), floats) >
        5) {
      return;
    }
  }
}

/* 3x3s1p1 across widths that cross vector blocks (every strip layout of each
 * ISA: one narrow strip, first + last, first + middles + last), in 2-D and
 * 3-D, 1- to 5-row planes (bands of 0, 1 and 3 rows), each mode (negative
 * divisor_override included); its near misses; 2x2 pooling; 1x1 planes and
 * kernels wider than the input; P3. */
static void test_edge_cases(void) {
  const kl_dispatch* tables[KL_ISA_COUNT];
  const int count = kt_isa_tables(tables);
  kt_rng rng = {14};
  for (int64_t w = 1; w <= 70; w++) {
    const int cip = (int)(w % 2), ceil_mode = (int)(w / 2 % 2);
    const int64_t divisor = w % 5 == 0 ? 7 : 0;
    const kl_pool_params cases[] = {
        kt_avg(kt_params2(2, 5, w, 3, 3, 1, 1, 1, 1, 1, 1, ceil_mode), cip, divisor),
        kt_avg(kt_params2(1, 1, w, 3, 3, 1, 1, 1, 1, 1, 1, ceil_mode), 0, 0),
        kt_avg(kt_params(1, (kt_dims){3, 4, w}, (kt_dims){2, 3, 3}, (kt_dims){1, 1, 1},
                         (kt_dims){1, 1, 1}, (kt_dims){1, 1, 1}, ceil_mode),
               cip, divisor),
        /* a band of one row; border rows only (2 row taps each) */
        kt_avg(kt_params2(3, 3, w, 3, 3, 1, 1, 1, 1, 1, 1, ceil_mode), 1 - cip, w % 3 ? 0 : -3),
        kt_avg(kt_params2(2, 2, w, 3, 3, 1, 1, 1, 1, 1, 1, ceil_mode), cip, divisor),
        kt_avg(kt_params2(1, 4, w, 3, 3, 1, 1, 0, 0, 1, 1, 0), cip, 0), /* near misses */
        kt_avg(kt_params2(1, 4, w, 3, 3, 2, 2, 1, 1, 1, 1, 0), cip, 0),
        kt_avg(kt_params2(1, 4, w, 2, 3, 1, 1, 1, 1, 1, 1, 0), cip, 0),
        /* 2x2 pooling (the AVX2 kernel-2 stride-2 blocks), unpadded and padded */
        kt_avg(kt_params2(2, 4, w, 2, 2, 2, 2, 0, 0, 1, 1, ceil_mode), cip, divisor),
        kt_avg(kt_params2(1, 5, w, 2, 2, 2, 2, 1, 1, 1, 1, ceil_mode), cip, 0),
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
      if (kt_out_valid(&cases[c])) {
        kt_run_case(&cases[c], tables, count, &rng, (enum kt_fill)(w % 3), w % 4 == 0);
      }
    }
  }
  const kl_pool_params cases[] = {
      kt_avg(kt_params2(2, 1, 1, 1, 1, 1, 1, 0, 0, 1, 1, 0), 0, 0),
      kt_avg(kt_params2(2, 1, 1, 3, 3, 1, 1, 1, 1, 1, 1, 1), 1, 0),
      kt_avg(kt_params2(2, 1, 1, 3, 3, 1, 1, 1, 1, 1, 1, 1), 0, 0),
      kt_avg(kt_params2(1, 2, 2, 5, 5, 1, 1, 2, 2, 1, 1, 0), 0, 0),
      kt_avg(kt_params2(1, 2, 2, 5, 5, 1, 1, 2, 2, 1, 1, 1), 1, 0),
      kt_avg(kt_params2(1, 3, 40, 5, 7, 2, 2, 2, 3, 1, 1, 1), 0, 0),
      kt_avg(kt_params2(4, 28, 28, 3, 3, 1, 1, 1, 1, 1, 1, 0), 0, 0), /* P3 */
      kt_avg(kt_params(2, (kt_dims){1, 1, 1}, (kt_dims){3, 3, 3}, (kt_dims){1, 1, 1},
                       (kt_dims){1, 1, 1}, (kt_dims){1, 1, 1}, 1),
             0, 0),
  };
  for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
    for (int fill = 0; fill <= KT_SPECIALS; fill++) {
      kt_run_case(&cases[c], tables, count, &rng, (enum kt_fill)fill, 0);
    }
    kt_run_case(&cases[c], tables, count, &rng, KT_TIES, 1);
  }
}

/* ---- the public entry point --------------------------------------------------------- */

/* kl_avgpool_f32 on the active path: 1, 2 and 3 threads bitwise equal, and
 * equal to the scalar kernel. */
static void test_public_threads(void) {
  const kl_pool_params cases[] = {
      kt_avg(kt_params2(16, 28, 28, 3, 3, 1, 1, 1, 1, 1, 1, 0), 0, 0),
      /* 3 threads split these bands at odd rows (the 3x3s1p1 kernels pair rows) */
      kt_avg(kt_params2(103, 9, 12, 3, 3, 1, 1, 1, 1, 1, 1, 0), 1, 0),
      kt_avg(kt_params2(70, 8, 20, 3, 3, 1, 1, 1, 1, 1, 1, 0), 0, 0),
      kt_avg(kt_params2(5, 57, 61, 3, 3, 2, 2, 1, 1, 1, 1, 1), 1, 0),
      kt_avg(kt_params(3, (kt_dims){9, 17, 23}, (kt_dims){3, 2, 3}, (kt_dims){2, 1, 2},
                       (kt_dims){1, 1, 1}, (kt_dims){1, 1, 1}, 0),
             0, 5),
  };
  kt_rng rng = {15};
  for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
    const kl_pool_params* p = &cases[c];
    const int64_t in_n = p->planes * kt_in_plane(p), out_n = p->planes * kt_out_plane(p);
    float* x = malloc((size_t)in_n * sizeof(float));
    float* y = malloc((size_t)out_n * sizeof(float));
    float* want = malloc((size_t)out_n * sizeof(float));
    kt_fill_unit(&rng, x, in_n);
    kl_pool_execute(kl_dispatch_for(KL_ISA_SCALAR)->avgpool[KL_AVGPOOL_GENERIC], p, x, want, NULL);
    for (int32_t threads = 1; threads <= 3; threads++) {
      char repro[300];
      kt_repro(repro, sizeof repro, p, kl_isa_name(kl_isa()));
      kl_set_num_threads(threads);
      KT_CHECK(kl_avgpool_f32(p, x, in_n, y, out_n) == KL_OK, "%s", kl_last_error());
      KT_CHECK(kt_same_f32(y, want, out_n, repro), "threads %d", threads);
    }
    free(x);
    free(y);
    free(want);
  }
}

static void kt_expect_invalid(const kl_pool_params* p, const float* x, int64_t x_len, float* y,
                              int64_t y_len, const char* what, const char* message_part) {
  KT_EXPECT_INVALID(kl_avgpool_f32(p, x, x_len, y, y_len), "kl_avgpool_f32: ", what, message_part);
}

static void test_validation(void) {
  const kl_pool_params ok = kt_params2(1, 4, 4, 2, 2, 2, 2, 0, 0, 1, 1, 0);
  float x[16] = {0}, y[4];
  float xy[20] = {0};
  KT_CHECK(kl_avgpool_f32(&ok, x, 16, y, 4) == KL_OK, "valid call: %s", kl_last_error());
  KT_CHECK(kl_avgpool_f32(&ok, x, 16, y, 4) == KL_OK && y[0] == 0.0f, "valid call");
  kl_pool_params empty = ok;
  empty.planes = 0;
  KT_CHECK(kl_avgpool_f32(&empty, NULL, 0, NULL, 0) == KL_OK, "0 planes: %s", kl_last_error());

  kt_expect_invalid(NULL, x, 16, y, 4, "NULL params", "params");
  kt_expect_invalid(&ok, NULL, 16, y, 4, "NULL x", "x must not be NULL");
  kt_expect_invalid(&ok, x, 16, NULL, 4, "NULL y", "y must not be NULL");
  kt_expect_invalid(&ok, x, 15, y, 4, "short x", "x holds 15");
  kt_expect_invalid(&ok, x, 16, y, 3, "short y", "y holds 3");
  kt_expect_invalid(&ok, xy, 20, xy + 15, 4, "y overlapping x", "overlap");
  kl_pool_params p = ok;
  p.dilation_w = 2;
  p.out_w = 1;
  kt_expect_invalid(&p, x, 16, y, 4, "dilation 2", "dilation_w must be 1, got 2");
  p = ok;
  p.count_include_pad = 2;
  kt_expect_invalid(&p, x, 16, y, 4, "count_include_pad 2", "count_include_pad must be 0 or 1");
  p = ok;
  p.divisor_override = INT64_C(1) << 40;
  kt_expect_invalid(&p, x, 16, y, 4, "huge divisor_override", "divisor_override");
  p = kt_params2(1, 4, 4, 3, 3, 1, 1, 2, 1, 1, 1, 0);
  kt_expect_invalid(&p, x, 16, y, 16, "pad over half the kernel", "pad_h = 2 and kernel_h = 3");
  p = ok;
  p.out_h = 3;
  kt_expect_invalid(&p, x, 16, y, 4, "wrong out_h", "out_h is 3");
  p = ok;
  p.kernel_d = 0;
  kt_expect_invalid(&p, x, 16, y, 4, "zero kernel_d", "kernel_d");
}

int main(void) {
  test_golden();
  test_random_cases();
  test_edge_cases();
  test_public_threads();
  test_validation();
  return kt_report("test_avgpool");
}
