/*
 * test_maxpool2d.c - MaxPool2d: PyTorch golden cases, then every ISA path
 * through the driver against an independent oracle written from PyTorch's
 * definition, bit for bit in values and indices, on randomised shapes (SIMD
 * tails, 1x1 planes, kernels larger than the input, dilation, ceil mode,
 * strides 1 to 4, NaN/+-inf/+-0, ties, all-negative or all -inf inputs with
 * padding) with guard pages after every buffer; then the public entry point's
 * threading and validation.
 */
#include "test_util.h"

#include "pool/maxpool2d.h"

/* ---- the oracle: PyTorch's pooling_output_shape and max_pool2d loops ----------- */

static int64_t kt_out_size(int64_t in, int64_t k, int64_t s, int64_t pad, int64_t d, int ceil_mode) {
  const int64_t num = in + 2 * pad - d * (k - 1) - 1 + (ceil_mode ? s - 1 : 0);
  int64_t out = (int64_t)floor((double)num / (double)s) + 1;
  if (ceil_mode && (out - 1) * s >= in + pad) {
    out--;
  }
  return out;
}

static void kt_oracle(const kl_pool2d_params* p, const float* x, float* y, int64_t* indices) {
  for (int64_t plane = 0; plane < p->planes; plane++) {
    const float* in = x + plane * p->in_h * p->in_w;
    for (int64_t oh = 0; oh < p->out_h; oh++) {
      for (int64_t ow = 0; ow < p->out_w; ow++) {
        int64_t h0 = oh * p->stride_h - p->pad_h, w0 = ow * p->stride_w - p->pad_w;
        const int64_t h1 = h0 + (p->kernel_h - 1) * p->dilation_h + 1;
        const int64_t w1 = w0 + (p->kernel_w - 1) * p->dilation_w + 1;
        const int64_t hend = h1 < p->in_h ? h1 : p->in_h, wend = w1 < p->in_w ? w1 : p->in_w;
        while (h0 < 0) {
          h0 += p->dilation_h;
        }
        while (w0 < 0) {
          w0 += p->dilation_w;
        }
        float max = -INFINITY;
        int64_t index = h0 * p->in_w + w0;
        for (int64_t ih = h0; ih < hend; ih += p->dilation_h) {
          for (int64_t iw = w0; iw < wend; iw += p->dilation_w) {
            const float v = in[ih * p->in_w + iw];
            if (v > max || isnan(v)) {
              max = v;
              index = ih * p->in_w + iw;
            }
          }
        }
        const int64_t o = (plane * p->out_h + oh) * p->out_w + ow;
        y[o] = max;
        indices[o] = index;
      }
    }
  }
}

static kl_pool2d_params kt_params(int64_t planes, int64_t in_h, int64_t in_w, int64_t kh, int64_t kw,
                                  int64_t sh, int64_t sw, int64_t ph, int64_t pw, int64_t dh, int64_t dw,
                                  int ceil_mode) {
  kl_pool2d_params p = {planes, in_h, in_w, 0, 0, kh, kw, sh, sw, ph, pw, dh, dw, ceil_mode, 0};
  p.out_h = kt_out_size(in_h, kh, sh, ph, dh, ceil_mode);
  p.out_w = kt_out_size(in_w, kw, sw, pw, dw, ceil_mode);
  return p;
}

static void kt_repro(char* buf, size_t size, const kl_pool2d_params* p, const char* what) {
  snprintf(buf, size, "p%lld_h%lldw%lld_k%lldx%lld_s%lldx%lld_pad%lldx%lld_d%lldx%lld_ceil%d_%s",
           (long long)p->planes, (long long)p->in_h, (long long)p->in_w, (long long)p->kernel_h,
           (long long)p->kernel_w, (long long)p->stride_h, (long long)p->stride_w, (long long)p->pad_h,
           (long long)p->pad_w, (long long)p->dilation_h, (long long)p->dilation_w, (int)p->ceil_mode,
           what);
}

/* ---- golden cases from torch.nn.functional.max_pool2d (1.13) -------------------- */

typedef struct kt_golden {
  kl_pool2d_params p;
  const float* x;
  const uint32_t* y_bits; /* expected values, as bit patterns */
  const int64_t* indices;
} kt_golden;

static const float kt_x5[25] = {1, 2, 0, 3, 1, 0, 1, 2, 3, 1, 1, 2, 1, 0, 0, 5, 2, 3, 1, 1, 2, 1, 0, 1, 1};
#define KT_F1 0x3f800000u
#define KT_F2 0x40000000u
#define KT_F3 0x40400000u
#define KT_F5 0x40a00000u
#define KT_NEG_INF 0xff800000u
#define KT_NEG_ZERO 0x80000000u

