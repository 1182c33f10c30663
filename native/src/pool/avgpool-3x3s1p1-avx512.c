/*
 * avgpool-3x3s1p1-avx512.c - average pooling with kernel 3, stride 1, padding
 * 1 in h and w, 16 output columns per vector, the border columns included.
 * The AVX-512 twin of avgpool-3x3s1p1-avx2.c: border blocks load their taps
 * with k-masks that leave the padding lanes 0 and pick each lane's divisor by
 * how many of its taps are inside; other blocks load without masks; a band of
 * rows keeps each input row's 3-column sums in a ring of three rows.
 */
#include "pool/avgpool-ukernels.h"
#include "pool/pool-avx512.h"

/* The widest row a band buffers on the stack (4 row buffers of 4 KB). */
#define KL_BAND_MAX_W 1024

/* Which lanes of the block at ow have their left / middle / right tap inside
 * the row (out_w == in_w). */
typedef struct kl_lanes {
  __mmask16 left, middle, right;
} kl_lanes;

static inline kl_lanes kl_block_lanes(int64_t in_w, int64_t ow) {
  const __mmask16 middle = kl_leading(in_w - ow);
  return (kl_lanes){
      .left = ow > 0 ? middle : (__mmask16)(middle & ~1u),
      .middle = middle,
      .right = kl_leading(in_w - 1 - ow),
  };
}

/* One row's 3-column sums (left + middle) + right for the block at p = row + ow. */
static inline __attribute__((always_inline)) __m512 kl_row_sums(const float* p, const kl_lanes* m,
                                                                int border) {
  const __m512 l = border ? _mm512_maskz_loadu_ps(m->left, p - 1) : _mm512_loadu_ps(p - 1);
  const __m512 c = border ? _mm512_maskz_loadu_ps(m->middle, p) : _mm512_loadu_ps(p);
  const __m512 r = border ? _mm512_maskz_loadu_ps(m->right, p + 1) : _mm512_loadu_ps(p + 1);
  return _mm512_add_ps(_mm512_add_ps(l, c), r);
}

/* Each lane's divisor: a lane missing its left or right tap has 2 columns,
 * missing both 1. divisors[c - 1] is the divisor of c columns. */
static inline __m512 kl_lane_divisors(const __m512 divisors[3], const kl_lanes* m) {
  const __m512 d = _mm512_mask_mov_ps(divisors[2], (__mmask16)(m->left ^ m->right), divisors[1]);
  return _mm512_mask_mov_ps(d, (__mmask16) ~(m->left | m->right), divisors[0]);
}

/* Output columns [ow, ow + 16) ∩ [0, out_w) of one row; `border` when some
 * lane's window leaves the row (else all 16 lanes are interior). */
static inline __attribute__((always_inline)) void kl_block(const struct kl_pool_row_args* a,
                                                           int64_t ow, const __m512 divisors[3],
                                                           int border) {
  const kl_lanes m = kl_block_lanes(a->in_w, ow);
  const float* x = a->x + a->first + ow;
  const __m512 zero = _mm512_setzero_ps(); /* added to quotients: -0 -> +0 */
  __m512 sum = zero;
  for (int64_t d = 0; d < a->depths; d++) {
    for (int64_t r = 0; r < a->rows; r++) {
      sum = _mm512_add_ps(sum, kl_row_sums(x + d * a->depth_step + r * a->row_step, &m, border));
    }
  }
  if (!border) {
    _mm512_storeu_ps(a->y + ow, _mm512_add_ps(_mm512_div_ps(sum, divisors[2]), zero));
  } else {
    const __m512 divisor = kl_lane_divisors(divisors, &m);
    _mm512_mask_storeu_ps(a->y + ow, m.middle, _mm512_add_ps(_mm512_div_ps(sum, divisor), zero));
  }
}

static void kl_row(const struct kl_pool_row_args* a, const __m512 divisors[3]) {
  for (int64_t ow = 0; ow < a->out_w; ow += KL_LANES) {
    if (ow >= 1 && ow + KL_LANES < a->in_w) {
      kl_block(a, ow, divisors, 0);
    } else {
      kl_block(a, ow, divisors, 1);
    }
  }
}

/* sums[0..in_w) = the 3-column sums of one input row (lanes past in_w are
 * written too: the buffers are padded to whole vectors). */
static void kl_row_sums_into(float* sums, const float* row, int64_t in_w) {
  for (int64_t ow = 0; ow < in_w; ow += KL_LANES) {
    const kl_lanes m = kl_block_lanes(in_w, ow);
    const int border = !(ow >= 1 && ow + KL_LANES < in_w);
    _mm512_storeu_ps(sums + ow,
                     border ? kl_row_sums(row + ow, &m, 1) : kl_row_sums(row + ow, &m, 0));
  }
}

/* A band of full-height rows of a 2-D window (depths == 1, rows == 3). */
static void kl_band(const struct kl_pool_row_args* a, const __m512 divisors[3]) {
  float sums[3][KL_BAND_MAX_W + KL_LANES];
  float lane_divisors[KL_BAND_MAX_W + KL_LANES];
  const int64_t in_w = a->in_w;
  for (int64_t ow = 0; ow < in_w; ow += KL_LANES) {
    const kl_lanes m = kl_block_lanes(in_w, ow);
    _mm512_storeu_ps(lane_divisors + ow, kl_lane_divisors(divisors, &m));
  }
  const float* x = a->x + a->first;
  for (int64_t r = 0; r < 2; r++) {
    kl_row_sums_into(sums[r], x + r * a->row_step, in_w);
  }
  const __m512 zero = _mm512_setzero_ps();
  for (int64_t i = 0; i < a->out_rows; i++) {
    /* Output row i adds input rows i, i+1, i+2, in sums[i % 3], ... */
    kl_row_sums_into(sums[(i + 2) % 3], x + i * a->band_step + 2 * a->row_step, in_w);
    const float *s0 = sums[i % 3], *s1 = sums[(i + 1) % 3], *s2 = sums[(i + 2) % 3];
    float* y = a->y + i * a->out_w;
    for (int64_t ow = 0; ow < a->out_w; ow += KL_LANES) {
      __m512 sum = _mm512_add_ps(zero, _mm512_loadu_ps(s0 + ow));
      sum = _mm512_add_ps(_mm512_add_ps(sum, _mm512_loadu_ps(s1 + ow)), _mm512_loadu_ps(s2 + ow));
      const __m512 mean =
          _mm512_add_ps(_mm512_div_ps(sum, _mm512_loadu_ps(lane_divisors + ow)), zero);
      kl_store(y + ow, mean, a->out_w - ow);
    }
  }
}

void kl_f32_avgpool_ukernel_3x3s1p1__avx512(const struct kl_pool_row_args* a) {
  const __m512 divisors[3] = {_mm512_set1_ps(kl_avgpool_divisor(a, 1, 3)),
                              _mm512_set1_ps(kl_avgpool_divisor(a, 2, 3)),
                              _mm512_set1_ps(kl_avgpool_divisor(a, 3, 3))};
  if (a->out_rows > 1 && a->depths == 1 && a->rows == 3 && a->in_w <= KL_BAND_MAX_W) {
    kl_band(a, divisors);
    return;
  }
  struct kl_pool_row_args row = *a;
  for (int64_t i = 0; i < a->out_rows; i++) {
    kl_row(&row, divisors);
    row.first += a->band_step;
    row.y += a->out_w;
  }
}
