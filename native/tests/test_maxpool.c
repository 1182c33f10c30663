/*
 * test_maxpool.c - max pooling (1-D, 2-D, 3-D): PyTorch golden cases, then
 * every ISA path's microkernels (the one the operator picks, and the generic
 * one) against an independent oracle written from PyTorch's definition, bit
 * for bit in values and indices, on randomised shapes (SIMD tails, 1x1 planes,
 * kernels larger than the input, dilation, ceil mode, strides 1 to 4,
 * NaN/+-inf/+-0, ties, all-negative or all -inf inputs with padding), the
 * specialised 2x2s2 and 3x3s2p1 configurations and their near misses, with
 * guard pages after every buffer; then the public entry point's threading and
 * validation.
 */
#include "pool_test_util.h"

#include "pool/maxpool.h"
#include "pool/pool-common.h"

/* ---- the oracle: PyTorch's max_pool3d loops ----------------------------------------- */

static void kt_oracle(const kl_pool_params* p, const float* x, float* y, int64_t* indices) {
  const int64_t H = p->in_h, W = p->in_w;
  int64_t o = 0;
  for (int64_t plane = 0; plane < p->planes; plane++) {
    const float* in = x + plane * kt_in_plane(p);
    for (int64_t od = 0; od < p->out_d; od++) {
      for (int64_t oh = 0; oh < p->out_h; oh++) {
        for (int64_t ow = 0; ow < p->out_w; ow++, o++) {
          int64_t d0 = od * p->stride_d - p->pad_d, h0 = oh * p->stride_h - p->pad_h,
                  w0 = ow * p->stride_w - p->pad_w;
          const int64_t d1 = d0 + (p->kernel_d - 1) * p->dilation_d + 1;
          const int64_t h1 = h0 + (p->kernel_h - 1) * p->dilation_h + 1;
          const int64_t w1 = w0 + (p->kernel_w - 1) * p->dilation_w + 1;
          const int64_t dend = d1 < p->in_d ? d1 : p->in_d, hend = h1 < H ? h1 : H,
                        wend = w1 < W ? w1 : W;
          while (d0 < 0) d0 += p->dilation_d;
          while (h0 < 0) h0 += p->dilation_h;
          while (w0 < 0) w0 += p->dilation_w;
          float max = -INFINITY;
          int64_t index = (d0 * H + h0) * W + w0;
          for (int64_t id = d0; id < dend; id += p->dilation_d) {
            for (int64_t ih = h0; ih < hend; ih += p->dilation_h) {
              for (int64_t iw = w0; iw < wend; iw += p->dilation_w) {
                const float v = in[(id * H + ih) * W + iw];
                if (v > max || isnan(v)) {
                  max = v;
                  index = (id * H + ih) * W + iw;
                }
              }
            }
          }
          y[o] = max;
          indices[o] = index;
        }
      }
    }
  }
}

/* ---- golden cases from torch.nn.functional.max_pool1d/2d/3d (1.13) ------------------ */

typedef struct kt_golden {
  kl_pool_params p;
  const float* x;
  const uint32_t* y_bits; /* expected values, as bit patterns */
  const int64_t* indices;
} kt_golden;

static const float kt_x5[25] = {1, 2, 0, 3, 1, 0, 1, 2, 3, 1, 1, 2, 1,
                                0, 0, 5, 2, 3, 1, 1, 2, 1, 0, 1, 1};
/* torch.manual_seed(0); torch.randint(-3, 4, (3, 3, 4)) */
static const float kt_x334[36] = {1, 0,  -3, -1, -2, -1, 3, 0, 1,  2, -1, -3, -2, 2,  -1, 1, 1, -1,
                                  1, -1, 3,  -1, 1,  -1, 1, 1, -2, 0, -2, 1,  -2, -3, 1,  2, 0, 1};
