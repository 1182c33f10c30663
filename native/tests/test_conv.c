/*
 * test_conv.c - forward convolution through the public plan API against a
 * plain reference convolution written from PyTorch's definition (double
 * accumulation, its own padding-mode index maps): PyTorch golden cases for
 * the four padding modes; 1-D/2-D/3-D shapes with groups, dilation, strides,
 * asymmetric pads, batch > 1 and SIMD tails, with and without bias, on the
 * algorithm each shape should get (1x1 GEMM, implicit GEMM, its in-place path
 * for small groups), exactly on small integers and within 1e-5*sqrt(K) of the
 * sum of |terms| on reals; random geometries in every padding mode; guard
 * pages around every buffer; 1, 2 and 3 threads bit for bit (column and row
 * cuts); caller workspaces (exact, for one thread, too small, misaligned);
 * one plan run from four threads at once; validation messages. Then, on every
 * ISA table the machine has, the GEMM driver's conv-facing features
 * (pre-packed A, row bias, a B packer, caller pack buffers) and each indirect
 * microkernel against its packed twin, bit for bit; and channel shuffle.
 *
 * The plan API uses the active ISA: ctest runs this file once per forced path
 * (KERNELLIB_ISA) and the implementation names are checked against it.
 */
#include "test_util.h"

#include <pthread.h>

#include "gemm/gemm.h"
#include "gemm/pack.h"

/* ---- cases ------------------------------------------------------------------------ */

typedef struct kt_conv_case {
  int64_t batch, cin, cout, groups;
  int64_t in[3], k[3], s[3], pb[3], pe[3], d[3];
  int32_t mode;
  int with_bias;
} kt_conv_case;

static int64_t kt_conv_out(int64_t in, int64_t k, int64_t s, int64_t pb, int64_t pe, int64_t d) {
  return (in + pb + pe - d * (k - 1) - 1) / s + 1;
}

static kl_conv_params kt_conv_params(const kt_conv_case* c) {
  kl_conv_params p = {
      .batch = c->batch, .in_channels = c->cin, .out_channels = c->cout, .groups = c->groups,
      .in_d = c->in[0], .in_h = c->in[1], .in_w = c->in[2],
      .kernel_d = c->k[0], .kernel_h = c->k[1], .kernel_w = c->k[2],
      .stride_d = c->s[0], .stride_h = c->s[1], .stride_w = c->s[2],
      .pad_d = c->pb[0], .pad_h = c->pb[1], .pad_w = c->pb[2],
      .pad_d_end = c->pe[0], .pad_h_end = c->pe[1], .pad_w_end = c->pe[2],
      .dilation_d = c->d[0], .dilation_h = c->d[1], .dilation_w = c->d[2],
      .padding_mode = c->mode,
  };
  p.out_d = kt_conv_out(c->in[0], c->k[0], c->s[0], c->pb[0], c->pe[0], c->d[0]);
  p.out_h = kt_conv_out(c->in[1], c->k[1], c->s[1], c->pb[1], c->pe[1], c->d[1]);
  p.out_w = kt_conv_out(c->in[2], c->k[2], c->s[2], c->pb[2], c->pe[2], c->d[2]);
  return p;
}

static int64_t kt_x_len(const kl_conv_params* p) {
  return p->batch * p->in_channels * p->in_d * p->in_h * p->in_w;
}
static int64_t kt_y_len(const kl_conv_params* p) {
  return p->batch * p->out_channels * p->out_d * p->out_h * p->out_w;
}
static int64_t kt_w_len(const kl_conv_params* p) {
  return p->out_channels * (p->in_channels / p->groups) * p->kernel_d * p->kernel_h * p->kernel_w;
}
static int64_t kt_reduction(const kl_conv_params* p) {
  return p->in_channels / p->groups * p->kernel_d * p->kernel_h * p->kernel_w;
}

static void kt_conv_repro(char* buf, size_t size, const kl_conv_params* p, const char* what) {
  snprintf(buf, size,
           "n%lldc%lldk%lldg%lld_in%lldx%lldx%lld_k%lldx%lldx%lld_s%lldx%lldx%lld_"
           "p%lld,%lldx%lld,%lldx%lld,%lld_d%lldx%lldx%lld_mode%d_%s",
           (long long)p->batch, (long long)p->in_channels, (long long)p->out_channels,
           (long long)p->groups, (long long)p->in_d, (long long)p->in_h, (long long)p->in_w,
           (long long)p->kernel_d, (long long)p->kernel_h, (long long)p->kernel_w,
           (long long)p->stride_d, (long long)p->stride_h, (long long)p->stride_w,
           (long long)p->pad_d, (long long)p->pad_d_end, (long long)p->pad_h,
           (long long)p->pad_h_end, (long long)p->pad_w, (long long)p->pad_w_end,
           (long long)p->dilation_d, (long long)p->dilation_h, (long long)p->dilation_w,
           (int)p->padding_mode, what);
}

/* ---- the reference --------------------------------------------------------------- */

/* torch.nn.functional.pad's source index for padded index i (before pads in
 * front, size n), or -1 for a zero. */
static int64_t kt_pad_source(int32_t mode, int64_t i, int64_t n) {
  if (i >= 0 && i < n) return i;
  switch (mode) {
    case KL_PAD_REFLECT: return i < 0 ? -i : 2 * n - 2 - i;
    case KL_PAD_REPLICATE: return i < 0 ? 0 : n - 1;
    case KL_PAD_CIRCULAR: return (i + n) % n;
    default: return -1;
  }
}

