/*
 * test_channel_pool.c - channel max and average pooling: PyTorch golden
 * cases, then every ISA's microkernels through the driver against an oracle
 * written from torch.max(dim=1) / torch.mean(dim=1), bit for bit (each column
 * is reduced over channels in order on every path), on randomised shapes (SIMD
 * tails and blocks, one channel, one-column planes, NaN payloads, +-inf,
 * -0 vs +0) with guard pages after every buffer; then the public entry
 * points' threading and validation.
 */
#include "test_util.h"

#include "pool/channel-pool-ukernels.h"
#include "pool/channel-pool.h"

/* ---- the oracle ------------------------------------------------------------------- */

/* torch.max(dim=1): m = x[0], take v when m is not NaN and !(v <= m) (the first
 * NaN wins, ties keep the first); torch.mean: the sum from +0, / channels. */
static void kt_oracle(int64_t batch, int64_t channels, int64_t size, const float* x, float* max,
                      float* avg) {
  for (int64_t b = 0; b < batch; b++) {
    for (int64_t i = 0; i < size; i++) {
      const float* col = x + b * channels * size + i;
      float m = col[0], sum = 0.0f;
      for (int64_t c = 0; c < channels; c++) {
        const float v = col[c * size];
        sum += v;
        if (c > 0 && !isnan(m) && !(v <= m)) {
          m = v;
        }
      }
      max[b * size + i] = m;
      avg[b * size + i] = sum / (float)channels;
    }
  }
}

/* ---- golden cases from PyTorch 1.13 ----------------------------------------------- */

static void test_golden(void) {
  /* x (1, 3, 3) = [[nan1, -0, 1], [-nan2, 0, 1], [2, 0, -nan2]]:
   * x.max(dim=1).values = [nan1, -0, -nan2]. */
  const float nan1 = kt_from_bits(0x7fc00001u), nan2 = kt_from_bits(0xffc00002u);
  const float x[9] = {nan1, -0.0f, 1, nan2, 0, 1, 2, 0, nan2};
  static const uint32_t want_max[3] = {0x7fc00001u, 0x80000000u, 0xffc00002u};
  /* x (2, 2, 1) = [[[-0], [0]], [[0], [-0]]]: max keeps the first of the tie.
   */
  const float zeros[4] = {-0.0f, 0.0f, 0.0f, -0.0f};
  static const uint32_t want_zeros[2] = {0x80000000u, 0x00000000u};
  /* mean over 3 channels of [[1, 2], [4, 8], [16, 0.5]]: [7, 3.5]. */
  const float m[6] = {1, 2, 4, 8, 16, 0.5f};
  const kl_dispatch* tables[KL_ISA_COUNT];
  const int count = kt_isa_tables(tables);
  for (int t = 0; t < count; t++) {
    const kl_dispatch* d = tables[t];
    float y[3];
    kl_channel_pool_execute(d->channel_maxpool, 1, 3, 3, x, y);
    for (int i = 0; i < 3; i++) {
      KT_CHECK(kt_bits(y[i]) == want_max[i], "%s nan case col %d: 0x%08x", d->channel_maxpool_name,
               i, kt_bits(y[i]));
    }
    kl_channel_pool_execute(d->channel_maxpool, 2, 2, 1, zeros, y);
    for (int i = 0; i < 2; i++) {
      KT_CHECK(kt_bits(y[i]) == want_zeros[i], "%s zero case %d: 0x%08x", d->channel_maxpool_name,
               i, kt_bits(y[i]));
    }
    kl_channel_pool_execute(d->channel_avgpool, 1, 3, 2, m, y);
    KT_CHECK(y[0] == 7.0f && y[1] == 3.5f, "%s mean: %g %g", d->channel_avgpool_name, (double)y[0],
             (double)y[1]);
  }
}

/* ---- every ISA against the oracle ------------------------------------------------- */

/* Specials come about one in [2, 40] elements. */
enum { KT_MAX_ONE_IN = 40 };

static int kt_run_case(int64_t batch, int64_t channels, int64_t size,
                       const kl_dispatch* const* tables, int count, kt_rng* rng, enum kt_mix fill) {
  const int64_t in_n = batch * channels * size, out_n = batch * size;
  kt_buffer x = kt_alloc((size_t)in_n * sizeof(float));
  kt_buffer y = kt_alloc((size_t)out_n * sizeof(float));
  float* want_max = malloc((size_t)out_n * sizeof(float) + 1);
  float* want_avg = malloc((size_t)out_n * sizeof(float) + 1);
  kt_fill_mix(rng, x.data, in_n, fill, KT_MAX_ONE_IN);
  kt_oracle(batch, channels, size, x.data, want_max, want_avg);
  const int before = kt_failures;
  for (int t = 0; t < count; t++) {
    const kl_dispatch* d = tables[t];
    char repro[160];
    snprintf(repro, sizeof repro, "b%lld_c%lld_size%lld_fill%d_%s", (long long)batch,
             (long long)channels, (long long)size, (int)fill, d->channel_maxpool_name);
    memset(y.data, 0x55, (size_t)out_n * sizeof(float));
    kl_channel_pool_execute(d->channel_maxpool, batch, channels, size, x.data, y.data);
    KT_CHECK(kt_same_f32(y.data, want_max, out_n, repro), "max");
    snprintf(repro, sizeof repro, "b%lld_c%lld_size%lld_fill%d_%s", (long long)batch,
             (long long)channels, (long long)size, (int)fill, d->channel_avgpool_name);
    memset(y.data, 0x55, (size_t)out_n * sizeof(float));
    kl_channel_pool_execute(d->channel_avgpool, batch, channels, size, x.data, y.data);
    KT_CHECK(kt_same_f32_any_nan(y.data, want_avg, out_n, repro), "avg");
  }
  free(want_max);
  free(want_avg);
  kt_release(&x, "x");
  kt_release(&y, "y");
  return kt_failures - before;
}

