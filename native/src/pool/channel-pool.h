/*
 * channel-pool.h - the driver behind kl_channel_maxpool_f32 and
 * kl_channel_avgpool_f32, callable with any ISA's microkernel (the tests run
 * every path through it).
 */
#ifndef KL_CHANNEL_POOL_H
#define KL_CHANNEL_POOL_H

#include "internal.h"

/* y[b, i] = reduce over c of x[b, c, i] for (batch, channels, plane_size).
 * Arguments are trusted (the public entry points validate them); threaded over
 * batch x column chunks, never over channels. */
void kl_channel_pool_execute(kl_f32_channel_pool_ukernel_fn ukernel, int64_t batch,
                             int64_t channels, int64_t plane_size, const float* x, float* y);

#endif /* KL_CHANNEL_POOL_H */
