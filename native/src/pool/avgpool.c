/*
 * avgpool.c - the average-pooling operator (1-D, 2-D and 3-D): validates,
 * picks the microkernel kind the parameters allow, and runs the shared pooling
 * loop (pool-common.c).
 */
#include "pool/avgpool.h"

#include "pool/pool-common.h"

enum kl_avgpool_kind kl_avgpool_kind_for(const kl_pool_params* p) {
  if (p->kernel_h == 3 && p->kernel_w == 3 && p->stride_h == 1 && p->stride_w == 1 &&
      p->pad_h == 1 && p->pad_w == 1) {
    return KL_AVGPOOL_3X3S1P1;
  }
  return KL_AVGPOOL_GENERIC;
}

kl_status kl_avgpool_f32(const kl_pool_params* params, const float* x, int64_t x_len, float* y,
                         int64_t y_len) {
  const kl_status s = kl_pool_validate("kl_avgpool_f32", 1, params, x, x_len, y, y_len, NULL, 0);
  if (s == KL_OK) {
    const kl_dispatch* d = kl_dispatch_active();
    kl_pool_execute(d->avgpool[kl_avgpool_kind_for(params)], params, x, y, NULL);
  }
  return s;
}
