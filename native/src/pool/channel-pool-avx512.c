/*
 * channel-pool-avx512.c - channel pooling, 16 floats per vector: the AVX2
 * microkernels' logic (see channel-pool-avx2.c) with blocks of 128 columns
 * and a k-masked tail.
 */
#include <immintrin.h>

#include "pool/channel-pool-ukernels.h"

#define KL_LANES 16
#define KL_BLOCK 8 /* vectors per register block */

static inline __m512 kl_max_step(__m512 m, __m512 v) {
  const __mmask16 take =
      _mm512_cmp_ps_mask(v, m, _CMP_NLE_UQ) & _mm512_cmp_ps_mask(m, m, _CMP_ORD_Q);
  return _mm512_mask_mov_ps(m, take, v);
}

/* Columns [0, vectors * 16) of x and y, or the first `tail` columns when
 * tail > 0 (then vectors == 1). Inlined with constant arguments. */
static inline __attribute__((always_inline)) void kl_block(int64_t channels, int64_t stride,
                                                           const float* x, float* y, int vectors,
                                                           int64_t tail, int is_max) {
  const __mmask16 mask = tail > 0 ? (__mmask16)((1u << tail) - 1) : (__mmask16)0xffff;
  __m512 acc[KL_BLOCK];
  for (int w = 0; w < vectors; w++) {
    const __m512 v = _mm512_maskz_loadu_ps(mask, x + w * KL_LANES);
    acc[w] = is_max ? v : _mm512_add_ps(_mm512_setzero_ps(), v);
  }
  for (int64_t c = 1; c < channels; c++) {
    const float* row = x + c * stride;
    for (int w = 0; w < vectors; w++) {
      const __m512 v = _mm512_maskz_loadu_ps(mask, row + w * KL_LANES);
      acc[w] = is_max ? kl_max_step(acc[w], v) : _mm512_add_ps(acc[w], v);
    }
  }
  const __m512 divisor = _mm512_set1_ps((float)channels);
  for (int w = 0; w < vectors; w++) {
    _mm512_mask_storeu_ps(y + w * KL_LANES, mask, is_max ? acc[w] : _mm512_div_ps(acc[w], divisor));
  }
}

#include "pool/channel-pool-x86.h"

void kl_f32_channel_maxpool_ukernel_128x__avx512(int64_t channels, int64_t n, int64_t stride,
                                                 const float* x, float* y) {
  kl_columns(channels, n, stride, x, y, 1);
}

void kl_f32_channel_avgpool_ukernel_128x__avx512(int64_t channels, int64_t n, int64_t stride,
                                                 const float* x, float* y) {
  kl_columns(channels, n, stride, x, y, 0);
}
