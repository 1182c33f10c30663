/*
 * XNNPACK peer for the pooling cases of the standard suite (shared/BENCH_SUITE.md).
 * A benchmark-only program: it is never linked into KernelLib. Build and run: see README.md.
 *
 *   P1  MaxPool2d k3 s2 p1 on 1,64,112,112        xnn_create_max_pooling2d_nhwc_f32
 *   P2  MaxPool2d k2 s2 on 1,64,224,224           xnn_create_max_pooling2d_nhwc_f32
 *   P3  AvgPool2d k3 s1 p1, count_include_pad=False, on 1,256,28,28
 *                                                 xnn_create_average_pooling2d_nhwc_f32
 *   P4  AdaptiveAvgPool2d(1) on 8,2048,7,7        xnn_create_global_average_pooling_nwc_f32
 *   P5  (extra) MaxPool2d k2 s2 with indices + MaxUnpool2d on 1,64,112,112
 *                                                 xnn_create_argmax_pooling2d_nhwc_f32 +
 *                                                 xnn_create_unpooling2d_nhwc_x32
 *
 * XNNPACK works in NHWC (channels innermost); the tensors here hold the same N,C,H,W sizes as
 * the suite in that layout. The operator is created and set up once (as an XNNPACK user does);
 * only xnn_run_operator is timed. Each case runs with a pthreadpool of 1 thread and one of all
 * cores (pthreadpool_create(0)), or of the counts given with --threads N (repeatable).
 *
 * Work counted (the suite's formula, the same as bench/Suite.cs and bench/pytorch_suite.py):
 * bytes = input read once + output written once, 4 bytes a float. P5 counts both ops' inputs
 * and outputs with 8-byte (int64) indices, as KernelLib and PyTorch move them; XNNPACK's argmax
 * pooling writes uint32 indices (the tap within the window, not the position in the plane), so
 * it really moves fewer bytes than the formula credits it with.
 *
 * With --paired, KernelLib runs each 1-thread case too (NCHW, the same values; kernellib_pool.h),
 * in ~10 ms batches alternating with XNNPACK's in this process, and a second line gives its times
 * and the median over the pairs of XNNPACK's time / KernelLib's (quartiles in brackets): on a
 * shared machine the conditions swing between two programs run one after the other, not within a
 * pair. Multi-threaded cases are not paired: a pool's workers spin for a while after each run
 * and would take the other library's cores.
 *
 * Each result is checked against a plain reference loop before timing (max |diff| printed).
 * For P3 the program also reports which average XNNPACK computes: divided by the count of
 * in-input taps (PyTorch count_include_pad=False) or by k*k (count_include_pad=True).
 */
#include "peer_util.h"

#include <math.h>
#include <string.h>

#include <pthreadpool.h>
#include <xnnpack.h>

#include "kernellib_pool.h"

#define CHECK(call) PEER_CHECK(call, xnn_status_success)

/* Room for the XNN_EXTRA_BYTES XNNPACK may read (never use) past an input's end. */
_Static_assert(XNN_EXTRA_BYTES <= 64, "alloc_or_die's slack");

static float* alloc_floats(size_t n) { return alloc_or_die(n * sizeof(float)); }

/* The two operators a case runs (the second is NULL except for P5). */
typedef struct {
  xnn_operator_t op[2];
} ops;

static void run_ops(const ops* o, pthreadpool_t pool) {
  for (int k = 0; k < 2 && o->op[k]; k++) CHECK(xnn_run_operator(o->op[k], pool));
}

/* Seconds per run over batches of runs, each about 10 ms, after a 0.2 s warm-up. With a
 * KernelLib side (--paired), each XNNPACK batch is paired with a KernelLib batch, the first of
 * the two alternating, and ratio gets the quartiles of XNNPACK's time / KernelLib's per pair. */
