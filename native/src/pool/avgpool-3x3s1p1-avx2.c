/*
 * avgpool-3x3s1p1-avx2.c - average pooling with kernel 3, stride 1, padding 1
 * in h and w, 8 output columns per vector: avgpool-3x3s1p1.h's algorithm on
 * AVX2 vectors.
 */
#include <immintrin.h>

#include "pool/pool-avx2.h"


static inline kl_vec kl_v_load(const float* p) { return _mm256_loadu_ps(p); }
static inline void kl_v_store(float* p, kl_vec v) { _mm256_storeu_ps(p, v); }
/* Rows narrower than a vector only: vmaskmovps is slow on AMD cores, but
 * these rows are tiny. */
static inline kl_vec kl_v_load_n(const float* p, int64_t n) { return kl_load_n(p, n); }
static inline void kl_v_store_n(float* p, kl_vec v, int64_t n) { kl_store(p, v, n); }
static inline kl_vec kl_v_add_fma(kl_vec a, kl_vec b) {
  return _mm256_fmadd_ps(a, _mm256_set1_ps(1.0f), b);
}
static inline kl_vec kl_v_with_first(kl_vec v, float s) {
  return _mm256_blend_ps(v, _mm256_set1_ps(s), 0x01);
}
static inline kl_vec kl_v_with_last(kl_vec v, float s) {
  return _mm256_blend_ps(v, _mm256_set1_ps(s), 0x80);
}

/* vpalignr shifts within 128-bit halves: pair each half with its lower
 * neighbour ([0, lo] for the low half) or its upper one ([hi, 0] for the high). */
static inline kl_vec kl_v_shift_up(kl_vec v) {
  const __m256i x = _mm256_castps_si256(v);
  const __m256i below = _mm256_permute2x128_si256(x, x, 0x08); /* [0, lo] */
  return _mm256_castsi256_ps(_mm256_alignr_epi8(x, below, 12));
}

static inline kl_vec kl_v_shift_down(kl_vec v) {
  const __m256i x = _mm256_castps_si256(v);
  const __m256i above = _mm256_permute2x128_si256(x, x, 0x81); /* [hi, 0] */
  return _mm256_castsi256_ps(_mm256_alignr_epi8(above, x, 4));
}

/* The same from memory with 128-bit halves (vperm2i128 costs 8 uops on Zen 1). */
static inline kl_vec kl_v_load_up(const float* p) {
  const __m128i lo = _mm_slli_si128(_mm_castps_si128(_mm_loadu_ps(p)), 4); /* 0, p0, p1, p2 */
  return _mm256_insertf128_ps(_mm256_castps128_ps256(_mm_castsi128_ps(lo)), _mm_loadu_ps(p + 3), 1);
}

static inline kl_vec kl_v_load_down(const float* p) {
  const __m128i hi = _mm_srli_si128(_mm_castps_si128(_mm_loadu_ps(p + 4)), 4); /* p5, p6, p7, 0 */
  return _mm256_insertf128_ps(_mm256_castps128_ps256(_mm_loadu_ps(p + 1)), _mm_castsi128_ps(hi), 1);
}

static inline kl_vec kl_v_load_pair(const float* p, const float* q) {
  return _mm256_insertf128_ps(_mm256_castps128_ps256(_mm_loadu_ps(p)), _mm_loadu_ps(q), 1);
}
static inline kl_vec kl_v_load_pair_down(const float* p, const float* q) {
  const __m128i lo = _mm_srli_si128(_mm_castps_si128(_mm_loadu_ps(p)), 4); /* p1, p2, p3, 0 */
  const __m128i hi = _mm_srli_si128(_mm_castps_si128(_mm_loadu_ps(q)), 4);
  return _mm256_insertf128_ps(_mm256_castps128_ps256(_mm_castsi128_ps(lo)), _mm_castsi128_ps(hi),
                              1);
}
static inline void kl_v_store_pair(float* p, float* q, kl_vec v) {
  _mm_storeu_ps(p, _mm256_castps256_ps128(v));
  _mm_storeu_ps(q, _mm256_extractf128_ps(v, 1));
}
static inline kl_vec kl_v_high_twice(kl_vec v) { return _mm256_permute2f128_ps(v, v, 0x11); }

#include "pool/avgpool-3x3s1p1.h"

void kl_f32_avgpool_ukernel_3x3s1p1__avx2(const struct kl_pool_row_args* a) {
  kl_avgpool_3x3s1p1(a);
}
