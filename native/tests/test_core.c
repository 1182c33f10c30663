/*
 * test_core.c - the library's core: ISA detection and dispatch, the thread
 * pool's contract, thread-count validation, error reporting, aligned memory.
 * Run by ctest with and without KERNELLIB_ISA.
 */
#include "test_util.h"

#include <pthread.h>
#include <stdatomic.h>

/* ---- cpu ------------------------------------------------------------------- */

static int kt_best_isa(void) {
  static const int preference[] = {KL_ISA_AVX512, KL_ISA_AVX2, KL_ISA_NEON};
  for (int i = 0; i < 3; i++) {
    if (kl_isa_supported(preference[i])) {
      return preference[i];
    }
  }
  return KL_ISA_SCALAR;
}

static void test_cpu(void) {
  KT_CHECK(kl_isa_supported(KL_ISA_SCALAR) == 1, "scalar must always be supported");
  KT_CHECK(!kl_isa_supported(-1) && !kl_isa_supported(KL_ISA_COUNT), "out-of-range isa supported");
  KT_CHECK(strcmp(kl_isa_name(KL_ISA_SCALAR), "scalar") == 0, "%s", kl_isa_name(KL_ISA_SCALAR));
  KT_CHECK(strcmp(kl_isa_name(KL_ISA_AVX2), "avx2") == 0, "%s", kl_isa_name(KL_ISA_AVX2));
  KT_CHECK(strcmp(kl_isa_name(KL_ISA_AVX512), "avx512") == 0, "%s", kl_isa_name(KL_ISA_AVX512));
  KT_CHECK(strcmp(kl_isa_name(KL_ISA_NEON), "neon") == 0, "%s", kl_isa_name(KL_ISA_NEON));
  KT_CHECK(strcmp(kl_isa_name(-1), "unknown") == 0 && strcmp(kl_isa_name(KL_ISA_COUNT), "unknown") == 0,
           "out-of-range names");
  KT_CHECK(kl_dispatch_for((enum kl_isa)-1) == NULL && kl_dispatch_for(KL_ISA_COUNT) == NULL,
           "out-of-range tables");
#if KL_ARCH_X86_64
  KT_CHECK(!kl_isa_supported(KL_ISA_NEON), "neon on x86-64");
  KT_CHECK(!kl_isa_supported(KL_ISA_AVX512) || kl_isa_supported(KL_ISA_AVX2), "avx512 without avx2");
#else
  KT_CHECK(kl_isa_supported(KL_ISA_NEON) && !kl_isa_supported(KL_ISA_AVX2) &&
               !kl_isa_supported(KL_ISA_AVX512), "arm64 must have neon only");
#endif
  for (int isa = 0; isa < KL_ISA_COUNT; isa++) {
    const kl_dispatch* d = kl_dispatch_for((enum kl_isa)isa);
    KT_CHECK((d != NULL) == (kl_isa_supported(isa) != 0), "isa %d: table vs supported", isa);
    if (d == NULL) {
      continue;
    }
    KT_CHECK((int)d->isa == isa, "isa %d: table says %d", isa, (int)d->isa);
    KT_CHECK(d->gemm.ukernel != NULL && d->gemm.name != NULL && d->gemm.mr > 0 && d->gemm.nr > 0,
             "isa %d: gemm entry", isa);
    KT_CHECK(d->vrelu != NULL && d->vrelu_name != NULL, "isa %d: vrelu entry", isa);
    /* Every family has its own kernel on each ISA this library targets. */
    KT_CHECK(d->vrelu_name != NULL && strstr(d->vrelu_name, kl_isa_name(isa)) != NULL,
             "isa %d: vrelu is %s", isa, d->vrelu_name);
    for (int kind = 0; kind < KL_MAXPOOL_KINDS; kind++) {
      KT_CHECK(d->maxpool[kind] != NULL && d->maxpool_name[kind] != NULL &&
                   strstr(d->maxpool_name[kind], kl_isa_name(isa)) != NULL,
               "isa %d: maxpool kind %d is %s", isa, kind, d->maxpool_name[kind]);
    }
    for (int kind = 0; kind < KL_AVGPOOL_KINDS; kind++) {
      KT_CHECK(d->avgpool[kind] != NULL && d->avgpool_name[kind] != NULL &&
                   strstr(d->avgpool_name[kind], kl_isa_name(isa)) != NULL,
               "isa %d: avgpool kind %d is %s", isa, kind, d->avgpool_name[kind]);
    }
  }
  /* The active path: KERNELLIB_ISA when it names a supported path, else the best. */
  const char* want = getenv("KERNELLIB_ISA");
  int expected = kt_best_isa();
  for (int isa = 0; want != NULL && isa < KL_ISA_COUNT; isa++) {
    if (strcmp(want, kl_isa_name(isa)) == 0 && kl_isa_supported(isa)) {
      expected = isa;
    }
  }
  KT_CHECK(kl_isa() == expected, "active isa %s, expected %s (KERNELLIB_ISA=%s)", kl_isa_name(kl_isa()),
           kl_isa_name(expected), want != NULL ? want : "(unset)");
  KT_CHECK(kl_dispatch_active() == kl_dispatch_for((enum kl_isa)kl_isa()), "active table");
  printf("active isa: %s\n", kl_isa_name(kl_isa()));
}

