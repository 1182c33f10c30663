/*
 * maxpool-scalar.c - the reference max-pooling row microkernel.
 */
#include <math.h>

#include "pool/maxpool-ukernels.h"

void kl_f32_maxpool_columns__scalar(const struct kl_pool_row_args* a, int64_t ow_begin,
                                    int64_t ow_end) {
  const int64_t dw = a->dilation_w;
  for (int64_t ow = ow_begin; ow < ow_end; ow++) {
    const int64_t wstart = ow * a->stride_w - a->pad_w;
    const int64_t wlast = wstart + (a->kernel_w - 1) * dw;
    const int64_t iw0 = kl_pool_first_tap(wstart, dw);
    const int64_t iw_end = wlast < a->in_w ? wlast + 1 : a->in_w;
    float max = -INFINITY;
    int64_t index = a->first + iw0;
    for (int64_t d = 0; d < a->depths; d++) {
      for (int64_t r = 0; r < a->rows; r++) {
        const int64_t row = a->first + d * a->depth_step + r * a->row_step;
        for (int64_t iw = iw0; iw < iw_end; iw += dw) {
          const float v = a->x[row + iw];
          if (v > max || isnan(v)) {
            max = v;
            index = row + iw;
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

static void kl_row(const struct kl_pool_row_args* args) {
  kl_f32_maxpool_columns__scalar(args, 0, args->out_w);
}

void kl_f32_maxpool_ukernel__scalar(const struct kl_pool_row_args* args) {
  kl_pool_band_rows(args, kl_row);
}
