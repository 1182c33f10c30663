/*
 * dwconv-neon.c - depthwise convolution, 4 output columns per vector:
 * dwconv-simd.h's algorithm on NEON vectors. 32 q registers: 4 output rows
 * by 2 vectors per pass for the fixed kinds, 4 rows for the direct 3x3 stride
 * 2 (checked under qemu, not measured).
 */
#include <arm_neon.h>
#include <stdint.h>

typedef float32x4_t kl_vec;
#define KL_LANES 4

static inline kl_vec kl_v_load(const float* p) { return vld1q_f32(p); }
static inline void kl_v_store(float* p, kl_vec v) { vst1q_f32(p, v); }
static inline void kl_v_store_n(float* p, kl_vec v, int64_t n) {
  float lanes[4];
  vst1q_f32(lanes, v);
  for (int64_t i = 0; i < n; i++) {
    p[i] = lanes[i];
  }
}
static inline kl_vec kl_v_set1(float s) { return vdupq_n_f32(s); }
static inline kl_vec kl_v_fma(kl_vec a, kl_vec b, kl_vec c) { return vfmaq_f32(c, a, b); }
static inline void kl_v_deinterleave2(const float* p, float* e, float* o) {
  const float32x4x2_t v = vld2q_f32(p);
  vst1q_f32(e, v.val[0]);
  vst1q_f32(o, v.val[1]);
}

/* Outputs in order; the left taps are the odd columns of the stream two
 * columns earlier. */
static inline void kl_v_s2_taps(const float* p, kl_vec* l, kl_vec* c, kl_vec* r) {
  const float32x4x2_t v = vld2q_f32(p);
  *l = vld2q_f32(p - 2).val[1];
  *c = v.val[0];
  *r = v.val[1];
}
static inline void kl_v_s2_taps_n(const float* p, int64_t lo, int64_t hi, kl_vec* l, kl_vec* c,
                                  kl_vec* r) {
  float part[10] = {0}; /* p[-2, 8) */
  for (int64_t i = lo; i < hi; i++) {
    part[i + 2] = p[i];
  }
  kl_v_s2_taps(part + 2, l, c, r);
}
static inline kl_vec kl_v_s2_unorder(kl_vec v) { return v; }

#include "conv/dwconv-simd.h"

KL_DWCONV_DEFINE_GENERIC(kl_f32_dwconv_ukernel__neon)
KL_DWCONV_DEFINE_FIXED(kl_f32_dwconv_ukernel_3x3s1__neon, 4, 2, 3, 1)
KL_DWCONV_DEFINE_3X3S2(kl_f32_dwconv_ukernel_3x3s2__neon, 4, 4, 2)
KL_DWCONV_DEFINE_FIXED(kl_f32_dwconv_ukernel_5x5s1__neon, 4, 2, 5, 1)
KL_DWCONV_DEFINE_FIXED(kl_f32_dwconv_ukernel_5x5s2__neon, 4, 2, 5, 2)
