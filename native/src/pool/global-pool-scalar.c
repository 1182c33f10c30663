/*
 * global-pool-scalar.c - the reference global pooling microkernels: each
 * plane summed (or scanned) in order, as PyTorch's loops do.
 */
#include "pool/global-pool-ukernels.h"

void kl_f32_gavgpool_ukernel__scalar(int64_t planes, int64_t plane_size, const float* x, float* y) {
  for (int64_t p = 0; p < planes; p++, x += plane_size) {
    float sum = 0.0f;
    for (int64_t i = 0; i < plane_size; i++) {
      sum += x[i];
    }
    y[p] = sum / (float)plane_size;
  }
}

void kl_f32_gmaxpool_ukernel__scalar(int64_t planes, int64_t plane_size, const float* x, float* y,
                                     int64_t* indices) {
  for (int64_t p = 0; p < planes; p++, x += plane_size) {
    float max = -INFINITY;
    int64_t index = 0;
    kl_gmax_scan(x, 0, plane_size, &max, &index);
    y[p] = max;
    if (indices != NULL) {
      indices[p] = index;
    }
  }
}
