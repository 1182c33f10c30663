/*
 * conv-gemm.c - the plan, weight packing, blocking and threading that the
 * GEMM-based convolutions share (conv-gemm.h).
 *
 * Threading: the output is cut into units of (image, group, run of whole NR
 * panels of columns, run of whole MR panels of rows), and each thread takes a
 * static range of units with its own B pack buffer. Every element of
 * y sees the same kc blocking and microkernel whatever the cut, so results
 * are bitwise identical for any thread count.
 */
#include <stdlib.h>
#include <string.h>

#include "conv/conv-gemm.h"
#include "conv/conv-pad.h"
#include "conv/conv-params.h"
#include "gemm/pack.h"

/* A packed B block of about this many floats (kc x nc) stays in L2 next to
 * the packed weights the microkernels stream over it. */
#define KL_CONV_B_BLOCK_FLOATS (48 * 1024)
/* Units per thread when a thread's share would otherwise be one unit: evens
 * out the threads' loads. */
#define KL_CONV_UNITS_PER_THREAD 4
#define KL_FLOATS_PER_LINE 16

/* The ISA's microkernel with blocks fitted to this GEMM: kc splits k evenly
 * (no thin last block), nc keeps the B block in L2. */
static kl_gemm_config fit_blocking(const kl_gemm_config* isa, int64_t k) {
  kl_gemm_config c = *isa;
  c.kc = kl_div_up(k, kl_div_up(k, isa->kc));
  const int64_t nc = KL_CONV_B_BLOCK_FLOATS / c.kc / c.nr * c.nr;
  c.nc = nc < c.nr ? c.nr : nc > isa->nc ? isa->nc : nc;
  c.nc = kl_min_i64(c.nc, KL_CONV_MAX_BLOCK_PANELS * c.nr);
  return c;
}

void kl_conv_gemm_plan_free(kl_plan* base) {
  kl_conv_gemm_plan* plan = (kl_conv_gemm_plan*)base;
  kl_aligned_free(plan->packed_w);
  kl_aligned_free(plan->bias);
  free(plan->row_offset);
  free(plan->col_offset);
  free(plan);
}

kl_status kl_conv_gemm_plan_new(const kl_conv_params* p, const float* weight, const float* bias,
                                const char* const names[KL_ISA_COUNT], kl_conv_gemm_plan** out) {
  const kl_dispatch* dispatch = kl_dispatch_active();
  kl_conv_gemm_plan* plan = calloc(1, sizeof *plan);
  if (plan == NULL) {
    return kl_fail(KL_OUT_OF_MEMORY, "kl_conv_plan_create: out of memory");
  }
  plan->base.base = (kl_plan){KL_PLAN_CONV, kl_conv_gemm_plan_free, names[dispatch->isa]};
  plan->base.params = *p;
  const int64_t in_volume = p->in_d * p->in_h * p->in_w;
  plan->m = p->out_channels / p->groups;
  plan->n = p->out_d * p->out_h * p->out_w;
  plan->k = p->in_channels / p->groups * p->kernel_d * p->kernel_h * p->kernel_w;
  plan->x_image = p->in_channels * in_volume;
  plan->x_group = p->in_channels / p->groups * in_volume;
  plan->phases = 1;
  plan->gemm = fit_blocking(&dispatch->gemm, plan->k);
  plan->a_floats =
      kl_round_up(kl_packed_a_floats(&plan->gemm, plan->m, plan->k), KL_FLOATS_PER_LINE);
  plan->packed_w = kl_aligned_alloc((size_t)(plan->a_floats * p->groups) * sizeof(float));
  if (bias != NULL) {
    plan->bias = kl_aligned_alloc((size_t)p->out_channels * sizeof(float));
  }
  if (plan->packed_w == NULL || (bias != NULL && plan->bias == NULL)) {
    kl_conv_gemm_plan_free(&plan->base.base);
    return kl_fail(KL_OUT_OF_MEMORY, "kl_conv_plan_create: cannot allocate the packed weights");
  }
  for (int64_t g = 0; g < p->groups; g++) {
    kl_pack_a_matrix(&plan->gemm, plan->m, plan->k, weight + g * plan->m * plan->k, plan->k, 1,
                     plan->packed_w + g * plan->a_floats);
  }
  if (bias != NULL) {
    memcpy(plan->bias, bias, (size_t)p->out_channels * sizeof(float));
  }
  *out = plan;
  return KL_OK;
}

