/*
 * avgpool-3x3s1p1.h - the algorithm of the 3x3, stride 1, padding 1 average
 * pooling microkernels (the 3x3 pooling of Inception-style blocks), written
 * once for every ISA. The including file defines, for its vector type kl_vec
 * of KL_LANES floats:
 *   kl_vec kl_v_load(const float* p)             p[0..KL_LANES)
 *   kl_vec kl_v_load_n(const float* p, int64_t n)  p[0..n), n < KL_LANES; other lanes 0
 *   void kl_v_store(float* p, kl_vec v)
 *   void kl_v_store_n(float* p, kl_vec v, int64_t n)  lanes [0, n), n < KL_LANES
 *   kl_vec kl_v_add(kl_vec a, kl_vec b), kl_v_div(kl_vec a, kl_vec b), kl_v_zero(void)
 *   kl_vec kl_v_set1(float s)
 *   kl_vec kl_v_with_first(kl_vec v, float s), kl_v_with_last(kl_vec v, float s)  v, lane 0
 *                                     or the last lane replaced by s
 *   kl_vec kl_v_shift_up(kl_vec v)    lane i = v[i - 1], lane 0 = 0
 *   kl_vec kl_v_shift_down(kl_vec v)  lane i = v[i + 1], the last lane 0
 *   kl_vec kl_v_load_up(const float* p)    kl_v_shift_up(kl_v_load(p)), reading p[0..KL_LANES-1)
 *   kl_vec kl_v_load_down(const float* p)  kl_v_shift_down(kl_v_load(p)), reading p[1..KL_LANES)
 * and for half vectors of H = KL_LANES / 2 floats:
 *   kl_vec kl_v_load_pair(const float* p, const float* q)       p[0..H), q[0..H)
 *   kl_vec kl_v_load_pair_down(const float* p, const float* q)  p[1..H), 0, q[1..H), 0
 *   void kl_v_store_pair(float* p, float* q, kl_vec v)          the halves to p and q
 *   kl_vec kl_v_high_twice(kl_vec v)                            v's upper half, twice
 * then includes this file and calls kl_avgpool_3x3s1p1(args).
 *
 * Rows of such layers are short (28 columns in the suite's P3), so the
 * borders must be as fast as the rest, and masked memory operations (slow on
 * AMD cores) are out. Output columns go in strips of one vector: a strip
 * away from the borders adds the unaligned loads at its column - 1, 0, +1;
 * the first strip (column 0) makes its left taps by shifting its centre
 * vector up one lane with a 0 in, and the last strip starts at out_w -
 * KL_LANES (overlapping its neighbour, whose outputs it recomputes with the
 * same bits) and makes its right taps by shifting down. A row no wider than a
 * vector is one strip that shifts both ways. Each lane's divisor is fixed by
 * its column: precomputed per strip kind once per call.
 *
 * A band of rows (pool-common.h) is separable: going down a strip, each input
 * row's 3-column sums are computed once and kept in registers for the three
 * output rows that add them. The division is what these kernels wait on
 * (PyTorch divides, so they must too), so a band whose last strip would
 * recompute at least half a vector (0 < in_w % KL_LANES <= H, as 28 = 3 * 8
 * + 4) ends instead with a strip of the last H columns of two rows per
 * vector: one division for two rows' tails.
 *
 * Sums follow the scalar kernel's order (avgpool-ukernels.h) up to the sign
 * of zero row sums and totals, which the +0 added to every quotient erases,
 * so all paths give the same bits.
 */
#ifndef KL_AVGPOOL_3X3S1P1_H
#define KL_AVGPOOL_3X3S1P1_H

#include "pool/avgpool-ukernels.h"

/* Strip kinds: which of a strip's taps need a shift (the row's borders). */
enum { KL_STRIP_MIDDLE, KL_STRIP_FIRST, KL_STRIP_LAST, KL_STRIP_ONLY };

