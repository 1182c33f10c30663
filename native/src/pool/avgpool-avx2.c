/*
 * avgpool-avx2.c - average pooling of a row, 8 output columns per vector.
 *
 * Interior blocks (every tap inside the row, so one divisor): stride 1 loads
 * columns contiguously, stride 2 gathers the even ones (pool-avx2.h); a block
 * narrower than the vector uses masked loads and stores. Borders take the
 * scalar path. Lanes sum in the scalar kernel's order, so they match it.
 */
#include "pool/avgpool-ukernels.h"
#include "pool/pool-avx2.h"

/* Output columns [ow, ow + n) of the interior; n < KL_LANES only in a narrow interior. */
static inline __attribute__((always_inline)) void kl_block(const struct kl_pool_row_args* a,
                                                           int64_t ow, int64_t n, int64_t stride,
                                                           int with_indices) {
  const float* x = a->x + a->first + ow * stride - a->pad_w; /* lane 0's first tap */
  __m256 sum = _mm256_setzero_ps();
  for (int64_t d = 0; d < a->depths; d++) {
    for (int64_t r = 0; r < a->rows; r++) {
      const float* row = x + d * a->depth_step + r * a->row_step;
      __m256 row_sum = _mm256_setzero_ps();
      for (int64_t kw = 0; kw < a->kernel_w; kw++) {
        row_sum = _mm256_add_ps(row_sum, kl_load(row + kw, stride, n));
      }
      sum = _mm256_add_ps(sum, row_sum);
    }
  }
  const float divisor = kl_avgpool_divisor(a, a->kernel_w, a->kernel_w);
  const __m256 quotient = _mm256_div_ps(sum, _mm256_set1_ps(divisor));
  kl_store(a->y + ow, _mm256_add_ps(quotient, _mm256_setzero_ps()), n); /* -0 -> +0 */
}

KL_AVGPOOL_DEFINE_UKERNEL(kl_f32_avgpool_ukernel__avx2, KL_LANES)
