/*
 * maxpool-neon.c - max pooling of a row, 4 output columns per vector.
 *
 * Interior blocks (every tap inside the row): stride 1 loads columns
 * contiguously, stride 2 loads two overlapping vectors and unzips the even
 * elements. NEON has no masked loads, so an interior narrower than a vector,
 * like the borders, takes the scalar path.
 *
 * Per tap, lanes where (v > max || isnan(v)) take v and its tap, with bit
 * selects: the scalar rule lane by lane, so values (NaN payloads, -0 vs +0)
 * and indices match it bit for bit. (FMAX would quiet NaNs and order -0 < +0.)
 */
#include <arm_neon.h>
#include <math.h>

#include "pool/maxpool-ukernels.h"

#define KL_LANES 4

/* Lane l = p[l * stride], reading nothing past p[3 * stride]. */
static inline __attribute__((always_inline)) float32x4_t kl_load(const float* p, int64_t stride) {
  if (stride == 1) {
    return vld1q_f32(p);
  }
  /* lo = p[0..3], hi = p[3..6]: the evens of p[0..6] are lo 0,2 and hi 1,3. */
  const float32x4_t lo = vld1q_f32(p);
  const float32x4_t hi = vld1q_f32(p + 3);
  return vcombine_f32(vget_low_f32(vuzp1q_f32(lo, lo)), vget_low_f32(vuzp2q_f32(hi, hi)));
}

/* Output columns [ow, ow + n) of the interior; n < KL_LANES, only in a narrow
 * interior, takes the scalar path. */
static inline __attribute__((always_inline)) void kl_block(const struct kl_pool_row_args* a,
                                                           int64_t ow, int64_t n, int64_t stride,
                                                           int with_indices) {
  if (n != KL_LANES) {
    kl_f32_maxpool_columns__scalar(a, ow, ow + n);
    return;
  }
  const int64_t first = a->first + ow * stride - a->pad_w; /* lane 0's first tap */
  float32x4_t max = vdupq_n_f32(-INFINITY);
  uint32x4_t offset = vdupq_n_u32(0); /* each lane's winner, from its first tap */
  for (int64_t d = 0; d < a->depths; d++) {
    for (int64_t r = 0; r < a->rows; r++) {
      const int64_t row = d * a->depth_step + r * a->row_step;
      for (int64_t kw = 0; kw < a->kernel_w; kw++) {
        const int64_t tap = row + kw * a->dilation_w;
        const float32x4_t v = kl_load(a->x + first + tap, stride);
        const uint32x4_t take = vorrq_u32(vcgtq_f32(v, max), vmvnq_u32(vceqq_f32(v, v)));
        max = vbslq_f32(take, v, max);
        if (with_indices) {
          offset = vbslq_u32(take, vdupq_n_u32((uint32_t)tap), offset);
        }
      }
    }
  }
  vst1q_f32(a->y + ow, max);
  if (with_indices) {
    const int64x2_t base =
        vaddq_s64(vdupq_n_s64(first), vcombine_s64(vdup_n_s64(0), vdup_n_s64(stride)));
    const int64x2_t lo = vaddq_s64(base, vreinterpretq_s64_u64(vmovl_u32(vget_low_u32(offset))));
    const int64x2_t hi = vaddq_s64(vaddq_s64(base, vdupq_n_s64(2 * stride)),
                                   vreinterpretq_s64_u64(vmovl_u32(vget_high_u32(offset))));
    vst1q_s64(a->indices + ow, lo);
    vst1q_s64(a->indices + ow + 2, hi);
  }
}

KL_MAXPOOL_DEFINE_UKERNEL(kl_f32_maxpool_ukernel__neon, KL_LANES)
