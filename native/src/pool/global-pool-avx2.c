/*
 * global-pool-avx2.c - global pooling, 8 floats per vector.
 *
 * avg, 7x7 planes: 16-byte aligned loads (kl_gavg_7x7, below).
 *
 * avg, other planes: planes go 4 at a time, one accumulator each, their loads
 * interleaved so that independent add chains hide the add latency; a plane's
 * tail of 2 to 7 floats is one more vector, and one hadd tree turns the 4
 * accumulators into 4 sums, divided and stored at once. A tail of one float is
 * added to the tree's sum instead: 4 scalar loads cost less than 4 reloaded,
 * masked and added vectors. Leftover planes take the same per-plane order
 * alone.
 *
 * max: each lane applies the rule to its own elements, tracking the position
 * of its winner; the lanes are merged by position and the tail scanned in
 * order (global-pool-ukernels.h), which is bit for bit the scalar result.
 */
#include <string.h>

#include "pool/global-pool-x86.h"

#define KL_LANES 8

/* The last plane_size % 8 floats of a plane as a vector, the other lanes zero,
 * reading only the plane. A plane of at least one vector reloads its last 8
 * floats and clears the lanes already summed: a plain load, where vmaskmovps
 * costs AMD cores as much as the rest of a 7x7 plane. */
static inline __m256 kl_tail(const float* plane, int64_t plane_size, __m256 trailing,
                             __m256i leading) {
  return plane_size >= KL_LANES
             ? _mm256_and_ps(_mm256_loadu_ps(plane + plane_size - KL_LANES), trailing)
             : _mm256_maskload_ps(plane, leading);
}

/* How a plane's last plane_size % 8 floats are added. */
enum { KL_TAIL_NONE, KL_TAIL_ONE, KL_TAIL_VECTOR };

/* The groups of 4 planes, specialised on the tail and on prefetching so that
 * a group is one straight run of code: on Zen 1 the taken branches of a
 * general loop cost 7% of P4. Returns the planes left over. */
static inline __attribute__((always_inline)) int64_t kl_gavg_groups(
    int64_t planes, int64_t n, const float** px, float** py, int tail, int prefetch,
    __m256 trailing, __m256i leading, __m128 divisor) {
  const float* x = *px;
  float* y = *py;
  const int64_t full = n / KL_LANES * KL_LANES;
  for (; planes >= 4; planes -= 4, x += 4 * n, y += 4) {
    __m256 a0 = _mm256_setzero_ps(), a1 = a0, a2 = a0, a3 = a0;
    const char* ahead = (const char*)(x + KL_GPOOL_PREFETCH_GROUPS * 4 * n);
    if (prefetch) {
      __builtin_prefetch(ahead + 16 * n - 4);
    }
    /* Unrolled: a 7x7 plane's 6 vectors become straight code (P4 4% faster). */
#pragma GCC unroll 8
    for (int64_t i = 0; i < full; i += KL_LANES) {
      if (prefetch) {
        kl_gpool_prefetch(ahead, i, KL_LANES);
      }
      a0 = _mm256_add_ps(a0, _mm256_loadu_ps(x + i));
      a1 = _mm256_add_ps(a1, _mm256_loadu_ps(x + n + i));
      a2 = _mm256_add_ps(a2, _mm256_loadu_ps(x + 2 * n + i));
      a3 = _mm256_add_ps(a3, _mm256_loadu_ps(x + 3 * n + i));
    }
    if (tail == KL_TAIL_VECTOR) {
      a0 = _mm256_add_ps(a0, kl_tail(x, n, trailing, leading));
      a1 = _mm256_add_ps(a1, kl_tail(x + n, n, trailing, leading));
      a2 = _mm256_add_ps(a2, kl_tail(x + 2 * n, n, trailing, leading));
      a3 = _mm256_add_ps(a3, kl_tail(x + 3 * n, n, trailing, leading));
    }
    __m128 sums = kl_gpool_sum4x8(a0, a1, a2, a3);
    if (tail == KL_TAIL_ONE) {
      sums = _mm_add_ps(sums, _mm_setr_ps(x[n - 1], x[2 * n - 1], x[3 * n - 1], x[4 * n - 1]));
    }
    _mm_storeu_ps(y, _mm_div_ps(sums, divisor));
  }
  *px = x;
  *py = y;
  return planes;
}

