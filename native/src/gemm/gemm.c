/*
 * gemm.c - kl_sgemm: validation, then the GEMM driver (gemm.h): BLIS's five
 * loops JC (nc) -> PC (kc, pack B) -> IC (mc, pack A) -> JR (nr) -> IR (mr)
 * around the active microkernel.
 *
 * Threading: each thread takes a static slice of the output, whole NR panels
 * of columns (or MR panels of rows when C is taller than wide), and runs its
 * own five loops with its own pack buffers. The threads never synchronise
 * after the start, which keeps 2-core scaling close to the machine's; the
 * price is that each thread packs the shared operand itself, an O(mk) or
 * O(kn) copy against O(mnk) work. Every element of C sees the same kc
 * blocking and the same microkernel whatever the slicing, so results are
 * bitwise identical for any thread count.
 */
#include <pthread.h>
#include <stdlib.h>

#include "gemm/gemm.h"
#include "gemm/pack.h"

/* Less work than this per thread (about 20 us) is not worth waking a worker:
 * a 64^3 GEMM (0.5 MFLOP, G6) stays on the calling thread, 128^3 uses two. */
#define KL_GEMM_MIN_FLOPS_PER_THREAD (2.0 * 1024.0 * 1024.0)
/* Pack buffer parts are rounded to whole 64-byte lines. */
#define KL_FLOATS_PER_LINE 16

/* ---- pack buffers ----------------------------------------------------------
 * Each calling thread keeps one aligned buffer, grown to the largest call it
 * has made and freed when the thread exits; the threads of a parallel call use
 * disjoint parts of the caller's buffer. After the first call of a given size
 * the hot path allocates nothing, and an allocation failure is reported on
 * the calling thread before any work starts. The size is bounded by the block
 * sizes and the thread count, not by the problem. */

typedef struct kl_gemm_workspace {
  float* data;
  int64_t floats;
} kl_gemm_workspace;

static pthread_key_t workspace_key;
static int workspace_key_ready;
static pthread_once_t workspace_once = PTHREAD_ONCE_INIT;

static void workspace_destroy(void* p) {
  kl_gemm_workspace* ws = p;
  kl_aligned_free(ws->data);
  free(ws);
}

static void workspace_key_create(void) {
  workspace_key_ready = pthread_key_create(&workspace_key, workspace_destroy) == 0;
}

static float* workspace_reserve(int64_t floats) {
  pthread_once(&workspace_once, workspace_key_create);
  if (!workspace_key_ready) {
    return NULL;
  }
  kl_gemm_workspace* ws = pthread_getspecific(workspace_key);
  if (ws == NULL) {
    ws = calloc(1, sizeof *ws);
    if (ws == NULL || pthread_setspecific(workspace_key, ws) != 0) {
      free(ws);
      return NULL;
    }
  }
  if (ws->floats < floats) {
    float* data = kl_aligned_alloc((size_t)floats * sizeof(float));
    if (data == NULL) {
      return NULL;
    }
    kl_aligned_free(ws->data);
    ws->data = data;
    ws->floats = floats;
  }
  return ws->data;
}

/* ---- driver ------------------------------------------------------------------ */

typedef struct kl_gemm_call {
  const kl_gemm_config* cfg;
  const kl_gemm_problem* pr;
  int64_t slices;
  int64_t panels; /* NR panels of n, or MR panels of m, shared out among slices */
  int split_n;
  float* workspace;
  int64_t a_floats, b_floats; /* per slice */
} kl_gemm_call;

/* One plain loop per case, so that each vectorises. */
void kl_gemm_init_c(const kl_gemm_problem* pr, int64_t i0, int64_t i1, int64_t j0, int64_t j1) {
  for (int64_t i = i0; i < i1; i++) {
    float* row = pr->c + i * pr->ldc;
    if (pr->bias != NULL) {
      for (int64_t j = j0; j < j1; j++) row[j] = pr->bias[j];
    } else if (pr->row_bias != NULL) {
      const float v = pr->row_bias[i];
      for (int64_t j = j0; j < j1; j++) row[j] = v;
    } else if (pr->beta == 0.0f) {
      for (int64_t j = j0; j < j1; j++) row[j] = 0.0f;
    } else {
      const float beta = pr->beta;
      for (int64_t j = j0; j < j1; j++) row[j] *= beta;
    }
  }
}

