/*
 * kernellib.h - the whole C ABI of KernelLib.
 *
 * Conventions (see shared DESIGN.md):
 *  - float32, row-major / NCHW, PyTorch semantics (dilation is 1-based, weights
 *    [out, in/groups, k...]).
 *  - Every size, stride and index is int64_t. Index outputs are int64_t,
 *    flattened over the spatial dims of one (n, c) plane, as PyTorch returns them.
 *  - Every buffer travels with its length in elements; the library re-checks
 *    that every access fits and never reads or writes outside [ptr, ptr+len).
 *  - Every function returns kl_status; kl_last_error() explains a failure
 *    (thread-local, valid until the next failing call on the same thread).
 *  - Parameter structs have fixed-width fields only, so C# mirrors them blittably.
 */
#ifndef KERNELLIB_H
#define KERNELLIB_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(_WIN32)
#  if defined(KERNELLIB_BUILD)
#    define KL_API __declspec(dllexport)
#  else
#    define KL_API __declspec(dllimport)
#  endif
#else
#  define KL_API __attribute__((visibility("default")))
#endif

/* Bumped whenever a signature or a struct layout changes. */
#define KL_ABI_VERSION 3

typedef enum kl_status {
  KL_OK = 0,
  KL_INVALID_ARGUMENT = 1,
  KL_OUT_OF_MEMORY = 2,
  KL_UNSUPPORTED = 3,
  KL_INTERNAL_ERROR = 4
} kl_status;

/* Instruction-set paths, ordered from the reference upwards. An enum tag
 * only: the name kl_isa is the function below. */
enum kl_isa {
  KL_ISA_SCALAR = 0,
  KL_ISA_AVX2 = 1,   /* AVX2 + FMA */
  KL_ISA_AVX512 = 2, /* AVX-512F (+VL/BW/DQ where used) */
  KL_ISA_NEON = 3,
  KL_ISA_COUNT = 4
};

/* ---- library ------------------------------------------------------------ */

KL_API int32_t kl_abi_version(void);
/* Message of the last failed call on this thread ("" if none). Never NULL. */
KL_API const char* kl_last_error(void);

/* The active ISA: the best the CPU and OS support, or the lower one asked for
 * with the environment variable KERNELLIB_ISA=scalar|avx2|avx512|neon (read once;
 * asking for a path the machine lacks falls back to the best it has, with a
 * one-line notice on stderr). */
KL_API int32_t kl_isa(void);
/* Nonzero when this machine (CPU and OS) can run the given path. */
KL_API int32_t kl_isa_supported(int32_t isa);
/* "scalar", "avx2", "avx512", "neon"; "unknown" otherwise. Static string. */
KL_API const char* kl_isa_name(int32_t isa);

/* Threads used by every op (default: the number of online processors).
 * Results are bitwise identical for every thread count. */
KL_API kl_status kl_set_num_threads(int32_t num_threads);
KL_API int32_t kl_get_num_threads(void);

/* ---- GEMM ---------------------------------------------------------------- */

/* Row-major C[m,n] = alpha * op(A)[m,k] * op(B)[k,n] + beta * C, BLAS sgemm
 * semantics: op(A) = A (stored m x k, lda >= k) or A^T (stored k x m, lda >= m);
 * likewise B. ldc >= n. beta == 0 never reads C (NaN in C is ignored).
 * k == 0 gives C = beta * C. */
typedef struct kl_gemm_params {
  int32_t trans_a; /* 0 or 1 */
  int32_t trans_b; /* 0 or 1 */
  int64_t m, n, k;
  int64_t lda, ldb, ldc;
  float alpha, beta;
} kl_gemm_params;

KL_API kl_status kl_sgemm(const kl_gemm_params* params,
                          const float* a, int64_t a_len,
                          const float* b, int64_t b_len,
                          float* c, int64_t c_len);

/* ---- Linear --------------------------------------------------------------- */

/* y[batch, out] = x[batch, in] * W^T + bias, W stored [out, in] (PyTorch). */
typedef struct kl_linear_params {
  int64_t batch;
  int64_t in_features;
  int64_t out_features;
} kl_linear_params;

/* One-shot: packs W on the fly. bias may be NULL (bias_len ignored then). */
KL_API kl_status kl_linear_f32(const kl_linear_params* params,
                               const float* x, int64_t x_len,
                               const float* weight, int64_t weight_len,
                               const float* bias, int64_t bias_len,
                               float* y, int64_t y_len);

/* Plans: opaque objects that hold pre-packed weights; destroy with kl_plan_destroy. */
typedef struct kl_plan kl_plan;

/* Packs W (and copies bias, which may be NULL) once; params->batch is ignored. */
KL_API kl_status kl_linear_plan_create(const kl_linear_params* params,
                                       const float* weight, int64_t weight_len,
                                       const float* bias, int64_t bias_len,
                                       kl_plan** plan);
/* Runs y = x W^T + b for `batch` rows. Safe to call from several threads at once. */
KL_API kl_status kl_linear_plan_run(const kl_plan* plan, int64_t batch,
                                    const float* x, int64_t x_len,
                                    float* y, int64_t y_len);
