/*
 * channel-shuffle.c - torch.nn.ChannelShuffle: viewing the channels as
 * [groups, channels/groups] and transposing, output channel i*groups + j is
 * input channel j*(channels/groups) + i. A copy of whole planes, threaded
 * over output planes.
 */
#include <string.h>

#include "internal.h"

/* Bytes of copying below which another thread is not worth waking. */
#define KL_SHUFFLE_BYTES_PER_THREAD (256 * 1024)

typedef struct kl_shuffle_job {
  int64_t channels, groups, plane_size;
  const float* x;
  float* y;
} kl_shuffle_job;

static void shuffle_planes(void* ctx, int64_t begin, int64_t end) {
  const kl_shuffle_job* job = ctx;
  const int64_t per_group = job->channels / job->groups;
  for (int64_t plane = begin; plane < end; plane++) {
    const int64_t n = plane / job->channels, o = plane % job->channels;
    const int64_t src = n * job->channels + o % job->groups * per_group + o / job->groups;
    memcpy(job->y + plane * job->plane_size, job->x + src * job->plane_size,
           (size_t)job->plane_size * sizeof(float));
  }
}

kl_status kl_channel_shuffle_f32(int64_t batch, int64_t channels, int64_t groups,
                                 int64_t plane_size, const float* x, int64_t x_len, float* y,
                                 int64_t y_len) {
  static const char fn[] = "kl_channel_shuffle_f32";
  if (batch < 0 || channels < 0 || plane_size < 0) {
    return kl_fail(KL_INVALID_ARGUMENT,
                   "%s: batch = %lld, channels = %lld and plane_size = %lld must be >= 0", fn,
                   (long long)batch, (long long)channels, (long long)plane_size);
  }
  if (groups <= 0) {
    return kl_fail(KL_INVALID_ARGUMENT,
                   "%s: number of groups to divide channels in must be positive. Value of "
                   "groups: %lld",
                   fn, (long long)groups);
  }
  if (channels % groups != 0) {
    return kl_fail(KL_INVALID_ARGUMENT,
                   "%s: number of channels must be divisible by groups. Got %lld channels and "
                   "%lld groups",
                   fn, (long long)channels, (long long)groups);
  }
  int64_t planes, n;
  if (__builtin_mul_overflow(batch, channels, &planes) ||
      __builtin_mul_overflow(planes, plane_size, &n) || n > INT64_MAX / (int64_t)sizeof(float)) {
    return kl_fail(KL_INVALID_ARGUMENT, "%s: batch x channels x plane_size overflows int64", fn);
  }
  if (x_len != n || y_len != n) {
    return kl_fail(KL_INVALID_ARGUMENT,
                   "%s: x holds %lld and y %lld elements, batch x channels x plane_size = %lld",
                   fn, (long long)x_len, (long long)y_len, (long long)n);
  }
  if (n > 0 && (x == NULL || y == NULL)) {
    return kl_fail(KL_INVALID_ARGUMENT, "%s: x and y must not be NULL", fn);
  }
  if (kl_ranges_overlap(y, n * (int64_t)sizeof(float), x, n * (int64_t)sizeof(float))) {
    return kl_fail(KL_INVALID_ARGUMENT, "%s: y must not overlap x (no in-place shuffle)", fn);
  }
  if (n == 0) {
    return KL_OK;
  }
  kl_shuffle_job job = {channels, groups, plane_size, x, y};
  const int64_t threads = n * (int64_t)sizeof(float) / KL_SHUFFLE_BYTES_PER_THREAD;
  kl_parallel_for_n(planes, threads < 1 ? 1 : threads > INT32_MAX ? INT32_MAX : (int32_t)threads,
                    shuffle_planes, &job);
  return KL_OK;
}
