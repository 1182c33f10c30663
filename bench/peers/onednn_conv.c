/*
 * oneDNN peer for the convolution cases of the standard suite (shared/BENCH_SUITE.md): C1..C9
 * (convolution forward, inference) and T1 (deconvolution forward). A benchmark-only program: it is
 * never linked into KernelLib. Build and run: see README.md.
 *
 * NCHW in and NCHW out, as KernelLib and PyTorch are called: the primitive is created with
 * format_tag_any, so oneDNN picks its own (blocked) layouts, and the reorders NCHW -> that layout
 * of the input and back of the output run inside the timed call (PyTorch 1.13's mkldnn path does
 * the same). Weights are reordered once, outside the timing, as a KernelLib plan packs them once.
 * Bias included. Algorithm: convolution_auto (oneDNN's choice), deconvolution_direct.
 *
 * Threads: Debian's libdnnl uses OpenMP; each thread count is set with omp_set_num_threads before
 * the primitives are created (OMP_NUM_THREADS=1 gives the same 1-thread figures). Default: 1 and
 * all cores. The implementation oneDNN chose is printed per case (e.g. brg_conv_fwd:avx2).
 *
 * Each result is checked against a float64 reference (conv_common.h) before it is timed.
 */
#include "conv_common.h"

#include <omp.h>

#include <oneapi/dnnl/dnnl.h>

#define CHECK(call) PEER_CHECK(call, dnnl_success)

typedef struct {
  dnnl_stream_t stream;
  dnnl_primitive_t conv, reorder_in, reorder_out; /* a reorder is NULL when the layouts match */
  dnnl_memory_t user_src, src, weights, bias, dst, user_dst;
} timed_call;

static void run(void* p) {
  timed_call* t = p;
  if (t->reorder_in) {
    dnnl_exec_arg_t a[2] = {{DNNL_ARG_FROM, t->user_src}, {DNNL_ARG_TO, t->src}};
    CHECK(dnnl_primitive_execute(t->reorder_in, t->stream, 2, a));
  }
  dnnl_exec_arg_t a[4] = {{DNNL_ARG_SRC, t->src}, {DNNL_ARG_WEIGHTS, t->weights}, {DNNL_ARG_BIAS, t->bias},
                          {DNNL_ARG_DST, t->dst}};
  CHECK(dnnl_primitive_execute(t->conv, t->stream, 4, a));
  if (t->reorder_out) {
    dnnl_exec_arg_t b[2] = {{DNNL_ARG_FROM, t->dst}, {DNNL_ARG_TO, t->user_dst}};
    CHECK(dnnl_primitive_execute(t->reorder_out, t->stream, 2, b));
  }
  CHECK(dnnl_stream_wait(t->stream));
}

static dnnl_memory_desc_t plain(int ndims, const dnnl_dims_t dims, dnnl_format_tag_t tag) {
  dnnl_memory_desc_t md;
  CHECK(dnnl_memory_desc_init_by_tag(&md, ndims, dims, dnnl_f32, tag));
  return md;
}

/* A memory of layout `want`, holding `user` (reordered if the layouts differ); *reorder gets the
 * reorder primitive from `from` to `to` (NULL if none is needed). */
static dnnl_memory_t match(dnnl_engine_t engine, const dnnl_memory_desc_t* from, const dnnl_memory_desc_t* to,
                           dnnl_memory_t user, dnnl_primitive_t* reorder) {
  *reorder = NULL;
  if (dnnl_memory_desc_equal(from, to)) return user;
  dnnl_memory_t m;
  CHECK(dnnl_memory_create(&m, to, engine, DNNL_MEMORY_ALLOCATE));
  dnnl_primitive_desc_t pd;
  CHECK(dnnl_reorder_primitive_desc_create(&pd, from, engine, to, engine, NULL));
  CHECK(dnnl_primitive_create(reorder, pd));
  CHECK(dnnl_primitive_desc_destroy(pd));
  return m;
}

