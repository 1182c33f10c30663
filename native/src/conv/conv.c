/*
 * conv.c - the convolution operator: validates, turns a padding mode other
 * than zeros into a padded copy of the input (so every algorithm sees zero
 * padding), picks the first algorithm that takes the problem, and runs it on
 * the caller's workspace, carved into a shared block and one slice per thread.
 *
 * Algorithms, fastest first: transposed convolution (the only one for
 * transposed problems), depthwise, 1x1 on the GEMM, implicit GEMM (takes
 * every forward problem).
 */
#include <stdint.h>
#include <stdlib.h>

#include "conv/conv-pad.h"
#include "conv/conv-params.h"
#include "conv/conv-plan.h"

#define KL_CONV_ALIGN 64
/* The thread pool's limit: slices are tracked on the stack. */
#define KL_CONV_MAX_SLICES 1024

/* What the caller holds: its own parameters and the algorithm's plan. */
typedef struct kl_conv_op {
  kl_plan base;
  kl_conv_params params;
  kl_conv_plan* algo;
  int64_t padded_bytes; /* the padded copy (padding_mode != zeros), first in the shared block */
  int64_t shared_bytes; /* padded copy + the algorithm's shared block, 64-byte multiples */
  int64_t slice_bytes;  /* the algorithm's per-thread block, a 64-byte multiple */
} kl_conv_op;

static int64_t align_up(int64_t bytes) {
  return (bytes + KL_CONV_ALIGN - 1) / KL_CONV_ALIGN * KL_CONV_ALIGN;
}

static void op_destroy(kl_plan* base) {
  kl_conv_op* op = (kl_conv_op*)base;
  if (op->algo != NULL) {
    op->algo->base.destroy(&op->algo->base);
  }
  free(op);
}

typedef kl_status (*kl_conv_create_fn)(const kl_conv_params*, const float*, const float*,
                                       kl_conv_plan**);

/* The first algorithm that takes `p` (zero padding). */
static kl_status create_algorithm(const kl_conv_params* p, const float* weight, const float* bias,
                                  kl_conv_plan** algo) {
  if (p->transposed) {
    const kl_status s = kl_conv_transpose_plan_create(p, weight, bias, algo);
    if (s == KL_UNSUPPORTED) {
      return kl_fail(KL_UNSUPPORTED,
                     "kl_conv_plan_create: no transposed convolution algorithm takes this problem");
    }
    return s;
  }
  static const kl_conv_create_fn forward[] = {kl_dwconv_plan_create, kl_conv_1x1_plan_create,
                                              kl_conv_igemm_plan_create};
  for (size_t i = 0; i < sizeof forward / sizeof forward[0]; i++) {
    const kl_status s = forward[i](p, weight, bias, algo);
    if (s != KL_UNSUPPORTED) {
      return s;
    }
  }
  return kl_fail(KL_INTERNAL_ERROR, "kl_conv_plan_create: no algorithm took the problem");
}

kl_status kl_conv_plan_create(const kl_conv_params* params, const float* weight,
                              int64_t weight_len, const float* bias, int64_t bias_len,
                              kl_plan** plan) {
  static const char fn[] = "kl_conv_plan_create";
  if (plan == NULL) {
    return kl_fail(KL_INVALID_ARGUMENT, "%s: plan must not be NULL", fn);
  }
  *plan = NULL;
  kl_status s = kl_conv_check(fn, params, weight, weight_len, bias, bias_len);
  if (s != KL_OK) {
    return s;
  }
  kl_conv_op* op = calloc(1, sizeof *op);
  if (op == NULL) {
    return kl_fail(KL_OUT_OF_MEMORY, "%s: out of memory", fn);
  }
  op->params = *params;
  /* The algorithm sees the padded input with zero padding. */
  kl_conv_params inner = *params;
  if (params->padding_mode != KL_PAD_ZEROS) {
    inner.in_d += inner.pad_d + inner.pad_d_end;
    inner.in_h += inner.pad_h + inner.pad_h_end;
    inner.in_w += inner.pad_w + inner.pad_w_end;
    inner.pad_d = inner.pad_h = inner.pad_w = 0;
    inner.pad_d_end = inner.pad_h_end = inner.pad_w_end = 0;
    inner.padding_mode = KL_PAD_ZEROS;
    op->padded_bytes = align_up(kl_conv_x_elements(&inner) * (int64_t)sizeof(float));
  }
  s = create_algorithm(&inner, weight, bias, &op->algo);
  if (s != KL_OK) {
    free(op);
    return s;
  }
  op->base = (kl_plan){KL_PLAN_CONV, op_destroy, op->algo->base.implementation};
  op->shared_bytes = op->padded_bytes + align_up(op->algo->workspace_shared);
  op->slice_bytes = align_up(op->algo->workspace_per_thread);
  *plan = &op->base;
  return KL_OK;
}

static kl_status get_op(const char* fn, const kl_plan* plan, const kl_conv_op** op) {
  if (plan == NULL || plan->kind != KL_PLAN_CONV) {
    return kl_fail(KL_INVALID_ARGUMENT, "%s: plan is %s", fn,
                   plan == NULL ? "NULL" : "not a convolution plan");
  }
  *op = (const kl_conv_op*)plan;
  return KL_OK;
}

/* Threads the run may use: the library's count, capped by what fits. */
static int32_t thread_budget(void) {
  const int32_t n = kl_get_num_threads();
  return n < 1 ? 1 : n > KL_CONV_MAX_SLICES ? KL_CONV_MAX_SLICES : n;
}