/* ---- thread pool -------------------------------------------------------------- */

#define KT_MAX_CALLS 64

typedef struct kt_cover {
  int64_t count;
  atomic_int* hits; /* per index */
  atomic_int calls;
  int64_t begins[KT_MAX_CALLS], ends[KT_MAX_CALLS];
  int nested; /* run a nested parallel_for inside each range */
  atomic_int nested_bad;
} kt_cover;

typedef struct kt_inner {
  atomic_int calls;
  int64_t begin, end;
} kt_inner;

static void kt_inner_task(void* ctx, int64_t begin, int64_t end) {
  kt_inner* in = ctx;
  atomic_fetch_add(&in->calls, 1);
  in->begin = begin;
  in->end = end;
}

static void kt_cover_task(void* ctx, int64_t begin, int64_t end) {
  kt_cover* c = ctx;
  const int call = atomic_fetch_add(&c->calls, 1);
  if (call < KT_MAX_CALLS) {
    c->begins[call] = begin;
    c->ends[call] = end;
  }
  for (int64_t i = begin; i < end; i++) {
    atomic_fetch_add(&c->hits[i], 1);
  }
  if (c->nested) {
    /* From inside a region, the pool runs serially in this thread: one call. */
    kt_inner in = {0};
    kl_parallel_for(1000, kt_inner_task, &in);
    if (atomic_load(&in.calls) != 1 || in.begin != 0 || in.end != 1000) {
      atomic_fetch_add(&c->nested_bad, 1);
    }
  }
}

/* Runs one parallel_for over `count` and checks every index is covered once. */
static int kt_cover_once(int64_t count, int32_t max_threads, int nested, kt_cover* c) {
  memset(c, 0, sizeof *c);
  c->count = count;
  c->nested = nested;
  c->hits = calloc((size_t)(count > 0 ? count : 1), sizeof *c->hits);
  if (max_threads > 0) {
    kl_parallel_for_n(count, max_threads, kt_cover_task, c);
  } else {
    kl_parallel_for(count, kt_cover_task, c);
  }
  int ok = atomic_load(&c->nested_bad) == 0;
  for (int64_t i = 0; i < count; i++) {
    ok &= atomic_load(&c->hits[i]) == 1;
  }
  free(c->hits);
  return ok;
}

/* With the pool to itself, the ranges are exactly the static split over
 * T = min(threads, max_threads, count) threads. */
