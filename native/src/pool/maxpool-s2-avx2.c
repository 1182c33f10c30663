/*
 * maxpool-s2-avx2.c - the stride-2 max-pooling microkernels networks use most,
 * 8 output columns per vector: 2x2s2 (ResNet-style downsampling) and 3x3s2p1
 * (the ResNet stem), on the band driver of maxpool-s2.h.
 *
 * A row's 16 (2x2) or 17 (3x3) columns are loaded once and split into the
 * taps with one shuffle each. The shuffles leave the lanes in the order
 * 0 1 4 5 2 3 6 7; the max rule works lane by lane, so rows are folded in that
 * order and one permute restores the columns at the store.
 */
#include <math.h>

#include "pool/pool-avx2.h"


static inline __m256 kl_nan_none(void) { return _mm256_setzero_ps(); }
static inline int kl_nan_any(__m256 nan) { return _mm256_movemask_ps(nan) != 0; }
static inline void kl_stream_fence(void) { _mm_sfence(); }
#define KL_STREAM_ALIGN 16

/* One tap v following h: the full rule (exact), or the plain max that keeps h
 * on ties (no NaNs). */
static inline __attribute__((always_inline)) void kl_take(__m256* h, __m256i* col, __m256 v,
                                                          int64_t tap, int with_indices,
                                                          int exact) {
  if (exact) {
    kl_max_update(h, col, v, tap, with_indices);
    return;
  }
  if (with_indices) {
    const __m256i take = _mm256_castps_si256(_mm256_cmp_ps(v, *h, _CMP_GT_OQ));
    *col = _mm256_blendv_epi8(*col, _mm256_set1_epi32((int32_t)tap), take);
  }
  *h = _mm256_max_ps(v, *h);
}

/* The fold of kernel_w = 2 or 3 taps p[2c + kw] for 8 columns c, in the
 * shuffled lane order; col: each lane's winning kw. Reads p[0..15] (2x2) or
 * p[0..16] (3x3), p[1..] when left. The fast path flags NaNs in p[0..15] (2x2)
 * or p[1..16] (3x3: p[0] is the previous block's p[16], or padding). */
static inline __attribute__((always_inline)) void kl_hrow(const float* p, int64_t kernel_w,
                                                          int left, int with_indices, int exact,
                                                          __m256* h, __m256i* col, __m256* nan) {
  __m256 v0;
  if (left) {
    /* p[1..8] moved up a lane, -inf in lane 0: the padding column. */
    v0 =
        _mm256_permutevar8x32_ps(_mm256_loadu_ps(p + 1), _mm256_setr_epi32(0, 0, 1, 2, 3, 4, 5, 6));
    v0 = _mm256_blend_ps(v0, _mm256_set1_ps(-INFINITY), 1);
  } else {
    v0 = _mm256_loadu_ps(p);
  }
  __m256 v1 = _mm256_loadu_ps(p + 8);
  /* Each vector loaded once: GCC otherwise folds a load into both shuffles
   * that use it, and the loads (2 uops each at 256 bits on Zen 1) bound this
   * kernel. */
  __asm__("" : "+x"(v0), "+x"(v1));
  __m256 taps[3];
  taps[0] = _mm256_shuffle_ps(v0, v1, _MM_SHUFFLE(2, 0, 2, 0)); /* p[2c] */
  taps[1] = _mm256_shuffle_ps(v0, v1, _MM_SHUFFLE(3, 1, 3, 1)); /* p[2c + 1] */
  if (kernel_w == 3) {
    /* p[2..9] and p[9..16]: p[2c + 2] without reading p[17]. */
    taps[2] =
        _mm256_shuffle_ps(_mm256_loadu_ps(p + 2), _mm256_loadu_ps(p + 9), _MM_SHUFFLE(3, 1, 2, 0));
  }
  if (!exact) {
    *nan = _mm256_or_ps(*nan, _mm256_cmp_ps(taps[kernel_w - 2], taps[kernel_w - 1], _CMP_UNORD_Q));
  }
  *h = taps[0];
  /* Left: lane 0's first tap inside is its second (PyTorch's initial index). */
  *col = left ? _mm256_setr_epi32(1, 0, 0, 0, 0, 0, 0, 0) : _mm256_setzero_si256();
  for (int64_t kw = 1; kw < kernel_w; kw++) {
    kl_take(h, col, taps[kw], kw, with_indices, exact);
  }
}

/* max follows by the row fold h (whose winners are col + row from the window's first tap). */
static inline __attribute__((always_inline)) void kl_fold(__m256* max, __m256i* offset, __m256 h,
                                                          __m256i col, int64_t row,
                                                          int with_indices, int exact) {
  if (!with_indices) {
    *max = exact ? kl_max_next(*max, h) : _mm256_max_ps(h, *max);
    return;
  }
  const __m256 take = exact ? kl_max_takes(*max, h) : _mm256_cmp_ps(h, *max, _CMP_GT_OQ);
  *max = exact ? _mm256_blendv_ps(*max, h, take) : _mm256_max_ps(h, *max);
  *offset = _mm256_blendv_epi8(*offset, _mm256_add_epi32(col, _mm256_set1_epi32((int32_t)row)),
                               _mm256_castps_si256(take));
}

static inline __attribute__((always_inline)) void kl_put(float* y, int64_t* indices, int64_t ow,
                                                         __m256 max, __m256i offset, int64_t first,
                                                         int with_indices, int stream) {
  /* Lanes 0 1 4 5 2 3 6 7 back to column order: swap the middle 64-bit pairs. */
  max = _mm256_castpd_ps(_mm256_permute4x64_pd(_mm256_castps_pd(max), _MM_SHUFFLE(3, 1, 2, 0)));
  if (stream) {
    /* Two 16-byte halves: malloc's blocks are 16-byte aligned, rarely 32. */
    _mm_stream_ps(y + ow, _mm256_castps256_ps128(max));
    _mm_stream_ps(y + ow + 4, _mm256_extractf128_ps(max, 1));
  } else {
    _mm256_storeu_ps(y + ow, max);
  }
  if (with_indices) {
    offset = _mm256_permute4x64_epi64(offset, _MM_SHUFFLE(3, 1, 2, 0));
    kl_store_indices(indices + ow, first, 2, offset, KL_LANES);
  }
}

/* Zen 1, P1 (1x64x112x112): 0.23 -> 0.20 ms together with the single loads
 * in kl_hrow. */
#define KL_S2_PREFETCH_STRIP 1
#include "pool/maxpool-s2.h"

KL_MAXPOOL_DEFINE_S2_UKERNEL(kl_f32_maxpool_ukernel_2x2s2__avx2, 2, kl_f32_maxpool_ukernel__avx2)
KL_MAXPOOL_DEFINE_S2_UKERNEL(kl_f32_maxpool_ukernel_3x3s2p1__avx2, 3, kl_f32_maxpool_ukernel__avx2)
