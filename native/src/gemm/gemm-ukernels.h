/*
 * gemm-ukernels.h - declarations of the f32 GEMM microkernels listed in
 * gemm.inc, and the glue their SIMD versions share. Each follows the
 * kl_f32_gemm_ukernel_fn contract (internal.h).
 */
#ifndef KL_GEMM_UKERNELS_H
#define KL_GEMM_UKERNELS_H

#include "internal.h"

#define KL_GEMM_UKERNEL(isa, fn, mr, nr, mc, kc, nc)                                     \
  void fn(int64_t kc_, const float* a, const float* b, float* c, int64_t ldc, int64_t m, \
          int64_t n, float alpha, float beta);
#include "gemm/gemm.inc"
#undef KL_GEMM_UKERNEL
#define KL_IGEMM_UKERNEL(isa, fn, mr, nr)                                                \
  void fn(int64_t kc, const float* a, const float* x, const int64_t* x_rows, float* c,  \
          int64_t ldc, int64_t m, float alpha, float beta);
#include "gemm/igemm.inc"
#undef KL_IGEMM_UKERNEL

/* C is needed only after the k loop: a tile starts fetching the first and last
 * lines of its rows before it. (0, 3) is _mm_prefetch's _MM_HINT_T0. */
static inline __attribute__((always_inline)) void kl_gemm_prefetch_c(const float* c, int64_t ldc,
                                                                     int rows, int64_t n) {
  for (int64_t i = 0; i < rows; i++) {
    __builtin_prefetch(c + i * ldc, 0, 3);
    __builtin_prefetch(c + i * ldc + n - 1, 0, 3);
  }
}

/* One case of KL_GEMM_ROWS_SWITCH: a row count at or past mr falls through to
 * the full tile. */
#define KL_GEMM_ROWS_CASE(rows, mr, tile, ...) \
  case rows:                                   \
    if ((rows) < (mr)) {                       \
      tile(rows, __VA_ARGS__);                 \
      break;                                   \
    }                                          \
    __attribute__((fallthrough));

/* tile(m, ...) with m a constant for each m in 1..mr. */
#define KL_GEMM_ROWS_SWITCH(m, mr, tile, ...)                                                  \
  switch (m) {                                                                                 \
    KL_GEMM_ROWS_CASE(1, mr, tile, __VA_ARGS__) KL_GEMM_ROWS_CASE(2, mr, tile, __VA_ARGS__)    \
    KL_GEMM_ROWS_CASE(3, mr, tile, __VA_ARGS__) KL_GEMM_ROWS_CASE(4, mr, tile, __VA_ARGS__)    \
    KL_GEMM_ROWS_CASE(5, mr, tile, __VA_ARGS__) KL_GEMM_ROWS_CASE(6, mr, tile, __VA_ARGS__)    \
    KL_GEMM_ROWS_CASE(7, mr, tile, __VA_ARGS__) KL_GEMM_ROWS_CASE(8, mr, tile, __VA_ARGS__)    \
    KL_GEMM_ROWS_CASE(9, mr, tile, __VA_ARGS__) KL_GEMM_ROWS_CASE(10, mr, tile, __VA_ARGS__)   \
    KL_GEMM_ROWS_CASE(11, mr, tile, __VA_ARGS__) KL_GEMM_ROWS_CASE(12, mr, tile, __VA_ARGS__)  \
    KL_GEMM_ROWS_CASE(13, mr, tile, __VA_ARGS__) KL_GEMM_ROWS_CASE(14, mr, tile, __VA_ARGS__)  \
    KL_GEMM_ROWS_CASE(15, mr, tile, __VA_ARGS__)                                               \
    default: tile(mr, __VA_ARGS__); break;                                                     \
  }

/* Defines the SIMD microkernel `fn`, an mr-row tile (mr <= 16), and its
 * indirect twin `ifn` (kl_f32_igemm_ukernel_fn: B's rows read in place), from
 * the including file's
 *   static inline __attribute__((always_inline)) void tile_rows(
 *       const int rows, int64_t kc, const float* a, const float* b,
 *       const float* x, const int64_t* x_rows, float* c, int64_t ldc,
 *       int64_t n, float alpha, float beta);
 * whose step p reads B's row at x + x_rows[p] when x_rows is not NULL, else
 * at b + p*NR. It is called with a constant `rows` for each m, so that a
 * partial tile (a batch of 1: GEMV) does only the FMAs of its own rows, in the
 * same order as a full tile: results do not depend on the row count. A
 * macro, not a function, so that each copy is compiled in the ISA file, with
 * its flags. */
#define KL_GEMM_DEFINE_UKERNEL(fn, ifn, mr, nr)                                                 \
  _Static_assert((mr) >= 1 && (mr) <= 16, #fn ": mr must be in 1..16");                         \
  void fn(int64_t kc, const float* a, const float* b, float* c, int64_t ldc, int64_t m,         \
          int64_t n, float alpha, float beta) {                                                 \
    KL_GEMM_ROWS_SWITCH(m, mr, tile_rows, kc, a, b, NULL, NULL, c, ldc, n, alpha, beta)         \
  }                                                                                             \
  void ifn(int64_t kc, const float* a, const float* x, const int64_t* x_rows, float* c,         \
           int64_t ldc, int64_t m, float alpha, float beta) {                                   \
    KL_GEMM_ROWS_SWITCH(m, mr, tile_rows, kc, a, NULL, x, x_rows, c, ldc, nr, alpha, beta)      \
  }

#endif /* KL_GEMM_UKERNELS_H */
