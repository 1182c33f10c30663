/*
 * pool-avx512.h - AVX-512 helpers the pooling microkernels share: masks for
 * partial blocks, stride-1/2 column loads that read nothing past their last
 * element, and the max rule. Included only by files compiled with AVX-512 flags.
 */
#ifndef KL_POOL_AVX512_H
#define KL_POOL_AVX512_H

#include <immintrin.h>

#include "pool/pool-common.h"

#define KL_LANES 16

/* The vector vocabulary the ISA-independent kernel headers (maxpool-x86.h,
 * avgpool-x86.h, maxpool-s2.h, avgpool-3x3s1p1.h) are written in. */
typedef __m512 kl_vec;
typedef __m512i kl_ivec;
static inline kl_vec kl_v_zero(void) { return _mm512_setzero_ps(); }
static inline kl_vec kl_v_set1(float s) { return _mm512_set1_ps(s); }
static inline kl_vec kl_v_add(kl_vec a, kl_vec b) { return _mm512_add_ps(a, b); }
static inline kl_vec kl_v_div(kl_vec a, kl_vec b) { return _mm512_div_ps(a, b); }
static inline kl_ivec kl_iv_zero(void) { return _mm512_setzero_si512(); }

static inline __mmask16 kl_leading(int64_t count) {
  return count <= 0 ? 0 : count >= KL_LANES ? (__mmask16)0xffff : (__mmask16)((1u << count) - 1);
}

/* p[0..n), n <= 16; n == 16 (a constant in full blocks) needs no mask. */
static inline __attribute__((always_inline)) __m512 kl_load_n(const float* p, int64_t n) {
  return n == KL_LANES ? _mm512_loadu_ps(p) : _mm512_maskz_loadu_ps(kl_leading(n), p);
}

/* Lane l = p[l * stride] for l < n, reading nothing past p[(n - 1) * stride]. */
static inline __attribute__((always_inline)) __m512 kl_load(const float* p, int64_t stride,
                                                            int64_t n) {
  if (stride == 1) {
    return kl_load_n(p, n);
  }
  /* p[0..15] and p[15..30]: the evens are the first's even lanes and the second's odd lanes. */
  const __m512i evens = _mm512_set_epi32(31, 29, 27, 25, 23, 21, 19, 17, 14, 12, 10, 8, 6, 4, 2, 0);
  const int full = n == KL_LANES; /* then p[0..30] all exist: no masks */
  const __m512 lo = full ? _mm512_loadu_ps(p) : kl_load_n(p, 2 * n - 1);
  const __m512 hi = full ? _mm512_loadu_ps(p + 15) : kl_load_n(p + 15, 2 * n - 16);
  return _mm512_permutex2var_ps(lo, evens, hi);
}

static inline __attribute__((always_inline)) void kl_store(float* p, __m512 v, int64_t n) {
  _mm512_mask_storeu_ps(p, kl_leading(n), v);
}

/* One tap of the window, the max rule lane by lane: v follows max in the
 * window's order and wins where (v > max || isnan(v)); vmaxps returns max on
 * ties and when max is NaN, so only a NaN v needs the mask. With indices, a
 * lane that takes v records `tap`, the offset from its window's first tap. */
static inline __attribute__((always_inline)) void kl_max_update(__m512* max, __m512i* offset,
                                                                __m512 v, int64_t tap,
                                                                int with_indices) {
  const __mmask16 nan = _mm512_cmp_ps_mask(v, v, _CMP_UNORD_Q);
  if (with_indices) {
    const __mmask16 take = _mm512_cmp_ps_mask(v, *max, _CMP_GT_OQ) | nan;
    *offset = _mm512_mask_mov_epi32(*offset, take, _mm512_set1_epi32((int32_t)tap));
  }
  *max = _mm512_mask_max_ps(v, (__mmask16)~nan, v, *max);
}

/* indices[l] = first + l*stride + offset[l] (int32 offsets) for l < n. */
static inline __attribute__((always_inline)) void kl_store_indices(int64_t* indices, int64_t first,
                                                                   int64_t stride, __m512i offset,
                                                                   int64_t n) {
  const __m512i base = _mm512_add_epi64(
      _mm512_set1_epi64(first),
      _mm512_mullo_epi64(_mm512_set_epi64(7, 6, 5, 4, 3, 2, 1, 0), _mm512_set1_epi64(stride)));
  const __m512i lo = _mm512_add_epi64(base, _mm512_cvtepi32_epi64(_mm512_castsi512_si256(offset)));
  const __m512i hi = _mm512_add_epi64(_mm512_add_epi64(base, _mm512_set1_epi64(8 * stride)),
                                      _mm512_cvtepi32_epi64(_mm512_extracti64x4_epi64(offset, 1)));
  const __mmask16 store = kl_leading(n);
  _mm512_mask_storeu_epi64(indices, (__mmask8)store, lo);
  _mm512_mask_storeu_epi64(indices + 8, (__mmask8)(store >> 8), hi);
}

#endif /* KL_POOL_AVX512_H */
