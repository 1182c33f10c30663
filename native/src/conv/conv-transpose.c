/* PLACEHOLDER (lead, 2026-12-02): replaced by the helper who owns this algorithm. */
#include "conv/conv-plan.h"

kl_status kl_conv_transpose_plan_create(const kl_conv_params* params, const float* weight, const float* bias,
              kl_conv_plan** plan) {
  (void)params; (void)weight; (void)bias; (void)plan;
  return KL_UNSUPPORTED;
}
