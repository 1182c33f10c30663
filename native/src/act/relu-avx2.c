/*
 * relu-avx2.c - ReLU, 32 floats per iteration, masked tail.
 *
 * vmaxps(0, x) returns its second operand when the comparison 0 > x is false,
 * which covers NaN (any payload, even signalling) and -0: exactly x < 0 ? 0 : x.
 */
#include <immintrin.h>

#include "act/relu-ukernels.h"

/* Loading 8 ints from kl_tail_mask + 8 - r gives r leading all-ones lanes. */
static const int32_t kl_tail_mask[16] = {-1, -1, -1, -1, -1, -1, -1, -1, 0, 0, 0, 0, 0, 0, 0, 0};

void kl_f32_vrelu_ukernel__avx2(int64_t n, const float* x, float* y) {
  const __m256 zero = _mm256_setzero_ps();
  for (; n >= 32; n -= 32, x += 32, y += 32) {
    const __m256 v0 = _mm256_loadu_ps(x);
    const __m256 v1 = _mm256_loadu_ps(x + 8);
    const __m256 v2 = _mm256_loadu_ps(x + 16);
    const __m256 v3 = _mm256_loadu_ps(x + 24);
    _mm256_storeu_ps(y, _mm256_max_ps(zero, v0));
    _mm256_storeu_ps(y + 8, _mm256_max_ps(zero, v1));
    _mm256_storeu_ps(y + 16, _mm256_max_ps(zero, v2));
    _mm256_storeu_ps(y + 24, _mm256_max_ps(zero, v3));
  }
  for (; n >= 8; n -= 8, x += 8, y += 8) {
    _mm256_storeu_ps(y, _mm256_max_ps(zero, _mm256_loadu_ps(x)));
  }
  if (n > 0) {
    const __m256i mask = _mm256_loadu_si256((const __m256i*)(kl_tail_mask + 8 - n));
    _mm256_maskstore_ps(y, mask, _mm256_max_ps(zero, _mm256_maskload_ps(x, mask)));
  }
}
