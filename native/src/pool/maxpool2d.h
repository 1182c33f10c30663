/*
 * maxpool2d.h - the max-pooling driver behind kl_maxpool2d_f32, callable with
 * any ISA's row microkernel (the tests run every path through it).
 */
#ifndef KL_MAXPOOL2D_H
#define KL_MAXPOOL2D_H

#include "internal.h"

/* Pools params->planes planes with `ukernel`, threaded over planes x output
 * rows. Arguments are trusted: kl_maxpool2d_f32 validates them. indices may be
 * NULL. */
void kl_maxpool2d_execute(kl_f32_maxpool2d_ukernel_fn ukernel, const kl_pool2d_params* params,
                          const float* x, float* y, int64_t* indices);

#endif /* KL_MAXPOOL2D_H */
