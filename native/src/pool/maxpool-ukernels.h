/*
 * maxpool-ukernels.h - the f32 max-pooling row microkernels listed in
 * maxpool.inc: their contract, declarations, and what the SIMD ones share.
 *
 * A microkernel computes a band of output rows (struct kl_pool_row_args, in
 * pool-common.h). Each output starts at -inf with the index of its first tap
 * >= 0 in each dimension (PyTorch's initial index, which may lie past the plane
 * when no tap is inside it), and visits the taps in the window's order, taking
 * a value when (value > max || isnan(value)): ties keep the first, the last
 * NaN wins. Every microkernel gives the scalar one's values and indices bit for
 * bit.
 *
 * Kinds (enum kl_maxpool_kind): GENERIC takes any parameters; 2X2S2 is chosen
 * for kernel 2, stride 2, no padding, dilation 1 in h and w; 3X3S2P1 for
 * kernel 3, stride 2, padding 1, dilation 1 in h and w (any depth). An ISA's
 * specialised kernel may itself hand rows it cannot speed up to its generic one.
 */
#ifndef KL_MAXPOOL_UKERNELS_H
#define KL_MAXPOOL_UKERNELS_H

#include "pool/pool-common.h"

#define KL_MAXPOOL_UKERNEL(isa, kind, fn) void fn(const struct kl_pool_row_args* args);
#include "pool/maxpool.inc"
#undef KL_MAXPOOL_UKERNEL

/* Output columns [ow_begin, ow_end) of a row, in plain C: the reference, and
 * the SIMD microkernels' path for borders and for rows they cannot vectorise. */
void kl_f32_maxpool_columns__scalar(const struct kl_pool_row_args* args, int64_t ow_begin,
                                    int64_t ow_end);

/* Whether the SIMD microkernels can take a row: they load columns at stride 1
 * or 2 and track a winner as an int32 offset from its window's first tap, the
 * largest being (depths-1)*depth_step + (rows-1)*row_step + (kernel_w-1)*dilation_w.
 * Checked per row without divisions, which would cost more than a short row. */
static inline int kl_maxpool_vectorizable(const struct kl_pool_row_args* a) {
  if (a->stride_w != 1 && a->stride_w != 2) {
    return 0;
  }
  const int64_t d = a->depths > 0 ? a->depths - 1 : 0, r = a->rows > 0 ? a->rows - 1 : 0;
  int64_t span = (a->kernel_w - 1) * a->dilation_w; /* < 2^62 */
  int64_t part;
  if (__builtin_mul_overflow(d, a->depth_step, &part) ||
      __builtin_add_overflow(span, part, &span) || __builtin_mul_overflow(r, a->row_step, &part) ||
      __builtin_add_overflow(span, part, &span)) {
    return 0;
  }
  return span <= INT32_MAX;
}

/* Defines the generic SIMD microkernel `fn` from the including file's kl_block
 * (see KL_POOL_BLOCK_FN): four block specialisations, stride 1 or 2, with or
 * without indices. */
#define KL_MAXPOOL_DEFINE_UKERNEL(fn, lanes)                          \
  KL_POOL_BLOCK_FN(fn##_block_s1, lanes, 1, 0)                        \
  KL_POOL_BLOCK_FN(fn##_block_s1_indices, lanes, 1, 1)                \
  KL_POOL_BLOCK_FN(fn##_block_s2, lanes, 2, 0)                        \
  KL_POOL_BLOCK_FN(fn##_block_s2_indices, lanes, 2, 1)                \
  static void fn##_row(const struct kl_pool_row_args* a) {            \
    const kl_pool_columns_fn scalar = kl_f32_maxpool_columns__scalar; \
    if (!kl_maxpool_vectorizable(a)) {                                \
      scalar(a, 0, a->out_w);                                         \
    } else if (a->stride_w == 1 && a->indices == NULL) {              \
      kl_pool_row(a, lanes, fn##_block_s1, scalar);                   \
    } else if (a->stride_w == 1) {                                    \
      kl_pool_row(a, lanes, fn##_block_s1_indices, scalar);           \
    } else if (a->indices == NULL) {                                  \
      kl_pool_row(a, lanes, fn##_block_s2, scalar);                   \
    } else {                                                          \
      kl_pool_row(a, lanes, fn##_block_s2_indices, scalar);           \
    }                                                                 \
  }                                                                   \
  void fn(const struct kl_pool_row_args* a) { kl_pool_band_rows(a, fn##_row); }

#endif /* KL_MAXPOOL_UKERNELS_H */
