/*
 * test_adaptive_pool.c - adaptive average and max pooling: PyTorch golden
 * cases, then every ISA path through the driver against an oracle written
 * from PyTorch's definition, bit for bit (values and indices; averages too,
 * since every path sums each window in the same order), on randomised 1-D,
 * 2-D and 3-D shapes (regular and irregular windows, SIMD tails, out > in,
 * 1x1x1 outputs that take the global path, NaN/+-inf/+-0, ties) with guard
 * pages after every buffer; then the public entry points' threading and
 * validation.
 */
#include "test_util.h"

#include "pool/adaptive-pool.h"

/* ---- the oracle: PyTorch's adaptive pooling loops --------------------------------- */

static int64_t kt_start(int64_t o, int64_t in, int64_t out) {
  return (int64_t)floor((double)(o * in) / (double)out);
}

static int64_t kt_end(int64_t o, int64_t in, int64_t out) {
  return (int64_t)ceil((double)((o + 1) * in) / (double)out);
}

static int kt_is_global(const kl_adaptive_pool_params* p) {
  return p->out_d == 1 && p->out_h == 1 && p->out_w == 1;
}

/* Average: the window sum in (d, h, w) order divided by kd, kh and kw in turn;
 * a 1x1x1 output is PyTorch's mean, sum / volume. Max: the first maximum, the
 * last NaN; index (d*in_h + h)*in_w + w. */
static void kt_oracle(const kl_adaptive_pool_params* p, const float* x, float* avg, float* max,
                      int64_t* indices) {
  const int64_t in_plane = p->in_d * p->in_h * p->in_w;
  int64_t o = 0;
  for (int64_t plane = 0; plane < p->planes; plane++) {
    const float* xp = x + plane * in_plane;
    for (int64_t od = 0; od < p->out_d; od++) {
      for (int64_t oh = 0; oh < p->out_h; oh++) {
        for (int64_t ow = 0; ow < p->out_w; ow++, o++) {
          const int64_t d0 = kt_start(od, p->in_d, p->out_d), d1 = kt_end(od, p->in_d, p->out_d);
          const int64_t h0 = kt_start(oh, p->in_h, p->out_h), h1 = kt_end(oh, p->in_h, p->out_h);
          const int64_t w0 = kt_start(ow, p->in_w, p->out_w), w1 = kt_end(ow, p->in_w, p->out_w);
          float sum = 0.0f, m = -INFINITY;
          int64_t at = (d0 * p->in_h + h0) * p->in_w + w0;
          for (int64_t d = d0; d < d1; d++) {
            for (int64_t h = h0; h < h1; h++) {
              for (int64_t w = w0; w < w1; w++) {
                const int64_t i = (d * p->in_h + h) * p->in_w + w;
                sum += xp[i];
                if (xp[i] > m || isnan(xp[i])) {
                  m = xp[i];
                  at = i;
                }
              }
            }
          }
          avg[o] = kt_is_global(p) ? sum / (float)in_plane
                                   : sum / (float)(d1 - d0) / (float)(h1 - h0) / (float)(w1 - w0);
          max[o] = m;
          indices[o] = at;
        }
      }
    }
  }
}

static kl_adaptive_pool_params kt_params(int64_t planes, int64_t in_d, int64_t in_h, int64_t in_w,
                                         int64_t out_d, int64_t out_h, int64_t out_w) {
  return (kl_adaptive_pool_params){planes, in_d, in_h, in_w, out_d, out_h, out_w};
}

static void kt_repro(char* buf, size_t size, const kl_adaptive_pool_params* p, const char* what) {
  snprintf(buf, size, "p%lld_in%lldx%lldx%lld_out%lldx%lldx%lld_%s", (long long)p->planes,
           (long long)p->in_d, (long long)p->in_h, (long long)p->in_w, (long long)p->out_d,
           (long long)p->out_h, (long long)p->out_w, what);
}

/* Averages may differ from the oracle only on the global path, whose SIMD sum
 * order is its own: there kt_close_plane_means. */
static int kt_close_avg(const kl_adaptive_pool_params* p, const float* x, const float* got,
                        const float* want, int64_t n, const char* repro) {
  return kt_is_global(p) ? kt_close_plane_means(x, p->in_d * p->in_h * p->in_w, got, want, n, repro)
                         : kt_same_f32_any_nan(got, want, n, repro);
}

/* ---- golden cases from torch.nn.functional (1.13) --------------------------------- */

