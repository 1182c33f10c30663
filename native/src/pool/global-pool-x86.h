/*
 * global-pool-x86.h - what the AVX2 and AVX-512 global pooling microkernels
 * share (both translation units have AVX2 enabled): the 8-lane sum tree, so
 * that a plane's total is the same whether it was reduced alone or with three
 * neighbours, and the tail masks.
 */
#ifndef KL_GLOBAL_POOL_X86_H
#define KL_GLOBAL_POOL_X86_H

#include <immintrin.h>

#include "pool/global-pool-ukernels.h"

/* Lane l of the result is plane l's total of its 8 lane sums a[l], added as
 * ((a0+a1)+(a2+a3)) + ((a4+a5)+(a6+a7)): two rounds of hadd give each plane's
 * halves, one add of the 128-bit halves joins them. */
static inline __m128 kl_gpool_sum4x8(__m256 a0, __m256 a1, __m256 a2, __m256 a3) {
  const __m256 q = _mm256_hadd_ps(_mm256_hadd_ps(a0, a1), _mm256_hadd_ps(a2, a3));
  return _mm_add_ps(_mm256_castps256_ps128(q), _mm256_extractf128_ps(q, 1));
}

/* One plane's total of its 8 lane sums, in the order of kl_gpool_sum4x8. */
static inline __m128 kl_gpool_sum8(__m256 a) {
  const __m256 h = _mm256_hadd_ps(a, a);
  const __m256 q = _mm256_hadd_ps(h, h);
  return _mm_add_ss(_mm256_castps256_ps128(q), _mm256_extractf128_ps(q, 1));
}

/* 8 int32s with the first r in [0, 8] all ones. */
static inline __m256i kl_gpool_leading32(int64_t r) {
  static const int32_t mask[16] = {-1, -1, -1, -1, -1, -1, -1, -1, 0, 0, 0, 0, 0, 0, 0, 0};
  return _mm256_loadu_si256((const __m256i*)(mask + 8 - r));
}

/* Small planes (7x7: 196 bytes) make a group of 4 planes a few cache lines
 * read as 4 interleaved streams, which the hardware prefetchers follow late.
 * So the avg kernels prefetch the group KL_GPOOL_PREFETCH_GROUPS ahead at the
 * rate they load: while plane offset i (floats) is summed, the lines at byte
 * 16 * i of the group ahead (4 planes of 4 bytes a float), plus its last line
 * once per group. P4 (8x2048x7x7) on Zen 1: 96 -> ~80 us; prefetching fewer
 * lines (every other one, every fourth) was slower. Planes above
 * KL_GPOOL_PREFETCH_MAX_PLANE are long streams, left to the hardware. */
#define KL_GPOOL_PREFETCH_GROUPS 2
#define KL_GPOOL_PREFETCH_MAX_PLANE 256

/* The lines of the group ahead that the loads of plane offset i match: one
 * per 16 floats of vector width (lanes / 4 lines of 64 bytes). */
static inline __attribute__((always_inline)) void kl_gpool_prefetch(const char* ahead, int64_t i,
                                                                    int lanes) {
  for (int l = 0; l < lanes / 4; l++) {
    __builtin_prefetch(ahead + 16 * i + 64 * l);
  }
}

#endif /* KL_GLOBAL_POOL_X86_H */
