/*
 * conv-pad.c - padded copies of convolution inputs (conv-pad.h).
 */
#include "conv/conv-pad.h"

#include <string.h>

typedef struct kl_pad_job {
  int32_t mode;
  int64_t in[3], pad[3], out[3];
  int64_t phases;
  const float* x;
  float* y;
} kl_pad_job;

/* The source index of padded index i in a dim of size n with `before` pads in
 * front, or -1 for a zero. */
static int64_t source_index(int32_t mode, int64_t i, int64_t n, int64_t before) {
  int64_t s = i - before;
  if (s >= 0 && s < n) {
    return s;
  }
  switch (mode) {
    case KL_PAD_REFLECT:
      return s < 0 ? -s : 2 * (n - 1) - s;
    case KL_PAD_REPLICATE:
      return s < 0 ? 0 : n - 1;
    case KL_PAD_CIRCULAR:
      return s < 0 ? s + n : s - n;
    default:
      return -1;
  }
}

/* One padded row from source row `src` (NULL: a row of zeros), unsplit. */
static void pad_row(const kl_pad_job* job, const float* src, float* dst) {
  const int64_t n = job->in[2], before = job->pad[2], out = job->out[2];
  if (src == NULL) {
    memset(dst, 0, (size_t)out * sizeof(float));
    return;
  }
  for (int64_t i = 0; i < before; i++) {
    const int64_t s = source_index(job->mode, i, n, before);
    dst[i] = s < 0 ? 0.0f : src[s];
  }
  memcpy(dst + before, src, (size_t)n * sizeof(float));
  for (int64_t i = before + n; i < out; i++) {
    const int64_t s = source_index(job->mode, i, n, before);
    dst[i] = s < 0 ? 0.0f : src[s];
  }
}

/* The same row split into job->phases phases, phase by phase. */
static void pad_row_split(const kl_pad_job* job, const float* src, float* dst) {
  const int64_t n = job->in[2], before = job->pad[2], out = job->out[2];
  for (int64_t ph = 0; ph < job->phases && ph < out; ph++) {
    float* d = dst + kl_conv_phase_start(out, job->phases, ph);
    for (int64_t w = ph; w < out; w += job->phases) {
      const int64_t s = src == NULL ? -1 : source_index(job->mode, w, n, before);
      *d++ = s < 0 ? 0.0f : src[s];
    }
  }
}

static void pad_planes(void* ctx, int64_t begin, int64_t end) {
  const kl_pad_job* job = ctx;
  const int64_t in_plane = job->in[0] * job->in[1] * job->in[2];
  const int64_t out_plane = job->out[0] * job->out[1] * job->out[2];
  for (int64_t p = begin; p < end; p++) {
    const float* x = job->x + p * in_plane;
    float* y = job->y + p * out_plane;
    for (int64_t d = 0; d < job->out[0]; d++) {
      const int64_t sd = source_index(job->mode, d, job->in[0], job->pad[0]);
      for (int64_t h = 0; h < job->out[1]; h++) {
        const int64_t sh = source_index(job->mode, h, job->in[1], job->pad[1]);
        const float* src = sd < 0 || sh < 0 ? NULL : x + (sd * job->in[1] + sh) * job->in[2];
        float* row = y + (d * job->out[1] + h) * job->out[2];
        if (job->phases == 1) {
          pad_row(job, src, row);
        } else {
          pad_row_split(job, src, row);
        }
      }
    }
  }
}

void kl_conv_pad(int32_t mode, int64_t planes, const int64_t in[3], const int64_t pad[3],
                 const int64_t pad_end[3], int64_t phases, const float* x, float* y) {
  kl_pad_job job = {.mode = mode, .phases = phases, .x = x, .y = y};
  for (int i = 0; i < 3; i++) {
    job.in[i] = in[i];
    job.pad[i] = pad[i];
    job.out[i] = in[i] + pad[i] + pad_end[i];
  }
  kl_parallel_for(planes, pad_planes, &job);
}
