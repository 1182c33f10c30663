/*
 * conv-transpose.h - the transposed-convolution plan's constructor on a given
 * dispatch table, so the tests can build plans for every ISA the machine runs
 * (kl_conv_transpose_plan_create uses the active table).
 */
#ifndef KL_CONV_TRANSPOSE_H
#define KL_CONV_TRANSPOSE_H

#include "conv/conv-plan.h"

kl_status kl_conv_transpose_plan_create_for(const kl_dispatch* dispatch,
                                            const kl_conv_params* params, const float* weight,
                                            const float* bias, kl_conv_plan** plan);

#endif /* KL_CONV_TRANSPOSE_H */
