/*
 * relu.c - the ReLU operator: validation, then the active microkernel over
 * 64-element-aligned chunks, one per thread when the array is large.
 */
#include "internal.h"

/* Below this many floats per thread, waking a worker costs more than it saves. */
#define KL_RELU_MIN_PER_THREAD (INT64_C(1) << 15)
/* Thread ranges start on multiples of this many floats (256 bytes). */
#define KL_RELU_CHUNK 64

typedef struct kl_relu_task {
  kl_f32_vunary_ukernel_fn ukernel;
  const float* x;
  float* y;
  int64_t n;
} kl_relu_task;

static void kl_relu_chunks(void* ctx, int64_t begin, int64_t end) {
  const kl_relu_task* t = ctx;
  const int64_t first = begin * KL_RELU_CHUNK;
  const int64_t last = end * KL_RELU_CHUNK < t->n ? end * KL_RELU_CHUNK : t->n;
  t->ukernel(last - first, t->x + first, t->y + first);
}

kl_status kl_relu_f32(const float* x, float* y, int64_t n) {
  if (n < 0) {
    return kl_fail(KL_INVALID_ARGUMENT, "kl_relu_f32: n must be >= 0, got %lld", (long long)n);
  }
  if (n == 0) {
    return KL_OK;
  }
  if (x == NULL || y == NULL) {
    return kl_fail(KL_INVALID_ARGUMENT, "kl_relu_f32: x and y must not be NULL when n = %lld",
                   (long long)n);
  }
  if (n > INT64_MAX / (int64_t)sizeof(float)) {
    return kl_fail(KL_INVALID_ARGUMENT, "kl_relu_f32: n = %lld is too large", (long long)n);
  }
  const int64_t bytes = n * (int64_t)sizeof(float);
  if ((const void*)x != (const void*)y && kl_ranges_overlap(x, bytes, y, bytes)) {
    return kl_fail(KL_INVALID_ARGUMENT,
                   "kl_relu_f32: x and y overlap without being the same buffer (in place needs x == y)");
  }
  kl_relu_task task = {kl_dispatch_active()->vrelu, x, y, n};
  const int64_t chunks = (n + KL_RELU_CHUNK - 1) / KL_RELU_CHUNK;
  const int64_t max_threads = n / KL_RELU_MIN_PER_THREAD;
  kl_parallel_for_n(chunks, max_threads > INT32_MAX ? INT32_MAX : (int32_t)max_threads,
                    kl_relu_chunks, &task);
  return KL_OK;
}