/* One input row's 3-column sums (left + centre) + right at p = row + ow. */
static inline __attribute__((always_inline)) kl_vec kl_hsum(const float* p, int kind,
                                                            int64_t in_w) {
  if (kind == KL_STRIP_ONLY && in_w < KL_LANES) {
    const kl_vec c = kl_v_load_n(p, in_w);
    return kl_v_add(kl_v_add(kl_v_shift_up(c), c), kl_v_shift_down(c));
  }
  const kl_vec c = kl_v_load(p);
  const kl_vec l =
      kind == KL_STRIP_FIRST || kind == KL_STRIP_ONLY ? kl_v_load_up(p) : kl_v_load(p - 1);
  const kl_vec r =
      kind == KL_STRIP_LAST || kind == KL_STRIP_ONLY ? kl_v_load_down(p) : kl_v_load(p + 1);
  return kl_v_add(kl_v_add(l, c), r);
}

/* sum / divisor + 0 (-0 -> +0), stored at y (in_w lanes of an only strip). */
static inline __attribute__((always_inline)) void kl_put(float* y, kl_vec sum, kl_vec divisor,
                                                         int kind, int64_t in_w) {
  const kl_vec mean = kl_v_add_fma(kl_v_div(sum, divisor), kl_v_zero());
  if (kind == KL_STRIP_ONLY && in_w < KL_LANES) {
    kl_v_store_n(y, mean, in_w);
  } else {
    kl_v_store(y, mean);
  }
}

/* The lane divisors of the first/only and the last strip; middle strips have
 * 3 columns in every lane. */
typedef struct kl_divisors {
  kl_vec first, middle, last;
} kl_divisors;

static inline kl_divisors kl_divisors_for(const struct kl_pool_row_args* a) {
  const float two = kl_avgpool_divisor(a, 2, 3), three = kl_avgpool_divisor(a, 3, 3);
  const kl_vec middle = kl_v_set1(three);
  if (a->in_w > KL_LANES) { /* column 0 in the first strip's lane 0, in_w - 1 in the last's */
    return (kl_divisors){kl_v_with_first(middle, two), middle, kl_v_with_last(middle, two)};
  }
  float only[KL_LANES]; /* a narrow row's columns; lanes past it are never stored */
  for (int64_t col = 0; col < KL_LANES; col++) {
    only[col] = kl_avgpool_divisor(a, col < a->in_w ? (col > 0) + 1 + (col < a->in_w - 1) : 3, 3);
  }
  return (kl_divisors){kl_v_load(only), middle, middle};
}

/* What the rows' windows are: any depth x row taps; 2-D with 2 row taps (a
 * band's top or bottom border row); a band of 2-D rows with 3 row taps. */
enum { KL_ROWS_ANY, KL_ROWS_TWO, KL_ROWS_BAND };

/* All output rows of the strip at column ow; `kind` and `rows` are constants. */
static inline __attribute__((always_inline)) void kl_strip(const struct kl_pool_row_args* a,
                                                           int64_t ow, int kind, kl_vec divisor,
                                                           int rows) {
  const float* x = a->x + a->first + ow;
  float* y = a->y + ow;
  const int64_t w = a->in_w, out_w = a->out_w, out_rows = a->out_rows, step = a->band_step;
  if (rows == KL_ROWS_BAND) {
    /* Output row i adds the 3-column sums of input rows i, i+1, i+2, each
     * computed once (row_step == band_step). The adds go to the multiply-add
     * units (fma(a, 1, b) rounds as a + b does), which the divider leaves idle. */
    kl_vec h0 = kl_hsum(x, kind, w), h1 = kl_hsum(x + step, kind, w);
    x += 2 * step;
    for (int64_t i = 0; i < out_rows; i++, x += step, y += out_w) {
      const kl_vec h2 = kl_hsum(x, kind, w);
      kl_put(y, kl_v_add_fma(kl_v_add_fma(h0, h1), h2), divisor, kind, w);
      h0 = h1;
      h1 = h2;
    }
  } else if (rows == KL_ROWS_TWO) {
    const int64_t row_step = a->row_step;
    for (int64_t i = 0; i < out_rows; i++, x += step, y += out_w) {
      kl_put(y, kl_v_add_fma(kl_hsum(x, kind, w), kl_hsum(x + row_step, kind, w)), divisor, kind,
             w);
    }
  } else {
    for (int64_t i = 0; i < out_rows; i++, x += step, y += out_w) {
      kl_vec sum = kl_v_zero();
      for (int64_t d = 0; d < a->depths; d++) {
        for (int64_t r = 0; r < a->rows; r++) {
          sum = kl_v_add(sum, kl_hsum(x + d * a->depth_step + r * a->row_step, kind, w));
        }
      }
      kl_put(y, sum, divisor, kind, w);
    }
  }
}

