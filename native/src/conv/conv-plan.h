/*
 * conv-plan.h - the convolution plan every algorithm shares.
 *
 * conv.c validates a kl_conv_params, turns a non-zero padding mode into an
 * explicit padded copy of the input (so every algorithm sees zero padding,
 * possibly asymmetric), and asks the algorithms below in turn; the first that
 * takes the problem builds the plan. An algorithm embeds kl_conv_plan as its
 * first member, packs its weights at creation, and states its scratch needs;
 * conv.c carves the caller's workspace into one shared block and one slice per
 * thread, each 64-byte aligned.
 */
#ifndef KL_CONV_PLAN_H
#define KL_CONV_PLAN_H

#include "plan.h"

typedef struct kl_conv_plan kl_conv_plan;

/* Runs the whole problem (every image of the batch). x and y are the dense
 * NCDHW tensors of `params` (x already padded when the mode is not zeros);
 * shared is workspace_shared bytes, slices[t] is workspace_per_thread bytes
 * for thread t < threads. Must give the same bits for every `threads`. */
typedef kl_status (*kl_conv_run_fn)(const kl_conv_plan* plan, const float* x, float* y,
                                    void* shared, void* const* slices, int32_t threads);

struct kl_conv_plan {
  kl_plan base;                 /* kind KL_PLAN_CONV; destroy frees the whole plan */
  kl_conv_params params;        /* as the algorithm sees them: padding_mode zeros */
  int64_t workspace_shared;     /* bytes */
  int64_t workspace_per_thread; /* bytes */
  kl_conv_run_fn run;
};

/* Algorithm constructors. Each returns KL_UNSUPPORTED (without kl_fail) when
 * it does not handle `params`, KL_OK with *plan set, or another failure. params
 * are valid, padding_mode is KL_PAD_ZEROS; bias may be NULL. */
kl_status kl_conv_transpose_plan_create(const kl_conv_params* params, const float* weight,
                                        const float* bias, kl_conv_plan** plan);
kl_status kl_dwconv_plan_create(const kl_conv_params* params, const float* weight,
                                const float* bias, kl_conv_plan** plan);
kl_status kl_conv_1x1_plan_create(const kl_conv_params* params, const float* weight,
                                  const float* bias, kl_conv_plan** plan);
kl_status kl_conv_igemm_plan_create(const kl_conv_params* params, const float* weight,
                                    const float* bias, kl_conv_plan** plan);

#endif /* KL_CONV_PLAN_H */
