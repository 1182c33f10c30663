/*
 * maxpool-s2.h - the band driver of the stride-2 max-pooling microkernels
 * (2x2s2 and 3x3s2p1), shared by every ISA: included by an ISA's
 * maxpool-s2-<isa>.c after it defines
 *
 *   KL_LANES                output columns per vector
 *   kl_vec, kl_ivec         a vector of values and one of int32 offsets
 *   kl_hrow(p, kernel_w, left, with_indices, exact, &h, &col, &nan)
 *       one input row's kernel_w taps p[2c + kw] of KL_LANES columns c, folded
 *       in order: h the winners, col their kw (with indices). left: lane 0's
 *       first tap is left padding, -inf, and p[0] is not read. exact: the
 *       full rule; else the fast path's plain max, OR-ing into nan a flag for
 *       any NaN among p[1..] (p[0] is the previous block's last tap, or
 *       padding). Lanes may be in any fixed order the ISA likes (AVX2's
 *       shuffles leave them permuted).
 *   kl_fold(&max, &offset, h, col, row, with_indices, exact)
 *       max = the max rule of (max, h), h's taps following max's; a lane that
 *       takes h records col + row
 *   kl_put(y, indices, ow, max, offset, first, with_indices, stream)
 *       stores KL_LANES outputs at y + ow (and, with indices, at indices + ow
 *       first + 2*l + offset of lane l's winner); stream: y + ow is aligned
 *       to the vector, and a non-temporal store may be used
 *   kl_stream_fence()
 *       orders the non-temporal stores of a band before its return
 *   KL_STREAM_ALIGN
 *       the alignment (bytes) kl_put's non-temporal stores need
 *   kl_nan_none(), kl_nan_any(nan)
 *       the NaN flags of the fast path (below)
 *
 * Exactness. The rule "take v when v > max || isnan(v)" selects the last NaN
 * of a window if it has one, else its first maximum; that selection is
 * associative as long as the taps keep their order. So each input row's
 * horizontal taps are folded first (kl_hrow), then the rows in order
 * (kl_fold): bit for bit the scalar kernel's values and indices. With stride
 * 2 and three rows (3x3s2p1 in 2-D), output row i's last input row is row
 * i+1's first, so a band folds each input row once, walking strips of rows
 * down each column block with the shared row's fold in registers.
 *
 * Without NaNs the rule is a plain max that keeps the earlier operand on ties
 * (vmaxps(v, max) and the like), which saves most of the rule's cost. So a
 * band first runs that fast path (exact = 0), which also flags any NaN among
 * its taps (kl_hrow's nan), and only a band with a NaN runs again with the full
 * rule (exact = 1), overwriting every output.
 *
 * Large ops (pool-common.h's KL_POOL_STREAM_MIN_BYTES) store the values with
 * non-temporal stores where every store of a band is vector-aligned: rows of
 * a multiple of KL_STREAM_ALIGN bytes starting on such a boundary, without
 * indices (P2: 1.1-1.2x faster on Zen 1). Streaming only the aligned blocks
 * of a misaligned y, with plain stores at the ends of each row, made P2 1.8x
 * slower: plain and streamed stores then share cache lines.
 *
 * The interior columns are full vectors, the last one overlapping its
 * predecessor (it recomputes identical outputs), so the hot loops have no
 * masks. The 3x3s2p1 window's left padding is one more block with a -inf
 * lane; the few other border columns (odd widths, ceil mode) take the scalar
 * path.
 */
#ifndef KL_MAXPOOL_S2_H
#define KL_MAXPOOL_S2_H

#include "pool/maxpool-ukernels.h"

/* Output rows per strip of a band that reuses rows (kl_s2_strips), and the
 * most column blocks one call of it takes (wider bands go in chunks). */
#define KL_S2_STRIP 8
#define KL_S2_BLOCKS 32
/* Whether a strip prefetches the next strip's input rows: an ISA opts in
 * where it was measured to help (maxpool-s2-avx2.c). */
#ifndef KL_S2_PREFETCH_STRIP
#define KL_S2_PREFETCH_STRIP 0
#endif
/* How far ahead (output rows) the row-by-row path prefetches its input. */
#define KL_S2_PREFETCH_ROWS 2

