/*
 * memory.c - 64-byte aligned allocations (a cache line, and one AVX-512 vector).
 */
#define _POSIX_C_SOURCE 200809L /* posix_memalign under -std=c11 */

#include <stdlib.h>

#if defined(_WIN32)
#  include <malloc.h>
#endif

#include "internal.h"

#define KL_ALIGNMENT 64

void* kl_aligned_alloc(size_t bytes) {
  if (bytes == 0) {
    bytes = 1; /* one valid, freeable pointer for empty requests */
  }
#if defined(_WIN32)
  return _aligned_malloc(bytes, KL_ALIGNMENT);
#else
  void* p = NULL;
  return posix_memalign(&p, KL_ALIGNMENT, bytes) == 0 ? p : NULL;
#endif
}

void kl_aligned_free(void* p) {
#if defined(_WIN32)
  _aligned_free(p);
#else
  free(p);
#endif
}
