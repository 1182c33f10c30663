/*
 * conv-transpose.c - transposed convolution, 1-D to 3-D, without a
 * zero-stuffed input. Per image and group, with K the kernel volume,
 *   columns[out/groups * K, in spatial] = W_g^T[out/groups * K, in/groups] * X_g
 * on the GEMM microkernels (W^T packed once here), then col2im adds every
 * column entry into the output position its tap reaches; the output starts
 * from the bias.
 *
 * Work units are (image, group, block of output channels), fixed by the shape
 * alone; each unit owns whole output planes, runs its GEMM over tiles of input
 * columns (so the column buffer, per thread, stays bounded) and scatters each
 * tile in order. Nothing depends on which thread runs a unit, so the bits are
 * the same for every thread count.
 */
#include <stdlib.h>
#include <string.h>

#include "conv/conv-params.h"
#include "conv/conv-transpose.h"
#include "gemm/gemm.h"
#include "gemm/pack.h"

/* Rows of W^T a unit aims for, and floats of column buffer per thread. */
#define KL_CONVT_BLOCK_ROWS 256
#define KL_CONVT_COLUMN_FLOATS 32768

typedef struct kl_convt_plan {
  kl_conv_plan conv;
  kl_gemm_config gemm;
  kl_conv_dims dims;
  int64_t in_g, out_g, taps, in_volume, out_volume;
  int64_t block_channels, blocks; /* output channels per unit, units per image and group */
  int64_t tile;                   /* input columns per GEMM tile */
  int64_t column_floats;          /* the column buffer at the start of each slice */
  float* packed;                  /* per (group, block), a_floats apart */
  int64_t a_floats;
  float* bias;                    /* out_channels values, zeros without a bias */
} kl_convt_plan;

static const char* const implementation_names[KL_ISA_COUNT] = {
    "conv/transpose-gemm/scalar", "conv/transpose-gemm/avx2", "conv/transpose-gemm/avx512",
    "conv/transpose-gemm/neon"};

/* Adds rows [0, rows) x columns [0, cols) of the column buffer (row stride
 * ld), whose first column is input position j0, into the output planes of
 * the block's channels (y at its first channel). */
static void kl_col2im(const kl_convt_plan* pl, const float* col, int64_t ld, int64_t rows,
                      int64_t j0, int64_t cols, float* y) {
  const kl_conv_dims* d = &pl->dims;
  const int64_t kh = d->kernel[1], kw = d->kernel[2];
  const int64_t in_h = d->in[1], in_w = d->in[2];
  const int64_t out_h = d->out[1], out_w = d->out[2];
  for (int64_t m = 0; m < rows; m++, col += ld) {
    const int64_t t = m % pl->taps;
    const int64_t tw = t % kw, th = t / kw % kh, td = t / kw / kh;
    float* plane = y + m / pl->taps * pl->out_volume;
    const int64_t off_d = td * d->dilation[0] - d->pad[0];
    const int64_t off_h = th * d->dilation[1] - d->pad[1];
    const int64_t off_w = tw * d->dilation[2] - d->pad[2];
    const int64_t sw = d->stride[2];
    /* Input columns iw whose output column iw*sw + off_w is inside. */
    const int64_t iw_lo = off_w >= 0 ? 0 : (-off_w + sw - 1) / sw;
    const int64_t iw_hi_raw = out_w - 1 - off_w >= 0 ? (out_w - 1 - off_w) / sw + 1 : 0;
    const int64_t iw_hi = iw_hi_raw < in_w ? iw_hi_raw : in_w;
    int64_t j = 0;
    while (j < cols) { /* one input row segment at a time */
      const int64_t pos = j0 + j;
      const int64_t iw0 = pos % in_w, ih = pos / in_w % in_h, id = pos / in_w / in_h;
      const int64_t seg = in_w - iw0 < cols - j ? in_w - iw0 : cols - j;
      const int64_t od = id * d->stride[0] + off_d, oh = ih * d->stride[1] + off_h;
      if (od >= 0 && od < d->out[0] && oh >= 0 && oh < out_h) {
        const int64_t lo = iw_lo > iw0 ? iw_lo : iw0;
        const int64_t hi = iw_hi < iw0 + seg ? iw_hi : iw0 + seg;
        float* out = plane + (od * out_h + oh) * out_w;
        const float* c = col + j;
        for (int64_t iw = lo; iw < hi; iw++) {
          out[iw * sw + off_w] += c[iw - iw0];
        }
      }
      j += seg;
    }
  }
}

