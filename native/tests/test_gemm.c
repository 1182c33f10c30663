/*
 * test_gemm.c - GEMM: every microkernel of gemm.inc the machine can run on
 * every partial tile and depth, then kl_sgemm (the active ISA; ctest also runs
 * this under KERNELLIB_ISA) across the block sizes, transposes, strides and
 * alpha/beta, bit for bit against a plain triple loop on small integers, with
 * every buffer ending at a guard page; determinism across thread counts; and
 * the validation of bad arguments.
 */
#include "test_util.h"

#include "gemm/gemm-ukernels.h"
#include "gemm/pack.h"

typedef struct ukernel_entry {
  int isa;
  kl_f32_gemm_ukernel_fn fn;
  int64_t mr, nr;
  const char* name;
} ukernel_entry;

static const ukernel_entry ukernels[] = {
#define KL_GEMM_UKERNEL(isa, fn, mr, nr, mc, kc, nc) {isa, fn, mr, nr, #fn},
#include "gemm/gemm.inc"
#undef KL_GEMM_UKERNEL
};

/* (alpha, beta) pairs: plain, scaled and negative, beta == 0 (C holds NaN
 * then, which must be ignored), and beta == 1 (what later kc blocks use). */
static const float alphas[] = {1.0f, 2.0f, -0.5f, 1.0f, -1.0f};
static const float betas[] = {0.0f, 1.0f, -2.0f, 3.0f, 0.0f};
enum { SCALE_PAIRS = sizeof alphas / sizeof alphas[0] };

/* alpha * sum + beta * c, exact in double for the small integers used here,
 * hence exact in float as well. beta == 0 ignores c. */
static float expected(float alpha, double sum, float beta, float c) {
  return (float)(beta == 0.0f ? alpha * sum : alpha * sum + (double)beta * c);
}

/* Bit for bit, except that +0 and -0 match: the sign of an exact zero depends
 * on how the terms were grouped (-1 * (5 + -5) is -0, -1*5 + -1*-5 is +0), and
 * blocking over k groups them. */
static int same_results(const float* got, const float* want, int64_t n, const char* repro) {
  for (int64_t i = 0; i < n; i++) {
    if (kt_bits(got[i]) != kt_bits(want[i]) && !(got[i] == 0.0f && want[i] == 0.0f)) {
      fprintf(stderr, "mismatch [%s] at %lld of %lld: got %g (0x%08x), want %g (0x%08x)\n", repro,
              (long long)i, (long long)n, (double)got[i], kt_bits(got[i]), (double)want[i],
              kt_bits(want[i]));
      return 0;
    }
  }
  return 1;
}

/* Fills C (and its gaps) with integers, or with NaN when beta == 0. */
static void fill_c(kt_rng* rng, float* c, int64_t n, float beta) {
  if (beta == 0.0f) {
    for (int64_t i = 0; i < n; i++) {
      c[i] = NAN;
    }
  } else {
    kt_fill_int(rng, c, n, -4, 4);
  }
}

/* ---- packing --------------------------------------------------------------- */

/* Both layouts (panel dimension contiguous, and strided) of a 7 x 5 block
 * with a leading dimension of 9, into panels of 3: element (i, p) at
 * panel[i/3][p*3 + i%3], the two missing rows of the last panel zero. */
static void test_pack(void) {
  enum { ROWS = 7, KC = 5, LD = 9, R = 3, PANELS = 3 };
  float src[ROWS * LD];
  for (int i = 0; i < ROWS * LD; i++) {
    src[i] = (float)(i + 1);
  }
  for (int contiguous = 0; contiguous < 2; contiguous++) {
    const int64_t rs = contiguous ? 1 : LD, cs = contiguous ? LD : 1;
    float packed[PANELS * R * KC];
    for (int i = 0; i < PANELS * R * KC; i++) {
      packed[i] = NAN;
    }
    kl_pack_panels(R, ROWS, KC, src, rs, cs, packed);
    int wrong = 0;
    for (int i = 0; i < PANELS * R; i++) {
      for (int p = 0; p < KC; p++) {
        const float got = packed[(i / R) * R * KC + p * R + i % R];
        wrong += got != (i < ROWS ? src[i * rs + p * cs] : 0.0f);
      }
    }
    KT_CHECK(wrong == 0, "pack (%s): %d misplaced elements", contiguous ? "rs == 1" : "strided",
             wrong);
  }
}

/* ---- microkernels ----------------------------------------------------------- */

/* One call: m x n of an mr x nr tile at depth kc, ldc >= n, packed panels and
 * C each ending at a guard page. */
