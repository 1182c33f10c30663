/*
 * conv-1x1.c - 1x1 convolution straight on the GEMM microkernels: per image
 * and group, C[out, spatial] = W[out, in] * X[in, spatial], where X is the
 * input itself read as a strided matrix (rows: channels; columns: outputs).
 * No im2col: the GEMM driver packs B's panels from x directly.
 */
#include "conv/conv-gemm.h"

static const char* const names[KL_ISA_COUNT] = {"conv/1x1-gemm/scalar", "conv/1x1-gemm/avx2",
                                                "conv/1x1-gemm/avx512", "conv/1x1-gemm/neon"};

/* A 1x1 kernel without padding whose outputs read the input at one constant
 * step: stride 1 everywhere, or a stride along the only dim that has more
 * than one output (a strided 1-D convolution). */
static int applies(const kl_conv_params* p) {
  const int64_t step = p->stride_w;
  return p->kernel_d == 1 && p->kernel_h == 1 && p->kernel_w == 1 && p->pad_d == 0 &&
         p->pad_h == 0 && p->pad_w == 0 && p->pad_d_end == 0 && p->pad_h_end == 0 &&
         p->pad_w_end == 0 && (p->out_h == 1 || p->stride_h * p->in_w == step * p->out_w) &&
         (p->out_d == 1 || p->stride_d * p->in_h * p->in_w == step * p->out_h * p->out_w);
}

kl_status kl_conv_1x1_plan_create(const kl_conv_params* params, const float* weight,
                                  const float* bias, kl_conv_plan** out) {
  if (!applies(params)) {
    return KL_UNSUPPORTED;
  }
  kl_conv_gemm_plan* plan;
  const kl_status status = kl_conv_gemm_plan_new(params, weight, bias, names, &plan);
  if (status != KL_OK) {
    return status;
  }
  plan->b_rs = params->in_d * params->in_h * params->in_w;
  plan->b_cs = params->stride_w;
  kl_conv_gemm_plan_ready(plan);
  *out = &plan->base;
  return KL_OK;
}
