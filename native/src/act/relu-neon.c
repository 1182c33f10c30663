/*
 * relu-neon.c - ReLU, 16 floats per iteration, scalar tail (NEON has no masked
 * loads, and a full-width load would read past the buffer).
 *
 * FMAX would quiet signalling NaNs and turn -0 into +0, so instead clear the
 * bits of negative lanes: x < 0 is false for NaN and -0, which pass unchanged.
 */
#include <arm_neon.h>

#include "act/relu-ukernels.h"

static inline float32x4_t kl_relu_f32x4(float32x4_t v) {
  const uint32x4_t negative = vcltq_f32(v, vdupq_n_f32(0.0f));
  return vreinterpretq_f32_u32(vbicq_u32(vreinterpretq_u32_f32(v), negative));
}

void kl_f32_vrelu_ukernel__neon(int64_t n, const float* x, float* y) {
  for (; n >= 16; n -= 16, x += 16, y += 16) {
    const float32x4_t v0 = vld1q_f32(x);
    const float32x4_t v1 = vld1q_f32(x + 4);
    const float32x4_t v2 = vld1q_f32(x + 8);
    const float32x4_t v3 = vld1q_f32(x + 12);
    vst1q_f32(y, kl_relu_f32x4(v0));
    vst1q_f32(y + 4, kl_relu_f32x4(v1));
    vst1q_f32(y + 8, kl_relu_f32x4(v2));
    vst1q_f32(y + 12, kl_relu_f32x4(v3));
  }
  for (; n >= 4; n -= 4, x += 4, y += 4) {
    vst1q_f32(y, kl_relu_f32x4(vld1q_f32(x)));
  }
  kl_f32_vrelu_ukernel__scalar(n, x, y);
}
