/*
 * dwconv.c - depthwise convolution (groups == in_channels, out_channels a
 * multiple of it), 1-D and 2-D, NCHW: output channel o convolves input
 * channel o / multiplier with its own kh x kw filter.
 *
 * The work is a list of units, (plane, band of output rows), fixed by the
 * shape alone; threads take contiguous runs of units and every output is
 * computed by one microkernel call that does not depend on the split, so the
 * bits are the same for every thread count. A band is sized so the input rows
 * it copies into scratch (dwconv-simd.h) stay in L1.
 */
#include <stdlib.h>
#include <string.h>

#include "conv/dwconv.h"
#include "conv/dwconv-ukernels.h"

typedef struct kl_dwconv_plan {
  kl_conv_plan conv;
  kl_f32_dwconv_ukernel_fn ukernel;
  int64_t multiplier;
  int64_t band_rows, bands; /* per plane */
  float* weight;            /* [out_channels][kh * kw], as given */
  float* bias;              /* [out_channels], zeros without a bias */
} kl_dwconv_plan;

/* Scratch a band may fill, in floats (16 KiB: half of a small L1). */
#define KL_DWCONV_BAND_FLOATS 4096
/* Units a problem is cut into at least (when it has 4 rows per band), so
 * that every thread of a large machine has some. */
#define KL_DWCONV_MIN_UNITS 32

#define KL_DW_NAMES(kind) \
  {"conv/dwconv" kind "/scalar", "conv/dwconv" kind "/avx2", "conv/dwconv" kind "/avx512", \
   "conv/dwconv" kind "/neon"}
static const char* const implementation_names[KL_DWCONV_KINDS][KL_ISA_COUNT] = {
    [KL_DWCONV_GENERIC] = KL_DW_NAMES(""),
    [KL_DWCONV_3X3S1] = KL_DW_NAMES("-3x3s1"),
    [KL_DWCONV_3X3S2] = KL_DW_NAMES("-3x3s2"),
    [KL_DWCONV_5X5S1] = KL_DW_NAMES("-5x5s1"),
    [KL_DWCONV_5X5S2] = KL_DW_NAMES("-5x5s2"),
};

static enum kl_dwconv_kind kl_dwconv_kind_of(const kl_conv_params* p) {
  const int square = p->kernel_h == p->kernel_w && p->stride_h == p->stride_w &&
                     p->dilation_h == 1 && p->dilation_w == 1;
  if (!square || (p->stride_h != 1 && p->stride_h != 2)) {
    return KL_DWCONV_GENERIC;
  }
  const int s2 = p->stride_h == 2;
  if (p->kernel_h == 3) {
    return s2 ? KL_DWCONV_3X3S2 : KL_DWCONV_3X3S1;
  }
  if (p->kernel_h == 5) {
    return s2 ? KL_DWCONV_5X5S2 : KL_DWCONV_5X5S1;
  }
  return KL_DWCONV_GENERIC;
}

typedef struct kl_dwconv_call {
  const kl_dwconv_plan* plan;
  const float* x;
  float* y;
  void* const* slices;
  int32_t threads;
} kl_dwconv_call;

static void kl_dwconv_task(void* ctx, int64_t begin, int64_t end) {
  const kl_dwconv_call* c = ctx;
  const kl_dwconv_plan* pl = c->plan;
  const kl_conv_params* p = &pl->conv.params;
  const int64_t planes = p->batch * p->out_channels;
  const int64_t units = planes * pl->bands;
  const int64_t in_plane = p->in_h * p->in_w, out_plane = p->out_h * p->out_w;
  for (int64_t t = begin; t < end; t++) { /* t: the thread slot, one slice each */
    float* scratch = c->slices != NULL ? c->slices[t] : NULL;
    if (scratch != NULL) {
      memset(scratch, 0, (size_t)pl->conv.workspace_per_thread); /* the microkernels' contract */
    }
    const int64_t u_end = units * (t + 1) / c->threads;
    for (int64_t u = units * t / c->threads; u < u_end; u++) {
      const int64_t plane = u / pl->bands, band = u % pl->bands;
      const int64_t n = plane / p->out_channels, o = plane % p->out_channels;
      const int64_t oh_begin = band * pl->band_rows;
      const int64_t oh_end = oh_begin + pl->band_rows < p->out_h ? oh_begin + pl->band_rows : p->out_h;
      const struct kl_dwconv_args args = {
          .x = c->x + (n * p->in_channels + o / pl->multiplier) * in_plane,
          .in_h = p->in_h,
          .in_w = p->in_w,
          .y = c->y + plane * out_plane,
          .out_w = p->out_w,
          .oh_begin = oh_begin,
          .oh_end = oh_end,
          .w = pl->weight + o * p->kernel_h * p->kernel_w,
          .bias = pl->bias[o],
          .kh = p->kernel_h,
          .kw = p->kernel_w,
          .stride_h = p->stride_h,
          .stride_w = p->stride_w,
          .dilation_h = p->dilation_h,
          .dilation_w = p->dilation_w,
          .pad_top = p->pad_h,
          .pad_left = p->pad_w,
          .scratch = scratch,
      };
      pl->ukernel(&args);
    }
  }
}

