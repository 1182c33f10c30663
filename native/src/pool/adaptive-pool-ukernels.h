/*
 * adaptive-pool-ukernels.h - the row contract of the f32 adaptive pooling
 * microkernels listed in adaptive-pool.inc, their declarations, and the row
 * driver the SIMD ones share.
 *
 * A microkernel computes one output row (out_w outputs) of one plane. The
 * operator has resolved the window's depth and height ranges; output column ow
 * covers input columns [floor(ow*in_w/out_w), ceil((ow+1)*in_w/out_w)).
 * Windows are visited in (d, h, w) order, as PyTorch's loops do:
 *  - avg: sum from +0 in that order, then y = sum / kd / kh / kw (PyTorch
 *    divides by each extent in turn, which rounds differently from dividing by
 *    their product).
 *  - max: start at -inf with the window's first element's index, take a value
 *    when (v > max || isnan(v)): ties keep the first, the last NaN wins; index
 * = (d*in_h + h)*in_w + w within the plane. SIMD microkernels vectorise along
 * ow when the windows are regular (k != 0), one lane per output, each lane in
 * the same order: every ISA gives the scalar bits, for avg too.
 */
#ifndef KL_ADAPTIVE_POOL_UKERNELS_H
#define KL_ADAPTIVE_POOL_UKERNELS_H

#include "internal.h"

struct kl_adaptive_row_args {
  const float* x; /* the input plane, in_d x in_h x in_w */
  int64_t in_h, in_w;
  int64_t d0, d1, h0, h1; /* the window's depths [d0, d1) and rows [h0, h1) */
  int64_t out_w;
  /* in_w / out_w when in_w is a multiple of out_w and every offset within the
   * plane fits an int32 (the SIMD paths' gathers and index lanes); else 0. */
  int64_t k;
  float* y;         /* out_w outputs */
  int64_t* indices; /* out_w indices, or NULL (max only) */
};

#define KL_ADAPTIVE_AVGPOOL_UKERNEL(isa, fn) void fn(const struct kl_adaptive_row_args* args);
#define KL_ADAPTIVE_MAXPOOL_UKERNEL(isa, fn) void fn(const struct kl_adaptive_row_args* args);
#include "pool/adaptive-pool.inc"
#undef KL_ADAPTIVE_AVGPOOL_UKERNEL
#undef KL_ADAPTIVE_MAXPOOL_UKERNEL

/* PyTorch's start_index and end_index: floor(o*in/out) and ceil((o+1)*in/out).
 * The operator checks that out*(in+1) fits in int64. */
static inline int64_t kl_adaptive_start(int64_t o, int64_t in, int64_t out) { return o * in / out; }

static inline int64_t kl_adaptive_end(int64_t o, int64_t in, int64_t out) {
  return ((o + 1) * in + out - 1) / out;
}

/* Output columns [ow_begin, ow_end) of a row, in plain C: the references, and
 * the SIMD microkernels' path for irregular windows and leftover columns. */
void kl_f32_adaptive_avgpool_columns__scalar(const struct kl_adaptive_row_args* args,
                                             int64_t ow_begin, int64_t ow_end);
void kl_f32_adaptive_maxpool_columns__scalar(const struct kl_adaptive_row_args* args,
                                             int64_t ow_begin, int64_t ow_end);

/* A SIMD microkernel's block: outputs [ow, ow + n) of a regular row, n <= its
 * vector width. */
typedef void (*kl_adaptive_block_fn)(const struct kl_adaptive_row_args* args, int64_t ow,
                                     int64_t n);
typedef void (*kl_adaptive_columns_fn)(const struct kl_adaptive_row_args* args, int64_t ow_begin,
                                       int64_t ow_end);

/* The row of a SIMD microkernel: irregular windows in scalar, regular ones in
 * blocks of `lanes` outputs, the last block partial. Inlined, so `block` is a
 * constant and inlines too. */
static inline __attribute__((always_inline)) void kl_adaptive_row(
    const struct kl_adaptive_row_args* args, int64_t lanes, kl_adaptive_block_fn block,
    kl_adaptive_columns_fn columns) {
  if (args->k == 0) {
    columns(args, 0, args->out_w);
    return;
  }
  for (int64_t ow = 0; ow < args->out_w; ow += lanes) {
    block(args, ow, args->out_w - ow < lanes ? args->out_w - ow : lanes);
  }
}

#endif /* KL_ADAPTIVE_POOL_UKERNELS_H */
