/*
 * maxpool-s2-neon.c - the stride-2 max-pooling microkernels networks use
 * most, 4 output columns per vector: 2x2s2 (ResNet-style downsampling) and
 * 3x3s2p1 (the ResNet stem). The NEON twin of maxpool-s2-avx2.c.
 *
 * Where the generic kernel gathers every tap's even columns with two loads and
 * an unzip, these split a row's 8 columns into even and odd taps with one
 * LD2; the 3x3 window's third tap is the even taps moved one lane, with the
 * block's ninth column inserted. Taps are visited in the window's order with
 * the scalar rule, so results match the scalar kernel bit for bit.
 */
#include <arm_neon.h>
#include <math.h>

#include "pool/maxpool-ukernels.h"

#define KL_LANES 4

/* Output columns [ow, ow + 4), all interior; reads p[0..2*kernel_w+4] of each row. */
static inline __attribute__((always_inline)) void kl_block_s2(const struct kl_pool_row_args* a,
                                                              int64_t ow, int64_t kernel_w,
                                                              int with_indices) {
  const int64_t first = a->first + 2 * ow - a->pad_w; /* lane 0's first tap */
  float32x4_t max = vdupq_n_f32(-INFINITY);
  uint32x4_t offset = vdupq_n_u32(0);
  for (int64_t d = 0; d < a->depths; d++) {
    for (int64_t r = 0; r < a->rows; r++) {
      const int64_t row = d * a->depth_step + r * a->row_step;
      const float* p = a->x + first + row;
      const float32x4x2_t pairs = vld2q_f32(p); /* p[2c], p[2c + 1] */
      float32x4_t taps[3] = {pairs.val[0], pairs.val[1]};
      if (kernel_w == 3) {
        taps[2] = vextq_f32(pairs.val[0], vld1q_dup_f32(p + 8), 1); /* p[2c + 2] */
      }
      for (int64_t kw = 0; kw < kernel_w; kw++) {
        const float32x4_t v = taps[kw];
        const uint32x4_t take = vorrq_u32(vcgtq_f32(v, max), vmvnq_u32(vceqq_f32(v, v)));
        max = vbslq_f32(take, v, max);
        if (with_indices) {
          offset = vbslq_u32(take, vdupq_n_u32((uint32_t)(row + kw)), offset);
        }
      }
    }
  }
  vst1q_f32(a->y + ow, max);
  if (with_indices) {
    const int64x2_t base =
        vaddq_s64(vdupq_n_s64(first), vcombine_s64(vdup_n_s64(0), vdup_n_s64(2)));
    const int64x2_t lo = vaddq_s64(base, vreinterpretq_s64_u64(vmovl_u32(vget_low_u32(offset))));
    const int64x2_t hi = vaddq_s64(vaddq_s64(base, vdupq_n_s64(4)),
                                   vreinterpretq_s64_u64(vmovl_u32(vget_high_u32(offset))));
    vst1q_s64(a->indices + ow, lo);
    vst1q_s64(a->indices + ow + 2, hi);
  }
}

KL_MAXPOOL_DEFINE_S2_UKERNEL(kl_f32_maxpool_ukernel_2x2s2__neon, 2, KL_LANES,
                             kl_f32_maxpool_ukernel__neon)
KL_MAXPOOL_DEFINE_S2_UKERNEL(kl_f32_maxpool_ukernel_3x3s2p1__neon, 3, KL_LANES,
                             kl_f32_maxpool_ukernel__neon)