#define KT_F1 0x3f800000u
#define KT_F2 0x40000000u
#define KT_F3 0x40400000u
#define KT_F5 0x40a00000u
#define KT_F7 0x40e00000u
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
  static const uint32_t nan_y[] = {0x7fc00001u, 0x7fc00001u, 0xffc00002u,
                                   0xffc00002u, 0xffc00002u, KT_F3};
  static const int64_t nan_i[] = {1, 1, 3, 3, 3, 4};
  /* [[-0, 0], [0, -0]], kernel 2, stride 1, padding 1: ties keep the first. */
  static const uint32_t zero_x_bits[] = {KT_NEG_ZERO, 0, 0, KT_NEG_ZERO};
  static const uint32_t zero_y[] = {KT_NEG_ZERO, KT_NEG_ZERO, 0, KT_NEG_ZERO, KT_NEG_ZERO,
                                    0,           0,           0, KT_NEG_ZERO};
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
   * and PyTorch's initial index ih0 * W + iw0 = 1 * 1 + 1, past the plane; in
   * 3-D (id0 * H + ih0) * W + iw0 = 3. */
  static const float one_x[1] = {1};
  static const uint32_t empty_y[] = {KT_NEG_INF};
  static const int64_t empty_i[] = {2};
  static const int64_t empty3_i[] = {3};
  /* max_pool1d([1,5,5,2,-1,7,7], 3, 2, 1, ceil_mode=True). */
  static const float row_x[7] = {1, 5, 5, 2, -1, 7, 7};
  static const uint32_t row_y[] = {KT_F5, KT_F5, KT_F7, KT_F7};
  static const int64_t row_i[] = {1, 1, 5, 5};
  /* max_pool3d(kt_x334, (2,2,3), (1,2,1), (1,0,1), (2,1,1), ceil_mode=True). */
  static const float v3[] = {2, 2, 2, 1, 3, 3, 1, 1, 1, 3, 3, 3,
                             2, 2, 2, 1, 2, 2, 2, 1, 3, 3, 1, 1};
  static const int64_t i3[] = {13, 13, 13, 15, 20, 20, 22, 22, 0,  6,  6,  6,
                               9,  9,  9,  35, 13, 13, 13, 15, 20, 20, 22, 22};
  uint32_t y3[24];
  for (int i = 0; i < 24; i++) {
    y3[i] = kt_bits(v3[i]);
  }
  float nan_x[6], zero_x[4];
  for (int i = 0; i < 6; i++) {
    nan_x[i] = kt_from_bits(nan_x_bits[i]);
  }
  for (int i = 0; i < 4; i++) {
    zero_x[i] = kt_from_bits(zero_x_bits[i]);
  }
  const kt_golden cases[] = {
      {kt_params2(1, 5, 5, 3, 3, 3, 3, 0, 0, 1, 1, 1), kt_x5, ceil_y, ceil_i},
      {kt_params2(1, 5, 5, 3, 3, 3, 3, 0, 0, 1, 1, 0), kt_x5, floor_y, floor_i},
      {kt_params2(1, 5, 5, 2, 3, 1, 2, 1, 1, 2, 1, 0), kt_x5, dil_y, dil_i},
      {kt_params2(1, 1, 6, 1, 3, 1, 1, 0, 1, 1, 1, 0), nan_x, nan_y, nan_i},
      {kt_params2(1, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1, 0), zero_x, zero_y, zero_i},
      {kt_params2(1, 3, 3, 3, 3, 2, 2, 1, 1, 1, 1, 0), neg_x, neg_y, neg_i},
      {kt_params2(1, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1, 0), inf_x, inf_y, inf_i},
      {kt_params2(1, 1, 1, 2, 2, 1, 1, 1, 1, 2, 2, 0), one_x, empty_y, empty_i},
      {kt_params(1, (kt_dims){1, 1, 1}, (kt_dims){2, 2, 2}, (kt_dims){1, 1, 1}, (kt_dims){1, 1, 1},
                 (kt_dims){2, 2, 2}, 0),
       one_x, empty_y, empty3_i},
      {kt_params2(1, 1, 7, 1, 3, 1, 2, 0, 1, 1, 1, 1), row_x, row_y, row_i},
      {kt_params(1, (kt_dims){3, 3, 4}, (kt_dims){2, 2, 3}, (kt_dims){1, 2, 1}, (kt_dims){1, 0, 1},
                 (kt_dims){2, 1, 1}, 1),
       kt_x334, y3, i3},
  };
  const kl_dispatch* tables[KL_ISA_COUNT];
  const int count = kt_isa_tables(tables);
  for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
    const kt_golden* g = &cases[c];
    const int64_t n = kt_out_plane(&g->p);
    float want[32], y[32], oracle[32];
    int64_t indices[32], oracle_i[32];
    for (int64_t i = 0; i < n; i++) {
      want[i] = kt_from_bits(g->y_bits[i]);
    }
    char repro[300];
    kt_repro(repro, sizeof repro, &g->p, "oracle");
    kt_oracle(&g->p, g->x, oracle, oracle_i);
    KT_CHECK(kt_same_f32(oracle, want, n, repro) && kt_same_i64(oracle_i, g->indices, n, repro),
             "golden case %zu", c);
    for (int t = 0; t < count; t++) {
      kt_repro(repro, sizeof repro, &g->p, tables[t]->maxpool_name[KL_MAXPOOL_GENERIC]);
      kl_pool_execute(tables[t]->maxpool[KL_MAXPOOL_GENERIC], &g->p, g->x, y, indices);
      KT_CHECK(kt_same_f32(y, want, n, repro) && kt_same_i64(indices, g->indices, n, repro),
               "golden case %zu", c);
    }
  }
}

