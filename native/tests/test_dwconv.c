/*
 * test_dwconv.c - depthwise convolution (conv/dwconv.c and its microkernels)
 * against a double-accumulating reference: many shapes (depth multipliers,
 * kernels, strides, dilations, asymmetric padding, narrow and 1-pixel planes,
 * batches, with and without bias), every ISA the machine runs, 1, 2 and 3
 * threads bit for bit, each fixed kind against its ISA's generic kernel bit
 * for bit, guarded buffers, and the implementation names.
 */
#include "conv_test_util.h"

#include "conv/dwconv.h"
#include "conv/dwconv-ukernels.h"

static const kl_dispatch* kt_tables[KL_ISA_COUNT];
static int kt_table_count;

static void kt_repro(char* buf, size_t size, const kl_conv_params* p, const char* path) {
  snprintf(buf, size,
           "n%" PRId64 "c%" PRId64 "m%" PRId64 "h%" PRId64 "w%" PRId64 "_k%" PRId64 "x%" PRId64
           "_s%" PRId64 "x%" PRId64 "_d%" PRId64 "x%" PRId64 "_p%" PRId64 ",%" PRId64 ",%" PRId64
           ",%" PRId64 " [%s]",
           p->batch, p->in_channels, p->out_channels / p->in_channels, p->in_h, p->in_w,
           p->kernel_h, p->kernel_w, p->stride_h, p->stride_w, p->dilation_h, p->dilation_w,
           p->pad_h, p->pad_h_end, p->pad_w, p->pad_w_end, path);
}

static int64_t kt_out(int64_t in, int64_t k, int64_t s, int64_t d, int64_t pb, int64_t pe) {
  return (in + pb + pe - d * (k - 1) - 1) / s + 1;
}

/* A valid 2-D depthwise problem (in_d = out_d = kernel_d = 1), or batch 0 when
 * the kernel does not fit the padded input. */
static kl_conv_params kt_params(int64_t n, int64_t c, int64_t mult, int64_t h, int64_t w,
                                int64_t kh, int64_t kw, int64_t sh, int64_t sw, int64_t dh,
                                int64_t dw, int64_t pt, int64_t pb, int64_t pl, int64_t pr) {
  kl_conv_params p = {0};
  p.batch = n;
  p.in_channels = c;
  p.out_channels = c * mult;
  p.groups = c;
  p.in_d = p.out_d = p.kernel_d = p.stride_d = p.dilation_d = 1;
  p.in_h = h;
  p.in_w = w;
  p.kernel_h = kh;
  p.kernel_w = kw;
  p.stride_h = sh;
  p.stride_w = sw;
  p.dilation_h = dh;
  p.dilation_w = dw;
  p.pad_h = pt;
  p.pad_h_end = pb;
  p.pad_w = pl;
  p.pad_w_end = pr;
  if (h + pt + pb < dh * (kh - 1) + 1 || w + pl + pr < dw * (kw - 1) + 1) {
    p.batch = 0;
    return p;
  }
  p.out_h = kt_out(h, kh, sh, dh, pt, pb);
  p.out_w = kt_out(w, kw, sw, dw, pl, pr);
  return p;
}

static void kt_reference(const kl_conv_params* p, const float* x, const float* w, const float* b,
                         double* y, double* abs_sum) {
  const int64_t mult = p->out_channels / p->in_channels;
  for (int64_t n = 0; n < p->batch; n++) {
    for (int64_t o = 0; o < p->out_channels; o++) {
      const float* xp = x + (n * p->in_channels + o / mult) * p->in_h * p->in_w;
      const float* wp = w + o * p->kernel_h * p->kernel_w;
      for (int64_t oh = 0; oh < p->out_h; oh++) {
        for (int64_t ow = 0; ow < p->out_w; ow++) {
          double acc = b != NULL ? b[o] : 0.0, mag = b != NULL ? fabs(b[o]) : 0.0;
          for (int64_t ky = 0; ky < p->kernel_h; ky++) {
            for (int64_t kx = 0; kx < p->kernel_w; kx++) {
              const int64_t ih = oh * p->stride_h - p->pad_h + ky * p->dilation_h;
              const int64_t iw = ow * p->stride_w - p->pad_w + kx * p->dilation_w;
              if (ih >= 0 && ih < p->in_h && iw >= 0 && iw < p->in_w) {
                const double t = (double)wp[ky * p->kernel_w + kx] * xp[ih * p->in_w + iw];
                acc += t;
                mag += fabs(t);
              }
            }
          }
          const int64_t i = ((n * p->out_channels + o) * p->out_h + oh) * p->out_w + ow;
          y[i] = acc;
          abs_sum[i] = mag;
        }
      }
    }
  }
}

