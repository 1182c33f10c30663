/*
 * channel-pool-avx2.c - channel pooling, columns in register blocks of 64
 * (8 vectors, each row's slice is 4 whole cache lines), then single vectors,
 * then one masked vector for the last n % 8 columns. A block walks all
 * channels before it stores, so y is written once and x is read once.
 *
 * max step: vcmpps NLE_UQ is !(v <= m), PyTorch's own test; lanes whose m is
 * already NaN keep it.
 */
#include <immintrin.h>

#include "pool/channel-pool-ukernels.h"

#define KL_LANES 8
#define KL_BLOCK 8 /* vectors per register block */

static inline __m256i kl_leading32(int64_t r) {
  static const int32_t mask[16] = {-1, -1, -1, -1, -1, -1, -1, -1, 0, 0, 0, 0, 0, 0, 0, 0};
  return _mm256_loadu_si256((const __m256i*)(mask + 8 - r));
}

static inline __m256 kl_max_step(__m256 m, __m256 v) {
  const __m256 take =
      _mm256_andnot_ps(_mm256_cmp_ps(m, m, _CMP_UNORD_Q), _mm256_cmp_ps(v, m, _CMP_NLE_UQ));
  return _mm256_blendv_ps(m, v, take);
}

/* Columns [0, vectors * 8) of x and y, or the first `tail` columns when
 * tail > 0 (then vectors == 1). Inlined with constant arguments. */
static inline __attribute__((always_inline)) void kl_block(int64_t channels, int64_t stride,
                                                           const float* x, float* y, int vectors,
                                                           int64_t tail, int is_max) {
  const __m256i mask = kl_leading32(tail);
  __m256 acc[KL_BLOCK];
  for (int w = 0; w < vectors; w++) {
    const __m256 v = tail > 0 ? _mm256_maskload_ps(x, mask) : _mm256_loadu_ps(x + w * KL_LANES);
    acc[w] = is_max ? v : _mm256_add_ps(_mm256_setzero_ps(), v);
  }
  for (int64_t c = 1; c < channels; c++) {
    const float* row = x + c * stride;
    for (int w = 0; w < vectors; w++) {
      const __m256 v =
          tail > 0 ? _mm256_maskload_ps(row, mask) : _mm256_loadu_ps(row + w * KL_LANES);
      acc[w] = is_max ? kl_max_step(acc[w], v) : _mm256_add_ps(acc[w], v);
    }
  }
  const __m256 divisor = _mm256_set1_ps((float)channels);
  for (int w = 0; w < vectors; w++) {
    const __m256 out = is_max ? acc[w] : _mm256_div_ps(acc[w], divisor);
    if (tail > 0) {
      _mm256_maskstore_ps(y, mask, out);
    } else {
      _mm256_storeu_ps(y + w * KL_LANES, out);
    }
  }
}

#include "pool/channel-pool-x86.h"

void kl_f32_channel_maxpool_ukernel_64x__avx2(int64_t channels, int64_t n, int64_t stride,
                                              const float* x, float* y) {
  kl_columns(channels, n, stride, x, y, 1);
}

void kl_f32_channel_avgpool_ukernel_64x__avx2(int64_t channels, int64_t n, int64_t stride,
                                              const float* x, float* y) {
  kl_columns(channels, n, stride, x, y, 0);
}
