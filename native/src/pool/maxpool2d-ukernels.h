/*
 * maxpool2d-ukernels.h - the row contract of the f32 max-pooling microkernels
 * listed in maxpool2d.inc, and their declarations.
 *
 * A microkernel computes one output row of one plane. The operator has already
 * resolved the rows: it passes the window's row taps that fall inside the plane.
 * Columns are resolved here, as PyTorch does: for output column ow the taps are
 * iw = ow*stride_w - pad_w + kw*dilation_w, those outside [0, in_w) skipped.
 *
 * Each output starts at -inf with the index of its first tap >= 0 in each
 * dimension (PyTorch's initial index, which may lie past the plane when no tap
 * is inside it), and visits the taps in row-major order, taking a value when
 * (value > max || isnan(value)): ties keep the first, the last NaN wins.
 */
#ifndef KL_MAXPOOL2D_UKERNELS_H
#define KL_MAXPOOL2D_UKERNELS_H

#include "internal.h"

struct kl_maxpool2d_row_args {
  const float* x; /* the input plane, in_h x in_w */
  int64_t in_w;
  int64_t ih0; /* the window's first row tap >= 0 (may be >= in_h) */
  int64_t rows; /* row taps inside the plane: ih0, ih0 + dilation_h, ... (may be 0) */
  int64_t dilation_h;
  int64_t kernel_w, stride_w, pad_w, dilation_w;
  int64_t out_w;
  /* Columns [interior_begin, interior_end) have all kernel_w taps in [0, in_w). */
  int64_t interior_begin, interior_end;
  float* y; /* out_w outputs */
  int64_t* indices; /* out_w indices (ih*in_w + iw), or NULL */
};

#define KL_MAXPOOL2D_UKERNEL(isa, fn) void fn(const struct kl_maxpool2d_row_args* args);
#include "pool/maxpool2d.inc"
#undef KL_MAXPOOL2D_UKERNEL

/* PyTorch's first tap >= 0 of a window starting at `start` (start + k*dilation). */
static inline int64_t kl_maxpool2d_first_tap(int64_t start, int64_t dilation) {
  return start >= 0 ? start : start + (-start + dilation - 1) / dilation * dilation;
}

/* Output columns [ow_begin, ow_end) of a row, in plain C: the reference, and
 * the SIMD microkernels' path for borders and for rows they cannot vectorise. */
void kl_f32_maxpool2d_columns__scalar(const struct kl_maxpool2d_row_args* args, int64_t ow_begin,
                                      int64_t ow_end);

/* Whether the SIMD microkernels can take a row: they load columns at stride 1
 * or 2 and track a winner as an int32 offset from its window's first tap, the
 * largest being (rows-1)*dilation_h*in_w + (kernel_w-1)*dilation_w. */
static inline int kl_maxpool2d_vectorizable(const struct kl_maxpool2d_row_args* args) {
  if (args->stride_w != 1 && args->stride_w != 2) {
    return 0;
  }
  const int64_t row_span = args->rows > 0 ? (args->rows - 1) * args->dilation_h : 0;
  return row_span <= INT32_MAX / args->in_w &&
         row_span * args->in_w <= INT32_MAX - (args->kernel_w - 1) * args->dilation_w;
}

/* A SIMD microkernel's block: output columns [ow, ow + n) of the interior,
 * n <= `lanes`, its vector width. */
typedef void (*kl_maxpool2d_block_fn)(const struct kl_maxpool2d_row_args* args, int64_t ow,
                                      int64_t n);

/* The row of a SIMD microkernel: the borders (typically pad/stride columns)
 * in scalar; the interior in full blocks, the last one overlapping its
 * predecessor rather than masked (it recomputes identical outputs); an
 * interior narrower than one vector in one partial block. Inlined, so `block`
 * is a constant and the blocks inline too. */
static inline __attribute__((always_inline)) void kl_maxpool2d_row(
    const struct kl_maxpool2d_row_args* args, int64_t lanes, kl_maxpool2d_block_fn block) {
  const int64_t begin = args->interior_begin, end = args->interior_end;
  kl_f32_maxpool2d_columns__scalar(args, 0, begin);
  if (end - begin >= lanes) {
    int64_t ow = begin;
    for (; ow + lanes <= end; ow += lanes) {
      block(args, ow, lanes);
    }
    if (ow < end) {
      block(args, end - lanes, lanes);
    }
  } else if (end > begin) {
    block(args, begin, end - begin);
  }
  kl_f32_maxpool2d_columns__scalar(args, end, args->out_w);
}

/* One block specialisation for KL_MAXPOOL2D_DEFINE_UKERNEL. */
#define KL_MAXPOOL2D_BLOCK_FN(name, lanes, stride, with_indices)                   \
  static void name(const struct kl_maxpool2d_row_args* a, int64_t ow, int64_t n) { \
    if (n == (lanes)) {                                                            \
      kl_block(a, ow, (lanes), stride, with_indices);                              \
    } else {                                                                       \
      kl_block(a, ow, n, stride, with_indices);                                    \
    }                                                                              \
  }

/* Defines the SIMD microkernel `fn` from the including file's
 *   static inline __attribute__((always_inline)) void kl_block(
 *       const struct kl_maxpool2d_row_args* a, int64_t ow, int64_t n, int64_t stride,
 *       int with_indices);
 * A macro, not a function, so that the four block specialisations are compiled
 * in the ISA file, with its flags. In each, stride and index tracking are
 * constants, and a full block passes n == lanes as one too, so that it needs
 * no masks (or, in NEON, no scalar fallback). */
#define KL_MAXPOOL2D_DEFINE_UKERNEL(fn, lanes)              \
  KL_MAXPOOL2D_BLOCK_FN(fn##_block_s1, lanes, 1, 0)         \
  KL_MAXPOOL2D_BLOCK_FN(fn##_block_s1_indices, lanes, 1, 1) \
  KL_MAXPOOL2D_BLOCK_FN(fn##_block_s2, lanes, 2, 0)         \
  KL_MAXPOOL2D_BLOCK_FN(fn##_block_s2_indices, lanes, 2, 1) \
  void fn(const struct kl_maxpool2d_row_args* a) {          \
    if (!kl_maxpool2d_vectorizable(a)) {                    \
      kl_f32_maxpool2d_columns__scalar(a, 0, a->out_w);     \
    } else if (a->stride_w == 1 && a->indices == NULL) {    \
      kl_maxpool2d_row(a, lanes, fn##_block_s1);            \
    } else if (a->stride_w == 1) {                          \
      kl_maxpool2d_row(a, lanes, fn##_block_s1_indices);    \
    } else if (a->indices == NULL) {                        \
      kl_maxpool2d_row(a, lanes, fn##_block_s2);            \
    } else {                                                \
      kl_maxpool2d_row(a, lanes, fn##_block_s2_indices);    \
    }                                                       \
  }

#endif /* KL_MAXPOOL2D_UKERNELS_H */
