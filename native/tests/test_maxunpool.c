/*
 * test_maxunpool.c - max-unpooling: PyTorch golden cases (duplicates: the
 * later write wins), random 1-D/2-D/3-D shapes against a plain scatter with
 * guard pages after every buffer, 1 vs 2 threads, bad indices (error naming
 * the index and the plane as PyTorch words it, nothing written outside y, the
 * first bad index reported whatever the thread count), and validation.
 */
#include "test_util.h"

static kl_unpool_params kt_params(int64_t planes, int64_t in_d, int64_t in_h, int64_t in_w,
                                  int64_t out_d, int64_t out_h, int64_t out_w) {
  return (kl_unpool_params){planes, in_d, in_h, in_w, out_d, out_h, out_w};
}

static void kt_oracle(const kl_unpool_params* p, const float* x, const int64_t* indices, float* y) {
  const int64_t in = p->in_d * p->in_h * p->in_w, out = p->out_d * p->out_h * p->out_w;
  for (int64_t plane = 0; plane < p->planes; plane++) {
    for (int64_t o = 0; o < out; o++) {
      y[plane * out + o] = 0.0f;
    }
    for (int64_t i = 0; i < in; i++) {
      y[plane * out + indices[plane * in + i]] = x[plane * in + i];
    }
  }
}

static void test_golden(void) {
  /* max_unpool1d([1, 2, 3], [1, 1, 0], 2) = [3, 2, 0, 0, 0, 0]. */
  const kl_unpool_params p = kt_params(1, 1, 1, 3, 1, 1, 6);
  const float x[3] = {1, 2, 3};
  const int64_t indices[3] = {1, 1, 0};
  const float want[6] = {3, 2, 0, 0, 0, 0};
  float y[6] = {9, 9, 9, 9, 9, 9};
  KT_CHECK(kl_maxunpool_f32(&p, x, 3, indices, 3, y, 6) == KL_OK, "%s", kl_last_error());
  KT_CHECK(kt_same_f32(y, want, 6, "unpool golden"), "duplicates: the later write wins");
}

static void test_random_cases(void) {
  kt_rng rng = {3};
  for (int run = 0; run < 500; run++) {
    const int rank = (int)kt_range(&rng, 1, 3);
    const kl_unpool_params p =
        kt_params(kt_range(&rng, 0, 4), rank == 3 ? kt_range(&rng, 1, 4) : 1,
                  rank >= 2 ? kt_range(&rng, 1, 9) : 1, kt_range(&rng, 1, 30),
                  rank == 3 ? kt_range(&rng, 1, 8) : 1, rank >= 2 ? kt_range(&rng, 1, 18) : 1,
                  kt_range(&rng, 1, 60));
    const int64_t in = p.in_d * p.in_h * p.in_w, out = p.out_d * p.out_h * p.out_w;
    kt_buffer x = kt_alloc((size_t)(p.planes * in) * sizeof(float));
    kt_buffer ind = kt_alloc((size_t)(p.planes * in) * sizeof(int64_t));
    kt_buffer y = kt_alloc((size_t)(p.planes * out) * sizeof(float));
    float* want = malloc((size_t)(p.planes * out) * sizeof(float) + 1);
    float* xs = x.data;
    int64_t* is = ind.data;
    kt_fill_int(&rng, xs, p.planes * in, -9, 9);
    kt_sprinkle_specials(&rng, xs, p.planes * in, 10);
    for (int64_t i = 0; i < p.planes * in; i++) {
      is[i] = kt_range(&rng, 0, out - 1);
    }
    kt_oracle(&p, xs, is, want);
    memset(y.data, 0x55, (size_t)(p.planes * out) * sizeof(float));
    KT_CHECK(
        kl_maxunpool_f32(&p, xs, p.planes * in, is, p.planes * in, y.data, p.planes * out) == KL_OK,
        "%s", kl_last_error());
    char repro[120];
    snprintf(repro, sizeof repro, "p%lld_in%lldx%lldx%lld_out%lldx%lldx%lld", (long long)p.planes,
             (long long)p.in_d, (long long)p.in_h, (long long)p.in_w, (long long)p.out_d,
             (long long)p.out_h, (long long)p.out_w);
    KT_CHECK(kt_same_f32(y.data, want, p.planes * out, repro), "random case");
    free(want);
    kt_release(&x, "x");
    kt_release(&ind, "indices");
    kt_release(&y, "y");
  }
}

static void test_threads(void) {
  const kl_unpool_params p = kt_params(64, 1, 28, 28, 1, 56, 56);
  const int64_t in = 28 * 28, out = 56 * 56;
  kt_rng rng = {4};
  float* x = malloc((size_t)(p.planes * in) * sizeof(float));
  int64_t* ind = malloc((size_t)(p.planes * in) * sizeof(int64_t));
  float* y[2] = {malloc((size_t)(p.planes * out) * sizeof(float)),
                 malloc((size_t)(p.planes * out) * sizeof(float))};
  kt_fill_int(&rng, x, p.planes * in, -50, 50);
  for (int64_t i = 0; i < p.planes * in; i++) {
    ind[i] = kt_range(&rng, 0, out - 1);
  }
  for (int t = 0; t < 2; t++) {
    kl_set_num_threads(t + 1);
    KT_CHECK(
        kl_maxunpool_f32(&p, x, p.planes * in, ind, p.planes * in, y[t], p.planes * out) == KL_OK,
        "%s", kl_last_error());
  }
  KT_CHECK(kt_same_f32(y[1], y[0], p.planes * out, "unpool threads 1 vs 2"), "threads");
  /* Bad indices in planes 40 and 50: plane 40's is reported with 1 and 2
   * threads. */
  ind[50 * in + 7] = out;
  ind[40 * in + 3] = -1;
  ind[40 * in + 9] = out + 5;
  for (int t = 0; t < 2; t++) {
    kl_set_num_threads(t + 1);
    KT_CHECK(kl_maxunpool_f32(&p, x, p.planes * in, ind, p.planes * in, y[t], p.planes * out) ==
                 KL_INVALID_ARGUMENT,
             "bad index accepted with %d threads", t + 1);
    KT_CHECK(strstr(kl_last_error(),
                    "Found an invalid max index: -1 (output "
                    "volumes are of size 1x56x56)") != NULL &&
                 strstr(kl_last_error(), "in plane 40 at input 3") != NULL,
             "message with %d threads: '%s'", t + 1, kl_last_error());
  }
  free(x);
  free(ind);
  free(y[0]);
  free(y[1]);
}

