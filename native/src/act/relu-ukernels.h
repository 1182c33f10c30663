/*
 * relu-ukernels.h - declarations of the f32 ReLU microkernels listed in
 * relu.inc. Each follows the kl_f32_vunary_ukernel_fn contract (internal.h) and
 * computes PyTorch's relu bit for bit: y = x < 0 ? +0 : x, so -0 and every NaN
 * (payload and sign included) pass through unchanged.
 */
#ifndef KL_RELU_UKERNELS_H
#define KL_RELU_UKERNELS_H

#include "internal.h"

#define KL_VUNARY_UKERNEL(isa, fn) void fn(int64_t n, const float* x, float* y);
#include "act/relu.inc"
#undef KL_VUNARY_UKERNEL

#endif /* KL_RELU_UKERNELS_H */
