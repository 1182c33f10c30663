/*
 * pool-common.h - what max and average pooling share: the row contract of
 * their microkernels, the row driver of the SIMD ones, and the operator loop
 * (validation, row resolution, threading) in pool-common.c.
 *
 * 1-D, 2-D and 3-D pooling are one code path: a plane is in_d x in_h x in_w,
 * and 1-D/2-D are the cases with leading sizes 1. The operator resolves depth
 * and rows, a microkernel computes output rows along the width (vectorised
 * over output columns), so the microkernels never see the number of
 * dimensions.
 */
#ifndef KL_POOL_COMMON_H
#define KL_POOL_COMMON_H

#include "internal.h"

/* An op that moves this many bytes (input plus output) works on more than a
 * last-level cache holds (8 MiB: a Zen core complex, a desktop Intel part), so
 * its first outputs are evicted by its later input before anyone reads them.
 * Non-temporal stores skip reading each output line before writing it: P2
 * (1x64x224x224, 2x2s2) then moves 16 MB instead of 19.2. */
#define KL_POOL_STREAM_MIN_BYTES (INT64_C(8) << 20)

/* A band of out_rows output rows of one plane (and output depth). The taps of
 * its first row's windows inside the plane, in the window's (depth, row,
 * column) order, are
 *   x[first + d*depth_step + r*row_step + iw],  d < depths, r < rows,
 * with iw = ow*stride_w - pad_w + kw*dilation_w for kw < kernel_w, those
 * outside [0, in_w) skipped. first + iw is then the tap's offset in the plane,
 * (id*in_h + ih)*in_w + iw: a max-pooling index. Row i of the band has the
 * same taps band_step*i elements further (first + i*band_step), and its
 * outputs out_w*i further. The operator bands only rows whose windows lie
 * inside the plane vertically (the same depths and rows), so that kernels
 * like the separable 3x3 average can reuse work between rows; the others
 * take a band row by row (kl_pool_band_rows). */
struct kl_pool_row_args {
  const float* x;             /* the input plane */
  int64_t first;              /* (id0*in_h + ih0)*in_w of the first depth and row tap >= 0;
                                 past the plane when no tap is inside (PyTorch's initial index) */
  int64_t depths, depth_step; /* depth taps inside the plane (may be 0); dilation_d*in_h*in_w */
  int64_t rows, row_step;     /* row taps inside the plane (may be 0); dilation_h*in_w */
  int64_t in_w, kernel_w, stride_w, pad_w, dilation_w;
  int64_t out_w;
  int64_t out_rows, band_step; /* out_rows >= 1 */
  /* Columns [interior_begin, interior_end) have all kernel_w taps in [0, in_w). */
  int64_t interior_begin, interior_end;
  float* y;         /* out_rows x out_w outputs */
  int64_t* indices; /* max pooling: out_rows x out_w indices, or NULL; average pooling: NULL */
  /* Average pooling (dilation 1): depths*rows is the window's depth x row
   * extent clipped to the input, rows_padded the same clipped to the padded
   * input (count_include_pad's factor). */
  int64_t rows_padded;
  int64_t divisor_override; /* 0: none */
  int32_t count_include_pad;
  /* The op reads and writes at least KL_POOL_STREAM_MIN_BYTES: a kernel may
   * store y with non-temporal stores (see there). */
  int32_t stream;
};

/* PyTorch's first tap >= 0 of a window starting at `start`: start + k*dilation. */
static inline int64_t kl_pool_first_tap(int64_t start, int64_t dilation) {
  if (start >= 0 || dilation == 1) {
    return start >= 0 ? start : 0; /* the common cases, without a division */
  }
  return start + (-start + dilation - 1) / dilation * dilation;
}

/* Validates params and buffers for `fn` ("kl_maxpool_f32", "kl_avgpool_f32"):
 * is_avg selects the average-pooling rules (dilation 1, count_include_pad and
 * divisor_override allowed). indices may be NULL. */
kl_status kl_pool_validate(const char* fn, int is_avg, const kl_pool_params* p, const float* x,
                           int64_t x_len, const float* y, int64_t y_len, const int64_t* indices,
                           int64_t indices_len);

/* Runs `ukernel` over every output row of params->planes planes, threaded over
 * planes x output depth x output rows. Arguments are trusted (validated). */
void kl_pool_execute(kl_f32_pool_ukernel_fn ukernel, const kl_pool_params* p, const float* x,
                     float* y, int64_t* indices);

/* ---- the row driver of the SIMD microkernels ------------------------------------ */

/* Runs `row` on each row of a band in turn, as one-row bands. */
static inline __attribute__((always_inline)) void kl_pool_band_rows(
    const struct kl_pool_row_args* band, void (*row)(const struct kl_pool_row_args*)) {
  struct kl_pool_row_args one = *band;
  one.out_rows = 1;
  for (int64_t i = 0; i < band->out_rows; i++) {
    row(&one);
    one.first += band->band_step;
    one.y += band->out_w;
    one.indices = one.indices != NULL ? one.indices + band->out_w : NULL;
  }
}

/* A block: output columns [ow, ow + n) of the interior, n <= the vector width. */
typedef void (*kl_pool_block_fn)(const struct kl_pool_row_args* args, int64_t ow, int64_t n);
/* Output columns [ow_begin, ow_end) in plain C (the scalar reference). */
typedef void (*kl_pool_columns_fn)(const struct kl_pool_row_args* args, int64_t ow_begin,
                                   int64_t ow_end);

/* The borders (typically pad/stride columns) in scalar; the interior in full
 * blocks, the last one overlapping its predecessor rather than masked (it
 * recomputes identical outputs); an interior narrower than one vector in one
 * partial block. Inlined, so `block` is a constant and inlines too. */
static inline __attribute__((always_inline)) void kl_pool_row(const struct kl_pool_row_args* args,
                                                              int64_t lanes, kl_pool_block_fn block,
                                                              kl_pool_columns_fn columns) {
  const int64_t begin = args->interior_begin, end = args->interior_end;
  columns(args, 0, begin);
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
  columns(args, end, args->out_w);
}

/* A block function calling the including file's
 *   static inline __attribute__((always_inline)) void kl_block(
 *       const struct kl_pool_row_args* a, int64_t ow, int64_t n, int64_t stride, int with_indices);
 * with stride and index tracking constant, and a full block's n == lanes
 * constant too, so that it needs no masks. A macro, so that it is compiled in
 * the ISA file, with its flags. */
#define KL_POOL_BLOCK_FN(name, lanes, stride, with_indices)                   \
  static void name(const struct kl_pool_row_args* a, int64_t ow, int64_t n) { \
    if (n == (lanes)) {                                                       \
      kl_block(a, ow, (lanes), stride, with_indices);                         \
    } else {                                                                  \
      kl_block(a, ow, n, stride, with_indices);                               \
    }                                                                         \
  }

#endif /* KL_POOL_COMMON_H */