static void test_golden(void) {
  /* MaxPool2d(3, ceil_mode=True / False) on the 5x5 example. */
  static const uint32_t ceil_y[] = {KT_F2, KT_F3, KT_F5, KT_F1};
  static const int64_t ceil_i[] = {1, 3, 15, 18};
  static const uint32_t floor_y[] = {KT_F2};
  static const int64_t floor_i[] = {1};
  /* kernel (2,3), stride (1,2), padding 1, dilation (2,1). */
  static const uint32_t dil_y[] = {KT_F1, KT_F3, KT_F3, KT_F2, KT_F3, KT_F3, KT_F5, KT_F3,
                                   KT_F3, KT_F2, KT_F2, KT_F1, KT_F5, KT_F3, KT_F1};
  static const int64_t dil_i[] = {6, 8, 8, 1, 3, 3, 15, 8, 8, 11, 11, 23, 15, 17, 18};
  /* One row 1, NaN(+1), 2, -NaN(2), 3, 0 with kernel (1,3), padding (0,1): the last NaN wins. */
  static const uint32_t nan_x_bits[] = {KT_F1, 0x7fc00001u, KT_F2, 0xffc00002u, KT_F3, 0};
  static const uint32_t nan_y[] = {0x7fc00001u, 0x7fc00001u, 0xffc00002u, 0xffc00002u, 0xffc00002u, KT_F3};
  static const int64_t nan_i[] = {1, 1, 3, 3, 3, 4};
  /* [[-0, 0], [0, -0]], kernel 2, stride 1, padding 1: ties keep the first. */
  static const uint32_t zero_x_bits[] = {KT_NEG_ZERO, 0, 0, KT_NEG_ZERO};
  static const uint32_t zero_y[] = {KT_NEG_ZERO, KT_NEG_ZERO, 0, KT_NEG_ZERO, KT_NEG_ZERO, 0, 0, 0, KT_NEG_ZERO};
  static const int64_t zero_i[] = {0, 0, 1, 0, 0, 1, 2, 2, 3};
  /* -1..-9 in 3x3, kernel 3, stride 2, padding 1: padding never wins. */
  static const float neg_x[9] = {-1, -2, -3, -4, -5, -6, -7, -8, -9};
  static const uint32_t neg_y[] = {0xbf800000u, 0xc0000000u, 0xc0800000u, 0xc0a00000u};
  static const int64_t neg_i[] = {0, 1, 3, 4};
  /* All -inf 2x2, kernel 2, stride 1, padding 1: the first valid tap's index. */
  static const float inf_x[4] = {-INFINITY, -INFINITY, -INFINITY, -INFINITY};
  static const uint32_t inf_y[] = {KT_NEG_INF, KT_NEG_INF, KT_NEG_INF, KT_NEG_INF, KT_NEG_INF,
                                   KT_NEG_INF, KT_NEG_INF, KT_NEG_INF, KT_NEG_INF};
  static const int64_t inf_i[] = {0, 0, 1, 0, 0, 1, 2, 2, 3};
  /* 1x1 input, kernel 2, stride 1, padding 1, dilation 2: no tap inside, so -inf
   * and PyTorch's initial index ih0 * W + iw0 = 1 * 1 + 1, past the plane. */
  static const float one_x[1] = {1};
  static const uint32_t empty_y[] = {KT_NEG_INF};
  static const int64_t empty_i[] = {2};
  float nan_x[6], zero_x[4];
  for (int i = 0; i < 6; i++) {
    nan_x[i] = kt_from_bits(nan_x_bits[i]);
  }
  for (int i = 0; i < 4; i++) {
    zero_x[i] = kt_from_bits(zero_x_bits[i]);
  }
  const kt_golden cases[] = {
      {kt_params(1, 5, 5, 3, 3, 3, 3, 0, 0, 1, 1, 1), kt_x5, ceil_y, ceil_i},
      {kt_params(1, 5, 5, 3, 3, 3, 3, 0, 0, 1, 1, 0), kt_x5, floor_y, floor_i},
      {kt_params(1, 5, 5, 2, 3, 1, 2, 1, 1, 2, 1, 0), kt_x5, dil_y, dil_i},
      {kt_params(1, 1, 6, 1, 3, 1, 1, 0, 1, 1, 1, 0), nan_x, nan_y, nan_i},
      {kt_params(1, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1, 0), zero_x, zero_y, zero_i},
      {kt_params(1, 3, 3, 3, 3, 2, 2, 1, 1, 1, 1, 0), neg_x, neg_y, neg_i},
      {kt_params(1, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1, 0), inf_x, inf_y, inf_i},
      {kt_params(1, 1, 1, 2, 2, 1, 1, 1, 1, 2, 2, 0), one_x, empty_y, empty_i},
  };
  const kl_dispatch* tables[KL_ISA_COUNT];
  const int count = kt_isa_tables(tables);
  for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
    const kt_golden* g = &cases[c];
    const int64_t n = g->p.out_h * g->p.out_w;
    float want[16], y[16];
    int64_t indices[16];
    for (int64_t i = 0; i < n; i++) {
      want[i] = kt_from_bits(g->y_bits[i]);
    }
    for (int t = 0; t < count; t++) {
      char repro[200];
      kt_repro(repro, sizeof repro, &g->p, tables[t]->maxpool2d_name);
      kl_maxpool2d_execute(tables[t]->maxpool2d, &g->p, g->x, y, indices);
      KT_CHECK(kt_same_f32(y, want, n, repro) && kt_same_i64(indices, g->indices, n, repro),
               "golden case %zu", c);
    }
  }
}

