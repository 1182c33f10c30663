/*
 * gemm-neon.c - f32 GEMM microkernel for NEON (AArch64): 8x8 tile, 16 q
 * accumulators; each k step loads 8 values of A and 8 of B as two vectors
 * each and multiplies B by every lane of A (fmla by element).
 */
#include <arm_neon.h>
#include <math.h>

#include "gemm/gemm-ukernels.h"

#define MR 8
#define NR 8

/* Named accumulators c<row>_0 (columns 0-3) and c<row>_1 (4-7), kept in
 * registers. Rows at or past `rows` compile away. */
#define ZERO_ROW(i) float32x4_t c##i##_0 = vdupq_n_f32(0.0f), c##i##_1 = vdupq_n_f32(0.0f)
#define FMA_ROW(i, av, lane)                              \
  do {                                                    \
    if (i < rows) {                                       \
      c##i##_0 = vfmaq_laneq_f32(c##i##_0, b0, av, lane); \
      c##i##_1 = vfmaq_laneq_f32(c##i##_1, b1, av, lane); \
    }                                                     \
  } while (0)
#define SPILL_ROW(i)                                        \
  do {                                                      \
    if (i < rows) {                                         \
      vst1q_f32(tile[i], vmulq_n_f32(c##i##_0, alpha));     \
      vst1q_f32(tile[i] + 4, vmulq_n_f32(c##i##_1, alpha)); \
    }                                                       \
  } while (0)

/* The tile's first `rows` rows, rows constant (KL_GEMM_DEFINE_UKERNEL). */
static inline __attribute__((always_inline)) void tile_rows(const int rows, int64_t kc,
                                                            const float* a, const float* b,
                                                            const float* x, const int64_t* x_rows,
                                                            float* c, int64_t ldc, int64_t n,
                                                            float alpha, float beta) {
  ZERO_ROW(0); ZERO_ROW(1); ZERO_ROW(2); ZERO_ROW(3);
  ZERO_ROW(4); ZERO_ROW(5); ZERO_ROW(6); ZERO_ROW(7);
  for (int64_t p = 0; p < kc; p++) {
    const float32x4_t a0 = vld1q_f32(a);
    const float32x4_t a1 = vld1q_f32(a + 4);
    const float* bp = x_rows != NULL ? x + x_rows[p] : b;
    const float32x4_t b0 = vld1q_f32(bp);
    const float32x4_t b1 = vld1q_f32(bp + 4);
    FMA_ROW(0, a0, 0); FMA_ROW(1, a0, 1); FMA_ROW(2, a0, 2); FMA_ROW(3, a0, 3);
    FMA_ROW(4, a1, 0); FMA_ROW(5, a1, 1); FMA_ROW(6, a1, 2); FMA_ROW(7, a1, 3);
    a += MR;
    b += NR;
  }
  /* NEON has no masked store: stage alpha*acc and write only the rows x n part. */
  float tile[MR][NR];
  SPILL_ROW(0); SPILL_ROW(1); SPILL_ROW(2); SPILL_ROW(3);
  SPILL_ROW(4); SPILL_ROW(5); SPILL_ROW(6); SPILL_ROW(7);
  for (int64_t i = 0; i < rows; i++) {
    float* crow = c + i * ldc;
    if (beta == 0.0f) {
      for (int64_t j = 0; j < n; j++) {
        crow[j] = tile[i][j];
      }
    } else {
      for (int64_t j = 0; j < n; j++) {
        crow[j] = fmaf(beta, crow[j], tile[i][j]);
      }
    }
  }
}

KL_GEMM_DEFINE_UKERNEL(kl_f32_gemm_ukernel_8x8__neon, kl_f32_igemm_ukernel_8x8__neon, MR, NR)
