/*
 * test_global_pool.c - global average and max pooling: PyTorch golden cases;
 * every ISA's microkernels through the driver against the scalar ones on
 * randomised plane counts and sizes (SIMD tails, 1-element planes, the 7x7
 * planes of the suite's P4), max bit for bit in values and indices (NaN
 * payloads, ties, -0 vs +0, all -inf), avg bit for bit on integer inputs and
 * within 1e-5*sqrt(K) otherwise; a plane's result never depends on its
 * neighbours (what makes any thread split bitwise stable); guard pages after
 * every buffer; then the public entry points' threading and validation.
 */
#include "test_util.h"

#include "pool/global-pool-ukernels.h"
#include "pool/global-pool.h"

/* ---- golden cases from PyTorch 1.13 ----------------------------------------------- */

static void test_golden(void) {
  /* adaptive_max_pool2d(x, 1) with indices. */
  const float nan_x[4] = {1.0f, kt_from_bits(0x7fc00001u), kt_from_bits(0xffc00002u), 3.0f};
  const float ties_x[5] = {-0.0f, 0.0f, -1.0f, 0.0f, -0.0f};
  const float inf_x[3] = {-INFINITY, -INFINITY, -INFINITY};
  const float mix_x[9] = {2, 7, -1, 7, 3, 7, 0, 5, 6};
  const struct {
    const float* x;
    int64_t n;
    uint32_t bits;
    int64_t index;
  } max[] = {
      {nan_x, 4, 0xffc00002u, 2},  /* the last NaN wins */
      {ties_x, 5, 0x80000000u, 0}, /* -0 first: ties keep it */
      {inf_x, 3, 0xff800000u, 0},
      {mix_x, 9, 0x40e00000u, 1},
  };
  /* adaptive_avg_pool2d(arange(49)*0.13-2.5 as 7x7, 1) = 0x3f1eb850 (PyTorch's
   * own sum order: within tolerance, not bitwise). */
  float ramp[49];
  for (int i = 0; i < 49; i++) {
    ramp[i] = (float)i * 0.13f - 2.5f;
  }
  const float mean = kt_from_bits(0x3f1eb850u);
  const kl_dispatch* tables[KL_ISA_COUNT];
  const int count = kt_isa_tables(tables);
  for (int t = 0; t < count; t++) {
    const kl_dispatch* d = tables[t];
    for (size_t c = 0; c < sizeof max / sizeof max[0]; c++) {
      float y;
      int64_t index;
      kl_global_maxpool_execute(d->gmaxpool, 1, max[c].n, max[c].x, &y, &index);
      KT_CHECK(kt_bits(y) == max[c].bits && index == max[c].index,
               "%s golden case %zu: got 0x%08x at %lld", d->gmaxpool_name, c, kt_bits(y),
               (long long)index);
    }
    float y;
    kl_global_avgpool_execute(d->gavgpool, 1, 49, ramp, &y);
    KT_CHECK(fabsf(y - mean) <= 1e-5f * 7.0f * 1.2f, "%s: mean %.9g, PyTorch %.9g",
             d->gavgpool_name, (double)y, (double)mean);
  }
}

/* ---- every ISA against the scalar microkernels ------------------------------------ */

/* Specials come about one in [2, 300] elements. */
enum { KT_MAX_ONE_IN = 300 };

/* Averages: bitwise on integer inputs (exact sums), else kt_close_plane_means. */
static int kt_close_avg(const float* x, int64_t plane_size, const float* got, const float* want,
                        int64_t planes, int exact, const char* repro) {
  return exact ? kt_same_f32_any_nan(got, want, planes, repro)
               : kt_close_plane_means(x, plane_size, got, want, planes, repro);
}

typedef struct kt_max_call {
  const kl_dispatch* d;
  int64_t planes, plane_size;
  const float* x;
} kt_max_call;

static void kt_run_max(const void* ctx, float* y, int64_t* indices) {
  const kt_max_call* c = ctx;
  kl_global_maxpool_execute(c->d->gmaxpool, c->planes, c->plane_size, c->x, y, indices);
}