/* y = conv(x) in double; scale (may be NULL) receives sum |bias| + |w*x| per output. */
static void kt_reference(const kl_conv_params* p, const float* x, const float* w, const float* bias,
                         float* y, double* scale) {
  const int64_t cg = p->in_channels / p->groups, og = p->out_channels / p->groups;
  const int64_t in[3] = {p->in_d, p->in_h, p->in_w}, out[3] = {p->out_d, p->out_h, p->out_w};
  const int64_t k[3] = {p->kernel_d, p->kernel_h, p->kernel_w};
  const int64_t s[3] = {p->stride_d, p->stride_h, p->stride_w};
  const int64_t pad[3] = {p->pad_d, p->pad_h, p->pad_w};
  const int64_t dil[3] = {p->dilation_d, p->dilation_h, p->dilation_w};
  int64_t o = 0;
  for (int64_t n = 0; n < p->batch; n++) {
    for (int64_t oc = 0; oc < p->out_channels; oc++) {
      const int64_t g = oc / og;
      for (int64_t od = 0; od < out[0]; od++) {
        for (int64_t oh = 0; oh < out[1]; oh++) {
          for (int64_t ow = 0; ow < out[2]; ow++, o++) {
            double sum = bias != NULL ? bias[oc] : 0.0;
            double abs_sum = bias != NULL ? fabs(bias[oc]) : 0.0;
            for (int64_t c = 0; c < cg; c++) {
              const float* xc = x + ((n * p->in_channels + g * cg + c) * in[0]) * in[1] * in[2];
              const float* wc = w + ((oc * cg + c) * k[0]) * k[1] * k[2];
              for (int64_t kd = 0; kd < k[0]; kd++) {
                const int64_t id = kt_pad_source(p->padding_mode, od * s[0] - pad[0] + kd * dil[0], in[0]);
                for (int64_t kh = 0; kh < k[1]; kh++) {
                  const int64_t ih = kt_pad_source(p->padding_mode, oh * s[1] - pad[1] + kh * dil[1], in[1]);
                  for (int64_t kw = 0; kw < k[2]; kw++) {
                    const int64_t iw = kt_pad_source(p->padding_mode, ow * s[2] - pad[2] + kw * dil[2], in[2]);
                    if (id < 0 || ih < 0 || iw < 0) continue;
                    const double t = (double)wc[(kd * k[1] + kh) * k[2] + kw] *
                                     (double)xc[(id * in[1] + ih) * in[2] + iw];
                    sum += t;
                    abs_sum += fabs(t);
                  }
                }
              }
            }
            y[o] = (float)sum;
            if (scale != NULL) scale[o] = abs_sum;
          }
        }
      }
    }
  }
}

/* ---- one case through the API ------------------------------------------------------ */

typedef struct kt_conv_data {
  kl_conv_params p;
  kt_buffer x, w, bias, y;
  float* want;
  double* scale;
  int64_t x_len, y_len, w_len;
} kt_conv_data;

/* Guarded buffers; integers (exact sums) or reals. */
static kt_conv_data kt_make(const kt_conv_case* c, kt_rng* rng, int reals) {
  kt_conv_data d = {.p = kt_conv_params(c)};
  d.x_len = kt_x_len(&d.p);
  d.y_len = kt_y_len(&d.p);
  d.w_len = kt_w_len(&d.p);
  d.x = kt_alloc((size_t)d.x_len * sizeof(float));
  d.w = kt_alloc((size_t)d.w_len * sizeof(float));
  d.bias = kt_alloc((size_t)d.p.out_channels * sizeof(float));
  d.y = kt_alloc((size_t)d.y_len * sizeof(float));
  d.want = malloc((size_t)(d.y_len + 1) * sizeof(float));
  d.scale = malloc((size_t)(d.y_len + 1) * sizeof(double));
  if (reals) {
    kt_fill_unit(rng, d.x.data, d.x_len);
    kt_fill_unit(rng, d.w.data, d.w_len);
    kt_fill_unit(rng, d.bias.data, d.p.out_channels);
  } else {
    kt_fill_int(rng, d.x.data, d.x_len, -4, 4);
    kt_fill_int(rng, d.w.data, d.w_len, -4, 4);
    kt_fill_int(rng, d.bias.data, d.p.out_channels, -4, 4);
  }
  kt_reference(&d.p, d.x.data, d.w.data, c->with_bias ? d.bias.data : NULL, d.want, d.scale);
  return d;
}

static void kt_free(kt_conv_data* d) {
  kt_release(&d->x, "x");
  kt_release(&d->w, "w");
  kt_release(&d->bias, "bias");
  kt_release(&d->y, "y");
  free(d->want);
  free(d->scale);
}

static kl_plan* kt_plan(const kt_conv_data* d, int with_bias) {
  kl_plan* plan = NULL;
  const kl_status s = kl_conv_plan_create(&d->p, d->w.data, d->w_len,
                                          with_bias ? d->bias.data : NULL, d->p.out_channels, &plan);
  KT_CHECK(s == KL_OK, "plan_create: %s", kl_last_error());
  return plan;
}

/* Runs into y (prefilled with NaN) with the run's own workspace. */
static kl_status kt_run(const kl_plan* plan, kt_conv_data* d) {
  kt_fill_value(d->y.data, d->y_len, NAN);
  return kl_conv_plan_run(plan, d->x.data, d->x_len, d->y.data, d->y_len, NULL, 0);
}

/* Exact (integers) or within 1e-5*sqrt(K) of each output's sum of |terms|. */
static int kt_close(const kt_conv_data* d, int exact, const char* repro) {
  const float* y = d->y.data;
  const double tol = 1e-5 * sqrt((double)kt_reduction(&d->p));
  int64_t nonzero = 0;
  for (int64_t i = 0; i < d->y_len; i++) {
    nonzero += d->want[i] != 0.0f;
    const int ok = exact ? kt_bits(y[i]) == kt_bits(d->want[i]) || (y[i] == 0.0f && d->want[i] == 0.0f)
                         : fabs((double)y[i] - (double)d->want[i]) <= tol * d->scale[i] + 1e-30;
    if (!ok) {
      fprintf(stderr, "conv mismatch [%s] at %lld of %lld: got %.9g, want %.9g\n", repro,
              (long long)i, (long long)d->y_len, (double)y[i], (double)d->want[i]);
      return 0;
    }
  }
  if (d->y_len >= 16 && nonzero * 4 < d->y_len) {
    fprintf(stderr, "conv [%s]: expected output mostly zero, the case tests little\n", repro);
    return 0;
  }
  return 1;
}

/* "conv/<algorithm>/<active isa>". */
static void kt_check_name(const kl_plan* plan, const char* algorithm, const char* repro) {
  char want[64];
  snprintf(want, sizeof want, "conv/%s/%s", algorithm, kl_isa_name(kl_isa()));
  KT_CHECK(strcmp(kl_plan_implementation(plan), want) == 0, "[%s] implementation %s, want %s",
           repro, kl_plan_implementation(plan), want);
}

