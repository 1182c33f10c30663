/*
 * adaptive-pool-avx512.c - adaptive pooling of a regular row, 16 outputs per
 * vector: the AVX2 microkernels' logic (see adaptive-pool-avx2.c) with
 * k-masked loads, gathers and stores, and one permutex2var for k = 2.
 */
#include <immintrin.h>
#include <math.h>

#include "pool/adaptive-pool-ukernels.h"

#define KL_LANES 16

static inline __mmask16 kl_leading(int64_t r) {
  return r <= 0 ? 0 : r >= KL_LANES ? (__mmask16)0xffff : (__mmask16)((1u << r) - 1);
}

/* Lane l = p[l * k] for l < n, reading nothing past p[(n - 1) * k]. */
static inline __attribute__((always_inline)) __m512 kl_load(const float* p, int64_t k, int64_t n) {
  if (k == 1) {
    return _mm512_maskz_loadu_ps(kl_leading(n), p);
  }
  if (k == 2) {
    /* p[0..15] and p[15..30]: the evens are the first's even lanes and the
     * second's odd lanes. */
    const __m512i evens =
        _mm512_set_epi32(31, 29, 27, 25, 23, 21, 19, 17, 14, 12, 10, 8, 6, 4, 2, 0);
    const __m512 lo = _mm512_maskz_loadu_ps(kl_leading(2 * n - 1), p);
    const __m512 hi = _mm512_maskz_loadu_ps(kl_leading(2 * n - 16), p + 15);
    return _mm512_permutex2var_ps(lo, evens, hi);
  }
  const __m512i offsets =
      _mm512_mullo_epi32(_mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15),
                         _mm512_set1_epi32((int32_t)k));
  return _mm512_mask_i32gather_ps(_mm512_setzero_ps(), kl_leading(n), offsets, p, sizeof(float));
}

static inline __attribute__((always_inline)) void kl_avg_block(const struct kl_adaptive_row_args* a,
                                                               int64_t ow, int64_t n) {
  const int64_t k = a->k;
  __m512 sum = _mm512_setzero_ps();
  for (int64_t d = a->d0; d < a->d1; d++) {
    for (int64_t h = a->h0; h < a->h1; h++) {
      const float* p = a->x + (d * a->in_h + h) * a->in_w + ow * k;
      for (int64_t w = 0; w < k; w++) {
        sum = _mm512_add_ps(sum, kl_load(p + w, k, n));
      }
    }
  }
  sum = _mm512_div_ps(sum, _mm512_set1_ps((float)(a->d1 - a->d0)));
  sum = _mm512_div_ps(sum, _mm512_set1_ps((float)(a->h1 - a->h0)));
  _mm512_mask_storeu_ps(a->y + ow, kl_leading(n), _mm512_div_ps(sum, _mm512_set1_ps((float)k)));
}

static inline __attribute__((always_inline)) void kl_max_block(const struct kl_adaptive_row_args* a,
                                                               int64_t ow, int64_t n) {
  const int64_t k = a->k;
  const int64_t first = (a->d0 * a->in_h + a->h0) * a->in_w + ow * k; /* lane 0's first element */
  __m512 max = _mm512_set1_ps(-INFINITY);
  __m512i offset = _mm512_setzero_si512(); /* each lane's winner, from its first element */
  for (int64_t d = a->d0; d < a->d1; d++) {
    for (int64_t h = a->h0; h < a->h1; h++) {
      const int64_t row = ((d - a->d0) * a->in_h + (h - a->h0)) * a->in_w;
      for (int64_t w = 0; w < k; w++) {
        const __m512 v = kl_load(a->x + first + row + w, k, n);
        const __mmask16 take =
            _mm512_cmp_ps_mask(v, max, _CMP_GT_OQ) | _mm512_cmp_ps_mask(v, v, _CMP_UNORD_Q);
        max = _mm512_mask_mov_ps(max, take, v);
        offset = _mm512_mask_mov_epi32(offset, take, _mm512_set1_epi32((int32_t)(row + w)));
      }
    }
  }
  const __mmask16 store = kl_leading(n);
  _mm512_mask_storeu_ps(a->y + ow, store, max);
  if (a->indices != NULL) {
    const __m512i base = _mm512_add_epi64(
        _mm512_set1_epi64(first),
        _mm512_mullo_epi64(_mm512_set_epi64(7, 6, 5, 4, 3, 2, 1, 0), _mm512_set1_epi64(k)));
    const __m512i lo =
        _mm512_add_epi64(base, _mm512_cvtepi32_epi64(_mm512_castsi512_si256(offset)));
    const __m512i hi =
        _mm512_add_epi64(_mm512_add_epi64(base, _mm512_set1_epi64(8 * k)),
                         _mm512_cvtepi32_epi64(_mm512_extracti64x4_epi64(offset, 1)));
    _mm512_mask_storeu_epi64(a->indices + ow, (__mmask8)store, lo);
    _mm512_mask_storeu_epi64(a->indices + ow + 8, (__mmask8)(store >> 8), hi);
  }
}

void kl_f32_adaptive_avgpool_ukernel__avx512(const struct kl_adaptive_row_args* args) {
  kl_adaptive_row(args, KL_LANES, kl_avg_block, kl_f32_adaptive_avgpool_columns__scalar);
}

void kl_f32_adaptive_maxpool_ukernel__avx512(const struct kl_adaptive_row_args* args) {
  kl_adaptive_row(args, KL_LANES, kl_max_block, kl_f32_adaptive_maxpool_columns__scalar);
}
