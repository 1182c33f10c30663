/*
 * avgpool-ukernels.h - the f32 average-pooling row microkernels listed in
 * avgpool.inc: their contract, declarations, and what the SIMD ones share.
 *
 * A microkernel computes a band of output rows (struct kl_pool_row_args, in
 * pool-common.h; dilation is 1). An output is its window's sum divided by
 * kl_avgpool_divisor, in float as PyTorch does. The sum is taken row by row:
 * each (depth, row) of the window summed from +0 in column order, then those
 * row sums added to +0 in window order. Every microkernel sums in that order,
 * so all ISAs agree bit for bit (up to which NaN a NaN output carries).
 * Zeros that a kernel adds for padding do not change a sum: an exact +0 or -0
 * added to a nonzero value leaves it unchanged, and a total that starts at +0
 * never becomes -0, whatever the signs of zero row sums. PyTorch adds the
 * quotient to a zeroed output, so a 0 divided by a negative divisor_override
 * is +0: every kernel adds +0 to the quotient too.
 *
 * Kinds (enum kl_avgpool_kind): GENERIC takes any parameters; 3X3S1P1 is
 * chosen for kernel 3, stride 1, padding 1 in h and w (any depth; 2-D bands
 * take its separable path).
 */
#ifndef KL_AVGPOOL_UKERNELS_H
#define KL_AVGPOOL_UKERNELS_H

#include "pool/pool-common.h"

#define KL_AVGPOOL_UKERNEL(isa, kind, fn) void fn(const struct kl_pool_row_args* args);
#include "pool/avgpool.inc"
#undef KL_AVGPOOL_UKERNEL

/* The divisor of a window whose columns are `columns` taps inside the input
 * and `padded_columns` inside the padded input (PyTorch's divide_factor). */
static inline float kl_avgpool_divisor(const struct kl_pool_row_args* a, int64_t columns,
                                       int64_t padded_columns) {
  if (a->divisor_override != 0) {
    return (float)a->divisor_override;
  }
  return a->count_include_pad ? (float)(a->rows_padded * padded_columns)
                              : (float)(a->depths * a->rows * columns);
}

/* Output columns [ow_begin, ow_end) of a row, in plain C: the reference, and
 * the SIMD microkernels' path for borders and for rows they cannot vectorise. */
void kl_f32_avgpool_columns__scalar(const struct kl_pool_row_args* args, int64_t ow_begin,
                                    int64_t ow_end);

/* Defines the generic SIMD microkernel `fn` from the including file's kl_block
 * (see KL_POOL_BLOCK_FN) for stride 1 and 2; other strides take the scalar path. */
#define KL_AVGPOOL_DEFINE_UKERNEL(fn, lanes)                          \
  KL_POOL_BLOCK_FN(fn##_block_s1, lanes, 1, 0)                        \
  KL_POOL_BLOCK_FN(fn##_block_s2, lanes, 2, 0)                        \
  static void fn##_row(const struct kl_pool_row_args* a) {            \
    const kl_pool_columns_fn scalar = kl_f32_avgpool_columns__scalar; \
    if (a->stride_w == 1) {                                           \
      kl_pool_row(a, lanes, fn##_block_s1, scalar);                   \
    } else if (a->stride_w == 2) {                                    \
      kl_pool_row(a, lanes, fn##_block_s2, scalar);                   \
    } else {                                                          \
      scalar(a, 0, a->out_w);                                         \
    }                                                                 \
  }                                                                   \
  void fn(const struct kl_pool_row_args* a) { kl_pool_band_rows(a, fn##_row); }

#endif /* KL_AVGPOOL_UKERNELS_H */
