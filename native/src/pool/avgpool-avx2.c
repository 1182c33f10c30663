/*
 * avgpool-avx2.c - average pooling of a row, 8 output columns per vector.
 *
 * Interior blocks (every tap inside the row, so one divisor): stride 1 loads
 * columns contiguously, stride 2 gathers the even ones (pool-avx2.h), and
 * kernel 2 at stride 2 gets both taps from the same two loads; a block
 * narrower than the vector uses masked loads and stores. Borders take the
 * scalar path. Lanes sum in the scalar kernel's order, so they match it.
 */
#include "pool/avgpool-ukernels.h"
#include "pool/pool-avx2.h"

/* A full block of 2-wide windows at stride 2 (2x2 pooling), one row tap:
 * lanes [0, 2, 8, 10 | 4, 6, 12, 14] of x[0..16) and their right neighbours
 * come from two loads and two in-lane shuffles (0 + left) + right, the
 * scalar order; kl_block_k2s2 restores the column order after dividing. */
static inline __m256 kl_pairs_k2s2(const float* x) {
  const __m256 lo = _mm256_loadu_ps(x), hi = _mm256_loadu_ps(x + KL_LANES);
  const __m256 left = _mm256_shuffle_ps(lo, hi, _MM_SHUFFLE(2, 0, 2, 0));
  const __m256 right = _mm256_shuffle_ps(lo, hi, _MM_SHUFFLE(3, 1, 3, 1));
  return _mm256_add_ps(_mm256_add_ps(_mm256_setzero_ps(), left), right);
}

static inline __attribute__((always_inline)) void kl_block_k2s2(const struct kl_pool_row_args* a,
                                                                int64_t ow) {
  const float* x = a->x + a->first + ow * 2 - a->pad_w;
  __m256 sum = _mm256_setzero_ps();
  for (int64_t d = 0; d < a->depths; d++) {
    for (int64_t r = 0; r < a->rows; r++) {
      sum = _mm256_add_ps(sum, kl_pairs_k2s2(x + d * a->depth_step + r * a->row_step));
    }
  }
  const float divisor = kl_avgpool_divisor(a, 2, 2);
  const __m256 mean =
      _mm256_add_ps(_mm256_div_ps(sum, _mm256_set1_ps(divisor)), _mm256_setzero_ps());
  const __m256d ordered = _mm256_permute4x64_pd(_mm256_castps_pd(mean), _MM_SHUFFLE(3, 1, 2, 0));
  _mm256_storeu_ps(a->y + ow, _mm256_castpd_ps(ordered));
}

#include "pool/avgpool-x86.h"

KL_AVGPOOL_DEFINE_UKERNEL(kl_f32_avgpool_ukernel__avx2, KL_LANES)
