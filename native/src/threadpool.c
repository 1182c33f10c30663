/*
 * threadpool.c - the library's own thread pool behind kl_parallel_for.
 *
 * One parallel region runs at a time: the caller takes kl_region_lock, publishes
 * the job, bumps `generation`, runs range 0 itself and waits until every worker
 * has acknowledged the job. A call that finds the pool busy (another user
 * thread's region) or that comes from inside a region runs serially instead, so
 * concurrent and nested calls are safe and never oversubscribe the cores.
 * Workers and a waiting caller spin briefly (back-to-back small ops then cost
 * no system call) and then sleep on a condition variable.
 */
#define _POSIX_C_SOURCE 200809L /* sysconf under -std=c11 */

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>

#if defined(_WIN32)
#  include <windows.h>
#else
#  include <unistd.h>
#endif

#include "internal.h"

#define KL_MAX_THREADS 1024
/* Polls (each with a pause hint, 10 to 150 cycles by core) before sleeping:
 * tens of microseconds, enough to bridge the gap between consecutive calls
 * without keeping an idle core busy. */
#define KL_SPIN_POLLS 1024

typedef struct kl_pool {
  pthread_mutex_t lock;
  pthread_cond_t wake; /* workers: a new generation was published */
  pthread_cond_t done; /* caller: every worker acknowledged the job */
  atomic_uint generation;
  atomic_int pending; /* workers yet to acknowledge the current job */
  atomic_int sleepers; /* workers blocked on `wake` */
  atomic_int caller_sleeping;
  atomic_int stop;
  unsigned start_generation; /* what new workers have already seen */
  /* The current job; written before `generation` is bumped. */
  kl_task_fn fn;
  void* ctx;
  int64_t count;
  int32_t nthreads;
  /* Workers are threads 1..nworkers; the caller is thread 0. */
  int32_t nworkers;
  int32_t requested; /* the thread count the pool was built for */
  pthread_t* threads;
} kl_pool;

static kl_pool kl_the_pool = {
    .lock = PTHREAD_MUTEX_INITIALIZER,
    .wake = PTHREAD_COND_INITIALIZER,
    .done = PTHREAD_COND_INITIALIZER,
};
static pthread_mutex_t kl_region_lock = PTHREAD_MUTEX_INITIALIZER;
static atomic_int kl_num_threads; /* 0 until first asked for: then the default */
static _Thread_local int kl_in_region; /* workers, and a caller inside its region */

static inline void kl_cpu_relax(void) {
#if KL_ARCH_X86_64
  __builtin_ia32_pause();
#elif KL_ARCH_ARM64
  __asm__ __volatile__("yield");
#endif
}

/* Both sleep handshakes are Dekker pairs: each side writes its flag, then reads
 * the other's. seq_cst atomics already order that store before that load, but
 * a full fence says so explicitly and does not depend on how a platform (or an
 * emulator: qemu-user's arm64 on x86 is suspected of one lost wake-up) maps
 * seq_cst read-modify-writes. It costs one barrier per region. */
static inline void kl_store_load_fence(void) { atomic_thread_fence(memory_order_seq_cst); }

static int32_t kl_online_processors(void) {
#if defined(_WIN32)
  SYSTEM_INFO info;
  GetSystemInfo(&info);
  const long n = (long)info.dwNumberOfProcessors;
#else
  const long n = sysconf(_SC_NPROCESSORS_ONLN);
#endif
  return n < 1 ? 1 : n > KL_MAX_THREADS ? KL_MAX_THREADS : (int32_t)n;
}

/* floor(count * t / nthreads) without overflowing int64. */
static int64_t kl_split(int64_t count, int32_t t, int32_t nthreads) {
  const int64_t q = count / nthreads;
  const int64_t r = count % nthreads;
  return q * t + r * t / nthreads;
}

static unsigned kl_wait_generation(kl_pool* pool, unsigned seen) {
  for (int i = 0; i < KL_SPIN_POLLS; i++) {
    const unsigned g = atomic_load_explicit(&pool->generation, memory_order_acquire);
    if (g != seen) {
      return g;
    }
    kl_cpu_relax();
  }
  pthread_mutex_lock(&pool->lock);
  atomic_fetch_add(&pool->sleepers, 1);
  kl_store_load_fence();
  unsigned g;
  while ((g = atomic_load(&pool->generation)) == seen) {
    pthread_cond_wait(&pool->wake, &pool->lock);
  }
  atomic_fetch_sub(&pool->sleepers, 1);
  pthread_mutex_unlock(&pool->lock);
  return g;
}

static void* kl_worker_main(void* arg) {
  kl_pool* pool = &kl_the_pool;
  const int32_t index = (int32_t)(intptr_t)arg;
  unsigned seen = pool->start_generation;
  kl_in_region = 1;
  for (;;) {
    seen = kl_wait_generation(pool, seen);
    if (atomic_load(&pool->stop)) {
      return NULL;
    }
    if (index < pool->nthreads) {
      pool->fn(pool->ctx, kl_split(pool->count, index, pool->nthreads),
               kl_split(pool->count, index + 1, pool->nthreads));
    }
    const int last = atomic_fetch_sub(&pool->pending, 1) == 1;
    kl_store_load_fence();
    if (last && atomic_load(&pool->caller_sleeping)) {
      pthread_mutex_lock(&pool->lock);
      pthread_cond_signal(&pool->done);
      pthread_mutex_unlock(&pool->lock);
    }
  }
}