static void test_random_cases(void) {
  const kl_dispatch* tables[KL_ISA_COUNT];
  const int count = kt_isa_tables(tables);
  kt_rng rng = {3};
  for (int run = 0; run < 1500; run++) {
    const int64_t size =
        kt_range(&rng, 0, 9) == 0 ? kt_range(&rng, 1, 3000) : kt_range(&rng, 1, 300);
    if (kt_run_case(kt_range(&rng, 1, 3), kt_range(&rng, 1, 20), size, tables, count, &rng,
                    (enum kt_mix)kt_range(&rng, 0, KT_MIXES - 1)) > 5) {
      return;
    }
  }
}

static void test_edge_cases(void) {
  static const int64_t cases[][3] = {{2, 1, 1},   {3, 1, 100}, {2, 64, 1},  {1, 5, 64},
                                     {1, 5, 128}, {1, 3, 512}, {1, 3, 513}, {2, 16, 3136}};
  const kl_dispatch* tables[KL_ISA_COUNT];
  const int count = kt_isa_tables(tables);
  kt_rng rng = {4};
  for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
    for (int fill = 0; fill < KT_MIXES; fill++) {
      kt_run_case(cases[c][0], cases[c][1], cases[c][2], tables, count, &rng, (enum kt_mix)fill);
    }
  }
}

/* ---- the public entry points ------------------------------------------------------ */

static void kt_run_public(const void* ctx, const float* x, int64_t in_n, float* avg, float* max,
                          int64_t* indices, int64_t out_n) {
  const int64_t* shape = ctx; /* batch, channels, plane size */
  (void)indices;
  KT_CHECK(kl_channel_maxpool_f32(shape[0], shape[1], shape[2], x, in_n, max, out_n) == KL_OK, "%s",
           kl_last_error());
  KT_CHECK(kl_channel_avgpool_f32(shape[0], shape[1], shape[2], x, in_n, avg, out_n) == KL_OK, "%s",
           kl_last_error());
}

static void test_public_threads(void) {
  static const int64_t shapes[][3] = {{8, 64, 3136}, {1, 256, 700}, {5, 3, 7}};
  kt_rng rng = {5};
  for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; s++) {
    const int64_t b = shapes[s][0], c = shapes[s][1], n = shapes[s][2];
    char repro[80];
    snprintf(repro, sizeof repro, "b%lld_c%lld_size%lld threads 1 vs 2", (long long)b, (long long)c,
             (long long)n);
    kt_check_threads_avg_max(kt_run_public, shapes[s], b * c * n, b * n, 0, &rng, 1000, repro);
  }
}

static void kt_expect_invalid(int64_t b, int64_t c, int64_t n, const float* x, int64_t x_len,
                              float* y, int64_t y_len, const char* what, const char* message) {
  KT_EXPECT_INVALID(kl_channel_maxpool_f32(b, c, n, x, x_len, y, y_len), "kl_channel_maxpool_f32",
                    what, message);
  KT_EXPECT_INVALID(kl_channel_avgpool_f32(b, c, n, x, x_len, y, y_len), "kl_channel_avgpool_f32",
                    what, message);
}

static void test_validation(void) {
  float x[24] = {0}, y[8], xy[32] = {0};
  KT_CHECK(kl_channel_maxpool_f32(2, 3, 4, x, 24, y, 8) == KL_OK, "%s", kl_last_error());
  KT_CHECK(kl_channel_avgpool_f32(2, 3, 4, x, 24, y, 8) == KL_OK, "%s", kl_last_error());
  KT_CHECK(kl_channel_avgpool_f32(0, 3, 4, NULL, 0, NULL, 0) == KL_OK, "batch 0: %s",
           kl_last_error());
  KT_CHECK(kl_channel_maxpool_f32(2, 3, 4, xy, 24, xy + 24, 8) == KL_OK, "adjacent: %s",
           kl_last_error());
  kt_expect_invalid(-1, 3, 4, x, 24, y, 8, "negative batch", "batch must be >= 0, got -1");
  kt_expect_invalid(2, 0, 4, x, 24, y, 8, "zero channels", "got 0 and 4");
  kt_expect_invalid(2, 3, 0, x, 24, y, 8, "zero plane_size", "got 3 and 0");
  kt_expect_invalid(2, INT64_MAX, 4, x, 24, y, 8, "huge channels", "channels and plane_size");
  kt_expect_invalid(INT64_MAX / 8, 3, 4, x, INT64_MAX, y, INT64_MAX, "batch overflowing",
                    "x holds");
  kt_expect_invalid(2, 3, 4, NULL, 24, y, 8, "NULL x", "x must not be NULL");
  kt_expect_invalid(2, 3, 4, x, 24, NULL, 8, "NULL y", "y must not be NULL");
  kt_expect_invalid(2, 3, 4, x, 23, y, 8, "short x", "x holds 23 elements, needs 2 x 12");
  kt_expect_invalid(2, 3, 4, x, 24, y, 7, "short y", "y holds 7 elements, needs 2 x 4");
  kt_expect_invalid(2, 3, 4, xy, 24, xy + 23, 8, "overlap", "x and y must not overlap");
}

int main(void) {
  test_golden();
  test_random_cases();
  test_edge_cases();
  test_public_threads();
  test_validation();
  return kt_report("test_channel_pool");
}