kl_status kl_conv_plan_workspace_size(const kl_plan* plan, int64_t* bytes) {
  static const char fn[] = "kl_conv_plan_workspace_size";
  const kl_conv_op* op = NULL;
  kl_status s = get_op(fn, plan, &op);
  if (s != KL_OK) {
    return s;
  }
  if (bytes == NULL) {
    return kl_fail(KL_INVALID_ARGUMENT, "%s: bytes must not be NULL", fn);
  }
  *bytes = op->shared_bytes + (int64_t)thread_budget() * op->slice_bytes;
  return KL_OK;
}

static kl_status check_tensor(const char* fn, const char* name, const void* ptr, int64_t len,
                              int64_t want) {
  if (len != want) {
    return kl_fail(KL_INVALID_ARGUMENT, "%s: %s holds %lld elements, the plan's shape has %lld",
                   fn, name, (long long)len, (long long)want);
  }
  if (ptr == NULL && want > 0) {
    return kl_fail(KL_INVALID_ARGUMENT, "%s: %s must not be NULL", fn, name);
  }
  return KL_OK;
}

/* The threads a caller's workspace holds slices for. */
static kl_status fit_threads(const char* fn, const kl_conv_op* op, const void* workspace,
                             int64_t bytes, int32_t* threads) {
  if ((uintptr_t)workspace % KL_CONV_ALIGN != 0) {
    return kl_fail(KL_INVALID_ARGUMENT, "%s: workspace must be %d-byte aligned", fn,
                   KL_CONV_ALIGN);
  }
  const int64_t need = op->shared_bytes + op->slice_bytes;
  if (bytes < need) {
    return kl_fail(KL_INVALID_ARGUMENT,
                   "%s: workspace_bytes = %lld, but one thread needs %lld (see "
                   "kl_conv_plan_workspace_size)",
                   fn, (long long)bytes, (long long)need);
  }
  if (op->slice_bytes > 0 && (bytes - op->shared_bytes) / op->slice_bytes < *threads) {
    *threads = (int32_t)((bytes - op->shared_bytes) / op->slice_bytes);
  }
  return KL_OK;
}

kl_status kl_conv_plan_run(const kl_plan* plan, const float* x, int64_t x_len, float* y,
                           int64_t y_len, void* workspace, int64_t workspace_bytes) {
  static const char fn[] = "kl_conv_plan_run";
  const kl_conv_op* op = NULL;
  kl_status s = get_op(fn, plan, &op);
  if (s != KL_OK) {
    return s;
  }
  const kl_conv_params* p = &op->params;
  const int64_t x_n = kl_conv_x_elements(p), y_n = kl_conv_y_elements(p);
  if ((s = check_tensor(fn, "x", x, x_len, x_n)) != KL_OK ||
      (s = check_tensor(fn, "y", y, y_len, y_n)) != KL_OK) {
    return s;
  }
  if (kl_ranges_overlap(y, y_n * (int64_t)sizeof(float), x, x_n * (int64_t)sizeof(float))) {
    return kl_fail(KL_INVALID_ARGUMENT, "%s: y must not overlap x", fn);
  }
  int32_t threads = thread_budget();
  unsigned char* owned = NULL;
  if (workspace != NULL) {
    if ((s = fit_threads(fn, op, workspace, workspace_bytes, &threads)) != KL_OK) {
      return s;
    }
    if (kl_ranges_overlap(workspace, workspace_bytes, y, y_n * (int64_t)sizeof(float)) ||
        kl_ranges_overlap(workspace, workspace_bytes, x, x_n * (int64_t)sizeof(float))) {
      return kl_fail(KL_INVALID_ARGUMENT, "%s: workspace must not overlap x or y", fn);
    }
  } else {
    const int64_t bytes = op->shared_bytes + (int64_t)threads * op->slice_bytes;
    owned = kl_aligned_alloc((size_t)bytes);
    if (owned == NULL) {
      return kl_fail(KL_OUT_OF_MEMORY, "%s: cannot allocate %lld bytes of workspace", fn,
                     (long long)bytes);
    }
    workspace = owned;
  }
  if (p->batch > 0) {
    unsigned char* base = workspace;
    void* slices[KL_CONV_MAX_SLICES];
    for (int32_t t = 0; t < threads; t++) {
      slices[t] = base + op->shared_bytes + (int64_t)t * op->slice_bytes;
    }
    const float* input = x;
    if (op->padded_bytes > 0) {
      const int64_t in[3] = {p->in_d, p->in_h, p->in_w};
      const int64_t pad[3] = {p->pad_d, p->pad_h, p->pad_w};
      const int64_t pad_end[3] = {p->pad_d_end, p->pad_h_end, p->pad_w_end};
      kl_conv_pad(p->padding_mode, p->batch * p->in_channels, in, pad, pad_end, 1, x,
                  (float*)base);
      input = (const float*)base;
    }
    s = op->algo->run(op->algo, input, y, base + op->padded_bytes, slices, threads);
  }
  kl_aligned_free(owned);
  return s;
}

kl_status kl_conv_f32(const kl_conv_params* params, const float* x, int64_t x_len,
                      const float* weight, int64_t weight_len, const float* bias, int64_t bias_len,
                      float* y, int64_t y_len) {
  kl_plan* plan;
  kl_status s = kl_conv_plan_create(params, weight, weight_len, bias, bias_len, &plan);
  if (s == KL_OK) {
    s = kl_conv_plan_run(plan, x, x_len, y, y_len, NULL, 0);
    kl_plan_destroy(plan);
  }
  return s;
}
