/*
 * gemm-scalar.c - portable reference f32 GEMM microkernel, 4x8 tile, and its
 * indirect twin (B's rows read in place).
 */
#include "gemm/gemm-ukernels.h"

#define MR 4
#define NR 8

/* Step p reads B's row at x + x_rows[p] when x_rows is not NULL, else at
 * b + p*NR. */
static inline void tile(int64_t kc, const float* a, const float* b, const float* x,
                        const int64_t* x_rows, float* c, int64_t ldc, int64_t m, int64_t n,
                        float alpha, float beta) {
  float acc[MR][NR] = {{0.0f}};
  for (int64_t p = 0; p < kc; p++) {
    const float* bp = x_rows != NULL ? x + x_rows[p] : b + p * NR;
    for (int i = 0; i < MR; i++) {
      for (int j = 0; j < NR; j++) {
        acc[i][j] += a[p * MR + i] * bp[j];
      }
    }
  }
  for (int64_t i = 0; i < m; i++) {
    float* crow = c + i * ldc;
    for (int64_t j = 0; j < n; j++) {
      /* beta == 0 must not read C: it may hold NaN. */
      crow[j] = beta == 0.0f ? alpha * acc[i][j] : alpha * acc[i][j] + beta * crow[j];
    }
  }
}

void kl_f32_gemm_ukernel_4x8__scalar(int64_t kc, const float* a, const float* b, float* c,
                                     int64_t ldc, int64_t m, int64_t n, float alpha, float beta) {
  tile(kc, a, b, NULL, NULL, c, ldc, m, n, alpha, beta);
}

void kl_f32_igemm_ukernel_4x8__scalar(int64_t kc, const float* a, const float* x,
                                      const int64_t* x_rows, float* c, int64_t ldc, int64_t m,
                                      float alpha, float beta) {
  tile(kc, a, NULL, x, x_rows, c, ldc, m, NR, alpha, beta);
}