static void kt_ramp(float* x, int64_t n, float scale, float offset) {
  for (int64_t i = 0; i < n; i++) {
    x[i] = (float)i * scale + offset;
  }
}

static void test_golden(void) {
  /* adaptive_avg_pool2d(arange(35)*0.37-3 as 5x7, (3,4)). */
  static const uint32_t avg2d[] = {0xbfc28f5cu, 0xbf770a3du, 0xbe666663u, 0x3ea8f5c3u,
                                   0x40175c2au, 0x403ae149u, 0x406a3d70u, 0x4086e147u,
                                   0x40c80000u, 0x40d9c290u, 0x40f170a4u, 0x4101999au};
  /* adaptive_avg_pool3d(arange(30)*0.29-1.7 as 2x3x5, (2,2,3)). */
  static const uint32_t avg3d[] = {0xbf547ae2u, 0xbeca3d73u, 0x3d23d6f0u, 0x3f1eb850u,
                                   0x3f870a3cu, 0x3fbeb851u, 0x406147acu, 0x407d1eb7u,
                                   0x408c7ae1u, 0x409f0a3du, 0x40acf5c3u, 0x40bae148u};
  /* adaptive_avg_pool2d(the 5x7 ramp, (7,9)): out > in, windows overlap. */
  static const uint32_t avg_up[] = {
      0xc0400000u, 0xc03428f6u, 0xc01c7ae2u, 0xc004cccdu, 0xbff1eb85u, 0xbfda3d70u, 0xbfaae148u,
      0xbf770a3du, 0xbf47ae14u, 0xbfda3d70u, 0xbfc28f5cu, 0xbf933334u, 0xbf47ae15u, 0xbf1851ebu,
      0xbed1eb82u, 0xbd23d700u, 0x3ea8f5c3u, 0x3f03d70au, 0x3f628f60u, 0x3f88f5c4u, 0x3fb851ecu,
      0x3fe7ae14u, 0x3fff5c29u, 0x400b851fu, 0x40233334u, 0x403ae148u, 0x4046b852u, 0x400b8520u,
      0x40175c2au, 0x402f0a3eu, 0x4046b852u, 0x40528f5cu, 0x405e6666u, 0x4076147bu, 0x4086e148u,
      0x408ccccdu, 0x405e6667u, 0x406a3d71u, 0x4080f5c3u, 0x408ccccdu, 0x4092b852u, 0x4098a3d7u,
      0x40a47ae2u, 0x40b051ecu, 0x40b63d70u, 0x40c2147cu, 0x40c80000u, 0x40d3d70bu, 0x40dfae16u,
      0x40e5999au, 0x40eb851fu, 0x40f75c28u, 0x4101999au, 0x41048f5cu, 0x40eb8520u, 0x40f170a5u,
      0x40fd47afu, 0x41048f5cu, 0x4107851fu, 0x410a7ae2u, 0x41106666u, 0x411651ecu, 0x411947aeu};
  /* adaptive_max_pool2d of [[3,1,3,-1,2],[0,3,2,2,1],[1,-0,0,1,3]] to (2,3):
   * ties keep the first. */
  static const float ties_x[15] = {3, 1, 3, -1, 2, 0, 3, 2, 2, 1, 1, -0.0f, 0, 1, 3};
  static const int64_t ties_i[] = {0, 2, 4, 6, 6, 14};
  /* adaptive_max_pool1d([1, nan, 3, nan, 2, 5, 5], 3): the last NaN wins. */
  const float nan_x[7] = {1, NAN, 3, NAN, 2, 5, 5};
  static const int64_t nan_i[] = {1, 3, 5};
  /* adaptive_max_pool3d of all -inf 2x3x3 to (1,2,2): the window's first
   * element. */
  static const int64_t inf_i[] = {0, 1, 3, 4};

  float ramp2d[35], ramp3d[30], inf_x[18], y[64], want[64];
  int64_t ind[64];
  kt_ramp(ramp2d, 35, 0.37f, -3.0f);
  kt_ramp(ramp3d, 30, 0.29f, -1.7f);
  kt_fill_value(inf_x, 18, -INFINITY);
  /* Average cases give their expected bits, max cases the winners' indices. */
  const struct {
    kl_adaptive_pool_params p;
    const float* x;
    const uint32_t* bits;
    const int64_t* indices;
  } cases[] = {
      {kt_params(1, 1, 5, 7, 1, 3, 4), ramp2d, avg2d, NULL},
      {kt_params(1, 2, 3, 5, 2, 2, 3), ramp3d, avg3d, NULL},
      {kt_params(1, 1, 5, 7, 1, 7, 9), ramp2d, avg_up, NULL},
      {kt_params(1, 1, 3, 5, 1, 2, 3), ties_x, NULL, ties_i},
      {kt_params(1, 1, 1, 7, 1, 1, 3), nan_x, NULL, nan_i},
      {kt_params(1, 2, 3, 3, 1, 2, 2), inf_x, NULL, inf_i},
  };
  const kl_dispatch* tables[KL_ISA_COUNT];
  const int count = kt_isa_tables(tables);
  for (int t = 0; t < count; t++) {
    const kl_dispatch* d = tables[t];
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
      const int64_t n = cases[c].p.out_d * cases[c].p.out_h * cases[c].p.out_w;
      const int max = cases[c].indices != NULL;
      char repro[160];
      kt_repro(repro, sizeof repro, &cases[c].p,
               max ? d->adaptive_maxpool_name : d->adaptive_avgpool_name);
      for (int64_t i = 0; i < n; i++) { /* a max case: the winner's own bits */
        want[i] = max ? cases[c].x[cases[c].indices[i]] : kt_from_bits(cases[c].bits[i]);
      }
      if (max) {
        kl_adaptive_maxpool_execute(d, &cases[c].p, cases[c].x, y, ind);
        KT_CHECK(kt_same_f32(y, want, n, repro) && kt_same_i64(ind, cases[c].indices, n, repro),
                 "golden max case %zu", c);
      } else {
        kl_adaptive_avgpool_execute(d, &cases[c].p, cases[c].x, y);
        KT_CHECK(kt_same_f32(y, want, n, repro), "golden avg case %zu", c);
      }
    }
  }
}

