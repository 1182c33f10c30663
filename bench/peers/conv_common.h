/*
 * The convolution cases of the standard suite (shared/BENCH_SUITE.md), shared by the peer
 * programs onednn_conv.c and xnnpack_conv.c: the case table, the suite's FLOP count, random
 * data, a float64 reference convolution (NCHW, PyTorch weight layouts) to check each peer's
 * result, and the timing loop (median over ~10 ms batches after a 0.2 s warm-up, as
 * xnnpack_pool.c and bench/pytorch_suite.py time). Benchmark-only code, never linked into KernelLib.
 */
#ifndef KL_PEERS_CONV_COMMON_H
#define KL_PEERS_CONV_COMMON_H

#include "peer_util.h"

#include <math.h>
#include <string.h>

/* A forward convolution N,C,H,W -> K with an RxR kernel; transposed: ConvTranspose2d with C input
 * and K output channels, weight [C, K/g, R, R] (PyTorch's layouts). Square inputs and kernels, as
 * every suite case has. */
typedef struct {
  const char* id;
  const char* description;
  int transposed;
  int n, c, h, k, r, stride, pad, dil, groups;
} conv_case;

static const conv_case CONV_CASES[] = {
  {"C1", "Conv2d 1,3,224,224 -> 64, 7x7, s2, p3 (ResNet stem)", 0, 1, 3, 224, 64, 7, 2, 3, 1, 1},
  {"C2", "Conv2d 1,64,56,56 -> 64, 3x3, p1", 0, 1, 64, 56, 64, 3, 1, 1, 1, 1},
  {"C3", "Conv2d 1,256,56,56 -> 64, 1x1", 0, 1, 256, 56, 64, 1, 1, 0, 1, 1},
  {"C4", "Conv2d 1,256,14,14 -> 256, 3x3, p1", 0, 1, 256, 14, 256, 3, 1, 1, 1, 1},
  {"C5", "depthwise 1,144,56,56 -> 144, 3x3, p1, g144", 0, 1, 144, 56, 144, 3, 1, 1, 1, 144},
  {"C6", "depthwise 1,96,112,112 -> 96, 3x3, s2, p1, g96", 0, 1, 96, 112, 96, 3, 2, 1, 1, 96},
  {"C7", "grouped 1,128,56,56 -> 128, 3x3, p1, g32", 0, 1, 128, 56, 128, 3, 1, 1, 1, 32},
  {"C8", "dilated 1,64,56,56 -> 64, 3x3, p2, d2", 0, 1, 64, 56, 64, 3, 1, 2, 2, 1},
  {"C9", "C2 with batch 8", 0, 8, 64, 56, 64, 3, 1, 1, 1, 1},
  {"T1", "ConvTranspose2d 1,64,28,28 -> 32, 4x4, s2, p1", 1, 1, 64, 28, 32, 4, 2, 1, 1, 1},
};
enum { CONV_CASE_COUNT = sizeof CONV_CASES / sizeof CONV_CASES[0] };

static int conv_out_size(const conv_case* cc) {
  int span = cc->dil * (cc->r - 1) + 1;
  return cc->transposed ? (cc->h - 1) * cc->stride - 2 * cc->pad + span
                        : (cc->h + 2 * cc->pad - span) / cc->stride + 1;
}

static size_t conv_weight_len(const conv_case* cc) {
  return cc->transposed ? (size_t)cc->c * (cc->k / cc->groups) * cc->r * cc->r
                        : (size_t)cc->k * (cc->c / cc->groups) * cc->r * cc->r;
}

/* The suite's count 2*N*K*(C/g)*R*S*OH*OW; a transposed case counts the forward convolution it
 * transposes (its input is that convolution's output): 2*N*C*(K/g)*R*S*H*W. */
static double conv_flops(const conv_case* cc) {
  double rs = (double)cc->r * cc->r;
  if (cc->transposed) return 2.0 * cc->n * cc->c * (cc->k / cc->groups) * rs * cc->h * cc->h;
  double o = conv_out_size(cc);
  return 2.0 * cc->n * cc->k * (cc->c / cc->groups) * rs * o * o;
}

/* Reference in float64, NCHW: y (N,K,O,O) from x (N,C,H,H), weight in PyTorch's layout, bias[K];
 * mag gets sum |x*w| + |b| per output, the scale of the rounding error a float32 sum may make. */
