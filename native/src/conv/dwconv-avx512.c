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

static inline void kl_v_deinterleave_load(const float* p, int64_t avail, kl_vec* e, kl_vec* o) {
  const __m512i evens = _mm512_set_epi32(30, 28, 26, 24, 22, 20, 18, 16, 14, 12, 10, 8, 6, 4, 2, 0);
  const __m512i odds = _mm512_set_epi32(31, 29, 27, 25, 23, 21, 19, 17, 15, 13, 11, 9, 7, 5, 3, 1);
  __m512 lo, hi;
  if (avail >= 32) {
    lo = _mm512_loadu_ps(p);
    hi = _mm512_loadu_ps(p + 16);
  } else { /* a row's last strip: masked loads read nothing past the row */
    const int64_t n_lo = avail <= 0 ? 0 : avail < 16 ? avail : 16;
    const int64_t n_hi = avail <= 16 ? 0 : avail - 16;
    lo = _mm512_maskz_loadu_ps((__mmask16)((1u << n_lo) - 1u), p);
    hi = n_hi == 0 ? _mm512_setzero_ps() : _mm512_maskz_loadu_ps((__mmask16)((1u << n_hi) - 1u), p + 16);
  }
  *e = _mm512_permutex2var_ps(lo, evens, hi);
  *o = _mm512_permutex2var_ps(lo, odds, hi);
}
static inline kl_vec kl_v_shift_in(kl_vec v, float s) {
  const __m512i up = _mm512_set_epi32(14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 15);
  return _mm512_mask_mov_ps(_mm512_permutexvar_ps(up, v), 1, _mm512_set1_ps(s));
}

#include "conv/dwconv-simd.h"

KL_DWCONV_DEFINE_GENERIC(kl_f32_dwconv_ukernel__avx512)
KL_DWCONV_DEFINE_FIXED(kl_f32_dwconv_ukernel_3x3s1__avx512, 4, 2, 3, 1)
KL_DWCONV_DEFINE_3X3S2(kl_f32_dwconv_ukernel_3x3s2__avx512, 4, 4, 2)
KL_DWCONV_DEFINE_FIXED(kl_f32_dwconv_ukernel_5x5s1__avx512, 4, 2, 5, 1)
KL_DWCONV_DEFINE_FIXED(kl_f32_dwconv_ukernel_5x5s2__avx512, 4, 2, 5, 2)
