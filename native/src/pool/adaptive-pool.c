/*
 * adaptive-pool.c - adaptive average and max pooling: validation, the
 * global-pooling shortcut for a 1x1x1 output (PyTorch itself takes a mean
 * there), and otherwise each output row's depth and height window resolved
 * here, its columns by the row microkernel (adaptive-pool-ukernels.h), the
 * planes x output rows split statically over the thread pool.
 */
#include "pool/adaptive-pool.h"

#include "pool/adaptive-pool-ukernels.h"
#include "pool/global-pool.h"
#include "pool/plane-buffers.h"

/* Below this many window elements per thread, waking a worker costs more than
 * it saves. */
#define KL_ADAPTIVE_POOL_MIN_PER_THREAD (INT64_C(1) << 15)

typedef struct kl_adaptive_task {
  kl_f32_adaptive_pool_ukernel_fn ukernel;
  kl_adaptive_pool_params p;
  int64_t k; /* kl_adaptive_row_args.k */
  const float* x;
  float* y;
  int64_t* indices;
} kl_adaptive_task;

/* Output rows [begin, end) of the planes x out_d x out_h rows. */
static void kl_adaptive_rows(void* ctx, int64_t begin, int64_t end) {
  const kl_adaptive_task* t = ctx;
  const kl_adaptive_pool_params* p = &t->p;
  for (int64_t item = begin; item < end; item++) {
    const int64_t oh = item % p->out_h;
    const int64_t od = item / p->out_h % p->out_d;
    const int64_t plane = item / p->out_h / p->out_d;
    const struct kl_adaptive_row_args args = {
        .x = t->x + plane * p->in_d * p->in_h * p->in_w,
        .in_h = p->in_h,
        .in_w = p->in_w,
        .d0 = kl_adaptive_start(od, p->in_d, p->out_d),
        .d1 = kl_adaptive_end(od, p->in_d, p->out_d),
        .h0 = kl_adaptive_start(oh, p->in_h, p->out_h),
        .h1 = kl_adaptive_end(oh, p->in_h, p->out_h),
        .out_w = p->out_w,
        .k = t->k,
        .y = t->y + item * p->out_w,
        .indices = t->indices != NULL ? t->indices + item * p->out_w : NULL,
    };
    t->ukernel(&args);
  }
}

/* About how many window elements the whole call visits: windows overlap when
 * out > in, so each dim contributes about max(in, out). */
static int32_t kl_adaptive_threads(const kl_adaptive_pool_params* p) {
  const double per_dim = (double)(p->in_d > p->out_d ? p->in_d : p->out_d) *
                         (double)(p->in_h > p->out_h ? p->in_h : p->out_h) *
                         (double)(p->in_w > p->out_w ? p->in_w : p->out_w);
  const double threads = (double)p->planes * per_dim / (double)KL_ADAPTIVE_POOL_MIN_PER_THREAD;
  return threads > INT32_MAX ? INT32_MAX : (int32_t)threads;
}

static void kl_adaptive_run(kl_f32_adaptive_pool_ukernel_fn ukernel,
                            const kl_adaptive_pool_params* p, const float* x, float* y,
                            int64_t* indices) {
  const int64_t plane = p->in_d * p->in_h * p->in_w;
  kl_adaptive_task task = {
      .ukernel = ukernel,
      .p = *p,
      .k = p->in_w % p->out_w == 0 && plane <= INT32_MAX ? p->in_w / p->out_w : 0,
      .x = x,
      .y = y,
      .indices = indices,
  };
  kl_parallel_for_n(p->planes * p->out_d * p->out_h, kl_adaptive_threads(p), kl_adaptive_rows,
                    &task);
}

static int kl_adaptive_is_global(const kl_adaptive_pool_params* p) {
  return p->out_d == 1 && p->out_h == 1 && p->out_w == 1;
}

void kl_adaptive_avgpool_execute(const kl_dispatch* dispatch, const kl_adaptive_pool_params* p,
                                 const float* x, float* y) {
  if (kl_adaptive_is_global(p)) {
    kl_global_avgpool_execute(dispatch->gavgpool, p->planes, p->in_d * p->in_h * p->in_w, x, y);
  } else {
    kl_adaptive_run(dispatch->adaptive_avgpool, p, x, y, NULL);
  }
}