/* ---- every ISA against the oracle on random cases ---------------------------- */

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
      for (int64_t i = 0; i < n; i++) {
        x[i] = -INFINITY;
      }
      break;
    default:
      kt_fill_int(rng, x, n, -3, 3);
      kt_sprinkle_specials(rng, x, n, 2);
      break;
  }
}

/* Runs one case on every ISA, with and without indices; returns failures. */
static int kt_run_case(const kl_pool2d_params* p, const kl_dispatch* const* tables, int count,
                       kt_rng* rng, enum kt_fill fill) {
  const int64_t in_n = p->planes * p->in_h * p->in_w;
  const int64_t out_n = p->planes * p->out_h * p->out_w;
  kt_buffer x = kt_alloc((size_t)in_n * sizeof(float));
  kt_buffer y = kt_alloc((size_t)out_n * sizeof(float));
  kt_buffer ind = kt_alloc((size_t)out_n * sizeof(int64_t));
  float* want = malloc((size_t)out_n * sizeof(float));
  int64_t* want_ind = malloc((size_t)out_n * sizeof(int64_t));
  kt_fill_input(rng, x.data, in_n, fill);
  kt_oracle(p, x.data, want, want_ind);
  const int before = kt_failures;
  for (int t = 0; t < count; t++) {
    char repro[200];
    kt_repro(repro, sizeof repro, p, tables[t]->maxpool2d_name);
    memset(y.data, 0x55, (size_t)out_n * sizeof(float));
    memset(ind.data, 0x77, (size_t)out_n * sizeof(int64_t));
    kl_maxpool2d_execute(tables[t]->maxpool2d, p, x.data, y.data, ind.data);
    KT_CHECK(kt_same_f32(y.data, want, out_n, repro) && kt_same_i64(ind.data, want_ind, out_n, repro),
             "fill %d, with indices", (int)fill);
    memset(y.data, 0x55, (size_t)out_n * sizeof(float));
    kl_maxpool2d_execute(tables[t]->maxpool2d, p, x.data, y.data, NULL);
    KT_CHECK(kt_same_f32(y.data, want, out_n, repro), "fill %d, without indices", (int)fill);
  }
  free(want);
  free(want_ind);
  kt_release(&x, "x");
  kt_release(&y, "y");
  kt_release(&ind, "indices");
  return kt_failures - before;
}

static void test_random_cases(void) {
  static const int64_t strides[] = {1, 1, 2, 2, 3, 4};
  static const int64_t dilations[] = {1, 1, 1, 2, 3};
  const kl_dispatch* tables[KL_ISA_COUNT];
  const int count = kt_isa_tables(tables);
  kt_rng rng = {3};
  int run = 0;
  while (run < 3000) {
    const int wide = kt_range(&rng, 0, 9) == 0;
    const int64_t kh = kt_range(&rng, 1, 5), kw = kt_range(&rng, 1, 5);
    const int64_t dh = dilations[kt_range(&rng, 0, 4)], dw = dilations[kt_range(&rng, 0, 4)];
    const kl_pool2d_params p = kt_params(
        kt_range(&rng, 1, 3), kt_range(&rng, 1, 12), wide ? kt_range(&rng, 64, 300) : kt_range(&rng, 1, 70),
        kh, kw, strides[kt_range(&rng, 0, 5)], strides[kt_range(&rng, 0, 5)], kt_range(&rng, 0, kh / 2),
        kt_range(&rng, 0, kw / 2), dh, dw, (int)kt_range(&rng, 0, 1));
    if (p.out_h < 1 || p.out_w < 1) {
      continue; /* PyTorch rejects these; the validation test covers them */
    }
    if (kt_run_case(&p, tables, count, &rng, (enum kt_fill)kt_range(&rng, 0, KT_FILLS - 1)) > 5) {
      return; /* the repro lines above say enough */
    }
    run++;
  }
}