static void kt_check_split(const kt_cover* c, int32_t threads, int32_t max_threads) {
  int64_t t_count = threads < max_threads ? threads : max_threads;
  t_count = t_count < c->count ? t_count : c->count;
  const int calls = atomic_load(&c->calls);
  KT_CHECK(c->count == 0 || calls == t_count, "count %lld threads %d: %d calls, expected %lld",
           (long long)c->count, threads, calls, (long long)t_count);
  for (int i = 0; i < calls && i < KT_MAX_CALLS && calls == t_count; i++) {
    /* Identify the call's thread by its begin: the split is strictly increasing. */
    int matched = 0;
    for (int64_t t = 0; t < t_count; t++) {
      matched |= c->begins[i] == c->count * t / t_count && c->ends[i] == c->count * (t + 1) / t_count;
    }
    KT_CHECK(matched, "count %lld T %lld: range [%lld, %lld) is not a static split range",
             (long long)c->count, (long long)t_count, (long long)c->begins[i], (long long)c->ends[i]);
  }
}

static void test_threadpool_coverage(void) {
  static const int32_t thread_counts[] = {1, 2, 3, 4, 7, 16};
  static const int64_t counts[] = {0, 1, 2, 3, 5, 7, 16, 17, 100, 1000, 12345};
  kt_cover c;
  for (size_t ti = 0; ti < sizeof thread_counts / sizeof thread_counts[0]; ti++) {
    KT_CHECK(kl_set_num_threads(thread_counts[ti]) == KL_OK, "set %d", thread_counts[ti]);
    KT_CHECK(kl_get_num_threads() == thread_counts[ti], "get %d", kl_get_num_threads());
    for (size_t ci = 0; ci < sizeof counts / sizeof counts[0]; ci++) {
      KT_CHECK(kt_cover_once(counts[ci], 0, 0, &c), "coverage count %lld threads %d",
               (long long)counts[ci], thread_counts[ti]);
      kt_check_split(&c, thread_counts[ti], 1 << 20);
      KT_CHECK(kt_cover_once(counts[ci], 2, 0, &c), "coverage count %lld threads %d max 2",
               (long long)counts[ci], thread_counts[ti]);
      kt_check_split(&c, thread_counts[ti], 2);
      KT_CHECK(kt_cover_once(counts[ci], 0, 1, &c), "nested coverage count %lld threads %d",
               (long long)counts[ci], thread_counts[ti]);
    }
  }
}

/* Several user threads call parallel_for at once, while one keeps resizing. */
#define KT_USERS 4

static atomic_int kt_stop_resizing;

static void* kt_user_thread(void* arg) {
  kt_rng rng = {(uint64_t)(intptr_t)arg};
  kt_cover c;
  int bad = 0;
  for (int i = 0; i < 300; i++) {
    bad += !kt_cover_once(kt_range(&rng, 0, 5000), (int32_t)kt_range(&rng, 0, 8), (int)(i & 1), &c);
  }
  return (void*)(intptr_t)bad;
}

static void* kt_resizer_thread(void* arg) {
  (void)arg;
  for (int32_t n = 1; !atomic_load(&kt_stop_resizing); n = n % 5 + 1) {
    kl_set_num_threads(n);
  }
  return NULL;
}

static void test_threadpool_concurrent(void) {
  pthread_t users[KT_USERS], resizer;
  atomic_store(&kt_stop_resizing, 0);
  KT_CHECK(pthread_create(&resizer, NULL, kt_resizer_thread, NULL) == 0, "resizer thread");
  for (intptr_t i = 0; i < KT_USERS; i++) {
    KT_CHECK(pthread_create(&users[i], NULL, kt_user_thread, (void*)(i + 1)) == 0, "user thread");
  }
  for (int i = 0; i < KT_USERS; i++) {
    void* bad;
    pthread_join(users[i], &bad);
    KT_CHECK(bad == NULL, "user thread %d: %d calls missed or repeated an index", i, (int)(intptr_t)bad);
  }
  atomic_store(&kt_stop_resizing, 1);
  pthread_join(resizer, NULL);
}

