/*
 * dwconv-scalar.c - the reference depthwise-convolution microkernel: every
 * kind, straight from the definition, taps in the padding skipped.
 */
#include "conv/dwconv-ukernels.h"

void kl_f32_dwconv_ukernel__scalar(const struct kl_dwconv_args* a) {
  for (int64_t oh = a->oh_begin; oh < a->oh_end; oh++) {
    float* y = a->y + oh * a->out_w;
    for (int64_t ow = 0; ow < a->out_w; ow++) {
      float acc = a->bias;
      for (int64_t ky = 0; ky < a->kh; ky++) {
        const int64_t ih = oh * a->stride_h - a->pad_top + ky * a->dilation_h;
        if (ih < 0 || ih >= a->in_h) {
          continue;
        }
        const float* x = a->x + ih * a->in_w;
        for (int64_t kx = 0; kx < a->kw; kx++) {
          const int64_t iw = ow * a->stride_w - a->pad_left + kx * a->dilation_w;
          if (iw >= 0 && iw < a->in_w) {
            acc += a->w[ky * a->kw + kx] * x[iw];
          }
        }
      }
      y[ow] = acc;
    }
  }
}
