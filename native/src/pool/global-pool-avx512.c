/*
 * global-pool-avx512.c - global pooling, 16 floats per vector: the AVX2
 * microkernels' logic (see global-pool-avx2.c) with k-masked tails.
 *
 * avg: 4 planes at a time, one 16-lane accumulator each; each accumulator is
 * folded to 8 lanes (lane l + lane l+8) and the 4 planes share the AVX2 tree.
 */
#include "pool/global-pool-x86.h"

#define KL_LANES 16

static inline __m256 kl_fold(__m512 a) {
  return _mm256_add_ps(_mm512_castps512_ps256(a),
                       _mm256_castpd_ps(_mm512_extractf64x4_pd(_mm512_castps_pd(a), 1)));
}

void kl_f32_gavgpool_ukernel_4p__avx512(int64_t planes, int64_t plane_size, const float* x,
                                        float* y) {
  const int64_t full = plane_size / KL_LANES, rem = plane_size % KL_LANES;
  const __mmask16 tail = (__mmask16)((1u << rem) - 1);
  const __m128 divisor = _mm_set1_ps((float)plane_size);
  const int64_t n = plane_size, last = full * KL_LANES;
  const int prefetch = n <= KL_GPOOL_PREFETCH_MAX_PLANE;
  for (; planes >= 4; planes -= 4, x += 4 * n, y += 4) {
    __m512 a0 = _mm512_setzero_ps(), a1 = a0, a2 = a0, a3 = a0;
    const char* ahead = (const char*)(x + KL_GPOOL_PREFETCH_GROUPS * 4 * n);
    if (prefetch) {
      __builtin_prefetch(ahead + 16 * n - 4);
    }
    for (int64_t i = 0; i < last; i += KL_LANES) {
      if (prefetch) {
        kl_gpool_prefetch(ahead, i, KL_LANES);
      }
      a0 = _mm512_add_ps(a0, _mm512_loadu_ps(x + i));
      a1 = _mm512_add_ps(a1, _mm512_loadu_ps(x + n + i));
      a2 = _mm512_add_ps(a2, _mm512_loadu_ps(x + 2 * n + i));
      a3 = _mm512_add_ps(a3, _mm512_loadu_ps(x + 3 * n + i));
    }
    if (rem != 0) {
      a0 = _mm512_add_ps(a0, _mm512_maskz_loadu_ps(tail, x + last));
      a1 = _mm512_add_ps(a1, _mm512_maskz_loadu_ps(tail, x + n + last));
      a2 = _mm512_add_ps(a2, _mm512_maskz_loadu_ps(tail, x + 2 * n + last));
      a3 = _mm512_add_ps(a3, _mm512_maskz_loadu_ps(tail, x + 3 * n + last));
    }
    _mm_storeu_ps(y, _mm_div_ps(kl_gpool_sum4x8(kl_fold(a0), kl_fold(a1), kl_fold(a2), kl_fold(a3)),
                                divisor));
  }
  for (; planes > 0; planes--, x += n, y++) {
    __m512 acc = _mm512_setzero_ps();
    for (int64_t i = 0; i < last; i += KL_LANES) {
      acc = _mm512_add_ps(acc, _mm512_loadu_ps(x + i));
    }
    if (rem != 0) {
      acc = _mm512_add_ps(acc, _mm512_maskz_loadu_ps(tail, x + last));
    }
    *y = _mm_cvtss_f32(_mm_div_ss(kl_gpool_sum8(kl_fold(acc)), divisor));
  }
}

static void kl_gmax_plane(const float* x, int64_t plane_size, float* y, int64_t* index) {
  __m512 max = _mm512_set1_ps(-INFINITY);
  __m512i at = _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
  __m512i pos = at;
  const __m512i step = _mm512_set1_epi32(KL_LANES);
  const int64_t full = plane_size / KL_LANES * KL_LANES;
  for (int64_t i = 0; i < full; i += KL_LANES) {
    const __m512 v = _mm512_loadu_ps(x + i);
    const __mmask16 take =
        _mm512_cmp_ps_mask(v, max, _CMP_GT_OQ) | _mm512_cmp_ps_mask(v, v, _CMP_UNORD_Q);
    max = _mm512_mask_mov_ps(max, take, v);
    at = _mm512_mask_mov_epi32(at, take, pos);
    pos = _mm512_add_epi32(pos, step);
  }
  float lane_max[KL_LANES];
  int32_t lane_index[KL_LANES];
  _mm512_storeu_ps(lane_max, max);
  _mm512_storeu_si512(lane_index, at);
  kl_gmax_finish(lane_max, lane_index, KL_LANES, x, full, plane_size, y, index);
}

KL_GMAX_DEFINE_UKERNEL(kl_f32_gmaxpool_ukernel__avx512, KL_LANES)
