/*
 * cpu.c - which instruction-set paths this machine can run, and the dispatch
 * table of each, filled once from the per-family enumerator lists.
 *
 * The first entry of a family for an ISA is the one its table uses; an ISA with
 * no entry inherits the entry of the next lower ISA (scalar always has one).
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "act/relu-ukernels.h"
#include "conv/dwconv-ukernels.h"
#include "gemm/gemm-ukernels.h"
#include "pool/avgpool-ukernels.h"
#include "pool/maxpool-ukernels.h"
#include "pool/adaptive-pool-ukernels.h"
#include "pool/channel-pool-ukernels.h"
#include "pool/global-pool-ukernels.h"

static const char* const kl_isa_names[KL_ISA_COUNT] = {"scalar", "avx2", "avx512", "neon"};

static pthread_once_t kl_cpu_once = PTHREAD_ONCE_INIT;
static int kl_supported[KL_ISA_COUNT];
static kl_dispatch kl_tables[KL_ISA_COUNT];
static enum kl_isa kl_active;

#if KL_ARCH_X86_64
#  include <cpuid.h>

/* XCR0: the register state the OS saves on a context switch. */
static uint64_t kl_xgetbv0(void) {
  uint32_t lo, hi;
  __asm__ __volatile__("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
  return ((uint64_t)hi << 32) | lo;
}

static void kl_detect(void) {
  unsigned a, b, c, d;
  if (!__get_cpuid(1, &a, &b, &c, &d)) {
    return;
  }
  const int fma = (c >> 12) & 1, osxsave = (c >> 27) & 1, avx = (c >> 28) & 1, f16c = (c >> 29) & 1;
  if (!osxsave || !avx) {
    return; /* without OSXSAVE, xgetbv itself is not available */
  }
  const uint64_t xcr0 = kl_xgetbv0();
  const int os_ymm = (xcr0 & 0x6) == 0x6; /* SSE + AVX state */
  const int os_zmm = (xcr0 & 0xe0) == 0xe0; /* opmask + ZMM0-15 upper + ZMM16-31 */
  if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) {
    return;
  }
  const int avx2 = (b >> 5) & 1;
  const int avx512 = ((b >> 16) & 1) /* F */ && ((b >> 17) & 1) /* DQ */ &&
                     ((b >> 30) & 1) /* BW */ && ((b >> 31) & 1) /* VL */;
  kl_supported[KL_ISA_AVX2] = avx2 && fma && f16c && os_ymm;
  kl_supported[KL_ISA_AVX512] = kl_supported[KL_ISA_AVX2] && avx512 && os_zmm;
}
#else
static void kl_detect(void) {
  kl_supported[KL_ISA_NEON] = KL_ARCH_ARM64; /* NEON is architectural on arm64 */
}
#endif

/* The ISA whose kernels an ISA without its own entry falls back to. */
static enum kl_isa kl_parent(enum kl_isa isa) {
  return isa == KL_ISA_AVX512 ? KL_ISA_AVX2 : KL_ISA_SCALAR;
}

