/*
 * dwconv-simd.h - the algorithm of the SIMD depthwise-convolution
 * microkernels, written once for every ISA (XNNPACK's NCHW depthwise kernels
 * are the model: vectors along the output width, a few output rows per pass
 * sharing the input rows they read). The including file defines, for its
 * vector type kl_vec of KL_LANES floats:
 *   kl_vec kl_v_load(const float* p)                  p[0..KL_LANES)
 *   void kl_v_store(float* p, kl_vec v)
 *   void kl_v_store_n(float* p, kl_vec v, int64_t n)  lanes [0, n), n < KL_LANES
 *   kl_vec kl_v_set1(float s)
 *   kl_vec kl_v_fma(kl_vec a, kl_vec b, kl_vec c)     a * b + c, fused
 *   void kl_v_deinterleave2(const float* p, float* e, float* o)
 *                             e[l] = p[2l], o[l] = p[2l + 1] for l < KL_LANES
 *   void kl_v_s2_taps(const float* p, kl_vec* l, kl_vec* c, kl_vec* r)
 *                             the taps of KL_LANES stride-2 outputs: l = p[2j - 1],
 *                             c = p[2j], r = p[2j + 1], reading p[-2, 2*KL_LANES),
 *                             output j in a lane of the ISA's choosing
 *   void kl_v_s2_taps_n(const float* p, int64_t lo, int64_t hi, kl_vec* l, kl_vec* c, kl_vec* r)
 *                             the same reading only p[lo, hi) (-2 <= lo <= hi <= 2*KL_LANES),
 *                             taking zeros elsewhere
 *   kl_vec kl_v_s2_unorder(kl_vec v)                  those lanes back in output order
 * then includes this file and defines its kernels with KL_DWCONV_DEFINE_*.
 *
 * A band first copies the input rows it reads into scratch, zero padded and
 * split into stride_w phases (dwconv-ukernels.h), so the inner loops are
 * unaligned loads and FMAs only. 3x3 stride 2 with pad_left 1, whose copy
 * would cost as much as its arithmetic, reads the input directly instead.
 * Strips of KL_LANES outputs cover a row; the last strip of a row wider than
 * a vector ends at the row's end, overlapping its neighbour (recomputing its
 * outputs with the same bits) instead of storing with a mask; a row narrower
 * than a vector stores n lanes.
 */
#ifndef KL_DWCONV_SIMD_H
#define KL_DWCONV_SIMD_H

#include <stdint.h>
#include <string.h>

#include "conv/dwconv-ukernels.h"

#define KL_ALWAYS_INLINE inline __attribute__((always_inline))
/* The fixed kinds' loops have constant trip counts: unrolled whole, their
 * accumulators and taps live in registers. */
#define KL_UNROLL _Pragma("GCC unroll 32")
/* Output rows per pass of the fixed kinds at most; taps at most 5x5. */
#define KL_DWCONV_MAX_ROWS 4

/* The columns [*lo, *hi) of phase q (of sw) that hold input columns: phase
 * column j is padded column j*sw + q, input column j*sw + q - pl. */
static KL_ALWAYS_INLINE void kl_dwconv_phase_span(int64_t q, int64_t sw, int64_t pl, int64_t in_w,
                                                  int64_t wp, int64_t* lo, int64_t* hi) {
  int64_t l = pl > q ? (pl - q + sw - 1) / sw : 0;
  int64_t h = in_w - 1 + pl - q >= 0 ? (in_w - 1 + pl - q) / sw + 1 : 0;
  l = l < wp ? l : wp;
  h = h < wp ? h : wp;
  *lo = l;
  *hi = h > l ? h : l;
}

/* dst[0..n) = src[0..n): whole vectors, the last one ending at n. */
static KL_ALWAYS_INLINE void kl_dwconv_copy(float* dst, const float* src, int64_t n) {
  if (n < KL_LANES) {
    for (int64_t j = 0; j < n; j++) {
      dst[j] = src[j];
    }
    return;
  }
  int64_t j = 0;
  for (; j + KL_LANES <= n; j += KL_LANES) {
    kl_v_store(dst + j, kl_v_load(src + j));
  }
  if (j < n) {
    kl_v_store(dst + n - KL_LANES, kl_v_load(src + n - KL_LANES));
  }
}