/* ---- every ISA against the oracle -------------------------------------------------- */

typedef struct kt_max_call {
  kl_f32_pool_ukernel_fn ukernel;
  const kl_pool_params* p;
  const float* x;
} kt_max_call;

static void kt_run_max(const void* ctx, float* y, int64_t* indices) {
  const kt_max_call* c = ctx;
  kl_pool_execute(c->ukernel, c->p, c->x, y, indices);
}

/* Runs one case on input x (planes of p) on every ISA, with the kernel the
 * operator picks and with the generic one, with and without indices; returns
 * failures. */
static int kt_check_input(const kl_pool_params* p, const kl_dispatch* const* tables, int count,
                          const float* x, const char* what) {
  const int64_t out_n = p->planes * kt_out_plane(p);
  kt_buffer y = kt_alloc((size_t)out_n * sizeof(float));
  kt_buffer ind = kt_alloc((size_t)out_n * sizeof(int64_t));
  float* want = malloc((size_t)out_n * sizeof(float));
  int64_t* want_ind = malloc((size_t)out_n * sizeof(int64_t));
  kt_oracle(p, x, want, want_ind);
  const int before = kt_failures;
  const enum kl_maxpool_kind kinds[2] = {kl_maxpool_kind_for(p), KL_MAXPOOL_GENERIC};
  for (int t = 0; t < count; t++) {
    for (int k = 0; k < (kinds[0] == kinds[1] ? 1 : 2); k++) {
      char repro[300];
      kt_repro(repro, sizeof repro, p, tables[t]->maxpool_name[kinds[k]]);
      const kt_max_call call = {tables[t]->maxpool[kinds[k]], p, x};
      kt_check_max_runs(kt_run_max, &call, &y, &ind, want, want_ind, out_n, repro, what);
    }
  }
  free(want);
  free(want_ind);
  kt_release(&y, "y");
  kt_release(&ind, "indices");
  return kt_failures - before;
}

