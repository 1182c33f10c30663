/*
 * maxpool-s2-neon.c - the stride-2 max-pooling microkernels networks use
 * most, 4 output columns per vector: 2x2s2 (ResNet-style downsampling) and
 * 3x3s2p1 (the ResNet stem), on the band driver of maxpool-s2.h. The NEON twin
 * of maxpool-s2-avx2.c.
 *
 * LD2 splits a row's 8 columns into even and odd taps; the 3x3 window's third
 * tap is the even taps moved one lane, with the block's ninth column inserted.
 * The fast path's plain max is a compare and a bit select (FMAX would quiet
 * NaNs and order -0 < +0, so it is no shortcut here).
 */
#include <arm_neon.h>
#include <math.h>

#include "pool/maxpool-ukernels.h"

#define KL_LANES 4

typedef float32x4_t kl_vec;
typedef uint32x4_t kl_ivec;

static inline float32x4_t kl_nan_none(void) { return vdupq_n_f32(0.0f); }
static inline int kl_nan_any(float32x4_t nan) {
  return vmaxvq_u32(vreinterpretq_u32_f32(nan)) != 0;
}
/* NEON intrinsics have no non-temporal store: kl_put stores plainly. */
static inline void kl_stream_fence(void) {}
#define KL_STREAM_ALIGN 16

/* One tap v following h: lanes where v > h (|| isnan(v), exact) take v. */
static inline __attribute__((always_inline)) void kl_take(float32x4_t* h, uint32x4_t* col,
                                                          float32x4_t v, uint32x4_t tap,
                                                          int with_indices, int exact) {
  uint32x4_t take = vcgtq_f32(v, *h);
  if (exact) {
    take = vorrq_u32(take, vmvnq_u32(vceqq_f32(v, v)));
  }
  *h = vbslq_f32(take, v, *h);
  if (with_indices) {
    *col = vbslq_u32(take, tap, *col);
  }
}

/* The fold of kernel_w = 2 or 3 taps p[2c + kw] for 4 columns c; col: each
 * lane's winning kw. Reads p[0..7] (2x2) or p[0..8] (3x3), p[1..] when left.
 * The fast path flags NaNs in p[0..7] (2x2) or p[1..8] (3x3: p[0] is the
 * previous block's p[8], or padding). */
static inline __attribute__((always_inline)) void kl_hrow(const float* p, int64_t kernel_w,
                                                          int left, int with_indices, int exact,
                                                          float32x4_t* h, uint32x4_t* col,
                                                          float32x4_t* nan) {
  float32x4_t taps[3];
  if (left) {
    /* p[1..8] split, then the evens moved up a lane behind -inf (the padding column). */
    const float32x4x2_t pairs = vld2q_f32(p + 1); /* p[2c + 1], p[2c + 2] */
    taps[0] = vextq_f32(vdupq_n_f32(-INFINITY), pairs.val[1], 3);
    taps[1] = pairs.val[0];
    taps[2] = pairs.val[1];
  } else {
    const float32x4x2_t pairs = vld2q_f32(p); /* p[2c], p[2c + 1] */
    taps[0] = pairs.val[0];
    taps[1] = pairs.val[1];
    if (kernel_w == 3) {
      taps[2] = vextq_f32(pairs.val[0], vld1q_dup_f32(p + 8), 1); /* p[2c + 2] */
    }
  }
  if (!exact) {
    /* A lane is unordered when either tap is NaN. */
    const float32x4_t a = taps[kernel_w - 2], b = taps[kernel_w - 1];
    const uint32x4_t ordered = vandq_u32(vceqq_f32(a, a), vceqq_f32(b, b));
    *nan = vreinterpretq_f32_u32(vorrq_u32(vreinterpretq_u32_f32(*nan), vmvnq_u32(ordered)));
  }
  *h = taps[0];
  /* Left: lane 0's first tap inside is its second (PyTorch's initial index). */
  *col = left ? vsetq_lane_u32(1, vdupq_n_u32(0), 0) : vdupq_n_u32(0);
  for (int64_t kw = 1; kw < kernel_w; kw++) {
    kl_take(h, col, taps[kw], vdupq_n_u32((uint32_t)kw), with_indices, exact);
  }
}

/* max followed by the row fold h (whose winners are col + row from the window's first tap). */
static inline __attribute__((always_inline)) void kl_fold(float32x4_t* max, uint32x4_t* offset,
                                                          float32x4_t h, uint32x4_t col,
                                                          int64_t row, int with_indices,
                                                          int exact) {
  kl_take(max, offset, h, vaddq_u32(col, vdupq_n_u32((uint32_t)row)), with_indices, exact);
}

static inline __attribute__((always_inline)) void kl_put(float* y, int64_t* indices, int64_t ow,
                                                         float32x4_t max, uint32x4_t offset,
                                                         int64_t first, int with_indices,
                                                         int stream) {
  vst1q_f32(y + ow, max);
  if (with_indices) {
    const int64x2_t base =
        vaddq_s64(vdupq_n_s64(first), vcombine_s64(vdup_n_s64(0), vdup_n_s64(2)));
    const int64x2_t lo = vaddq_s64(base, vreinterpretq_s64_u64(vmovl_u32(vget_low_u32(offset))));
    const int64x2_t hi = vaddq_s64(vaddq_s64(base, vdupq_n_s64(4)),
                                   vreinterpretq_s64_u64(vmovl_u32(vget_high_u32(offset))));
    vst1q_s64(indices + ow, lo);
    vst1q_s64(indices + ow + 2, hi);
  }
}

#include "pool/maxpool-s2.h"

KL_MAXPOOL_DEFINE_S2_UKERNEL(kl_f32_maxpool_ukernel_2x2s2__neon, 2, kl_f32_maxpool_ukernel__neon)
KL_MAXPOOL_DEFINE_S2_UKERNEL(kl_f32_maxpool_ukernel_3x3s2p1__neon, 3, kl_f32_maxpool_ukernel__neon)
