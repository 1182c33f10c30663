/*
 * channel-pool-ukernels.h - the contract of the f32 channel pooling
 * microkernels listed in channel-pool.inc, and their declarations.
 *
 * A microkernel reduces `channels` >= 1 rows of `n` floats, row c starting at
 * x + c * stride, column by column: y[i] = reduce over c of x[c * stride + i],
 * for i < n. Every column is reduced over c in order, so each ISA gives the
 * scalar bits (a SIMD lane is one column) and any split of the columns does:
 *  - avg: sum = +0, then sum += x[c] for c = 0, 1, ...; y = sum / channels
 *    (torch.mean's sum then divide).
 *  - max: torch.max(dim=1)'s rule: m = x[0], then for c >= 1 take v when m is
 *    not NaN and !(v <= m); so the first NaN wins, and ties (-0 vs +0 too) keep
 *    the first.
 */
#ifndef KL_CHANNEL_POOL_UKERNELS_H
#define KL_CHANNEL_POOL_UKERNELS_H

#include "internal.h"

#define KL_CHANNEL_MAXPOOL_UKERNEL(isa, fn) \
  void fn(int64_t channels, int64_t n, int64_t stride, const float* x, float* y);
#define KL_CHANNEL_AVGPOOL_UKERNEL(isa, fn) \
  void fn(int64_t channels, int64_t n, int64_t stride, const float* x, float* y);
#include "pool/channel-pool.inc"
#undef KL_CHANNEL_MAXPOOL_UKERNEL
#undef KL_CHANNEL_AVGPOOL_UKERNEL

#endif /* KL_CHANNEL_POOL_UKERNELS_H */
