/*
 * plan.h - what every plan type shares: a header that kl_plan_destroy and
 * kl_plan_implementation understand. A plan type embeds `struct kl_plan` as
 * its first member and checks `kind` before casting.
 */
#ifndef KL_PLAN_H
#define KL_PLAN_H

#include "internal.h"

typedef enum kl_plan_kind {
  KL_PLAN_LINEAR = 1,
  KL_PLAN_CONV = 2,
} kl_plan_kind;

struct kl_plan {
  kl_plan_kind kind;
  void (*destroy)(kl_plan* plan); /* frees the whole plan */
  const char* implementation;     /* static string, e.g. "linear/packed-gemm/avx2" */
};

#endif /* KL_PLAN_H */