void kl_adaptive_maxpool_execute(const kl_dispatch* dispatch, const kl_adaptive_pool_params* p,
                                 const float* x, float* y, int64_t* indices) {
  if (kl_adaptive_is_global(p)) {
    kl_global_maxpool_execute(dispatch->gmaxpool, p->planes, p->in_d * p->in_h * p->in_w, x, y,
                              indices);
  } else {
    kl_adaptive_run(dispatch->adaptive_maxpool, p, x, y, indices);
  }
}

/* in >= 1, out >= 1, and (o+1)*in + out - 1 (the window arithmetic) fits in
 * int64. */
static int kl_adaptive_dim_ok(int64_t in, int64_t out) {
  return in >= 1 && out >= 1 && in < INT64_MAX && out <= INT64_MAX / (in + 1);
}

static kl_status kl_adaptive_validate(const char* op, const kl_adaptive_pool_params* p,
                                      const float* x, int64_t x_len, const float* y, int64_t y_len,
                                      const int64_t* indices, int64_t indices_len) {
  if (p == NULL) {
    return kl_fail(KL_INVALID_ARGUMENT, "%s: params must not be NULL", op);
  }
  if (p->planes < 0) {
    return kl_fail(KL_INVALID_ARGUMENT, "%s: planes must be >= 0, got %lld", op,
                   (long long)p->planes);
  }
  const int64_t in_plane = kl_plane_volume(p->in_d, p->in_h, p->in_w);
  if (in_plane < 0) {
    return kl_fail(KL_INVALID_ARGUMENT,
                   "%s: input size %lld x %lld x %lld is invalid (each >= 1, "
                   "volume below 2^60)",
                   op, (long long)p->in_d, (long long)p->in_h, (long long)p->in_w);
  }
  const int64_t out_plane = kl_plane_volume(p->out_d, p->out_h, p->out_w);
  if (out_plane < 0 || !kl_adaptive_dim_ok(p->in_d, p->out_d) ||
      !kl_adaptive_dim_ok(p->in_h, p->out_h) || !kl_adaptive_dim_ok(p->in_w, p->out_w)) {
    return kl_fail(KL_INVALID_ARGUMENT,
                   "%s: output size %lld x %lld x %lld is invalid for input "
                   "%lld x %lld x %lld "
                   "(each >= 1, volume below 2^60)",
                   op, (long long)p->out_d, (long long)p->out_h, (long long)p->out_w,
                   (long long)p->in_d, (long long)p->in_h, (long long)p->in_w);
  }
  kl_status s;
  if ((s = kl_check_planes_buffer(op, "x", x, x_len, p->planes, in_plane, sizeof(float))) !=
          KL_OK ||
      (s = kl_check_planes_buffer(op, "y", y, y_len, p->planes, out_plane, sizeof(float))) !=
          KL_OK ||
      (indices != NULL &&
       (s = kl_check_planes_buffer(op, "indices", indices, indices_len, p->planes, out_plane,
                                   sizeof(int64_t))) != KL_OK)) {
    return s;
  }
  const kl_span spans[] = {
      {"x", x, p->planes * in_plane * (int64_t)sizeof(float)},
      {"y", y, p->planes * out_plane * (int64_t)sizeof(float)},
      {"indices", indices, indices != NULL ? p->planes * out_plane * (int64_t)sizeof(int64_t) : 0},
  };
  return kl_check_disjoint(op, spans, 3);
}

kl_status kl_adaptive_avgpool_f32(const kl_adaptive_pool_params* params, const float* x,
                                  int64_t x_len, float* y, int64_t y_len) {
  const kl_status s =
      kl_adaptive_validate("kl_adaptive_avgpool_f32", params, x, x_len, y, y_len, NULL, 0);
  if (s == KL_OK) {
    kl_adaptive_avgpool_execute(kl_dispatch_active(), params, x, y);
  }
  return s;
}

kl_status kl_adaptive_maxpool_f32(const kl_adaptive_pool_params* params, const float* x,
                                  int64_t x_len, float* y, int64_t y_len, int64_t* indices,
                                  int64_t indices_len) {
  const kl_status s = kl_adaptive_validate("kl_adaptive_maxpool_f32", params, x, x_len, y, y_len,
                                           indices, indices_len);
  if (s == KL_OK) {
    kl_adaptive_maxpool_execute(kl_dispatch_active(), params, x, y, indices);
  }
  return s;
}
