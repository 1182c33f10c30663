/*
 * XNNPACK peer for the convolution cases of the standard suite (shared/BENCH_SUITE.md): C1..C9
 * with xnn_create_convolution2d_nhwc_f32 (XNNPACK picks its depthwise microkernels for C5/C6,
 * groups == channels with one channel per group, and GEMM/IGEMM for the others) and T1 with
 * xnn_create_deconvolution2d_nhwc_f32. A benchmark-only program: it is never linked into
 * KernelLib. Build and run: see README.md.
 *
 * XNNPACK works in NHWC (its only layout); the tensors hold the suite's N,C,H,W sizes in that
 * layout and the weights in XNNPACK's [groups][out/g][R][S][in/g] order. The operator is created
 * (weights packed) and set up once, as an XNNPACK user does; only xnn_run_operator is timed, with
 * no layout conversion: KernelLib and PyTorch run NCHW, so this is XNNPACK at its best. Bias
 * included. Threads: 1 = no pthreadpool (NULL, XNNPACK's single-threaded path); N = a pthreadpool
 * of N threads. Default: 1 and all cores. The installed XNNPACK is Debian's 2022-02 snapshot (the
 * create/setup API, no reshape step).
 *
 * Each result is checked against a float64 reference (conv_common.h) before it is timed.
 */
#include "conv_common.h"

#include <unistd.h>

#include <pthreadpool.h>
#include <xnnpack.h>

#define CHECK(call) PEER_CHECK(call, xnn_status_success)

typedef struct {
  xnn_operator_t op;
  pthreadpool_t pool;
} timed_call;

static void run(void* p) {
  timed_call* t = p;
  CHECK(xnn_run_operator(t->op, t->pool));
}

static void run_case(const conv_case* cc, pthreadpool_t pool, int threads, double min_time) {
  const int n = cc->n, c = cc->c, h = cc->h, k = cc->k, r = cc->r, g = cc->groups, o = conv_out_size(cc);
  const int s = cc->stride, p = cc->pad, d = cc->dil;
  const size_t in_len = (size_t)n * c * h * h, out_len = (size_t)n * k * o * o, w_len = conv_weight_len(cc);
  float* x = alloc_or_die(in_len * sizeof(float));
  float* w = alloc_or_die(w_len * sizeof(float));
  float* b = alloc_or_die((size_t)k * sizeof(float));
  double* ref = alloc_or_die(out_len * sizeof(double));
  double* mag = alloc_or_die(out_len * sizeof(double));
  fill_random(x, in_len, 1);
  fill_random(w, w_len, 2);
  fill_random(b, (size_t)k, 3);
  conv_reference(cc, x, w, b, ref, mag);

  /* NCHW -> NHWC input; PyTorch weights -> [g][K/g][R][S][C/g]. */
  float* x_nhwc = alloc_or_die(in_len * sizeof(float) + XNN_EXTRA_BYTES);
  float* y_nhwc = alloc_or_die(out_len * sizeof(float));
  float* y = alloc_or_die(out_len * sizeof(float));
  float* w_x = alloc_or_die(w_len * sizeof(float));
  for (int b_ = 0; b_ < n; b_++)
    for (int ch = 0; ch < c; ch++)
      for (int i = 0; i < h * h; i++)
        x_nhwc[((size_t)b_ * h * h + i) * c + ch] = x[((size_t)b_ * c + ch) * h * h + i];
  const int cg = c / g, kg = k / g;
  for (int grp = 0; grp < g; grp++)
    for (int oc = 0; oc < kg; oc++)
      for (int ic = 0; ic < cg; ic++)
        for (int t = 0; t < r * r; t++) {
          /* conv weight [K][C/g][R][S]; transposed [C][K/g][R][S] (C = its input channels) */
          size_t from = cc->transposed ? (((size_t)(grp * cg + ic) * kg + oc) * r * r + t)
                                       : (((size_t)(grp * kg + oc) * cg + ic) * r * r + t);
          w_x[(((size_t)grp * kg + oc) * r * r + t) * cg + ic] = w[from];
        }

  timed_call tc = {NULL, pool};
  if (cc->transposed) {
    CHECK(xnn_create_deconvolution2d_nhwc_f32(p, p, p, p, r, r, s, s, d, d, g, cg, kg, c, k, w_x, b, -INFINITY,
                                              INFINITY, 0, &tc.op));
    CHECK(xnn_setup_deconvolution2d_nhwc_f32(tc.op, n, h, h, 0, 0, x_nhwc, y_nhwc, pool));
  } else {
    CHECK(xnn_create_convolution2d_nhwc_f32(p, p, p, p, r, r, s, s, d, d, g, cg, kg, c, k, w_x, b, -INFINITY,
                                            INFINITY, 0, &tc.op));
    CHECK(xnn_setup_convolution2d_nhwc_f32(tc.op, n, h, h, x_nhwc, y_nhwc, pool));
  }
  run(&tc);
  for (int b_ = 0; b_ < n; b_++)
    for (int ch = 0; ch < k; ch++)
      for (int i = 0; i < o * o; i++)
        y[((size_t)b_ * k + ch) * o * o + i] = y_nhwc[((size_t)b_ * o * o + i) * k + ch];
  double err = conv_check(y, ref, mag, out_len);
  double lo, hi, med = time_calls(run, &tc, min_time, &lo, &hi);
  conv_print_row(cc, threads, med, lo, hi, err);
  xnn_delete_operator(tc.op);
  free(x); free(w); free(b); free(ref); free(mag); free(x_nhwc); free(y_nhwc); free(y); free(w_x);
}

int main(int argc, char** argv) {
  conv_args a = conv_parse_args(argc, argv);
  if (!conv_any_wanted(&a)) return 0;
  int cores = (int)sysconf(_SC_NPROCESSORS_ONLN);
  if (a.n_threads == 0) {
    a.threads[a.n_threads++] = 1;
    if (cores > 1) a.threads[a.n_threads++] = cores;
  }
  CHECK(xnn_initialize(NULL));
  printf("XNNPACK (Debian libxnnpack 0.0~git20220216), NHWC, op created once, xnn_run_operator timed; threads:");
  for (int i = 0; i < a.n_threads; i++) printf(" %d", a.threads[i]);
  printf(" (1 = no pthreadpool)\n");
  conv_print_header();
  for (int t = 0; t < a.n_threads; t++) {
    pthreadpool_t pool = a.threads[t] > 1 ? pthreadpool_create((size_t)a.threads[t]) : NULL;
    for (int i = 0; i < CONV_CASE_COUNT; i++)
      if (conv_wanted(&a, &CONV_CASES[i])) run_case(&CONV_CASES[i], pool, a.threads[t], a.min_time);
    if (pool) pthreadpool_destroy(pool);
  }
  xnn_deinitialize();
  return 0;
}
