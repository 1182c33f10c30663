/*
 * conv-gemm.h - what the GEMM-based convolutions (conv-1x1.c, conv-igemm.c)
 * share. Per image and group, a forward convolution is one GEMM
 *   C[out/groups, out_d*out_h*out_w] = W_g[out/groups, K] * B[K, out_d*out_h*out_w]
 * with K = in/groups * kernel volume: y's [out, spatial] layout is C, PyTorch's
 * weight layout is A, so the plan packs A once and never moves y. Only B
 * differs between the algorithms: the input itself (1x1) or im2col panels
 * packed from it on the fly (implicit GEMM). The bias is the GEMM's row bias,
 * written into each tile just before the microkernel accumulates onto it.
 */
#ifndef KL_CONV_GEMM_H
#define KL_CONV_GEMM_H

#include "conv/conv-plan.h"
#include "gemm/gemm.h"

/* The most NR panels of one packed B block (the blocking never exceeds it),
 * so that a packer can keep per-panel notes on its stack. */
#define KL_CONV_MAX_BLOCK_PANELS 256

typedef struct kl_conv_gemm_plan kl_conv_gemm_plan;

/* B of one image and group for the GEMM driver: `x` is that group's first
 * input channel in the tensor the plan reads (the input, or its zero-padded
 * copy). */
typedef struct kl_conv_b_source {
  const kl_conv_gemm_plan* plan;
  const float* x;
} kl_conv_b_source;

/* Columns [j0, j1) of one unit's GEMM (all its rows), with a pack buffer of
 * kl_gemm_block_floats; NULL in the plan means kl_gemm_run_block. */
typedef void (*kl_conv_unit_fn)(const kl_conv_gemm_plan* plan, const kl_gemm_problem* problem,
                                int64_t j0, int64_t j1, float* buffer);

struct kl_conv_gemm_plan {
  kl_conv_plan base;
  kl_conv_unit_fn run_unit;
  kl_gemm_config gemm;      /* the ISA's microkernel; blocking for this shape */
  int64_t m, n, k;          /* per group: out/groups, output volume, K */
  int64_t x_image, x_group; /* elements between images and groups of what B reads */
  /* B: pack_b from a kl_conv_b_source, or else the strided view
   * B[p][j] = x[p*b_rs + j*b_cs] of each group's x. */
  kl_gemm_pack_b_fn pack_b;
  int64_t b_rs, b_cs;
  /* Zero padding made explicit (implicit GEMM): B reads a copy of x padded to
   * padded_in, its rows split into `phases` phases (kl_conv_pad), held in the
   * shared workspace; 0 floats when x is read as is. */
  int64_t padded_floats;
  int64_t padded_in[3];
  int64_t phases;
  float* packed_w; /* per group, a_floats apart: kl_pack_a_matrix of W_g */
  int64_t a_floats;
  float* bias; /* NULL, or a copy of the out_channels values */
  int64_t* row_offset; /* implicit GEMM: K offsets of each reduction step in a padded group */
  int64_t* col_offset; /* implicit GEMM: n offsets of each output's window in a padded plane;
                          consecutive within an output row */
};

/* Allocates a plan for params (zero padding) with m, n and k filled, the
 * ISA's microkernel and blocking, packed weights and a copy of bias, and
 * x_image/x_group for x as given; the algorithm then sets its B source. */
kl_status kl_conv_gemm_plan_new(const kl_conv_params* params, const float* weight,
                                const float* bias, const char* const names[KL_ISA_COUNT],
                                kl_conv_gemm_plan** plan);
/* Computes the workspace fields once the algorithm has set B's source. */
void kl_conv_gemm_plan_ready(kl_conv_gemm_plan* plan);
void kl_conv_gemm_plan_free(kl_plan* plan);

#endif /* KL_CONV_GEMM_H */
