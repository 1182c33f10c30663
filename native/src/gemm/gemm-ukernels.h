/*
 * gemm-ukernels.h - declarations of the f32 GEMM microkernels listed in
 * gemm.inc. Each follows the kl_f32_gemm_ukernel_fn contract (internal.h).
 */
#ifndef KL_GEMM_UKERNELS_H
#define KL_GEMM_UKERNELS_H

#include "internal.h"

#define KL_GEMM_UKERNEL(isa, fn, mr, nr, mc, kc, nc)                                          \
  void fn(int64_t kc_, const float* a, const float* b, float* c, int64_t ldc, int64_t m,     \
          int64_t n, float alpha, float beta);
#include "gemm/gemm.inc"
#undef KL_GEMM_UKERNEL

#endif /* KL_GEMM_UKERNELS_H */
