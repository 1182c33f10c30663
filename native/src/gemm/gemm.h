/*
 * gemm.h - the GEMM driver shared by kl_sgemm and the Linear operator: BLIS's
 * five loops around the dispatch table's microkernel, threaded over output
 * columns or rows.
 */
#ifndef KL_GEMM_H
#define KL_GEMM_H

#include "internal.h"

static inline int64_t kl_min_i64(int64_t a, int64_t b) {
  return a < b ? a : b;
}

/* Ceiling of x / q, and x rounded up to a multiple of q (x >= 0, q > 0). */
static inline int64_t kl_div_up(int64_t x, int64_t q) {
  return (x + q - 1) / q;
}

static inline int64_t kl_round_up(int64_t x, int64_t q) {
  return kl_div_up(x, q) * q;
}

/* C = alpha * op(A) * op(B) + (bias ? bias : beta * C). Arguments are trusted:
 * the public entry points validate them. */
typedef struct kl_gemm_problem {
  int64_t m, n, k;
  const float* a; /* op(A)[i][p] = a[i*a_rs + p*a_cs] */
  int64_t a_rs, a_cs;
  const float* b; /* op(B)[p][j] = b[p*b_rs + j*b_cs]; unused with packed_b */
  int64_t b_rs, b_cs;
  const float* packed_b; /* op(B) from kl_pack_b_matrix (same config), or NULL */
  const float* bias;     /* NULL, or n values that every row of C starts from */
  float* c;
  int64_t ldc;
  float alpha, beta;
} kl_gemm_problem;

/* KL_OK, or KL_OUT_OF_MEMORY (through kl_fail) when the pack buffers cannot
 * be allocated; C is then untouched. */
kl_status kl_gemm_execute(const kl_gemm_config* cfg, const kl_gemm_problem* problem);

#endif /* KL_GEMM_H */
