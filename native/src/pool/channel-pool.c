/*
 * channel-pool.c - channel-wise max and average pooling (reduce dim 1 of
 * (batch, channels, plane_size)): validation, then the active microkernel over
 * chunks of contiguous columns, split statically over the thread pool. Each
 * column is reduced by one thread, so every thread count gives the same bits.
 */
#include "pool/channel-pool.h"

#include "pool/plane-buffers.h"

/* Columns per work item: a multiple of every microkernel's block (so only the
 * plane's last chunk has a tail), and small enough to balance 2 threads on
 * one plane of 56x56. */
#define KL_CHANNEL_POOL_CHUNK 512
/* Below this many input floats per thread, waking a worker costs more than it
 * saves. */
#define KL_CHANNEL_POOL_MIN_PER_THREAD (INT64_C(1) << 15)

typedef struct kl_channel_task {
  kl_f32_channel_pool_ukernel_fn ukernel;
  int64_t channels, plane_size, chunks;
  const float* x;
  float* y;
} kl_channel_task;

static void kl_channel_chunks(void* ctx, int64_t begin, int64_t end) {
  const kl_channel_task* t = ctx;
  for (int64_t item = begin; item < end; item++) {
    const int64_t b = item / t->chunks;
    const int64_t i = item % t->chunks * KL_CHANNEL_POOL_CHUNK;
    const int64_t n =
        t->plane_size - i < KL_CHANNEL_POOL_CHUNK ? t->plane_size - i : KL_CHANNEL_POOL_CHUNK;
    t->ukernel(t->channels, n, t->plane_size, t->x + b * t->channels * t->plane_size + i,
               t->y + b * t->plane_size + i);
  }
}

void kl_channel_pool_execute(kl_f32_channel_pool_ukernel_fn ukernel, int64_t batch,
                             int64_t channels, int64_t plane_size, const float* x, float* y) {
  kl_channel_task task = {
      .ukernel = ukernel,
      .channels = channels,
      .plane_size = plane_size,
      .chunks = (plane_size + KL_CHANNEL_POOL_CHUNK - 1) / KL_CHANNEL_POOL_CHUNK,
      .x = x,
      .y = y,
  };
  kl_parallel_for_n(batch * task.chunks,
                    kl_threads_for(batch * channels * plane_size, KL_CHANNEL_POOL_MIN_PER_THREAD),
                    kl_channel_chunks, &task);
}

static kl_status kl_channel_validate(const char* op, int64_t batch, int64_t channels,
                                     int64_t plane_size, const float* x, int64_t x_len,
                                     const float* y, int64_t y_len) {
  if (batch < 0) {
    return kl_fail(KL_INVALID_ARGUMENT, "%s: batch must be >= 0, got %lld", op, (long long)batch);
  }
  if (kl_plane_volume(1, channels, plane_size) < 0) {
    return kl_fail(KL_INVALID_ARGUMENT,
                   "%s: channels and plane_size must be >= 1 (product below "
                   "2^60), got %lld and %lld",
                   op, (long long)channels, (long long)plane_size);
  }
  kl_status s;
  if ((s = kl_check_planes_buffer(op, "x", x, x_len, batch, channels * plane_size,
                                  sizeof(float))) != KL_OK ||
      (s = kl_check_planes_buffer(op, "y", y, y_len, batch, plane_size, sizeof(float))) != KL_OK) {
    return s;
  }
  const kl_span spans[] = {
      {"x", x, batch * channels * plane_size * (int64_t)sizeof(float)},
      {"y", y, batch * plane_size * (int64_t)sizeof(float)},
  };
  return kl_check_disjoint(op, spans, 2);
}

kl_status kl_channel_maxpool_f32(int64_t batch, int64_t channels, int64_t plane_size,
                                 const float* x, int64_t x_len, float* y, int64_t y_len) {
  const kl_status s = kl_channel_validate("kl_channel_maxpool_f32", batch, channels, plane_size, x,
                                          x_len, y, y_len);
  if (s == KL_OK) {
    kl_channel_pool_execute(kl_dispatch_active()->channel_maxpool, batch, channels, plane_size, x,
                            y);
  }
  return s;
}

kl_status kl_channel_avgpool_f32(int64_t batch, int64_t channels, int64_t plane_size,
                                 const float* x, int64_t x_len, float* y, int64_t y_len) {
  const kl_status s = kl_channel_validate("kl_channel_avgpool_f32", batch, channels, plane_size, x,
                                          x_len, y, y_len);
  if (s == KL_OK) {
    kl_channel_pool_execute(kl_dispatch_active()->channel_avgpool, batch, channels, plane_size, x,
                            y);
  }
  return s;
}
