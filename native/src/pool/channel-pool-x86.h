/*
 * channel-pool-x86.h - how the AVX2 and AVX-512 channel-pooling microkernels
 * walk the columns, written once: whole register blocks, then single vectors,
 * then one partial vector. Included after the ISA file defines KL_LANES,
 * KL_BLOCK and kl_block(channels, stride, x, y, vectors, tail, is_max).
 */
#ifndef KL_CHANNEL_POOL_X86_H
#define KL_CHANNEL_POOL_X86_H

#include <stdint.h>

static inline __attribute__((always_inline)) void kl_columns(int64_t channels, int64_t n,
                                                             int64_t stride, const float* x,
                                                             float* y, int is_max) {
  int64_t i = 0;
  for (; i + KL_BLOCK * KL_LANES <= n; i += KL_BLOCK * KL_LANES) {
    kl_block(channels, stride, x + i, y + i, KL_BLOCK, 0, is_max);
  }
  for (; i + KL_LANES <= n; i += KL_LANES) {
    kl_block(channels, stride, x + i, y + i, 1, 0, is_max);
  }
  if (i < n) {
    kl_block(channels, stride, x + i, y + i, 1, n - i, is_max);
  }
}

#endif /* KL_CHANNEL_POOL_X86_H */
