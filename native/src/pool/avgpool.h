/*
 * avgpool.h - how kl_avgpool_f32 picks its microkernel, callable with any
 * ISA's dispatch table (the tests run every path through it).
 */
#ifndef KL_AVGPOOL_H
#define KL_AVGPOOL_H

#include "internal.h"

/* The kind of microkernel (enum kl_avgpool_kind) for these parameters. */
enum kl_avgpool_kind kl_avgpool_kind_for(const kl_pool_params* params);

#endif /* KL_AVGPOOL_H */