/* The window rows of a band, which the column loops specialise on: 3 rows
 * shared between output rows (3x3s2p1 in 2-D), 2 rows (2x2s2 in 2-D), other. */
enum { KL_S2_GENERIC, KL_S2_REUSE, KL_S2_TWO_ROWS };

/* What a band's blocks read, copied out of the arguments: stores through y
 * could alias them, which would make the compiler reload them per block. */
struct kl_s2_geometry {
  const float* x;
  float* y;
  int64_t* indices;
  int64_t first, band_step, out_w, out_rows, row_step, depth_step, rows, depths;
};

/* Output rows [i0, i0 + rows) of the ncols (1 or 2) column blocks at ow[],
 * walking down the band; two blocks interleave their independent work (P1 on
 * Zen 1: 7% faster than one block at a time). With
 * reuse, each input row is folded once: the fold of output row i's last input
 * row stays in registers as row i+1's first. */
static inline __attribute__((always_inline)) void kl_s2_column(
    const struct kl_s2_geometry* g, int64_t i0, int64_t rows, const int64_t* ow, int ncols,
    int left, int shape, int64_t kernel_w, int with_indices, int exact, int stream, kl_vec* carry,
    kl_ivec* carry_col, kl_vec* nan) {
  /* The NaN flags in a local: vector types may alias anything, so through the
   * pointer the compiler keeps them in memory around every store to y. */
  kl_vec flags = *nan;
  const int64_t row_step = g->row_step, band_step = g->band_step, out_w = g->out_w;
  const int reuse = shape == KL_S2_REUSE, two_rows = shape == KL_S2_TWO_ROWS;
  const float* p[2]; /* lane 0's first tap in output row i */
  float* y[2];
  int64_t* indices[2];
  kl_vec max[2], h, top[2];
  kl_ivec offset[2], col, top_col[2];
  for (int c = 0; c < ncols; c++) {
    p[c] = g->x + g->first + i0 * band_step + 2 * ow[c];
    y[c] = g->y + i0 * out_w + ow[c];
    indices[c] = with_indices ? g->indices + i0 * out_w + ow[c] : NULL;
    if (reuse) {
      if (i0 == 0) {
        kl_hrow(p[c], kernel_w, left, with_indices, exact, &top[c], &top_col[c], &flags);
      } else {
        top[c] = carry[c];
        top_col[c] = carry_col[c];
      }
    }
  }
  for (int64_t i = rows; i > 0; i--) {
    for (int c = 0; c < ncols; c++) {
      if (reuse) {
        if (KL_S2_PREFETCH_STRIP) {
          /* This block's rows of the next strip: a strip walks down a column
           * block, then the next one, an order the hardware prefetchers follow
           * poorly. p + KL_LANES is in the line holding most of a row's taps. */
          __builtin_prefetch(p[c] + KL_S2_STRIP * band_step + row_step + KL_LANES);
          __builtin_prefetch(p[c] + KL_S2_STRIP * band_step + 2 * row_step + KL_LANES);
        }
        max[c] = top[c];
        offset[c] = top_col[c];
        kl_hrow(p[c] + row_step, kernel_w, left, with_indices, exact, &h, &col, &flags);
        kl_fold(&max[c], &offset[c], h, col, row_step, with_indices, exact);
        kl_hrow(p[c] + 2 * row_step, kernel_w, left, with_indices, exact, &top[c], &top_col[c],
                &flags);
        kl_fold(&max[c], &offset[c], top[c], top_col[c], 2 * row_step, with_indices, exact);
      } else {
        /* Rows in memory order from DRAM: the hardware prefetchers alone leave
         * this loop waiting (P2: 1.5x faster with these). */
        __builtin_prefetch(p[c] + KL_S2_PREFETCH_ROWS * band_step + KL_LANES * 2);
        __builtin_prefetch(p[c] + KL_S2_PREFETCH_ROWS * band_step + row_step + KL_LANES * 2);
        kl_hrow(p[c], kernel_w, left, with_indices, exact, &max[c], &offset[c], &flags);
        if (two_rows) {
          kl_hrow(p[c] + row_step, kernel_w, left, with_indices, exact, &h, &col, &flags);
          kl_fold(&max[c], &offset[c], h, col, row_step, with_indices, exact);
        } else {
          for (int64_t d = 0; d < g->depths; d++) {
            for (int64_t r = d == 0 ? 1 : 0; r < g->rows; r++) {
              const int64_t row = d * g->depth_step + r * row_step;
              kl_hrow(p[c] + row, kernel_w, left, with_indices, exact, &h, &col, &flags);
              kl_fold(&max[c], &offset[c], h, col, row, with_indices, exact);
            }
          }
        }
      }
      kl_put(y[c], indices[c], 0, max[c], offset[c], p[c] - g->x, with_indices, stream);
      p[c] += band_step;
      y[c] += out_w;
      indices[c] = with_indices ? indices[c] + out_w : NULL;
    }
  }
  if (reuse) {
    for (int c = 0; c < ncols; c++) {
      carry[c] = top[c];
      carry_col[c] = top_col[c];
    }
  }
  *nan = flags;
}