/* JR and IR loops over one packed mcb x kcb block of A and kcb x ncb block of
 * B, whose top-left element of C is (ic, jc). The first kc block of a problem
 * with a bias writes the bias into each tile just before the microkernel
 * accumulates onto it (beta = 1), while the tile is in L1: no separate pass
 * over C. */
static void macro_kernel(const kl_gemm_config* cfg, const kl_gemm_problem* pr, int64_t ic,
                         int64_t jc, int64_t mcb, int64_t ncb, int64_t kcb, const float* apack,
                         const float* bpack, int first) {
  const int bias_tile = first && (pr->bias != NULL || pr->row_bias != NULL);
  const float beta = bias_tile || !first ? 1.0f : pr->beta;
  for (int64_t jr = 0; jr < ncb; jr += cfg->nr) {
    const int64_t nrb = kl_min_i64(cfg->nr, ncb - jr);
    for (int64_t ir = 0; ir < mcb; ir += cfg->mr) {
      const int64_t mrb = kl_min_i64(cfg->mr, mcb - ir);
      float* c = pr->c + (ic + ir) * pr->ldc + jc + jr;
      if (bias_tile) {
        kl_gemm_init_c(pr, ic + ir, ic + ir + mrb, jc + jr, jc + jr + nrb);
      }
      cfg->ukernel(kcb, apack + ir * kcb, bpack + jr * kcb, c, pr->ldc, mrb, nrb, pr->alpha, beta);
    }
  }
}

/* The packed B block of steps [pc, pc + kcb) x columns [jc, jc + ncb). */
static const float* b_block(const kl_gemm_config* cfg, const kl_gemm_problem* pr, int64_t pc,
                            int64_t kcb, int64_t jc, int64_t ncb, float* bpack) {
  if (pr->packed_b != NULL) {
    return pr->packed_b + pc * kl_round_up(pr->n, cfg->nr) + jc * kcb;
  }
  if (pr->pack_b != NULL) {
    pr->pack_b(pr->pack_b_ctx, pc, kcb, jc, ncb, bpack);
  } else {
    /* B's panel dimension is its columns. */
    kl_pack_panels(cfg->nr, ncb, kcb, pr->b + pc * pr->b_rs + jc * pr->b_cs, pr->b_cs, pr->b_rs,
                   bpack);
  }
  return bpack;
}

/* JC, PC and IC loops over rows [i0, i1) and columns [j0, j1) of C; the pack
 * buffers hold one A block (none with packed_a) and then one B block. */
static void run_slice(const kl_gemm_config* cfg, const kl_gemm_problem* pr, float* apack,
                      float* bpack, int64_t i0, int64_t i1, int64_t j0, int64_t j1) {
  for (int64_t jc = j0; jc < j1; jc += cfg->nc) {
    const int64_t ncb = kl_min_i64(cfg->nc, j1 - jc);
    for (int64_t pc = 0; pc < pr->k; pc += cfg->kc) {
      const int64_t kcb = kl_min_i64(cfg->kc, pr->k - pc);
      const float* bblock = b_block(cfg, pr, pc, kcb, jc, ncb, bpack);
      for (int64_t ic = i0; ic < i1; ic += cfg->mc) {
        const int64_t mcb = kl_min_i64(cfg->mc, i1 - ic);
        const float* ablock;
        if (pr->packed_a != NULL) {
          ablock = pr->packed_a + pc * kl_round_up(pr->m, cfg->mr) + ic * kcb;
        } else {
          kl_pack_panels(cfg->mr, mcb, kcb, pr->a + ic * pr->a_rs + pc * pr->a_cs, pr->a_rs,
                         pr->a_cs, apack);
          ablock = apack;
        }
        macro_kernel(cfg, pr, ic, jc, mcb, ncb, kcb, ablock, bblock, pc == 0);
      }
    }
  }
}

/* Pack buffer floats for blocks of at most rows x cols: one A block and one B
 * block, capped by the block sizes, each a whole number of 64-byte lines. */
static void block_floats(const kl_gemm_config* cfg, const kl_gemm_problem* pr, int64_t rows,
                         int64_t cols, int64_t* a_floats, int64_t* b_floats) {
  const int64_t depth = kl_min_i64(cfg->kc, pr->k);
  const int64_t a_block = kl_min_i64(cfg->mc, kl_round_up(rows, cfg->mr)) * depth;
  const int64_t b_block = kl_min_i64(cfg->nc, kl_round_up(cols, cfg->nr)) * depth;
  *a_floats = pr->packed_a != NULL ? 0 : kl_round_up(a_block, KL_FLOATS_PER_LINE);
  *b_floats = pr->packed_b != NULL ? 0 : kl_round_up(b_block, KL_FLOATS_PER_LINE);
}