static const char* kt_kind_name(const kl_conv_params* p) {
  const int fixed = p->kernel_h == p->kernel_w && p->stride_h == p->stride_w &&
                    p->dilation_h == 1 && p->dilation_w == 1 &&
                    (p->kernel_h == 3 || p->kernel_h == 5) && (p->stride_h == 1 || p->stride_h == 2);
  if (!fixed) {
    return "";
  }
  return p->kernel_h == 3 ? (p->stride_h == 1 ? "-3x3s1" : "-3x3s2")
                          : (p->stride_h == 1 ? "-5x5s1" : "-5x5s2");
}

static enum kl_dwconv_kind kt_kind(const kl_conv_params* p) {
  const char* k = kt_kind_name(p);
  return k[0] == 0 ? KL_DWCONV_GENERIC
         : k[1] == '3' ? (k[5] == '1' ? KL_DWCONV_3X3S1 : KL_DWCONV_3X3S2)
                       : (k[5] == '1' ? KL_DWCONV_5X5S1 : KL_DWCONV_5X5S2);
}

/* Every ISA: plan name, 1/2/3 threads bit for bit, the reference within
 * 1e-5 * sqrt(taps) of the sum of the terms' magnitudes, the fixed kind
 * against the generic kernel bit for bit. */
static void kt_check_case(const kt_conv_case* c, kt_rng* rng) {
  const kl_conv_params* p = &c->p;
  const int64_t taps = p->kernel_h * p->kernel_w;
  const int64_t nx = p->batch * p->in_channels * p->in_h * p->in_w;
  const int64_t ny = p->batch * p->out_channels * p->out_h * p->out_w;
  const int64_t nw = p->out_channels * taps;
  kt_buffer xb = kt_alloc((size_t)nx * sizeof(float)), yb = kt_alloc((size_t)ny * sizeof(float));
  float* w = malloc((size_t)nw * sizeof(float));
  float* b = malloc((size_t)p->out_channels * sizeof(float));
  float* y1 = malloc((size_t)ny * sizeof(float));
  double* ref = malloc((size_t)ny * sizeof(double));
  double* mag = malloc((size_t)ny * sizeof(double));
  kt_fill_unit(rng, xb.data, nx);
  kt_fill_unit(rng, w, nw);
  kt_fill_unit(rng, b, p->out_channels);
  const float* bias = c->has_bias ? b : NULL;
  kt_reference(p, xb.data, w, bias, ref, mag);
  const double tol = 1e-5 * sqrt((double)taps);

  for (int t = 0; t < kt_table_count; t++) {
    const kl_dispatch* const* tables = kt_tables;
    char repro[300], name[64];
    kt_repro(repro, sizeof repro, p, kl_isa_name(tables[t]->isa));
    kl_conv_plan* plan = NULL;
    const kl_status st = kl_dwconv_plan_create_for(tables[t], p, w, bias, &plan);
    KT_CHECK(st == KL_OK, "%s: create", repro);
    if (st != KL_OK) {
      continue;
    }
    snprintf(name, sizeof name, "conv/dwconv%s/%s", kt_kind_name(p), kl_isa_name(tables[t]->isa));
    KT_CHECK(strcmp(plan->base.implementation, name) == 0, "%s: implementation %s, want %s", repro,
             plan->base.implementation, name);
    float* y = yb.data;
    kt_conv_check_threads(plan, xb.data, y, y1, ny, ref, mag, tol, repro);
    /* The generic kernel and the plan's kind of this ISA on plane 0: all rows
     * in one band, and rows from 1 on. */
    const int64_t floats = kl_dwconv_scratch_floats(p->out_h, p->out_w, p->kernel_h, p->kernel_w,
                                                    p->stride_h, p->stride_w, p->dilation_h,
                                                    p->dilation_w);
    kt_buffer scratch = kt_alloc((size_t)((floats * 4 + 63) / 64 * 64));
    kt_buffer yg = kt_alloc((size_t)(p->out_h * p->out_w) * sizeof(float));
    struct kl_dwconv_args args = {xb.data, p->in_h, p->in_w, yg.data, p->out_w, 0, p->out_h, w,
                                  bias != NULL ? bias[0] : 0.0f, p->kernel_h, p->kernel_w,
                                  p->stride_h, p->stride_w, p->dilation_h, p->dilation_w,
                                  p->pad_h, p->pad_w, scratch.data};
    const enum kl_dwconv_kind kind = kt_kind(p);
    for (int k = 0; k < 2; k++) {
      memset(scratch.data, 0, scratch.bytes); /* the contract: zero before a kernel's run of calls */
      args.oh_begin = 0;
      memset(yg.data, 0x7f, (size_t)(p->out_h * p->out_w) * sizeof(float));
      tables[t]->dwconv[k == 0 ? KL_DWCONV_GENERIC : kind](&args);
      KT_CHECK(kt_same_f32(yg.data, y1, p->out_h * p->out_w, repro), "%s vs the plan",
               tables[t]->dwconv_name[k == 0 ? KL_DWCONV_GENERIC : kind]);
      args.oh_begin = p->out_h > 1 ? 1 : 0;
      memset(yg.data, 0x7f, (size_t)(p->out_h * p->out_w) * sizeof(float));
      tables[t]->dwconv[k == 0 ? KL_DWCONV_GENERIC : kind](&args);
      const int64_t skip = args.oh_begin * p->out_w;
      KT_CHECK(kt_same_f32((float*)yg.data + skip, y1 + skip, p->out_h * p->out_w - skip, repro),
               "%s vs the plan, from row 1", tables[t]->dwconv_name[k == 0 ? KL_DWCONV_GENERIC : kind]);
    }
    kt_release(&yg, "yg");
    kt_release(&scratch, "scratch");
    plan->base.destroy(&plan->base);
    if ((int32_t)tables[t]->isa != kl_isa()) {
      continue;
    }
    /* The public entry points take the active ISA's plan: the same bits. */
    kt_conv_check_public(p, xb.data, nx, w, nw, bias, y, y1, ny, name, repro);
  }
  kt_release(&xb, "x");
  kt_release(&yb, "y");
  free(w);
  free(b);
  free(y1);
  free(ref);
  free(mag);
}

