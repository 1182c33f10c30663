/*
 * global-pool.c - global average and max pooling (one value per plane):
 * validation, then the active microkernel over ranges of whole planes, so no
 * reduction is ever split and every thread count gives the same bits.
 */
#include "pool/global-pool.h"

#include "pool/plane-buffers.h"

/* Below this many input floats per thread, waking a worker costs more than it
 * saves. */
#define KL_GLOBAL_POOL_MIN_PER_THREAD (INT64_C(1) << 15)

typedef struct kl_global_task {
  kl_f32_gavgpool_ukernel_fn avg;
  kl_f32_gmaxpool_ukernel_fn max; /* exactly one of avg and max is set */
  int64_t plane_size;
  const float* x;
  float* y;
  int64_t* indices;
} kl_global_task;

static void kl_global_planes(void* ctx, int64_t begin, int64_t end) {
  const kl_global_task* t = ctx;
  const float* x = t->x + begin * t->plane_size;
  if (t->avg != NULL) {
    t->avg(end - begin, t->plane_size, x, t->y + begin);
  } else {
    t->max(end - begin, t->plane_size, x, t->y + begin,
           t->indices != NULL ? t->indices + begin : NULL);
  }
}

static void kl_global_run(kl_global_task* task, int64_t planes) {
  kl_parallel_for_n(planes,
                    kl_threads_for(planes * task->plane_size, KL_GLOBAL_POOL_MIN_PER_THREAD),
                    kl_global_planes, task);
}

void kl_global_avgpool_execute(kl_f32_gavgpool_ukernel_fn ukernel, int64_t planes,
                               int64_t plane_size, const float* x, float* y) {
  kl_global_task task = {.avg = ukernel, .plane_size = plane_size, .x = x, .y = y};
  kl_global_run(&task, planes);
}

void kl_global_maxpool_execute(kl_f32_gmaxpool_ukernel_fn ukernel, int64_t planes,
                               int64_t plane_size, const float* x, float* y, int64_t* indices) {
  kl_global_task task = {
      .max = ukernel, .plane_size = plane_size, .x = x, .y = y, .indices = indices};
  kl_global_run(&task, planes);
}

static kl_status kl_global_validate(const char* op, int64_t planes, int64_t plane_size,
                                    const float* x, int64_t x_len, const float* y, int64_t y_len,
                                    const int64_t* indices, int64_t indices_len) {
  if (planes < 0) {
    return kl_fail(KL_INVALID_ARGUMENT, "%s: planes must be >= 0, got %lld", op, (long long)planes);
  }
  if (kl_plane_volume(1, 1, plane_size) < 0) {
    return kl_fail(KL_INVALID_ARGUMENT, "%s: plane_size must be in [1, 2^60), got %lld", op,
                   (long long)plane_size);
  }
  kl_status s;
  if ((s = kl_check_planes_buffer(op, "x", x, x_len, planes, plane_size, sizeof(float))) != KL_OK ||
      (s = kl_check_planes_buffer(op, "y", y, y_len, planes, 1, sizeof(float))) != KL_OK ||
      (indices != NULL && (s = kl_check_planes_buffer(op, "indices", indices, indices_len, planes,
                                                      1, sizeof(int64_t))) != KL_OK)) {
    return s;
  }
  const kl_span spans[] = {
      {"x", x, planes * plane_size * (int64_t)sizeof(float)},
      {"y", y, planes * (int64_t)sizeof(float)},
      {"indices", indices, indices != NULL ? planes * (int64_t)sizeof(int64_t) : 0},
  };
  return kl_check_disjoint(op, spans, 3);
}

kl_status kl_global_avgpool_f32(int64_t planes, int64_t plane_size, const float* x, int64_t x_len,
                                float* y, int64_t y_len) {
  const kl_status s =
      kl_global_validate("kl_global_avgpool_f32", planes, plane_size, x, x_len, y, y_len, NULL, 0);
  if (s == KL_OK) {
    kl_global_avgpool_execute(kl_dispatch_active()->gavgpool, planes, plane_size, x, y);
  }
  return s;
}

kl_status kl_global_maxpool_f32(int64_t planes, int64_t plane_size, const float* x, int64_t x_len,
                                float* y, int64_t y_len, int64_t* indices, int64_t indices_len) {
  const kl_status s = kl_global_validate("kl_global_maxpool_f32", planes, plane_size, x, x_len, y,
                                         y_len, indices, indices_len);
  if (s == KL_OK) {
    kl_global_maxpool_execute(kl_dispatch_active()->gmaxpool, planes, plane_size, x, y, indices);
  }
  return s;
}
