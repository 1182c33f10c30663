/*
 * maxpool-s2-avx512.c - the stride-2 max-pooling microkernels networks use
 * most, 16 output columns per vector: 2x2s2 (ResNet-style downsampling) and
 * 3x3s2p1 (the ResNet stem). The AVX-512 twin of maxpool-s2-avx2.c.
 *
 * Where the generic kernel gathers every tap's even columns with two loads and
 * a permute, these load a row's 32 (2x2) or 33 (3x3) columns once and split
 * them into the taps with one permutex2var each. Taps are visited in the
 * window's order with the generic kernel's rule, so results match the scalar
 * kernel bit for bit.
 */
#include <math.h>

#include "pool/maxpool-ukernels.h"
#include "pool/pool-avx512.h"

/* The taps of kernel_w = 2 or 3 at stride 2 for 16 columns whose first taps
 * are p[0], p[2], ..., p[30]. Reads p[0..2*kernel_w+28]. */
static inline __attribute__((always_inline)) void kl_row_taps(const float* p, int64_t kernel_w,
                                                              __m512 taps[3]) {
  const __m512i evens = _mm512_set_epi32(30, 28, 26, 24, 22, 20, 18, 16, 14, 12, 10, 8, 6, 4, 2, 0);
  const __m512i odds = _mm512_add_epi32(evens, _mm512_set1_epi32(1));
  const __m512 v0 = _mm512_loadu_ps(p), v1 = _mm512_loadu_ps(p + 16);
  taps[0] = _mm512_permutex2var_ps(v0, evens, v1); /* p[2c] */
  taps[1] = _mm512_permutex2var_ps(v0, odds, v1);  /* p[2c + 1] */
  if (kernel_w == 3) {
    taps[2] = kl_load(p + 2, 2, KL_LANES); /* p[2c + 2] without reading p[33] */
  }
}

/* Output columns [ow, ow + 16), all interior. */
static inline __attribute__((always_inline)) void kl_block_s2(const struct kl_pool_row_args* a,
                                                              int64_t ow, int64_t kernel_w,
                                                              int with_indices) {
  const int64_t first = a->first + 2 * ow - a->pad_w; /* lane 0's first tap */
  __m512 max = _mm512_set1_ps(-INFINITY);
  __m512i offset = _mm512_setzero_si512();
  for (int64_t d = 0; d < a->depths; d++) {
    for (int64_t r = 0; r < a->rows; r++) {
      const int64_t row = d * a->depth_step + r * a->row_step;
      __m512 taps[3];
      kl_row_taps(a->x + first + row, kernel_w, taps);
      for (int64_t kw = 0; kw < kernel_w; kw++) {
        kl_max_update(&max, &offset, taps[kw], row + kw, with_indices);
      }
    }
  }
  _mm512_storeu_ps(a->y + ow, max);
  if (with_indices) {
    kl_store_indices(a->indices + ow, first, 2, offset, KL_LANES);
  }
}

KL_MAXPOOL_DEFINE_S2_UKERNEL(kl_f32_maxpool_ukernel_2x2s2__avx512, 2, KL_LANES,
                             kl_f32_maxpool_ukernel__avx512)
KL_MAXPOOL_DEFINE_S2_UKERNEL(kl_f32_maxpool_ukernel_3x3s2p1__avx512, 3, KL_LANES,
                             kl_f32_maxpool_ukernel__avx512)
