/*
 * pool-avx2.h - AVX2 helpers the pooling microkernels share: masks for partial
 * blocks, stride-1/2 column loads that read nothing past their last element,
 * and the max rule. Included only by files compiled with -mavx2 -mfma.
 */
#ifndef KL_POOL_AVX2_H
#define KL_POOL_AVX2_H

#include <immintrin.h>

#include "pool/pool-common.h"

#define KL_LANES 8

/* The vector vocabulary the ISA-independent kernel headers (maxpool-x86.h,
 * avgpool-x86.h, maxpool-s2.h, avgpool-3x3s1p1.h) are written in. */
typedef __m256 kl_vec;
typedef __m256i kl_ivec;
static inline kl_vec kl_v_zero(void) { return _mm256_setzero_ps(); }
static inline kl_vec kl_v_set1(float s) { return _mm256_set1_ps(s); }
static inline kl_vec kl_v_add(kl_vec a, kl_vec b) { return _mm256_add_ps(a, b); }
static inline kl_vec kl_v_div(kl_vec a, kl_vec b) { return _mm256_div_ps(a, b); }
static inline kl_ivec kl_iv_zero(void) { return _mm256_setzero_si256(); }

/* 8 ints from kl_mask32 + 8 - r: r leading all-ones lanes; 4 int64s from
 * kl_mask64 + 4 - r likewise. */
static const int32_t kl_mask32[16] = {-1, -1, -1, -1, -1, -1, -1, -1, 0, 0, 0, 0, 0, 0, 0, 0};
static const int64_t kl_mask64[8] = {-1, -1, -1, -1, 0, 0, 0, 0};

static inline __m256i kl_leading32(int64_t r) {
  r = r < 0 ? 0 : r > 8 ? 8 : r;
  return _mm256_loadu_si256((const __m256i*)(kl_mask32 + 8 - r));
}

static inline __m256i kl_leading64(int64_t r) {
  r = r < 0 ? 0 : r > 4 ? 4 : r;
  return _mm256_loadu_si256((const __m256i*)(kl_mask64 + 4 - r));
}

/* p[0..n), n <= 8; n == 8 (a constant in full blocks) needs no mask. */
static inline __attribute__((always_inline)) __m256 kl_load_n(const float* p, int64_t n) {
  return n == KL_LANES ? _mm256_loadu_ps(p) : _mm256_maskload_ps(p, kl_leading32(n));
}

/* Lane l = p[l * stride] for l < n, reading nothing past p[(n - 1) * stride]. */
static inline __attribute__((always_inline)) __m256 kl_load(const float* p, int64_t stride,
                                                            int64_t n) {
  if (stride == 1) {
    return kl_load_n(p, n);
  }
  /* lo = p[0..7], hi = p[7..14]: the evens of p[0..14] are lo 0,2,4,6 and hi 1,3,5,7. */
  const int full = n == KL_LANES; /* then p[0..14] all exist: no masks */
  const __m256 lo = full ? _mm256_loadu_ps(p) : kl_load_n(p, 2 * n - 1);
  const __m256 hi = full ? _mm256_loadu_ps(p + 7) : kl_load_n(p + 7, 2 * n - 8);
  const __m256 pairs = _mm256_shuffle_ps(lo, hi, _MM_SHUFFLE(3, 1, 2, 0));
  return _mm256_castpd_ps(_mm256_permute4x64_pd(_mm256_castps_pd(pairs), _MM_SHUFFLE(3, 1, 2, 0)));
}

static inline __attribute__((always_inline)) void kl_store(float* p, __m256 v, int64_t n) {
  if (n == KL_LANES) {
    _mm256_storeu_ps(p, v);
  } else {
    _mm256_maskstore_ps(p, kl_leading32(n), v);
  }
}

/* The max rule, lane by lane: v follows max in the window's order; the result
 * is v where (v > max || isnan(v)), else max. vmaxps returns its second operand
 * on ties and when either is NaN, so only a NaN v needs the blend. */
static inline __m256 kl_max_next(__m256 max, __m256 v) {
  return _mm256_blendv_ps(_mm256_max_ps(v, max), v, _mm256_cmp_ps(v, v, _CMP_UNORD_Q));
}

/* The lanes where kl_max_next takes v. */
static inline __m256 kl_max_takes(__m256 max, __m256 v) {
  return _mm256_or_ps(_mm256_cmp_ps(v, max, _CMP_GT_OQ), _mm256_cmp_ps(v, v, _CMP_UNORD_Q));
}

/* One tap of the window: max = kl_max_next(max, v), and with indices a lane
 * that takes v records `tap`, the offset from its window's first tap. */
static inline __attribute__((always_inline)) void kl_max_update(__m256* max, __m256i* offset,
                                                                __m256 v, int64_t tap,
                                                                int with_indices) {
  if (with_indices) {
    const __m256i take = _mm256_castps_si256(kl_max_takes(*max, v));
    *offset = _mm256_blendv_epi8(*offset, _mm256_set1_epi32((int32_t)tap), take);
  }
  *max = kl_max_next(*max, v);
}

/* indices[l] = first + l*stride + offset[l] (int32 offsets) for l < n. */
static inline __attribute__((always_inline)) void kl_store_indices(int64_t* indices, int64_t first,
                                                                   int64_t stride, __m256i offset,
                                                                   int64_t n) {
  const __m256i base = _mm256_add_epi64(_mm256_set1_epi64x(first),
                                        _mm256_set_epi64x(3 * stride, 2 * stride, stride, 0));
  const __m256i lo = _mm256_add_epi64(base, _mm256_cvtepi32_epi64(_mm256_castsi256_si128(offset)));
  const __m256i hi = _mm256_add_epi64(_mm256_add_epi64(base, _mm256_set1_epi64x(4 * stride)),
                                      _mm256_cvtepi32_epi64(_mm256_extracti128_si256(offset, 1)));
  long long* out = (long long*)indices;
  if (n == KL_LANES) {
    _mm256_storeu_si256((__m256i*)out, lo);
    _mm256_storeu_si256((__m256i*)(out + 4), hi);
  } else {
    _mm256_maskstore_epi64(out, kl_leading64(n), lo);
    _mm256_maskstore_epi64(out + 4, kl_leading64(n - 4), hi);
  }
}

#endif /* KL_POOL_AVX2_H */
