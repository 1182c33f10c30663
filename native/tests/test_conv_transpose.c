/*
 * test_conv_transpose.c - transposed convolution (conv/conv-transpose.c)
 * against a double-accumulating scatter reference: 1-D, 2-D and 3-D, strides,
 * padding, output padding, dilation, groups, batches, with and without bias,
 * shapes that take several GEMM tiles and channel blocks; every ISA the
 * machine runs, 1, 2 and 3 threads bit for bit, guarded buffers, the
 * implementation names, and the public entry points (kl_conv_plan_create,
 * kl_conv_plan_run, kl_conv_f32) against the plan of the active ISA.
 */
#include "conv_test_util.h"

#include "conv/conv-transpose.h"

static const kl_dispatch* kt_tables[KL_ISA_COUNT];
static int kt_table_count;

static void kt_repro(char* buf, size_t size, const kl_conv_params* p, const char* path) {
  snprintf(buf, size,
           "n%" PRId64 "c%" PRId64 "o%" PRId64 "g%" PRId64 "_in%" PRId64 "x%" PRId64 "x%" PRId64
           "_k%" PRId64 "x%" PRId64 "x%" PRId64 "_s%" PRId64 "x%" PRId64 "x%" PRId64 "_p%" PRId64
           "x%" PRId64 "x%" PRId64 "_d%" PRId64 "x%" PRId64 "x%" PRId64 "_op%" PRId64 "x%" PRId64
           "x%" PRId64 " [%s]",
           p->batch, p->in_channels, p->out_channels, p->groups, p->in_d, p->in_h, p->in_w,
           p->kernel_d, p->kernel_h, p->kernel_w, p->stride_d, p->stride_h, p->stride_w, p->pad_d,
           p->pad_h, p->pad_w, p->dilation_d, p->dilation_h, p->dilation_w, p->output_pad_d,
           p->output_pad_h, p->output_pad_w, path);
}

/* Per dim: in, kernel, stride, pad, dilation, output padding. */
typedef struct kt_dim {
  int64_t in, k, s, p, d, op;
} kt_dim;

static int64_t kt_out(kt_dim a) {
  return (a.in - 1) * a.s - 2 * a.p + a.d * (a.k - 1) + a.op + 1;
}

/* A valid transposed problem, or batch 0 when the output would be empty. */
static kl_conv_params kt_params(int64_t n, int64_t cin, int64_t cout, int64_t groups, kt_dim dd,
                                kt_dim dh, kt_dim dw) {
  kl_conv_params p = {0};
  p.batch = n;
  p.in_channels = cin;
  p.out_channels = cout;
  p.groups = groups;
  p.transposed = 1;
  kt_dim* dims[3] = {&dd, &dh, &dw};
  int64_t* fields[3][9] = {
      {&p.in_d, &p.kernel_d, &p.stride_d, &p.pad_d, &p.dilation_d, &p.output_pad_d, &p.out_d, &p.pad_d_end},
      {&p.in_h, &p.kernel_h, &p.stride_h, &p.pad_h, &p.dilation_h, &p.output_pad_h, &p.out_h, &p.pad_h_end},
      {&p.in_w, &p.kernel_w, &p.stride_w, &p.pad_w, &p.dilation_w, &p.output_pad_w, &p.out_w, &p.pad_w_end}};
  for (int i = 0; i < 3; i++) {
    const kt_dim a = *dims[i];
    *fields[i][0] = a.in;
    *fields[i][1] = a.k;
    *fields[i][2] = a.s;
    *fields[i][3] = a.p;
    *fields[i][4] = a.d;
    *fields[i][5] = a.op;
    *fields[i][6] = kt_out(a);
    *fields[i][7] = a.p;
    if (kt_out(a) < 1) {
      p.batch = 0;
    }
  }
  return p;
}

static kt_dim kt_unit_dim(void) {
  return (kt_dim){1, 1, 1, 0, 1, 0};
}