typedef struct kl_convt_call {
  const kl_convt_plan* plan;
  const float* x;
  float* y;
  void* const* slices;
  int32_t threads;
} kl_convt_call;

static void kl_convt_unit(const kl_convt_plan* pl, const float* x, float* y, int64_t unit,
                          float* slice) {
  const kl_conv_params* p = &pl->conv.params;
  const int64_t per_image = p->groups * pl->blocks;
  const int64_t n = unit / per_image, g = unit % per_image / pl->blocks, b = unit % pl->blocks;
  const int64_t oc0 = g * pl->out_g + b * pl->block_channels;
  const int64_t channels =
      pl->block_channels < pl->out_g - b * pl->block_channels ? pl->block_channels
                                                              : pl->out_g - b * pl->block_channels;
  float* yb = y + (n * p->out_channels + oc0) * pl->out_volume;
  for (int64_t c = 0; c < channels; c++) {
    float* plane = yb + c * pl->out_volume;
    for (int64_t i = 0; i < pl->out_volume; i++) {
      plane[i] = pl->bias[oc0 + c];
    }
  }
  const float* xg = x + (n * p->in_channels + g * pl->in_g) * pl->in_volume;
  float* col = slice;
  const int64_t rows = channels * pl->taps;
  for (int64_t j0 = 0; j0 < pl->in_volume; j0 += pl->tile) {
    const int64_t cols = pl->tile < pl->in_volume - j0 ? pl->tile : pl->in_volume - j0;
    const kl_gemm_problem pr = {
        .m = rows,
        .n = cols,
        .k = pl->in_g,
        .b = xg + j0,
        .b_rs = pl->in_volume,
        .b_cs = 1,
        .packed_a = pl->packed + (g * pl->blocks + b) * pl->a_floats,
        .c = col,
        .ldc = pl->tile,
        .alpha = 1.0f,
        .beta = 0.0f,
    };
    kl_gemm_run_block(&pl->gemm, &pr, 0, rows, 0, cols, slice + pl->column_floats);
    kl_col2im(pl, col, pl->tile, rows, j0, cols, yb);
  }
}

static void kl_convt_task(void* ctx, int64_t begin, int64_t end) {
  const kl_convt_call* c = ctx;
  const kl_convt_plan* pl = c->plan;
  const int64_t units = pl->conv.params.batch * pl->conv.params.groups * pl->blocks;
  for (int64_t t = begin; t < end; t++) { /* t: the thread slot, one slice each */
    const int64_t u_end = units * (t + 1) / c->threads;
    for (int64_t u = units * t / c->threads; u < u_end; u++) {
      kl_convt_unit(pl, c->x, c->y, u, c->slices[t]);
    }
  }
}

static kl_status kl_convt_run(const kl_conv_plan* plan, const float* x, float* y, void* shared,
                              void* const* slices, int32_t threads) {
  (void)shared;
  kl_convt_call call = {(const kl_convt_plan*)plan, x, y, slices, threads};
  kl_parallel_for_n(threads, threads, kl_convt_task, &call);
  return KL_OK;
}

static void kl_convt_destroy(kl_plan* base) {
  kl_convt_plan* plan = (kl_convt_plan*)base;
  kl_aligned_free(plan->packed);
  free(plan->bias);
  free(plan);
}