/* ---- avg, 7x7 planes --------------------------------------------------------
 * The final pooling of ImageNet networks (ResNet, MobileNet at 224x224). A
 * 49-float plane starts anywhere in a cache line, so nearly half of its
 * 32-byte loads straddle two lines, which costs Zen 1 a tenth of P4. Here
 * every load is 16-byte aligned and never straddles: a plane is summed from
 * the 13 aligned 4-float blocks it touches, the first and last masked to its
 * own floats, so a float's lane is its address / 4 % 4 wherever the plane lies
 * in the call and whether it is summed with neighbours or alone (any thread
 * split gives the same bits). P4 (8x2048x7x7): ~80 -> 68-70 us, XNNPACK 66-73
 * in the same runs. The end blocks of a plane hold up to 3 floats outside it: the
 * first and last plane of a call are copied to a local block at the same
 * offset first, so no byte outside x is read. Groups of 4 planes are straight
 * code specialised on the first plane's offset in its block (a general loop
 * over the blocks, or offsets known only at run time, measured 1.5-2.5x
 * slower on Zen 1). */

#define KL_GAVG_7X7 49

static const int32_t kl_gavg_below_masks[8] = {-1, -1, -1, -1, 0, 0, 0, 0};

/* The lanes below `count` (0 to 4) set. */
static inline __m128 kl_gavg_below(int64_t count) {
  return _mm_castsi128_ps(_mm_loadu_si128((const __m128i*)(kl_gavg_below_masks + 4 - count)));
}

/* The 4 lane sums of a 7x7 plane whose first float is lane r of `block`: the
 * blocks alternate between two accumulators, b from +0 (PyTorch's sums start
 * there) and a from the masked first block; the masked last block goes to a. */
static inline __attribute__((always_inline)) __m128 kl_gavg_7x7_plane(const float* block,
                                                                       int64_t r) {
  __m128 a = _mm_andnot_ps(kl_gavg_below(r), _mm_load_ps(block));
  __m128 b = _mm_setzero_ps();
#pragma GCC unroll 8
  for (int j = 1; j < 11; j += 2) {
    b = _mm_add_ps(b, _mm_load_ps(block + 4 * j));
    a = _mm_add_ps(a, _mm_load_ps(block + 4 * j + 4));
  }
  b = _mm_add_ps(b, _mm_load_ps(block + 4 * 11));
  a = _mm_add_ps(a, _mm_and_ps(_mm_load_ps(block + 4 * 12), kl_gavg_below(r + 1)));
  return _mm_add_ps(a, b);
}

/* kl_gavg_7x7_plane of a plane anywhere, on a copy at the same offset from a
 * 16-byte boundary: reads nothing outside the plane. */
static __m128 kl_gavg_7x7_copy(const float* plane) {
  _Alignas(16) float local[4 * 14] = {0};
  const int64_t r = (int64_t)((uintptr_t)plane / sizeof(float) % 4);
  memcpy(local + r, plane, KL_GAVG_7X7 * sizeof(float));
  return kl_gavg_7x7_plane(local, r);
}

/* A plane's mean from its lane sums, added as (l0 + l1) + (l2 + l3), the
 * order of the 4-plane tree in kl_gavg_7x7_groups. */
static inline float kl_gavg_mean(__m128 lanes, __m128 divisor) {
  const __m128 h = _mm_hadd_ps(lanes, lanes);
  return _mm_cvtss_f32(_mm_div_ss(_mm_hadd_ps(h, h), divisor));
}

/* `groups` groups of 4 planes from x, whose first plane starts at lane r0 of
 * its block (each group moves 196 floats, so every group's does). */
static inline __attribute__((always_inline)) void kl_gavg_7x7_groups(int64_t groups,
                                                                      const float* x, float* y,
                                                                      int64_t r0) {
  const __m128 divisor = _mm_set1_ps((float)KL_GAVG_7X7);
  for (; groups > 0; groups--, x += 4 * KL_GAVG_7X7, y += 4) {
    const char* ahead = (const char*)(x + KL_GPOOL_PREFETCH_GROUPS * 4 * KL_GAVG_7X7);
    __m128 sums[4];
    for (int k = 0; k < 4; k++) {
      /* The group ahead, a quarter per plane (kl_gpool_prefetch's reasons). */
      for (int line = 0; line < 4; line++) {
        __builtin_prefetch(ahead + (4 * KL_GAVG_7X7 * sizeof(float)) * k / 4 + 64 * line);
      }
      const int64_t r = (r0 + k) % 4;
      sums[k] = kl_gavg_7x7_plane(x + KL_GAVG_7X7 * k - r, r);
    }
    const __m128 tree =
        _mm_hadd_ps(_mm_hadd_ps(sums[0], sums[1]), _mm_hadd_ps(sums[2], sums[3]));
    _mm_storeu_ps(y, _mm_div_ps(tree, divisor));
  }
}