static kl_status kl_dwconv_run(const kl_conv_plan* plan, const float* x, float* y, void* shared,
                               void* const* slices, int32_t threads) {
  (void)shared;
  kl_dwconv_call call = {(const kl_dwconv_plan*)plan, x, y, slices, threads};
  kl_parallel_for_n(threads, threads, kl_dwconv_task, &call);
  return KL_OK;
}

static void kl_dwconv_destroy(kl_plan* base) {
  kl_dwconv_plan* plan = (kl_dwconv_plan*)base;
  kl_aligned_free(plan->weight);
  free(plan);
}

kl_status kl_dwconv_plan_create_for(const kl_dispatch* dispatch, const kl_conv_params* p,
                                    const float* weight, const float* bias,
                                    kl_conv_plan** out_plan) {
  const int two_d = p->in_d == 1 && p->out_d == 1 && p->kernel_d == 1 && p->pad_d == 0 &&
                    p->pad_d_end == 0;
  if (p->transposed || !two_d || p->groups != p->in_channels ||
      p->out_channels % p->in_channels != 0) {
    return KL_UNSUPPORTED;
  }
  const enum kl_dwconv_kind kind = kl_dwconv_kind_of(p);
  const int64_t taps = p->kernel_h * p->kernel_w;
  kl_dwconv_plan* plan = calloc(1, sizeof *plan);
  float* packed = kl_aligned_alloc((size_t)(p->out_channels * (taps + 1)) * sizeof(float));
  if (plan == NULL || packed == NULL) {
    free(plan);
    kl_aligned_free(packed);
    return kl_fail(KL_OUT_OF_MEMORY, "depthwise convolution: cannot allocate the plan");
  }
  plan->weight = packed;
  plan->bias = packed + p->out_channels * taps;
  memcpy(plan->weight, weight, (size_t)(p->out_channels * taps) * sizeof(float));
  for (int64_t o = 0; o < p->out_channels; o++) {
    plan->bias[o] = bias != NULL ? bias[o] : 0.0f;
  }
  plan->ukernel = dispatch->dwconv[kind];
  plan->multiplier = p->out_channels / p->in_channels;

  /* Bands: as many rows as fit KL_DWCONV_BAND_FLOATS of copied input, then
   * evened out; more bands when there are too few planes to go round. */
  const int64_t row_floats =
      p->stride_w * kl_dwconv_phase_width(p->out_w, p->kernel_w, p->stride_w, p->dilation_w);
  const int64_t halo = (p->kernel_h - 1) * p->dilation_h + 1;
  int64_t fit = (KL_DWCONV_BAND_FLOATS / row_floats - halo) / p->stride_h + 1;
  fit = fit < 4 ? 4 : fit;
  const int64_t planes = p->batch * p->out_channels;
  int64_t bands = (p->out_h + fit - 1) / fit;
  const int64_t want = (KL_DWCONV_MIN_UNITS + planes - 1) / planes;
  const int64_t most = (p->out_h + 3) / 4; /* bands of 4 rows at least: a pass of the fixed kinds */
  bands = bands > want ? bands : want;
  bands = bands < most ? bands : most;
  plan->band_rows = (p->out_h + bands - 1) / bands;
  plan->bands = (p->out_h + plan->band_rows - 1) / plan->band_rows;

  const int scalar = plan->ukernel == kl_f32_dwconv_ukernel__scalar;
  const int64_t scratch =
      scalar ? 0
             : kl_dwconv_scratch_floats(plan->band_rows, p->out_w, p->kernel_h, p->kernel_w,
                                        p->stride_h, p->stride_w, p->dilation_h, p->dilation_w);
  plan->conv = (kl_conv_plan){
      .base = {KL_PLAN_CONV, kl_dwconv_destroy, implementation_names[kind][dispatch->isa]},
      .params = *p,
      .workspace_shared = 0,
      .workspace_per_thread = (scratch * (int64_t)sizeof(float) + 63) / 64 * 64,
      .run = kl_dwconv_run,
  };
  *out_plan = &plan->conv;
  return KL_OK;
}

kl_status kl_dwconv_plan_create(const kl_conv_params* params, const float* weight,
                                const float* bias, kl_conv_plan** plan) {
  return kl_dwconv_plan_create_for(kl_dispatch_active(), params, weight, bias, plan);
}