int64_t kl_gemm_block_floats(const kl_gemm_config* cfg, const kl_gemm_problem* pr, int64_t rows,
                             int64_t cols) {
  int64_t a_floats, b_floats;
  block_floats(cfg, pr, rows, cols, &a_floats, &b_floats);
  return a_floats + b_floats;
}

void kl_gemm_run_block(const kl_gemm_config* cfg, const kl_gemm_problem* pr, int64_t i0,
                       int64_t i1, int64_t j0, int64_t j1, float* buffer) {
  if (i0 >= i1 || j0 >= j1) {
    return;
  }
  if (pr->k == 0) {
    kl_gemm_init_c(pr, i0, i1, j0, j1);
    return;
  }
  int64_t a_floats, b_floats;
  block_floats(cfg, pr, i1 - i0, j1 - j0, &a_floats, &b_floats);
  run_slice(cfg, pr, buffer, buffer + a_floats, i0, i1, j0, j1);
}

static void slice_task(void* ctx, int64_t begin, int64_t end) {
  const kl_gemm_call* call = ctx;
  const kl_gemm_config* cfg = call->cfg;
  for (int64_t s = begin; s < end; s++) {
    const int64_t p0 = call->panels * s / call->slices;
    const int64_t p1 = call->panels * (s + 1) / call->slices;
    float* apack = call->workspace + s * (call->a_floats + call->b_floats);
    float* bpack = apack + call->a_floats;
    if (call->split_n) {
      run_slice(cfg, call->pr, apack, bpack, 0, call->pr->m, p0 * cfg->nr,
                kl_min_i64(p1 * cfg->nr, call->pr->n));
    } else {
      run_slice(cfg, call->pr, apack, bpack, p0 * cfg->mr, kl_min_i64(p1 * cfg->mr, call->pr->m),
                0, call->pr->n);
    }
  }
}

/* Threads and the dimension they split: the longer side of C, whole panels
 * each, and none with less than the minimum work. From the shape alone. */
static void choose_slices(kl_gemm_call* call) {
  const kl_gemm_problem* pr = call->pr;
  call->split_n = pr->n >= pr->m;
  call->panels = call->split_n ? kl_div_up(pr->n, call->cfg->nr) : kl_div_up(pr->m, call->cfg->mr);
  const double flops = 2.0 * (double)pr->m * (double)pr->n * (double)pr->k;
  int64_t slices = kl_get_num_threads();
  if ((double)slices * KL_GEMM_MIN_FLOPS_PER_THREAD > flops) {
    slices = (int64_t)(flops / KL_GEMM_MIN_FLOPS_PER_THREAD);
  }
  call->slices = slices < 1 ? 1 : kl_min_i64(slices, call->panels);
}

/* Pack buffer floats per slice: blocks of the widest slice, capped by the
 * block sizes, so a buffer never grows with the problem beyond them. */
static void size_buffers(kl_gemm_call* call) {
  const kl_gemm_config* cfg = call->cfg;
  const kl_gemm_problem* pr = call->pr;
  const int64_t widest = kl_div_up(call->panels, call->slices);
  const int64_t rows = call->split_n ? pr->m : kl_min_i64(pr->m, widest * cfg->mr);
  const int64_t cols = call->split_n ? kl_min_i64(pr->n, widest * cfg->nr) : pr->n;
  block_floats(cfg, pr, rows, cols, &call->a_floats, &call->b_floats);
}

kl_status kl_gemm_execute(const kl_gemm_config* cfg, const kl_gemm_problem* pr) {
  if (pr->m == 0 || pr->n == 0) {
    return KL_OK;
  }
  if (pr->k == 0) {
    kl_gemm_init_c(pr, 0, pr->m, 0, pr->n);
    return KL_OK;
  }
  kl_gemm_call call = {.cfg = cfg, .pr = pr};
  choose_slices(&call);
  size_buffers(&call);
  const int64_t floats = call.slices * (call.a_floats + call.b_floats);
  call.workspace = workspace_reserve(floats);
  if (call.workspace == NULL) {
    return kl_fail(KL_OUT_OF_MEMORY, "gemm: cannot allocate %lld bytes of pack buffers",
                   (long long)floats * (long long)sizeof(float));
  }
  kl_parallel_for_n(call.slices, (int32_t)call.slices, slice_task, &call);
  return KL_OK;
}