static void kt_reference(const kl_conv_params* p, const float* x, const float* w, const float* b,
                         double* y, double* mag) {
  const int64_t in_g = p->in_channels / p->groups, out_g = p->out_channels / p->groups;
  const int64_t out_vol = p->out_d * p->out_h * p->out_w;
  const int64_t taps = p->kernel_d * p->kernel_h * p->kernel_w;
  for (int64_t n = 0; n < p->batch; n++) {
    for (int64_t o = 0; o < p->out_channels; o++) {
      for (int64_t i = 0; i < out_vol; i++) {
        y[(n * p->out_channels + o) * out_vol + i] = b != NULL ? b[o] : 0.0;
        mag[(n * p->out_channels + o) * out_vol + i] = b != NULL ? fabs(b[o]) : 0.0;
      }
    }
    for (int64_t ic = 0; ic < p->in_channels; ic++) {
      const int64_t g = ic / in_g;
      for (int64_t id = 0; id < p->in_d; id++)
        for (int64_t ih = 0; ih < p->in_h; ih++)
          for (int64_t iw = 0; iw < p->in_w; iw++) {
            const double xv = x[((n * p->in_channels + ic) * p->in_d + id) * p->in_h * p->in_w +
                                ih * p->in_w + iw];
            for (int64_t ol = 0; ol < out_g; ol++)
              for (int64_t kd = 0; kd < p->kernel_d; kd++)
                for (int64_t kh = 0; kh < p->kernel_h; kh++)
                  for (int64_t kw = 0; kw < p->kernel_w; kw++) {
                    const int64_t od = id * p->stride_d - p->pad_d + kd * p->dilation_d;
                    const int64_t oh = ih * p->stride_h - p->pad_h + kh * p->dilation_h;
                    const int64_t ow = iw * p->stride_w - p->pad_w + kw * p->dilation_w;
                    if (od < 0 || od >= p->out_d || oh < 0 || oh >= p->out_h || ow < 0 ||
                        ow >= p->out_w) {
                      continue;
                    }
                    const double t =
                        xv * w[(ic * out_g + ol) * taps + (kd * p->kernel_h + kh) * p->kernel_w + kw];
                    const int64_t yi = (n * p->out_channels + g * out_g + ol) * out_vol +
                                       (od * p->out_h + oh) * p->out_w + ow;
                    y[yi] += t;
                    mag[yi] += fabs(t);
                  }
          }
    }
  }
}

static void kt_check_case(const kt_conv_case* c, kt_rng* rng) {
  const kl_conv_params* p = &c->p;
  const int64_t taps = p->kernel_d * p->kernel_h * p->kernel_w;
  const int64_t nx = p->batch * p->in_channels * p->in_d * p->in_h * p->in_w;
  const int64_t ny = p->batch * p->out_channels * p->out_d * p->out_h * p->out_w;
  const int64_t nw = p->in_channels * (p->out_channels / p->groups) * taps;
  kt_buffer xb = kt_alloc((size_t)nx * sizeof(float)), yb = kt_alloc((size_t)ny * sizeof(float));
  kt_buffer wb = kt_alloc((size_t)nw * sizeof(float));
  kt_buffer bb = kt_alloc((size_t)p->out_channels * sizeof(float));
  float* w = wb.data;
  float* y1 = malloc((size_t)ny * sizeof(float));
  double* ref = malloc((size_t)ny * sizeof(double));
  double* mag = malloc((size_t)ny * sizeof(double));
  kt_fill_unit(rng, xb.data, nx);
  kt_fill_unit(rng, w, nw);
  kt_fill_unit(rng, bb.data, p->out_channels);
  const float* bias = c->has_bias ? bb.data : NULL;
  kt_reference(p, xb.data, w, bias, ref, mag);
  /* The reduction behind an output: in/groups channels times the taps. */
  const double tol = 1e-5 * sqrt((double)(p->in_channels / p->groups * taps));
  float* y = yb.data;
  char repro[400], name[64];
  for (int t = 0; t < kt_table_count; t++) {
    const kl_dispatch* table = kt_tables[t];
    kt_repro(repro, sizeof repro, p, kl_isa_name(table->isa));
    kl_conv_plan* plan = NULL;
    const kl_status st = kl_conv_transpose_plan_create_for(table, p, w, bias, &plan);
    KT_CHECK(st == KL_OK, "%s: create", repro);
    if (st != KL_OK) {
      continue;
    }
    snprintf(name, sizeof name, "conv/transpose-gemm/%s", kl_isa_name(table->isa));
    KT_CHECK(strcmp(plan->base.implementation, name) == 0, "%s: implementation %s", repro,
             plan->base.implementation);
    kt_conv_check_threads(plan, xb.data, y, y1, ny, ref, mag, tol, repro);
    plan->base.destroy(&plan->base);
    if ((int32_t)table->isa != kl_isa()) {
      continue;
    }
    /* The public entry points take the active ISA's plan: the same bits. */
    kt_conv_check_public(p, xb.data, nx, w, nw, bias, y, y1, ny, name, repro);
  }
  kt_release(&xb, "x");
  kt_release(&yb, "y");
  kt_release(&wb, "w");
  kt_release(&bb, "bias");
  free(y1);
  free(ref);
  free(mag);
}