static void time_ops(const ops* o, pthreadpool_t pool, const kl_side* side, double min_time,
                     peer_timing* xnn, peer_timing* kl, double ratio[3]) {
  int calls = 0;
  double t0 = now_seconds();
  while (now_seconds() - t0 < 0.2 || calls < 3) {
    run_ops(o, pool);
    if (side) kl_side_run(side);
    calls++;
  }
  double per_call = (now_seconds() - t0) / calls / (side ? 2 : 1);
  int batch = per_call > 0.01 ? 1 : (int)(0.01 / per_call);
  enum { MAX_SAMPLES = 100000 };
  static double xs[MAX_SAMPLES], ks[MAX_SAMPLES], rs[MAX_SAMPLES];
  int n = 0;
  double start = now_seconds();
  while ((now_seconds() - start < min_time || n < 7) && n < MAX_SAMPLES) {
    for (int turn = 0; turn < (side ? 2 : 1); turn++) {
      double t = now_seconds();
      if ((turn + n) % 2 == 0 || !side) {
        for (int b = 0; b < batch; b++) run_ops(o, pool);
        xs[n] = (now_seconds() - t) / batch;
      } else {
        for (int b = 0; b < batch; b++) kl_side_run(side);
        ks[n] = (now_seconds() - t) / batch;
      }
    }
    if (side) rs[n] = xs[n] / ks[n];
    n++;
  }
  *xnn = peer_summarize(xs, n);
  if (side) {
    *kl = peer_summarize(ks, n);
    ratio[1] = peer_summarize(rs, n).median; /* sorts rs */
    ratio[0] = rs[n / 4];
    ratio[2] = rs[3 * n / 4];
  }
}

/* Reference NHWC pooling of one image: kind 'm' max, 'a' average over in-input taps
 * (count_include_pad=False), 'A' average over k*k (count_include_pad=True). */
static void ref_pool(char kind, const float* x, float* y, int n, int h, int w, int c, int k, int s,
                     int p, int oh, int ow) {
  for (int b = 0; b < n; b++)
    for (int i = 0; i < oh; i++)
      for (int j = 0; j < ow; j++)
        for (int ch = 0; ch < c; ch++) {
          float acc = kind == 'm' ? -INFINITY : 0.0f;
          int count = 0;
          for (int ki = 0; ki < k; ki++)
            for (int kj = 0; kj < k; kj++) {
              int ih = i * s - p + ki, iw = j * s - p + kj;
              if (ih < 0 || ih >= h || iw < 0 || iw >= w) continue;
              float v = x[(((size_t)b * h + ih) * w + iw) * c + ch];
              acc = kind == 'm' ? (v > acc ? v : acc) : acc + v;
              count++;
            }
          if (kind == 'a') acc /= (float)count;
          if (kind == 'A') acc /= (float)(k * k);
          y[(((size_t)b * oh + i) * ow + j) * c + ch] = acc;
        }
}

static double max_abs_diff(const float* a, const float* b, size_t n) {
  double m = 0;
  for (size_t i = 0; i < n; i++) {
    double d = fabs((double)a[i] - (double)b[i]);
    if (d > m || isnan(d)) m = d;
  }
  return m;
}

typedef struct {
  const char* id;
  const char* description;
  char kind;  /* 'm' max, 'a' average excluding padding, 'g' global average, 'u' max+unpool */
  int n, c, h, k, s, p;
} pool_case;

static const pool_case CASES[] = {
  {"P1", "MaxPool2d k3 s2 p1 on 1,64,112,112", 'm', 1, 64, 112, 3, 2, 1},
  {"P2", "MaxPool2d k2 s2 on 1,64,224,224", 'm', 1, 64, 224, 2, 2, 0},
  {"P3", "AvgPool2d k3 s1 p1 count_include_pad=False on 1,256,28,28", 'a', 1, 256, 28, 3, 1, 1},
  {"P4", "AdaptiveAvgPool2d(1) on 8,2048,7,7", 'g', 8, 2048, 7, 7, 7, 0},
  {"P5", "MaxPool2d k2 s2 +indices, MaxUnpool2d on 1,64,112,112 (extra)", 'u', 1, 64, 112, 2, 2, 0},
};