/* kt_check_input on a fill of the input, with guard pages around it. */
static int kt_run_case(const kl_pool_params* p, const kl_dispatch* const* tables, int count,
                       kt_rng* rng, enum kt_fill fill) {
  const int64_t in_n = p->planes * kt_in_plane(p);
  kt_buffer x = kt_alloc((size_t)in_n * sizeof(float));
  kt_fill_input(rng, x.data, in_n, fill);
  char what[32];
  snprintf(what, sizeof what, "fill %d", (int)fill);
  const int failures = kt_check_input(p, tables, count, x.data, what);
  kt_release(&x, "x");
  return failures;
}

static void test_random_cases(void) {
  const kl_dispatch* tables[KL_ISA_COUNT];
  const int count = kt_isa_tables(tables);
  kt_rng rng = {3};
  for (int run = 0; run < 3000; run++) {
    const kl_pool_params p = kt_random_valid_params(&rng, 3);
    if (kt_run_case(&p, tables, count, &rng, (enum kt_fill)kt_range(&rng, 0, KT_FILLS - 1)) > 5) {
      return; /* the repro lines above say enough */
    }
  }
}

/* The specialised kernels' configurations across widths that cross their
 * vector blocks, odd widths, ceil mode, 1-D/3-D, and the near misses that
 * must take the generic kernel; plus 1x1 planes and kernels wider than the
 * input. */
static void test_edge_cases(void) {
  const kl_dispatch* tables[KL_ISA_COUNT];
  const int count = kt_isa_tables(tables);
  kt_rng rng = {4};
  for (int64_t w = 1; w <= 70; w++) {
    const int ceil_mode = (int)(w % 2);
    const kl_pool_params cases[] = {
        kt_params2(2, 5, w, 2, 2, 2, 2, 0, 0, 1, 1, ceil_mode), /* 2x2s2 */
        kt_params2(2, 6, w, 3, 3, 2, 2, 1, 1, 1, 1, ceil_mode), /* 3x3s2p1 */
        kt_params(1, (kt_dims){4, 5, w}, (kt_dims){2, 3, 3}, (kt_dims){2, 2, 2}, (kt_dims){1, 1, 1},
                  (kt_dims){2, 1, 1}, ceil_mode),       /* 3-D 3x3s2p1 */
        kt_params2(1, 4, w, 3, 3, 2, 2, 0, 0, 1, 1, 1), /* near misses: generic */
        kt_params2(1, 4, w, 3, 3, 2, 2, 1, 1, 1, 2, 0),
        kt_params2(1, 4, w, 2, 2, 2, 2, 1, 1, 1, 1, 0),
        kt_params2(1, 4, w, 3, 3, 1, 1, 1, 1, 1, 1, 0),
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
      if (kt_out_valid(&cases[c])) {
        kt_run_case(&cases[c], tables, count, &rng, (enum kt_fill)(w % KT_FILLS));
      }
    }
  }
  const kl_pool_params cases[] = {
      kt_params2(2, 1, 1, 1, 1, 1, 1, 0, 0, 1, 1, 0),
      kt_params2(2, 1, 1, 3, 3, 1, 1, 1, 1, 1, 1, 1),
      kt_params2(1, 2, 2, 5, 5, 1, 1, 2, 2, 1, 1, 0),
      kt_params2(1, 3, 40, 5, 7, 2, 2, 2, 3, 1, 1, 1),
      kt_params2(3, 112, 112, 3, 3, 2, 2, 1, 1, 1, 1, 0), /* P1 */
      kt_params2(2, 224, 224, 2, 2, 2, 2, 0, 0, 1, 1, 0), /* P2 */
      kt_params2(1, 9, 257, 3, 3, 1, 1, 1, 1, 2, 2, 1),
      kt_params(2, (kt_dims){1, 1, 1}, (kt_dims){3, 3, 3}, (kt_dims){1, 1, 1}, (kt_dims){1, 1, 1},
                (kt_dims){1, 1, 1}, 1),
  };
  for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
    for (int fill = 0; fill < KT_FILLS; fill++) {
      kt_run_case(&cases[c], tables, count, &rng, (enum kt_fill)fill);
    }
  }
}

