/*
 * adaptive-pool-scalar.c - the reference adaptive pooling row microkernels,
 * PyTorch's loops over each output's window.
 */
#include <math.h>

#include "pool/adaptive-pool-ukernels.h"

void kl_f32_adaptive_avgpool_columns__scalar(const struct kl_adaptive_row_args* a, int64_t ow_begin,
                                             int64_t ow_end) {
  const float kd = (float)(a->d1 - a->d0), kh = (float)(a->h1 - a->h0);
  for (int64_t ow = ow_begin; ow < ow_end; ow++) {
    const int64_t w0 = kl_adaptive_start(ow, a->in_w, a->out_w);
    const int64_t w1 = kl_adaptive_end(ow, a->in_w, a->out_w);
    float sum = 0.0f;
    for (int64_t d = a->d0; d < a->d1; d++) {
      for (int64_t h = a->h0; h < a->h1; h++) {
        const float* row = a->x + (d * a->in_h + h) * a->in_w;
        for (int64_t w = w0; w < w1; w++) {
          sum += row[w];
        }
      }
    }
    a->y[ow] = sum / kd / kh / (float)(w1 - w0);
  }
}

void kl_f32_adaptive_maxpool_columns__scalar(const struct kl_adaptive_row_args* a, int64_t ow_begin,
                                             int64_t ow_end) {
  for (int64_t ow = ow_begin; ow < ow_end; ow++) {
    const int64_t w0 = kl_adaptive_start(ow, a->in_w, a->out_w);
    const int64_t w1 = kl_adaptive_end(ow, a->in_w, a->out_w);
    float max = -INFINITY;
    int64_t index = (a->d0 * a->in_h + a->h0) * a->in_w + w0;
    for (int64_t d = a->d0; d < a->d1; d++) {
      for (int64_t h = a->h0; h < a->h1; h++) {
        const int64_t row = (d * a->in_h + h) * a->in_w;
        for (int64_t w = w0; w < w1; w++) {
          const float v = a->x[row + w];
          if (v > max || isnan(v)) {
            max = v;
            index = row + w;
          }
        }
      }
    }
    a->y[ow] = max;
    if (a->indices != NULL) {
      a->indices[ow] = index;
    }
  }
}

void kl_f32_adaptive_avgpool_ukernel__scalar(const struct kl_adaptive_row_args* args) {
  kl_f32_adaptive_avgpool_columns__scalar(args, 0, args->out_w);
}

void kl_f32_adaptive_maxpool_ukernel__scalar(const struct kl_adaptive_row_args* args) {
  kl_f32_adaptive_maxpool_columns__scalar(args, 0, args->out_w);
}
