/*
 * dwconv-ukernels.h - the f32 depthwise-convolution microkernels listed in
 * dwconv.inc: their contract and declarations.
 *
 * A microkernel computes output rows [oh_begin, oh_end) of one NCHW plane of
 * a depthwise convolution: one input plane, one kh x kw filter, one bias.
 * Every output starts from the bias and adds w[ky][kx] * x taps in (ky, kx)
 * order, skipping taps in the padding; the SIMD kernels add the same taps in
 * the same order with fused multiply-adds, so every kind of an ISA gives the
 * same bits as its generic kernel (and the scalar kernel, without FMA, is the
 * reference within rounding).
 *
 * Kinds (enum kl_dwconv_kind): GENERIC takes any kernel, stride, dilation and
 * padding; 3X3S1, 3X3S2, 5X5S1 and 5X5S2 are chosen for a square kernel of 3
 * or 5, stride 1 or 2 in both dims and dilation 1 (any padding).
 */
#ifndef KL_DWCONV_UKERNELS_H
#define KL_DWCONV_UKERNELS_H

#include "internal.h"

struct kl_dwconv_args {
  const float* x;      /* the input plane, in_h x in_w, dense */
  int64_t in_h, in_w;
  float* y;            /* the output plane, row stride out_w; only rows [oh_begin, oh_end) written */
  int64_t out_w;
  int64_t oh_begin, oh_end;
  const float* w;      /* kh x kw taps, row-major */
  float bias;
  int64_t kh, kw, stride_h, stride_w, dilation_h, dilation_w;
  int64_t pad_top, pad_left; /* the bottom and right padding follow from out_h, out_w */
  /* kl_dwconv_scratch_floats(...) floats, 64-byte aligned, for the SIMD
   * kernels: all zero before the first of a run of calls of one microkernel
   * with the same in_h, in_w, out_w, kernel and pad_left (the kernels write
   * only the columns that hold input, so the padding stays zero). */
  float* scratch;
};

#define KL_DWCONV_UKERNEL(isa, kind, fn) void fn(const struct kl_dwconv_args* args);
#include "conv/dwconv.inc"
#undef KL_DWCONV_UKERNEL

/* The SIMD kernels first copy the input rows a band reads into scratch, zero
 * padded and split into stride_w phases (phase q of a row holds its padded
 * columns q, q + stride_w, ...), so that every tap of a vector of outputs is
 * one unaligned load from scratch: no bounds, no masks, no shuffles in the
 * inner loop. A phase row holds kl_dwconv_phase_width floats: every column
 * that outputs up to out_w rounded up to 16 (any vector width) read. */
static inline int64_t kl_dwconv_phase_width(int64_t out_w, int64_t kw, int64_t stride_w,
                                            int64_t dilation_w) {
  const int64_t cols = (out_w + 15) / 16 * 16 + (kw - 1) * dilation_w / stride_w;
  return (cols + 15) / 16 * 16;
}

/* Scratch floats for bands of at most band_rows output rows. */
static inline int64_t kl_dwconv_scratch_floats(int64_t band_rows, int64_t out_w, int64_t kh,
                                               int64_t kw, int64_t stride_h, int64_t stride_w,
                                               int64_t dilation_h, int64_t dilation_w) {
  const int64_t rows_in = (band_rows - 1) * stride_h + (kh - 1) * dilation_h + 1;
  return rows_in * stride_w * kl_dwconv_phase_width(out_w, kw, stride_w, dilation_w);
}

#endif /* KL_DWCONV_UKERNELS_H */
