/*
 * avgpool-x86.h - the interior block of the generic average-pooling row
 * microkernel, written once in the vector vocabulary of pool-avx2.h /
 * pool-avx512.h: avgpool-avx2.c and avgpool-avx512.c include their ISA header,
 * define kl_block_k2s2 (2-wide windows at stride 2 from shared loads, the one
 * ISA-specific shuffle), then include this and define the microkernel with
 * KL_AVGPOOL_DEFINE_UKERNEL. Lanes sum in the scalar kernel's order.
 */
#ifndef KL_AVGPOOL_X86_H
#define KL_AVGPOOL_X86_H

#include "pool/avgpool-ukernels.h"

/* Output columns [ow, ow + n) of the interior; n < KL_LANES only in a narrow interior. */
static inline __attribute__((always_inline)) void kl_block(const struct kl_pool_row_args* a,
                                                           int64_t ow, int64_t n, int64_t stride,
                                                           int with_indices) {
  if (stride == 2 && n == KL_LANES && a->kernel_w == 2) {
    kl_block_k2s2(a, ow);
    return;
  }
  const float* x = a->x + a->first + ow * stride - a->pad_w; /* lane 0's first tap */
  kl_vec sum = kl_v_zero();
  for (int64_t d = 0; d < a->depths; d++) {
    for (int64_t r = 0; r < a->rows; r++) {
      const float* row = x + d * a->depth_step + r * a->row_step;
      kl_vec row_sum = kl_v_zero();
      for (int64_t kw = 0; kw < a->kernel_w; kw++) {
        row_sum = kl_v_add(row_sum, kl_load(row + kw, stride, n));
      }
      sum = kl_v_add(sum, row_sum);
    }
  }
  const float divisor = kl_avgpool_divisor(a, a->kernel_w, a->kernel_w);
  const kl_vec quotient = kl_v_div(sum, kl_v_set1(divisor));
  kl_store(a->y + ow, kl_v_add(quotient, kl_v_zero()), n); /* -0 -> +0 */
}

#endif /* KL_AVGPOOL_X86_H */
