/*
 * global-pool-ukernels.h - the contract of the f32 global pooling
 * microkernels listed in global-pool.inc, their declarations, and the max rule
 * their vector paths share.
 *
 * A microkernel reduces `planes` consecutive planes of `plane_size` >= 1
 * floats each (x[p * plane_size + i]) to y[p]:
 *  - avg: y[p] = (sum of the plane) / plane_size. The summation order is the
 *    microkernel's own but depends only on the plane's data, never on which
 *    other planes share the call, so any split over threads is bitwise stable.
 *  - max: PyTorch's adaptive max rule over the plane in order: start at -inf
 *    with index 0, take x[i] when (x[i] > max || isnan(x[i])), so ties keep the
 *    first and the last NaN wins; indices[p] = the winner's i (indices may be
 *    NULL). Every ISA returns the same bits and indices as the scalar one.
 */
#ifndef KL_GLOBAL_POOL_UKERNELS_H
#define KL_GLOBAL_POOL_UKERNELS_H

#include <math.h>

#include "internal.h"

#define KL_GAVGPOOL_UKERNEL(isa, fn) \
  void fn(int64_t planes, int64_t plane_size, const float* x, float* y);
#define KL_GMAXPOOL_UKERNEL(isa, fn) \
  void fn(int64_t planes, int64_t plane_size, const float* x, float* y, int64_t* indices);
#include "pool/global-pool.inc"
#undef KL_GAVGPOOL_UKERNEL
#undef KL_GMAXPOOL_UKERNEL

/* The max rule, continued over x[begin, end) from the state (*max, *index). */
static inline void kl_gmax_scan(const float* x, int64_t begin, int64_t end, float* max,
                                int64_t* index) {
  float m = *max;
  int64_t at = *index;
  for (int64_t i = begin; i < end; i++) {
    const float v = x[i];
    if (v > m || isnan(v)) {
      m = v;
      at = i;
    }
  }
  *max = m;
  *index = at;
}

/* Merges one SIMD lane's winner (v, i) into (*max, *index) when the lanes'
 * elements interleave: each lane applied the rule to its own elements, so the
 * plane's winner is the NaN with the largest index if any lane holds one, else
 * the largest value with the smallest index (the first of the ties: -0 and +0
 * tie too). */
static inline void kl_gmax_merge_lane(float* max, int64_t* index, float v, int64_t i) {
  const int m_nan = isnan(*max);
  const int take =
      isnan(v) ? !m_nan || i > *index : !m_nan && (v > *max || (v == *max && i < *index));
  if (take) {
    *max = v;
    *index = i;
  }
}

/* Combines `lanes` lane winners (their values and int32 indices), then scans
 * the plane's tail [tail, plane_size) in order and stores the result. */
static inline void kl_gmax_finish(const float* lane_max, const int32_t* lane_index, int lanes,
                                  const float* x, int64_t tail, int64_t plane_size, float* y,
                                  int64_t* indices) {
  float max = lane_max[0];
  int64_t index = lane_index[0];
  for (int l = 1; l < lanes; l++) {
    kl_gmax_merge_lane(&max, &index, lane_max[l], lane_index[l]);
  }
  kl_gmax_scan(x, tail, plane_size, &max, &index);
  *y = max;
  if (indices != NULL) {
    *indices = index;
  }
}

/* Whether a vector path can track positions as int32 lanes. */
static inline int kl_gmax_vectorizable(int64_t plane_size, int64_t lanes) {
  return plane_size >= lanes && plane_size <= INT32_MAX - lanes;
}

/* Defines the SIMD global max microkernel `fn` around the including file's
 *   static void kl_gmax_plane(const float* x, int64_t plane_size, float* y, int64_t* index);
 * (one plane, `lanes` wide); planes it cannot index take the scalar kernel. */
#define KL_GMAX_DEFINE_UKERNEL(fn, lanes)                                                       \
  void fn(int64_t planes, int64_t plane_size, const float* x, float* y, int64_t* indices) {    \
    if (!kl_gmax_vectorizable(plane_size, lanes)) {                                             \
      kl_f32_gmaxpool_ukernel__scalar(planes, plane_size, x, y, indices);                       \
      return;                                                                                   \
    }                                                                                           \
    for (int64_t p = 0; p < planes; p++) {                                                      \
      kl_gmax_plane(x + p * plane_size, plane_size, y + p, indices != NULL ? indices + p : NULL); \
    }                                                                                           \
  }

#endif /* KL_GLOBAL_POOL_UKERNELS_H */
