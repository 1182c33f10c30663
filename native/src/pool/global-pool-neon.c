/*
 * global-pool-neon.c - global pooling, 4 floats per vector: the AVX2
 * microkernels' logic (see global-pool-avx2.c). NEON has no masked loads, so
 * a plane's last plane_size % 4 floats are added (or scanned) in scalar after
 * its vector part; the order still depends only on the plane.
 *
 * avg: 4 planes at a time, one accumulator each; two rounds of pairwise adds
 * turn the 4 accumulators into 4 sums ((a0+a1)+(a2+a3)), the order a lone
 * plane uses too.
 */
#include <arm_neon.h>

#include "pool/global-pool-ukernels.h"

#define KL_LANES 4
#define KL_GROUP 4

static inline float32x4_t kl_sum4x4(float32x4_t a0, float32x4_t a1, float32x4_t a2,
                                    float32x4_t a3) {
  return vpaddq_f32(vpaddq_f32(a0, a1), vpaddq_f32(a2, a3));
}

/* The plane's vector sum plus its tail, in order, divided. */
static inline float kl_finish(float vector_sum, const float* x, int64_t tail, int64_t plane_size) {
  float sum = vector_sum;
  for (int64_t i = tail; i < plane_size; i++) {
    sum += x[i];
  }
  return sum / (float)plane_size;
}

void kl_f32_gavgpool_ukernel_4p__neon(int64_t planes, int64_t plane_size, const float* x,
                                      float* y) {
  const int64_t full = plane_size / KL_LANES;
  for (; planes >= KL_GROUP; planes -= KL_GROUP, x += KL_GROUP * plane_size, y += KL_GROUP) {
    float32x4_t acc[KL_GROUP];
    for (int j = 0; j < KL_GROUP; j++) {
      acc[j] = vdupq_n_f32(0.0f);
    }
    for (int64_t k = 0; k < full; k++) {
      for (int j = 0; j < KL_GROUP; j++) {
        acc[j] = vaddq_f32(acc[j], vld1q_f32(x + j * plane_size + k * KL_LANES));
      }
    }
    float sums[KL_GROUP];
    vst1q_f32(sums, kl_sum4x4(acc[0], acc[1], acc[2], acc[3]));
    for (int j = 0; j < KL_GROUP; j++) {
      y[j] = kl_finish(sums[j], x + j * plane_size, full * KL_LANES, plane_size);
    }
  }
  for (; planes > 0; planes--, x += plane_size, y++) {
    float32x4_t acc = vdupq_n_f32(0.0f);
    for (int64_t k = 0; k < full; k++) {
      acc = vaddq_f32(acc, vld1q_f32(x + k * KL_LANES));
    }
    *y =
        kl_finish(vgetq_lane_f32(kl_sum4x4(acc, acc, acc, acc), 0), x, full * KL_LANES, plane_size);
  }
}

static void kl_gmax_plane(const float* x, int64_t plane_size, float* y, int64_t* index) {
  float32x4_t max = vdupq_n_f32(-INFINITY);
  static const int32_t first[KL_LANES] = {0, 1, 2, 3};
  int32x4_t at = vld1q_s32(first);
  int32x4_t pos = at;
  const int32x4_t step = vdupq_n_s32(KL_LANES);
  const int64_t full = plane_size / KL_LANES * KL_LANES;
  for (int64_t i = 0; i < full; i += KL_LANES) {
    const float32x4_t v = vld1q_f32(x + i);
    const uint32x4_t take = vorrq_u32(vcgtq_f32(v, max), vmvnq_u32(vceqq_f32(v, v)));
    max = vbslq_f32(take, v, max);
    at = vbslq_s32(take, pos, at);
    pos = vaddq_s32(pos, step);
  }
  float lane_max[KL_LANES];
  int32_t lane_index[KL_LANES];
  vst1q_f32(lane_max, max);
  vst1q_s32(lane_index, at);
  kl_gmax_finish(lane_max, lane_index, KL_LANES, x, full, plane_size, y, index);
}

KL_GMAX_DEFINE_UKERNEL(kl_f32_gmaxpool_ukernel__neon, KL_LANES)
