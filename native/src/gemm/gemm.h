/*
 * gemm.h - the GEMM driver shared by kl_sgemm, Linear and the GEMM-based
 * convolutions: BLIS's five loops around the dispatch table's microkernel,
 * threaded over output columns or rows (kl_gemm_execute), or one block of C
 * on the caller's thread with the caller's pack buffer (kl_gemm_run_block),
 * for operators that thread over their own units. Operands may come
 * pre-packed by a plan (A or B) or, for B, from an operator's packer.
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

/* Packs rows [p0, p0 + kcb) x columns [j0, j0 + ncb) of op(B) into
 * ceil(ncb / nr) NR panels at dst, in kl_pack_panels' layout (columns past
 * ncb zero). Lets an operator build B on the fly (implicit GEMM). */
typedef void (*kl_gemm_pack_b_fn)(const void* ctx, int64_t p0, int64_t kcb, int64_t j0,
                                  int64_t ncb, float* dst);

/* C = alpha * op(A) * op(B) + (bias or row_bias ? the bias : beta * C).
 * Arguments are trusted: the public entry points validate them. Fields left
 * zero keep kl_sgemm's behaviour: A and B strided, no bias. */
typedef struct kl_gemm_problem {
  int64_t m, n, k;
  const float* a; /* op(A)[i][p] = a[i*a_rs + p*a_cs]; unused with packed_a */
  int64_t a_rs, a_cs;
  const float* b; /* op(B)[p][j] = b[p*b_rs + j*b_cs]; unused with packed_b or pack_b */
  int64_t b_rs, b_cs;
  const float* packed_a; /* op(A) from kl_pack_a_matrix (same config), or NULL */
  const float* packed_b; /* op(B) from kl_pack_b_matrix (same config), or NULL */
  kl_gemm_pack_b_fn pack_b; /* or NULL; called with pack_b_ctx */
  const void* pack_b_ctx;
  /* At most one bias: C starts from it inside each tile, then accumulates. */
  const float* bias;     /* NULL, or n values: row i of C starts as bias[0..n) */
  const float* row_bias; /* NULL, or m values: row i of C starts as row_bias[i] */
  float* c;
  int64_t ldc;
  float alpha, beta;
} kl_gemm_problem;

/* KL_OK, or KL_OUT_OF_MEMORY (through kl_fail) when the pack buffers cannot
 * be allocated; C is then untouched. Threaded; pack buffers per thread. */
kl_status kl_gemm_execute(const kl_gemm_config* cfg, const kl_gemm_problem* problem);

/* Floats of pack buffer kl_gemm_run_block needs for blocks of at most rows x
 * cols of C (64-byte multiples). */
int64_t kl_gemm_block_floats(const kl_gemm_config* cfg, const kl_gemm_problem* problem,
                             int64_t rows, int64_t cols);
/* Rows [i0, i1) x columns [j0, j1) of C on the calling thread, packing into
 * the caller's 64-byte aligned `buffer` (kl_gemm_block_floats of the block).
 * With packed_a, i0 is a multiple of MR; with packed_b, j0 of NR (panels).
 * Every element of C gets the same bits whatever the block bounds (the same
 * kc blocking, the same microkernel lanes), so operators may split C into
 * blocks across threads freely. */
void kl_gemm_run_block(const kl_gemm_config* cfg, const kl_gemm_problem* problem, int64_t i0,
                       int64_t i1, int64_t j0, int64_t j1, float* buffer);

/* Rows [i0, i1) x columns [j0, j1) of C set to the bias, or to beta * C
 * (zeros when beta == 0: C is not read): what C starts from before the first
 * kc block accumulates onto it with beta = 1. */
void kl_gemm_init_c(const kl_gemm_problem* problem, int64_t i0, int64_t i1, int64_t j0,
                    int64_t j1);

#endif /* KL_GEMM_H */