/* Integers exactly, then reals within tolerance, on `threads` threads. */
static void kt_check_case(const kt_conv_case* c, const char* algorithm, kt_rng* rng) {
  for (int reals = 0; reals < 2; reals++) {
    kt_conv_data d = kt_make(c, rng, reals);
    char repro[256];
    kt_conv_repro(repro, sizeof repro, &d.p, reals ? "reals" : "ints");
    kl_plan* plan = kt_plan(&d, c->with_bias);
    if (plan != NULL) {
      if (algorithm != NULL) kt_check_name(plan, algorithm, repro);
      const kl_status s = kt_run(plan, &d);
      KT_CHECK(s == KL_OK && kt_close(&d, !reals, repro), "[%s] %s", repro, kl_last_error());
      kl_plan_destroy(plan);
    }
    kt_free(&d);
  }
}

#define KT_1D(n) {1, 1, n}
#define KT_2D(h, w) {1, h, w}
#define KT_ONE {1, 1, 1}
#define KT_ZERO {0, 0, 0}

/* ---- golden cases: torch.nn.Conv2d(2, 2, (2, 3), padding=(1, 2), padding_mode=...) ----- */

static void test_golden(void) {
  /* torch.manual_seed(0); x = randint(-3, 4, (1, 2, 3, 4)); w = randint(-2, 3, (2, 2, 2, 3)); b = [1, -2] */
  static const float x[24] = {1, 0, -3, -1, -2, -1, 3, 0, 1, 2, -1, -3,
                              -2, 2, -1, 1, 1, -1, 1, -1, 3, -1, 1, -1};
  static const float w[24] = {2, -1, 2, 2, 2, -2, -1, 0, 1, -2, -2, -2,
                              0, 2, -1, 1, 1, 1, -1, 2, -1, 0, 1, -2};
  static const float b[2] = {1, -2};
  static const float want[4][48] = {
      {3, 3, 11, -7, -7, -3, 3, 0, -16, 7, 3, 0, -10, -6, 6, 6, -2, -2, 6, 3, -3, 0, 1, -4,
       3, -7, 0, -9, -5, -3, -5, -6, 5, -7, 1, -3, -6, 6, -12, 9, -10, -4, -6, 5, -3, 3, -11, -1},
      {-2, -3, 14, -12, 13, -16, 2, -2, -16, 7, -12, 13, -2, -1, 6, 6, 5, -14, 7, 6, -17, 6, -2, 10,
       -2, -6, -9, 1, -13, 0, 1, -9, 5, -7, 6, -8, -11, 9, -12, 9, -17, 10, -8, 5, -6, 8, -8, 3},
      {18, 14, 8, -7, -12, -10, -6, -2, -16, 7, 4, 4, -21, -15, 6, 6, 5, 1, -12, -8, -1, 10, -6, -8,
       4, -8, 10, -19, -7, -7, -8, -6, 5, -7, 3, -2, -4, 6, -12, 9, -10, -10, -1, 11, -4, 4, -13, -13},
      {0, -4, 7, -8, 0, -4, 5, -1, -16, 7, 5, -1, -13, -9, 6, 6, -13, -9, 0, -4, 7, -8, 0, -4,
       -13, 0, -1, -4, -13, 0, -2, -7, 5, -7, -2, -7, -14, 4, -12, 9, -14, 4, -13, 0, -1, -4, -13, 0}};
  for (int32_t mode = 0; mode < 4; mode++) {
    const kt_conv_case c = {1, 2, 2, 1, KT_2D(3, 4), {1, 2, 3}, KT_ONE, {0, 1, 2}, {0, 1, 2}, KT_ONE, mode, 1};
    const kl_conv_params p = kt_conv_params(&c);
    KT_CHECK(p.out_h == 4 && p.out_w == 6, "golden shape %lldx%lld", (long long)p.out_h,
             (long long)p.out_w);
    float y[48], ref[48];
    const kl_status s = kl_conv_f32(&p, x, 24, w, 24, b, 2, y, 48);
    char repro[256];
    kt_conv_repro(repro, sizeof repro, &p, "golden");
    KT_CHECK(s == KL_OK && kt_same_f32(y, want[mode], 48, repro), "golden mode %d: %s", (int)mode,
             kl_last_error());
    kt_reference(&p, x, w, b, ref, NULL);
    KT_CHECK(kt_same_f32(ref, want[mode], 48, repro), "the reference, mode %d", (int)mode);
  }
}

/* ---- shapes ------------------------------------------------------------------------------ */

static void test_1x1(kt_rng* rng) {
  static const kt_conv_case cases[] = {
      {1, 8, 6, 1, KT_2D(5, 7), KT_ONE, KT_ONE, KT_ZERO, KT_ZERO, KT_ONE, 0, 1},
      {2, 13, 17, 1, KT_2D(9, 11), KT_ONE, KT_ONE, KT_ZERO, KT_ZERO, KT_ONE, 0, 1},
      {3, 12, 20, 4, KT_1D(33), KT_ONE, KT_ONE, KT_ZERO, KT_ZERO, KT_ONE, 0, 0},
      {1, 5, 7, 1, KT_1D(40), KT_ONE, {1, 1, 3}, KT_ZERO, KT_ZERO, KT_ONE, 0, 1}, /* strided 1-D */
      {2, 6, 9, 3, {3, 4, 5}, KT_ONE, KT_ONE, KT_ZERO, KT_ZERO, KT_ONE, 0, 1},   /* 3-D */
      {1, 70, 131, 1, KT_2D(15, 15), KT_ONE, KT_ONE, KT_ZERO, KT_ZERO, KT_ONE, 0, 1},
      {1, 600, 7, 1, KT_2D(3, 3), KT_ONE, KT_ONE, KT_ZERO, KT_ZERO, KT_ONE, 0, 1}, /* K > kc */
      {1, 3, 5, 1, KT_2D(1, 1), KT_ONE, KT_ONE, KT_ZERO, KT_ZERO, KT_ONE, 0, 1},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    kt_check_case(&cases[i], "1x1-gemm", rng);
  }
}