/* The stride-2 kernels fold each input row once and, for 3x3s2p1, reuse an
 * output row's last input row as the next one's first, walking strips of
 * rows down column blocks; a fast path that assumes no NaN runs first and
 * must flag every NaN among a band's taps. So: bands of every height, widths
 * around the vector multiples (edge blocks, overlapping last blocks), +-0
 * ties, and one NaN at each position of the plane, which only the NaN flags
 * can route to the exact path. */
static void test_s2_bands(void) {
  const kl_dispatch* tables[KL_ISA_COUNT];
  const int count = kt_isa_tables(tables);
  kt_rng rng = {6};
  static const int64_t widths[] = {15, 16, 17, 18, 19, 31, 32, 33, 34,
                                   35, 47, 48, 49, 63, 64, 65, 66};
  for (int64_t h = 2; h <= 40; h++) {
    for (size_t w = 0; w < sizeof widths / sizeof widths[0]; w++) {
      const int ceil_mode = (int)((h + (int64_t)w) % 3 == 0);
      const kl_pool_params cases[] = {
          kt_params2(1, h, widths[w], 3, 3, 2, 2, 1, 1, 1, 1, ceil_mode),
          kt_params2(1, h, widths[w], 2, 2, 2, 2, 0, 0, 1, 1, ceil_mode),
      };
      for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        const kl_pool_params* p = &cases[c];
        const int64_t n = kt_in_plane(p);
        kt_buffer buf = kt_alloc((size_t)n * sizeof(float));
        float* x = buf.data;
        /* Mostly +0 and -0, some 1 and -1: windows full of ties. */
        for (int64_t i = 0; i < n; i++) {
          const int64_t r = kt_range(&rng, 0, 9);
          x[i] = r < 4 ? 0.0f : r < 8 ? -0.0f : r == 8 ? 1.0f : -1.0f;
        }
        kt_check_input(p, tables, count, x, "+-0 ties");
        kt_fill_input(&rng, x, n, KT_TIES);
        kt_check_input(p, tables, count, x, "ties");
        if (h <= 9 && (widths[w] == 17 || widths[w] == 34 || widths[w] == 35)) {
          for (int64_t at = 0; at < n; at++) {
            kt_fill_input(&rng, x, n, KT_NEGATIVE);
            x[at] = kt_from_bits(0x7fc00000u | (uint32_t)at);
            char what[48];
            snprintf(what, sizeof what, "one NaN at %lld", (long long)at);
            if (kt_check_input(p, tables, count, x, what) > 0) {
              break;
            }
          }
        }
        kt_release(&buf, "x");
      }
    }
  }
  /* Bands wider than one driver chunk (32 column blocks of the widest ISA),
   * with NaNs next to the chunk boundaries. */
  const kl_pool_params wide = kt_params2(2, 13, 1100, 3, 3, 2, 2, 1, 1, 1, 1, 0);
  const int64_t n = wide.planes * kt_in_plane(&wide);
  kt_buffer buf = kt_alloc((size_t)n * sizeof(float));
  float* x = buf.data;
  kt_fill_input(&rng, x, n, KT_TIES);
  kt_check_input(&wide, tables, count, x, "wide");
  static const int64_t columns[] = {0, 1, 255, 256, 511, 512, 513, 1023, 1024, 1025, 1099};
  for (size_t c = 0; c < sizeof columns / sizeof columns[0]; c++) {
    kt_fill_input(&rng, x, n, KT_TIES);
    x[5 * wide.in_w + columns[c]] = NAN;
    kt_check_input(&wide, tables, count, x, "wide, one NaN");
  }
  kt_release(&buf, "x");
}

/* Ops of at least KL_POOL_STREAM_MIN_BYTES let the stride-2 kernels store y
 * with non-temporal stores when every store is vector-aligned. Every placement
 * of y against a 64-byte boundary must give the oracle's bits (streamed where
 * aligned; an aligned-only store elsewhere would fault), with ties and a NaN
 * (the exact pass streams too); the second case's rows are wider than the
 * driver's chunk of column blocks. */