/* Copies input rows oh_begin*stride_h - pad_top + [0, rows_in) into scratch:
 * rows_in rows of sw = stride_w phase rows of wp floats each. Only the
 * columns that hold input are written (the rest is zero on entry and stays
 * so: dwconv-ukernels.h); rows in the padding are zeroed whole. */
static KL_ALWAYS_INLINE void kl_dwconv_pack(const struct kl_dwconv_args* a, int64_t rows_in,
                                            int64_t wp, int64_t sw) {
  const int64_t ih0 = a->oh_begin * a->stride_h - a->pad_top;
  const int64_t pl = a->pad_left, in_w = a->in_w;
  /* Every data row has the same spans: for stride 2, input columns 2i go to
   * phase pl % 2 from its first input column on, 2i + 1 to the other, in
   * deinterleaving vectors while both phases have room, the rest one by one. */
  int64_t lo_e, hi_e, lo_o = 0, hi_o = 0, vec = 0; /* stride 1: the one phase is "even" */
  kl_dwconv_phase_span(sw == 2 ? pl & 1 : 0, sw, pl, in_w, wp, &lo_e, &hi_e);
  if (sw == 2) {
    kl_dwconv_phase_span(~pl & 1, sw, pl, in_w, wp, &lo_o, &hi_o);
    vec = hi_e - lo_e < hi_o - lo_o ? hi_e - lo_e : hi_o - lo_o;
    vec = vec < in_w / 2 ? vec : in_w / 2;
    vec = vec / KL_LANES * KL_LANES;
  }
  for (int64_t i = 0; i < rows_in; i++) {
    float* dst = a->scratch + i * sw * wp;
    const int64_t ih = ih0 + i;
    if (ih < 0 || ih >= a->in_h) {
      memset(dst, 0, (size_t)(sw * wp) * sizeof(float));
      continue;
    }
    const float* src = a->x + ih * in_w;
    if (sw == 1) {
      kl_dwconv_copy(dst + lo_e, src + lo_e - pl, hi_e - lo_e);
    } else if (sw == 2) {
      float* even = dst + (pl & 1) * wp;
      float* odd = dst + (~pl & 1) * wp;
      for (int64_t j = 0; j < vec; j += KL_LANES) {
        kl_v_deinterleave2(src + 2 * j, even + lo_e + j, odd + lo_o + j);
      }
      for (int64_t j = lo_e + vec; j < hi_e; j++) {
        even[j] = src[2 * (j - lo_e)];
      }
      for (int64_t j = lo_o + vec; j < hi_o; j++) {
        odd[j] = src[2 * (j - lo_o) + 1];
      }
    } else {
      for (int64_t q = 0; q < sw; q++) {
        int64_t lo, hi;
        kl_dwconv_phase_span(q, sw, pl, in_w, wp, &lo, &hi);
        for (int64_t j = lo; j < hi; j++) {
          dst[q * wp + j] = src[j * sw + q - pl];
        }
      }
    }
  }
}

/* Output rows r .. r + R - 1 of the band (relative to oh_begin), columns
 * [ox, ox + V*KL_LANES) (or the first n < KL_LANES when V = 1), for a kernel
 * whose geometry (KH, KW, S = stride in both dims, dilation 1) is a
 * compile-time constant; wv holds the broadcast taps. R*V accumulators run
 * side by side: enough independent FMA chains to hide the FMA latency. */