/* The GEMM of image `image`, group g, reading B from `x` (the tensor B reads). */
static kl_gemm_problem unit_problem(const kl_conv_gemm_plan* plan, const float* x, float* y,
                                    int64_t image, int64_t g, kl_conv_b_source* source) {
  const kl_conv_params* p = &plan->base.params;
  source->plan = plan;
  source->x = x + image * plan->x_image + g * plan->x_group;
  return (kl_gemm_problem){
      .m = plan->m,
      .n = plan->n,
      .k = plan->k,
      .packed_a = plan->packed_w + g * plan->a_floats,
      .b = source->x,
      .b_rs = plan->b_rs,
      .b_cs = plan->b_cs,
      .pack_b = plan->pack_b,
      .pack_b_ctx = source,
      .row_bias = plan->bias != NULL ? plan->bias + g * plan->m : NULL,
      .c = y + (image * p->out_channels + g * plan->m) * plan->n,
      .ldc = plan->n,
      .alpha = 1.0f,
  };
}

/* `panels` (>= 1) cut into about `want` (>= 1) runs of `size` panels each
 * (the last shorter): the count and the size. */
static void cut_panels(int64_t panels, int64_t want, int64_t* count, int64_t* size) {
  *size = kl_div_up(panels, kl_min_i64(want, panels));
  *count = kl_div_up(panels, *size);
}

typedef struct kl_conv_gemm_job {
  const kl_conv_gemm_plan* plan;
  const float* x;
  float* y;
  void* const* slices;
  int64_t slice_count, units;
  int64_t col_chunks, chunk_cols; /* column runs of whole NR panels */
  int64_t row_chunks, chunk_rows; /* row runs of whole MR panels */
} kl_conv_gemm_job;

static void run_slices(void* ctx, int64_t begin, int64_t end) {
  const kl_conv_gemm_job* job = ctx;
  const kl_conv_gemm_plan* plan = job->plan;
  const int64_t groups = plan->base.params.groups;
  for (int64_t s = begin; s < end; s++) {
    const int64_t u0 = job->units * s / job->slice_count;
    const int64_t u1 = job->units * (s + 1) / job->slice_count;
    for (int64_t u = u0; u < u1; u++) {
      const int64_t plane = u / (job->col_chunks * job->row_chunks);
      const int64_t j0 = u / job->row_chunks % job->col_chunks * job->chunk_cols;
      const int64_t i0 = u % job->row_chunks * job->chunk_rows;
      const int64_t j1 = kl_min_i64(plan->n, j0 + job->chunk_cols);
      const int64_t i1 = kl_min_i64(plan->m, i0 + job->chunk_rows);
      kl_conv_b_source source;
      const kl_gemm_problem pr =
          unit_problem(plan, job->x, job->y, plane / groups, plane % groups, &source);
      if (plan->run_unit != NULL) {
        plan->run_unit(plan, &pr, j0, j1, job->slices[s]);
      } else {
        kl_gemm_run_block(&plan->gemm, &pr, i0, i1, j0, j1, job->slices[s]);
      }
    }
  }
}

static kl_status conv_gemm_run(const kl_conv_plan* base, const float* x, float* y, void* shared,
                               void* const* slices, int32_t threads) {
  const kl_conv_gemm_plan* plan = (const kl_conv_gemm_plan*)base;
  const kl_conv_params* p = &base->params;
  if (plan->padded_floats > 0) {
    const kl_conv_dims g = kl_conv_dims_of(p);
    kl_conv_pad(KL_PAD_ZEROS, p->batch * p->in_channels, g.in, g.pad, g.pad_end, plan->phases, x,
                shared);
    x = shared;
  }
  kl_conv_gemm_job job = {.plan = plan, .x = x, .y = y, .slices = slices, .slice_count = threads};
  /* Whole images and groups when there are enough of them for the threads,
   * else each cut into runs of column panels, and then of row panels (each
   * row run packs its B again: the last resort, for few wide columns). A
   * run_unit takes all the rows. */
  const int64_t planes = p->batch * p->groups;
  const int64_t want = threads > 1 ? (int64_t)threads * KL_CONV_UNITS_PER_THREAD : 1;
  const int64_t row_panels = plan->run_unit != NULL ? 1 : kl_div_up(plan->m, plan->gemm.mr);
  cut_panels(kl_div_up(plan->n, plan->gemm.nr), kl_div_up(want, planes), &job.col_chunks,
             &job.chunk_cols);
  cut_panels(row_panels, kl_div_up(want, planes * job.col_chunks), &job.row_chunks,
             &job.chunk_rows);
  job.chunk_cols *= plan->gemm.nr;
  job.chunk_rows *= plan->gemm.mr;
  job.units = planes * job.col_chunks * job.row_chunks;
  kl_parallel_for_n(threads, threads, run_slices, &job);
  return KL_OK;
}

void kl_conv_gemm_plan_ready(kl_conv_gemm_plan* plan) {
  kl_conv_b_source source;
  const kl_gemm_problem pr = unit_problem(plan, NULL, NULL, 0, 0, &source);
  plan->base.workspace_shared = plan->padded_floats * (int64_t)sizeof(float);
  plan->base.workspace_per_thread =
      kl_gemm_block_floats(&plan->gemm, &pr, plan->m, plan->n) * (int64_t)sizeof(float);
  plan->base.run = conv_gemm_run;
}
