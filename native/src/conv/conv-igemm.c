/*
 * conv-igemm.c - general convolution (1-D/2-D/3-D, grouped, strided, dilated,
 * asymmetric zero padding) as implicit GEMM on the GEMM microkernels: B is the
 * im2col matrix of one image and group, B[p][j] = x at the tap p of output
 * j's window, but it is never built: the GEMM driver asks for one kc x nc
 * block at a time and this file packs it straight from the input into the
 * microkernels' NR panels, so the scratch is a block per thread.
 *
 * The input is first copied with its zero padding made explicit and each row
 * split into stride_w phases (conv-pad.h), in the shared workspace; a
 * stride-1 convolution without padding reads x as is. Then every tap is
 * inside the tensor B reads and B[p][j] = xg[row_offset[p] + col_offset[j]]:
 * a per-step part (channel, kernel tap) plus a per-output part (window
 * origin) that grows by 1 along an output row, whatever the stride. An NR
 * panel within one output row packs each step as one contiguous copy; a
 * panel that straddles rows gathers. Groups of at most MR output channels
 * skip the packing where they can (run_unit_in_place).
 */
#include <stdlib.h>
#include <string.h>

#include "conv/conv-gemm.h"
#include "conv/conv-pad.h"
#include "conv/conv-params.h"

#define KL_IGEMM_IN_PLACE_TILES 2

static const char* const names[KL_ISA_COUNT] = {"conv/igemm/scalar", "conv/igemm/avx2",
                                                "conv/igemm/avx512", "conv/igemm/neon"};

/* One step of one panel whose columns are one run: a fixed-length copy (NR
 * is a constant at each call). */
static inline __attribute__((always_inline)) void copy_run(const int64_t NR, const float* s,
                                                           float* d) {
  memcpy(d, s, (size_t)NR * sizeof(float));
}

/* One step of any panel: the first `cols` columns gathered by offset, the
 * rest zero. */
static void copy_gather(int64_t nr, int64_t cols, const float* s, const int64_t* col, float* d) {
  for (int64_t k = 0; k < cols; k++) d[k] = s[col[k]];
  for (int64_t k = cols; k < nr; k++) d[k] = 0.0f;
}

/* Whether the nr columns at col are one run (consecutive offsets: one output
 * row). */
static int is_run(const int64_t* col, int64_t nr) {
  for (int64_t k = 1; k < nr; k++) {
    if (col[k] - col[k - 1] != 1) return 0;
  }
  return 1;
}

/* Every step of the block, each across all its panels: consecutive panels
 * of one output row read consecutive lines of the same input row. `run`
 * marks the panels that are one run. */
static inline __attribute__((always_inline)) void pack_steps(const int64_t NR, int64_t kcb,
                                                             int64_t ncb, const float* x,
                                                             const int64_t* rows,
                                                             const int64_t* col,
                                                             const unsigned char* run, float* dst) {
  const int64_t panels = kl_div_up(ncb, NR);
  for (int64_t p = 0; p < kcb; p++) {
    const float* s = x + rows[p];
    float* d = dst + p * NR;
    for (int64_t q = 0; q < panels; q++, d += NR * kcb) {
      if (run[q]) {
        copy_run(NR, s + col[q * NR], d);
      } else {
        copy_gather(NR, kl_min_i64(NR, ncb - q * NR), s, col + q * NR, d);
      }
    }
  }
}

/* kl_gemm_pack_b_fn over a kl_conv_b_source. */
static void pack_im2col(const void* ctx, int64_t p0, int64_t kcb, int64_t j0, int64_t ncb,
                        float* dst) {
  const kl_conv_b_source* source = ctx;
  const kl_conv_gemm_plan* plan = source->plan;
  const int64_t nr = plan->gemm.nr;
  const int64_t* col = plan->col_offset + j0;
  unsigned char run[KL_CONV_MAX_BLOCK_PANELS];
  for (int64_t q = 0; q * nr < ncb; q++) {
    run[q] = (unsigned char)((q + 1) * nr <= ncb && is_run(col + q * nr, nr));
  }
  const int64_t* rows = plan->row_offset + p0;
  switch (nr) {
    case 8: pack_steps(8, kcb, ncb, source->x, rows, col, run, dst); break;
    case 16: pack_steps(16, kcb, ncb, source->x, rows, col, run, dst); break;
    case 32: pack_steps(32, kcb, ncb, source->x, rows, col, run, dst); break;
    default: pack_steps(nr, kcb, ncb, source->x, rows, col, run, dst); break;
  }
}

/* A group of few output channels (at most KL_IGEMM_IN_PLACE_TILES rows of
 * tiles) would reuse a packed B panel too little to pay for packing it: its
 * tiles read B in place instead, through the microkernel's indirect twin,
 * wherever a panel's columns are one run (the same FMAs in the same order, so
 * the same bits). Other panels are packed one at a time. Measured on Zen 2
 * (AVX2): 3x on 4 channels per group, +15% on 8, even at 12 to 24, a loss
 * from about 64 on (B then no longer stays in L1 between tiles). */