/* A bad index is never written: y ends at a guard page and starts after
 * canaries. */
static void test_bad_index_guarded(void) {
  const kl_unpool_params p = kt_params(2, 1, 2, 2, 1, 4, 4);
  static const int64_t bad[] = {16, -1, 17, INT64_MAX, INT64_MIN, -16};
  for (size_t b = 0; b < sizeof bad / sizeof bad[0]; b++) {
    for (int at = 0; at < 8; at++) {
      kt_buffer y = kt_alloc(32 * sizeof(float));
      const float x[8] = {1, 2, 3, 4, 5, 6, 7, 8};
      int64_t ind[8] = {0, 5, 10, 15, 0, 5, 10, 15};
      ind[at] = bad[b];
      KT_CHECK(kl_maxunpool_f32(&p, x, 8, ind, 8, y.data, 32) == KL_INVALID_ARGUMENT,
               "index %lld accepted", (long long)bad[b]);
      char want[160];
      snprintf(want, sizeof want,
               "kl_maxunpool_f32: Found an invalid max index: %lld (output "
               "volumes are of size "
               "1x4x4) in plane %d at input %d",
               (long long)bad[b], at / 4, at % 4);
      KT_CHECK(strcmp(kl_last_error(), want) == 0, "message '%s'", kl_last_error());
      kt_release(&y, "y");
    }
  }
}

static void kt_expect_invalid(const kl_unpool_params* p, const float* x, int64_t x_len,
                              const int64_t* ind, int64_t ind_len, float* y, int64_t y_len,
                              const char* what, const char* message) {
  KT_EXPECT_INVALID(kl_maxunpool_f32(p, x, x_len, ind, ind_len, y, y_len), "kl_maxunpool_f32", what,
                    message);
}

static void test_validation(void) {
  const kl_unpool_params ok = kt_params(1, 1, 2, 2, 1, 4, 4);
  float x[4] = {0}, y[16], xy[24] = {0};
  int64_t ind[4] = {0, 1, 2, 3}, big[24] = {0};
  KT_CHECK(kl_maxunpool_f32(&ok, x, 4, ind, 4, y, 16) == KL_OK, "%s", kl_last_error());
  const kl_unpool_params empty = kt_params(0, 1, 2, 2, 1, 4, 4);
  KT_CHECK(kl_maxunpool_f32(&empty, NULL, 0, NULL, 0, NULL, 0) == KL_OK, "0 planes: %s",
           kl_last_error());
  kt_expect_invalid(NULL, x, 4, ind, 4, y, 16, "NULL params", "params must not be NULL");
  kt_expect_invalid(&ok, NULL, 4, ind, 4, y, 16, "NULL x", "x must not be NULL");
  kt_expect_invalid(&ok, x, 4, NULL, 4, y, 16, "NULL indices", "indices must not be NULL");
  kt_expect_invalid(&ok, x, 4, ind, 4, NULL, 16, "NULL y", "y must not be NULL");
  kt_expect_invalid(&ok, x, 3, ind, 4, y, 16, "short x", "x holds 3 elements, needs 1 x 4");
  kt_expect_invalid(&ok, x, 4, ind, 3, y, 16, "short indices", "indices holds 3 elements");
  kt_expect_invalid(&ok, x, 4, ind, 4, y, 15, "short y", "y holds 15 elements, needs 1 x 16");
  kt_expect_invalid(&ok, xy, 4, ind, 4, xy + 3, 16, "y overlapping x", "x and y must not overlap");
  kt_expect_invalid(&ok, x, 4, big, 4, (float*)(void*)(big + 2), 16, "y overlapping indices",
                    "indices and y must not overlap");
  kt_expect_invalid(&ok, (const float*)(const void*)big, 4, big + 1, 4, y, 16,
                    "x overlapping indices", "x and indices must not overlap");
  const struct {
    const char* what;
    kl_unpool_params p;
  } bad[] = {
      {"negative planes", kt_params(-1, 1, 2, 2, 1, 4, 4)},
      {"zero in_w", kt_params(1, 1, 2, 0, 1, 4, 4)},
      {"zero out_d", kt_params(1, 1, 2, 2, 0, 4, 4)},
      {"huge out", kt_params(1, 1, 2, 2, INT64_MAX, INT64_MAX, 4)},
      {"planes overflowing", kt_params(INT64_MAX / 4, 1, 2, 2, 1, 4, 4)},
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    kt_expect_invalid(&bad[i].p, x, 4, ind, 4, y, 16, bad[i].what, "");
  }
}

int main(void) {
  test_golden();
  test_random_cases();
  test_threads();
  test_bad_index_guarded();
  test_validation();
  return kt_report("test_maxunpool");
}
