/*
 * avgpool-3x3s1p1-avx512.c - average pooling with kernel 3, stride 1, padding
 * 1 in h and w, 16 output columns per vector: avgpool-3x3s1p1.h's algorithm
 * on AVX-512 vectors (k-masked loads and stores for rows narrower than one).
 */
#include <immintrin.h>

#include "pool/pool-avx512.h"


static inline kl_vec kl_v_load(const float* p) { return _mm512_loadu_ps(p); }
static inline void kl_v_store(float* p, kl_vec v) { _mm512_storeu_ps(p, v); }
static inline kl_vec kl_v_load_n(const float* p, int64_t n) { return kl_load_n(p, n); }
static inline void kl_v_store_n(float* p, kl_vec v, int64_t n) { kl_store(p, v, n); }
static inline kl_vec kl_v_add_fma(kl_vec a, kl_vec b) {
  return _mm512_fmadd_ps(a, _mm512_set1_ps(1.0f), b);
}
static inline kl_vec kl_v_with_first(kl_vec v, float s) {
  return _mm512_mask_mov_ps(v, 1, _mm512_set1_ps(s));
}
static inline kl_vec kl_v_with_last(kl_vec v, float s) {
  return _mm512_mask_mov_ps(v, (__mmask16)0x8000, _mm512_set1_ps(s));
}

/* valignd shifts the concatenation [hi : lo] right by whole lanes. */
static inline kl_vec kl_v_shift_up(kl_vec v) {
  const __m512i x = _mm512_castps_si512(v);
  return _mm512_castsi512_ps(_mm512_alignr_epi32(x, _mm512_setzero_si512(), KL_LANES - 1));
}

static inline kl_vec kl_v_shift_down(kl_vec v) {
  const __m512i x = _mm512_castps_si512(v);
  return _mm512_castsi512_ps(_mm512_alignr_epi32(_mm512_setzero_si512(), x, 1));
}

static inline kl_vec kl_v_load_up(const float* p) { return kl_v_shift_up(kl_v_load(p)); }
static inline kl_vec kl_v_load_down(const float* p) { return kl_v_shift_down(kl_v_load(p)); }

static inline kl_vec kl_v_load_pair(const float* p, const float* q) {
  return _mm512_insertf32x8(_mm512_castps256_ps512(_mm256_loadu_ps(p)), _mm256_loadu_ps(q), 1);
}
static inline kl_vec kl_v_load_pair_down(const float* p, const float* q) {
  const __m256 lo = _mm256_maskz_loadu_ps(0x7f, p + 1), hi = _mm256_maskz_loadu_ps(0x7f, q + 1);
  return _mm512_insertf32x8(_mm512_castps256_ps512(lo), hi, 1);
}
static inline void kl_v_store_pair(float* p, float* q, kl_vec v) {
  _mm256_storeu_ps(p, _mm512_castps512_ps256(v));
  _mm256_storeu_ps(q, _mm512_extractf32x8_ps(v, 1));
}
static inline kl_vec kl_v_high_twice(kl_vec v) { return _mm512_shuffle_f32x4(v, v, 0xee); }

#include "pool/avgpool-3x3s1p1.h"

void kl_f32_avgpool_ukernel_3x3s1p1__avx512(const struct kl_pool_row_args* a) {
  kl_avgpool_3x3s1p1(a);
}