static void test_streaming_stores(void) {
  const kl_dispatch* tables[KL_ISA_COUNT];
  const int count = kt_isa_tables(tables);
  kt_rng rng = {8};
  const kl_pool_params cases[] = {
      kt_params2(40, 224, 224, 2, 2, 2, 2, 0, 0, 1, 1, 0),
      kt_params2(4, 64, 8192, 3, 3, 2, 2, 1, 1, 1, 1, 0),
      kt_params2(11, 448, 448, 3, 3, 2, 2, 1, 1, 1, 1, 0),
  };
  for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
    const kl_pool_params* p = &cases[c];
    const int64_t in_n = p->planes * kt_in_plane(p), out_n = p->planes * kt_out_plane(p);
    KT_CHECK((in_n + out_n) * (int64_t)sizeof(float) >= KL_POOL_STREAM_MIN_BYTES,
             "case %zu is too small to stream", c);
    kt_buffer x = kt_alloc((size_t)in_n * sizeof(float));
    kt_buffer y = kt_alloc((size_t)(out_n + 32) * sizeof(float));
    float* want = malloc((size_t)out_n * sizeof(float));
    int64_t* want_ind = malloc((size_t)out_n * sizeof(int64_t));
    for (int fill = 0; fill < 2; fill++) {
      kt_fill_input(&rng, x.data, in_n, KT_TIES);
      if (fill == 1) {
        ((float*)x.data)[in_n / 2 + 7] = NAN;
      }
      kt_oracle(p, x.data, want, want_ind);
      const size_t skip = (64 - (uintptr_t)y.data % 64) % 64 / sizeof(float);
      for (size_t offset = 0; offset < 16; offset++) {
        float* out = (float*)y.data + skip + offset;
        for (int t = 0; t < count; t++) {
          memset(y.data, 0, y.bytes);
          kl_pool_execute(tables[t]->maxpool[kl_maxpool_kind_for(p)], p, x.data, out, NULL);
          char repro[300];
          kt_repro(repro, sizeof repro, p, tables[t]->maxpool_name[kl_maxpool_kind_for(p)]);
          KT_CHECK(memcmp(out, want, (size_t)out_n * sizeof(float)) == 0,
                   "%s: y %zu floats past 64 bytes, fill %d: values differ from the oracle", repro,
                   offset, fill);
        }
      }
    }
    free(want);
    free(want_ind);
    kt_release(&y, "y");
    kt_release(&x, "x");
  }
}

/* ---- the public entry point --------------------------------------------------------- */

/* kl_maxpool_f32 on the active path, 1 vs 2 vs 3 threads, vs the oracle. */
static void test_public_threads(void) {
  const kl_pool_params cases[] = {
      kt_params2(5, 57, 61, 3, 3, 2, 2, 1, 1, 1, 1, 1),
      kt_params2(6, 40, 64, 2, 2, 2, 2, 0, 0, 1, 1, 0),
      kt_params(3, (kt_dims){9, 17, 23}, (kt_dims){3, 2, 3}, (kt_dims){2, 1, 2}, (kt_dims){1, 1, 1},
                (kt_dims){1, 2, 1}, 0),
  };
  kt_rng rng = {5};
  for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
    const kl_pool_params* p = &cases[c];
    const int64_t in_n = p->planes * kt_in_plane(p), out_n = p->planes * kt_out_plane(p);
    float* x = malloc((size_t)in_n * sizeof(float));
    float* y = malloc((size_t)out_n * sizeof(float));
    float* want = malloc((size_t)out_n * sizeof(float));
    int64_t* ind = malloc((size_t)out_n * sizeof(int64_t));
    int64_t* want_ind = malloc((size_t)out_n * sizeof(int64_t));
    kt_fill_input(&rng, x, in_n, KT_SPECIALS);
    kt_oracle(p, x, want, want_ind);
    for (int32_t threads = 1; threads <= 3; threads++) {
      char repro[300];
      kt_repro(repro, sizeof repro, p, kl_isa_name(kl_isa()));
      kl_set_num_threads(threads);
      KT_CHECK(kl_maxpool_f32(p, x, in_n, y, out_n, ind, out_n) == KL_OK, "%s", kl_last_error());
      KT_CHECK(kt_same_f32(y, want, out_n, repro) && kt_same_i64(ind, want_ind, out_n, repro),
               "threads %d", threads);
      KT_CHECK(kl_maxpool_f32(p, x, in_n, y, out_n, NULL, 0) == KL_OK, "%s", kl_last_error());
      KT_CHECK(kt_same_f32(y, want, out_n, repro), "threads %d, no indices", threads);
    }
    free(x);
    free(y);
    free(want);
    free(ind);
    free(want_ind);
  }
}

