/*
 * maxunpool.c - max-unpooling: each plane of y is zeroed, then each input
 * value is written at its index (in order, so the later of duplicate indices
 * wins, as in PyTorch on the CPU). Threaded over planes. A scatter of this kind
 * has nothing for SIMD to speed up beyond the memset.
 *
 * An index outside the output plane stops its plane's thread before the write;
 * the call then reports the first such index in (plane, input) order, which is
 * the same whatever the thread count.
 */
#include <stdatomic.h>
#include <string.h>

#include "pool/plane-buffers.h"

/* Below this many output floats per thread, waking a worker costs more than it
 * saves. */
#define KL_MAXUNPOOL_MIN_PER_THREAD (INT64_C(1) << 15)

typedef struct kl_unpool_task {
  int64_t in_plane, out_plane;
  const float* x;
  const int64_t* indices;
  float* y;
  atomic_int_least64_t first_bad; /* plane * in_plane + i of the first bad index, or INT64_MAX */
} kl_unpool_task;

static void kl_unpool_planes(void* ctx, int64_t begin, int64_t end) {
  kl_unpool_task* t = ctx;
  for (int64_t p = begin; p < end; p++) {
    const float* x = t->x + p * t->in_plane;
    const int64_t* indices = t->indices + p * t->in_plane;
    float* y = t->y + p * t->out_plane;
    memset(y, 0, (size_t)t->out_plane * sizeof(float));
    for (int64_t i = 0; i < t->in_plane; i++) {
      const int64_t at = indices[i];
      if (at < 0 || at >= t->out_plane) {
        /* Later ranges hold later planes: the smallest position is the first
         * bad index. */
        int_least64_t seen = atomic_load(&t->first_bad);
        const int64_t pos = p * t->in_plane + i;
        while (pos < seen && !atomic_compare_exchange_weak(&t->first_bad, &seen, pos)) {
        }
        return;
      }
      y[at] = x[i];
    }
  }
}

static kl_status kl_unpool_validate(const kl_unpool_params* p, const float* x, int64_t x_len,
                                    const int64_t* indices, int64_t indices_len, const float* y,
                                    int64_t y_len) {
  static const char op[] = "kl_maxunpool_f32";
  if (p == NULL) {
    return kl_fail(KL_INVALID_ARGUMENT, "%s: params must not be NULL", op);
  }
  if (p->planes < 0) {
    return kl_fail(KL_INVALID_ARGUMENT, "%s: planes must be >= 0, got %lld", op,
                   (long long)p->planes);
  }
  const int64_t in_plane = kl_plane_volume(p->in_d, p->in_h, p->in_w);
  const int64_t out_plane = kl_plane_volume(p->out_d, p->out_h, p->out_w);
  if (in_plane < 0 || out_plane < 0) {
    return kl_fail(KL_INVALID_ARGUMENT,
                   "%s: input size %lld x %lld x %lld and output size %lld x "
                   "%lld x %lld must be "
                   ">= 1 each (volumes below 2^60)",
                   op, (long long)p->in_d, (long long)p->in_h, (long long)p->in_w,
                   (long long)p->out_d, (long long)p->out_h, (long long)p->out_w);
  }
  kl_status s;
  if ((s = kl_check_planes_buffer(op, "x", x, x_len, p->planes, in_plane, sizeof(float))) !=
          KL_OK ||
      (s = kl_check_planes_buffer(op, "indices", indices, indices_len, p->planes, in_plane,
                                  sizeof(int64_t))) != KL_OK ||
      (s = kl_check_planes_buffer(op, "y", y, y_len, p->planes, out_plane, sizeof(float))) !=
          KL_OK) {
    return s;
  }
  const kl_span spans[] = {
      {"x", x, p->planes * in_plane * (int64_t)sizeof(float)},
      {"indices", indices, p->planes * in_plane * (int64_t)sizeof(int64_t)},
      {"y", y, p->planes * out_plane * (int64_t)sizeof(float)},
  };
  return kl_check_disjoint(op, spans, 3);
}

kl_status kl_maxunpool_f32(const kl_unpool_params* params, const float* x, int64_t x_len,
                           const int64_t* indices, int64_t indices_len, float* y, int64_t y_len) {
  const kl_status s = kl_unpool_validate(params, x, x_len, indices, indices_len, y, y_len);
  if (s != KL_OK) {
    return s;
  }
  const kl_unpool_params* p = params;
  kl_unpool_task task = {
      .in_plane = p->in_d * p->in_h * p->in_w,
      .out_plane = p->out_d * p->out_h * p->out_w,
      .x = x,
      .indices = indices,
      .y = y,
  };
  atomic_init(&task.first_bad, INT64_MAX);
  kl_parallel_for_n(p->planes,
                    kl_threads_for(p->planes * task.out_plane, KL_MAXUNPOOL_MIN_PER_THREAD),
                    kl_unpool_planes, &task);
  const int64_t bad = atomic_load(&task.first_bad);
  if (bad != INT64_MAX) {
    /* PyTorch's words: "Found an invalid max index: 16 (output volumes are of
     * size 4x4". */
    return kl_fail(KL_INVALID_ARGUMENT,
                   "kl_maxunpool_f32: Found an invalid max index: %lld (output "
                   "volumes are of size "
                   "%lldx%lldx%lld) in plane %lld at input %lld",
                   (long long)indices[bad], (long long)p->out_d, (long long)p->out_h,
                   (long long)p->out_w, (long long)(bad / task.in_plane),
                   (long long)(bad % task.in_plane));
  }
  return KL_OK;
}
