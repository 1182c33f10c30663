/*
 * global-pool.h - the drivers behind kl_global_avgpool_f32 and
 * kl_global_maxpool_f32, callable with any ISA's microkernel (the tests run
 * every path through them; adaptive pooling with a 1x1x1 output uses them).
 */
#ifndef KL_GLOBAL_POOL_H
#define KL_GLOBAL_POOL_H

#include "internal.h"

/* Arguments are trusted (the public entry points validate them); threaded over
 * planes, each plane reduced by one thread. indices may be NULL. */
void kl_global_avgpool_execute(kl_f32_gavgpool_ukernel_fn ukernel, int64_t planes,
                               int64_t plane_size, const float* x, float* y);
void kl_global_maxpool_execute(kl_f32_gmaxpool_ukernel_fn ukernel, int64_t planes,
                               int64_t plane_size, const float* x, float* y, int64_t* indices);

#endif /* KL_GLOBAL_POOL_H */