/* Global average pooling of 7x7 planes at a float-aligned x. */
static void kl_gavg_7x7(int64_t planes, const float* x, float* y) {
  const __m128 divisor = _mm_set1_ps((float)KL_GAVG_7X7);
  const int copy_first = (uintptr_t)x % 16 != 0;
  const int copy_last = (uintptr_t)(x + planes * KL_GAVG_7X7) % 16 != 0;
  int64_t i = 0;
  if (copy_first && planes > 0) {
    y[0] = kl_gavg_mean(kl_gavg_7x7_copy(x), divisor);
    i = 1;
  }
  const int64_t groups = (planes - copy_last - i) / 4;
  if (groups > 0) {
    const float* p = x + i * KL_GAVG_7X7;
    switch ((uintptr_t)p / sizeof(float) % 4) {
      case 0:
        kl_gavg_7x7_groups(groups, p, y + i, 0);
        break;
      case 1:
        kl_gavg_7x7_groups(groups, p, y + i, 1);
        break;
      case 2:
        kl_gavg_7x7_groups(groups, p, y + i, 2);
        break;
      default:
        kl_gavg_7x7_groups(groups, p, y + i, 3);
        break;
    }
    i += 4 * groups;
  }
  for (; i < planes; i++) {
    const float* p = x + i * KL_GAVG_7X7;
    const int64_t r = (int64_t)((uintptr_t)p / sizeof(float) % 4);
    y[i] = kl_gavg_mean(i == planes - 1 && copy_last ? kl_gavg_7x7_copy(p)
                                                     : kl_gavg_7x7_plane(p - r, r),
                        divisor);
  }
}

void kl_f32_gavgpool_ukernel_4p__avx2(int64_t planes, int64_t plane_size, const float* x,
                                      float* y) {
  const int64_t full = plane_size / KL_LANES, rem = plane_size % KL_LANES;
  const __m256i leading = kl_gpool_leading32(rem);
  const __m256 trailing = _mm256_castsi256_ps(
      _mm256_xor_si256(kl_gpool_leading32(KL_LANES - rem), _mm256_set1_epi32(-1)));
  const __m128 divisor = _mm_set1_ps((float)plane_size);
  const int64_t n = plane_size;
  const int tail = rem == 0 ? KL_TAIL_NONE : rem == 1 ? KL_TAIL_ONE : KL_TAIL_VECTOR;
  if (n == KL_GAVG_7X7 && (uintptr_t)x % sizeof(float) == 0) {
    kl_gavg_7x7(planes, x, y);
    return;
  }
  if (n > KL_GPOOL_PREFETCH_MAX_PLANE) {
    planes = kl_gavg_groups(planes, n, &x, &y, tail, 0, trailing, leading, divisor);
  } else if (tail == KL_TAIL_NONE) {
    planes = kl_gavg_groups(planes, n, &x, &y, KL_TAIL_NONE, 1, trailing, leading, divisor);
  } else if (tail == KL_TAIL_ONE) {
    planes = kl_gavg_groups(planes, n, &x, &y, KL_TAIL_ONE, 1, trailing, leading, divisor);
  } else {
    planes = kl_gavg_groups(planes, n, &x, &y, KL_TAIL_VECTOR, 1, trailing, leading, divisor);
  }
  for (; planes > 0; planes--, x += n, y++) {
    __m256 acc = _mm256_setzero_ps();
    for (int64_t i = 0; i < full * KL_LANES; i += KL_LANES) {
      acc = _mm256_add_ps(acc, _mm256_loadu_ps(x + i));
    }
    if (rem > 1) {
      acc = _mm256_add_ps(acc, kl_tail(x, n, trailing, leading));
    }
    __m128 sum = kl_gpool_sum8(acc);
    if (rem == 1) {
      sum = _mm_add_ss(sum, _mm_load_ss(x + n - 1));
    }
    *y = _mm_cvtss_f32(_mm_div_ss(sum, divisor));
  }
}

static void kl_gmax_plane(const float* x, int64_t plane_size, float* y, int64_t* index) {
  __m256 max = _mm256_set1_ps(-INFINITY);
  __m256i at = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7); /* each lane's first element */
  __m256i pos = at;
  const __m256i step = _mm256_set1_epi32(KL_LANES);
  const int64_t full = plane_size / KL_LANES * KL_LANES;
  for (int64_t i = 0; i < full; i += KL_LANES) {
    const __m256 v = _mm256_loadu_ps(x + i);
    const __m256 take =
        _mm256_or_ps(_mm256_cmp_ps(v, max, _CMP_GT_OQ), _mm256_cmp_ps(v, v, _CMP_UNORD_Q));
    max = _mm256_blendv_ps(max, v, take);
    at = _mm256_castps_si256(
        _mm256_blendv_ps(_mm256_castsi256_ps(at), _mm256_castsi256_ps(pos), take));
    pos = _mm256_add_epi32(pos, step);
  }
  float lane_max[KL_LANES];
  int32_t lane_index[KL_LANES];
  _mm256_storeu_ps(lane_max, max);
  _mm256_storeu_si256((__m256i*)lane_index, at);
  kl_gmax_finish(lane_max, lane_index, KL_LANES, x, full, plane_size, y, index);
}

KL_GMAX_DEFINE_UKERNEL(kl_f32_gmaxpool_ukernel__avx2, KL_LANES)
