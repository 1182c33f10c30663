/*
 * relu-scalar.c - the reference ReLU microkernel.
 */
#include "act/relu-ukernels.h"

void kl_f32_vrelu_ukernel__scalar(int64_t n, const float* x, float* y) {
  for (int64_t i = 0; i < n; i++) {
    const float v = x[i];
    y[i] = v < 0.0f ? 0.0f : v;
  }
}