static void test_igemm(kt_rng* rng) {
  static const kt_conv_case cases[] = {
      /* 2-D, SIMD tails, padding, stride, dilation, asymmetric pads, groups */
      {1, 3, 8, 1, KT_2D(10, 13), {1, 3, 3}, KT_ONE, {0, 1, 1}, {0, 1, 1}, KT_ONE, 0, 1},
      {2, 4, 10, 2, KT_2D(17, 19), {1, 3, 5}, {1, 2, 3}, {0, 1, 2}, {0, 2, 0}, {1, 1, 2}, 0, 1},
      {1, 6, 9, 3, KT_2D(12, 12), {1, 3, 3}, {1, 2, 2}, {0, 0, 1}, {0, 1, 0}, {1, 2, 2}, 0, 0},
      {1, 3, 16, 1, KT_2D(30, 30), {1, 7, 7}, {1, 2, 2}, {0, 3, 3}, {0, 3, 3}, KT_ONE, 0, 1},
      {3, 8, 8, 1, KT_2D(7, 9), {1, 2, 2}, KT_ONE, {0, 0, 1}, {0, 1, 0}, KT_ONE, 0, 1},
      {1, 16, 20, 1, KT_2D(8, 8), {1, 3, 3}, KT_ONE, {0, 2, 2}, {0, 2, 2}, {1, 2, 2}, 0, 1},
      {1, 2, 3, 1, KT_2D(3, 3), {1, 3, 3}, KT_ONE, {0, 4, 4}, {0, 4, 4}, KT_ONE, 0, 1}, /* pad > k */
      {1, 4, 4, 1, KT_2D(2, 2), {1, 4, 4}, KT_ONE, {0, 1, 2}, {0, 1, 0}, KT_ONE, 0, 1},
      {1, 70, 40, 1, KT_2D(9, 9), {1, 3, 3}, KT_ONE, {0, 1, 1}, {0, 1, 1}, KT_ONE, 0, 1}, /* K > kc */
      {1, 4, 5, 1, KT_2D(8, 8), {1, 1, 1}, {1, 2, 2}, KT_ZERO, KT_ZERO, KT_ONE, 0, 1}, /* 1x1 s2 */
      {1, 4, 5, 1, KT_2D(6, 6), {1, 1, 1}, KT_ONE, {0, 1, 1}, {0, 1, 1}, KT_ONE, 0, 1}, /* 1x1 p1 */
      /* 1-D */
      {2, 5, 7, 1, KT_1D(50), {1, 1, 5}, {1, 1, 2}, {0, 0, 2}, {0, 0, 1}, {1, 1, 3}, 0, 1},
      {1, 8, 4, 4, KT_1D(37), {1, 1, 3}, KT_ONE, {0, 0, 1}, {0, 0, 1}, KT_ONE, 0, 0},
      /* 3-D */
      {1, 4, 6, 2, {5, 6, 7}, {3, 3, 3}, KT_ONE, {1, 1, 1}, {1, 1, 1}, KT_ONE, 0, 1},
      {2, 3, 5, 1, {6, 7, 8}, {2, 3, 2}, {2, 1, 2}, {1, 0, 1}, {0, 2, 1}, {2, 1, 1}, 0, 1},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    kt_check_case(&cases[i], "igemm", rng);
  }
}

