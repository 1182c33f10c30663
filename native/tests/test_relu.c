/*
 * test_relu.c - ReLU: the scalar microkernel against PyTorch's values, every
 * other ISA's microkernel against the scalar one bit for bit (length sweep
 * across the unrolls, NaN payloads, +-0, +-inf, in place), the operator's
 * threading and validation.
 */
#include "test_util.h"

#include "act/relu-ukernels.h"

/* torch.relu (1.13, CPU), bit patterns in and out: -0 and every NaN pass unchanged. */
static void test_scalar_golden(void) {
  static const uint32_t in[] = {0x80000000u, 0x00000000u, 0xbf800000u, 0x7fc00000u, 0xffc00000u,
                                0x7f800000u, 0xff800000u, 0x00000001u, 0x80000001u, 0xffc00001u,
                                0x7fa00001u, 0x3f800000u};
  static const uint32_t want[] = {0x80000000u, 0x00000000u, 0x00000000u, 0x7fc00000u, 0xffc00000u,
                                  0x7f800000u, 0x00000000u, 0x00000001u, 0x00000000u, 0xffc00001u,
                                  0x7fa00001u, 0x3f800000u};
  enum { n = sizeof in / sizeof in[0] };
  float x[n], y[n], expected[n];
  for (int i = 0; i < n; i++) {
    x[i] = kt_from_bits(in[i]);
    expected[i] = kt_from_bits(want[i]);
  }
  kl_f32_vrelu_ukernel__scalar(n, x, y);
  KT_CHECK(kt_same_f32(y, expected, n, "relu golden"), "scalar relu differs from torch.relu");
}

/* Random values, a third negative, with specials sprinkled in. */
static void kt_fill_relu_input(kt_rng* rng, float* x, int64_t n) {
  for (int64_t i = 0; i < n; i++) {
    x[i] = (float)kt_range(rng, -1000, 500) / 7.0f;
  }
  kt_sprinkle_specials(rng, x, n, 5);
}

/* Each table's microkernel vs the scalar one, for every length 0..256, in and
 * out of place, with both buffers ending at a guard page. */
static void test_ukernels_sweep(void) {
  const kl_dispatch* tables[KL_ISA_COUNT];
  const int count = kt_isa_tables(tables);
  kt_rng rng = {1};
  for (int t = 0; t < count; t++) {
    const kl_dispatch* d = tables[t];
    for (int64_t n = 0; n <= 256; n++) {
      char repro[64];
      snprintf(repro, sizeof repro, "%s_n%lld", d->vrelu_name, (long long)n);
      kt_buffer x = kt_alloc((size_t)n * sizeof(float));
      kt_buffer y = kt_alloc((size_t)n * sizeof(float));
      float* want = malloc((size_t)(n + 1) * sizeof(float));
      kt_fill_relu_input(&rng, x.data, n);
      kl_f32_vrelu_ukernel__scalar(n, x.data, want);
      d->vrelu(n, x.data, y.data);
      KT_CHECK(kt_same_f32(y.data, want, n, repro), "out of place");
      d->vrelu(n, x.data, x.data);
      KT_CHECK(kt_same_f32(x.data, want, n, repro), "in place");
      free(want);
      kt_release(&x, "x");
      kt_release(&y, "y");
    }
  }
}

/* The operator over sizes that cross the threading threshold, 1 vs N threads,
 * and in place, against the scalar microkernel. */
static void test_operator(void) {
  static const int64_t sizes[] = {1, 63, 64, 65, 32768, 100000, (1 << 20) + 37};
  kt_rng rng = {2};
  for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
    const int64_t n = sizes[s];
    char repro[64];
    snprintf(repro, sizeof repro, "relu_op_n%lld", (long long)n);
    kt_buffer x = kt_alloc((size_t)n * sizeof(float));
    kt_buffer y = kt_alloc((size_t)n * sizeof(float));
    float* want = malloc((size_t)n * sizeof(float));
    float* inplace = malloc((size_t)n * sizeof(float));
    kt_fill_relu_input(&rng, x.data, n);
    kl_f32_vrelu_ukernel__scalar(n, x.data, want);
    for (int32_t threads = 1; threads <= 4; threads += 3) {
      kl_set_num_threads(threads);
      memset(y.data, 0x55, (size_t)n * sizeof(float));
      KT_CHECK(kl_relu_f32(x.data, y.data, n) == KL_OK, "%s: %s", repro, kl_last_error());
      KT_CHECK(kt_same_f32(y.data, want, n, repro), "threads %d", threads);
      memcpy(inplace, x.data, (size_t)n * sizeof(float));
      KT_CHECK(kl_relu_f32(inplace, inplace, n) == KL_OK, "%s in place: %s", repro, kl_last_error());
      KT_CHECK(kt_same_f32(inplace, want, n, repro), "in place, threads %d", threads);
    }
    free(want);
    free(inplace);
    kt_release(&x, "x");
    kt_release(&y, "y");
  }
}

static void test_validation(void) {
  float buf[32] = {0};
  KT_CHECK(kl_relu_f32(buf, buf + 16, -1) == KL_INVALID_ARGUMENT, "n < 0 accepted");
  KT_CHECK(strstr(kl_last_error(), "n must be >= 0") != NULL, "message: %s", kl_last_error());
  KT_CHECK(kl_relu_f32(NULL, buf, 4) == KL_INVALID_ARGUMENT, "NULL x accepted");
  KT_CHECK(kl_relu_f32(buf, NULL, 4) == KL_INVALID_ARGUMENT, "NULL y accepted");
  KT_CHECK(kl_relu_f32(NULL, NULL, 0) == KL_OK, "n = 0 with NULL buffers: %s", kl_last_error());
  KT_CHECK(kl_relu_f32(buf, buf + 1, 8) == KL_INVALID_ARGUMENT, "partial overlap accepted");
  KT_CHECK(strstr(kl_last_error(), "overlap") != NULL, "message: %s", kl_last_error());
  KT_CHECK(kl_relu_f32(buf + 8, buf, 16) == KL_INVALID_ARGUMENT, "partial overlap accepted");
  KT_CHECK(kl_relu_f32(buf, buf + 16, 16) == KL_OK, "adjacent buffers rejected: %s", kl_last_error());
  KT_CHECK(kl_relu_f32(buf, buf, 32) == KL_OK, "in place rejected: %s", kl_last_error());
  KT_CHECK(kl_relu_f32(buf, buf + 16, INT64_MAX) == KL_INVALID_ARGUMENT, "huge n accepted");
}

int main(void) {
  test_scalar_golden();
  test_ukernels_sweep();
  test_operator();
  test_validation();
  return kt_report("test_relu");
}