static kt_dim kt_random_dim(kt_rng* rng, int64_t max_in) {
  kt_dim a;
  a.in = kt_range(rng, 1, max_in);
  a.k = kt_range(rng, 1, 5);
  a.s = kt_range(rng, 1, 3);
  a.d = kt_range(rng, 1, 2);
  a.p = kt_range(rng, 0, 2);
  const int64_t op_max = (a.s > a.d ? a.s : a.d) - 1;
  a.op = kt_range(rng, 0, op_max);
  return a;
}

int main(void) {
  kl_set_num_threads(3);
  kt_table_count = kt_isa_tables(kt_tables);
  {
    kl_conv_params p = kt_params(1, 2, 2, 1, kt_unit_dim(), kt_unit_dim(), (kt_dim){4, 3, 1, 1, 1, 0});
    p.transposed = 0;
    kl_conv_plan* plan = NULL;
    KT_CHECK(kl_conv_transpose_plan_create(&p, NULL, NULL, &plan) == KL_UNSUPPORTED, "forward");
  }
  static kt_conv_case cases[300];
  int count = 0;
  const kt_dim one = kt_unit_dim();
  /* T1 cut down (several channel blocks and column tiles), and edges. */
  kt_conv_add(cases, &count, kt_params(1, 16, 40, 1, one, (kt_dim){14, 4, 2, 1, 1, 0}, (kt_dim){14, 4, 2, 1, 1, 0}), 1);
  kt_conv_add(cases, &count, kt_params(2, 6, 9, 3, one, (kt_dim){20, 3, 1, 1, 1, 0}, (kt_dim){23, 3, 1, 1, 1, 0}), 1);
  kt_conv_add(cases, &count, kt_params(1, 1, 1, 1, one, one, one), 1);
  kt_conv_add(cases, &count, kt_params(1, 3, 2, 1, one, one, (kt_dim){1, 5, 3, 0, 2, 1}), 0);
  kt_conv_add(cases, &count, kt_params(1, 4, 4, 2, (kt_dim){3, 2, 2, 0, 1, 1}, (kt_dim){4, 3, 2, 1, 1, 1}, (kt_dim){5, 2, 3, 0, 2, 2}), 1);
  kt_conv_add(cases, &count, kt_params(2, 5, 3, 1, one, one, (kt_dim){40, 7, 3, 3, 1, 2}), 1);
  kt_rng rng = {5150};
  while (count < 200) {
    const int rank = (int)kt_range(&rng, 1, 3);
    const int64_t groups = kt_range(&rng, 1, 3);
    const int64_t cin = groups * kt_range(&rng, 1, 4), cout = groups * kt_range(&rng, 1, 4);
    const kt_dim dw = kt_random_dim(&rng, rank == 1 ? 30 : rank == 2 ? 12 : 5);
    const kt_dim dh = rank >= 2 ? kt_random_dim(&rng, rank == 2 ? 12 : 5) : one;
    const kt_dim dd = rank == 3 ? kt_random_dim(&rng, 4) : one;
    kt_conv_add(cases, &count, kt_params(kt_range(&rng, 1, 2), cin, cout, groups, dd, dh, dw),
           (int)kt_range(&rng, 0, 1));
  }
  for (int i = 0; i < count; i++) {
    kt_check_case(&cases[i], &rng);
  }
  printf("%d cases\n", count);
  return kt_report("test_conv_transpose");
}
