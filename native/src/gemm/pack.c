/*
 * pack.c - packing of GEMM operands into microkernel panels (see pack.h).
 */
#include "gemm/pack.h"

#include <string.h>

#include "gemm/gemm.h"

/* Steps of the reduction a transposing pack moves per row: one 64-byte line. */
#define KL_PACK_STEPS 16
/* How many steps ahead a contiguous pack prefetches, and the floats of a line. */
#define KL_PACK_ROWS_AHEAD 4
#define KL_FLOATS_PER_LINE 16
/* How far ahead a transposing pack prefetches each row. */
#define KL_PACK_AHEAD (4 * KL_PACK_STEPS)

/* Copies one step of a full panel: r contiguous floats, r a constant at each
 * call below, so that the copy is a few vector moves. */
static inline __attribute__((always_inline)) void copy_step(const int64_t r, float* d,
                                                            const float* s) {
  memcpy(d, s, (size_t)r * sizeof(float));
}

/* The panel dimension is contiguous (rs == 1): walk the source in memory
 * order, one step of every panel at a time, so that the hardware prefetcher
 * streams it; the scattered writes land in the cache-resident pack buffer. */
static void pack_contiguous_rows(int64_t r, int64_t rows, int64_t kc, const float* src, int64_t cs,
                                 float* dst) {
  const int64_t full = rows / r * r;
  for (int64_t p = 0; p < kc; p++) {
    const float* s = src + p * cs;
    float* d = dst + p * r;
    if (p + KL_PACK_ROWS_AHEAD < kc) {
      /* Short rows far apart defeat the hardware prefetcher: fetch a later
       * row's lines while this one is copied. */
      for (int64_t i = 0; i < rows; i += KL_FLOATS_PER_LINE) {
        __builtin_prefetch(s + KL_PACK_ROWS_AHEAD * cs + i);
      }
    }
    int64_t i0 = 0;
    switch (r) {
      case 8:
        for (; i0 < full; i0 += 8, d += 8 * kc) copy_step(8, d, s + i0);
        break;
      case 16:
        for (; i0 < full; i0 += 16, d += 16 * kc) copy_step(16, d, s + i0);
        break;
      case 32:
        for (; i0 < full; i0 += 32, d += 32 * kc) copy_step(32, d, s + i0);
        break;
      default:
        break;
    }
    for (; i0 < rows; i0 += r) {
      const int64_t n = kl_min_i64(r, rows - i0);
      for (int64_t i = 0; i < n; i++) {
        d[i] = s[i0 + i];
      }
      for (int64_t i = n; i < r; i++) {
        d[i] = 0.0f;
      }
      d += r * kc;
    }
  }
}

/* A strided panel dimension: a transpose, a cache line of steps at a time, so
 * that every row is read in whole lines while the writes stay within a few
 * lines of the panel. */
static void pack_strided_rows(int64_t r, int64_t rows, int64_t kc, const float* src, int64_t rs,
                              int64_t cs, float* dst) {
  for (int64_t i0 = 0; i0 < rows; i0 += r) {
    const int64_t n = kl_min_i64(r, rows - i0);
    for (int64_t p0 = 0; p0 < kc; p0 += KL_PACK_STEPS) {
      const int64_t steps = kl_min_i64(KL_PACK_STEPS, kc - p0);
      for (int64_t i = 0; i < n; i++) {
        const float* s = src + (i0 + i) * rs + p0 * cs;
        float* d = dst + p0 * r + i;
        if (p0 + KL_PACK_AHEAD < kc) {
          __builtin_prefetch(s + KL_PACK_AHEAD * cs);
        }
        for (int64_t p = 0; p < steps; p++) {
          d[p * r] = s[p * cs];
        }
      }
      for (int64_t i = n; i < r; i++) {
        for (int64_t p = 0; p < steps; p++) {
          dst[(p0 + p) * r + i] = 0.0f;
        }
      }
    }
    dst += r * kc;
  }
}

void kl_pack_panels(int64_t r, int64_t rows, int64_t kc, const float* src, int64_t rs, int64_t cs,
                    float* dst) {
  if (rs == 1) {
    pack_contiguous_rows(r, rows, kc, src, cs, dst);
  } else {
    pack_strided_rows(r, rows, kc, src, rs, cs, dst);
  }
}

/* `rows` rows (element (i, p) at src[i*rs + p*cs]) of k steps, kc block by kc
 * block, into r-row panels (pack.h). */
static void pack_matrix(int64_t r, int64_t kc, int64_t rows, int64_t k, const float* src,
                        int64_t rs, int64_t cs, float* dst) {
  const int64_t padded = kl_round_up(rows, r);
  for (int64_t pc = 0; pc < k; pc += kc) {
    kl_pack_panels(r, rows, kl_min_i64(kc, k - pc), src + pc * cs, rs, cs, dst + pc * padded);
  }
}

int64_t kl_packed_a_floats(const kl_gemm_config* cfg, int64_t m, int64_t k) {
  return k * kl_round_up(m, cfg->mr);
}

void kl_pack_a_matrix(const kl_gemm_config* cfg, int64_t m, int64_t k, const float* a, int64_t rs,
                      int64_t cs, float* dst) {
  pack_matrix(cfg->mr, cfg->kc, m, k, a, rs, cs, dst);
}

int64_t kl_packed_b_floats(const kl_gemm_config* cfg, int64_t k, int64_t n) {
  return k * kl_round_up(n, cfg->nr);
}

void kl_pack_b_matrix(const kl_gemm_config* cfg, int64_t k, int64_t n, const float* b, int64_t rs,
                      int64_t cs, float* dst) {
  /* B's panel dimension is its columns: element (j, p) at b[j*cs + p*rs]. */
  pack_matrix(cfg->nr, cfg->kc, n, k, b, cs, rs, dst);
}
