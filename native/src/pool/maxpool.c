/*
 * maxpool.c - the max-pooling operator (1-D, 2-D and 3-D): validates, picks
 * the microkernel kind the parameters allow, and runs the shared pooling loop
 * (pool-common.c).
 */
#include "pool/maxpool.h"

#include "pool/pool-common.h"

enum kl_maxpool_kind kl_maxpool_kind_for(const kl_pool_params* p) {
  const int unit_dilation = p->dilation_h == 1 && p->dilation_w == 1;
  if (p->kernel_h == 2 && p->kernel_w == 2 && p->stride_h == 2 && p->stride_w == 2 &&
      p->pad_h == 0 && p->pad_w == 0 && unit_dilation) {
    return KL_MAXPOOL_2X2S2;
  }
  if (p->kernel_h == 3 && p->kernel_w == 3 && p->stride_h == 2 && p->stride_w == 2 &&
      p->pad_h == 1 && p->pad_w == 1 && unit_dilation) {
    return KL_MAXPOOL_3X3S2P1;
  }
  return KL_MAXPOOL_GENERIC;
}

kl_status kl_maxpool_f32(const kl_pool_params* params, const float* x, int64_t x_len, float* y,
                         int64_t y_len, int64_t* indices, int64_t indices_len) {
  const kl_status s =
      kl_pool_validate("kl_maxpool_f32", 0, params, x, x_len, y, y_len, indices, indices_len);
  if (s == KL_OK) {
    const kl_dispatch* d = kl_dispatch_active();
    kl_pool_execute(d->maxpool[kl_maxpool_kind_for(params)], params, x, y, indices);
  }
  return s;
}
