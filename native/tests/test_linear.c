/*
 * test_linear.c - Linear, one-shot and planned: y = x W^T + bias bit for bit
 * against a plain loop on small integers across the active configuration's
 * tile and block sizes (guarded buffers, y prefilled with NaN), plans reused
 * across batches and run from several threads at once, results independent of
 * the thread count, plan bookkeeping, and the validation of bad arguments.
 */
#include "test_util.h"

#include <pthread.h>

typedef struct linear_case {
  int64_t batch, in, out;
  int with_bias;
} linear_case;

typedef struct linear_data {
  kt_buffer x, w, bias, y;
  float* want;
  int64_t nonzero;
} linear_data;

/* Integer x, W and bias in guarded buffers, and the exact expected y. */
static linear_data make_data(const linear_case* lc, kt_rng* rng) {
  linear_data d;
  d.x = kt_alloc((size_t)(lc->batch * lc->in) * sizeof(float));
  d.w = kt_alloc((size_t)(lc->out * lc->in) * sizeof(float));
  d.bias = kt_alloc((size_t)lc->out * sizeof(float));
  d.y = kt_alloc((size_t)(lc->batch * lc->out) * sizeof(float));
  d.want = malloc((size_t)(lc->batch * lc->out + 1) * sizeof(float));
  const float* x = d.x.data;
  const float* w = d.w.data;
  const float* bias = d.bias.data;
  kt_fill_int(rng, d.x.data, lc->batch * lc->in, -4, 4);
  kt_fill_int(rng, d.w.data, lc->out * lc->in, -4, 4);
  kt_fill_int(rng, d.bias.data, lc->out, -4, 4);
  d.nonzero = 0;
  for (int64_t b = 0; b < lc->batch; b++) {
    for (int64_t o = 0; o < lc->out; o++) {
      double sum = lc->with_bias ? bias[o] : 0.0;
      for (int64_t i = 0; i < lc->in; i++) {
        sum += (double)x[b * lc->in + i] * w[o * lc->in + i];
      }
      d.want[b * lc->out + o] = (float)sum;
      d.nonzero += sum != 0.0;
    }
  }
  return d;
}

static void free_data(linear_data* d) {
  free(d->want);
  kt_release(&d->x, "x");
  kt_release(&d->w, "weight");
  kt_release(&d->bias, "bias");
  kt_release(&d->y, "y");
}

static void fill_nan(float* p, int64_t n) {
  for (int64_t i = 0; i < n; i++) {
    p[i] = NAN;
  }
}

/* One shape, one-shot and through a plan. Returns the non-zero results. */
static int64_t check_linear_case(const linear_case* lc, kt_rng* rng) {
  linear_data d = make_data(lc, rng);
  const kl_linear_params params = {lc->batch, lc->in, lc->out};
  const float* bias = lc->with_bias ? d.bias.data : NULL;
  const int64_t x_len = lc->batch * lc->in, y_len = lc->batch * lc->out;
  char repro[96];
  snprintf(repro, sizeof repro, "linear_b%lld_in%lld_out%lld_bias%d", (long long)lc->batch,
           (long long)lc->in, (long long)lc->out, lc->with_bias);

  fill_nan(d.y.data, y_len);
  kl_status status = kl_linear_f32(&params, d.x.data, x_len, d.w.data, lc->out * lc->in, bias,
                                   lc->out, d.y.data, y_len);
  KT_CHECK(status == KL_OK, "[%s] one-shot: %s", repro, kl_last_error());
  KT_CHECK(kt_same_f32(d.y.data, d.want, y_len, repro), "one-shot differs from the reference");

  kl_plan* plan = NULL;
  status = kl_linear_plan_create(&params, d.w.data, lc->out * lc->in, bias, lc->out, &plan);
  KT_CHECK(status == KL_OK && plan != NULL, "[%s] plan: %s", repro, kl_last_error());
  if (plan != NULL) {
    fill_nan(d.y.data, y_len);
    status = kl_linear_plan_run(plan, lc->batch, d.x.data, x_len, d.y.data, y_len);
    KT_CHECK(status == KL_OK, "[%s] run: %s", repro, kl_last_error());
    KT_CHECK(kt_same_f32(d.y.data, d.want, y_len, repro), "plan differs from the reference");
    kl_plan_destroy(plan);
  }
  const int64_t nonzero = d.nonzero;
  free_data(&d);
  return nonzero;
}

/* Batches, depths and widths below, at and above the active configuration's
 * mr, kc and nr, with and without bias. */