static void check_ukernel_call(const ukernel_entry* uk, kt_rng* rng, int64_t kc, int64_t m,
                               int64_t n, int scale) {
  const int64_t ldc = n + kt_range(rng, 0, 3);
  const int64_t c_len = (m - 1) * ldc + n;
  const float alpha = alphas[scale], beta = betas[scale];
  kt_buffer a = kt_alloc((size_t)(uk->mr * kc) * sizeof(float));
  kt_buffer b = kt_alloc((size_t)(uk->nr * kc) * sizeof(float));
  kt_buffer c = kt_alloc((size_t)c_len * sizeof(float));
  float* want = malloc((size_t)c_len * sizeof(float));
  const float* pa = a.data;
  const float* pb = b.data;
  kt_fill_int(rng, a.data, uk->mr * kc, -4, 4);
  kt_fill_int(rng, b.data, uk->nr * kc, -4, 4);
  fill_c(rng, c.data, c_len, beta);
  memcpy(want, c.data, (size_t)c_len * sizeof(float));
  for (int64_t i = 0; i < m; i++) {
    for (int64_t j = 0; j < n; j++) {
      double sum = 0.0;
      for (int64_t p = 0; p < kc; p++) {
        sum += (double)pa[p * uk->mr + i] * pb[p * uk->nr + j];
      }
      want[i * ldc + j] = expected(alpha, sum, beta, want[i * ldc + j]);
    }
  }
  uk->fn(kc, a.data, b.data, c.data, ldc, m, n, alpha, beta);
  char repro[128];
  snprintf(repro, sizeof repro, "%s_m%lld_n%lld_k%lld_ldc%lld_alpha%g_beta%g", uk->name,
           (long long)m, (long long)n, (long long)kc, (long long)ldc, (double)alpha, (double)beta);
  KT_CHECK(kt_same_f32(c.data, want, c_len, repro), "microkernel differs from the reference");
  free(want);
  kt_release(&a, "a panel");
  kt_release(&b, "b panel");
  kt_release(&c, "c");
}

/* Depths around the k unroll (4) and beyond; every partial tile at small
 * depths, the corner tiles at large ones. */
static void test_ukernel(const ukernel_entry* uk) {
  static const int64_t depths[] = {0, 1, 2, 3, 4, 5, 7, 8, 9, 16, 31, 64, 257};
  kt_rng rng = {(uint64_t)uk->isa + 11};
  int scale = 0;
  for (size_t d = 0; d < sizeof depths / sizeof depths[0]; d++) {
    const int64_t kc = depths[d];
    for (int64_t m = 1; m <= uk->mr; m++) {
      for (int64_t n = 1; n <= uk->nr; n++) {
        const int corner =
            (m == 1 || m == uk->mr) && (n == 1 || n == uk->nr || n == uk->nr / 2 + 1);
        if (kc < 64 || corner) {
          check_ukernel_call(uk, &rng, kc, m, n, scale);
          scale = (scale + 1) % SCALE_PAIRS;
        }
      }
    }
  }
}

static void test_ukernels(void) {
  int skipped = 0;
  for (size_t u = 0; u < sizeof ukernels / sizeof ukernels[0]; u++) {
    if (kl_dispatch_for((enum kl_isa)ukernels[u].isa) == NULL) {
      printf("skipping %s: %s not supported on this machine\n", ukernels[u].name,
             kl_isa_name(ukernels[u].isa));
      skipped++;
    } else {
      test_ukernel(&ukernels[u]);
    }
  }
  printf("microkernels: %d tested, %d skipped\n",
         (int)(sizeof ukernels / sizeof ukernels[0]) - skipped, skipped);
}

/* ---- kl_sgemm ------------------------------------------------------------------ */

typedef struct gemm_case {
  int32_t trans_a, trans_b;
  int64_t m, n, k;
  int64_t pad_a, pad_b, pad_c; /* ld beyond the minimum */
  int scale;
} gemm_case;

static int64_t max64(int64_t a, int64_t b) {
  return a > b ? a : b;
}

static int64_t extent(int64_t rows, int64_t cols, int64_t ld) {
  return rows == 0 || cols == 0 ? 0 : (rows - 1) * ld + cols;
}

/* Runs one case through kl_sgemm and checks all of C's extent: the m x n
 * result, and the gaps between rows left as they were. Returns the number of
 * non-zero results. */