/* Which implementation a plan chose, e.g. "linear/packed-gemm/avx2". Static string. */
KL_API const char* kl_plan_implementation(const kl_plan* plan);
/* Frees any plan; NULL is a no-op. */
KL_API void kl_plan_destroy(kl_plan* plan);

/* ---- activations ----------------------------------------------------------- */

/* y = max(x, 0); NaN stays NaN (PyTorch). In place when x == y; any other
 * overlap is rejected. */
KL_API kl_status kl_relu_f32(const float* x, float* y, int64_t n);

/* ---- pooling ---------------------------------------------------------------- */

/* N-d pooling (1-D, 2-D and 3-D are one call): `planes` = N*C independent
 * in_d x in_h x in_w planes (NCDHW, dense). 1-D pooling sets d and h, 2-D sets d,
 * to size 1 with kernel 1, stride 1, padding 0, dilation 1. out_* must equal what
 * PyTorch infers from the other fields (pooling_output_shape); the library
 * recomputes and checks them, and checks padding <= kernel / 2 per dim. */
typedef struct kl_pool_params {
  int64_t planes;
  int64_t in_d, in_h, in_w;
  int64_t out_d, out_h, out_w;
  int64_t kernel_d, kernel_h, kernel_w;
  int64_t stride_d, stride_h, stride_w;
  int64_t pad_d, pad_h, pad_w;
  int64_t dilation_d, dilation_h, dilation_w; /* average pooling: must be 1 */
  int64_t divisor_override; /* average pooling: 0 = none, else every window's divisor */
  int32_t ceil_mode; /* 0 or 1 */
  int32_t count_include_pad; /* average pooling: 0 or 1; max pooling: must be 0 */
} kl_pool_params;

/* Max pooling. indices may be NULL; when given, each receives the winner's
 * offset (id*in_h + ih)*in_w + iw within its plane: the first maximum in the
 * window's row-major order; a NaN wins and the last NaN's index is kept, as in
 * PyTorch; padding never wins. */
KL_API kl_status kl_maxpool_f32(const kl_pool_params* params,
                                const float* x, int64_t x_len,
                                float* y, int64_t y_len,
                                int64_t* indices, int64_t indices_len);

/* Average pooling (PyTorch's avg_pool1d/2d/3d): the window sum divided by
 * divisor_override when nonzero, else by the window's size clipped to the
 * padded input (count_include_pad) or to the input (otherwise). */
KL_API kl_status kl_avgpool_f32(const kl_pool_params* params,
                                const float* x, int64_t x_len,
                                float* y, int64_t y_len);

/* Adaptive pooling: output (od, oh, ow) covers input [floor(o*in/out),
 * ceil((o+1)*in/out)) in each dim. Outputs of size 1 take the global path. */
typedef struct kl_adaptive_pool_params {
  int64_t planes;
  int64_t in_d, in_h, in_w;
  int64_t out_d, out_h, out_w;
} kl_adaptive_pool_params;

KL_API kl_status kl_adaptive_avgpool_f32(const kl_adaptive_pool_params* params,
                                         const float* x, int64_t x_len,
                                         float* y, int64_t y_len);
/* indices as in kl_maxpool_f32 (may be NULL). */
KL_API kl_status kl_adaptive_maxpool_f32(const kl_adaptive_pool_params* params,
                                         const float* x, int64_t x_len,
                                         float* y, int64_t y_len,
                                         int64_t* indices, int64_t indices_len);

/* Global pooling: y[p] = mean / max of plane p's plane_size elements. indices
 * (may be NULL) receive the winner's offset in its plane, as in kl_maxpool_f32. */
KL_API kl_status kl_global_avgpool_f32(int64_t planes, int64_t plane_size,
                                       const float* x, int64_t x_len,
                                       float* y, int64_t y_len);
KL_API kl_status kl_global_maxpool_f32(int64_t planes, int64_t plane_size,
                                       const float* x, int64_t x_len,
                                       float* y, int64_t y_len,
                                       int64_t* indices, int64_t indices_len);

/* Channel-wise pooling over dim 1 of (batch, channels, plane_size):
 * y[b, 0, i] = max / mean over c of x[b, c, i] (PyTorch's
 * x.max(dim=1, keepdim=True).values and x.mean(dim=1, keepdim=True); a NaN
 * wins the max). */
KL_API kl_status kl_channel_maxpool_f32(int64_t batch, int64_t channels, int64_t plane_size,
                                        const float* x, int64_t x_len,
                                        float* y, int64_t y_len);
KL_API kl_status kl_channel_avgpool_f32(int64_t batch, int64_t channels, int64_t plane_size,
                                        const float* x, int64_t x_len,
                                        float* y, int64_t y_len);

/* Max-unpooling: y is zeroed, then y[p][indices[p][i]] = x[p][i] for each of the
 * in_d*in_h*in_w inputs of plane p (later writes win on duplicate indices, as in
 * PyTorch on the CPU). An index outside [0, out_d*out_h*out_w) is
 * KL_INVALID_ARGUMENT and is never written; y's contents are then unspecified. */
