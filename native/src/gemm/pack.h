/*
 * pack.h - packing GEMM operands into the panel layout the microkernels read.
 *
 * A panel is `r` rows of the panel dimension (MR rows of A, or NR columns of B)
 * by kc steps of the reduction: element (i, p) of the panel sits at
 * panel[p*r + i]. Rows past the end of the matrix are zero in the pack buffer,
 * so a microkernel always reads full panels while the user's matrix is never
 * read outside its extent.
 */
#ifndef KL_GEMM_PACK_H
#define KL_GEMM_PACK_H

#include "internal.h"

/* Packs rows [0, rows) x steps [0, kc) of the strided matrix whose element
 * (i, p) is src[i*rs + p*cs] into ceil(rows/r) consecutive panels of r*kc
 * floats each. */
void kl_pack_panels(int64_t r, int64_t rows, int64_t kc, const float* src, int64_t rs, int64_t cs,
                    float* dst);

/* A whole operand packed once for a configuration, as a plan keeps it: for
 * each kc block q of the reduction, the panels of every row (A: MR panels of
 * its m rows; B: NR panels of its n columns), block q starting at
 * q*kc*round_up(rows, r). The GEMM driver finds the panel of (pc, ic) at
 * pc*round_up(rows, r) + ic*kcb, kcb being that block's depth.
 * A is m x k with element (i, p) at a[i*rs + p*cs]; B is k x n with element
 * (p, j) at b[p*rs + j*cs]. */
int64_t kl_packed_a_floats(const kl_gemm_config* cfg, int64_t m, int64_t k);
void kl_pack_a_matrix(const kl_gemm_config* cfg, int64_t m, int64_t k, const float* a, int64_t rs,
                      int64_t cs, float* dst);
int64_t kl_packed_b_floats(const kl_gemm_config* cfg, int64_t k, int64_t n);
void kl_pack_b_matrix(const kl_gemm_config* cfg, int64_t k, int64_t n, const float* b, int64_t rs,
                      int64_t cs, float* dst);

#endif /* KL_GEMM_PACK_H */
