/*
 * peak-neon.c - register-only FMA loop for NEON: 16 q-register accumulators,
 * enough for up to 4 FMA pipes x 4 cycles of latency.
 */
#include <arm_neon.h>

#include "peak.h"

#define ACCUMULATORS 16

double kl_fma_loop__neon(int64_t iterations, float seed) {
  /* acc -> acc * mul + add converges instead of overflowing. */
  const float32x4_t mul = vdupq_n_f32(1.0f - seed * 1e-7f);
  const float32x4_t add = vdupq_n_f32(seed * 1e-3f);
  float32x4_t acc[ACCUMULATORS];
  for (int i = 0; i < ACCUMULATORS; i++) {
    acc[i] = vdupq_n_f32(seed + (float)i);
  }
  for (int64_t it = 0; it < iterations; it++) {
    for (int i = 0; i < ACCUMULATORS; i++) {
      acc[i] = vfmaq_f32(add, acc[i], mul);
    }
  }
  float32x4_t sum = acc[0];
  for (int i = 1; i < ACCUMULATORS; i++) {
    sum = vaddq_f32(sum, acc[i]);
  }
  kl_fma_sink = vgetq_lane_f32(sum, 0);
  return (double)iterations * ACCUMULATORS * 4 * 2;
}