static int kt_run_case(int64_t planes, int64_t plane_size, const kl_dispatch* const* tables,
                       int count, kt_rng* rng, enum kt_mix fill) {
  const int64_t in_n = planes * plane_size;
  kt_buffer x = kt_alloc((size_t)in_n * sizeof(float));
  kt_buffer y = kt_alloc((size_t)planes * sizeof(float));
  kt_buffer ind = kt_alloc((size_t)planes * sizeof(int64_t));
  float* want = malloc((size_t)planes * sizeof(float) + 1);
  float* want_avg = malloc((size_t)planes * sizeof(float) + 1);
  float* alone = malloc((size_t)planes * sizeof(float) + 1);
  int64_t* want_ind = malloc((size_t)planes * sizeof(int64_t) + 1);
  kt_fill_mix(rng, x.data, in_n, fill, KT_MAX_ONE_IN);
  kl_f32_gmaxpool_ukernel__scalar(planes, plane_size, x.data, want, want_ind);
  kl_f32_gavgpool_ukernel__scalar(planes, plane_size, x.data, want_avg);
  const int before = kt_failures;
  for (int t = 0; t < count; t++) {
    const kl_dispatch* d = tables[t];
    char repro[160];
    snprintf(repro, sizeof repro, "planes%lld_size%lld_fill%d_%s", (long long)planes,
             (long long)plane_size, (int)fill, d->gmaxpool_name);
    const kt_max_call call = {d, planes, plane_size, x.data};
    kt_check_max_runs(kt_run_max, &call, &y, &ind, want, want_ind, planes, repro, "max");

    snprintf(repro, sizeof repro, "planes%lld_size%lld_fill%d_%s", (long long)planes,
             (long long)plane_size, (int)fill, d->gavgpool_name);
    memset(y.data, 0x55, (size_t)planes * sizeof(float));
    kl_global_avgpool_execute(d->gavgpool, planes, plane_size, x.data, y.data);
    KT_CHECK(
        kt_close_avg(x.data, plane_size, y.data, want_avg, planes, kt_mix_is_exact(fill), repro),
        "avg");
    /* Each plane alone gives the same bits as in the batch (and so does any
     * split of the planes over threads). */
    for (int64_t p = 0; p < planes; p++) {
      d->gavgpool(1, plane_size, (const float*)x.data + p * plane_size, alone + p);
    }
    KT_CHECK(kt_same_f32_any_nan(alone, y.data, planes, repro),
             "avg: a plane alone differs from the batch");
  }
  free(want);
  free(want_avg);
  free(alone);
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
  for (int run = 0; run < 1500; run++) {
    const int64_t size =
        kt_range(&rng, 0, 9) == 0 ? kt_range(&rng, 1, 5000) : kt_range(&rng, 1, 80);
    if (kt_run_case(kt_range(&rng, 1, 20), size, tables, count, &rng,
                    (enum kt_mix)kt_range(&rng, 0, KT_MIXES - 1)) > 5) {
      return;
    }
  }
}

/* P4's 7x7 planes, 1x1 planes, sizes at the vector widths, a long plane. */
static void test_edge_cases(void) {
  static const int64_t cases[][2] = {{64, 49}, {17, 1}, {9, 8}, {9, 16},    {9, 15},
                                     {9, 17},  {3, 64}, {1, 3}, {2, 100003}};
  const kl_dispatch* tables[KL_ISA_COUNT];
  const int count = kt_isa_tables(tables);
  kt_rng rng = {4};
  for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
    for (int fill = 0; fill < KT_MIXES; fill++) {
      kt_run_case(cases[c][0], cases[c][1], tables, count, &rng, (enum kt_mix)fill);
    }
  }
}

/* 7x7 planes take aligned 16-byte blocks, masked at each plane's ends, with the
 * first and last plane of a call copied when their blocks would reach outside
 * x: every offset of x and of its end against a 16-byte boundary, plane counts
 * around the groups of 4, each against the scalar kernel and bitwise against
 * the same planes summed alone (at other offsets: the copies). */
static void test_7x7_offsets(void) {
  const kl_dispatch* tables[KL_ISA_COUNT];
  const int count = kt_isa_tables(tables);
  kt_rng rng = {6};
  const int64_t n = 49;
  for (int64_t planes = 1; planes <= 13; planes++) {
    kt_buffer buf = kt_alloc((size_t)(planes * n + 3) * sizeof(float));
    float* want = malloc((size_t)planes * sizeof(float));
    float* got = malloc((size_t)planes * sizeof(float));
    float* alone = malloc((size_t)planes * sizeof(float));
    for (int64_t shift = 0; shift < 4; shift++) {
      for (int fill = 0; fill < KT_MIXES; fill++) {
        const float* x = (const float*)buf.data + shift;
        kt_fill_mix(&rng, (float*)buf.data, planes * n + 3, (enum kt_mix)fill, KT_MAX_ONE_IN);
        kl_f32_gavgpool_ukernel__scalar(planes, n, x, want);
        for (int t = 0; t < count; t++) {
          char repro[96];
          snprintf(repro, sizeof repro, "7x7 planes%lld_shift%lld_fill%d_%s", (long long)planes,
                   (long long)shift, fill, tables[t]->gavgpool_name);
          kl_global_avgpool_execute(tables[t]->gavgpool, planes, n, x, got);
          KT_CHECK(kt_close_avg(x, n, got, want, planes, kt_mix_is_exact((enum kt_mix)fill), repro),
                   "avg");
          for (int64_t p = 0; p < planes; p++) {
            tables[t]->gavgpool(1, n, x + p * n, alone + p);
          }
          KT_CHECK(kt_same_f32_any_nan(alone, got, planes, repro),
                   "avg: a plane alone differs from the batch");
        }
      }
    }
    free(want);
    free(got);
    free(alone);
    kt_release(&buf, "x");
  }
}

