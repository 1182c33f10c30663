/*
 * maxpool.h - how kl_maxpool_f32 picks its microkernel, callable with any
 * ISA's dispatch table (the tests run every path through it).
 */
#ifndef KL_MAXPOOL_H
#define KL_MAXPOOL_H

#include "internal.h"

/* The kind of microkernel (enum kl_maxpool_kind) for these parameters. */
enum kl_maxpool_kind kl_maxpool_kind_for(const kl_pool_params* params);

#endif /* KL_MAXPOOL_H */