static void kl_fill_table(enum kl_isa isa) {
  kl_dispatch* t = &kl_tables[isa];
  if (isa != KL_ISA_SCALAR) {
    *t = kl_tables[kl_parent(isa)];
  }
  t->isa = isa;
  int gemm_found = 0, vrelu_found = 0;
  int maxpool_found[KL_MAXPOOL_KINDS] = {0}, avgpool_found[KL_AVGPOOL_KINDS] = {0};
  int dwconv_found[KL_DWCONV_KINDS] = {0};
#define KL_GEMM_UKERNEL(isa_, fn, mr_, nr_, mc_, kc_, nc_)                       \
  if ((isa_) == isa && !gemm_found) {                                           \
    t->gemm = (kl_gemm_config){fn, mr_, nr_, mc_, kc_, nc_, #fn, NULL};         \
    gemm_found = 1;                                                             \
  }
#define KL_VUNARY_UKERNEL(isa_, fn)        \
  if ((isa_) == isa && !vrelu_found) {     \
    t->vrelu = fn;                         \
    t->vrelu_name = #fn;                   \
    vrelu_found = 1;                       \
  }
#define KL_MAXPOOL_UKERNEL(isa_, kind, fn)      \
  if ((isa_) == isa && !maxpool_found[kind]) { \
    t->maxpool[kind] = fn;                     \
    t->maxpool_name[kind] = #fn;               \
    maxpool_found[kind] = 1;                   \
  }
#define KL_AVGPOOL_UKERNEL(isa_, kind, fn)      \
  if ((isa_) == isa && !avgpool_found[kind]) { \
    t->avgpool[kind] = fn;                     \
    t->avgpool_name[kind] = #fn;               \
    avgpool_found[kind] = 1;                   \
  }
#define KL_DWCONV_UKERNEL(isa_, kind, fn)      \
  if ((isa_) == isa && !dwconv_found[kind]) { \
    t->dwconv[kind] = fn;                     \
    t->dwconv_name[kind] = #fn;               \
    dwconv_found[kind] = 1;                   \
  }
#include "gemm/gemm.inc"
#include "act/relu.inc"
#include "pool/maxpool.inc"
#include "pool/avgpool.inc"
#include "conv/dwconv.inc"
#undef KL_GEMM_UKERNEL
#undef KL_VUNARY_UKERNEL
#undef KL_MAXPOOL_UKERNEL
#undef KL_AVGPOOL_UKERNEL
#undef KL_DWCONV_UKERNEL
  /* The indirect twin of the table's GEMM microkernel: the same tile. */
  int igemm_found = 0;
#define KL_IGEMM_UKERNEL(isa_, fn, mr_, nr_)                                              \
  if ((isa_) == isa && !igemm_found && (mr_) == t->gemm.mr && (nr_) == t->gemm.nr) { \
    t->gemm.iukernel = fn;                                                                \
    igemm_found = 1;                                                                      \
  }
#include "gemm/igemm.inc"
#undef KL_IGEMM_UKERNEL
  /* One-slot families: the first entry for this ISA fills t->slot and its name. */
  int gavgpool_found = 0, gmaxpool_found = 0, channel_maxpool_found = 0, channel_avgpool_found = 0;
  int adaptive_avgpool_found = 0, adaptive_maxpool_found = 0;
#define KL_SLOT(slot, isa_, fn)              \
  if ((isa_) == isa && !slot##_found) {      \
    t->slot = fn;                            \
    t->slot##_name = #fn;                    \
    slot##_found = 1;                        \
  }
#define KL_GAVGPOOL_UKERNEL(isa_, fn) KL_SLOT(gavgpool, isa_, fn)
#define KL_GMAXPOOL_UKERNEL(isa_, fn) KL_SLOT(gmaxpool, isa_, fn)
#define KL_CHANNEL_MAXPOOL_UKERNEL(isa_, fn) KL_SLOT(channel_maxpool, isa_, fn)
#define KL_CHANNEL_AVGPOOL_UKERNEL(isa_, fn) KL_SLOT(channel_avgpool, isa_, fn)
#define KL_ADAPTIVE_AVGPOOL_UKERNEL(isa_, fn) KL_SLOT(adaptive_avgpool, isa_, fn)
#define KL_ADAPTIVE_MAXPOOL_UKERNEL(isa_, fn) KL_SLOT(adaptive_maxpool, isa_, fn)
#include "pool/global-pool.inc"
#include "pool/channel-pool.inc"
#include "pool/adaptive-pool.inc"
#undef KL_GAVGPOOL_UKERNEL
#undef KL_GMAXPOOL_UKERNEL
#undef KL_CHANNEL_MAXPOOL_UKERNEL
#undef KL_CHANNEL_AVGPOOL_UKERNEL
#undef KL_ADAPTIVE_AVGPOOL_UKERNEL
#undef KL_ADAPTIVE_MAXPOOL_UKERNEL
#undef KL_SLOT
}

static enum kl_isa kl_best_supported(void) {
  static const enum kl_isa preference[] = {KL_ISA_AVX512, KL_ISA_AVX2, KL_ISA_NEON};
  for (size_t i = 0; i < sizeof preference / sizeof preference[0]; i++) {
    if (kl_supported[preference[i]]) {
      return preference[i];
    }
  }
  return KL_ISA_SCALAR;
}

/* KERNELLIB_ISA picks a lower path; anything else falls back to the best one. */
static enum kl_isa kl_choose_active(void) {
  const enum kl_isa best = kl_best_supported();
  const char* want = getenv("KERNELLIB_ISA");
  if (want == NULL || want[0] == '\0') {
    return best;
  }
  for (int i = 0; i < KL_ISA_COUNT; i++) {
    if (strcmp(want, kl_isa_names[i]) == 0) {
      if (kl_supported[i]) {
        return (enum kl_isa)i;
      }
      fprintf(stderr, "kernellib: KERNELLIB_ISA=%s is not supported on this machine; using %s\n",
              want, kl_isa_names[best]);
      return best;
    }
  }
  fprintf(stderr, "kernellib: KERNELLIB_ISA=%s is not one of scalar|avx2|avx512|neon; using %s\n",
          want, kl_isa_names[best]);
  return best;
}

static void kl_cpu_init(void) {
  kl_supported[KL_ISA_SCALAR] = 1;
  kl_detect();
  /* Parents come first: scalar < avx2 < avx512, scalar < neon. */
  for (int i = 0; i < KL_ISA_COUNT; i++) {
    kl_fill_table((enum kl_isa)i);
  }
  kl_active = kl_choose_active();
}

static void kl_cpu_ensure(void) {
  pthread_once(&kl_cpu_once, kl_cpu_init);
}

const kl_dispatch* kl_dispatch_active(void) {
  kl_cpu_ensure();
  return &kl_tables[kl_active];
}

const kl_dispatch* kl_dispatch_for(enum kl_isa isa) {
  kl_cpu_ensure();
  return (int)isa >= 0 && isa < KL_ISA_COUNT && kl_supported[isa] ? &kl_tables[isa] : NULL;
}

int32_t kl_isa(void) {
  return (int32_t)kl_dispatch_active()->isa;
}

int32_t kl_isa_supported(int32_t isa) {
  return kl_dispatch_for((enum kl_isa)isa) != NULL;
}

const char* kl_isa_name(int32_t isa) {
  return isa >= 0 && isa < KL_ISA_COUNT ? kl_isa_names[isa] : "unknown";
}
