/*
 * gemm-avx512.c - f32 GEMM microkernel for AVX-512F: 14x32 tile, 28 zmm
 * accumulators; each k step (unrolled by 4) loads 2 vectors of B and
 * multiplies them by 14 broadcast values of A, which leaves 4 of the 32
 * registers for B and A. Short tiles run only their rows; narrow ones load and
 * store C through k-masks, never touching it past column n.
 *
 * On cores that split a 512-bit FMA over two 256-bit pipes (Zen 4) the peak
 * equals AVX2's; this tile reaches the same share of it with half the
 * instructions and fewer loads per FMA.
 */
#include <immintrin.h>

#include "gemm/gemm-ukernels.h"

#define MR 14
#define NR 32

/* The first n lanes of a 16-lane vector, for n <= 0 (none) up to n >= 16 (all). */
static inline __mmask16 lane_mask(int64_t n) {
  return n >= 16 ? (__mmask16)0xFFFF : n <= 0 ? (__mmask16)0 : (__mmask16)((1u << n) - 1u);
}

/* Writes alpha*acc (+ beta*C) to the lanes of c selected by mask. */
static inline void store_part(float* c, __m512 acc, __m512 valpha, __m512 vbeta, float beta,
                              __mmask16 mask) {
  __m512 r = _mm512_mul_ps(acc, valpha);
  if (mask == 0xFFFF) {
    if (beta != 0.0f) r = _mm512_fmadd_ps(vbeta, _mm512_loadu_ps(c), r);
    _mm512_storeu_ps(c, r);
  } else if (mask != 0) {
    if (beta != 0.0f) r = _mm512_fmadd_ps(vbeta, _mm512_maskz_loadu_ps(mask, c), r);
    _mm512_mask_storeu_ps(c, mask, r);
  }
}

/* Named accumulators c<row>_0, c<row>_1 (GCC keeps an array of vectors in
 * memory; these stay in registers). Rows at or past `rows` compile away. */
#define ZERO_ROW(i) __m512 c##i##_0 = _mm512_setzero_ps(), c##i##_1 = _mm512_setzero_ps()
#define FMA_ROW(i)                                  \
  do {                                              \
    if (i < rows) {                                 \
      const __m512 ai = _mm512_set1_ps(a[i]);       \
      c##i##_0 = _mm512_fmadd_ps(ai, b0, c##i##_0); \
      c##i##_1 = _mm512_fmadd_ps(ai, b1, c##i##_1); \
    }                                               \
  } while (0)
#define STORE_ROW(i)                                                      \
  do {                                                                    \
    if (i < rows) {                                                       \
      store_part(c + i * ldc, c##i##_0, valpha, vbeta, beta, mask0);      \
      store_part(c + i * ldc + 16, c##i##_1, valpha, vbeta, beta, mask1); \
    }                                                                     \
  } while (0)

/* The tile's first `rows` rows, rows constant (KL_GEMM_DEFINE_UKERNEL). */
static inline __attribute__((always_inline)) void tile_rows(const int rows, int64_t kc,
                                                            const float* a, const float* b,
                                                            const float* x, const int64_t* x_rows,
                                                            float* c, int64_t ldc, int64_t n,
                                                            float alpha, float beta) {
  kl_gemm_prefetch_c(c, ldc, rows, n);
  ZERO_ROW(0); ZERO_ROW(1); ZERO_ROW(2); ZERO_ROW(3); ZERO_ROW(4); ZERO_ROW(5); ZERO_ROW(6);
  ZERO_ROW(7); ZERO_ROW(8); ZERO_ROW(9); ZERO_ROW(10); ZERO_ROW(11); ZERO_ROW(12); ZERO_ROW(13);
#pragma GCC unroll 4
  for (int64_t p = 0; p < kc; p++) {
    const float* bp = x_rows != NULL ? x + x_rows[p] : b;
    const __m512 b0 = _mm512_loadu_ps(bp);
    const __m512 b1 = _mm512_loadu_ps(bp + 16);
    FMA_ROW(0); FMA_ROW(1); FMA_ROW(2); FMA_ROW(3); FMA_ROW(4); FMA_ROW(5); FMA_ROW(6);
    FMA_ROW(7); FMA_ROW(8); FMA_ROW(9); FMA_ROW(10); FMA_ROW(11); FMA_ROW(12); FMA_ROW(13);
    a += MR;
    b += NR;
  }
  const __m512 valpha = _mm512_set1_ps(alpha);
  const __m512 vbeta = _mm512_set1_ps(beta);
  const __mmask16 mask0 = lane_mask(n);
  const __mmask16 mask1 = lane_mask(n - 16);
  STORE_ROW(0); STORE_ROW(1); STORE_ROW(2); STORE_ROW(3); STORE_ROW(4);
  STORE_ROW(5); STORE_ROW(6); STORE_ROW(7); STORE_ROW(8); STORE_ROW(9);
  STORE_ROW(10); STORE_ROW(11); STORE_ROW(12); STORE_ROW(13);
}

KL_GEMM_DEFINE_UKERNEL(kl_f32_gemm_ukernel_14x32__avx512, kl_f32_igemm_ukernel_14x32__avx512, MR, NR)
