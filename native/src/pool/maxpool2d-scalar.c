/*
 * maxpool2d-scalar.c - the reference max-pooling row microkernel.
 */
#include <math.h>

#include "pool/maxpool2d-ukernels.h"

void kl_f32_maxpool2d_columns__scalar(const struct kl_maxpool2d_row_args* args, int64_t ow_begin,
                                      int64_t ow_end) {
  const int64_t in_w = args->in_w;
  const int64_t dw = args->dilation_w;
  for (int64_t ow = ow_begin; ow < ow_end; ow++) {
    const int64_t wstart = ow * args->stride_w - args->pad_w;
    const int64_t wlast = wstart + (args->kernel_w - 1) * dw;
    const int64_t iw0 = kl_maxpool2d_first_tap(wstart, dw);
    const int64_t iw_end = wlast < in_w ? wlast + 1 : in_w;
    float max = -INFINITY;
    int64_t index = args->ih0 * in_w + iw0;
    for (int64_t r = 0; r < args->rows; r++) {
      const int64_t ih = args->ih0 + r * args->dilation_h;
      const float* row = args->x + ih * in_w;
      for (int64_t iw = iw0; iw < iw_end; iw += dw) {
        const float v = row[iw];
        if (v > max || isnan(v)) {
          max = v;
          index = ih * in_w + iw;
        }
      }
    }
    args->y[ow] = max;
    if (args->indices != NULL) {
      args->indices[ow] = index;
    }
  }
}

void kl_f32_maxpool2d_ukernel__scalar(const struct kl_maxpool2d_row_args* args) {
  kl_f32_maxpool2d_columns__scalar(args, 0, args->out_w);
}