static void run_unit_in_place(const kl_conv_gemm_plan* plan, const kl_gemm_problem* pr, int64_t j0,
                              int64_t j1, float* buffer) {
  const kl_gemm_config* cfg = &plan->gemm;
  const kl_conv_b_source* source = pr->pack_b_ctx;
  const int64_t nr = cfg->nr;
  for (int64_t q = j0; q < j1; q += nr) {
    const int64_t cols = kl_min_i64(nr, j1 - q);
    const int64_t* col = plan->col_offset + q;
    const int in_place = cols == nr && is_run(col, nr);
    for (int64_t pc = 0; pc < pr->k; pc += cfg->kc) {
      const int64_t kcb = kl_min_i64(cfg->kc, pr->k - pc);
      const float* a = pr->packed_a + pc * kl_round_up(pr->m, cfg->mr);
      float beta = 1.0f;
      if (pc == 0 && pr->row_bias != NULL) {
        kl_gemm_init_c(pr, 0, pr->m, q, q + cols);
      } else if (pc == 0) {
        beta = 0.0f;
      }
      if (!in_place) {
        pack_im2col(source, pc, kcb, q, cols, buffer);
      }
      for (int64_t ir = 0; ir < pr->m; ir += cfg->mr) {
        const int64_t mrb = kl_min_i64(cfg->mr, pr->m - ir);
        float* c = pr->c + ir * pr->ldc + q;
        if (in_place) {
          cfg->iukernel(kcb, a + ir * kcb, source->x + col[0], plan->row_offset + pc, c, pr->ldc,
                        mrb, 1.0f, beta);
        } else {
          cfg->ukernel(kcb, a + ir * kcb, buffer, c, pr->ldc, mrb, cols, 1.0f, beta);
        }
      }
    }
  }
}

/* The offset tables, in the padded tensor's coordinates: rows of width W
 * split into `phases` = stride_w phases, so that tap kw of output column ow
 * (padded column ow*stride_w + kw*dilation_w) sits at a per-tap offset in
 * its phase plus ow, and the outputs of one row read consecutive floats. */
static kl_status build_offsets(kl_conv_gemm_plan* plan, const kl_conv_dims* g) {
  const int64_t width = plan->padded_in[2];
  const int64_t plane_hw = plan->padded_in[1] * width;
  const int64_t volume = plan->padded_in[0] * plane_hw;
  plan->row_offset = malloc((size_t)plan->k * sizeof(int64_t));
  plan->col_offset = malloc((size_t)plan->n * sizeof(int64_t));
  if (plan->row_offset == NULL || plan->col_offset == NULL) {
    return kl_fail(KL_OUT_OF_MEMORY, "kl_conv_plan_create: cannot allocate the im2col offsets");
  }
  int64_t p = 0;
  for (int64_t c = 0; p < plan->k; c++) {
    for (int64_t kd = 0; kd < g->kernel[0]; kd++) {
      for (int64_t kh = 0; kh < g->kernel[1]; kh++) {
        for (int64_t kw = 0; kw < g->kernel[2]; kw++) {
          const int64_t tap = kw * g->dilation[2];
          plan->row_offset[p++] = c * volume + kd * g->dilation[0] * plane_hw +
                                  kh * g->dilation[1] * width +
                                  kl_conv_phase_start(width, plan->phases, tap % plan->phases) +
                                  tap / plan->phases;
        }
      }
    }
  }
  int64_t j = 0;
  for (int64_t od = 0; od < g->out[0]; od++) {
    for (int64_t oh = 0; oh < g->out[1]; oh++) {
      for (int64_t ow = 0; ow < g->out[2]; ow++) {
        plan->col_offset[j++] = od * g->stride[0] * plane_hw + oh * g->stride[1] * width + ow;
      }
    }
  }
  return KL_OK;
}

kl_status kl_conv_igemm_plan_create(const kl_conv_params* params, const float* weight,
                                    const float* bias, kl_conv_plan** out) {
  kl_conv_gemm_plan* plan;
  kl_status status = kl_conv_gemm_plan_new(params, weight, bias, names, &plan);
  if (status != KL_OK) {
    return status;
  }
  const kl_conv_dims g = kl_conv_dims_of(params);
  plan->phases = g.stride[2];
  int padded = plan->phases > 1;
  for (int i = 0; i < 3; i++) {
    plan->padded_in[i] = g.in[i] + g.pad[i] + g.pad_end[i];
    padded |= plan->padded_in[i] != g.in[i];
  }
  const int64_t volume = plan->padded_in[0] * plan->padded_in[1] * plan->padded_in[2];
  if (padded) {
    plan->padded_floats = params->batch * params->in_channels * volume;
    plan->x_image = params->in_channels * volume;
    plan->x_group = params->in_channels / params->groups * volume;
  }
  status = build_offsets(plan, &g);
  if (status != KL_OK) {
    kl_conv_gemm_plan_free(&plan->base.base);
    return status;
  }
  plan->pack_b = pack_im2col;
  if (plan->m <= KL_IGEMM_IN_PLACE_TILES * plan->gemm.mr && plan->gemm.iukernel != NULL) {
    plan->run_unit = run_unit_in_place;
  }
  kl_conv_gemm_plan_ready(plan);
  *out = &plan->base;
  return KL_OK;
}
