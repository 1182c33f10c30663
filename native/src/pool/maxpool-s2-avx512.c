/*
 * maxpool-s2-avx512.c - the stride-2 max-pooling microkernels networks use
 * most, 16 output columns per vector: 2x2s2 (ResNet-style downsampling) and
 * 3x3s2p1 (the ResNet stem), on the band driver of maxpool-s2.h. The AVX-512
 * twin of maxpool-s2-avx2.c.
 *
 * A row's 32 (2x2) or 33 (3x3) columns are loaded once and split into the
 * taps with one permutex2var each, in column order.
 */
#include <math.h>

#include "pool/pool-avx512.h"


/* The fast path's NaN flags: any lane of a NaN tap set (kept as a vector, the
 * driver's type). */
static inline __m512 kl_nan_none(void) { return _mm512_setzero_ps(); }
static inline int kl_nan_any(__m512 nan) {
  return _mm512_test_epi32_mask(_mm512_castps_si512(nan), _mm512_castps_si512(nan)) != 0;
}
static inline void kl_stream_fence(void) { _mm_sfence(); }
#define KL_STREAM_ALIGN 64

/* One tap v following h: the full rule (exact), or the plain max that keeps h
 * on ties (no NaNs). */
static inline __attribute__((always_inline)) void kl_take(__m512* h, __m512i* col, __m512 v,
                                                          int64_t tap, int with_indices,
                                                          int exact) {
  if (exact) {
    kl_max_update(h, col, v, tap, with_indices);
    return;
  }
  if (with_indices) {
    const __mmask16 take = _mm512_cmp_ps_mask(v, *h, _CMP_GT_OQ);
    *col = _mm512_mask_mov_epi32(*col, take, _mm512_set1_epi32((int32_t)tap));
  }
  *h = _mm512_max_ps(v, *h);
}

/* The fold of kernel_w = 2 or 3 taps p[2c + kw] for 16 columns c; col: each
 * lane's winning kw. Reads p[0..31] (2x2) or p[0..32] (3x3), p[1..] when
 * left. The fast path flags NaNs in p[0..31] (2x2) or p[1..32] (3x3: p[0] is
 * the previous block's p[32], or padding). */
static inline __attribute__((always_inline)) void kl_hrow(const float* p, int64_t kernel_w,
                                                          int left, int with_indices, int exact,
                                                          __m512* h, __m512i* col, __m512* nan) {
  const __m512i evens = _mm512_set_epi32(30, 28, 26, 24, 22, 20, 18, 16, 14, 12, 10, 8, 6, 4, 2, 0);
  const __m512i odds = _mm512_add_epi32(evens, _mm512_set1_epi32(1));
  /* Left: p[1..15] moved up a lane, -inf in lane 0 (the padding column). */
  const __m512i up = _mm512_set_epi32(14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 0);
  const __m512 v0 = left ? _mm512_mask_permutexvar_ps(_mm512_set1_ps(-INFINITY), (__mmask16)0xfffe,
                                                      up, _mm512_loadu_ps(p + 1))
                         : _mm512_loadu_ps(p);
  const __m512 v1 = _mm512_loadu_ps(p + 16);
  __m512 taps[3];
  taps[0] = _mm512_permutex2var_ps(v0, evens, v1); /* p[2c] */
  taps[1] = _mm512_permutex2var_ps(v0, odds, v1);  /* p[2c + 1] */
  if (kernel_w == 3) {
    taps[2] = kl_load(p + 2, 2, KL_LANES); /* p[2c + 2] without reading p[33] */
  }
  if (!exact) {
    const __mmask16 bad = _mm512_cmp_ps_mask(taps[kernel_w - 2], taps[kernel_w - 1], _CMP_UNORD_Q);
    *nan = _mm512_mask_mov_ps(*nan, bad, _mm512_castsi512_ps(_mm512_set1_epi32(-1)));
  }
  *h = taps[0];
  /* Left: lane 0's first tap inside is its second (PyTorch's initial index). */
  *col = left ? _mm512_maskz_set1_epi32(1, 1) : _mm512_setzero_si512();
  for (int64_t kw = 1; kw < kernel_w; kw++) {
    kl_take(h, col, taps[kw], kw, with_indices, exact);
  }
}

/* max followed by the row fold h (whose winners are col + row from the window's first tap). */
static inline __attribute__((always_inline)) void kl_fold(__m512* max, __m512i* offset, __m512 h,
                                                          __m512i col, int64_t row,
                                                          int with_indices, int exact) {
  __m512i tap = _mm512_add_epi32(col, _mm512_set1_epi32((int32_t)row));
  if (exact) {
    /* kl_max_update's rule with a vector of taps. */
    const __mmask16 nan = _mm512_cmp_ps_mask(h, h, _CMP_UNORD_Q);
    if (with_indices) {
      const __mmask16 take = _mm512_cmp_ps_mask(h, *max, _CMP_GT_OQ) | nan;
      *offset = _mm512_mask_mov_epi32(*offset, take, tap);
    }
    *max = _mm512_mask_max_ps(h, (__mmask16)~nan, h, *max);
    return;
  }
  if (with_indices) {
    *offset = _mm512_mask_mov_epi32(*offset, _mm512_cmp_ps_mask(h, *max, _CMP_GT_OQ), tap);
  }
  *max = _mm512_max_ps(h, *max);
}

static inline __attribute__((always_inline)) void kl_put(float* y, int64_t* indices, int64_t ow,
                                                         __m512 max, __m512i offset, int64_t first,
                                                         int with_indices, int stream) {
  if (stream) {
    _mm512_stream_ps(y + ow, max);
  } else {
    _mm512_storeu_ps(y + ow, max);
  }
  if (with_indices) {
    kl_store_indices(indices + ow, first, 2, offset, KL_LANES);
  }
}

#include "pool/maxpool-s2.h"

KL_MAXPOOL_DEFINE_S2_UKERNEL(kl_f32_maxpool_ukernel_2x2s2__avx512, 2,
                             kl_f32_maxpool_ukernel__avx512)
KL_MAXPOOL_DEFINE_S2_UKERNEL(kl_f32_maxpool_ukernel_3x3s2p1__avx512, 3,
                             kl_f32_maxpool_ukernel__avx512)