static void conv_reference(const conv_case* cc, const float* x, const float* w, const float* b, double* y,
                           double* mag) {
  const int n = cc->n, c = cc->c, h = cc->h, k = cc->k, r = cc->r, s = cc->stride, p = cc->pad, d = cc->dil;
  const int g = cc->groups, o = conv_out_size(cc);
  const size_t out_len = (size_t)n * k * o * o;
  for (size_t i = 0; i < out_len; i++) {
    int ch = (int)((i / ((size_t)o * o)) % k);
    y[i] = b[ch];
    mag[i] = fabs(b[ch]);
  }
  if (!cc->transposed) {
    const int cg = c / g, kg = k / g;
    for (int b_ = 0; b_ < n; b_++)
      for (int oc = 0; oc < k; oc++)
        for (int ic = 0; ic < cg; ic++) {
          const int xc = oc / kg * cg + ic;
          for (int ki = 0; ki < r; ki++)
            for (int kj = 0; kj < r; kj++) {
              const double wv = w[(((size_t)oc * cg + ic) * r + ki) * r + kj];
              for (int oy = 0; oy < o; oy++) {
                const int iy = oy * s - p + ki * d;
                if (iy < 0 || iy >= h) continue;
                for (int ox = 0; ox < o; ox++) {
                  const int ix = ox * s - p + kj * d;
                  if (ix < 0 || ix >= h) continue;
                  const double t = wv * x[(((size_t)b_ * c + xc) * h + iy) * h + ix];
                  const size_t at = (((size_t)b_ * k + oc) * o + oy) * o + ox;
                  y[at] += t;
                  mag[at] += fabs(t);
                }
              }
            }
        }
  } else {
    const int cg = c / g, kg = k / g;
    for (int b_ = 0; b_ < n; b_++)
      for (int ic = 0; ic < c; ic++)
        for (int oc_in_group = 0; oc_in_group < kg; oc_in_group++) {
          const int oc = ic / cg * kg + oc_in_group;
          for (int ki = 0; ki < r; ki++)
            for (int kj = 0; kj < r; kj++) {
              const double wv = w[(((size_t)ic * kg + oc_in_group) * r + ki) * r + kj];
              for (int iy = 0; iy < h; iy++) {
                const int oy = iy * s - p + ki * d;
                if (oy < 0 || oy >= o) continue;
                for (int ix = 0; ix < h; ix++) {
                  const int ox = ix * s - p + kj * d;
                  if (ox < 0 || ox >= o) continue;
                  const double t = wv * x[(((size_t)b_ * c + ic) * h + iy) * h + ix];
                  const size_t at = (((size_t)b_ * k + oc) * o + oy) * o + ox;
                  y[at] += t;
                  mag[at] += fabs(t);
                }
              }
            }
        }
  }
}

/* Largest |y - ref| / mag over the outputs (y NCHW); about 1e-7 for a float32 sum, up to
 * sqrt(terms) * 6e-8 or so; above 1e-5 is wrong. */
static double conv_check(const float* y, const double* ref, const double* mag, size_t len) {
  double worst = 0;
  for (size_t i = 0; i < len; i++) {
    double e = fabs((double)y[i] - ref[i]) / (mag[i] > 0 ? mag[i] : 1);
    if (e > worst || isnan(e)) worst = e;
  }
  return worst;
}

/* Median seconds per call of run(ctx) over batches of ~10 ms, after a 0.2 s warm-up; min and max too. */
static double time_calls(void (*run)(void*), void* ctx, double min_time, double* lo, double* hi) {
  int calls = 0;
  double t0 = now_seconds();
  while (now_seconds() - t0 < 0.2 || calls < 3) {
    run(ctx);
    calls++;
  }
  double per_call = (now_seconds() - t0) / calls;
  int batch = per_call > 0.01 ? 1 : (int)(0.01 / per_call);
  enum { MAX_SAMPLES = 100000 };
  static double samples[MAX_SAMPLES];
  int n = 0;
  double start = now_seconds();
  while ((now_seconds() - start < min_time || n < 7) && n < MAX_SAMPLES) {
    double t = now_seconds();
    for (int i = 0; i < batch; i++) run(ctx);
    samples[n++] = (now_seconds() - t) / batch;
  }
  const peer_timing t = peer_summarize(samples, n);
  *lo = t.lo;
  *hi = t.hi;
  return t.median;
}

/* Command line shared by both programs: case ids (default all), --min-time S, --threads N (repeatable). */
typedef struct {
  double min_time;
  const char* only[CONV_CASE_COUNT + 8];
  int n_only;
  int threads[8];
  int n_threads;
} conv_args;

static conv_args conv_parse_args(int argc, char** argv) {
  conv_args a = {.min_time = 0.5};
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--min-time") && i + 1 < argc) a.min_time = atof(argv[++i]);
    else if (!strcmp(argv[i], "--threads") && i + 1 < argc) {
      if (a.n_threads < 8) a.threads[a.n_threads++] = atoi(argv[++i]);
      else ++i;
    } else if (a.n_only < CONV_CASE_COUNT + 8) a.only[a.n_only++] = argv[i];
  }
  return a;
}

static int conv_wanted(const conv_args* a, const conv_case* cc) {
  if (a->n_only == 0) return 1;
  for (int j = 0; j < a->n_only; j++)
    if (!strcmp(a->only[j], cc->id)) return 1;
  return 0;
}

/* Whether any case is selected (case ids of other programs, as ./build.sh peers P1 passes, select none). */
static int conv_any_wanted(const conv_args* a) {
  for (int i = 0; i < CONV_CASE_COUNT; i++)
    if (conv_wanted(a, &CONV_CASES[i])) return 1;
  return 0;
}

static void conv_print_header(void) {
  printf("%-4s %7s %10s %9s %9s %16s  %-9s %s\n", "case", "threads", "median ms", "min ms", "max ms", "rate",
         "check", "description");
}

static void conv_print_row(const conv_case* cc, int threads, double med, double lo, double hi, double err) {
  char check[32];
  snprintf(check, sizeof check, "%s %.0e", err < 1e-5 ? "ok" : "WRONG", err);
  printf("%-4s %7d %10.4f %9.4f %9.4f %8.2f GFLOP/s  %-9s %s\n", cc->id, threads, med * 1e3, lo * 1e3, hi * 1e3,
         conv_flops(cc) / med / 1e9, check, cc->description);
  fflush(stdout);
}

#endif