/* Publishes a new generation and wakes any sleeping worker. The pair
 * (bump generation, fence, read sleepers) against (count a sleeper, fence, read
 * generation) guarantees no worker sleeps through a bump. */
static void kl_publish(kl_pool* pool) {
  atomic_fetch_add(&pool->generation, 1);
  kl_store_load_fence();
  if (atomic_load(&pool->sleepers) > 0) {
    pthread_mutex_lock(&pool->lock);
    pthread_cond_broadcast(&pool->wake);
    pthread_mutex_unlock(&pool->lock);
  }
}

static void kl_wait_done(kl_pool* pool) {
  for (int i = 0; i < KL_SPIN_POLLS; i++) {
    if (atomic_load_explicit(&pool->pending, memory_order_acquire) == 0) {
      return;
    }
    kl_cpu_relax();
  }
  pthread_mutex_lock(&pool->lock);
  atomic_store(&pool->caller_sleeping, 1);
  kl_store_load_fence();
  while (atomic_load(&pool->pending) != 0) {
    pthread_cond_wait(&pool->done, &pool->lock);
  }
  atomic_store(&pool->caller_sleeping, 0);
  pthread_mutex_unlock(&pool->lock);
}

static void kl_pool_stop(kl_pool* pool) {
  if (pool->nworkers == 0) {
    return;
  }
  atomic_store(&pool->stop, 1);
  kl_publish(pool);
  for (int32_t i = 0; i < pool->nworkers; i++) {
    pthread_join(pool->threads[i], NULL);
  }
  free(pool->threads);
  pool->threads = NULL;
  pool->nworkers = 0;
  atomic_store(&pool->stop, 0);
}

/* (Re)builds the pool for `nthreads` threads; called with kl_region_lock held.
 * If the system refuses threads, the pool keeps the ones it got. */
static void kl_pool_resize(kl_pool* pool, int32_t nthreads) {
  if (pool->requested == nthreads) {
    return;
  }
  kl_pool_stop(pool);
  pool->requested = nthreads;
  if (nthreads == 1) {
    return;
  }
  pool->threads = malloc(sizeof(pthread_t) * (size_t)(nthreads - 1));
  if (pool->threads == NULL) {
    pool->requested = 0; /* try again on the next region */
    return;
  }
  pool->start_generation = atomic_load(&pool->generation);
  while (pool->nworkers < nthreads - 1) {
    const int32_t index = pool->nworkers + 1;
    if (pthread_create(&pool->threads[pool->nworkers], NULL, kl_worker_main,
                       (void*)(intptr_t)index) != 0) {
      break;
    }
    pool->nworkers++;
  }
}

kl_status kl_set_num_threads(int32_t num_threads) {
  if (num_threads < 1 || num_threads > KL_MAX_THREADS) {
    return kl_fail(KL_INVALID_ARGUMENT, "num_threads must be in [1, %d], got %d", KL_MAX_THREADS,
                   (int)num_threads);
  }
  atomic_store(&kl_num_threads, num_threads);
  /* Resize a pool that already exists now, unless a region is running (then the
   * next region does it). */
  if (!kl_in_region && pthread_mutex_trylock(&kl_region_lock) == 0) {
    if (kl_the_pool.requested != 0) {
      kl_pool_resize(&kl_the_pool, num_threads);
    }
    pthread_mutex_unlock(&kl_region_lock);
  }
  return KL_OK;
}

int32_t kl_get_num_threads(void) {
  int expected = atomic_load(&kl_num_threads);
  if (expected == 0) {
    /* A concurrent kl_set_num_threads wins over the default. */
    atomic_compare_exchange_strong(&kl_num_threads, &expected, kl_online_processors());
  }
  return atomic_load(&kl_num_threads);
}

void kl_parallel_for_n(int64_t count, int32_t max_threads, kl_task_fn fn, void* ctx) {
  if (count <= 0) {
    return;
  }
  const int32_t configured = kl_get_num_threads();
  int64_t nthreads = max_threads < configured ? max_threads : configured;
  if (nthreads > count) {
    nthreads = count; /* ranges past `count` threads would all be empty */
  }
  if (nthreads <= 1 || kl_in_region || pthread_mutex_trylock(&kl_region_lock) != 0) {
    /* Serially, still as a region: calls nested in fn stay serial too. */
    const int outer = kl_in_region;
    kl_in_region = 1;
    fn(ctx, 0, count);
    kl_in_region = outer;
    return;
  }
  kl_pool* pool = &kl_the_pool;
  kl_pool_resize(pool, configured);
  if (nthreads > pool->nworkers + 1) {
    nthreads = pool->nworkers + 1;
  }
  kl_in_region = 1;
  if (nthreads <= 1) {
    fn(ctx, 0, count);
  } else {
    pool->fn = fn;
    pool->ctx = ctx;
    pool->count = count;
    pool->nthreads = (int32_t)nthreads;
    atomic_store(&pool->pending, pool->nworkers);
    kl_publish(pool);
    fn(ctx, 0, kl_split(count, 1, (int32_t)nthreads));
    kl_wait_done(pool);
  }
  kl_in_region = 0;
  pthread_mutex_unlock(&kl_region_lock);
}

void kl_parallel_for(int64_t count, kl_task_fn fn, void* ctx) {
  kl_parallel_for_n(count, KL_MAX_THREADS, fn, ctx);
}