static void kt_expect_invalid(const kl_pool_params* p, const float* x, int64_t x_len, float* y,
                              int64_t y_len, int64_t* ind, int64_t ind_len, const char* what,
                              const char* message_part) {
  KT_EXPECT_INVALID(kl_maxpool_f32(p, x, x_len, y, y_len, ind, ind_len), "kl_maxpool_f32: ", what,
                    message_part);
}

static void test_validation(void) {
  /* 1 plane of 4x4, kernel 2, stride 2: 2x2 out. */
  const kl_pool_params ok = kt_params2(1, 4, 4, 2, 2, 2, 2, 0, 0, 1, 1, 0);
  float x[16] = {0}, y[4];
  int64_t ind[4];
  float xy[20] = {0}; /* for overlaps */
  int64_t big[32];
  KT_CHECK(kl_maxpool_f32(&ok, x, 16, y, 4, ind, 4) == KL_OK, "valid call: %s", kl_last_error());
  KT_CHECK(kl_maxpool_f32(&ok, x, 16, y, 4, NULL, 0) == KL_OK, "valid call: %s", kl_last_error());
  kl_pool_params empty = ok;
  empty.planes = 0;
  KT_CHECK(kl_maxpool_f32(&empty, NULL, 0, NULL, 0, NULL, 0) == KL_OK, "0 planes: %s",
           kl_last_error());

  kt_expect_invalid(NULL, x, 16, y, 4, ind, 4, "NULL params", "params");
  kt_expect_invalid(&ok, NULL, 16, y, 4, ind, 4, "NULL x", "x must not be NULL");
  kt_expect_invalid(&ok, x, 16, NULL, 4, ind, 4, "NULL y", "y must not be NULL");
  kt_expect_invalid(&ok, x, 15, y, 4, ind, 4, "short x", "x holds 15");
  kt_expect_invalid(&ok, x, 16, y, 3, ind, 4, "short y", "y holds 3");
  kt_expect_invalid(&ok, x, 16, y, 4, ind, 3, "short indices", "indices holds 3");
  kt_expect_invalid(&ok, x, -1, y, 4, ind, 4, "negative x_len", "x holds -1");
  kt_expect_invalid(&ok, xy, 20, xy + 15, 4, NULL, 0, "y overlapping x", "overlap");
  kt_expect_invalid(&ok, x, 16, y, 4, (int64_t*)(void*)x, 4, "indices overlapping x", "overlap");
  kt_expect_invalid(&ok, x, 16, (float*)(void*)big, 4, big + 1, 4, "indices overlapping y",
                    "overlap");

  struct {
    const char* what;
    const char* message;
    kl_pool_params p;
  } bad[] = {
      {"negative planes", "planes", kt_params2(-1, 4, 4, 2, 2, 2, 2, 0, 0, 1, 1, 0)},
      {"zero in_h", "input size", kt_params2(1, 0, 4, 2, 2, 2, 2, 0, 0, 1, 1, 0)},
      {"zero in_w", "input size", kt_params2(1, 4, 0, 1, 1, 1, 1, 0, 0, 1, 1, 0)},
      {"zero kernel", "kernel_h", kt_params2(1, 4, 4, 0, 2, 2, 2, 0, 0, 1, 1, 0)},
      {"zero stride", "stride_w", kt_params2(1, 4, 4, 2, 2, 2, 0, 0, 0, 1, 1, 0)},
      {"zero dilation", "dilation_h", kt_params2(1, 4, 4, 2, 2, 2, 2, 0, 0, 0, 1, 0)},
      {"negative pad", "pad_h", kt_params2(1, 4, 4, 2, 2, 2, 2, -1, 0, 1, 1, 0)},
      {"pad over half the kernel", "pad_h = 2 and kernel_h = 3",
       kt_params2(1, 4, 4, 3, 3, 1, 1, 2, 1, 1, 1, 0)},
      {"output too small", "too small", kt_params2(1, 2, 2, 3, 3, 1, 1, 0, 0, 1, 1, 0)},
      {"huge kernel", "kernel_h", kt_params2(1, 4, 4, INT64_MAX, 2, 1, 1, 0, 0, 1, 1, 0)},
      {"huge input", "input size", kt_params2(1, INT64_MAX, INT64_MAX, 2, 2, 2, 2, 0, 0, 1, 1, 0)},
      {"huge stride", "stride_h", kt_params2(1, 4, 4, 2, 2, INT64_MAX, 2, 0, 0, 1, 1, 1)},
      {"huge dilation", "dilation_h", kt_params2(1, 4, 4, 2, 2, 1, 1, 0, 0, INT64_MAX / 2, 1, 0)},
      {"zero kernel_d", "kernel_d",
       kt_params(1, (kt_dims){1, 4, 4}, (kt_dims){0, 2, 2}, (kt_dims){1, 2, 2}, (kt_dims){0, 0, 0},
                 (kt_dims){1, 1, 1}, 0)},
      {"pad_d over half kernel_d", "pad_d = 1 and kernel_d = 1",
       kt_params(1, (kt_dims){1, 4, 4}, (kt_dims){1, 2, 2}, (kt_dims){1, 2, 2}, (kt_dims){1, 0, 0},
                 (kt_dims){1, 1, 1}, 0)},
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    kt_expect_invalid(&bad[i].p, x, 16, y, 4, ind, 4, bad[i].what, bad[i].message);
  }
  kl_pool_params p = ok;
  p.out_h = 3;
  kt_expect_invalid(&p, x, 16, y, 4, ind, 4, "wrong out_h",
                    "out_h is 3, but these parameters give 2");
  p = ok;
  p.out_w = 1;
  kt_expect_invalid(&p, x, 16, y, 4, ind, 4, "wrong out_w", "out_w is 1");
  p = ok;
  p.out_d = 2;
  kt_expect_invalid(&p, x, 16, y, 4, ind, 4, "wrong out_d", "out_d is 2");
  p = ok;
  p.ceil_mode = 2;
  kt_expect_invalid(&p, x, 16, y, 4, ind, 4, "ceil_mode 2", "ceil_mode");
  p = ok;
  p.count_include_pad = 1;
  kt_expect_invalid(&p, x, 16, y, 4, ind, 4, "count_include_pad 1", "count_include_pad");
  p = ok;
  p.divisor_override = 3;
  kt_expect_invalid(&p, x, 16, y, 4, ind, 4, "divisor_override 3", "divisor_override");
  p = ok;
  p.planes = INT64_MAX / 2;
  kt_expect_invalid(&p, x, INT64_MAX, y, INT64_MAX, ind, INT64_MAX, "planes overflowing the sizes",
                    "holds");
}

int main(void) {
  test_golden();
  test_random_cases();
  test_edge_cases();
  test_s2_bands();
  test_streaming_stores();
  test_public_threads();
  test_validation();
  return kt_report("test_maxpool");
}