/* Shapes the random walk may miss: 1x1 planes, kernels wider than the input,
 * the suite's P1 and P2 geometry. */
static void test_edge_cases(void) {
  const kl_pool2d_params cases[] = {
      kt_params(2, 1, 1, 1, 1, 1, 1, 0, 0, 1, 1, 0),
      kt_params(2, 1, 1, 3, 3, 1, 1, 1, 1, 1, 1, 1),
      kt_params(1, 2, 2, 5, 5, 1, 1, 2, 2, 1, 1, 0),
      kt_params(1, 3, 40, 5, 7, 2, 2, 2, 3, 1, 1, 1),
      kt_params(3, 112, 112, 3, 3, 2, 2, 1, 1, 1, 1, 0),
      kt_params(2, 224, 224, 2, 2, 2, 2, 0, 0, 1, 1, 0),
      kt_params(1, 9, 257, 3, 3, 1, 1, 1, 1, 2, 2, 1),
  };
  const kl_dispatch* tables[KL_ISA_COUNT];
  const int count = kt_isa_tables(tables);
  kt_rng rng = {4};
  for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
    for (int fill = 0; fill < KT_FILLS; fill++) {
      kt_run_case(&cases[c], tables, count, &rng, (enum kt_fill)fill);
    }
  }
}

/* ---- the public entry point ------------------------------------------------------- */

/* kl_maxpool2d_f32 on the active path, 1 vs 3 threads, vs the oracle. */
static void test_public_threads(void) {
  const kl_pool2d_params p = kt_params(5, 57, 61, 3, 3, 2, 2, 1, 1, 1, 1, 1);
  const int64_t in_n = p.planes * p.in_h * p.in_w, out_n = p.planes * p.out_h * p.out_w;
  kt_rng rng = {5};
  float* x = malloc((size_t)in_n * sizeof(float));
  float* y = malloc((size_t)out_n * sizeof(float));
  float* want = malloc((size_t)out_n * sizeof(float));
  int64_t* ind = malloc((size_t)out_n * sizeof(int64_t));
  int64_t* want_ind = malloc((size_t)out_n * sizeof(int64_t));
  kt_fill_input(&rng, x, in_n, KT_SPECIALS);
  kt_oracle(&p, x, want, want_ind);
  for (int32_t threads = 1; threads <= 3; threads += 2) {
    char repro[200];
    kt_repro(repro, sizeof repro, &p, kl_isa_name(kl_isa()));
    kl_set_num_threads(threads);
    KT_CHECK(kl_maxpool2d_f32(&p, x, in_n, y, out_n, ind, out_n) == KL_OK, "%s", kl_last_error());
    KT_CHECK(kt_same_f32(y, want, out_n, repro) && kt_same_i64(ind, want_ind, out_n, repro),
             "threads %d", threads);
    KT_CHECK(kl_maxpool2d_f32(&p, x, in_n, y, out_n, NULL, 0) == KL_OK, "%s", kl_last_error());
    KT_CHECK(kt_same_f32(y, want, out_n, repro), "threads %d, no indices", threads);
  }
  free(x);
  free(y);
  free(want);
  free(ind);
  free(want_ind);
}

static void kt_expect_invalid(const kl_pool2d_params* p, const float* x, int64_t x_len, float* y,
                              int64_t y_len, int64_t* ind, int64_t ind_len, const char* what) {
  kl_fail(KL_OK, "%s", "");
  KT_CHECK(kl_maxpool2d_f32(p, x, x_len, y, y_len, ind, ind_len) == KL_INVALID_ARGUMENT,
           "%s was accepted", what);
  KT_CHECK(strstr(kl_last_error(), "kl_maxpool2d_f32") != NULL, "%s: message '%s'", what, kl_last_error());
}

