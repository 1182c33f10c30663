/*
 * peak-avx512.c - register-only FMA loop for AVX-512F: 12 zmm accumulators,
 * enough for 2 FMA pipes x 4 cycles of latency (and for cores that split a
 * 512-bit FMA over two 256-bit pipes).
 */
#include <immintrin.h>

#include "peak.h"

#define ACCUMULATORS 12

double kl_fma_loop__avx512(int64_t iterations, float seed) {
  /* acc -> acc * mul + add converges instead of overflowing. */
  const __m512 mul = _mm512_set1_ps(1.0f - seed * 1e-7f);
  const __m512 add = _mm512_set1_ps(seed * 1e-3f);
  __m512 acc[ACCUMULATORS];
  for (int i = 0; i < ACCUMULATORS; i++) {
    acc[i] = _mm512_set1_ps(seed + (float)i);
  }
  for (int64_t it = 0; it < iterations; it++) {
    for (int i = 0; i < ACCUMULATORS; i++) {
      acc[i] = _mm512_fmadd_ps(acc[i], mul, add);
    }
  }
  __m512 sum = acc[0];
  for (int i = 1; i < ACCUMULATORS; i++) {
    sum = _mm512_add_ps(sum, acc[i]);
  }
  kl_fma_sink = _mm512_cvtss_f32(sum);
  return (double)iterations * ACCUMULATORS * 16 * 2;
}