/* The padding modes on 1-D/2-D/3-D shapes, pads up to the limits. */
static void test_padding_modes(kt_rng* rng) {
  for (int32_t mode = 1; mode < 4; mode++) {
    const int64_t edge = mode == KL_PAD_REFLECT ? 3 : 4; /* reflect: pad < in */
    const kt_conv_case cases[] = {
        {2, 3, 4, 1, KT_1D(4), {1, 1, 3}, KT_ONE, {0, 0, edge}, {0, 0, 1}, KT_ONE, mode, 1},
        {1, 4, 6, 2, KT_2D(4, 5), {1, 3, 3}, {1, 2, 1}, {0, 2, edge}, {0, edge, 0}, {1, 1, 2}, mode, 1},
        {1, 2, 3, 1, {4, 4, 4}, {2, 3, 3}, KT_ONE, {1, 1, 2}, {2, 1, 0}, KT_ONE, mode, 0},
        {1, 3, 5, 1, KT_2D(5, 5), KT_ONE, KT_ONE, {0, 1, 1}, {0, 1, 1}, KT_ONE, mode, 1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
      kt_check_case(&cases[i], NULL, rng);
    }
  }
}

/* Random geometries: the algorithm the plan takes is whatever it picks. */
static void test_random(kt_rng* rng) {
  for (int t = 0; t < 60; t++) {
    kt_conv_case c = {0};
    const int dims = (int)kt_range(rng, 1, 3);
    c.groups = kt_range(rng, 1, 3);
    c.cin = c.groups * kt_range(rng, 1, 5);
    c.cout = c.groups * kt_range(rng, 1, 9);
    c.batch = kt_range(rng, 1, 3);
    c.mode = (int32_t)kt_range(rng, 0, 3);
    c.with_bias = (int)kt_range(rng, 0, 1);
    for (int i = 0; i < 3; i++) {
      const int active = i >= 3 - dims;
      c.in[i] = active ? kt_range(rng, 1, dims == 3 ? 6 : dims == 2 ? 12 : 40) : 1;
      c.k[i] = active ? kt_range(rng, 1, 4) : 1;
      c.s[i] = active ? kt_range(rng, 1, 3) : 1;
      c.d[i] = active ? kt_range(rng, 1, 2) : 1;
      const int64_t max_pad = c.mode == KL_PAD_REFLECT ? c.in[i] - 1 : c.mode ? c.in[i] : 3;
      c.pb[i] = active ? kt_range(rng, 0, max_pad < 3 ? max_pad : 3) : 0;
      c.pe[i] = active ? kt_range(rng, 0, max_pad < 3 ? max_pad : 3) : 0;
      if (c.in[i] + c.pb[i] + c.pe[i] < c.d[i] * (c.k[i] - 1) + 1) {
        c.k[i] = 1;
      }
    }
    kt_check_case(&c, NULL, rng);
  }
}

/* ---- threads and workspaces -------------------------------------------------------------------- */

static void test_threads_and_workspace(kt_rng* rng) {
  static const kt_conv_case cases[] = {
      {2, 6, 20, 2, KT_2D(23, 29), {1, 3, 3}, KT_ONE, {0, 1, 1}, {0, 1, 1}, KT_ONE, 0, 1},
      {1, 32, 24, 1, KT_2D(20, 20), KT_ONE, KT_ONE, KT_ZERO, KT_ZERO, KT_ONE, 0, 1},
      {1, 3, 7, 1, KT_2D(21, 18), {1, 3, 3}, KT_ONE, {0, 2, 1}, {0, 1, 2}, KT_ONE, KL_PAD_REFLECT, 1},
      {1, 16, 50, 1, KT_2D(3, 5), {1, 3, 3}, KT_ONE, {0, 1, 1}, {0, 1, 1}, KT_ONE, 0, 1}, /* row runs */
      {2, 8, 4, 2, KT_2D(9, 30), {1, 3, 3}, {1, 1, 2}, {0, 1, 1}, {0, 1, 1}, KT_ONE, 0, 1}, /* in place */
  };
  const int32_t saved = kl_get_num_threads();
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    kt_conv_data d = kt_make(&cases[i], rng, 1);
    char repro[256];
    kt_conv_repro(repro, sizeof repro, &d.p, "threads");
    kl_plan* plan = kt_plan(&d, 1);
    if (plan == NULL) {
      kt_free(&d);
      continue;
    }
    float* first = malloc((size_t)d.y_len * sizeof(float));
    for (int32_t t = 1; t <= 3; t++) {
      kl_set_num_threads(t);
      KT_CHECK(kt_run(plan, &d) == KL_OK, "run: %s", kl_last_error());
      if (t == 1) {
        memcpy(first, d.y.data, (size_t)d.y_len * sizeof(float));
        KT_CHECK(kt_close(&d, 0, repro), "1 thread");
      } else {
        KT_CHECK(kt_same_f32(d.y.data, first, d.y_len, repro), "%d threads vs 1", (int)t);
      }
      /* A caller workspace of exactly the reported size, guarded. */
      int64_t bytes = -1;
      KT_CHECK(kl_conv_plan_workspace_size(plan, &bytes) == KL_OK && bytes >= 0, "size");
      kt_buffer ws = kt_alloc((size_t)bytes + 64);
      unsigned char* aligned = (unsigned char*)ws.data + (64 - (uintptr_t)ws.data % 64) % 64;
      const int64_t usable = (int64_t)((unsigned char*)ws.data + bytes + 64 - aligned);
      kt_fill_value(d.y.data, d.y_len, NAN);
      KT_CHECK(kl_conv_plan_run(plan, d.x.data, d.x_len, d.y.data, d.y_len, aligned, usable) == KL_OK &&
                   kt_same_f32(d.y.data, first, d.y_len, repro),
               "caller workspace, %d threads: %s", (int)t, kl_last_error());
      kt_release(&ws, "workspace");
    }
    /* With 3 threads configured, a workspace for one: same bits, and less than
     * one thread's is rejected; so is a misaligned one. */
    kl_set_num_threads(1);
    int64_t one = 0;
    kl_conv_plan_workspace_size(plan, &one);
    kl_set_num_threads(3);
    int64_t three = 0;
    kl_conv_plan_workspace_size(plan, &three);
    KT_CHECK(three >= one, "workspace for 3 threads %lld < for 1 %lld", (long long)three, (long long)one);
    void* ws = kl_aligned_alloc((size_t)one + 64);
    kt_fill_value(d.y.data, d.y_len, NAN);
    KT_CHECK(kl_conv_plan_run(plan, d.x.data, d.x_len, d.y.data, d.y_len, ws, one) == KL_OK &&
                 kt_same_f32(d.y.data, first, d.y_len, repro),
             "one thread's workspace: %s", kl_last_error());
    if (one > 0) {
      KT_EXPECT_INVALID(kl_conv_plan_run(plan, d.x.data, d.x_len, d.y.data, d.y_len, ws, one - 1),
                        "kl_conv_plan_run", "a short workspace", "workspace_bytes");
      KT_EXPECT_INVALID(kl_conv_plan_run(plan, d.x.data, d.x_len, d.y.data, d.y_len,
                                         (unsigned char*)ws + 4, one),
                        "kl_conv_plan_run", "a misaligned workspace", "aligned");
    }
    kl_aligned_free(ws);
    kl_plan_destroy(plan);
    free(first);
    kt_free(&d);
  }
  kl_set_num_threads(saved);
}

/* ---- one plan, several calling threads ---------------------------------------------------- */

typedef struct kt_caller {
  const kl_plan* plan;
  const kt_conv_data* d;
  float* y;
  void* workspace; /* NULL: the run's own */
  int64_t bytes;
  kl_status status;
} kt_caller;

static void* kt_call(void* arg) {
  kt_caller* c = arg;
  c->status = KL_OK;
  for (int i = 0; i < 4 && c->status == KL_OK; i++) {
    c->status = kl_conv_plan_run(c->plan, c->d->x.data, c->d->x_len, c->y, c->d->y_len,
                                 c->workspace, c->bytes);
  }
  return NULL;
}

/* Four threads run one plan at once, two with their own workspaces and two
 * without: every result equals a lone run's. */
static void test_concurrent_runs(kt_rng* rng) {
  const kt_conv_case c = {2, 8, 12, 2, KT_2D(19, 21), {1, 3, 3}, KT_ONE, {0, 1, 1}, {0, 1, 1}, KT_ONE, KL_PAD_REPLICATE, 1};
  kt_conv_data d = kt_make(&c, rng, 1);
  kl_plan* plan = kt_plan(&d, 1);
  if (plan == NULL) {
    kt_free(&d);
    return;
  }
  KT_CHECK(kt_run(plan, &d) == KL_OK, "lone run: %s", kl_last_error());
  int64_t bytes = 0;
  kl_conv_plan_workspace_size(plan, &bytes);
  kt_caller callers[4];
  pthread_t threads[4];
  for (int t = 0; t < 4; t++) {
    callers[t] = (kt_caller){plan, &d, malloc((size_t)d.y_len * sizeof(float)),
                             t % 2 ? kl_aligned_alloc((size_t)bytes + 1) : NULL, t % 2 ? bytes : 0,
                             KL_OK};
    pthread_create(&threads[t], NULL, kt_call, &callers[t]);
  }
  for (int t = 0; t < 4; t++) {
    pthread_join(threads[t], NULL);
    KT_CHECK(callers[t].status == KL_OK && kt_same_f32(callers[t].y, d.y.data, d.y_len, "concurrent"),
             "caller %d", t);
    free(callers[t].y);
    kl_aligned_free(callers[t].workspace);
  }
  kl_plan_destroy(plan);
  kt_free(&d);
}

