/*
 * adaptive-pool-avx2.c - adaptive pooling of a regular row (in_w = k*out_w),
 * 8 outputs per vector, lane l summing or scanning the window of output ow+l.
 *
 * A tap loads each lane's element at stride k: k = 1 is a plain load, k = 2
 * two loads and an even-element shuffle, larger k a gather. The last block of
 * a row is masked (loads, gathers and stores touch only its own outputs), so
 * short rows such as 7 outputs stay vector code.
 *
 * Each lane visits its window in (d, h, w) order with the scalar rule, so
 * values and indices match the scalar microkernels bit for bit.
 */
#include <immintrin.h>
#include <math.h>

#include "pool/adaptive-pool-ukernels.h"

#define KL_LANES 8

/* 8 int32s with the first r (clamped to [0, 8]) all ones; 4 int64s likewise. */
static inline __m256i kl_leading32(int64_t r) {
  static const int32_t mask[16] = {-1, -1, -1, -1, -1, -1, -1, -1, 0, 0, 0, 0, 0, 0, 0, 0};
  r = r < 0 ? 0 : r > 8 ? 8 : r;
  return _mm256_loadu_si256((const __m256i*)(mask + 8 - r));
}

static inline __m256i kl_leading64(int64_t r) {
  static const int64_t mask[8] = {-1, -1, -1, -1, 0, 0, 0, 0};
  r = r < 0 ? 0 : r > 4 ? 4 : r;
  return _mm256_loadu_si256((const __m256i*)(mask + 4 - r));
}

/* Lane l = p[l * k] for l < n, reading nothing past p[(n - 1) * k]. */
static inline __attribute__((always_inline)) __m256 kl_load(const float* p, int64_t k, int64_t n) {
  const int full = n == KL_LANES;
  if (k == 1) {
    return full ? _mm256_loadu_ps(p) : _mm256_maskload_ps(p, kl_leading32(n));
  }
  if (k == 2) {
    /* lo = p[0..7], hi = p[7..14]: the evens of p[0..14] are lo 0,2,4,6 and hi
     * 1,3,5,7. */
    const __m256 lo = full ? _mm256_loadu_ps(p) : _mm256_maskload_ps(p, kl_leading32(2 * n - 1));
    const __m256 hi =
        full ? _mm256_loadu_ps(p + 7) : _mm256_maskload_ps(p + 7, kl_leading32(2 * n - 8));
    const __m256 pairs = _mm256_shuffle_ps(lo, hi, _MM_SHUFFLE(3, 1, 2, 0));
    return _mm256_castpd_ps(
        _mm256_permute4x64_pd(_mm256_castps_pd(pairs), _MM_SHUFFLE(3, 1, 2, 0)));
  }
  const __m256i offsets =
      _mm256_mullo_epi32(_mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7), _mm256_set1_epi32((int32_t)k));
  return _mm256_mask_i32gather_ps(_mm256_setzero_ps(), p, offsets,
                                  _mm256_castsi256_ps(kl_leading32(n)), sizeof(float));
}

static inline void kl_store(float* y, __m256 v, int64_t n) {
  if (n == KL_LANES) {
    _mm256_storeu_ps(y, v);
  } else {
    _mm256_maskstore_ps(y, kl_leading32(n), v);
  }
}

static inline __attribute__((always_inline)) void kl_avg_block(const struct kl_adaptive_row_args* a,
                                                               int64_t ow, int64_t n) {
  const int64_t k = a->k;
  __m256 sum = _mm256_setzero_ps();
  for (int64_t d = a->d0; d < a->d1; d++) {
    for (int64_t h = a->h0; h < a->h1; h++) {
      const float* p = a->x + (d * a->in_h + h) * a->in_w + ow * k;
      for (int64_t w = 0; w < k; w++) {
        sum = _mm256_add_ps(sum, kl_load(p + w, k, n));
      }
    }
  }
  sum = _mm256_div_ps(sum, _mm256_set1_ps((float)(a->d1 - a->d0)));
  sum = _mm256_div_ps(sum, _mm256_set1_ps((float)(a->h1 - a->h0)));
  kl_store(a->y + ow, _mm256_div_ps(sum, _mm256_set1_ps((float)k)), n);
}

static inline __attribute__((always_inline)) void kl_max_block(const struct kl_adaptive_row_args* a,
                                                               int64_t ow, int64_t n) {
  const int64_t k = a->k;
  const int64_t first = (a->d0 * a->in_h + a->h0) * a->in_w + ow * k; /* lane 0's first element */
  __m256 max = _mm256_set1_ps(-INFINITY);
  __m256 offset = _mm256_setzero_ps(); /* int32: each lane's winner, from its
                                          first element */
  for (int64_t d = a->d0; d < a->d1; d++) {
    for (int64_t h = a->h0; h < a->h1; h++) {
      const int64_t row = ((d - a->d0) * a->in_h + (h - a->h0)) * a->in_w;
      for (int64_t w = 0; w < k; w++) {
        const __m256 v = kl_load(a->x + first + row + w, k, n);
        const __m256 take =
            _mm256_or_ps(_mm256_cmp_ps(v, max, _CMP_GT_OQ), _mm256_cmp_ps(v, v, _CMP_UNORD_Q));
        max = _mm256_blendv_ps(max, v, take);
        offset = _mm256_blendv_ps(offset,
                                  _mm256_castsi256_ps(_mm256_set1_epi32((int32_t)(row + w))), take);
      }
    }
  }
  kl_store(a->y + ow, max, n);
  if (a->indices != NULL) {
    const __m256i off = _mm256_castps_si256(offset);
    const __m256i base =
        _mm256_add_epi64(_mm256_set1_epi64x(first), _mm256_set_epi64x(3 * k, 2 * k, k, 0));
    const __m256i lo = _mm256_add_epi64(base, _mm256_cvtepi32_epi64(_mm256_castsi256_si128(off)));
    const __m256i hi = _mm256_add_epi64(_mm256_add_epi64(base, _mm256_set1_epi64x(4 * k)),
                                        _mm256_cvtepi32_epi64(_mm256_extracti128_si256(off, 1)));
    long long* out = (long long*)(a->indices + ow);
    _mm256_maskstore_epi64(out, kl_leading64(n), lo);
    _mm256_maskstore_epi64(out + 4, kl_leading64(n - 4), hi);
  }
}

void kl_f32_adaptive_avgpool_ukernel__avx2(const struct kl_adaptive_row_args* args) {
  kl_adaptive_row(args, KL_LANES, kl_avg_block, kl_f32_adaptive_avgpool_columns__scalar);
}

void kl_f32_adaptive_maxpool_ukernel__avx2(const struct kl_adaptive_row_args* args) {
  kl_adaptive_row(args, KL_LANES, kl_max_block, kl_f32_adaptive_maxpool_columns__scalar);
}