static void run_case(const pool_case* pc, pthreadpool_t pool, size_t threads, double min_time,
                     int paired) {
  const int n = pc->n, c = pc->c, h = pc->h, w = pc->h, k = pc->k, s = pc->s, p = pc->p;
  const int oh = (h + 2 * p - k) / s + 1, ow = oh;
  const size_t in_len = (size_t)n * h * w * c, out_len = (size_t)n * oh * ow * c;
  float* x = alloc_floats(in_len);
  float* y = alloc_floats(out_len);
  float* expect = alloc_floats(out_len);
  float* z = NULL;
  uint32_t* index = NULL;
  fill_random(x, in_len, 1);
  ops o = {{NULL, NULL}};
  double bytes = 4.0 * (in_len + out_len);
  double err = 0;
  const char* note = "";
  static char note_buf[256];

  switch (pc->kind) {
    case 'm':
      CHECK(xnn_create_max_pooling2d_nhwc_f32(p, p, p, p, k, k, s, s, 1, 1, c, c, c, -INFINITY,
                                              INFINITY, 0, &o.op[0]));
      CHECK(xnn_setup_max_pooling2d_nhwc_f32(o.op[0], n, h, w, x, y, pool));
      CHECK(xnn_run_operator(o.op[0], pool));
      ref_pool('m', x, expect, n, h, w, c, k, s, p, oh, ow);
      err = max_abs_diff(y, expect, out_len);
      break;
    case 'a': {
      CHECK(xnn_create_average_pooling2d_nhwc_f32(p, p, p, p, k, k, s, s, c, c, c, -INFINITY,
                                                  INFINITY, 0, &o.op[0]));
      CHECK(xnn_setup_average_pooling2d_nhwc_f32(o.op[0], n, h, w, x, y, pool));
      CHECK(xnn_run_operator(o.op[0], pool));
      ref_pool('a', x, expect, n, h, w, c, k, s, p, oh, ow);
      err = max_abs_diff(y, expect, out_len);
      float* incl = alloc_floats(out_len);
      ref_pool('A', x, incl, n, h, w, c, k, s, p, oh, ow);
      double err_incl = max_abs_diff(y, incl, out_len);
      free(incl);
      snprintf(note_buf, sizeof note_buf,
               "XNNPACK divides by the in-input tap count (= count_include_pad=False) %s: "
               "max|diff| vs exclude-pad %.2g, vs include-pad %.2g",
               err < 1e-5 && err_incl > 1e-3 ? "yes" : "NO", err, err_incl);
      note = note_buf;
      break;
    }
    case 'g':
      /* global average over the H*W "width" of an NWC tensor: batch n, width h*w. */
      CHECK(xnn_create_global_average_pooling_nwc_f32(c, c, c, -INFINITY, INFINITY, 0, &o.op[0]));
      CHECK(xnn_setup_global_average_pooling_nwc_f32(o.op[0], n, (size_t)h * w, x, y, pool));
      CHECK(xnn_run_operator(o.op[0], pool));
      ref_pool('a', x, expect, n, h, w, c, k, s, p, oh, ow);
      err = max_abs_diff(y, expect, out_len);
      break;
    case 'u': {
      /* argmax pooling: stride = kernel, no dilation; index = tap within the window (uint32). */
      index = malloc(out_len * sizeof(uint32_t) + XNN_EXTRA_BYTES);
      z = alloc_floats(in_len);
      CHECK(xnn_create_argmax_pooling2d_nhwc_f32(p, p, p, p, k, k, c, c, c, 0, &o.op[0]));
      CHECK(xnn_setup_argmax_pooling2d_nhwc_f32(o.op[0], n, h, w, x, y, index, pool));
      CHECK(xnn_create_unpooling2d_nhwc_x32(p, p, p, p, k, k, c, c, c, 0, &o.op[1]));
      CHECK(xnn_setup_unpooling2d_nhwc_x32(o.op[1], n, oh, ow, y, index, z, pool));
      CHECK(xnn_run_operator(o.op[0], pool));
      CHECK(xnn_run_operator(o.op[1], pool));
      ref_pool('m', x, expect, n, h, w, c, k, s, p, oh, ow);
      err = max_abs_diff(y, expect, out_len);
      /* z must hold each max at its place and 0 elsewhere (random data: no ties). */
      size_t kept = 0;
      for (size_t i = 0; i < in_len; i++) kept += z[i] != 0.0f;
      if (kept != out_len) err = INFINITY;
      bytes = 4.0 * (2 * in_len + 2 * out_len) + 8.0 * 2 * out_len;
      note = "indices are uint32 window taps in XNNPACK; bytes counted as int64 (suite formula)";
      break;
    }
  }

  kl_side side = {0};
  double kl_err = 0;
  if (paired) {
    side = kl_side_create(pc->kind, n, c, h, k, s, p, x);
    kl_side_check(kl_set_num_threads((int32_t)threads));
    kl_side_run(&side);
    kl_err = kl_side_error(&side, expect, n, c);
  }
  peer_timing xt, kt = {0};
  double ratio[3] = {0};
  time_ops(&o, pool, paired ? &side : NULL, min_time, &xt, &kt, ratio);
  printf("%-4s %7zu %10.4f %9.4f %9.4f %8.2f GB/s  %-9s %s%s%s\n", pc->id, threads, xt.median * 1e3,
         xt.lo * 1e3, xt.hi * 1e3, bytes / xt.median / 1e9,
         err == 0 ? "exact" : (err < 1e-5 ? "ok" : "WRONG"), pc->description,
         *note ? "\n       note: " : "", note);
  if (paired) {
    printf("  KernelLib %2zu %10.4f %9.4f %9.4f %8.2f GB/s  %-9s paired: XNNPACK/KernelLib time "
           "%.3f [%.3f, %.3f]\n",
           threads, kt.median * 1e3, kt.lo * 1e3, kt.hi * 1e3, bytes / kt.median / 1e9,
           kl_err == 0 ? "exact" : (kl_err < 1e-5 ? "ok" : "WRONG"), ratio[1], ratio[0], ratio[2]);
    kl_side_free(&side);
  }
  fflush(stdout);
  for (int i = 0; i < 2; i++)
    if (o.op[i]) xnn_delete_operator(o.op[i]);
  free(x); free(y); free(expect); free(z); free(index);
}