static void test_shapes(void) {
  const kl_gemm_config* g = &kl_dispatch_active()->gemm;
  const int64_t batches[] = {0, 1, 3, g->mr + 1, 2 * g->mr + 5};
  const int64_t ins[] = {0, 1, 5, g->kc + 3};
  const int64_t outs[] = {1, g->nr - 1, g->nr + 1, 3 * g->nr + 5};
  kt_rng rng = {51};
  int64_t results = 0, nonzero = 0;
  for (size_t b = 0; b < sizeof batches / sizeof batches[0]; b++) {
    for (size_t i = 0; i < sizeof ins / sizeof ins[0]; i++) {
      for (size_t o = 0; o < sizeof outs / sizeof outs[0]; o++) {
        for (int with_bias = 0; with_bias < 2; with_bias++) {
          if (outs[o] < 1) {
            continue; /* nr of 1 */
          }
          const linear_case lc = {batches[b], ins[i], outs[o], with_bias};
          nonzero += check_linear_case(&lc, &rng);
          results += batches[b] * outs[o];
        }
      }
    }
  }
  KT_CHECK(nonzero * 2 > results, "mostly zeros: %lld of %lld results are non-zero",
           (long long)nonzero, (long long)results);
}

/* ---- plans: reuse, bookkeeping, concurrency, thread counts ----------------------- */

static void fill_real(kt_rng* rng, float* p, int64_t n) {
  for (int64_t i = 0; i < n; i++) {
    p[i] = (float)kt_range(rng, -1000000, 1000000) * 1.0e-6f;
  }
}

enum { IN = 300, OUT = 200, BATCH = 70, RUNNERS = 3, RUNS = 10 };

typedef struct runner {
  const kl_plan* plan;
  const float* x;
  const float* want;
  int mismatches;
  int failures;
} runner;

static void* run_plan_repeatedly(void* arg) {
  runner* r = arg;
  float* y = malloc((size_t)(BATCH * OUT) * sizeof(float));
  for (int i = 0; i < RUNS; i++) {
    r->failures += kl_linear_plan_run(r->plan, BATCH, r->x, BATCH * IN, y, BATCH * OUT) != KL_OK;
    r->mismatches += memcmp(y, r->want, (size_t)(BATCH * OUT) * sizeof(float)) != 0;
  }
  free(y);
  return NULL;
}

/* One plan, run with 1 to 3 threads, with a smaller batch, and from several
 * threads at once: always `want`. */
static void check_plan_runs(const kl_plan* plan, const float* x, const float* want, float* y) {
  char expected_name[64];
  snprintf(expected_name, sizeof expected_name, "linear/packed-gemm/%s", kl_isa_name(kl_isa()));
  KT_CHECK(strcmp(kl_plan_implementation(plan), expected_name) == 0, "implementation %s, want %s",
           kl_plan_implementation(plan), expected_name);
  for (int32_t threads = 1; threads <= 3; threads++) {
    char repro[64];
    snprintf(repro, sizeof repro, "linear_plan_b%d_in%d_out%d_threads%d", BATCH, IN, OUT,
             (int)threads);
    kl_set_num_threads(threads);
    KT_CHECK(kl_linear_plan_run(plan, BATCH, x, BATCH * IN, y, BATCH * OUT) == KL_OK, "%s",
             kl_last_error());
    KT_CHECK(kt_same_f32(y, want, BATCH * OUT, repro), "plan result depends on the thread count");
  }
  /* A smaller batch reuses the same plan: its rows equal the first rows. */
  KT_CHECK(kl_linear_plan_run(plan, 2, x, 2 * IN, y, 2 * OUT) == KL_OK, "%s", kl_last_error());
  KT_CHECK(kt_same_f32(y, want, 2 * OUT, "linear_plan_batch2"), "batch 2 differs");

  kl_set_num_threads(2);
  pthread_t threads[RUNNERS];
  runner runners[RUNNERS];
  for (int t = 0; t < RUNNERS; t++) {
    runners[t] = (runner){plan, x, want, 0, 0};
    KT_CHECK(pthread_create(&threads[t], NULL, run_plan_repeatedly, &runners[t]) == 0, "thread");
  }
  for (int t = 0; t < RUNNERS; t++) {
    pthread_join(threads[t], NULL);
    KT_CHECK(runners[t].failures == 0 && runners[t].mismatches == 0,
             "concurrent runs: %d failed, %d differ", runners[t].failures, runners[t].mismatches);
  }
}

/* Real-valued data, so that any change in summation order would show: the
 * plan equals the one-shot call, whatever the thread count, and runs from
 * several threads at once give the same y. */
static void test_plan_behaviour(void) {
  const int32_t saved = kl_get_num_threads();
  kt_rng rng = {61};
  float* x = malloc((size_t)(BATCH * IN) * sizeof(float));
  float* w = malloc((size_t)(OUT * IN) * sizeof(float));
  float* bias = malloc((size_t)OUT * sizeof(float));
  float* want = malloc((size_t)(BATCH * OUT) * sizeof(float));
  float* y = malloc((size_t)(BATCH * OUT) * sizeof(float));
  fill_real(&rng, x, BATCH * IN);
  fill_real(&rng, w, OUT * IN);
  fill_real(&rng, bias, OUT);
  const kl_linear_params params = {BATCH, IN, OUT};
  kl_set_num_threads(1);
  KT_CHECK(
      kl_linear_f32(&params, x, BATCH * IN, w, OUT * IN, bias, OUT, want, BATCH * OUT) == KL_OK,
      "%s", kl_last_error());

  kl_plan* plan = NULL;
  KT_CHECK(kl_linear_plan_create(&params, w, OUT * IN, bias, OUT, &plan) == KL_OK, "%s",
           kl_last_error());
  if (plan != NULL) {
    /* The plan owns copies: the caller's weights and bias may change. */
    fill_nan(w, OUT * IN);
    fill_nan(bias, OUT);
    check_plan_runs(plan, x, want, y);
  }
  kl_plan_destroy(plan);
  kl_plan_destroy(NULL);
  kl_set_num_threads(saved);
  free(x);
  free(w);
  free(bias);
  free(want);
  free(y);
}