/* ---- every ISA against the oracle on random cases --------------------------------- */

/* Specials come about one in [2, 10] elements. */
enum { KT_MAX_ONE_IN = 10 };

typedef struct kt_max_call {
  const kl_dispatch* d;
  const kl_adaptive_pool_params* p;
  const float* x;
} kt_max_call;

static void kt_run_max(const void* ctx, float* y, int64_t* indices) {
  const kt_max_call* c = ctx;
  kl_adaptive_maxpool_execute(c->d, c->p, c->x, y, indices);
}

/* Runs one case on every ISA, max with and without indices; returns failures.
 */
static int kt_run_case(const kl_adaptive_pool_params* p, const kl_dispatch* const* tables,
                       int count, kt_rng* rng, enum kt_mix fill) {
  const int64_t in_n = p->planes * p->in_d * p->in_h * p->in_w;
  const int64_t out_n = p->planes * p->out_d * p->out_h * p->out_w;
  kt_buffer x = kt_alloc((size_t)in_n * sizeof(float));
  kt_buffer y = kt_alloc((size_t)out_n * sizeof(float));
  kt_buffer ind = kt_alloc((size_t)out_n * sizeof(int64_t));
  float* want_avg = malloc((size_t)out_n * sizeof(float));
  float* want_max = malloc((size_t)out_n * sizeof(float));
  int64_t* want_ind = malloc((size_t)out_n * sizeof(int64_t));
  kt_fill_mix(rng, x.data, in_n, fill, KT_MAX_ONE_IN);
  kt_oracle(p, x.data, want_avg, want_max, want_ind);
  const int before = kt_failures;
  for (int t = 0; t < count; t++) {
    char repro[160];
    kt_repro(repro, sizeof repro, p, tables[t]->adaptive_maxpool_name);
    char what[32];
    snprintf(what, sizeof what, "fill %d, max", (int)fill);
    const kt_max_call call = {tables[t], p, x.data};
    kt_check_max_runs(kt_run_max, &call, &y, &ind, want_max, want_ind, out_n, repro, what);
    kt_repro(repro, sizeof repro, p, tables[t]->adaptive_avgpool_name);
    memset(y.data, 0x55, (size_t)out_n * sizeof(float));
    kl_adaptive_avgpool_execute(tables[t], p, x.data, y.data);
    KT_CHECK(kt_close_avg(p, x.data, y.data, want_avg, out_n, repro), "fill %d, avg", (int)fill);
  }
  free(want_avg);
  free(want_max);
  free(want_ind);
  kt_release(&x, "x");
  kt_release(&y, "y");
  kt_release(&ind, "indices");
  return kt_failures - before;
}

