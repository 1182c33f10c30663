/*
 * relu-avx512.c - ReLU, 64 floats per iteration, k-masked tail.
 *
 * vmaxps(0, x) returns its second operand when the comparison 0 > x is false,
 * which covers NaN (any payload, even signalling) and -0: exactly x < 0 ? 0 : x.
 */
#include <immintrin.h>

#include "act/relu-ukernels.h"

void kl_f32_vrelu_ukernel__avx512(int64_t n, const float* x, float* y) {
  const __m512 zero = _mm512_setzero_ps();
  for (; n >= 64; n -= 64, x += 64, y += 64) {
    const __m512 v0 = _mm512_loadu_ps(x);
    const __m512 v1 = _mm512_loadu_ps(x + 16);
    const __m512 v2 = _mm512_loadu_ps(x + 32);
    const __m512 v3 = _mm512_loadu_ps(x + 48);
    _mm512_storeu_ps(y, _mm512_max_ps(zero, v0));
    _mm512_storeu_ps(y + 16, _mm512_max_ps(zero, v1));
    _mm512_storeu_ps(y + 32, _mm512_max_ps(zero, v2));
    _mm512_storeu_ps(y + 48, _mm512_max_ps(zero, v3));
  }
  for (; n >= 16; n -= 16, x += 16, y += 16) {
    _mm512_storeu_ps(y, _mm512_max_ps(zero, _mm512_loadu_ps(x)));
  }
  if (n > 0) {
    const __mmask16 mask = (__mmask16)((1u << n) - 1);
    _mm512_mask_storeu_ps(y, mask, _mm512_max_ps(zero, _mm512_maskz_loadu_ps(mask, x)));
  }
}