/* The 3-column sums of the last H columns of input rows p and q (columns
 * in_w - H.. of both, p and q pointing there; in_w > KL_LANES), in one vector. */
static inline __attribute__((always_inline)) kl_vec kl_hsum_pair(const float* p, const float* q) {
  const kl_vec l = kl_v_load_pair(p - 1, q - 1), c = kl_v_load_pair(p, q);
  return kl_v_add(kl_v_add(l, c), kl_v_load_pair_down(p, q));
}

/* The last H columns of a band's output rows, two rows per vector (the first
 * row in the low half); an odd last row takes the overlapping last strip. */
static inline __attribute__((always_inline)) void kl_strip_band_pairs(
    const struct kl_pool_row_args* a, kl_vec last_divisor) {
  const int64_t ow = a->in_w - KL_LANES / 2, step = a->band_step, out_w = a->out_w;
  const int64_t pairs = a->out_rows / 2;
  const kl_vec divisor = kl_v_high_twice(last_divisor);
  const float* x = a->x + a->first + ow;
  float* y = a->y + ow;
  kl_vec h01 = kl_hsum_pair(x, x + step); /* input rows (0, 1) of output rows (0, 1) */
  for (int64_t i = 0; i < pairs; i++, x += 2 * step, y += 2 * out_w) {
    const kl_vec h12 = kl_hsum_pair(x + step, x + 2 * step);
    const kl_vec h23 = kl_hsum_pair(x + 2 * step, x + 3 * step);
    const kl_vec sum = kl_v_add_fma(kl_v_add_fma(h01, h12), h23);
    kl_v_store_pair(y, y + out_w, kl_v_add_fma(kl_v_div(sum, divisor), kl_v_zero()));
    h01 = h23;
  }
  if (a->out_rows % 2 != 0) {
    struct kl_pool_row_args last = *a;
    last.first += 2 * pairs * step;
    last.y += 2 * pairs * out_w;
    last.out_rows = 1;
    kl_strip(&last, a->in_w - KL_LANES, KL_STRIP_LAST, last_divisor, KL_ROWS_BAND);
  }
}

/* Every strip of the rows: the first, the middle ones, the last. */
static inline __attribute__((always_inline)) void kl_strips(const struct kl_pool_row_args* a,
                                                            int rows) {
  const kl_divisors div = kl_divisors_for(a);
  const int64_t w = a->in_w;
  if (w <= KL_LANES) {
    kl_strip(a, 0, KL_STRIP_ONLY, div.first, rows);
    return;
  }
  kl_strip(a, 0, KL_STRIP_FIRST, div.first, rows);
  for (int64_t ow = KL_LANES; ow + KL_LANES < w; ow += KL_LANES) {
    kl_strip(a, ow, KL_STRIP_MIDDLE, div.middle, rows);
  }
  if (rows == KL_ROWS_BAND && w % KL_LANES != 0 && w % KL_LANES <= KL_LANES / 2) {
    kl_strip_band_pairs(a, div.last);
  } else {
    kl_strip(a, w - KL_LANES, KL_STRIP_LAST, div.last, rows);
  }
}

/* The microkernel (out_w == in_w for these parameters). */
static void kl_avgpool_3x3s1p1(const struct kl_pool_row_args* a) {
  if (a->depths == 1 && a->rows == 3) {
    kl_strips(a, KL_ROWS_BAND);
  } else if (a->depths == 1 && a->rows == 2) {
    kl_strips(a, KL_ROWS_TWO);
  } else {
    kl_strips(a, KL_ROWS_ANY);
  }
}

#endif /* KL_AVGPOOL_3X3S1P1_H */
