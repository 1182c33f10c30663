/*
 * channel-pool-scalar.c - the reference channel pooling microkernels. They
 * accumulate in y, row after row, so x streams in memory order; each column's
 * order over channels is still c = 0, 1, ... as the contract says.
 */
#include <math.h>

#include "pool/channel-pool-ukernels.h"

void kl_f32_channel_maxpool_ukernel__scalar(int64_t channels, int64_t n, int64_t stride,
                                            const float* x, float* y) {
  for (int64_t i = 0; i < n; i++) {
    y[i] = x[i];
  }
  for (int64_t c = 1; c < channels; c++) {
    const float* row = x + c * stride;
    for (int64_t i = 0; i < n; i++) {
      const float v = row[i];
      if (!isnan(y[i]) && !(v <= y[i])) {
        y[i] = v;
      }
    }
  }
}

void kl_f32_channel_avgpool_ukernel__scalar(int64_t channels, int64_t n, int64_t stride,
                                            const float* x, float* y) {
  for (int64_t i = 0; i < n; i++) {
    y[i] = 0.0f + x[i]; /* the sum starts at +0: a lone -0 becomes +0 */
  }
  for (int64_t c = 1; c < channels; c++) {
    const float* row = x + c * stride;
    for (int64_t i = 0; i < n; i++) {
      y[i] += row[i];
    }
  }
  const float divisor = (float)channels;
  for (int64_t i = 0; i < n; i++) {
    y[i] /= divisor;
  }
}