static KL_ALWAYS_INLINE void kl_dwconv_strip(const struct kl_dwconv_args* a, const kl_vec* wv,
                                             int64_t wp, int64_t r, int64_t ox, int64_t n, int R,
                                             int V, int KH, int KW, int S) {
  const int64_t row_stride = S * wp, out_w = a->out_w;
  const float* base = a->scratch + r * S * row_stride + ox;
  float* y = a->y + (a->oh_begin + r) * out_w + ox;
  kl_vec acc[KL_DWCONV_MAX_ROWS][4];
  KL_UNROLL
  for (int i = 0; i < R; i++) {
    KL_UNROLL
    for (int v = 0; v < V; v++) {
      acc[i][v] = kl_v_set1(a->bias);
    }
  }
  KL_UNROLL
  for (int ir = 0; ir < (R - 1) * S + KH; ir++) {
    const float* row = base + ir * row_stride;
    KL_UNROLL
    for (int kx = 0; kx < KW; kx++) {
      KL_UNROLL
      for (int v = 0; v < V; v++) {
        const kl_vec x = kl_v_load(row + (kx % S) * wp + kx / S + v * KL_LANES);
        KL_UNROLL
        for (int i = 0; i < R; i++) {
          const int ky = ir - i * S;
          if (ky >= 0 && ky < KH) {
            acc[i][v] = kl_v_fma(x, wv[ky * KW + kx], acc[i][v]);
          }
        }
      }
    }
  }
  KL_UNROLL
  for (int i = 0; i < R; i++) {
    KL_UNROLL
    for (int v = 0; v < V; v++) {
      if (n < KL_LANES) {
        kl_v_store_n(y + i * out_w, acc[i][v], n);
      } else {
        kl_v_store(y + i * out_w + v * KL_LANES, acc[i][v]);
      }
    }
  }
}

/* Rows r .. r + R - 1, all columns: strips of V vectors, then single vectors,
 * the last one ending at the row's end. */
static KL_ALWAYS_INLINE void kl_dwconv_fixed_rows(const struct kl_dwconv_args* a, const kl_vec* wv,
                                                  int64_t wp, int64_t r, int R, int V, int KH,
                                                  int KW, int S) {
  const int64_t out_w = a->out_w;
  if (out_w < KL_LANES) {
    kl_dwconv_strip(a, wv, wp, r, 0, out_w, R, 1, KH, KW, S);
    return;
  }
  int64_t ox = 0;
  for (; V > 1 && ox + V * KL_LANES <= out_w; ox += V * KL_LANES) {
    kl_dwconv_strip(a, wv, wp, r, ox, KL_LANES, R, V, KH, KW, S);
  }
  for (; ox < out_w; ox += KL_LANES) {
    const int64_t at = ox + KL_LANES <= out_w ? ox : out_w - KL_LANES;
    kl_dwconv_strip(a, wv, wp, r, at, KL_LANES, R, 1, KH, KW, S);
  }
}

/* A whole band of a fixed-geometry kind, R output rows per pass. */
static KL_ALWAYS_INLINE void kl_dwconv_fixed(const struct kl_dwconv_args* a, int R, int V, int KH,
                                             int KW, int S) {
  const int64_t rows = a->oh_end - a->oh_begin;
  const int64_t wp = kl_dwconv_phase_width(a->out_w, KW, S, 1);
  kl_dwconv_pack(a, (rows - 1) * S + KH, wp, S);
  kl_vec wv[25];
  for (int t = 0; t < KH * KW; t++) {
    wv[t] = kl_v_set1(a->w[t]);
  }
  int64_t r = 0;
  for (; r + R <= rows; r += R) {
    kl_dwconv_fixed_rows(a, wv, wp, r, R, V, KH, KW, S);
  }
  for (; r < rows; r++) {
    kl_dwconv_fixed_rows(a, wv, wp, r, 1, V, KH, KW, S);
  }
}

/* 3x3, stride 2, pad_left 1 (PyTorch's padding=1, the downsampling layers of
 * MobileNets) straight from the input: the 2 * KL_LANES + 2 input columns
 * under a vector of outputs become the left, centre and right taps in
 * registers (kl_v_s2_taps: one shuffle each on AVX2), the outputs in the
 * ISA's lane order until the store. No copy, so no stores but the outputs;
 * rows in the padding read a zero row (scratch, zero by contract, at least
 * in_w floats), columns outside the row read as zeros. R output rows per pass
 * share their input rows; the taps go in the generic order. */

/* Where a strip of the direct 3x3 stride 2 kind lies: INSIDE, all the input
 * columns it reads exist, as in every strip but a row's first and last;
 * FIRST, a row's first strip, all but the two before the row; OTHER, any. */
enum kl_s2_edge { KL_S2_INSIDE, KL_S2_FIRST, KL_S2_OTHER };

