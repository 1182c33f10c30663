/*
 * global-pool-avx2.c - global pooling, 8 floats per vector.
 *
 * avg: planes go 4 at a time, one accumulator each, their loads interleaved so
 * that independent add chains hide the add latency (4 streams measured faster
 * than 8 on 7x7 planes); a plane's tail of 2 to 7 floats is one more vector,
 * and one hadd tree turns the 4 accumulators into 4 sums, divided and stored
 * at once. A tail of one float (every odd square plane: 3x3, 5x5, 7x7 = 6
 * vectors + 1 ...) is added to the tree's sum instead: 4 scalar loads cost
 * less than 4 reloaded, masked and added vectors (about 7% on the suite's
 * P4). Leftover planes take the same per-plane order alone.
 *
 * max: each lane applies the rule to its own elements, tracking the position
 * of its winner; the lanes are merged by position and the tail scanned in
 * order (global-pool-ukernels.h), which is bit for bit the scalar result.
 */
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

void kl_f32_gavgpool_ukernel_4p__avx2(int64_t planes, int64_t plane_size, const float* x,
                                      float* y) {
  const int64_t full = plane_size / KL_LANES, rem = plane_size % KL_LANES;
  const __m256i leading = kl_gpool_leading32(rem);
  const __m256 trailing = _mm256_castsi256_ps(
      _mm256_xor_si256(kl_gpool_leading32(KL_LANES - rem), _mm256_set1_epi32(-1)));
  const __m128 divisor = _mm_set1_ps((float)plane_size);
  const int64_t n = plane_size;
  const int tail = rem == 0 ? KL_TAIL_NONE : rem == 1 ? KL_TAIL_ONE : KL_TAIL_VECTOR;
  if (n == 7 * 7) {
    /* The global pooling of ImageNet networks at 224x224 (ResNet, MobileNet,
     * EfficientNet): with the size a constant, a group's 4 planes are one
     * pointer and immediate offsets, no spilled registers; P4 3-5% faster. */
    planes = kl_gavg_groups(planes, 7 * 7, &x, &y, KL_TAIL_ONE, 1, trailing, leading, divisor);
  } else if (n > KL_GPOOL_PREFETCH_MAX_PLANE) {
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
