/*
 * gemm-avx2.c - f32 GEMM microkernel for AVX2 + FMA: 6x16 tile, 12 ymm
 * accumulators; each k step (unrolled by 4) broadcasts 6 values of A and loads
 * 2 vectors of B. Short tiles run only their rows; narrow ones store through
 * lane masks (maskload/maskstore), never touching C past column n. The
 * indirect twin reads each step's 16 values of B in place (implicit GEMM).
 */
#include <immintrin.h>

#include "gemm/gemm-ukernels.h"

#define MR 6
#define NR 16

/* mask_table + 8 - n: the first n lanes set, for 0 <= n <= 8. */
static const int32_t mask_table[16] = {-1, -1, -1, -1, -1, -1, -1, -1, 0, 0, 0, 0, 0, 0, 0, 0};

static inline __m256i lane_mask(int64_t n) {
  return _mm256_loadu_si256((const __m256i*)(mask_table + 8 - n));
}

/* Writes alpha*acc (+ beta*C) to the first n <= 8 columns at c. */
static inline void store_half(float* c, __m256 acc, __m256 valpha, __m256 vbeta, float beta,
                              int64_t n) {
  __m256 r = _mm256_mul_ps(acc, valpha);
  if (n >= 8) {
    if (beta != 0.0f) r = _mm256_fmadd_ps(vbeta, _mm256_loadu_ps(c), r);
    _mm256_storeu_ps(c, r);
  } else if (n > 0) {
    const __m256i mask = lane_mask(n);
    if (beta != 0.0f) r = _mm256_fmadd_ps(vbeta, _mm256_maskload_ps(c, mask), r);
    _mm256_maskstore_ps(c, mask, r);
  }
}

/* One row of the tile: its first n <= 16 columns. */
static inline void store_row(float* c, __m256 acc0, __m256 acc1, __m256 valpha, __m256 vbeta,
                             float beta, int64_t n) {
  store_half(c, acc0, valpha, vbeta, beta, n);
  store_half(c + 8, acc1, valpha, vbeta, beta, n - 8);
}

/* Named accumulators c<row>_0, c<row>_1 (GCC keeps an array of vectors in
 * memory; these stay in registers). Rows at or past `rows` compile away. */
#define ZERO_ROW(i) __m256 c##i##_0 = _mm256_setzero_ps(), c##i##_1 = _mm256_setzero_ps()
#define FMA_ROW(i)                                  \
  do {                                              \
    if (i < rows) {                                 \
      const __m256 ai = _mm256_broadcast_ss(a + i); \
      c##i##_0 = _mm256_fmadd_ps(ai, b0, c##i##_0); \
      c##i##_1 = _mm256_fmadd_ps(ai, b1, c##i##_1); \
    }                                               \
  } while (0)
#define STORE_ROW(i)                                                                  \
  do {                                                                                \
    if (i < rows) store_row(c + i * ldc, c##i##_0, c##i##_1, valpha, vbeta, beta, n); \
  } while (0)

/* The tile's first `rows` rows, rows constant (KL_GEMM_DEFINE_UKERNEL). */
static inline __attribute__((always_inline)) void tile_rows(const int rows, int64_t kc,
                                                            const float* a, const float* b,
                                                            const float* x, const int64_t* x_rows,
                                                            float* c, int64_t ldc, int64_t n,
                                                            float alpha, float beta) {
  kl_gemm_prefetch_c(c, ldc, rows, n);
  ZERO_ROW(0); ZERO_ROW(1); ZERO_ROW(2); ZERO_ROW(3); ZERO_ROW(4); ZERO_ROW(5);
#pragma GCC unroll 4
  for (int64_t p = 0; p < kc; p++) {
    const float* bp = x_rows != NULL ? x + x_rows[p] : b;
    const __m256 b0 = _mm256_loadu_ps(bp);
    const __m256 b1 = _mm256_loadu_ps(bp + 8);
    FMA_ROW(0); FMA_ROW(1); FMA_ROW(2); FMA_ROW(3); FMA_ROW(4); FMA_ROW(5);
    a += MR;
    b += NR;
  }
  const __m256 valpha = _mm256_set1_ps(alpha);
  const __m256 vbeta = _mm256_set1_ps(beta);
  STORE_ROW(0); STORE_ROW(1); STORE_ROW(2); STORE_ROW(3); STORE_ROW(4); STORE_ROW(5);
}

KL_GEMM_DEFINE_UKERNEL(kl_f32_gemm_ukernel_6x16__avx2, kl_f32_igemm_ukernel_6x16__avx2, MR, NR)