static KL_ALWAYS_INLINE void kl_dwconv_3x3s2p1_strip(const struct kl_dwconv_args* a,
                                                     const kl_vec* wv, const float* const* rows,
                                                     float* y, int64_t ox, int R,
                                                     enum kl_s2_edge edge, int contiguous) {
  const int64_t out_w = a->out_w;
  /* The input columns [lo, hi) of the strip (from the two before its first
   * on) that exist. */
  int64_t lo = 0, hi = 2 * KL_LANES;
  if (edge == KL_S2_OTHER) {
    lo = ox > 0 ? -2 : 0;
    hi = a->in_w - 2 * ox;
    hi = hi < 2 * KL_LANES ? hi : 2 * KL_LANES;
    hi = hi > lo ? hi : lo;
  }
  kl_vec acc[KL_DWCONV_MAX_ROWS];
  KL_UNROLL
  for (int i = 0; i < R; i++) {
    acc[i] = kl_v_set1(a->bias);
  }
  KL_UNROLL
  for (int ir = 0; ir < 2 * R + 1; ir++) {
    /* contiguous: no row in the padding, so row ir is rows[0] + ir * in_w
     * (one pointer for all, the others free for the compiler). */
    const float* row = (contiguous ? rows[0] + ir * a->in_w : rows[ir]) + 2 * ox;
    /* The same columns three passes on: the hardware prefetcher does not
     * keep up with 2R + 1 interleaved row streams (C6 runs 1.5x faster). */
    __builtin_prefetch(
        (const void*)((uintptr_t)row + (uintptr_t)(6 * R * a->in_w) * sizeof(float)));
    kl_vec left, centre, right;
    if (edge == KL_S2_INSIDE) {
      kl_v_s2_taps(row, &left, &centre, &right);
    } else {
      kl_v_s2_taps_n(row, lo, hi, &left, &centre, &right);
    }
    KL_UNROLL
    for (int i = 0; i < R; i++) {
      const int ky = ir - 2 * i;
      if (ky >= 0 && ky < 3) {
        acc[i] = kl_v_fma(left, wv[ky * 3], acc[i]);
        acc[i] = kl_v_fma(centre, wv[ky * 3 + 1], acc[i]);
        acc[i] = kl_v_fma(right, wv[ky * 3 + 2], acc[i]);
      }
    }
  }
  KL_UNROLL
  for (int i = 0; i < R; i++) {
    if (out_w < KL_LANES) {
      kl_v_store_n(y + i * out_w, kl_v_s2_unorder(acc[i]), out_w);
    } else {
      kl_v_store(y + i * out_w + ox, kl_v_s2_unorder(acc[i]));
    }
  }
}

static KL_ALWAYS_INLINE void kl_dwconv_3x3s2p1_cols(const struct kl_dwconv_args* a,
                                                    const kl_vec* wv, const float* const* rows,
                                                    float* y, int R, int contiguous) {
  const int64_t in_w = a->in_w, out_w = a->out_w;
  const int64_t last = out_w < KL_LANES ? 0 : out_w - KL_LANES;
  for (int64_t ox = 0;; ox += KL_LANES) {
    ox = ox < last ? ox : last;
    if (ox > 0 && 2 * (ox + KL_LANES) <= in_w) {
      kl_dwconv_3x3s2p1_strip(a, wv, rows, y, ox, R, KL_S2_INSIDE, contiguous);
    } else if (ox == 0 && 2 * KL_LANES <= in_w) {
      kl_dwconv_3x3s2p1_strip(a, wv, rows, y, ox, R, KL_S2_FIRST, contiguous);
    } else {
      kl_dwconv_3x3s2p1_strip(a, wv, rows, y, ox, R, KL_S2_OTHER, contiguous);
    }
    if (ox == last) {
      break;
    }
  }
}

