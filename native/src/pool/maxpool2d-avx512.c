/*
 * maxpool2d-avx512.c - max pooling of a row, 16 output columns per vector.
 *
 * Interior blocks (every tap inside the row): stride 1 loads columns
 * contiguously, stride 2 loads two vectors and takes the even elements with
 * one permutex2var; a block narrower than the vector uses k-masked loads and
 * stores that touch only its own elements. Borders take the scalar path.
 *
 * Per tap: max = isnan(v) ? v : vmaxps(v, max) (vmaxps returns max on ties
 * and when max is NaN), one instruction on the value chain; a lane's index
 * moves when (v > max || isnan(v)). Both are the scalar rule lane by lane, so
 * values (NaN payloads, -0 vs +0) and indices match it bit for bit.
 */
#include <immintrin.h>
#include <math.h>

#include "pool/maxpool2d-ukernels.h"

#define KL_LANES 16

static inline __mmask16 kl_leading(int64_t count) {
  return count <= 0 ? 0 : count >= KL_LANES ? (__mmask16)0xffff : (__mmask16)((1u << count) - 1);
}

/* Lane l = p[l * stride] for l < n, reading nothing past p[(n - 1) * stride]. */
static inline __attribute__((always_inline)) __m512 kl_load(const float* p, int64_t stride,
                                                            int64_t n) {
  const int full = n == KL_LANES;
  if (stride == 1) {
    return full ? _mm512_loadu_ps(p) : _mm512_maskz_loadu_ps(kl_leading(n), p);
  }
  /* p[0..15] and p[15..30]: the evens are the first's even lanes and the second's odd lanes. */
  const __m512i evens = _mm512_set_epi32(31, 29, 27, 25, 23, 21, 19, 17, 14, 12, 10, 8, 6, 4, 2, 0);
  const __m512 lo = full ? _mm512_loadu_ps(p) : _mm512_maskz_loadu_ps(kl_leading(2 * n - 1), p);
  const __m512 hi =
      full ? _mm512_loadu_ps(p + 15) : _mm512_maskz_loadu_ps(kl_leading(2 * n - 16), p + 15);
  return _mm512_permutex2var_ps(lo, evens, hi);
}

/* Output columns [ow, ow + n) of the interior; n < KL_LANES only in a narrow interior. */
static inline __attribute__((always_inline)) void kl_block(const struct kl_maxpool2d_row_args* a,
                                                           int64_t ow, int64_t n, int64_t stride,
                                                           int with_indices) {
  const int64_t in_w = a->in_w;
  const int64_t first = a->ih0 * in_w + ow * stride - a->pad_w; /* lane 0's first tap */
  __m512 max = _mm512_set1_ps(-INFINITY);
  __m512i offset = _mm512_setzero_si512(); /* each lane's winner, from its first tap */
  for (int64_t r = 0; r < a->rows; r++) {
    for (int64_t kw = 0; kw < a->kernel_w; kw++) {
      const int64_t tap = r * a->dilation_h * in_w + kw * a->dilation_w;
      const __m512 v = kl_load(a->x + first + tap, stride, n);
      const __mmask16 nan = _mm512_cmp_ps_mask(v, v, _CMP_UNORD_Q);
      if (with_indices) {
        const __mmask16 take = _mm512_cmp_ps_mask(v, max, _CMP_GT_OQ) | nan;
        offset = _mm512_mask_mov_epi32(offset, take, _mm512_set1_epi32((int32_t)tap));
      }
      max = _mm512_mask_max_ps(v, (__mmask16)~nan, v, max);
    }
  }
  const __mmask16 store = kl_leading(n);
  _mm512_mask_storeu_ps(a->y + ow, store, max);
  if (with_indices) {
    const __m512i base = _mm512_add_epi64(
        _mm512_set1_epi64(first),
        _mm512_mullo_epi64(_mm512_set_epi64(7, 6, 5, 4, 3, 2, 1, 0), _mm512_set1_epi64(stride)));
    const __m512i lo = _mm512_add_epi64(base, _mm512_cvtepi32_epi64(_mm512_castsi512_si256(offset)));
    const __m512i hi = _mm512_add_epi64(_mm512_add_epi64(base, _mm512_set1_epi64(8 * stride)),
                                        _mm512_cvtepi32_epi64(_mm512_extracti64x4_epi64(offset, 1)));
    _mm512_mask_storeu_epi64(a->indices + ow, (__mmask8)store, lo);
    _mm512_mask_storeu_epi64(a->indices + ow + 8, (__mmask8)(store >> 8), hi);
  }
}

KL_MAXPOOL2D_DEFINE_UKERNEL(kl_f32_maxpool2d_ukernel__avx512, KL_LANES)
