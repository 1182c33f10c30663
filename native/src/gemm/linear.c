/*
 * linear.c - y[batch, out] = x[batch, in] * W^T + bias, W stored [out, in].
 *
 * This is GEMM with B = W^T (B[p][j] = W[j*in + p]). The one-shot call packs
 * B as it goes; a plan packs it once, into the NR panels of its ISA's GEMM
 * configuration, so that a run only packs x. Bias is exact: C starts as the
 * bias rows and the products accumulate onto it.
 */
#include <stdlib.h>
#include <string.h>

#include "gemm/gemm.h"
#include "gemm/pack.h"
#include "plan.h"

typedef struct kl_linear_plan {
  kl_plan base;
  const kl_gemm_config* gemm;
  int64_t in_features, out_features;
  float* packed_w; /* kl_pack_b_matrix layout of W^T */
  float* bias;     /* NULL, or a copy of the out_features values */
} kl_linear_plan;

static const char* const implementation_names[KL_ISA_COUNT] = {
    "linear/packed-gemm/scalar", "linear/packed-gemm/avx2", "linear/packed-gemm/avx512",
    "linear/packed-gemm/neon"};

/* rows * cols, or -1 when it overflows int64 (both are >= 0). */
static int64_t elements(int64_t rows, int64_t cols) {
  return cols != 0 && rows > INT64_MAX / cols ? -1 : rows * cols;
}

static kl_status check_features(const char* fn, const kl_linear_params* params) {
  if (params == NULL) {
    return kl_fail(KL_INVALID_ARGUMENT, "%s: params is NULL", fn);
  }
  if (params->in_features < 0 || params->out_features < 0) {
    return kl_fail(KL_INVALID_ARGUMENT,
                   "%s: in_features = %lld and out_features = %lld must be >= 0", fn,
                   (long long)params->in_features, (long long)params->out_features);
  }
  return KL_OK;
}

/* A rows x cols dense matrix in a buffer of len elements. */
static kl_status check_matrix(const char* fn, const char* name, const float* ptr, int64_t len,
                              int64_t rows, int64_t cols) {
  const int64_t need = elements(rows, cols);
  if (need < 0) {
    return kl_fail(KL_INVALID_ARGUMENT, "%s: %s [%lld, %lld] has more elements than int64 holds",
                   fn, name, (long long)rows, (long long)cols);
  }
  if (len < need) {
    return kl_fail(KL_INVALID_ARGUMENT, "%s: %s holds %lld elements, [%lld, %lld] needs %lld", fn,
                   name, (long long)len, (long long)rows, (long long)cols, (long long)need);
  }
  if (ptr == NULL && need > 0) {
    return kl_fail(KL_INVALID_ARGUMENT, "%s: %s is NULL", fn, name);
  }
  return KL_OK;
}

static kl_status check_weights(const char* fn, const kl_linear_params* params, const float* weight,
                               int64_t weight_len, const float* bias, int64_t bias_len) {
  kl_status status = check_features(fn, params);
  if (status != KL_OK) {
    return status;
  }
  status =
      check_matrix(fn, "weight", weight, weight_len, params->out_features, params->in_features);
  if (status != KL_OK || bias == NULL) {
    return status;
  }
  return check_matrix(fn, "bias", bias, bias_len, 1, params->out_features);
}

/* x [batch, in] and y [batch, out], y not overlapping x. */
static kl_status check_io(const char* fn, int64_t batch, int64_t in, int64_t out, const float* x,
                          int64_t x_len, const float* y, int64_t y_len) {
  if (batch < 0) {
    return kl_fail(KL_INVALID_ARGUMENT, "%s: batch = %lld must be >= 0", fn, (long long)batch);
  }
  kl_status status = check_matrix(fn, "x", x, x_len, batch, in);
  if (status == KL_OK) {
    status = check_matrix(fn, "y", y, y_len, batch, out);
  }
  if (status == KL_OK && kl_ranges_overlap(y, batch * out * (int64_t)sizeof(float), x,
                                           batch * in * (int64_t)sizeof(float))) {
    status = kl_fail(KL_INVALID_ARGUMENT, "%s: y must not overlap x", fn);
  }
  return status;
}

static kl_gemm_problem linear_problem(int64_t batch, int64_t in, int64_t out, const float* x,
                                      const float* bias, float* y) {
  return (kl_gemm_problem){
      .m = batch,
      .n = out,
      .k = in,
      .a = x,
      .a_rs = in,
      .a_cs = 1,
      .bias = bias,
      .c = y,
      .ldc = out,
      .alpha = 1.0f,
      .beta = 0.0f,
  };
}

