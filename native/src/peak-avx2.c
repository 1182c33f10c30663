/*
 * peak-avx2.c - register-only FMA loop for AVX2: 12 ymm accumulators, more
 * than the 2 pipes x 4 cycles of latency that keep both FMA units busy.
 */
#include <immintrin.h>

#include "peak.h"

#define ACCUMULATORS 12

double kl_fma_loop__avx2(int64_t iterations, float seed) {
  /* acc -> acc * mul + add converges instead of overflowing. */
  const __m256 mul = _mm256_set1_ps(1.0f - seed * 1e-7f);
  const __m256 add = _mm256_set1_ps(seed * 1e-3f);
  __m256 acc[ACCUMULATORS];
  for (int i = 0; i < ACCUMULATORS; i++) {
    acc[i] = _mm256_set1_ps(seed + (float)i);
  }
  for (int64_t it = 0; it < iterations; it++) {
    for (int i = 0; i < ACCUMULATORS; i++) {
      acc[i] = _mm256_fmadd_ps(acc[i], mul, add);
    }
  }
  __m256 sum = acc[0];
  for (int i = 1; i < ACCUMULATORS; i++) {
    sum = _mm256_add_ps(sum, acc[i]);
  }
  kl_fma_sink = _mm256_cvtss_f32(sum);
  return (double)iterations * ACCUMULATORS * 8 * 2;
}