/* Every column block from begin (the left padding's first, when `left`) to
 * the last one at `last`, at most KL_S2_BLOCKS of them. With reuse, strips of
 * KL_S2_STRIP rows column by column: a strip's input rows stay in L1 across
 * its columns, and each column's last input row fold carries over to the next
 * strip. Without, row by row, in memory order. */
static inline __attribute__((always_inline)) void kl_s2_strips(const struct kl_s2_geometry* g,
                                                               int64_t begin, int64_t last,
                                                               int left, int shape,
                                                               int64_t kernel_w, int with_indices,
                                                               int exact, int stream,
                                                               kl_vec* nan) {
  const int reuse = shape == KL_S2_REUSE;
  const int64_t strip = reuse ? KL_S2_STRIP : 1;
  kl_vec carry[KL_S2_BLOCKS]; /* with reuse: each column's last input row fold */
  kl_ivec carry_col[KL_S2_BLOCKS];
  for (int64_t i0 = 0; i0 < g->out_rows; i0 += strip) {
    const int64_t rows = g->out_rows - i0 < strip ? g->out_rows - i0 : strip;
    int64_t ow = begin, j = 0;
    if (left) {
      const int64_t at[1] = {0};
      kl_s2_column(g, i0, rows, at, 1, 1, shape, kernel_w, with_indices, exact, stream,
                   reuse ? carry : NULL, reuse ? carry_col : NULL, nan);
      ow += KL_LANES;
      j++;
    }
    /* Pairs of blocks, the last one overlapping its predecessor. */
    for (; ow + KL_LANES < last + KL_LANES; ow += 2 * KL_LANES, j += 2) {
      const int64_t at[2] = {ow, ow + KL_LANES < last ? ow + KL_LANES : last};
      kl_s2_column(g, i0, rows, at, 2, 0, shape, kernel_w, with_indices, exact, stream,
                   reuse ? carry + j : NULL, reuse ? carry_col + j : NULL, nan);
    }
    if (ow < last + KL_LANES) {
      const int64_t at[1] = {ow < last ? ow : last};
      kl_s2_column(g, i0, rows, at, 1, 0, shape, kernel_w, with_indices, exact, stream,
                   reuse ? carry + j : NULL, reuse ? carry_col + j : NULL, nan);
    }
  }
}

/* Every output row x column block of a band; the first block is the left
 * padding's when `left`. */
static inline __attribute__((always_inline)) void kl_s2_blocks(const struct kl_pool_row_args* a,
                                                               int left, int64_t kernel_w,
                                                               int with_indices, int exact,
                                                               int stream, kl_vec* nan) {
  const struct kl_s2_geometry g = {
      .x = a->x,
      .y = a->y,
      .indices = a->indices,
      .first = a->first - a->pad_w,
      .band_step = a->band_step,
      .out_w = a->out_w,
      .out_rows = a->out_rows,
      .row_step = a->row_step,
      .depth_step = a->depth_step,
      .rows = a->rows,
      .depths = a->depths,
  };
  const int64_t begin = left ? 0 : a->interior_begin, last = a->interior_end - KL_LANES;
  /* Output row i+1's first input row is output row i's last. */
  if (a->depths == 1 && a->rows == 3 && a->band_step == 2 * a->row_step) {
    /* Chunks of at most KL_S2_BLOCKS column blocks, for kl_s2_strips' carry. */
    for (int64_t ow = begin;; ow += KL_S2_BLOCKS * KL_LANES) {
      const int64_t chunk_last = ow + (KL_S2_BLOCKS - 1) * KL_LANES;
      const int edge = left && ow == 0;
      if (chunk_last >= last) {
        kl_s2_strips(&g, ow, last, edge, KL_S2_REUSE, kernel_w, with_indices, exact, stream, nan);
        break;
      }
      kl_s2_strips(&g, ow, chunk_last, edge, KL_S2_REUSE, kernel_w, with_indices, exact, stream,
                   nan);
    }
  } else if (g.depths == 1 && g.rows == 2) {
    kl_s2_strips(&g, begin, last, left, KL_S2_TWO_ROWS, kernel_w, with_indices, exact, stream, nan);
  } else {
    kl_s2_strips(&g, begin, last, left, KL_S2_GENERIC, kernel_w, with_indices, exact, stream, nan);
  }
}

