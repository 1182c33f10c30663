/*
 * avgpool-neon.c - average pooling of a row, 4 output columns per vector.
 *
 * Interior blocks (every tap inside the row, so one divisor): stride 1 loads
 * columns contiguously, stride 2 loads two overlapping vectors and unzips the
 * even elements. NEON has no masked loads, so an interior narrower than a
 * vector, like the borders, takes the scalar path. Lanes sum in the scalar
 * kernel's order, so they match it.
 */
#include <arm_neon.h>

#include "pool/avgpool-ukernels.h"

#define KL_LANES 4

/* Lane l = p[l * stride], reading nothing past p[3 * stride]. */
static inline __attribute__((always_inline)) float32x4_t kl_load(const float* p, int64_t stride) {
  if (stride == 1) {
    return vld1q_f32(p);
  }
  const float32x4_t lo = vld1q_f32(p), hi = vld1q_f32(p + 3); /* evens: lo 0,2 and hi 1,3 */
  return vcombine_f32(vget_low_f32(vuzp1q_f32(lo, lo)), vget_low_f32(vuzp2q_f32(hi, hi)));
}

/* Output columns [ow, ow + n) of the interior; n < KL_LANES takes the scalar path. */
static inline __attribute__((always_inline)) void kl_block(const struct kl_pool_row_args* a,
                                                           int64_t ow, int64_t n, int64_t stride,
                                                           int with_indices) {
  if (n != KL_LANES) {
    kl_f32_avgpool_columns__scalar(a, ow, ow + n);
    return;
  }
  const float* x = a->x + a->first + ow * stride - a->pad_w; /* lane 0's first tap */
  float32x4_t sum = vdupq_n_f32(0.0f);
  for (int64_t d = 0; d < a->depths; d++) {
    for (int64_t r = 0; r < a->rows; r++) {
      const float* row = x + d * a->depth_step + r * a->row_step;
      float32x4_t row_sum = vdupq_n_f32(0.0f);
      for (int64_t kw = 0; kw < a->kernel_w; kw++) {
        row_sum = vaddq_f32(row_sum, kl_load(row + kw, stride));
      }
      sum = vaddq_f32(sum, row_sum);
    }
  }
  const float divisor = kl_avgpool_divisor(a, a->kernel_w, a->kernel_w);
  const float32x4_t quotient = vdivq_f32(sum, vdupq_n_f32(divisor));
  vst1q_f32(a->y + ow, vaddq_f32(quotient, vdupq_n_f32(0.0f))); /* -0 -> +0 */
}

KL_AVGPOOL_DEFINE_UKERNEL(kl_f32_avgpool_ukernel__neon, KL_LANES)