kl_status kl_conv_transpose_plan_create_for(const kl_dispatch* dispatch, const kl_conv_params* p,
                                            const float* weight, const float* bias,
                                            kl_conv_plan** out_plan) {
  if (!p->transposed) {
    return KL_UNSUPPORTED;
  }
  kl_convt_plan* pl = calloc(1, sizeof *pl);
  if (pl == NULL) {
    return kl_fail(KL_OUT_OF_MEMORY, "transposed convolution: cannot allocate the plan");
  }
  pl->gemm = dispatch->gemm;
  pl->dims = kl_conv_dims_of(p);
  pl->in_g = p->in_channels / p->groups;
  pl->out_g = p->out_channels / p->groups;
  pl->taps = p->kernel_d * p->kernel_h * p->kernel_w;
  pl->in_volume = p->in_d * p->in_h * p->in_w;
  pl->out_volume = p->out_d * p->out_h * p->out_w;
  int64_t bc = KL_CONVT_BLOCK_ROWS / pl->taps;
  bc = bc < 1 ? 1 : bc > pl->out_g ? pl->out_g : bc;
  pl->blocks = (pl->out_g + bc - 1) / bc;
  pl->block_channels = (pl->out_g + pl->blocks - 1) / pl->blocks;
  const int64_t rows = pl->block_channels * pl->taps, nr = pl->gemm.nr;
  int64_t tile = KL_CONVT_COLUMN_FLOATS / rows / nr * nr;
  tile = tile < nr ? nr : tile;
  pl->tile = tile < kl_round_up(pl->in_volume, nr) ? tile : kl_round_up(pl->in_volume, nr);
  pl->column_floats = kl_round_up(rows * pl->tile, 16);
  pl->a_floats = kl_round_up(kl_packed_a_floats(&pl->gemm, rows, pl->in_g), 16);
  pl->packed = kl_aligned_alloc((size_t)(p->groups * pl->blocks * pl->a_floats) * sizeof(float));
  pl->bias = malloc((size_t)p->out_channels * sizeof(float));
  if (pl->packed == NULL || pl->bias == NULL) {
    kl_convt_destroy(&pl->conv.base);
    return kl_fail(KL_OUT_OF_MEMORY, "transposed convolution: cannot allocate the plan");
  }
  /* W^T of (group g, block b): row (oc, tap), column ic is
   * weight[g*in_g + ic][b*block_channels + oc][tap]. */
  const int64_t w_row = pl->out_g * pl->taps;
  for (int64_t g = 0; g < p->groups; g++) {
    for (int64_t b = 0; b < pl->blocks; b++) {
      const int64_t oc0 = b * pl->block_channels;
      const int64_t channels = pl->block_channels < pl->out_g - oc0 ? pl->block_channels
                                                                     : pl->out_g - oc0;
      kl_pack_a_matrix(&pl->gemm, channels * pl->taps, pl->in_g,
                       weight + g * pl->in_g * w_row + oc0 * pl->taps, 1, w_row,
                       pl->packed + (g * pl->blocks + b) * pl->a_floats);
    }
  }
  for (int64_t o = 0; o < p->out_channels; o++) {
    pl->bias[o] = bias != NULL ? bias[o] : 0.0f;
  }
  kl_gemm_problem shape = {.m = rows, .n = pl->tile, .k = pl->in_g, .packed_a = pl->packed};
  const int64_t gemm_floats = kl_gemm_block_floats(&pl->gemm, &shape, rows, pl->tile);
  pl->conv = (kl_conv_plan){
      .base = {KL_PLAN_CONV, kl_convt_destroy, implementation_names[dispatch->isa]},
      .params = *p,
      .workspace_shared = 0,
      .workspace_per_thread = (pl->column_floats + gemm_floats) * (int64_t)sizeof(float),
      .run = kl_convt_run,
  };
  *out_plan = &pl->conv;
  return KL_OK;
}

kl_status kl_conv_transpose_plan_create(const kl_conv_params* params, const float* weight,
                                        const float* bias, kl_conv_plan** plan) {
  return kl_conv_transpose_plan_create_for(kl_dispatch_active(), params, weight, bias, plan);
}