static int64_t check_sgemm_case(const gemm_case* gc, kt_rng* rng) {
  const int64_t m = gc->m, n = gc->n, k = gc->k;
  const int64_t a_rows = gc->trans_a ? k : m, a_cols = gc->trans_a ? m : k;
  const int64_t b_rows = gc->trans_b ? n : k, b_cols = gc->trans_b ? k : n;
  const kl_gemm_params p = {gc->trans_a,
                            gc->trans_b,
                            m,
                            n,
                            k,
                            max64(1, a_cols) + gc->pad_a,
                            max64(1, b_cols) + gc->pad_b,
                            max64(1, n) + gc->pad_c,
                            alphas[gc->scale],
                            betas[gc->scale]};
  const int64_t a_len = extent(a_rows, a_cols, p.lda), b_len = extent(b_rows, b_cols, p.ldb);
  const int64_t c_len = extent(m, n, p.ldc);
  kt_buffer a = kt_alloc((size_t)a_len * sizeof(float));
  kt_buffer b = kt_alloc((size_t)b_len * sizeof(float));
  kt_buffer c = kt_alloc((size_t)c_len * sizeof(float));
  float* want = malloc((size_t)(c_len + 1) * sizeof(float));
  const float* pa = a.data;
  const float* pb = b.data;
  kt_fill_int(rng, a.data, a_len, -4, 4);
  kt_fill_int(rng, b.data, b_len, -4, 4);
  fill_c(rng, c.data, c_len, p.beta);
  memcpy(want, c.data, (size_t)c_len * sizeof(float));
  int64_t nonzero = 0;
  for (int64_t i = 0; i < m; i++) {
    for (int64_t j = 0; j < n; j++) {
      double sum = 0.0;
      for (int64_t q = 0; q < k; q++) {
        const float av = gc->trans_a ? pa[q * p.lda + i] : pa[i * p.lda + q];
        const float bv = gc->trans_b ? pb[j * p.ldb + q] : pb[q * p.ldb + j];
        sum += (double)av * bv;
      }
      want[i * p.ldc + j] = expected(p.alpha, sum, p.beta, want[i * p.ldc + j]);
      nonzero += want[i * p.ldc + j] != 0.0f;
    }
  }
  char repro[160];
  snprintf(repro, sizeof repro,
           "sgemm_ta%d_tb%d_m%lld_n%lld_k%lld_lda%lld_ldb%lld_ldc%lld_alpha%g_beta%g",
           (int)p.trans_a, (int)p.trans_b, (long long)m, (long long)n, (long long)k,
           (long long)p.lda, (long long)p.ldb, (long long)p.ldc, (double)p.alpha, (double)p.beta);
  const kl_status status = kl_sgemm(&p, a.data, a_len, b.data, b_len, c.data, c_len);
  KT_CHECK(status == KL_OK, "[%s] status %d: %s", repro, (int)status, kl_last_error());
  KT_CHECK(same_results(c.data, want, c_len, repro), "sgemm differs from the reference");
  free(want);
  kt_release(&a, "a");
  kt_release(&b, "b");
  kt_release(&c, "c");
  return nonzero;
}

/* Shapes below, at and above the active configuration's mr, nr, mc, kc, nc,
 * in every transpose combination, with padded leading dimensions. */
static void test_sgemm_shapes(void) {
  const kl_gemm_config* g = &kl_dispatch_active()->gemm;
  const int64_t ms[] = {1, g->mr - 1, g->mr, g->mr + 1, 2 * g->mr + 3, g->mc + g->mr + 1};
  const int64_t ns[] = {1, g->nr - 1, g->nr + 1, 3 * g->nr + 5};
  const int64_t ks[] = {0, 1, 5, g->kc, g->kc + 3};
  kt_rng rng = {21};
  int scale = 0;
  int64_t results = 0, nonzero = 0;
  for (int t = 0; t < 4; t++) {
    for (size_t i = 0; i < sizeof ms / sizeof ms[0]; i++) {
      for (size_t j = 0; j < sizeof ns / sizeof ns[0]; j++) {
        for (size_t q = 0; q < sizeof ks / sizeof ks[0]; q++) {
          if (ms[i] < 1 || ns[j] < 1) {
            continue; /* mr or nr of 1 */
          }
          const gemm_case gc = {t & 1,
                                t >> 1,
                                ms[i],
                                ns[j],
                                ks[q],
                                kt_range(&rng, 0, 3),
                                kt_range(&rng, 0, 3),
                                kt_range(&rng, 0, 3),
                                scale};
          nonzero += check_sgemm_case(&gc, &rng);
          results += ms[i] * ns[j];
          scale = (scale + 1) % SCALE_PAIRS;
        }
      }
    }
  }
  /* Beyond one nc block of columns, and several kc blocks of depth. */
  const gemm_case wide = {0, 1, 3, g->nc + g->nr + 3, 7, 1, 0, 2, 1};
  const gemm_case deep = {1, 0, g->mr + 2, g->nr + 3, 2 * g->kc + 7, 0, 2, 1, 2};
  nonzero += check_sgemm_case(&wide, &rng);
  nonzero += check_sgemm_case(&deep, &rng);
  KT_CHECK(nonzero * 2 > results, "mostly zeros: %lld of %lld results are non-zero",
           (long long)nonzero, (long long)results);
}