static void test_random_cases(void) {
  const kl_dispatch* tables[KL_ISA_COUNT];
  const int count = kt_isa_tables(tables);
  kt_rng rng = {3};
  for (int run = 0; run < 2000; run++) {
    const int rank = (int)kt_range(&rng, 1, 3);
    const int64_t in_w = kt_range(&rng, 1, kt_range(&rng, 0, 4) == 0 ? 200 : 40);
    /* Half the widths divide evenly (the SIMD path), with k = 1, 2 or more. */
    const int64_t out_w = kt_range(&rng, 0, 1) == 0 ? in_w / kt_range(&rng, 1, in_w < 5 ? in_w : 5)
                                                    : kt_range(&rng, 1, in_w + 20);
    const int64_t in_h = rank >= 2 ? kt_range(&rng, 1, 12) : 1;
    const int64_t in_d = rank == 3 ? kt_range(&rng, 1, 6) : 1;
    const kl_adaptive_pool_params p =
        kt_params(kt_range(&rng, 1, 3), in_d, in_h, in_w, rank == 3 ? kt_range(&rng, 1, 8) : 1,
                  rank >= 2 ? kt_range(&rng, 1, 14) : 1, out_w < 1 ? 1 : out_w);
    if (kt_run_case(&p, tables, count, &rng, (enum kt_mix)kt_range(&rng, 0, KT_MIXES - 1)) > 5) {
      return; /* the repro lines above say enough */
    }
  }
}

/* Shapes the random walk may miss: 1x1 planes, 1x1x1 outputs (the global
 * path), the common AdaptiveAvgPool2d((7, 7)) and 1-D cases. */
static void test_edge_cases(void) {
  const kl_adaptive_pool_params cases[] = {
      kt_params(3, 1, 1, 1, 1, 1, 1),   kt_params(2, 1, 1, 1, 1, 3, 5),
      kt_params(5, 1, 7, 7, 1, 1, 1),   kt_params(9, 2, 3, 5, 1, 1, 1),
      kt_params(2, 1, 14, 14, 1, 7, 7), kt_params(2, 1, 7, 7, 1, 7, 7),
      kt_params(2, 1, 1, 96, 1, 1, 32), kt_params(1, 1, 13, 61, 1, 6, 17),
      kt_params(1, 3, 8, 8, 2, 4, 4),   kt_params(1, 1, 3, 34, 1, 2, 17),
  };
  const kl_dispatch* tables[KL_ISA_COUNT];
  const int count = kt_isa_tables(tables);
  kt_rng rng = {4};
  for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
    for (int fill = 0; fill < KT_MIXES; fill++) {
      kt_run_case(&cases[c], tables, count, &rng, (enum kt_mix)fill);
    }
  }
}

/* ---- the public entry points ------------------------------------------------------ */

static void kt_run_public(const void* ctx, const float* x, int64_t in_n, float* avg, float* max,
                          int64_t* indices, int64_t out_n) {
  const kl_adaptive_pool_params* p = ctx;
  KT_CHECK(kl_adaptive_avgpool_f32(p, x, in_n, avg, out_n) == KL_OK, "%s", kl_last_error());
  KT_CHECK(kl_adaptive_maxpool_f32(p, x, in_n, max, out_n, indices, out_n) == KL_OK, "%s",
           kl_last_error());
}

/* The active path, 1 vs 2 threads, bit for bit. */
static void test_public_threads(void) {
  const kl_adaptive_pool_params shapes[] = {kt_params(64, 1, 28, 28, 1, 7, 7),
                                            kt_params(40, 1, 33, 35, 1, 5, 6),
                                            kt_params(256, 1, 13, 13, 1, 1, 1)};
  kt_rng rng = {5};
  for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; s++) {
    const kl_adaptive_pool_params* p = &shapes[s];
    char repro[160];
    kt_repro(repro, sizeof repro, p, "threads 1 vs 2");
    kt_check_threads_avg_max(kt_run_public, p, p->planes * p->in_d * p->in_h * p->in_w,
                             p->planes * p->out_d * p->out_h * p->out_w, 1, &rng, 500, repro);
  }
}

static void kt_expect_invalid(const kl_adaptive_pool_params* p, const float* x, int64_t x_len,
                              float* y, int64_t y_len, int64_t* ind, int64_t ind_len,
                              const char* what, const char* message, int avg_too) {
  KT_EXPECT_INVALID(kl_adaptive_maxpool_f32(p, x, x_len, y, y_len, ind, ind_len),
                    "kl_adaptive_maxpool_f32", what, message);
  if (avg_too) { /* the avg entry has no indices to get wrong */
    KT_EXPECT_INVALID(kl_adaptive_avgpool_f32(p, x, x_len, y, y_len), "kl_adaptive_avgpool_f32",
                      what, message);
  }
}