kl_status kl_linear_f32(const kl_linear_params* params, const float* x, int64_t x_len,
                        const float* weight, int64_t weight_len, const float* bias,
                        int64_t bias_len, float* y, int64_t y_len) {
  static const char fn[] = "linear";
  kl_status status = check_weights(fn, params, weight, weight_len, bias, bias_len);
  if (status != KL_OK) {
    return status;
  }
  const int64_t in = params->in_features, out = params->out_features;
  status = check_io(fn, params->batch, in, out, x, x_len, y, y_len);
  if (status != KL_OK) {
    return status;
  }
  const int64_t y_bytes = params->batch * out * (int64_t)sizeof(float);
  if (kl_ranges_overlap(y, y_bytes, weight, out * in * (int64_t)sizeof(float)) ||
      (bias != NULL && kl_ranges_overlap(y, y_bytes, bias, out * (int64_t)sizeof(float)))) {
    return kl_fail(KL_INVALID_ARGUMENT, "%s: y must not overlap weight or bias", fn);
  }
  kl_gemm_problem pr = linear_problem(params->batch, in, out, x, bias, y);
  pr.b = weight;
  pr.b_rs = 1;
  pr.b_cs = in;
  return kl_gemm_execute(&kl_dispatch_active()->gemm, &pr);
}

static void linear_plan_destroy(kl_plan* base) {
  kl_linear_plan* plan = (kl_linear_plan*)base;
  kl_aligned_free(plan->packed_w);
  kl_aligned_free(plan->bias);
  free(plan);
}

kl_status kl_linear_plan_create(const kl_linear_params* params, const float* weight,
                                int64_t weight_len, const float* bias, int64_t bias_len,
                                kl_plan** out_plan) {
  static const char fn[] = "linear_plan_create";
  if (out_plan == NULL) {
    return kl_fail(KL_INVALID_ARGUMENT, "%s: plan is NULL", fn);
  }
  *out_plan = NULL;
  const kl_status status = check_weights(fn, params, weight, weight_len, bias, bias_len);
  if (status != KL_OK) {
    return status;
  }
  const kl_dispatch* dispatch = kl_dispatch_active();
  const int64_t in = params->in_features, out = params->out_features;
  kl_linear_plan* plan = calloc(1, sizeof *plan);
  if (plan == NULL) {
    return kl_fail(KL_OUT_OF_MEMORY, "%s: out of memory", fn);
  }
  plan->base = (kl_plan){KL_PLAN_LINEAR, linear_plan_destroy, implementation_names[dispatch->isa]};
  plan->gemm = &dispatch->gemm;
  plan->in_features = in;
  plan->out_features = out;
  plan->packed_w =
      kl_aligned_alloc((size_t)kl_packed_b_floats(plan->gemm, in, out) * sizeof(float));
  if (bias != NULL) {
    plan->bias = kl_aligned_alloc((size_t)out * sizeof(float));
  }
  if (plan->packed_w == NULL || (bias != NULL && plan->bias == NULL)) {
    linear_plan_destroy(&plan->base);
    return kl_fail(KL_OUT_OF_MEMORY, "%s: cannot allocate the packed weights of [%lld, %lld]", fn,
                   (long long)out, (long long)in);
  }
  kl_pack_b_matrix(plan->gemm, in, out, weight, 1, in, plan->packed_w);
  if (bias != NULL) {
    memcpy(plan->bias, bias, (size_t)out * sizeof(float));
  }
  *out_plan = &plan->base;
  return KL_OK;
}

kl_status kl_linear_plan_run(const kl_plan* base, int64_t batch, const float* x, int64_t x_len,
                             float* y, int64_t y_len) {
  static const char fn[] = "linear_plan_run";
  if (base == NULL || base->kind != KL_PLAN_LINEAR) {
    return kl_fail(KL_INVALID_ARGUMENT, "%s: plan is %s", fn,
                   base == NULL ? "NULL" : "not a linear plan");
  }
  const kl_linear_plan* plan = (const kl_linear_plan*)base;
  const int64_t in = plan->in_features, out = plan->out_features;
  const kl_status status = check_io(fn, batch, in, out, x, x_len, y, y_len);
  if (status != KL_OK) {
    return status;
  }
  kl_gemm_problem pr = linear_problem(batch, in, out, x, plan->bias, y);
  pr.packed_b = plan->packed_w;
  return kl_gemm_execute(plan->gemm, &pr);
}