/* ---- validation ------------------------------------------------------------------------------ */

static void test_errors(void) {
  const kt_conv_case base_case = {2, 4, 6, 2, KT_2D(5, 6), {1, 3, 3}, KT_ONE, {0, 1, 1}, {0, 1, 1}, KT_ONE, 0, 1};
  const kl_conv_params base = kt_conv_params(&base_case);
  float w[256] = {0}, bias[6] = {0}, x[2 * 4 * 30] = {0}, y[2 * 6 * 30];
  const int64_t wl = kt_w_len(&base);
  kl_plan* plan = NULL;
  static const char fn[] = "kl_conv_plan_create";
#define KT_BAD(field_change, message)                                                       \
  do {                                                                                      \
    kl_conv_params p = base;                                                                \
    field_change;                                                                           \
    KT_EXPECT_INVALID(kl_conv_plan_create(&p, w, wl, bias, 6, &plan), fn, #field_change, message); \
    KT_CHECK(plan == NULL, "plan set on failure");                                          \
  } while (0)
  KT_BAD(p.groups = 3, "divisible by groups");
  KT_BAD(p.groups = 0, "groups");
  KT_BAD(p.in_channels = 0, "in_channels");
  KT_BAD(p.batch = -1, "batch");
  KT_BAD(p.stride_w = 0, "stride_w");
  KT_BAD(p.dilation_h = 0, "dilation_h");
  KT_BAD(p.pad_h = -1, "pad_h");
  KT_BAD(p.in_d = 0, "in_d");
  KT_BAD(p.out_w = 7, "out_w is 7, but these parameters give 6");
  KT_BAD((p.kernel_w = 9, p.out_w = 1), "Kernel size can't be greater than actual input size");
  KT_BAD(p.output_pad_w = 1, "output_pad_w");
  KT_BAD(p.padding_mode = 4, "padding_mode");
  KT_BAD((p.padding_mode = KL_PAD_REFLECT, p.pad_h = 5, p.out_h = 9), "reflect padding size");
  KT_BAD((p.padding_mode = KL_PAD_CIRCULAR, p.pad_w_end = 7, p.out_w = 12), "wrapping around");
  KT_BAD(p.transposed = 2, "transposed");
  KT_BAD((p.transposed = 1, p.out_h = 5, p.out_w = 6, p.output_pad_h = 1), "output padding must be smaller");
  KT_BAD((p.transposed = 1, p.pad_h_end = 0), "pad_h_end");
  KT_BAD((p.transposed = 1, p.out_h = 5, p.out_w = 6, p.padding_mode = KL_PAD_REFLECT), "zeros");
  KT_BAD((p.transposed = 1, p.in_h = 1, p.pad_h = 2, p.pad_h_end = 2, p.out_h = 1), "too small");
  KT_BAD(p.in_w = (int64_t)1 << 40, "in_w");
  KT_BAD((p.in_d = p.in_h = p.in_w = 1, p.kernel_h = p.kernel_w = 1,
          p.pad_d = p.pad_h = p.pad_w = p.pad_d_end = p.pad_h_end = p.pad_w_end = (int64_t)1 << 31,
          p.stride_d = p.stride_h = p.stride_w = (int64_t)1 << 31, p.out_d = p.out_h = p.out_w = 3),
         "padded input");
#undef KT_BAD
  KT_EXPECT_INVALID(kl_conv_plan_create(&base, w, wl - 1, bias, 6, &plan), fn, "weight_len", "weight holds");
  KT_EXPECT_INVALID(kl_conv_plan_create(&base, NULL, wl, bias, 6, &plan), fn, "weight NULL", "weight");
  KT_EXPECT_INVALID(kl_conv_plan_create(&base, w, wl, bias, 5, &plan), fn, "bias_len", "bias holds 5");
  KT_EXPECT_INVALID(kl_conv_plan_create(NULL, w, wl, bias, 6, &plan), fn, "params NULL", "params");
  KT_EXPECT_INVALID(kl_conv_plan_create(&base, w, wl, bias, 6, NULL), fn, "plan NULL", "plan");
  /* Run-time checks. */
  KT_CHECK(kl_conv_plan_create(&base, w, wl, NULL, 0, &plan) == KL_OK, "%s", kl_last_error());
  static const char run[] = "kl_conv_plan_run";
  const int64_t xl = kt_x_len(&base), yl = kt_y_len(&base);
  KT_EXPECT_INVALID(kl_conv_plan_run(plan, x, xl - 1, y, yl, NULL, 0), run, "short x", "x holds");
  KT_EXPECT_INVALID(kl_conv_plan_run(plan, x, xl, y, yl + 1, NULL, 0), run, "long y", "y holds");
  KT_EXPECT_INVALID(kl_conv_plan_run(plan, NULL, xl, y, yl, NULL, 0), run, "x NULL", "x must not be NULL");
  KT_EXPECT_INVALID(kl_conv_plan_run(plan, x, xl, (float*)x, yl, NULL, 0), run, "y over x", "overlap");
  KT_EXPECT_INVALID(kl_conv_plan_run(NULL, x, xl, y, yl, NULL, 0), run, "NULL plan", "plan");
  int64_t bytes;
  KT_EXPECT_INVALID(kl_conv_plan_workspace_size(plan, NULL), "kl_conv_plan_workspace_size", "NULL", "bytes");
  kl_plan* linear = NULL;
  const kl_linear_params lp = {1, 2, 2};
  KT_CHECK(kl_linear_plan_create(&lp, w, 4, NULL, 0, &linear) == KL_OK, "linear plan");
  KT_EXPECT_INVALID(kl_conv_plan_workspace_size(linear, &bytes), "kl_conv_plan_workspace_size",
                    "a linear plan", "not a convolution plan");
  kl_plan_destroy(linear);
  kl_plan_destroy(plan);
  /* Batch 0 runs and writes nothing. */
  kl_conv_params empty = base;
  empty.batch = 0;
  KT_CHECK(kl_conv_f32(&empty, NULL, 0, w, wl, bias, 6, NULL, 0) == KL_OK, "batch 0: %s", kl_last_error());
}

/* ---- the GEMM driver's conv features, on every ISA table ------------------------------------ */

typedef struct kt_b_source {
  const float* b; /* k x n dense */
  int64_t n, nr;
} kt_b_source;

/* A kl_gemm_pack_b_fn over a dense matrix, written from the panel layout. */
static void kt_pack_b(const void* ctx, int64_t p0, int64_t kcb, int64_t j0, int64_t ncb, float* dst) {
  const kt_b_source* s = ctx;
  for (int64_t jj = 0; jj < kl_round_up(ncb, s->nr); jj++) {
    for (int64_t p = 0; p < kcb; p++) {
      dst[jj / s->nr * s->nr * kcb + p * s->nr + jj % s->nr] =
          jj < ncb ? s->b[(p0 + p) * s->n + j0 + jj] : 0.0f;
    }
  }
}

static void test_gemm_driver(kt_rng* rng) {
  const kl_dispatch* tables[KL_ISA_COUNT];
  const int count = kt_isa_tables(tables);
  static const int64_t shapes[][3] = {{1, 1, 1}, {7, 19, 5}, {64, 100, 577}, {13, 40, 1030}, {130, 33, 17}};
  for (int t = 0; t < count; t++) {
    for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; s++) {
      const int64_t m = shapes[s][0], n = shapes[s][1], k = shapes[s][2];
      kl_gemm_config cfg = tables[t]->gemm;
      cfg.kc = kl_min_i64(cfg.kc, 256); /* several kc blocks */
      cfg.nc = cfg.nr * 2;              /* several nc blocks */
      float* a = malloc((size_t)(m * k) * sizeof(float));
      float* b = malloc((size_t)(k * n) * sizeof(float));
      float* bias = malloc((size_t)m * sizeof(float));
      float* want = malloc((size_t)(m * n) * sizeof(float));
      float* packed = kl_aligned_alloc((size_t)kl_packed_a_floats(&cfg, m, k) * sizeof(float));
      kt_buffer c = kt_alloc((size_t)(m * n) * sizeof(float));
      kt_fill_int(rng, a, m * k, -4, 4);
      kt_fill_int(rng, b, k * n, -4, 4);
      kt_fill_int(rng, bias, m, -4, 4);
      for (int64_t i = 0; i < m; i++) {
        for (int64_t j = 0; j < n; j++) {
          double sum = bias[i];
          for (int64_t p = 0; p < k; p++) sum += (double)a[i * k + p] * b[p * n + j];
          want[i * n + j] = (float)sum;
        }
      }
      kl_pack_a_matrix(&cfg, m, k, a, k, 1, packed);
      const kt_b_source source = {b, n, cfg.nr};
      kl_gemm_problem pr = {.m = m, .n = n, .k = k, .packed_a = packed, .pack_b = kt_pack_b,
                            .pack_b_ctx = &source, .row_bias = bias, .c = c.data, .ldc = n,
                            .alpha = 1.0f};
      char repro[128];
      snprintf(repro, sizeof repro, "%s_m%lldn%lldk%lld", cfg.name, (long long)m, (long long)n, (long long)k);
      /* Blocks of C in any order, each from its own caller buffer. */
      const int64_t bi = m / 2 / cfg.mr * cfg.mr, bj = n / 3; /* packed A: whole MR panels */
      const int64_t rows[3] = {0, bi, m}, cols[3] = {0, bj, n};
      kt_fill_value(c.data, m * n, NAN);
      for (int r = 1; r >= 0; r--) {
        for (int q = 0; q < 2; q++) {
          const int64_t floats = kl_gemm_block_floats(&cfg, &pr, rows[r + 1] - rows[r], cols[q + 1] - cols[q]);
          kt_buffer buf = kt_alloc((size_t)floats * sizeof(float));
          KT_CHECK((uintptr_t)buf.data % 64 == 0 || floats == 0, "pack buffer alignment");
          kl_gemm_run_block(&cfg, &pr, rows[r], rows[r + 1], cols[q], cols[q + 1], buf.data);
          kt_release(&buf, "pack buffer");
        }
      }
      KT_CHECK(kt_same_f32(c.data, want, m * n, repro), "packed A + B packer + row bias, blocks");
      /* The same through the threaded driver, strided B. */
      pr.pack_b = NULL;
      pr.b = b;
      pr.b_rs = n;
      pr.b_cs = 1;
      kt_fill_value(c.data, m * n, NAN);
      KT_CHECK(kl_gemm_execute(&cfg, &pr) == KL_OK && kt_same_f32(c.data, want, m * n, repro),
               "packed A + strided B + row bias");
      kt_release(&c, "c");
      kl_aligned_free(packed);
      free(a);
      free(b);
      free(bias);
      free(want);
    }
  }
}

