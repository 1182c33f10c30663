/*
 * test_util.h - what the C tests share: a failure-counting CHECK, a
 * deterministic RNG and fills, bitwise comparisons that print a repro line, and
 * guarded buffers that end exactly at an inaccessible page, so a kernel that
 * reads or writes one element too far faults on the spot (Windows: canaries,
 * checked when the buffer is released).
 */
#ifndef KL_TEST_UTIL_H
#define KL_TEST_UTIL_H

#define _DEFAULT_SOURCE /* mmap with MAP_ANONYMOUS, sysconf under -std=c11 */

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if defined(_WIN32)
#  define KT_GUARD_PAGES 0
#else
#  define KT_GUARD_PAGES 1
#  include <sys/mman.h>
#  include <unistd.h>
#endif

#include "internal.h"

static int kt_failures;

/* Counts a failure and prints where, with a printf-style explanation. */
#define KT_CHECK(cond, ...)                                                   \
  do {                                                                        \
    if (!(cond)) {                                                            \
      kt_failures++;                                                          \
      fprintf(stderr, "%s:%d: CHECK(%s) failed: ", __FILE__, __LINE__, #cond); \
      fprintf(stderr, __VA_ARGS__);                                           \
      fputc('\n', stderr);                                                    \
    }                                                                         \
  } while (0)

/* The exit status of a test program. */
static inline int kt_report(const char* test) {
  if (kt_failures != 0) {
    fprintf(stderr, "%s: %d check(s) failed\n", test, kt_failures);
    return 1;
  }
  printf("%s: all checks passed\n", test);
  return 0;
}

/* ---- deterministic random numbers (splitmix64) ---------------------------- */

typedef struct kt_rng {
  uint64_t state;
} kt_rng;

static inline uint64_t kt_next(kt_rng* rng) {
  uint64_t z = (rng->state += UINT64_C(0x9e3779b97f4a7c15));
  z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
  return z ^ (z >> 31);
}

/* Uniform in [lo, hi]. */
static inline int64_t kt_range(kt_rng* rng, int64_t lo, int64_t hi) {
  return lo + (int64_t)(kt_next(rng) % (uint64_t)(hi - lo + 1));
}

/* Small integers in [lo, hi]: exact in float, and full of ties. */
static inline void kt_fill_int(kt_rng* rng, float* p, int64_t n, int lo, int hi) {
  for (int64_t i = 0; i < n; i++) {
    p[i] = (float)kt_range(rng, lo, hi);
  }
}

static inline float kt_from_bits(uint32_t bits) {
  float f;
  memcpy(&f, &bits, sizeof f);
  return f;
}

static inline uint32_t kt_bits(float f) {
  uint32_t bits;
  memcpy(&bits, &f, sizeof bits);
  return bits;
}

/* Overwrites about one element in `one_in` with a special value: quiet and
 * signalling NaNs of either sign and varied payloads, +-inf, +-0. */
static inline void kt_sprinkle_specials(kt_rng* rng, float* p, int64_t n, int one_in) {
  static const uint32_t specials[] = {0x7fc00000u, 0xffc00000u, 0x7fc00123u, 0xffa00001u,
                                      0x7f800001u, 0x7f800000u, 0xff800000u, 0x80000000u,
                                      0x00000000u};
  for (int64_t i = 0; i < n; i++) {
    if (kt_range(rng, 0, one_in - 1) == 0) {
      p[i] = kt_from_bits(specials[kt_range(rng, 0, sizeof specials / sizeof specials[0] - 1)]);
    }
  }
}

/* Uniform reals in about [-12.6, 12.6], on a grid that is not binary: sums round. */
static inline void kt_fill_reals(kt_rng* rng, float* p, int64_t n) {
  for (int64_t i = 0; i < n; i++) {
    p[i] = (float)kt_range(rng, -100000, 100000) / 7919.0f;
  }
}

/* Uniform reals in [-1, 1). */
static inline void kt_fill_unit(kt_rng* rng, float* p, int64_t n) {
  for (int64_t i = 0; i < n; i++) {
    p[i] = (float)((double)kt_next(rng) / 18446744073709551616.0 * 2.0 - 1.0);
  }
}

/* -0 and +0 only: ties whose bits differ. */
static inline void kt_fill_signed_zeros(kt_rng* rng, float* p, int64_t n) {
  for (int64_t i = 0; i < n; i++) {
    p[i] = kt_range(rng, 0, 1) ? -0.0f : 0.0f;
  }
}

static inline void kt_fill_value(float* p, int64_t n, float value) {
  for (int64_t i = 0; i < n; i++) {
    p[i] = value;
  }
}

/* The inputs of the reduction tests (adaptive, global and channel pooling):
 * integers in [-3, 3]; kt_fill_reals; integers with about one special in
 * [2, max_one_in] (drawn once per fill); all -inf; -0 and +0 only. */
enum kt_mix {
  KT_MIX_INTS,
  KT_MIX_REALS,
  KT_MIX_SPECIALS,
  KT_MIX_ALL_NEG_INF,
  KT_MIX_ZEROS,
  KT_MIXES
};

static inline void kt_fill_mix(kt_rng* rng, float* x, int64_t n, enum kt_mix mix, int max_one_in) {
  switch (mix) {
    case KT_MIX_INTS:
      kt_fill_int(rng, x, n, -3, 3);
      break;
    case KT_MIX_REALS:
      kt_fill_reals(rng, x, n);
      break;
    case KT_MIX_SPECIALS:
      kt_fill_int(rng, x, n, -3, 3);
      kt_sprinkle_specials(rng, x, n, (int)kt_range(rng, 2, max_one_in));
      break;
    case KT_MIX_ALL_NEG_INF:
      kt_fill_value(x, n, -INFINITY);
      break;
    default:
      kt_fill_signed_zeros(rng, x, n);
      break;
  }
}

/* Mixes whose sums are exact in float, whatever the order. */
static inline int kt_mix_is_exact(enum kt_mix mix) {
  return mix == KT_MIX_INTS || mix == KT_MIX_ZEROS;
}

/* ---- bitwise comparison ---------------------------------------------------- */

/* 1 if equal bit for bit; otherwise prints the repro line and the first mismatch. */
static inline int kt_same_f32(const float* got, const float* want, int64_t n, const char* repro) {
  for (int64_t i = 0; i < n; i++) {
    if (kt_bits(got[i]) != kt_bits(want[i])) {
      fprintf(stderr, "mismatch [%s] at %" PRId64 " of %" PRId64 ": got %g (0x%08x), want %g (0x%08x)\n",
              repro, i, n, (double)got[i], kt_bits(got[i]), (double)want[i], kt_bits(want[i]));
      return 0;
    }
  }
  return 1;
}

/* Like kt_same_f32, but any NaN matches any NaN: for sums, whose NaN payload
 * depends on operand order that neither C nor PyTorch fixes. */
static inline int kt_same_f32_any_nan(const float* got, const float* want, int64_t n,
                                      const char* repro) {
  for (int64_t i = 0; i < n; i++) {
    if (kt_bits(got[i]) != kt_bits(want[i]) && !(isnan(got[i]) && isnan(want[i]))) {
      return kt_same_f32(got + i, want + i, 1, repro);
    }
  }
  return 1;
}

static inline int kt_same_i64(const int64_t* got, const int64_t* want, int64_t n, const char* repro) {
  for (int64_t i = 0; i < n; i++) {
    if (got[i] != want[i]) {
      fprintf(stderr, "index mismatch [%s] at %" PRId64 " of %" PRId64 ": got %" PRId64 ", want %" PRId64 "\n",
              repro, i, n, got[i], want[i]);
      return 0;
    }
  }
  return 1;
}

/* Means of whole planes (`planes` of `plane_size` elements of x), whose SIMD
 * sum order is each path's own: within 1e-5*sqrt(K) relative to the plane's
 * mean |x|; NaN and inf results must agree. */
static inline int kt_close_plane_means(const float* x, int64_t plane_size, const float* got,
                                       const float* want, int64_t planes, const char* repro) {
  for (int64_t p = 0; p < planes; p++) {
    double scale = 0.0;
    for (int64_t i = 0; i < plane_size; i++) {
      scale += fabs((double)x[p * plane_size + i]);
    }
    const double tol = 1e-5 * sqrt((double)plane_size) * (scale / (double)plane_size) + 1e-30;
    const int ok = isnan(want[p])   ? isnan(got[p])
                   : isinf(want[p]) ? got[p] == want[p]
                                    : fabs((double)got[p] - (double)want[p]) <= tol;
    if (!ok) {
      fprintf(stderr, "avg mismatch [%s] at plane %" PRId64 ": got %.9g, want %.9g\n", repro, p,
              (double)got[p], (double)want[p]);
      return 0;
    }
  }
  return 1;
}

/* ---- rejected calls ---------------------------------------------------------------- */

/* Checks a call's status is KL_INVALID_ARGUMENT and kl_last_error() names
 * `function` and contains `message`. */
static inline void kt_check_invalid(kl_status status, const char* function, const char* what,
                                    const char* message) {
  KT_CHECK(status == KL_INVALID_ARGUMENT, "%s: %s was accepted", function, what);
  KT_CHECK(strstr(kl_last_error(), function) != NULL && strstr(kl_last_error(), message) != NULL,
           "%s: message '%s' lacks '%s' or '%s'", what, kl_last_error(), function, message);
}

/* Clears the last error, makes `call` and checks it was rejected as
 * kt_check_invalid says. */
#define KT_EXPECT_INVALID(call, function, what, message)     \
  do {                                                       \
    kl_fail(KL_OK, "%s", "");                                \
    kt_check_invalid((call), (function), (what), (message)); \
  } while (0)

/* ---- 1 vs 2 threads ---------------------------------------------------------------- */

/* Runs an op's average and max entry points on x (in_n elements) into avg and
 * max (out_n each) and, where the op has them, indices. */
typedef void (*kt_avg_max_fn)(const void* ctx, const float* x, int64_t in_n, float* avg, float* max,
                              int64_t* indices, int64_t out_n);

/* Fills an input with kt_fill_reals and about one special in `one_in`, runs
 * `run` with 1 and 2 threads and checks both give the same bits (averages:
 * any NaN for a NaN). `with_indices` 0: the op has none. */
static inline void kt_check_threads_avg_max(kt_avg_max_fn run, const void* ctx, int64_t in_n,
                                            int64_t out_n, int with_indices, kt_rng* rng,
                                            int one_in, const char* repro) {
  float* x = malloc((size_t)in_n * sizeof(float));
  float* avg[2] = {malloc((size_t)out_n * sizeof(float)), malloc((size_t)out_n * sizeof(float))};
  float* max[2] = {malloc((size_t)out_n * sizeof(float)), malloc((size_t)out_n * sizeof(float))};
  int64_t* ind[2] = {NULL, NULL};
  if (with_indices) {
    ind[0] = malloc((size_t)out_n * sizeof(int64_t));
    ind[1] = malloc((size_t)out_n * sizeof(int64_t));
  }
  kt_fill_reals(rng, x, in_n);
  kt_sprinkle_specials(rng, x, in_n, one_in);
  for (int t = 0; t < 2; t++) {
    kl_set_num_threads(t + 1);
    run(ctx, x, in_n, avg[t], max[t], ind[t], out_n);
  }
  KT_CHECK(kt_same_f32_any_nan(avg[1], avg[0], out_n, repro), "avg");
  KT_CHECK(kt_same_f32(max[1], max[0], out_n, repro) &&
               (!with_indices || kt_same_i64(ind[1], ind[0], out_n, repro)),
           "max");
  free(x);
  for (int t = 0; t < 2; t++) {
    free(avg[t]);
    free(max[t]);
    free(ind[t]);
  }
}

/* ---- guarded buffers ----------------------------------------------------------- */

#define KT_CANARY 0xa5
#define KT_SLACK 64 /* canary bytes on each side without guard pages */

typedef struct kt_buffer {
  void* data; /* `bytes` usable bytes, ending exactly at the guard */
  size_t bytes;
  unsigned char* block; /* the whole allocation */
  size_t block_bytes;
} kt_buffer;

/* Allocates `bytes` whose end touches an inaccessible page; the bytes between
 * the block's start and `data` hold canaries that kt_release checks. Aborts on
 * allocation failure, which is not what a test measures. */
static inline kt_buffer kt_alloc(size_t bytes) {
  kt_buffer b = {0};
  b.bytes = bytes;
#if KT_GUARD_PAGES
  const size_t page = (size_t)sysconf(_SC_PAGESIZE);
  const size_t data_pages = (bytes + page - 1) / page;
  b.block_bytes = (data_pages + 1) * page;
  void* block = mmap(NULL, b.block_bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (block == MAP_FAILED || mprotect((unsigned char*)block + data_pages * page, page, PROT_NONE) != 0) {
    fprintf(stderr, "kt_alloc: cannot map %zu bytes\n", b.block_bytes);
    abort();
  }
  b.block = block;
  b.data = b.block + data_pages * page - bytes;
  memset(b.block, KT_CANARY, data_pages * page - bytes);
#else
  b.block_bytes = bytes + 2 * KT_SLACK;
  b.block = malloc(b.block_bytes);
  if (b.block == NULL) {
    fprintf(stderr, "kt_alloc: cannot allocate %zu bytes\n", b.block_bytes);
    abort();
  }
  memset(b.block, KT_CANARY, b.block_bytes);
  b.data = b.block + KT_SLACK;
#endif
  return b;
}

/* Frees the buffer; returns 0 (and reports) if a canary was overwritten. */
static inline int kt_release(kt_buffer* b, const char* what) {
  const unsigned char* data = b->data;
  int intact = 1;
  for (const unsigned char* p = b->block; p < data; p++) {
    intact &= *p == KT_CANARY;
  }
#if KT_GUARD_PAGES
  munmap(b->block, b->block_bytes);
#else
  for (const unsigned char* p = data + b->bytes; p < b->block + b->block_bytes; p++) {
    intact &= *p == KT_CANARY;
  }
  free(b->block);
#endif
  KT_CHECK(intact, "a canary next to buffer %s was overwritten", what);
  return intact;
}

/* ---- max with and without indices ------------------------------------------------ */

/* Runs a max kernel on its input into y and, unless it is NULL, indices. */
typedef void (*kt_max_fn)(const void* ctx, float* y, int64_t* indices);

/* Runs `run` into y and indices (guarded, n elements each, prefilled with
 * junk), then into y alone, and checks values and indices bit for bit
 * against want and want_ind. */
static inline void kt_check_max_runs(kt_max_fn run, const void* ctx, kt_buffer* y, kt_buffer* ind,
                                     const float* want, const int64_t* want_ind, int64_t n,
                                     const char* repro, const char* what) {
  memset(y->data, 0x55, (size_t)n * sizeof(float));
  memset(ind->data, 0x77, (size_t)n * sizeof(int64_t));
  run(ctx, y->data, ind->data);
  KT_CHECK(kt_same_f32(y->data, want, n, repro) && kt_same_i64(ind->data, want_ind, n, repro),
           "%s, with indices", what);
  memset(y->data, 0x55, (size_t)n * sizeof(float));
  run(ctx, y->data, NULL);
  KT_CHECK(kt_same_f32(y->data, want, n, repro), "%s, without indices", what);
}

/* ---- ISA paths -------------------------------------------------------------------- */

/* The dispatch tables this machine can run; prints the ones it skips. */
static inline int kt_isa_tables(const kl_dispatch* tables[KL_ISA_COUNT]) {
  int count = 0;
  for (int isa = 0; isa < KL_ISA_COUNT; isa++) {
    const kl_dispatch* d = kl_dispatch_for((enum kl_isa)isa);
    if (d != NULL) {
      tables[count++] = d;
    } else {
      printf("skipping isa %s: not supported on this machine\n", kl_isa_name(isa));
    }
  }
  return count;
}

#endif /* KL_TEST_UTIL_H */
