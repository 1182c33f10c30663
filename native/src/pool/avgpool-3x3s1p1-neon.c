/*
 * avgpool-3x3s1p1-neon.c - average pooling with kernel 3, stride 1, padding 1
 * in h and w, 4 output columns per vector: avgpool-3x3s1p1.h's algorithm on
 * NEON vectors. NEON has no masked loads: a row narrower than a vector goes
 * through a small zeroed copy.
 */
#include <arm_neon.h>

#include "pool/avgpool-ukernels.h"

#define KL_LANES 4

typedef float32x4_t kl_vec;

static inline kl_vec kl_v_load(const float* p) { return vld1q_f32(p); }
static inline void kl_v_store(float* p, kl_vec v) { vst1q_f32(p, v); }
static inline kl_vec kl_v_load_n(const float* p, int64_t n) {
  float lanes[KL_LANES] = {0.0f};
  for (int64_t i = 0; i < n; i++) {
    lanes[i] = p[i];
  }
  return vld1q_f32(lanes);
}
static inline void kl_v_store_n(float* p, kl_vec v, int64_t n) {
  float lanes[KL_LANES];
  vst1q_f32(lanes, v);
  for (int64_t i = 0; i < n; i++) {
    p[i] = lanes[i];
  }
}
static inline kl_vec kl_v_add(kl_vec a, kl_vec b) { return vaddq_f32(a, b); }
/* A plain add: NEON cores add in their FMA pipes anyway. */
static inline kl_vec kl_v_add_fma(kl_vec a, kl_vec b) { return vaddq_f32(a, b); }
static inline kl_vec kl_v_div(kl_vec a, kl_vec b) { return vdivq_f32(a, b); }
static inline kl_vec kl_v_set1(float s) { return vdupq_n_f32(s); }
static inline kl_vec kl_v_with_first(kl_vec v, float s) { return vsetq_lane_f32(s, v, 0); }
static inline kl_vec kl_v_with_last(kl_vec v, float s) { return vsetq_lane_f32(s, v, 3); }
static inline kl_vec kl_v_zero(void) { return vdupq_n_f32(0.0f); }
static inline kl_vec kl_v_shift_up(kl_vec v) { return vextq_f32(vdupq_n_f32(0.0f), v, 3); }
static inline kl_vec kl_v_shift_down(kl_vec v) { return vextq_f32(v, vdupq_n_f32(0.0f), 1); }
static inline kl_vec kl_v_load_up(const float* p) { return kl_v_shift_up(vld1q_f32(p)); }
static inline kl_vec kl_v_load_down(const float* p) { return kl_v_shift_down(vld1q_f32(p)); }

static inline kl_vec kl_v_load_pair(const float* p, const float* q) {
  return vcombine_f32(vld1_f32(p), vld1_f32(q));
}
static inline kl_vec kl_v_load_pair_down(const float* p, const float* q) {
  return vcombine_f32(vset_lane_f32(0.0f, vld1_dup_f32(p + 1), 1),
                      vset_lane_f32(0.0f, vld1_dup_f32(q + 1), 1));
}
static inline void kl_v_store_pair(float* p, float* q, kl_vec v) {
  vst1_f32(p, vget_low_f32(v));
  vst1_f32(q, vget_high_f32(v));
}
static inline kl_vec kl_v_high_twice(kl_vec v) {
  return vcombine_f32(vget_high_f32(v), vget_high_f32(v));
}

#include "pool/avgpool-3x3s1p1.h"

void kl_f32_avgpool_ukernel_3x3s1p1__neon(const struct kl_pool_row_args* a) {
  kl_avgpool_3x3s1p1(a);
}
