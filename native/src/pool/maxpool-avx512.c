/*
 * maxpool-avx512.c - max pooling of a row, 16 output columns per vector.
 *
 * Interior blocks (every tap inside the row): stride 1 loads columns
 * contiguously, stride 2 loads two vectors and takes the even elements with
 * one permutex2var; a block narrower than the vector uses k-masked loads and
 * stores that touch only its own elements. Borders take the scalar path.
 *
 * Per tap, kl_max_update applies the scalar rule lane by lane, so values (NaN
 * payloads, -0 vs +0) and indices match it bit for bit.
 */
#include <math.h>

#include "pool/maxpool-ukernels.h"
#include "pool/pool-avx512.h"

/* Output columns [ow, ow + n) of the interior; n < KL_LANES only in a narrow interior. */
static inline __attribute__((always_inline)) void kl_block(const struct kl_pool_row_args* a,
                                                           int64_t ow, int64_t n, int64_t stride,
                                                           int with_indices) {
  const int64_t first = a->first + ow * stride - a->pad_w; /* lane 0's first tap */
  __m512 max = _mm512_set1_ps(-INFINITY);
  __m512i offset = _mm512_setzero_si512(); /* each lane's winner, from its first tap */
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

KL_MAXPOOL_DEFINE_UKERNEL(kl_f32_maxpool_ukernel__avx512, KL_LANES)