typedef struct kl_unpool_params {
  int64_t planes;
  int64_t in_d, in_h, in_w; /* the pooled input (and indices) */
  int64_t out_d, out_h, out_w; /* the unpooled output */
} kl_unpool_params;

KL_API kl_status kl_maxunpool_f32(const kl_unpool_params* params,
                                  const float* x, int64_t x_len,
                                  const int64_t* indices, int64_t indices_len,
                                  float* y, int64_t y_len);

/* ---- convolution ------------------------------------------------------------ */
/* How a convolution fills the border (PyTorch's padding_mode). Transposed
 * convolution accepts only KL_PAD_ZEROS. */
enum kl_padding_mode {
  KL_PAD_ZEROS = 0,
  KL_PAD_REFLECT = 1,   /* each pad < the input size in its dim */
  KL_PAD_REPLICATE = 2,
  KL_PAD_CIRCULAR = 3   /* each pad <= the input size in its dim */
};

/* N-d convolution and transposed convolution, NCDHW in and out, dense.
 * 1-D and 2-D are leading dims of size 1 (in 1, kernel 1, stride 1, pads 0,
 * dilation 1, output padding 0). Weights are PyTorch's: forward
 * [out_channels, in_channels/groups, kd, kh, kw], transposed
 * [in_channels, out_channels/groups, kd, kh, kw]. Padding may differ at the
 * two ends of a dim (PyTorch's "same" with an even effective kernel pads the
 * extra element at the end); transposed convolution needs them equal.
 * out_* must equal what PyTorch computes from the other fields (the library
 * recomputes and checks):
 *   forward:    (in + pad_begin + pad_end - dilation*(k-1) - 1) / stride + 1
 *   transposed: (in-1)*stride - 2*pad + dilation*(k-1) + output_padding + 1
 * with output_padding < stride or < dilation in each dim (PyTorch's rule). */
typedef struct kl_conv_params {
  int64_t batch;
  int64_t in_channels, out_channels, groups;
  int64_t in_d, in_h, in_w;
  int64_t out_d, out_h, out_w;
  int64_t kernel_d, kernel_h, kernel_w;
  int64_t stride_d, stride_h, stride_w;
  int64_t pad_d, pad_h, pad_w;             /* front / top / left */
  int64_t pad_d_end, pad_h_end, pad_w_end; /* back / bottom / right */
  int64_t dilation_d, dilation_h, dilation_w;
  int64_t output_pad_d, output_pad_h, output_pad_w; /* transposed only, else 0 */
  int32_t transposed;   /* 0 or 1 */
  int32_t padding_mode; /* enum kl_padding_mode */
} kl_conv_params;

/* Validates the shapes and parameters, packs the weights (and copies bias,
 * which may be NULL) once, and chooses an algorithm for the whole problem
 * (batch included): see kl_plan_implementation. */
KL_API kl_status kl_conv_plan_create(const kl_conv_params* params,
                                     const float* weight, int64_t weight_len,
                                     const float* bias, int64_t bias_len,
                                     kl_plan** plan);
/* Bytes of scratch a run needs with the library's current thread count (0 is
 * possible). Lets the caller own the memory so that a run allocates nothing. */
KL_API kl_status kl_conv_plan_workspace_size(const kl_plan* plan, int64_t* bytes);
/* y = conv(x) (+ bias, fused). workspace: NULL (the run allocates and frees its
 * own), or at least 64-byte aligned workspace_bytes; a workspace sized for fewer
 * threads than the library now has makes the run use fewer threads (results are
 * the same for every thread count). Safe to call from several threads at once
 * with distinct workspaces. */
KL_API kl_status kl_conv_plan_run(const kl_plan* plan,
                                  const float* x, int64_t x_len,
                                  float* y, int64_t y_len,
                                  void* workspace, int64_t workspace_bytes);
/* One-shot: create, run, destroy. */
KL_API kl_status kl_conv_f32(const kl_conv_params* params,
                             const float* x, int64_t x_len,
                             const float* weight, int64_t weight_len,
                             const float* bias, int64_t bias_len,
                             float* y, int64_t y_len);

/* ---- channel shuffle ----------------------------------------------------------- */

/* torch.nn.ChannelShuffle(groups) on (batch, channels, plane_size), dense:
 * output channel i*groups + j is input channel j*(channels/groups) + i.
 * groups must divide channels; x_len and y_len must both be
 * batch*channels*plane_size; y must not overlap x (no in-place shuffle). */
KL_API kl_status kl_channel_shuffle_f32(int64_t batch, int64_t channels, int64_t groups,
                                        int64_t plane_size, const float* x, int64_t x_len,
                                        float* y, int64_t y_len);

/* ---- machine ---------------------------------------------------------------- */

/* Peak fp32 FMA throughput of a register-only FMA loop on `isa` with
 * `num_threads` threads (0 = the library's count), measured for ~`seconds`.
 * Lets GEMM be quoted as a fraction of the machine's peak. */
KL_API kl_status kl_measure_fma_peak(int32_t isa, int32_t num_threads,
                                     double seconds, double* gflops);

#ifdef __cplusplus
}
#endif

#endif /* KERNELLIB_H */