/* ---- validation -------------------------------------------------------------------- */

static void expect_invalid(kl_status status, const char* what) {
  KT_CHECK(status == KL_INVALID_ARGUMENT, "%s: status %d", what, (int)status);
  KT_CHECK(kl_last_error()[0] != '\0', "%s: no message", what);
}

static void test_validation(void) {
  float x[2 * 3], w[4 * 3], bias[4], y[2 * 4];
  memset(x, 0, sizeof x);
  memset(w, 0, sizeof w);
  memset(bias, 0, sizeof bias);
  const kl_linear_params ok = {2, 3, 4};
  KT_CHECK(kl_linear_f32(&ok, x, 6, w, 12, bias, 4, y, 8) == KL_OK, "baseline: %s",
           kl_last_error());
  kl_linear_params p;
  expect_invalid(kl_linear_f32(NULL, x, 6, w, 12, bias, 4, y, 8), "NULL params");
  p = ok, p.batch = -1;
  expect_invalid(kl_linear_f32(&p, x, 6, w, 12, bias, 4, y, 8), "batch < 0");
  p = ok, p.in_features = -1;
  expect_invalid(kl_linear_f32(&p, x, 6, w, 12, bias, 4, y, 8), "in_features < 0");
  p = ok, p.out_features = -4;
  expect_invalid(kl_linear_f32(&p, x, 6, w, 12, bias, 4, y, 8), "out_features < 0");
  p = ok, p.in_features = INT64_MAX;
  expect_invalid(kl_linear_f32(&p, x, 6, w, 12, bias, 4, y, 8), "weight size overflows");
  expect_invalid(kl_linear_f32(&ok, x, 5, w, 12, bias, 4, y, 8), "short x");
  expect_invalid(kl_linear_f32(&ok, x, 6, w, 11, bias, 4, y, 8), "short weight");
  expect_invalid(kl_linear_f32(&ok, x, 6, w, 12, bias, 3, y, 8), "short bias");
  expect_invalid(kl_linear_f32(&ok, x, 6, w, 12, bias, 4, y, 7), "short y");
  expect_invalid(kl_linear_f32(&ok, NULL, 6, w, 12, bias, 4, y, 8), "NULL x");
  expect_invalid(kl_linear_f32(&ok, x, 6, NULL, 12, bias, 4, y, 8), "NULL weight");
  expect_invalid(kl_linear_f32(&ok, x, 6, w, 12, bias, 4, NULL, 8), "NULL y");
  expect_invalid(kl_linear_f32(&ok, y, 6, w, 12, bias, 4, y, 8), "y overlaps x");
  expect_invalid(kl_linear_f32(&ok, x, 6, y, 12, bias, 4, y, 8), "y overlaps weight");
  expect_invalid(kl_linear_f32(&ok, x, 6, w, 12, y + 2, 4, y, 8), "y overlaps bias");

  kl_plan* plan = (kl_plan*)&ok; /* must be reset to NULL on failure */
  expect_invalid(kl_linear_plan_create(&ok, w, 11, bias, 4, &plan), "plan: short weight");
  KT_CHECK(plan == NULL, "a failed create must leave NULL");
  expect_invalid(kl_linear_plan_create(NULL, w, 12, bias, 4, &plan), "plan: NULL params");
  expect_invalid(kl_linear_plan_create(&ok, w, 12, bias, 4, NULL), "plan: NULL out pointer");
  expect_invalid(kl_linear_plan_run(NULL, 2, x, 6, y, 8), "run: NULL plan");
  KT_CHECK(strcmp(kl_plan_implementation(NULL), "") == 0, "implementation of NULL");
  KT_CHECK(kl_linear_plan_create(&ok, w, 12, NULL, 0, &plan) == KL_OK, "%s", kl_last_error());
  if (plan != NULL) {
    expect_invalid(kl_linear_plan_run(plan, -1, x, 6, y, 8), "run: batch < 0");
    expect_invalid(kl_linear_plan_run(plan, 2, x, 5, y, 8), "run: short x");
    expect_invalid(kl_linear_plan_run(plan, 2, x, 6, y, 7), "run: short y");
    expect_invalid(kl_linear_plan_run(plan, 2, y, 6, y, 8), "run: y overlaps x");
    KT_CHECK(kl_linear_plan_run(plan, 2, x, 6, y, 8) == KL_OK, "%s", kl_last_error());
    kl_plan_destroy(plan);
  }
}

int main(void) {
  test_shapes();
  test_plan_behaviour();
  test_validation();
  return kt_report("test_linear");
}