/* The fast path, then the exact one if the fast path saw a NaN (or cannot
 * see them all). */
static inline __attribute__((always_inline)) void kl_s2_passes(const struct kl_pool_row_args* a,
                                                               int left, int64_t kernel_w,
                                                               int with_indices, int stream) {
  /* The fast path's NaN flags cover every tap when each row's first block
   * starts at column 0 (see kl_hrow). */
  kl_vec nan = kl_nan_none();
  if (kernel_w == 2 || left) {
    kl_s2_blocks(a, left, kernel_w, with_indices, 0, stream, &nan);
  }
  if (!(kernel_w == 2 || left) || kl_nan_any(nan)) {
    kl_s2_blocks(a, left, kernel_w, with_indices, 1, stream, &nan);
  }
}

/* A band whose interior holds a full vector and whose windows have taps. */
static inline __attribute__((always_inline)) void kl_s2_band(const struct kl_pool_row_args* a,
                                                             int64_t kernel_w, int with_indices) {
  /* The left padding's block covers columns [0, KL_LANES): column 0 alone is
   * outside the interior. */
  const int left = a->interior_begin == 1 && a->pad_w == 1 && a->interior_end >= KL_LANES;
  /* Every block store aligned: rows of whole vectors from an aligned y, the
   * blocks from a vector boundary up to one. */
  const int64_t begin = left ? 0 : a->interior_begin;
  const int64_t unit = KL_STREAM_ALIGN / (int64_t)sizeof(float);
  const int stream = !with_indices && a->stream && (uintptr_t)a->y % KL_STREAM_ALIGN == 0 &&
                     a->out_w % unit == 0 && begin % unit == 0 && a->interior_end % unit == 0;
  if (stream) {
    kl_s2_passes(a, left, kernel_w, 0, 1);
    kl_stream_fence();
  } else {
    kl_s2_passes(a, left, kernel_w, with_indices, 0);
  }
  const int64_t left_end = left ? 0 : a->interior_begin;
  if (left_end > 0 || a->interior_end < a->out_w) {
    struct kl_pool_row_args one = *a;
    one.out_rows = 1;
    for (int64_t i = 0; i < a->out_rows; i++) {
      kl_f32_maxpool_columns__scalar(&one, 0, left_end);
      kl_f32_maxpool_columns__scalar(&one, a->interior_end, a->out_w);
      one.first += a->band_step;
      one.y += a->out_w;
      one.indices = one.indices != NULL ? one.indices + a->out_w : NULL;
    }
  }
}

/* Defines the stride-2 microkernel `fn` for kernel_w 2 or 3. A band without a
 * full interior vector, without taps, or beyond int32 offsets goes to the
 * ISA's `generic` kernel. */
#define KL_MAXPOOL_DEFINE_S2_UKERNEL(fn, kernel_w, generic)                                 \
  void fn(const struct kl_pool_row_args* a) {                                               \
    if (a->interior_end - a->interior_begin < KL_LANES || a->depths == 0 || a->rows == 0 || \
        !kl_maxpool_vectorizable(a)) {                                                      \
      generic(a);                                                                           \
    } else if (a->indices == NULL) {                                                        \
      kl_s2_band(a, kernel_w, 0);                                                           \
    } else {                                                                                \
      kl_s2_band(a, kernel_w, 1);                                                           \
    }                                                                                       \
  }

#endif /* KL_MAXPOOL_S2_H */
