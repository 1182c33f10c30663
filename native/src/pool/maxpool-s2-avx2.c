/*
 * maxpool-s2-avx2.c - the stride-2 max-pooling microkernels networks use most,
 * 8 output columns per vector: 2x2s2 (ResNet-style downsampling) and 3x3s2p1
 * (the ResNet stem).
 *
 * Where the generic kernel gathers every tap's even columns with two loads, a
 * shuffle and a permute, these load a row's 16 (2x2) or 17 (3x3) columns once
 * and split them into the taps with one shuffle each. The shuffles leave the
 * lanes in the order 0 1 4 5 2 3 6 7; the max rule works lane by lane, so the
 * taps are combined in that order and one permute restores the columns at
 * the end. Taps are visited in the window's order with the generic kernel's
 * rule, so results match the scalar kernel bit for bit.
 */
#include <math.h>

#include "pool/maxpool-ukernels.h"
#include "pool/pool-avx2.h"

/* The taps of kernel_w = 2 or 3 at stride 2 for 8 columns whose first taps are
 * p[0], p[2], ..., p[14], in the shuffled lane order. Reads p[0..2*kernel_w+12]. */
static inline __attribute__((always_inline)) void kl_row_taps(const float* p, int64_t kernel_w,
                                                              __m256 taps[3]) {
  const __m256 v0 = _mm256_loadu_ps(p), v1 = _mm256_loadu_ps(p + 8);
  taps[0] = _mm256_shuffle_ps(v0, v1, _MM_SHUFFLE(2, 0, 2, 0)); /* p[2c] */
  taps[1] = _mm256_shuffle_ps(v0, v1, _MM_SHUFFLE(3, 1, 3, 1)); /* p[2c + 1] */
  if (kernel_w == 3) {
    /* p[2..9] and p[9..16]: p[2c + 2] without reading p[17]. */
    taps[2] =
        _mm256_shuffle_ps(_mm256_loadu_ps(p + 2), _mm256_loadu_ps(p + 9), _MM_SHUFFLE(3, 1, 2, 0));
  }
}

/* Output columns [ow, ow + 8), all interior. */
static inline __attribute__((always_inline)) void kl_block_s2(const struct kl_pool_row_args* a,
                                                              int64_t ow, int64_t kernel_w,
                                                              int with_indices) {
  const int64_t first = a->first + 2 * ow - a->pad_w; /* lane 0's first tap */
  __m256 max = _mm256_set1_ps(-INFINITY);
  __m256i offset = _mm256_setzero_si256();
  for (int64_t d = 0; d < a->depths; d++) {
    for (int64_t r = 0; r < a->rows; r++) {
      const int64_t row = d * a->depth_step + r * a->row_step;
      __m256 taps[3];
      kl_row_taps(a->x + first + row, kernel_w, taps);
      for (int64_t kw = 0; kw < kernel_w; kw++) {
        kl_max_update(&max, &offset, taps[kw], row + kw, with_indices);
      }
    }
  }
  /* Lanes 0 1 4 5 2 3 6 7 back to column order: swap the middle 64-bit pairs. */
  max = _mm256_castpd_ps(_mm256_permute4x64_pd(_mm256_castps_pd(max), _MM_SHUFFLE(3, 1, 2, 0)));
  _mm256_storeu_ps(a->y + ow, max);
  if (with_indices) {
    offset = _mm256_permute4x64_epi64(offset, _MM_SHUFFLE(3, 1, 2, 0));
    kl_store_indices(a->indices + ow, first, 2, offset, KL_LANES);
  }
}

KL_MAXPOOL_DEFINE_S2_UKERNEL(kl_f32_maxpool_ukernel_2x2s2__avx2, 2, KL_LANES,
                             kl_f32_maxpool_ukernel__avx2)
KL_MAXPOOL_DEFINE_S2_UKERNEL(kl_f32_maxpool_ukernel_3x3s2p1__avx2, 3, KL_LANES,
                             kl_f32_maxpool_ukernel__avx2)