static void test_validation(void) {
  /* 1 plane of 4x4 to 2x2. */
  const kl_adaptive_pool_params ok = kt_params(1, 1, 4, 4, 1, 2, 2);
  float x[16] = {0}, y[4];
  int64_t ind[4];
  float xy[20] = {0};
  int64_t big[32];
  KT_CHECK(kl_adaptive_maxpool_f32(&ok, x, 16, y, 4, ind, 4) == KL_OK, "%s", kl_last_error());
  KT_CHECK(kl_adaptive_maxpool_f32(&ok, x, 16, y, 4, NULL, 0) == KL_OK, "%s", kl_last_error());
  KT_CHECK(kl_adaptive_avgpool_f32(&ok, x, 16, y, 4) == KL_OK, "%s", kl_last_error());
  const kl_adaptive_pool_params empty = kt_params(0, 1, 4, 4, 1, 2, 2);
  KT_CHECK(kl_adaptive_avgpool_f32(&empty, NULL, 0, NULL, 0) == KL_OK, "0 planes: %s",
           kl_last_error());
  KT_CHECK(kl_adaptive_maxpool_f32(&empty, NULL, 0, NULL, 0, NULL, 0) == KL_OK, "0 planes: %s",
           kl_last_error());

  kt_expect_invalid(NULL, x, 16, y, 4, NULL, 0, "NULL params", "params must not be NULL", 1);
  kt_expect_invalid(&ok, NULL, 16, y, 4, NULL, 0, "NULL x", "x must not be NULL", 1);
  kt_expect_invalid(&ok, x, 16, NULL, 4, NULL, 0, "NULL y", "y must not be NULL", 1);
  kt_expect_invalid(&ok, x, 15, y, 4, NULL, 0, "short x", "x holds 15 elements, needs 1 x 16", 1);
  kt_expect_invalid(&ok, x, 16, y, 3, NULL, 0, "short y", "y holds 3 elements", 1);
  kt_expect_invalid(&ok, x, 16, y, 4, ind, 3, "short indices", "indices holds 3 elements", 0);
  kt_expect_invalid(&ok, x, -1, y, 4, NULL, 0, "negative x_len", "x holds -1 elements", 1);
  kt_expect_invalid(&ok, xy, 20, xy + 15, 4, NULL, 0, "y overlapping x", "x and y must not overlap",
                    1);
  kt_expect_invalid(&ok, x, 16, y, 4, (int64_t*)(void*)x, 4, "indices overlapping x",
                    "x and indices must not overlap", 0);
  kt_expect_invalid(&ok, x, 16, (float*)(void*)big, 4, big + 1, 4, "indices overlapping y",
                    "y and indices must not overlap", 0);
  struct {
    const char* what;
    kl_adaptive_pool_params p;
    const char* message;
  } bad[] = {
      {"negative planes", kt_params(-1, 1, 4, 4, 1, 2, 2), "planes must be >= 0, got -1"},
      {"zero in_h", kt_params(1, 1, 0, 4, 1, 2, 2), "input size 1 x 0 x 4 is invalid"},
      {"zero in_d", kt_params(1, 0, 4, 4, 1, 2, 2), "input size 0 x 4 x 4 is invalid"},
      {"zero out_w", kt_params(1, 1, 4, 4, 1, 2, 0), "output size 1 x 2 x 0 is invalid"},
      {"negative out_d", kt_params(1, 1, 4, 4, -1, 2, 2), "output size -1 x 2 x 2 is invalid"},
      {"huge input", kt_params(1, INT64_MAX, INT64_MAX, 2, 1, 2, 2), "input size"},
      {"huge output", kt_params(1, 1, 4, 4, 1, INT64_MAX / 2, 2), "output size"},
      {"window overflow", kt_params(1, 1, 1 << 20, 1, 1, INT64_C(1) << 44, 1), "output size"},
      {"planes overflowing", kt_params(INT64_MAX / 4, 1, 4, 4, 1, 2, 2), "x holds"},
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    kt_expect_invalid(&bad[i].p, x, 16, y, 4, ind, 4, bad[i].what, bad[i].message, 1);
  }
}

int main(void) {
  test_golden();
  test_random_cases();
  test_edge_cases();
  test_public_threads();
  test_validation();
  return kt_report("test_adaptive_pool");
}