static void test_validation(void) {
  /* 1 plane of 4x4, kernel 2, stride 2: 2x2 out. */
  const kl_pool2d_params ok = kt_params(1, 4, 4, 2, 2, 2, 2, 0, 0, 1, 1, 0);
  float x[16] = {0}, y[4];
  int64_t ind[4];
  float xy[20] = {0}; /* for overlaps */
  int64_t big[32];
  KT_CHECK(kl_maxpool2d_f32(&ok, x, 16, y, 4, ind, 4) == KL_OK, "valid call: %s", kl_last_error());
  KT_CHECK(kl_maxpool2d_f32(&ok, x, 16, y, 4, NULL, 0) == KL_OK, "valid call: %s", kl_last_error());
  kl_pool2d_params empty = ok;
  empty.planes = 0;
  KT_CHECK(kl_maxpool2d_f32(&empty, NULL, 0, NULL, 0, NULL, 0) == KL_OK, "0 planes: %s", kl_last_error());

  kt_expect_invalid(NULL, x, 16, y, 4, ind, 4, "NULL params");
  kt_expect_invalid(&ok, NULL, 16, y, 4, ind, 4, "NULL x");
  kt_expect_invalid(&ok, x, 16, NULL, 4, ind, 4, "NULL y");
  kt_expect_invalid(&ok, x, 15, y, 4, ind, 4, "short x");
  kt_expect_invalid(&ok, x, 16, y, 3, ind, 4, "short y");
  kt_expect_invalid(&ok, x, 16, y, 4, ind, 3, "short indices");
  kt_expect_invalid(&ok, x, -1, y, 4, ind, 4, "negative x_len");
  kt_expect_invalid(&ok, xy, 20, xy + 15, 4, NULL, 0, "y overlapping x");
  kt_expect_invalid(&ok, x, 16, y, 4, (int64_t*)(void*)x, 4, "indices overlapping x");
  kt_expect_invalid(&ok, x, 16, (float*)(void*)big, 4, big + 1, 4, "indices overlapping y");

  struct {
    const char* what;
    kl_pool2d_params p;
  } bad[] = {
      {"negative planes", kt_params(-1, 4, 4, 2, 2, 2, 2, 0, 0, 1, 1, 0)},
      {"zero in_h", kt_params(1, 0, 4, 2, 2, 2, 2, 0, 0, 1, 1, 0)},
      {"zero in_w", kt_params(1, 4, 0, 1, 1, 1, 1, 0, 0, 1, 1, 0)},
      {"zero kernel", kt_params(1, 4, 4, 0, 2, 2, 2, 0, 0, 1, 1, 0)},
      {"zero stride", kt_params(1, 4, 4, 2, 2, 2, 0, 0, 0, 1, 1, 0)},
      {"zero dilation", kt_params(1, 4, 4, 2, 2, 2, 2, 0, 0, 0, 1, 0)},
      {"negative pad", kt_params(1, 4, 4, 2, 2, 2, 2, -1, 0, 1, 1, 0)},
      {"pad over half the kernel", kt_params(1, 4, 4, 3, 3, 1, 1, 2, 1, 1, 1, 0)},
      {"output too small", kt_params(1, 2, 2, 3, 3, 1, 1, 0, 0, 1, 1, 0)},
      {"huge kernel", kt_params(1, 4, 4, INT64_MAX, 2, 1, 1, 0, 0, 1, 1, 0)},
      {"huge input", kt_params(1, INT64_MAX, INT64_MAX, 2, 2, 2, 2, 0, 0, 1, 1, 0)},
      {"huge stride", kt_params(1, 4, 4, 2, 2, INT64_MAX, 2, 0, 0, 1, 1, 1)},
      {"huge dilation", kt_params(1, 4, 4, 2, 2, 1, 1, 0, 0, INT64_MAX / 2, 1, 0)},
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    kt_expect_invalid(&bad[i].p, x, 16, y, 4, ind, 4, bad[i].what);
  }
  kl_pool2d_params p = ok;
  p.out_h = 3;
  kt_expect_invalid(&p, x, 16, y, 4, ind, 4, "wrong out_h");
  p = ok;
  p.out_w = 1;
  kt_expect_invalid(&p, x, 16, y, 4, ind, 4, "wrong out_w");
  p = ok;
  p.ceil_mode = 2;
  kt_expect_invalid(&p, x, 16, y, 4, ind, 4, "ceil_mode 2");
  p = ok;
  p.reserved = 1;
  kt_expect_invalid(&p, x, 16, y, 4, ind, 4, "reserved 1");
  p = ok;
  p.planes = INT64_MAX / 2;
  kt_expect_invalid(&p, x, INT64_MAX, y, INT64_MAX, ind, INT64_MAX, "planes overflowing the sizes");
}

int main(void) {
  test_golden();
  test_random_cases();
  test_edge_cases();
  test_public_threads();
  test_validation();
  return kt_report("test_maxpool2d");
}
