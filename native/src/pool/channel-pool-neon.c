/*
 * channel-pool-neon.c - channel pooling, 4 floats per vector: the AVX2
 * microkernels' logic (see channel-pool-avx2.c) with blocks of 32 columns.
 * NEON has no masked loads, so the last n % 4 columns take the scalar
 * microkernel (the same per-column order).
 *
 * max step: take v where m is not NaN and !(v <= m), with bit selects (FMAX
 * would pick +0 over -0 and quiet NaN payloads).
 */
#include <arm_neon.h>

#include "pool/channel-pool-ukernels.h"

#define KL_LANES 4
#define KL_BLOCK 8 /* vectors per register block */

static inline float32x4_t kl_max_step(float32x4_t m, float32x4_t v) {
  const uint32x4_t take = vandq_u32(vmvnq_u32(vcleq_f32(v, m)), vceqq_f32(m, m));
  return vbslq_f32(take, v, m);
}

/* Columns [0, vectors * 4) of x and y. Inlined with constant arguments. */
static inline __attribute__((always_inline)) void kl_block(int64_t channels, int64_t stride,
                                                           const float* x, float* y, int vectors,
                                                           int is_max) {
  float32x4_t acc[KL_BLOCK];
  for (int w = 0; w < vectors; w++) {
    const float32x4_t v = vld1q_f32(x + w * KL_LANES);
    acc[w] = is_max ? v : vaddq_f32(vdupq_n_f32(0.0f), v);
  }
  for (int64_t c = 1; c < channels; c++) {
    const float* row = x + c * stride;
    for (int w = 0; w < vectors; w++) {
      const float32x4_t v = vld1q_f32(row + w * KL_LANES);
      acc[w] = is_max ? kl_max_step(acc[w], v) : vaddq_f32(acc[w], v);
    }
  }
  const float32x4_t divisor = vdupq_n_f32((float)channels);
  for (int w = 0; w < vectors; w++) {
    vst1q_f32(y + w * KL_LANES, is_max ? acc[w] : vdivq_f32(acc[w], divisor));
  }
}

static inline __attribute__((always_inline)) void kl_columns(int64_t channels, int64_t n,
                                                             int64_t stride, const float* x,
                                                             float* y, int is_max) {
  int64_t i = 0;
  for (; i + KL_BLOCK * KL_LANES <= n; i += KL_BLOCK * KL_LANES) {
    kl_block(channels, stride, x + i, y + i, KL_BLOCK, is_max);
  }
  for (; i + KL_LANES <= n; i += KL_LANES) {
    kl_block(channels, stride, x + i, y + i, 1, is_max);
  }
  if (i < n) {
    (is_max ? kl_f32_channel_maxpool_ukernel__scalar : kl_f32_channel_avgpool_ukernel__scalar)(
        channels, n - i, stride, x + i, y + i);
  }
}

void kl_f32_channel_maxpool_ukernel_32x__neon(int64_t channels, int64_t n, int64_t stride,
                                              const float* x, float* y) {
  kl_columns(channels, n, stride, x, y, 1);
}

void kl_f32_channel_avgpool_ukernel_32x__neon(int64_t channels, int64_t n, int64_t stride,
                                              const float* x, float* y) {
  kl_columns(channels, n, stride, x, y, 0);
}
