/*
 * avgpool-avx512.c - average pooling of a row, 16 output columns per vector.
 *
 * Interior blocks (every tap inside the row, so one divisor): stride 1 loads
 * columns contiguously, stride 2 gathers the even ones (pool-avx512.h), and
 * kernel 2 at stride 2 permutes both taps out of the same two loads; a block
 * narrower than the vector uses k-masked loads and stores. Borders take
 * the scalar path. Lanes sum in the scalar kernel's order, so they match it.
 */
#include "pool/avgpool-ukernels.h"
#include "pool/pool-avx512.h"

/* A full block of 2-wide windows at stride 2 (2x2 pooling), one row tap:
 * (0 + left) + right, the scalar order, both from the same two loads of
 * x[0..32) (the AVX2 kernel's kl_pairs_k2s2). */
static inline __m512 kl_pairs_k2s2(const float* x) {
  const __m512i evens = _mm512_set_epi32(30, 28, 26, 24, 22, 20, 18, 16, 14, 12, 10, 8, 6, 4, 2, 0);
  const __m512i odds = _mm512_add_epi32(evens, _mm512_set1_epi32(1));
  const __m512 lo = _mm512_loadu_ps(x), hi = _mm512_loadu_ps(x + KL_LANES);
  const __m512 left = _mm512_permutex2var_ps(lo, evens, hi);
  const __m512 right = _mm512_permutex2var_ps(lo, odds, hi);
  return _mm512_add_ps(_mm512_add_ps(_mm512_setzero_ps(), left), right);
}

static inline __attribute__((always_inline)) void kl_block_k2s2(const struct kl_pool_row_args* a,
                                                                int64_t ow) {
  const float* x = a->x + a->first + ow * 2 - a->pad_w;
  __m512 sum = _mm512_setzero_ps();
  for (int64_t d = 0; d < a->depths; d++) {
    for (int64_t r = 0; r < a->rows; r++) {
      sum = _mm512_add_ps(sum, kl_pairs_k2s2(x + d * a->depth_step + r * a->row_step));
    }
  }
  const __m512 quotient = _mm512_div_ps(sum, _mm512_set1_ps(kl_avgpool_divisor(a, 2, 2)));
  _mm512_storeu_ps(a->y + ow, _mm512_add_ps(quotient, _mm512_setzero_ps())); /* -0 -> +0 */
}

#include "pool/avgpool-x86.h"

KL_AVGPOOL_DEFINE_UKERNEL(kl_f32_avgpool_ukernel__avx512, KL_LANES)