static void test_num_threads_validation(void) {
  KT_CHECK(kl_set_num_threads(3) == KL_OK, "set 3");
  static const int32_t bad[] = {0, -1, 1025, INT32_MIN, INT32_MAX};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    KT_CHECK(kl_set_num_threads(bad[i]) == KL_INVALID_ARGUMENT, "set %d accepted", bad[i]);
    KT_CHECK(strstr(kl_last_error(), "num_threads") != NULL, "message: %s", kl_last_error());
    KT_CHECK(kl_get_num_threads() == 3, "a rejected count changed the count to %d", kl_get_num_threads());
  }
}

/* ---- errors ------------------------------------------------------------------ */

static void* kt_fresh_thread_error(void* arg) {
  (void)arg;
  const char* before = kl_last_error();
  const int was_empty = before != NULL && before[0] == '\0';
  kl_fail(KL_INVALID_ARGUMENT, "other thread");
  return (void*)(intptr_t)was_empty;
}

static void test_errors(void) {
  KT_CHECK(kl_abi_version() == KL_ABI_VERSION, "abi %d", kl_abi_version());
  KT_CHECK(kl_fail(KL_UNSUPPORTED, "code %d", 42) == KL_UNSUPPORTED, "kl_fail returns its status");
  KT_CHECK(strcmp(kl_last_error(), "code 42") == 0, "message: %s", kl_last_error());
  /* Thread-local: a new thread starts empty and its failures stay its own. */
  pthread_t t;
  void* was_empty = NULL;
  KT_CHECK(pthread_create(&t, NULL, kt_fresh_thread_error, NULL) == 0, "thread");
  pthread_join(t, &was_empty);
  KT_CHECK(was_empty != NULL, "a new thread's kl_last_error was not empty");
  KT_CHECK(strcmp(kl_last_error(), "code 42") == 0, "message changed by another thread: %s", kl_last_error());
  /* A message longer than the buffer is truncated, not overflowed. */
  char longer[2000];
  memset(longer, 'x', sizeof longer - 1);
  longer[sizeof longer - 1] = '\0';
  kl_fail(KL_INVALID_ARGUMENT, "%s", longer);
  const size_t len = strlen(kl_last_error());
  KT_CHECK(len > 100 && len < sizeof longer - 1, "truncated length %zu", len);
}

static void test_ranges_overlap(void) {
  char buf[64];
  KT_CHECK(kl_ranges_overlap(buf, 16, buf + 8, 16), "overlap");
  KT_CHECK(kl_ranges_overlap(buf + 8, 16, buf, 16), "overlap, reversed");
  KT_CHECK(kl_ranges_overlap(buf, 64, buf + 10, 1), "contained");
  KT_CHECK(!kl_ranges_overlap(buf, 16, buf + 16, 16), "adjacent ranges overlap");
  KT_CHECK(!kl_ranges_overlap(buf + 16, 16, buf, 16), "adjacent ranges overlap, reversed");
  KT_CHECK(!kl_ranges_overlap(buf, 0, buf, 16) && !kl_ranges_overlap(buf, 16, buf, 0), "empty ranges");
}

static void test_aligned_alloc(void) {
  for (size_t bytes = 0; bytes < 5000; bytes += 999) {
    unsigned char* p = kl_aligned_alloc(bytes);
    KT_CHECK(p != NULL && ((uintptr_t)p & 63) == 0, "kl_aligned_alloc(%zu) = %p", bytes, (void*)p);
    if (p != NULL) {
      memset(p, 1, bytes);
    }
    kl_aligned_free(p);
  }
  kl_aligned_free(NULL);
}

int main(void) {
  KT_CHECK(kl_get_num_threads() >= 1, "default thread count %d", kl_get_num_threads());
#if !defined(_WIN32)
  const long online = sysconf(_SC_NPROCESSORS_ONLN);
  KT_CHECK(kl_get_num_threads() == (online > 1024 ? 1024 : online), "default %d vs %ld online",
           kl_get_num_threads(), online);
#endif
  test_cpu();
  test_errors();
  test_ranges_overlap();
  test_aligned_alloc();
  test_num_threads_validation();
  test_threadpool_coverage();
  test_threadpool_concurrent();
  return kt_report("test_core");
}