static void run_case(const conv_case* cc, dnnl_engine_t engine, int threads, double min_time) {
  const int n = cc->n, c = cc->c, h = cc->h, k = cc->k, r = cc->r, g = cc->groups, o = conv_out_size(cc);
  const size_t in_len = (size_t)n * c * h * h, out_len = (size_t)n * k * o * o, w_len = conv_weight_len(cc);
  float* x = alloc_or_die(in_len * sizeof(float));
  float* w = alloc_or_die(w_len * sizeof(float));
  float* b = alloc_or_die((size_t)k * sizeof(float));
  float* y = alloc_or_die(out_len * sizeof(float));
  double* ref = alloc_or_die(out_len * sizeof(double));
  double* mag = alloc_or_die(out_len * sizeof(double));
  fill_random(x, in_len, 1);
  fill_random(w, w_len, 2);
  fill_random(b, (size_t)k, 3);
  conv_reference(cc, x, w, b, ref, mag);

  dnnl_dims_t src_dims = {n, c, h, h}, dst_dims = {n, k, o, o}, bias_dims = {k};
  dnnl_dims_t strides = {cc->stride, cc->stride}, dilates = {cc->dil - 1, cc->dil - 1}, pad = {cc->pad, cc->pad};
  /* PyTorch's weight layouts: conv [K, C/g, R, S] = goihw; transposed [C, K/g, R, S] = giohw
   * (oneDNN's deconvolution "o" is its output channels, K). Without groups: oihw / iohw. */
  dnnl_memory_desc_t user_src = plain(4, src_dims, dnnl_nchw), user_dst = plain(4, dst_dims, dnnl_nchw);
  dnnl_memory_desc_t bias_md = plain(1, bias_dims, dnnl_x), user_w;
  if (g == 1) {
    dnnl_dims_t wd = {k, c, r, r};
    user_w = plain(4, wd, cc->transposed ? dnnl_iohw : dnnl_oihw);
  } else {
    dnnl_dims_t wd = {g, k / g, c / g, r, r};
    user_w = plain(5, wd, cc->transposed ? dnnl_giohw : dnnl_goihw);
  }
  dnnl_memory_desc_t any_src = plain(4, src_dims, dnnl_format_tag_any);
  dnnl_memory_desc_t any_dst = plain(4, dst_dims, dnnl_format_tag_any);
  dnnl_memory_desc_t any_w;
  CHECK(dnnl_memory_desc_init_by_tag(&any_w, user_w.ndims, user_w.dims, dnnl_f32, dnnl_format_tag_any));

  dnnl_primitive_desc_t pd;
  if (cc->transposed) {
    dnnl_deconvolution_desc_t d;
    CHECK(dnnl_dilated_deconvolution_forward_desc_init(&d, dnnl_forward_inference, dnnl_deconvolution_direct,
                                                       &any_src, &any_w, &bias_md, &any_dst, strides, dilates, pad,
                                                       pad));
    CHECK(dnnl_primitive_desc_create(&pd, &d, NULL, engine, NULL));
  } else {
    dnnl_convolution_desc_t d;
    CHECK(dnnl_dilated_convolution_forward_desc_init(&d, dnnl_forward_inference, dnnl_convolution_auto, &any_src,
                                                     &any_w, &bias_md, &any_dst, strides, dilates, pad, pad));
    CHECK(dnnl_primitive_desc_create(&pd, &d, NULL, engine, NULL));
  }
  const char* impl = "?";
  CHECK(dnnl_primitive_desc_query(pd, dnnl_query_impl_info_str, 0, &impl));

  timed_call t = {0};
  CHECK(dnnl_stream_create(&t.stream, engine, dnnl_stream_default_flags));
  CHECK(dnnl_primitive_create(&t.conv, pd));
  CHECK(dnnl_memory_create(&t.user_src, &user_src, engine, x));
  CHECK(dnnl_memory_create(&t.user_dst, &user_dst, engine, y));
  CHECK(dnnl_memory_create(&t.bias, &bias_md, engine, b));
  dnnl_memory_t user_weights;
  CHECK(dnnl_memory_create(&user_weights, &user_w, engine, w));
  t.src = match(engine, &user_src, dnnl_primitive_desc_query_md(pd, dnnl_query_src_md, 0), t.user_src,
                &t.reorder_in);
  dnnl_primitive_t reorder_w;
  t.weights = match(engine, &user_w, dnnl_primitive_desc_query_md(pd, dnnl_query_weights_md, 0), user_weights,
                    &reorder_w);
  if (reorder_w) { /* once, untimed: the packed weights a plan keeps */
    dnnl_exec_arg_t a[2] = {{DNNL_ARG_FROM, user_weights}, {DNNL_ARG_TO, t.weights}};
    CHECK(dnnl_primitive_execute(reorder_w, t.stream, 2, a));
    CHECK(dnnl_stream_wait(t.stream));
  }
  /* The output: the primitive's layout, then reordered into the user's NCHW buffer. */
  const dnnl_memory_desc_t* dst_md = dnnl_primitive_desc_query_md(pd, dnnl_query_dst_md, 0);
  if (dnnl_memory_desc_equal(dst_md, &user_dst)) {
    t.dst = t.user_dst;
  } else {
    CHECK(dnnl_memory_create(&t.dst, dst_md, engine, DNNL_MEMORY_ALLOCATE));
    dnnl_primitive_desc_t rpd;
    CHECK(dnnl_reorder_primitive_desc_create(&rpd, dst_md, engine, &user_dst, engine, NULL));
    CHECK(dnnl_primitive_create(&t.reorder_out, rpd));
    CHECK(dnnl_primitive_desc_destroy(rpd));
  }

  memset(y, 0, out_len * sizeof(float));
  run(&t);
  double err = conv_check(y, ref, mag, out_len);
  double lo, hi, med = time_calls(run, &t, min_time, &lo, &hi);
  conv_print_row(cc, threads, med, lo, hi, err);
  printf("       oneDNN implementation: %s; input reorder %s, output reorder %s, weights packed once\n", impl,
         t.reorder_in ? "timed" : "none needed", t.reorder_out ? "timed" : "none needed");

  dnnl_primitive_t prims[] = {t.conv, t.reorder_in, t.reorder_out, reorder_w};
  for (size_t i = 0; i < sizeof prims / sizeof prims[0]; i++)
    if (prims[i]) dnnl_primitive_destroy(prims[i]);
  dnnl_memory_t mems[] = {t.user_src, t.src, t.weights, user_weights, t.bias, t.dst, t.user_dst};
  for (size_t i = 0; i < sizeof mems / sizeof mems[0]; i++) {
    int seen = 0; /* a memory may serve twice (user_src == src when no reorder) */
    for (size_t j = 0; j < i; j++) seen |= mems[j] == mems[i];
    if (!seen) dnnl_memory_destroy(mems[i]);
  }
  dnnl_primitive_desc_destroy(pd);
  dnnl_stream_destroy(t.stream);
  free(x); free(w); free(b); free(y); free(ref); free(mag);
}

int main(int argc, char** argv) {
  conv_args a = conv_parse_args(argc, argv);
  if (!conv_any_wanted(&a)) return 0;
  if (a.n_threads == 0) {
    a.threads[a.n_threads++] = 1;
    if (omp_get_num_procs() > 1) a.threads[a.n_threads++] = omp_get_num_procs();
  }
  dnnl_engine_t engine;
  CHECK(dnnl_engine_create(&engine, dnnl_cpu, 0));
  const dnnl_version_t* v = dnnl_version();
  printf("oneDNN %d.%d.%d (Debian libdnnl), NCHW in and out, input/output reorders timed, weights packed once; "
         "OpenMP threads:", v->major, v->minor, v->patch);
  for (int i = 0; i < a.n_threads; i++) printf(" %d", a.threads[i]);
  printf("\n");
  conv_print_header();
  for (int t = 0; t < a.n_threads; t++) {
    omp_set_num_threads(a.threads[t]);
    for (int i = 0; i < CONV_CASE_COUNT; i++)
      if (conv_wanted(&a, &CONV_CASES[i])) run_case(&CONV_CASES[i], engine, a.threads[t], a.min_time);
  }
  dnnl_engine_destroy(engine);
  return 0;
}
