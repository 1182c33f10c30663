/*
 * adaptive-pool-neon.c - adaptive pooling of a regular row, 4 outputs per
 * vector: the AVX2 microkernels' logic (see adaptive-pool-avx2.c) for k = 1
 * (plain loads) and k = 2 (two overlapping loads, unzipped). NEON has neither
 * masked loads nor a cheap gather, so partial blocks and k > 2 take the scalar
 * path.
 *
 * max takes lanes where (v > max || isnan(v)) with bit selects: the scalar
 * rule lane by lane (FMAX would quiet NaNs and order -0 < +0).
 */
#include <arm_neon.h>
#include <math.h>

#include "pool/adaptive-pool-ukernels.h"

#define KL_LANES 4

/* Lane l = p[l * k] for k in {1, 2}, reading nothing past p[3 * k]. */
static inline __attribute__((always_inline)) float32x4_t kl_load(const float* p, int64_t k) {
  if (k == 1) {
    return vld1q_f32(p);
  }
  /* lo = p[0..3], hi = p[3..6]: the evens of p[0..6] are lo 0,2 and hi 1,3. */
  const float32x4_t lo = vld1q_f32(p);
  const float32x4_t hi = vld1q_f32(p + 3);
  return vcombine_f32(vget_low_f32(vuzp1q_f32(lo, lo)), vget_low_f32(vuzp2q_f32(hi, hi)));
}

static inline __attribute__((always_inline)) void kl_avg_block(const struct kl_adaptive_row_args* a,
                                                               int64_t ow, int64_t n) {
  const int64_t k = a->k;
  if (n != KL_LANES || k > 2) {
    kl_f32_adaptive_avgpool_columns__scalar(a, ow, ow + n);
    return;
  }
  float32x4_t sum = vdupq_n_f32(0.0f);
  for (int64_t d = a->d0; d < a->d1; d++) {
    for (int64_t h = a->h0; h < a->h1; h++) {
      const float* p = a->x + (d * a->in_h + h) * a->in_w + ow * k;
      for (int64_t w = 0; w < k; w++) {
        sum = vaddq_f32(sum, kl_load(p + w, k));
      }
    }
  }
  sum = vdivq_f32(sum, vdupq_n_f32((float)(a->d1 - a->d0)));
  sum = vdivq_f32(sum, vdupq_n_f32((float)(a->h1 - a->h0)));
  vst1q_f32(a->y + ow, vdivq_f32(sum, vdupq_n_f32((float)k)));
}

static inline __attribute__((always_inline)) void kl_max_block(const struct kl_adaptive_row_args* a,
                                                               int64_t ow, int64_t n) {
  const int64_t k = a->k;
  if (n != KL_LANES || k > 2) {
    kl_f32_adaptive_maxpool_columns__scalar(a, ow, ow + n);
    return;
  }
  const int64_t first = (a->d0 * a->in_h + a->h0) * a->in_w + ow * k; /* lane 0's first element */
  float32x4_t max = vdupq_n_f32(-INFINITY);
  uint32x4_t offset = vdupq_n_u32(0); /* each lane's winner, from its first element */
  for (int64_t d = a->d0; d < a->d1; d++) {
    for (int64_t h = a->h0; h < a->h1; h++) {
      const int64_t row = ((d - a->d0) * a->in_h + (h - a->h0)) * a->in_w;
      for (int64_t w = 0; w < k; w++) {
        const float32x4_t v = kl_load(a->x + first + row + w, k);
        const uint32x4_t take = vorrq_u32(vcgtq_f32(v, max), vmvnq_u32(vceqq_f32(v, v)));
        max = vbslq_f32(take, v, max);
        offset = vbslq_u32(take, vdupq_n_u32((uint32_t)(row + w)), offset);
      }
    }
  }
  vst1q_f32(a->y + ow, max);
  if (a->indices != NULL) {
    const int64x2_t base =
        vaddq_s64(vdupq_n_s64(first), vcombine_s64(vdup_n_s64(0), vdup_n_s64(k)));
    const int64x2_t lo = vaddq_s64(base, vreinterpretq_s64_u64(vmovl_u32(vget_low_u32(offset))));
    const int64x2_t hi = vaddq_s64(vaddq_s64(base, vdupq_n_s64(2 * k)),
                                   vreinterpretq_s64_u64(vmovl_u32(vget_high_u32(offset))));
    vst1q_s64(a->indices + ow, lo);
    vst1q_s64(a->indices + ow + 2, hi);
  }
}

void kl_f32_adaptive_avgpool_ukernel__neon(const struct kl_adaptive_row_args* args) {
  kl_adaptive_row(args, KL_LANES, kl_avg_block, kl_f32_adaptive_avgpool_columns__scalar);
}

void kl_f32_adaptive_maxpool_ukernel__neon(const struct kl_adaptive_row_args* args) {
  kl_adaptive_row(args, KL_LANES, kl_max_block, kl_f32_adaptive_maxpool_columns__scalar);
}
