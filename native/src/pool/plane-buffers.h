/*
 * plane-buffers.h - the checks that the reduction-style pooling operators
 * (adaptive, global, channel, unpool) share: sizes whose products must not
 * overflow, buffers that must hold whole planes, and buffers that must not
 * overlap. Each check names the operator and the parameter in its message.
 */
#ifndef KL_PLANE_BUFFERS_H
#define KL_PLANE_BUFFERS_H

#include "internal.h"

/* d*h*w, or -1 when a size is < 1 or the product would overflow a byte count
 * of 8-byte elements (so every later `count * size * 8` stays in int64). */
static inline int64_t kl_plane_volume(int64_t d, int64_t h, int64_t w) {
  const int64_t limit = INT64_MAX / 8;
  if (d < 1 || h < 1 || w < 1 || h > limit / d || w > limit / (d * h)) {
    return -1;
  }
  return d * h * w;
}

/* `p` must hold `count` x `per_plane` elements of `elem_size` bytes in `len`;
 * count == 0 accepts anything (NULL included). */
static inline kl_status kl_check_planes_buffer(const char* op, const char* what, const void* p,
                                               int64_t len, int64_t count, int64_t per_plane,
                                               int64_t elem_size) {
  if (count == 0) {
    return KL_OK;
  }
  if (p == NULL) {
    return kl_fail(KL_INVALID_ARGUMENT, "%s: %s must not be NULL", op, what);
  }
  if (len < 0 || per_plane > INT64_MAX / elem_size / count || count * per_plane > len) {
    return kl_fail(KL_INVALID_ARGUMENT, "%s: %s holds %lld elements, needs %lld x %lld", op, what,
                   (long long)len, (long long)count, (long long)per_plane);
  }
  return KL_OK;
}

/* One buffer of a call: where it is and how many bytes the call touches. */
typedef struct kl_span {
  const char* name;
  const void* p;
  int64_t bytes;
} kl_span;

/* Rejects any two of `n` spans that share a byte (empty or NULL spans never
 * do). */
static inline kl_status kl_check_disjoint(const char* op, const kl_span* spans, int n) {
  for (int i = 0; i < n; i++) {
    for (int j = i + 1; j < n; j++) {
      if (spans[i].p != NULL && spans[j].p != NULL &&
          kl_ranges_overlap(spans[i].p, spans[i].bytes, spans[j].p, spans[j].bytes)) {
        return kl_fail(KL_INVALID_ARGUMENT, "%s: %s and %s must not overlap", op, spans[i].name,
                       spans[j].name);
      }
    }
  }
  return KL_OK;
}

/* Threads for `work` elements of streaming work: below `per_thread` each,
 * waking a worker costs more than it saves. */
static inline int32_t kl_threads_for(int64_t work, int64_t per_thread) {
  const int64_t t = work / per_thread;
  return t > INT32_MAX ? INT32_MAX : (int32_t)t;
}

#endif /* KL_PLANE_BUFFERS_H */