/* Problems the constructor must refuse (they go to other algorithms). */
static void kt_check_unsupported(void) {
  const float w[64] = {0};
  kl_conv_plan* plan = NULL;
  kl_conv_params p = kt_params(1, 4, 1, 8, 8, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1);
  p.groups = 2; /* grouped, not depthwise */
  KT_CHECK(kl_dwconv_plan_create(&p, w, NULL, &plan) == KL_UNSUPPORTED, "groups 2 of 4");
  p = kt_params(1, 4, 1, 8, 8, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1);
  p.in_d = p.out_d = 3;
  p.kernel_d = 1; /* 3-D */
  KT_CHECK(kl_dwconv_plan_create(&p, w, NULL, &plan) == KL_UNSUPPORTED, "3-D");
  p = kt_params(1, 4, 1, 8, 8, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1);
  p.transposed = 1;
  KT_CHECK(kl_dwconv_plan_create(&p, w, NULL, &plan) == KL_UNSUPPORTED, "transposed");
}

int main(void) {
  kl_set_num_threads(3);
  kt_table_count = kt_isa_tables(kt_tables);
  kt_check_unsupported();
  static kt_conv_case cases[600];
  int count = 0;
  /* The suite's shapes, cut down, and edges the specialised kinds must handle. */
  kt_conv_add(cases, &count, kt_params(1, 3, 1, 56, 56, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1), 1);
  kt_conv_add(cases, &count, kt_params(1, 3, 1, 112, 112, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1), 1);
  kt_conv_add(cases, &count, kt_params(2, 2, 2, 1, 1, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1), 0);
  kt_conv_add(cases, &count, kt_params(1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0), 1);
  kt_conv_add(cases, &count, kt_params(1, 2, 3, 1, 37, 1, 5, 1, 2, 1, 1, 0, 0, 2, 2), 1); /* 1-D */
  kt_conv_add(cases, &count, kt_params(1, 2, 1, 1, 50, 1, 7, 1, 3, 1, 2, 0, 0, 3, 0), 0);  /* 1-D */
  kt_conv_add(cases, &count, kt_params(1, 2, 1, 9, 17, 5, 5, 2, 2, 1, 1, 2, 1, 2, 1), 1);
  kt_conv_add(cases, &count, kt_params(1, 2, 1, 7, 33, 5, 5, 1, 1, 1, 1, 4, 0, 0, 4), 1);
  kt_conv_add(cases, &count, kt_params(1, 1, 2, 4, 4, 3, 3, 1, 1, 1, 1, 3, 3, 3, 3), 1); /* pads >= k */
  kt_conv_add(cases, &count, kt_params(1, 1, 1, 30, 100, 3, 3, 1, 1, 1, 1, 0, 0, 0, 0), 1);
  /* 3x3 stride 2 with pad_left 1 reads the input directly: odd and even
   * widths, rows narrower than a vector, strips wholly in a wide right pad. */
  kt_conv_add(cases, &count, kt_params(1, 2, 1, 9, 67, 3, 3, 2, 2, 1, 1, 1, 0, 1, 0), 1);
  kt_conv_add(cases, &count, kt_params(2, 1, 2, 8, 33, 3, 3, 2, 2, 1, 1, 0, 2, 1, 2), 0);
  kt_conv_add(cases, &count, kt_params(1, 1, 1, 5, 9, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1), 1);
  kt_conv_add(cases, &count, kt_params(1, 1, 1, 6, 20, 3, 3, 2, 2, 1, 1, 3, 3, 1, 20), 1);
  kt_conv_add(cases, &count, kt_params(1, 1, 1, 6, 64, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1), 1);
  kt_conv_add(cases, &count, kt_params(1, 1, 1, 4, 16, 3, 3, 2, 2, 1, 1, 1, 1, 1, 16), 1);
  kt_rng rng = {20261202};
  while (count < 360) {
    const int64_t n = kt_range(&rng, 1, 2), c = kt_range(&rng, 1, 3), mult = kt_range(&rng, 1, 3);
    const int one_d = kt_range(&rng, 0, 5) == 0, fixed = kt_range(&rng, 0, 1);
    int64_t kh, kw, sh, sw, dh, dw;
    if (fixed && !one_d) {
      kh = kw = kt_range(&rng, 0, 1) ? 3 : 5;
      sh = sw = kt_range(&rng, 1, 2);
      dh = dw = 1;
    } else {
      kh = one_d ? 1 : kt_range(&rng, 1, 7);
      kw = kt_range(&rng, 1, 7);
      sh = one_d ? 1 : kt_range(&rng, 1, 3);
      sw = kt_range(&rng, 1, 3);
      dh = one_d ? 1 : kt_range(&rng, 1, 2);
      dw = kt_range(&rng, 1, 3);
    }
    const int64_t h = one_d ? 1 : kt_range(&rng, 1, 14), w = kt_range(&rng, 1, 45);
    const int64_t pt = one_d ? 0 : kt_range(&rng, 0, 3), pb = one_d ? 0 : kt_range(&rng, 0, 3);
    const int64_t pl = kt_range(&rng, 0, 3), pr = kt_range(&rng, 0, 3);
    kt_conv_add(cases, &count, kt_params(n, c, mult, h, w, kh, kw, sh, sw, dh, dw, pt, pb, pl, pr),
           (int)kt_range(&rng, 0, 1));
  }
  for (int i = 0; i < count; i++) {
    kt_check_case(&cases[i], &rng);
  }
  int kinds[KL_DWCONV_KINDS] = {0};
  for (int i = 0; i < count; i++) {
    kinds[kt_kind(&cases[i].p)]++;
  }
  printf("%d cases: generic %d, 3x3s1 %d, 3x3s2 %d, 5x5s1 %d, 5x5s2 %d\n", count,
         kinds[KL_DWCONV_GENERIC], kinds[KL_DWCONV_3X3S1], kinds[KL_DWCONV_3X3S2],
         kinds[KL_DWCONV_5X5S1], kinds[KL_DWCONV_5X5S2]);
  return kt_report("test_dwconv");
}
