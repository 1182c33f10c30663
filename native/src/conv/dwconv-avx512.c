/*
 * dwconv-avx512.c - depthwise convolution, 16 output columns per vector:
 * dwconv-simd.h's algorithm on AVX-512 vectors. 32 zmm registers: 4 output
 * rows by 2 vectors per pass for the fixed kinds, 4 rows for the direct 3x3
 * stride 2 (not measured: no AVX-512 machine at hand).
 */
#include <immintrin.h>
#include <stdint.h>

typedef __m512 kl_vec;
#define KL_LANES 16

static inline kl_vec kl_v_load(const float* p) { return _mm512_loadu_ps(p); }
static inline void kl_v_store(float* p, kl_vec v) { _mm512_storeu_ps(p, v); }
static inline void kl_v_store_n(float* p, kl_vec v, int64_t n) {
  _mm512_mask_storeu_ps(p, (__mmask16)((1u << n) - 1u), v);
}
static inline kl_vec kl_v_set1(float s) { return _mm512_set1_ps(s); }
static inline kl_vec kl_v_fma(kl_vec a, kl_vec b, kl_vec c) { return _mm512_fmadd_ps(a, b, c); }
static inline void kl_v_deinterleave2(const float* p, float* e, float* o) {
  const __m512i evens = _mm512_set_epi32(30, 28, 26, 24, 22, 20, 18, 16, 14, 12, 10, 8, 6, 4, 2, 0);
  const __m512i odds = _mm512_set_epi32(31, 29, 27, 25, 23, 21, 19, 17, 15, 13, 11, 9, 7, 5, 3, 1);
  const __m512 lo = _mm512_loadu_ps(p), hi = _mm512_loadu_ps(p + 16);
  _mm512_storeu_ps(e, _mm512_permutex2var_ps(lo, evens, hi));
  _mm512_storeu_ps(o, _mm512_permutex2var_ps(lo, odds, hi));
}

/* Lanes [lo, hi) of the 16 floats from p, zeros elsewhere (nothing else read). */
static inline __m512 kl_load_range(const float* p, int64_t lo, int64_t hi) {
  if (lo <= 0 && hi >= 16) {
    return _mm512_loadu_ps(p);
  }
  lo = lo > 0 ? lo : 0;
  hi = hi < 16 ? hi : 16;
  const uint32_t bits = hi > lo ? ((1u << hi) - 1u) & ~((1u << lo) - 1u) : 0u;
  return _mm512_maskz_loadu_ps((__mmask16)bits, p);
}
/* Outputs in order; the left taps are the odd columns of the stream two
 * columns earlier. */
static inline void kl_s2_split(__m512 a, __m512 b, __m512 a2, __m512 b2, kl_vec* l, kl_vec* c,
                               kl_vec* r) {
  const __m512i evens = _mm512_set_epi32(30, 28, 26, 24, 22, 20, 18, 16, 14, 12, 10, 8, 6, 4, 2, 0);
  const __m512i odds = _mm512_set_epi32(31, 29, 27, 25, 23, 21, 19, 17, 15, 13, 11, 9, 7, 5, 3, 1);
  *l = _mm512_permutex2var_ps(a2, odds, b2);
  *c = _mm512_permutex2var_ps(a, evens, b);
  *r = _mm512_permutex2var_ps(a, odds, b);
}
static inline void kl_v_s2_taps(const float* p, kl_vec* l, kl_vec* c, kl_vec* r) {
  kl_s2_split(_mm512_loadu_ps(p), _mm512_loadu_ps(p + 16), _mm512_loadu_ps(p - 2),
              _mm512_loadu_ps(p + 14), l, c, r);
}
static inline void kl_v_s2_taps_n(const float* p, int64_t lo, int64_t hi, kl_vec* l, kl_vec* c,
                                  kl_vec* r) {
  kl_s2_split(kl_load_range(p, lo, hi), kl_load_range(p + 16, lo - 16, hi - 16),
              kl_load_range(p - 2, lo + 2, hi + 2), kl_load_range(p + 14, lo - 14, hi - 14), l, c,
              r);
}
static inline kl_vec kl_v_s2_unorder(kl_vec v) { return v; }

#include "conv/dwconv-simd.h"

KL_DWCONV_DEFINE_GENERIC(kl_f32_dwconv_ukernel__avx512)
KL_DWCONV_DEFINE_FIXED(kl_f32_dwconv_ukernel_3x3s1__avx512, 4, 2, 3, 1)
KL_DWCONV_DEFINE_3X3S2(kl_f32_dwconv_ukernel_3x3s2__avx512, 4, 4, 2)
KL_DWCONV_DEFINE_FIXED(kl_f32_dwconv_ukernel_5x5s1__avx512, 4, 2, 5, 1)
KL_DWCONV_DEFINE_FIXED(kl_f32_dwconv_ukernel_5x5s2__avx512, 4, 2, 5, 2)