/* Each table's indirect microkernel against its packed twin, bit for bit:
 * every row count, kc around the unroll, beta 0 (C holds NaN) and 1, B's rows
 * at scattered offsets that end exactly at a guard page. */
static void test_igemm_ukernels(kt_rng* rng) {
  const kl_dispatch* tables[KL_ISA_COUNT];
  const int count = kt_isa_tables(tables);
  for (int t = 0; t < count; t++) {
    const kl_gemm_config* cfg = &tables[t]->gemm;
    KT_CHECK(cfg->iukernel != NULL, "%s has no indirect twin", cfg->name);
    if (cfg->iukernel == NULL) continue;
    const int64_t mr = cfg->mr, nr = cfg->nr, x_len = 4 * nr + 37;
    for (int64_t kc = 1; kc <= 9; kc += 4) {
      kt_buffer x = kt_alloc((size_t)x_len * sizeof(float));
      float* a = malloc((size_t)(mr * kc) * sizeof(float));
      float* b = malloc((size_t)(nr * kc) * sizeof(float));
      int64_t* rows = malloc((size_t)kc * sizeof(int64_t));
      float* c[2] = {malloc((size_t)(mr * nr) * sizeof(float)), malloc((size_t)(mr * nr) * sizeof(float))};
      kt_fill_reals(rng, x.data, x_len);
      kt_fill_reals(rng, a, mr * kc);
      for (int64_t p = 0; p < kc; p++) {
        rows[p] = p == 0 ? x_len - nr : kt_range(rng, 0, x_len - nr);
        memcpy(b + p * nr, (const float*)x.data + rows[p], (size_t)nr * sizeof(float));
      }
      for (int64_t m = 1; m <= mr; m++) {
        for (int beta = 0; beta < 2; beta++) {
          for (int v = 0; v < 2; v++) {
            kt_fill_value(c[v], mr * nr, beta ? 1.5f : NAN);
          }
          cfg->ukernel(kc, a, b, c[0], nr, m, nr, 1.0f, (float)beta);
          cfg->iukernel(kc, a, x.data, rows, c[1], nr, m, 1.0f, (float)beta);
          char repro[96];
          snprintf(repro, sizeof repro, "%s_m%lld_kc%lld_beta%d", cfg->name, (long long)m, (long long)kc, beta);
          KT_CHECK(kt_same_f32(c[1], c[0], mr * nr, repro), "indirect twin");
        }
      }
      kt_release(&x, "x");
      free(a);
      free(b);
      free(rows);
      free(c[0]);
      free(c[1]);
    }
  }
}

