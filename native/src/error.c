/*
 * error.c - the thread-local message behind kl_last_error(), and the small
 * checks every operator's validation shares.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>

#include "internal.h"

/* Long enough for any message the library writes; vsnprintf truncates longer ones. */
#define KL_ERROR_CAPACITY 512

static _Thread_local char kl_error_message[KL_ERROR_CAPACITY];

kl_status kl_fail(kl_status status, const char* fmt, ...) {
  va_list args;
  va_start(args, fmt);
  if (vsnprintf(kl_error_message, sizeof kl_error_message, fmt, args) < 0) {
    kl_error_message[0] = '\0';
  }
  va_end(args);
  return status;
}

const char* kl_last_error(void) {
  return kl_error_message;
}

int kl_ranges_overlap(const void* ptr, int64_t len_bytes, const void* other, int64_t other_len_bytes) {
  if (len_bytes <= 0 || other_len_bytes <= 0) {
    return 0;
  }
  const uintptr_t a = (uintptr_t)ptr;
  const uintptr_t b = (uintptr_t)other;
  /* Compare as [a, a+len) and [b, b+len) without forming an end that could wrap. */
  return a < b ? b - a < (uint64_t)len_bytes : a - b < (uint64_t)other_len_bytes;
}

int32_t kl_abi_version(void) {
  return KL_ABI_VERSION;
}
