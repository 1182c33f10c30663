/*
 * maxpool2d-avx2.c - max pooling of a row, 8 output columns per vector.
 *
 * Interior blocks (every tap inside the row): stride 1 loads columns
 * contiguously, stride 2 loads two overlapping vectors and takes the even
 * elements with a shuffle and a permute; a block narrower than the vector uses
 * masked loads and stores that touch only its own elements. Borders take the
 * scalar path.
 *
 * Per tap: max = isnan(v) ? v : vmaxps(v, max) (vmaxps returns max on ties
 * and when max is NaN), a short value chain; a lane's index moves when
 * (v > max || isnan(v)). Both are the scalar rule lane by lane, so values
 * (NaN payloads, -0 vs +0) and indices match it bit for bit.
 */
#include <immintrin.h>
#include <math.h>

#include "pool/maxpool2d-ukernels.h"

#define KL_LANES 8

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

/* Lane l = p[l * stride] for l < n, reading nothing past p[(n - 1) * stride]. */
static inline __attribute__((always_inline)) __m256 kl_load(const float* p, int64_t stride,
                                                            int64_t n) {
  const int full = n == KL_LANES;
  if (stride == 1) {
    return full ? _mm256_loadu_ps(p) : _mm256_maskload_ps(p, kl_leading32(n));
  }
  /* lo = p[0..7], hi = p[7..14]: the evens of p[0..14] are lo 0,2,4,6 and hi 1,3,5,7. */
  const __m256 lo = full ? _mm256_loadu_ps(p) : _mm256_maskload_ps(p, kl_leading32(2 * n - 1));
  const __m256 hi = full ? _mm256_loadu_ps(p + 7) : _mm256_maskload_ps(p + 7, kl_leading32(2 * n - 8));
  const __m256 pairs = _mm256_shuffle_ps(lo, hi, _MM_SHUFFLE(3, 1, 2, 0));
  return _mm256_castpd_ps(_mm256_permute4x64_pd(_mm256_castps_pd(pairs), _MM_SHUFFLE(3, 1, 2, 0)));
}

/* Output columns [ow, ow + n) of the interior; n < KL_LANES only in a narrow interior. */
static inline __attribute__((always_inline)) void kl_block(const struct kl_maxpool2d_row_args* a,
                                                           int64_t ow, int64_t n, int64_t stride,
                                                           int with_indices) {
  const int64_t in_w = a->in_w;
  const int64_t first = a->ih0 * in_w + ow * stride - a->pad_w; /* lane 0's first tap */
  __m256 max = _mm256_set1_ps(-INFINITY);
  __m256 offset = _mm256_setzero_ps(); /* int32: each lane's winner, from its first tap */
  for (int64_t r = 0; r < a->rows; r++) {
    for (int64_t kw = 0; kw < a->kernel_w; kw++) {
      const int64_t tap = r * a->dilation_h * in_w + kw * a->dilation_w;
      const __m256 v = kl_load(a->x + first + tap, stride, n);
      const __m256 nan = _mm256_cmp_ps(v, v, _CMP_UNORD_Q);
      if (with_indices) {
        const __m256 take = _mm256_or_ps(_mm256_cmp_ps(v, max, _CMP_GT_OQ), nan);
        offset = _mm256_blendv_ps(offset, _mm256_castsi256_ps(_mm256_set1_epi32((int32_t)tap)), take);
      }
      max = _mm256_blendv_ps(_mm256_max_ps(v, max), v, nan);
    }
  }
  const int full = n == KL_LANES;
  if (full) {
    _mm256_storeu_ps(a->y + ow, max);
  } else {
    _mm256_maskstore_ps(a->y + ow, kl_leading32(n), max);
  }
  if (with_indices) {
    const __m256i off = _mm256_castps_si256(offset);
    const __m256i base = _mm256_add_epi64(_mm256_set1_epi64x(first),
                                          _mm256_set_epi64x(3 * stride, 2 * stride, stride, 0));
    const __m256i lo = _mm256_add_epi64(base, _mm256_cvtepi32_epi64(_mm256_castsi256_si128(off)));
    const __m256i hi = _mm256_add_epi64(_mm256_add_epi64(base, _mm256_set1_epi64x(4 * stride)),
                                        _mm256_cvtepi32_epi64(_mm256_extracti128_si256(off, 1)));
    long long* out = (long long*)(a->indices + ow);
    if (full) {
      _mm256_storeu_si256((__m256i*)out, lo);
      _mm256_storeu_si256((__m256i*)(out + 4), hi);
    } else {
      _mm256_maskstore_epi64(out, kl_leading64(n), lo);
      _mm256_maskstore_epi64(out + 4, kl_leading64(n - 4), hi);
    }
  }
}

KL_MAXPOOL2D_DEFINE_UKERNEL(kl_f32_maxpool2d_ukernel__avx2, KL_LANES)