/* Empty products, k == 0 (C = beta * C), and alpha == 0 (A and B, full of
 * NaN here, are not read). */
static void test_sgemm_degenerate(void) {
  const kl_gemm_params empty_m = {0, 0, 0, 5, 3, 3, 5, 5, 1.0f, 0.0f};
  const kl_gemm_params empty_n = {0, 0, 4, 0, 3, 3, 1, 1, 1.0f, 0.0f};
  float operand[15] = {0};
  KT_CHECK(kl_sgemm(&empty_m, NULL, 0, operand, 15, NULL, 0) == KL_OK, "m == 0: %s",
           kl_last_error());
  KT_CHECK(kl_sgemm(&empty_n, operand, 12, NULL, 0, NULL, 0) == KL_OK, "n == 0: %s",
           kl_last_error());

  kt_rng rng = {31};
  for (int beta_zero = 0; beta_zero < 2; beta_zero++) {
    for (int alpha_zero = 0; alpha_zero < 2; alpha_zero++) {
      const int64_t m = 5, n = 7, k = alpha_zero ? 9 : 0, ldc = 9;
      const float beta = beta_zero ? 0.0f : -3.0f;
      const int64_t c_len = extent(m, n, ldc);
      kt_buffer a = kt_alloc((size_t)(m * k) * sizeof(float));
      kt_buffer b = kt_alloc((size_t)(k * n) * sizeof(float));
      kt_buffer c = kt_alloc((size_t)c_len * sizeof(float));
      float want[4 * 9 + 7];
      for (int64_t i = 0; i < m * k; i++) {
        ((float*)a.data)[i] = NAN;
      }
      for (int64_t i = 0; i < k * n; i++) {
        ((float*)b.data)[i] = NAN;
      }
      fill_c(&rng, c.data, c_len, beta);
      memcpy(want, c.data, sizeof want);
      for (int64_t i = 0; i < m; i++) {
        for (int64_t j = 0; j < n; j++) {
          want[i * ldc + j] = expected(1.0f, 0.0, beta, want[i * ldc + j]);
        }
      }
      const kl_gemm_params p = {0, 0, m, n, k, max64(1, k), n, ldc, alpha_zero ? 0.0f : 2.0f, beta};
      char repro[64];
      snprintf(repro, sizeof repro, "sgemm_m5_n7_k%lld_alpha%g_beta%g", (long long)k,
               (double)p.alpha, (double)beta);
      KT_CHECK(kl_sgemm(&p, a.data, m * k, b.data, k * n, c.data, c_len) == KL_OK, "[%s] %s", repro,
               kl_last_error());
      KT_CHECK(same_results(c.data, want, c_len, repro), "C must be beta * C");
      kt_release(&a, "a");
      kt_release(&b, "b");
      kt_release(&c, "c");
    }
  }
}

/* ---- determinism --------------------------------------------------------------- */

/* Non-integer values, so that any change in summation order would show. */
static void fill_real(kt_rng* rng, float* p, int64_t n) {
  for (int64_t i = 0; i < n; i++) {
    p[i] = (float)kt_range(rng, -1000000, 1000000) * 1.0e-6f;
  }
}

/* The same product with 1, 2 and 3 threads, and twice: bit for bit equal.
 * One shape wider than tall (columns are split), one taller (rows are). */