/* ---- channel shuffle ----------------------------------------------------------------------- */

static void test_channel_shuffle(kt_rng* rng) {
  static const char fn[] = "kl_channel_shuffle_f32";
  /* torch.nn.ChannelShuffle(2) and (3) on arange(6).reshape(1, 6, 1) */
  const float x6[6] = {0, 1, 2, 3, 4, 5};
  float y6[6];
  static const float want2[6] = {0, 3, 1, 4, 2, 5}, want3[6] = {0, 2, 4, 1, 3, 5};
  KT_CHECK(kl_channel_shuffle_f32(1, 6, 2, 1, x6, 6, y6, 6) == KL_OK && kt_same_f32(y6, want2, 6, "g2"), "g2");
  KT_CHECK(kl_channel_shuffle_f32(1, 6, 3, 1, x6, 6, y6, 6) == KL_OK && kt_same_f32(y6, want3, 6, "g3"), "g3");
  static const int64_t shapes[][4] = {{1, 8, 4, 3}, {3, 12, 3, 17}, {2, 64, 8, 1000}, {1, 5, 1, 7}, {2, 6, 6, 2}};
  const int32_t saved = kl_get_num_threads();
  for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; s++) {
    const int64_t b = shapes[s][0], c = shapes[s][1], g = shapes[s][2], plane = shapes[s][3];
    const int64_t n = b * c * plane;
    kt_buffer x = kt_alloc((size_t)n * sizeof(float)), y = kt_alloc((size_t)n * sizeof(float));
    float* want = malloc((size_t)n * sizeof(float));
    kt_fill_reals(rng, x.data, n);
    const float* xs = x.data;
    for (int64_t i = 0; i < b; i++)
      for (int64_t o = 0; o < c; o++)
        for (int64_t e = 0; e < plane; e++)
          want[(i * c + o) * plane + e] = xs[(i * c + (o % g) * (c / g) + o / g) * plane + e];
    for (int32_t t = 1; t <= 3; t++) {
      kl_set_num_threads(t);
      kt_fill_value(y.data, n, NAN);
      KT_CHECK(kl_channel_shuffle_f32(b, c, g, plane, x.data, n, y.data, n) == KL_OK &&
                   kt_same_f32(y.data, want, n, "shuffle"),
               "shuffle b%lld c%lld g%lld plane%lld, %d threads", (long long)b, (long long)c,
               (long long)g, (long long)plane, (int)t);
    }
    kt_release(&x, "x");
    kt_release(&y, "y");
    free(want);
  }
  kl_set_num_threads(saved);
  float buf[12];
  KT_EXPECT_INVALID(kl_channel_shuffle_f32(1, 6, 4, 1, x6, 6, y6, 6), fn, "4 groups of 6", "divisible by groups");
  KT_EXPECT_INVALID(kl_channel_shuffle_f32(1, 6, 0, 1, x6, 6, y6, 6), fn, "0 groups", "must be positive");
  KT_EXPECT_INVALID(kl_channel_shuffle_f32(1, 6, 2, 1, x6, 5, y6, 6), fn, "short x", "x holds 5");
  KT_EXPECT_INVALID(kl_channel_shuffle_f32(1, 6, 2, 1, buf, 6, buf, 6), fn, "in place", "overlap");
  KT_EXPECT_INVALID(kl_channel_shuffle_f32(1, 6, 2, 1, buf, 6, buf + 3, 6), fn, "overlap", "overlap");
  KT_EXPECT_INVALID(kl_channel_shuffle_f32(-1, 6, 2, 1, x6, 6, y6, 6), fn, "batch -1", "batch");
  KT_EXPECT_INVALID(kl_channel_shuffle_f32(1, 6, 2, 1, NULL, 6, y6, 6), fn, "x NULL", "NULL");
  KT_CHECK(kl_channel_shuffle_f32(0, 6, 2, 5, NULL, 0, NULL, 0) == KL_OK, "empty: %s", kl_last_error());
}

int main(void) {
  kt_rng rng = {20261202};
  printf("active isa: %s\n", kl_isa_name(kl_isa()));
  test_golden();
  test_1x1(&rng);
  test_igemm(&rng);
  test_padding_modes(&rng);
  test_random(&rng);
  test_threads_and_workspace(&rng);
  test_concurrent_runs(&rng);
  test_errors();
  test_gemm_driver(&rng);
  test_igemm_ukernels(&rng);
  test_channel_shuffle(&rng);
  return kt_report("test_conv");
}