/* ---- kl_sgemm ---------------------------------------------------------------- */

/* Elements spanned by a rows x cols row-major matrix with leading dimension ld,
 * or -1 when that overflows int64. */
static int64_t strided_extent(int64_t rows, int64_t cols, int64_t ld) {
  if (rows == 0 || cols == 0) {
    return 0;
  }
  if (rows - 1 > (INT64_MAX - cols) / ld) {
    return -1;
  }
  return (rows - 1) * ld + cols;
}

/* Checks one operand: ld against its minimum, the buffer against its extent. */
static kl_status check_operand(const char* name, const float* ptr, int64_t len, int64_t rows,
                               int64_t cols, int64_t ld, int64_t* extent) {
  const int64_t min_ld = cols > 1 ? cols : 1;
  if (ld < min_ld) {
    return kl_fail(KL_INVALID_ARGUMENT, "sgemm: ld%s = %lld must be >= max(1, %lld)", name,
                   (long long)ld, (long long)cols);
  }
  *extent = strided_extent(rows, cols, ld);
  if (*extent < 0 || len < *extent) {
    return kl_fail(KL_INVALID_ARGUMENT,
                   "sgemm: %s holds %lld elements, a %lld x %lld matrix with ld%s = %lld needs "
                   "(rows-1)*ld + cols",
                   name, (long long)len, (long long)rows, (long long)cols, name, (long long)ld);
  }
  if (ptr == NULL && *extent > 0) {
    return kl_fail(KL_INVALID_ARGUMENT, "sgemm: %s is NULL", name);
  }
  return KL_OK;
}

kl_status kl_sgemm(const kl_gemm_params* params, const float* a, int64_t a_len, const float* b,
                   int64_t b_len, float* c, int64_t c_len) {
  if (params == NULL) {
    return kl_fail(KL_INVALID_ARGUMENT, "sgemm: params is NULL");
  }
  const kl_gemm_params p = *params;
  if ((p.trans_a != 0 && p.trans_a != 1) || (p.trans_b != 0 && p.trans_b != 1)) {
    return kl_fail(KL_INVALID_ARGUMENT, "sgemm: trans_a = %d and trans_b = %d must be 0 or 1",
                   (int)p.trans_a, (int)p.trans_b);
  }
  if (p.m < 0 || p.n < 0 || p.k < 0) {
    return kl_fail(KL_INVALID_ARGUMENT, "sgemm: m = %lld, n = %lld, k = %lld must be >= 0",
                   (long long)p.m, (long long)p.n, (long long)p.k);
  }
  int64_t a_extent, b_extent, c_extent;
  kl_status status;
  if ((status = check_operand("a", a, a_len, p.trans_a ? p.k : p.m, p.trans_a ? p.m : p.k, p.lda,
                              &a_extent)) != KL_OK ||
      (status = check_operand("b", b, b_len, p.trans_b ? p.n : p.k, p.trans_b ? p.k : p.n, p.ldb,
                              &b_extent)) != KL_OK ||
      (status = check_operand("c", c, c_len, p.m, p.n, p.ldc, &c_extent)) != KL_OK) {
    return status;
  }
  const int64_t c_bytes = c_extent * (int64_t)sizeof(float);
  if (kl_ranges_overlap(c, c_bytes, a, a_extent * (int64_t)sizeof(float)) ||
      kl_ranges_overlap(c, c_bytes, b, b_extent * (int64_t)sizeof(float))) {
    return kl_fail(KL_INVALID_ARGUMENT, "sgemm: c must not overlap a or b");
  }
  /* alpha == 0 reads neither A nor B (BLAS): C = beta * C, like k == 0. */
  const kl_gemm_problem pr = {
      .m = p.m,
      .n = p.n,
      .k = p.alpha == 0.0f ? 0 : p.k,
      .a = a,
      .a_rs = p.trans_a ? 1 : p.lda,
      .a_cs = p.trans_a ? p.lda : 1,
      .b = b,
      .b_rs = p.trans_b ? 1 : p.ldb,
      .b_cs = p.trans_b ? p.ldb : 1,
      .c = c,
      .ldc = p.ldc,
      .alpha = p.alpha,
      .beta = p.beta,
  };
  return kl_gemm_execute(&kl_dispatch_active()->gemm, &pr);
}