/* ---- the public entry points ------------------------------------------------------ */

static void kt_run_public(const void* ctx, const float* x, int64_t in_n, float* avg, float* max,
                          int64_t* indices, int64_t planes) {
  const int64_t size = *(const int64_t*)ctx;
  KT_CHECK(kl_global_avgpool_f32(planes, size, x, in_n, avg, planes) == KL_OK, "%s",
           kl_last_error());
  KT_CHECK(kl_global_maxpool_f32(planes, size, x, in_n, max, planes, indices, planes) == KL_OK,
           "%s", kl_last_error());
}

static void test_public_threads(void) {
  static const int64_t shapes[][2] = {{8 * 2048, 49}, {37, 3001}, {3, 1}};
  kt_rng rng = {5};
  for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; s++) {
    const int64_t planes = shapes[s][0], size = shapes[s][1];
    char repro[80];
    snprintf(repro, sizeof repro, "planes%lld_size%lld threads 1 vs 2", (long long)planes,
             (long long)size);
    kt_check_threads_avg_max(kt_run_public, &size, planes * size, planes, 1, &rng, 1000, repro);
  }
}

static void kt_expect_invalid(int64_t planes, int64_t size, const float* x, int64_t x_len, float* y,
                              int64_t y_len, int64_t* ind, int64_t ind_len, const char* what,
                              const char* message, int avg_too) {
  KT_EXPECT_INVALID(kl_global_maxpool_f32(planes, size, x, x_len, y, y_len, ind, ind_len),
                    "kl_global_maxpool_f32", what, message);
  if (avg_too) {
    KT_EXPECT_INVALID(kl_global_avgpool_f32(planes, size, x, x_len, y, y_len),
                      "kl_global_avgpool_f32", what, message);
  }
}

static void test_validation(void) {
  float x[16] = {0}, y[4], xy[20] = {0};
  int64_t ind[4], big[8];
  KT_CHECK(kl_global_maxpool_f32(4, 4, x, 16, y, 4, ind, 4) == KL_OK, "%s", kl_last_error());
  KT_CHECK(kl_global_avgpool_f32(4, 4, x, 16, y, 4) == KL_OK, "%s", kl_last_error());
  KT_CHECK(kl_global_avgpool_f32(0, 4, NULL, 0, NULL, 0) == KL_OK, "0 planes: %s", kl_last_error());
  KT_CHECK(kl_global_maxpool_f32(0, 4, NULL, 0, NULL, 0, NULL, 0) == KL_OK, "0 planes: %s",
           kl_last_error());
  kt_expect_invalid(-1, 4, x, 16, y, 4, NULL, 0, "negative planes", "planes must be >= 0, got -1",
                    1);
  kt_expect_invalid(4, 0, x, 16, y, 4, NULL, 0, "zero plane_size",
                    "plane_size must be in [1, 2^60), got 0", 1);
  kt_expect_invalid(4, INT64_MAX, x, 16, y, 4, NULL, 0, "huge plane_size", "plane_size", 1);
  kt_expect_invalid(INT64_MAX / 2, 4, x, INT64_MAX, y, INT64_MAX, NULL, 0, "planes overflowing",
                    "x holds", 1);
  kt_expect_invalid(4, 4, NULL, 16, y, 4, NULL, 0, "NULL x", "x must not be NULL", 1);
  kt_expect_invalid(4, 4, x, 16, NULL, 4, NULL, 0, "NULL y", "y must not be NULL", 1);
  kt_expect_invalid(4, 4, x, 15, y, 4, NULL, 0, "short x", "x holds 15 elements, needs 4 x 4", 1);
  kt_expect_invalid(4, 4, x, 16, y, 3, NULL, 0, "short y", "y holds 3 elements, needs 4 x 1", 1);
  kt_expect_invalid(4, 4, x, 16, y, 4, ind, 3, "short indices", "indices holds 3 elements", 0);
  KT_CHECK(kl_global_avgpool_f32(4, 4, xy, 16, xy + 16, 4) == KL_OK, "adjacent x and y: %s",
           kl_last_error());
  kt_expect_invalid(4, 4, xy, 20, xy + 15, 4, NULL, 0, "y overlapping x",
                    "x and y must not overlap", 1);
  kt_expect_invalid(4, 4, x, 16, y, 4, (int64_t*)(void*)(x + 14), 4, "indices overlapping x",
                    "x and indices must not overlap", 0);
  kt_expect_invalid(4, 4, x, 16, (float*)(void*)big, 4, big + 1, 4, "indices overlapping y",
                    "y and indices must not overlap", 0);
}

int main(void) {
  test_golden();
  test_random_cases();
  test_edge_cases();
  test_7x7_offsets();
  test_public_threads();
  test_validation();
  return kt_report("test_global_pool");
}