static void test_sgemm_threads(void) {
  static const int64_t shapes[][3] = {{190, 300, 700}, {400, 50, 300}};
  const int32_t saved = kl_get_num_threads();
  kt_rng rng = {41};
  for (int s = 0; s < 2; s++) {
    const int64_t m = shapes[s][0], n = shapes[s][1], k = shapes[s][2];
    const kl_gemm_params p = {s, 1 - s, m, n, k, s ? m : k, s ? n : k, n, 1.5f, 0.0f};
    float* a = malloc((size_t)(m * k) * sizeof(float));
    float* b = malloc((size_t)(k * n) * sizeof(float));
    float* first = malloc((size_t)(m * n) * sizeof(float));
    float* c = malloc((size_t)(m * n) * sizeof(float));
    fill_real(&rng, a, m * k);
    fill_real(&rng, b, k * n);
    kl_set_num_threads(1);
    KT_CHECK(kl_sgemm(&p, a, m * k, b, k * n, first, m * n) == KL_OK, "%s", kl_last_error());
    for (int32_t threads = 1; threads <= 3; threads++) {
      char repro[96];
      snprintf(repro, sizeof repro, "sgemm_m%lld_n%lld_k%lld_threads%d", (long long)m, (long long)n,
               (long long)k, (int)threads);
      kl_set_num_threads(threads);
      KT_CHECK(kl_sgemm(&p, a, m * k, b, k * n, c, m * n) == KL_OK, "%s", kl_last_error());
      KT_CHECK(kt_same_f32(c, first, m * n, repro), "result depends on the thread count");
    }
    free(a);
    free(b);
    free(first);
    free(c);
  }
  kl_set_num_threads(saved);
}

/* ---- validation -------------------------------------------------------------------- */

static void expect_invalid(const kl_gemm_params* p, const float* a, int64_t a_len, const float* b,
                           int64_t b_len, float* c, int64_t c_len, const char* what) {
  const kl_status status = kl_sgemm(p, a, a_len, b, b_len, c, c_len);
  KT_CHECK(status == KL_INVALID_ARGUMENT, "%s: status %d", what, (int)status);
  KT_CHECK(kl_last_error()[0] != '\0', "%s: no message", what);
}

static void test_sgemm_validation(void) {
  float a[6 * 4], b[4 * 5], c[6 * 5];
  memset(a, 0, sizeof a);
  memset(b, 0, sizeof b);
  memset(c, 0, sizeof c);
  const kl_gemm_params ok = {0, 0, 6, 5, 4, 4, 5, 5, 1.0f, 0.0f};
  KT_CHECK(kl_sgemm(&ok, a, 24, b, 20, c, 30) == KL_OK, "baseline: %s", kl_last_error());
  kl_gemm_params p;
  expect_invalid(NULL, a, 24, b, 20, c, 30, "NULL params");
  p = ok, p.trans_a = 2;
  expect_invalid(&p, a, 24, b, 20, c, 30, "trans_a = 2");
  p = ok, p.trans_b = -1;
  expect_invalid(&p, a, 24, b, 20, c, 30, "trans_b = -1");
  p = ok, p.m = -1;
  expect_invalid(&p, a, 24, b, 20, c, 30, "m < 0");
  p = ok, p.n = -2;
  expect_invalid(&p, a, 24, b, 20, c, 30, "n < 0");
  p = ok, p.k = -3;
  expect_invalid(&p, a, 24, b, 20, c, 30, "k < 0");
  p = ok, p.lda = 3;
  expect_invalid(&p, a, 24, b, 20, c, 30, "lda < k");
  p = ok, p.trans_a = 1;
  expect_invalid(&p, a, 24, b, 20, c, 30, "transposed lda < m");
  p = ok, p.ldb = 4;
  expect_invalid(&p, a, 24, b, 20, c, 30, "ldb < n");
  p = ok, p.ldc = 0;
  expect_invalid(&p, a, 24, b, 20, c, 30, "ldc = 0");
  p = ok, p.lda = INT64_MAX;
  expect_invalid(&p, a, 24, b, 20, c, 30, "extent overflows");
  expect_invalid(&ok, a, 23, b, 20, c, 30, "short a");
  expect_invalid(&ok, a, 24, b, 19, c, 30, "short b");
  expect_invalid(&ok, a, 24, b, 20, c, 29, "short c");
  expect_invalid(&ok, a, -1, b, 20, c, 30, "negative a_len");
  expect_invalid(&ok, NULL, 24, b, 20, c, 30, "NULL a");
  expect_invalid(&ok, a, 24, NULL, 20, c, 30, "NULL b");
  expect_invalid(&ok, a, 24, b, 20, NULL, 30, "NULL c");
  expect_invalid(&ok, c, 24, b, 20, c, 30, "c overlaps a");
  expect_invalid(&ok, a, 24, c + 10, 20, c, 30, "c overlaps b");
}

int main(void) {
  test_pack();
  test_ukernels();
  test_sgemm_shapes();
  test_sgemm_degenerate();
  test_sgemm_threads();
  test_sgemm_validation();
  return kt_report("test_gemm");
}