static int wanted(const char* const* only, int n_only, const char* id) {
  int yes = n_only == 0;
  for (int j = 0; j < n_only; j++) yes |= !strcmp(only[j], id);
  return yes;
}

int main(int argc, char** argv) {
  double min_time = 0.5;
  int paired = 0;
  const char* only[16];
  int n_only = 0;
  size_t threads[8];
  int n_threads = 0;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--min-time") && i + 1 < argc) min_time = atof(argv[++i]);
    else if (!strcmp(argv[i], "--paired")) paired = 1;
    else if (!strcmp(argv[i], "--threads") && i + 1 < argc) {
      int t = atoi(argv[++i]);
      if (n_threads < 8 && t > 0) threads[n_threads++] = (size_t)t;
    } else if (n_only < 16) only[n_only++] = argv[i];
  }
  int any = 0; /* case ids of other programs (./build.sh peers C1 ...) select nothing here */
  for (size_t i = 0; i < sizeof CASES / sizeof CASES[0]; i++) any |= wanted(only, n_only, CASES[i].id);
  if (!any) return 0;
  CHECK(xnn_initialize(NULL));
  if (n_threads == 0) {
    pthreadpool_t all_cores = pthreadpool_create(0);
    size_t cores = pthreadpool_get_threads_count(all_cores);
    pthreadpool_destroy(all_cores);
    threads[n_threads++] = 1;
    if (cores > 1) threads[n_threads++] = cores;
  }
  printf("XNNPACK (Debian libxnnpack 0.0~git20220216), NHWC, op created once, xnn_run_operator timed; "
         "pthreadpool threads:");
  for (int t = 0; t < n_threads; t++) printf(" %zu", threads[t]);
  printf("\n%-4s %7s %10s %9s %9s %13s  %-9s %s\n", "case", "threads", "median ms", "min ms", "max ms",
         "rate", "check", "description");
  for (int t = 0; t < n_threads; t++) {
    pthreadpool_t pool = pthreadpool_create(threads[t]);
    for (size_t i = 0; i < sizeof CASES / sizeof CASES[0]; i++)
      if (wanted(only, n_only, CASES[i].id))
        run_case(&CASES[i], pool, pthreadpool_get_threads_count(pool), min_time,
                 paired && threads[t] == 1);
    pthreadpool_destroy(pool);
  }
  xnn_deinitialize();
  return 0;
}
