/*
 * internal.h - what the library's translation units share and nothing exports:
 * error reporting, the ISA dispatch table, the thread pool and the microkernel
 * function types.
 */
#ifndef KL_INTERNAL_H
#define KL_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "kernellib.h"

#if defined(__x86_64__) || defined(_M_X64)
#  define KL_ARCH_X86_64 1
#else
#  define KL_ARCH_X86_64 0
#endif
#if defined(__aarch64__) || defined(_M_ARM64)
#  define KL_ARCH_ARM64 1
#else
#  define KL_ARCH_ARM64 0
#endif

/* ---- errors (error.c) ---------------------------------------------------- */

/* Records a printf-style message for kl_last_error() and returns `status`. */
kl_status kl_fail(kl_status status, const char* fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Nonzero if [ptr, ptr+len) and [other, other+other_len) share any byte. */
int kl_ranges_overlap(const void* ptr, int64_t len_bytes, const void* other, int64_t other_len_bytes);

/* ---- microkernel types ---------------------------------------------------- */

/* C[m x n] (row stride ldc) = alpha * Apanel * Bpanel (+ beta * C).
 * a: packed MR x kc panel, column-major within the panel (a[p*MR + i]).
 * b: packed kc x NR panel, row-major within the panel (b[p*NR + j]).
 * 1 <= m <= MR, 1 <= n <= NR: partial tiles store only m x n (masked, no
 * over-read or over-write of C). beta == 0: C is written without being read.
 * kc may be 0 (then C = beta * C, or 0 when beta == 0). */
typedef void (*kl_f32_gemm_ukernel_fn)(int64_t kc, const float* a, const float* b, float* c,
                                       int64_t ldc, int64_t m, int64_t n, float alpha,
                                       float beta);

/* The indirect twin of a GEMM microkernel (same tile, same packed A, same
 * order of FMAs), for implicit GEMM: step p of B is the NR floats at
 * x + x_rows[p], read in place. n is always NR. */
typedef void (*kl_f32_igemm_ukernel_fn)(int64_t kc, const float* a, const float* x,
                                        const int64_t* x_rows, float* c, int64_t ldc, int64_t m,
                                        float alpha, float beta);

/* One GEMM configuration: the microkernel and the BLIS block sizes around it. */
typedef struct kl_gemm_config {
  kl_f32_gemm_ukernel_fn ukernel;
  int64_t mr, nr; /* microkernel tile */
  int64_t mc, kc, nc; /* cache blocking: mc % mr == 0, nc % nr == 0 */
  const char* name; /* "kl_f32_gemm_ukernel_6x16__avx2" */
  kl_f32_igemm_ukernel_fn iukernel; /* the indirect twin (gemm/igemm.inc) */
} kl_gemm_config;

/* y[i] = f(x[i]) for i < n; x == y allowed. */
typedef void (*kl_f32_vunary_ukernel_fn)(int64_t n, const float* x, float* y);

/* Max or average pooling of one output row of one plane: see
 * pool/pool-common.h for the contract (the operator resolves depth and rows). */
struct kl_pool_row_args;
typedef void (*kl_f32_pool_ukernel_fn)(const struct kl_pool_row_args* args);

/* The max-pooling microkernel kinds, one dispatch slot each (pool/maxpool.inc). */
enum kl_maxpool_kind { KL_MAXPOOL_GENERIC, KL_MAXPOOL_2X2S2, KL_MAXPOOL_3X3S2P1, KL_MAXPOOL_KINDS };
/* The average-pooling microkernel kinds (pool/avgpool.inc). */
enum kl_avgpool_kind { KL_AVGPOOL_GENERIC, KL_AVGPOOL_3X3S1P1, KL_AVGPOOL_KINDS };

/* Depthwise convolution of a band of rows of one NCHW plane (conv/dwconv-ukernels.h
 * has the contract), one dispatch slot per kind (conv/dwconv.inc). */
struct kl_dwconv_args;
typedef void (*kl_f32_dwconv_ukernel_fn)(const struct kl_dwconv_args* args);
enum kl_dwconv_kind {
  KL_DWCONV_GENERIC,
  KL_DWCONV_3X3S1,
  KL_DWCONV_3X3S2,
  KL_DWCONV_5X5S1,
  KL_DWCONV_5X5S2,
  KL_DWCONV_KINDS
};

/* Reduction-style pooling (pool/global-pool-ukernels.h, channel-pool-ukernels.h,
 * adaptive-pool-ukernels.h have the contracts): one mean or max per plane;
 * mean or max over channels along contiguous columns; one output row of
 * adaptive pooling. */
typedef void (*kl_f32_gavgpool_ukernel_fn)(int64_t planes, int64_t plane_size, const float* x,
                                           float* y);
typedef void (*kl_f32_gmaxpool_ukernel_fn)(int64_t planes, int64_t plane_size, const float* x,
                                           float* y, int64_t* indices);
typedef void (*kl_f32_channel_pool_ukernel_fn)(int64_t channels, int64_t n, int64_t stride,
                                               const float* x, float* y);
struct kl_adaptive_row_args;
typedef void (*kl_f32_adaptive_pool_ukernel_fn)(const struct kl_adaptive_row_args* args);

/* ---- dispatch (cpu.c) ---------------------------------------------------- */

/* Everything an operator needs for one ISA. Filled once from the per-family
 * enumerator lists (gemm/gemm.inc, act/relu.inc, pool/maxpool.inc ...); a family
 * with no kernel for an ISA falls back to the next lower ISA it has. */
typedef struct kl_dispatch {
  enum kl_isa isa;
  kl_gemm_config gemm;
  kl_f32_vunary_ukernel_fn vrelu;
  kl_f32_pool_ukernel_fn maxpool[KL_MAXPOOL_KINDS];
  kl_f32_pool_ukernel_fn avgpool[KL_AVGPOOL_KINDS];
  const char* vrelu_name;
  const char* maxpool_name[KL_MAXPOOL_KINDS];
  const char* avgpool_name[KL_AVGPOOL_KINDS];
  kl_f32_dwconv_ukernel_fn dwconv[KL_DWCONV_KINDS];
  const char* dwconv_name[KL_DWCONV_KINDS];
  kl_f32_gavgpool_ukernel_fn gavgpool;
  kl_f32_gmaxpool_ukernel_fn gmaxpool;
  kl_f32_channel_pool_ukernel_fn channel_maxpool, channel_avgpool;
  kl_f32_adaptive_pool_ukernel_fn adaptive_avgpool, adaptive_maxpool;
  const char* gavgpool_name;
  const char* gmaxpool_name;
  const char* channel_maxpool_name;
  const char* channel_avgpool_name;
  const char* adaptive_avgpool_name;
  const char* adaptive_maxpool_name;
} kl_dispatch;

/* The active table (KERNELLIB_ISA applied). Thread-safe; initialises once. */
const kl_dispatch* kl_dispatch_active(void);
/* The table of one ISA, or NULL when the machine cannot run it. For tests and
 * the peak probe. */
const kl_dispatch* kl_dispatch_for(enum kl_isa isa);

/* ---- thread pool (threadpool.c) ------------------------------------------ */

/* Covers [0, count) by calling fn(ctx, begin, end) once per thread, split
 * statically: thread t of T gets [count*t/T, count*(t+1)/T), empty ranges
 * skipped. The caller runs range 0; returns when all are done. Nested calls from inside a task run
 * serially in the calling thread. Partitioning must never change results:
 * callers split only independent outputs, never a reduction. */
typedef void (*kl_task_fn)(void* ctx, int64_t begin, int64_t end);
void kl_parallel_for(int64_t count, kl_task_fn fn, void* ctx);
/* Same, using at most max_threads threads (e.g. to keep tiny work serial). */
void kl_parallel_for_n(int64_t count, int32_t max_threads, kl_task_fn fn, void* ctx);

/* ---- memory --------------------------------------------------------------- */

/* 64-byte aligned allocation; NULL on failure. */
void* kl_aligned_alloc(size_t bytes);
void kl_aligned_free(void* p);

#endif /* KL_INTERNAL_H */
