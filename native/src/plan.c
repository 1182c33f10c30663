/*
 * plan.c - the entry points every plan type shares (plan.h).
 */
#include "plan.h"

const char* kl_plan_implementation(const kl_plan* plan) {
  return plan == NULL ? "" : plan->implementation;
}

void kl_plan_destroy(kl_plan* plan) {
  if (plan != NULL) {
    plan->destroy(plan);
  }
}
