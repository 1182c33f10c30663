/*
 * avgpool-scalar.c - the reference average-pooling row microkernel.
 */
#include "pool/avgpool-ukernels.h"

void kl_f32_avgpool_columns__scalar(const struct kl_pool_row_args* a, int64_t ow_begin,
                                    int64_t ow_end) {
  for (int64_t ow = ow_begin; ow < ow_end; ow++) {
    const int64_t wstart = ow * a->stride_w - a->pad_w;
    const int64_t wend = wstart + a->kernel_w;
    const int64_t padded_end = wend < a->in_w + a->pad_w ? wend : a->in_w + a->pad_w;
    const int64_t iw0 = wstart > 0 ? wstart : 0;
    const int64_t iw1 = wend < a->in_w ? wend : a->in_w;
    float sum = 0.0f;
    for (int64_t d = 0; d < a->depths; d++) {
      for (int64_t r = 0; r < a->rows; r++) {
        const float* row = a->x + a->first + d * a->depth_step + r * a->row_step;
        float row_sum = 0.0f;
        for (int64_t iw = iw0; iw < iw1; iw++) {
          row_sum += row[iw];
        }
        sum += row_sum;
      }
    }
    a->y[ow] = sum / kl_avgpool_divisor(a, iw1 > iw0 ? iw1 - iw0 : 0, padded_end - wstart) + 0.0f;
  }
}

static void kl_row(const struct kl_pool_row_args* args) {
  kl_f32_avgpool_columns__scalar(args, 0, args->out_w);
}

void kl_f32_avgpool_ukernel__scalar(const struct kl_pool_row_args* args) {
  kl_pool_band_rows(args, kl_row);
}
