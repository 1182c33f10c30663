/*
 * maxpool-x86.h - the interior block of the generic max-pooling row
 * microkernel, written once in the vector vocabulary of pool-avx2.h /
 * pool-avx512.h: maxpool-avx2.c and maxpool-avx512.c include their ISA header,
 * then this one, then define the microkernel with KL_MAXPOOL_DEFINE_UKERNEL.
 *
 * Per tap, kl_max_update applies the scalar rule lane by lane, so values (NaN
 * payloads, -0 vs +0) and indices match the scalar kernel bit for bit.
 */
#ifndef KL_MAXPOOL_X86_H
#define KL_MAXPOOL_X86_H

#include <math.h>

#include "pool/maxpool-ukernels.h"

/* Output columns [ow, ow + n) of the interior; n < KL_LANES only in a narrow interior. */
static inline __attribute__((always_inline)) void kl_block(const struct kl_pool_row_args* a,
                                                           int64_t ow, int64_t n, int64_t stride,
                                                           int with_indices) {
  const int64_t first = a->first + ow * stride - a->pad_w; /* lane 0's first tap */
  kl_vec max = kl_v_set1(-INFINITY);
  kl_ivec offset = kl_iv_zero(); /* each lane's winner, from its first tap */
  for (int64_t d = 0; d < a->depths; d++) {
    for (int64_t r = 0; r < a->rows; r++) {
      const int64_t row = d * a->depth_step + r * a->row_step;
      for (int64_t kw = 0; kw < a->kernel_w; kw++) {
        const int64_t tap = row + kw * a->dilation_w;
        kl_max_update(&max, &offset, kl_load(a->x + first + tap, stride, n), tap, with_indices);
      }
    }
  }
  kl_store(a->y + ow, max, n);
  if (with_indices) {
    kl_store_indices(a->indices + ow, first, stride, offset, n);
  }
}

#endif /* KL_MAXPOOL_X86_H */
