/*
 * dwconv-avx2.c - depthwise convolution, 8 output columns per vector:
 * dwconv-simd.h's algorithm on AVX2 vectors. 16 ymm registers hold the 3x3
 * taps and 6 accumulators (3 rows by 2 vectors for stride 1, 3 rows for the
 * direct stride 2); 5x5 takes 2 rows by 2 vectors, its taps from memory. The
 * sizes are the fastest measured on a Zen 1 core.
 */
#include <immintrin.h>
#include <stdint.h>

typedef __m256 kl_vec;
#define KL_LANES 8

static const int32_t kl_mask32[16] = {-1, -1, -1, -1, -1, -1, -1, -1, 0, 0, 0, 0, 0, 0, 0, 0};

static inline kl_vec kl_v_load(const float* p) { return _mm256_loadu_ps(p); }
static inline void kl_v_store(float* p, kl_vec v) { _mm256_storeu_ps(p, v); }
/* n leading all-ones lanes, 0 <= n <= 8. */
static inline __m256i kl_leading(int64_t n) {
  return _mm256_loadu_si256((const __m256i*)(kl_mask32 + 8 - n));
}
/* Rows narrower than a vector only (vmaskmovps stores are slow on AMD). */
static inline void kl_v_store_n(float* p, kl_vec v, int64_t n) { _mm256_maskstore_ps(p, kl_leading(n), v); }
static inline kl_vec kl_v_set1(float s) { return _mm256_set1_ps(s); }
static inline kl_vec kl_v_fma(kl_vec a, kl_vec b, kl_vec c) { return _mm256_fmadd_ps(a, b, c); }
/* 128-bit halves put p0..3 with p8..11 and p4..7 with p12..15, so in-lane
 * shuffles yield the evens and the odds in order (no cross-lane permute, slow
 * on Zen 1). */
static inline void kl_v_deinterleave2(const float* p, float* e, float* o) {
  const __m256 a = _mm256_insertf128_ps(_mm256_castps128_ps256(_mm_loadu_ps(p)), _mm_loadu_ps(p + 8), 1);
  const __m256 b = _mm256_insertf128_ps(_mm256_castps128_ps256(_mm_loadu_ps(p + 4)), _mm_loadu_ps(p + 12), 1);
  _mm256_storeu_ps(e, _mm256_shuffle_ps(a, b, _MM_SHUFFLE(2, 0, 2, 0)));
  _mm256_storeu_ps(o, _mm256_shuffle_ps(a, b, _MM_SHUFFLE(3, 1, 3, 1)));
}

/* Lanes [lo, hi) of the 8 floats from p, zeros elsewhere (nothing else read). */
static inline __m256 kl_load_range(const float* p, int64_t lo, int64_t hi) {
  if (lo <= 0 && hi >= 8) {
    return _mm256_loadu_ps(p);
  }
  if (lo == 2 && hi >= 8) { /* a row's first strip, its left taps: cheaper than a masked load */
    const __m128 low = _mm_castsi128_ps(_mm_slli_si128(_mm_castps_si128(_mm_loadu_ps(p + 2)), 8));
    return _mm256_insertf128_ps(_mm256_castps128_ps256(low), _mm_loadu_ps(p + 4), 1);
  }
  const __m256i lane = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
  const __m256i before = _mm256_cmpgt_epi32(_mm256_set1_epi32((int32_t)lo), lane);
  const __m256i until = _mm256_cmpgt_epi32(_mm256_set1_epi32((int32_t)hi), lane);
  return _mm256_maskload_ps(p, _mm256_andnot_si256(before, until));
}
/* Whole 256-bit loads and one in-lane shuffle per tap: output lanes in the
 * order 0 1 4 5 | 2 3 6 7 (kl_v_s2_unorder puts them back), the left taps
 * the odd columns of the stream two columns earlier. */
static inline void kl_s2_split(__m256 a, __m256 b, __m256 a2, __m256 b2, kl_vec* l, kl_vec* c,
                               kl_vec* r) {
  *l = _mm256_shuffle_ps(a2, b2, _MM_SHUFFLE(3, 1, 3, 1));
  *c = _mm256_shuffle_ps(a, b, _MM_SHUFFLE(2, 0, 2, 0));
  *r = _mm256_shuffle_ps(a, b, _MM_SHUFFLE(3, 1, 3, 1));
}
static inline void kl_v_s2_taps(const float* p, kl_vec* l, kl_vec* c, kl_vec* r) {
  kl_s2_split(_mm256_loadu_ps(p), _mm256_loadu_ps(p + 8), _mm256_loadu_ps(p - 2),
              _mm256_loadu_ps(p + 6), l, c, r);
}
static inline void kl_v_s2_taps_n(const float* p, int64_t lo, int64_t hi, kl_vec* l, kl_vec* c,
                                  kl_vec* r) {
  kl_s2_split(kl_load_range(p, lo, hi), kl_load_range(p + 8, lo - 8, hi - 8),
              kl_load_range(p - 2, lo + 2, hi + 2), kl_load_range(p + 6, lo - 6, hi - 6), l, c, r);
}
static inline kl_vec kl_v_s2_unorder(kl_vec v) {
  return _mm256_castpd_ps(_mm256_permute4x64_pd(_mm256_castps_pd(v), _MM_SHUFFLE(3, 1, 2, 0)));
}

#include "conv/dwconv-simd.h"

KL_DWCONV_DEFINE_GENERIC(kl_f32_dwconv_ukernel__avx2)
KL_DWCONV_DEFINE_FIXED(kl_f32_dwconv_ukernel_3x3s1__avx2, 3, 2, 3, 1)
KL_DWCONV_DEFINE_3X3S2(kl_f32_dwconv_ukernel_3x3s2__avx2, 3, 2, 1)
KL_DWCONV_DEFINE_FIXED(kl_f32_dwconv_ukernel_5x5s1__avx2, 2, 2, 5, 1)
KL_DWCONV_DEFINE_FIXED(kl_f32_dwconv_ukernel_5x5s2__avx2, 2, 2, 5, 2)