static KL_ALWAYS_INLINE void kl_dwconv_3x3s2p1_rows(const struct kl_dwconv_args* a,
                                                    const kl_vec* wv, int64_t r, int R) {
  const int64_t ih0 = (a->oh_begin + r) * 2 - a->pad_top;
  const float* rows[2 * KL_DWCONV_MAX_ROWS + 1];
  KL_UNROLL
  for (int ir = 0; ir < 2 * R + 1; ir++) {
    const int64_t ih = ih0 + ir;
    rows[ir] = ih >= 0 && ih < a->in_h ? a->x + ih * a->in_w : a->scratch;
  }
  float* y = a->y + (a->oh_begin + r) * a->out_w;
  if (ih0 >= 0 && ih0 + 2 * R < a->in_h) {
    kl_dwconv_3x3s2p1_cols(a, wv, rows, y, R, 1);
  } else {
    kl_dwconv_3x3s2p1_cols(a, wv, rows, y, R, 0);
  }
}

static KL_ALWAYS_INLINE void kl_dwconv_3x3s2p1(const struct kl_dwconv_args* a, int R) {
  const int64_t rows = a->oh_end - a->oh_begin;
  kl_vec wv[9];
  for (int t = 0; t < 9; t++) {
    wv[t] = kl_v_set1(a->w[t]);
  }
  int64_t r = 0;
  for (; r + R <= rows; r += R) {
    kl_dwconv_3x3s2p1_rows(a, wv, r, R);
  }
  for (; r < rows; r++) {
    kl_dwconv_3x3s2p1_rows(a, wv, r, 1);
  }
}

/* Any geometry: one output row per pass, taps from runtime loops. */
static inline void kl_dwconv_generic(const struct kl_dwconv_args* a) {
  const int64_t sh = a->stride_h, sw = a->stride_w, dh = a->dilation_h, dw = a->dilation_w;
  const int64_t rows = a->oh_end - a->oh_begin, out_w = a->out_w;
  const int64_t wp = kl_dwconv_phase_width(out_w, a->kw, sw, dw);
  const int64_t row_stride = sw * wp;
  kl_dwconv_pack(a, (rows - 1) * sh + (a->kh - 1) * dh + 1, wp, sw);
  const int64_t last = out_w < KL_LANES ? 0 : out_w - KL_LANES;
  for (int64_t r = 0; r < rows; r++) {
    float* y = a->y + (a->oh_begin + r) * out_w;
    for (int64_t ox = 0;; ox += KL_LANES) {
      ox = ox < last ? ox : last;
      kl_vec acc = kl_v_set1(a->bias);
      for (int64_t ky = 0; ky < a->kh; ky++) {
        const float* row = a->scratch + (r * sh + ky * dh) * row_stride + ox;
        for (int64_t kx = 0; kx < a->kw; kx++) {
          const int64_t t = kx * dw;
          acc = kl_v_fma(kl_v_load(row + (t % sw) * wp + t / sw), kl_v_set1(a->w[ky * a->kw + kx]),
                         acc);
        }
      }
      if (out_w < KL_LANES) {
        kl_v_store_n(y, acc, out_w);
      } else {
        kl_v_store(y + ox, acc);
      }
      if (ox == last) {
        break;
      }
    }
  }
}

/* fn: the K x K, stride S kind, R output rows by V vectors (V <= 4) per pass. */
#define KL_DWCONV_DEFINE_FIXED(fn, R, V, K, S) \
  void fn(const struct kl_dwconv_args* a) { kl_dwconv_fixed(a, R, V, K, K, S); }
/* fn: the 3x3 stride 2 kind, straight from the input (R rows per pass) when
 * pad_left is 1, else as KL_DWCONV_DEFINE_FIXED(fn, R, V, 3, 2). */
#define KL_DWCONV_DEFINE_3X3S2(fn, R, R_PACKED, V_PACKED)                            \
  void fn(const struct kl_dwconv_args* a) {                                          \
    if (a->pad_left == 1) {                                                          \
      kl_dwconv_3x3s2p1(a, R);                                                       \
    } else {                                                                         \
      kl_dwconv_fixed(a, R_PACKED, V_PACKED, 3, 3, 2);                               \
    }                                                                                \
  }
#define KL_DWCONV_DEFINE_GENERIC(fn) \
  void fn(const struct kl_dwconv_args* a) { kl_dwconv_generic(a); }

#endif /* KL_DWCONV_SIMD_H */
