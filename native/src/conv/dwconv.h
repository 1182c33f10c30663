/*
 * dwconv.h - the depthwise-convolution plan's constructor on a given dispatch
 * table, so the tests can build plans for every ISA the machine runs
 * (kl_dwconv_plan_create uses the active table).
 */
#ifndef KL_DWCONV_H
#define KL_DWCONV_H

#include "conv/conv-plan.h"

kl_status kl_dwconv_plan_create_for(const kl_dispatch* dispatch, const kl_conv_params* params,
                                    const float* weight, const float* bias, kl_conv_plan** plan);

#endif /* KL_DWCONV_H */
