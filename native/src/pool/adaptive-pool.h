/*
 * adaptive-pool.h - the drivers behind kl_adaptive_avgpool_f32 and
 * kl_adaptive_maxpool_f32, callable with any ISA's dispatch table (the tests
 * run every path through them).
 */
#ifndef KL_ADAPTIVE_POOL_H
#define KL_ADAPTIVE_POOL_H

#include "internal.h"

/* Arguments are trusted (the public entry points validate them). A 1x1x1
 * output takes the table's global pooling microkernel; otherwise rows of the
 * table's adaptive microkernel, threaded over planes x output rows.
 * indices may be NULL. */
void kl_adaptive_avgpool_execute(const kl_dispatch* dispatch, const kl_adaptive_pool_params* params,
                                 const float* x, float* y);
void kl_adaptive_maxpool_execute(const kl_dispatch* dispatch, const kl_adaptive_pool_params* params,
                                 const float* x, float* y, int64_t* indices);

#endif /* KL_ADAPTIVE_POOL_H */
