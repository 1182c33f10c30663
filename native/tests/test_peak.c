/*
 * test_peak.c - kl_measure_fma_peak: a positive rate on every ISA the machine
 * runs, KL_UNSUPPORTED on the others, KL_INVALID_ARGUMENT on bad arguments.
 * (No timing is asserted beyond "positive": machines and loads vary.)
 */
#include "test_util.h"

static void test_each_isa(void) {
  for (int isa = 0; isa < KL_ISA_COUNT; isa++) {
    double gflops = -1.0;
    const kl_status status = kl_measure_fma_peak(isa, 1, 0.01, &gflops);
    if (kl_isa_supported(isa)) {
      KT_CHECK(status == KL_OK && gflops > 0.0, "%s: status %d, %g GFLOP/s (%s)", kl_isa_name(isa),
               (int)status, gflops, kl_last_error());
    } else {
      KT_CHECK(status == KL_UNSUPPORTED, "%s: status %d", kl_isa_name(isa), (int)status);
      KT_CHECK(kl_last_error()[0] != '\0', "%s: no message", kl_isa_name(isa));
    }
  }
  double gflops = -1.0;
  KT_CHECK(kl_measure_fma_peak(KL_ISA_SCALAR, 0, 0.01, &gflops) == KL_OK && gflops > 0.0,
           "all threads: %s", kl_last_error());
}

static void expect_invalid(int32_t isa, int32_t threads, double seconds, double* gflops,
                           const char* what) {
  KT_CHECK(kl_measure_fma_peak(isa, threads, seconds, gflops) == KL_INVALID_ARGUMENT, "%s", what);
  KT_CHECK(kl_last_error()[0] != '\0', "%s: no message", what);
}

static void test_validation(void) {
  double gflops;
  expect_invalid(KL_ISA_SCALAR, 1, 0.01, NULL, "NULL gflops");
  expect_invalid(-1, 1, 0.01, &gflops, "isa -1");
  expect_invalid(KL_ISA_COUNT, 1, 0.01, &gflops, "isa out of range");
  expect_invalid(KL_ISA_SCALAR, -1, 0.01, &gflops, "negative threads");
  expect_invalid(KL_ISA_SCALAR, kl_get_num_threads() + 1, 0.01, &gflops,
                 "more threads than the library's");
  expect_invalid(KL_ISA_SCALAR, 1, 0.0, &gflops, "zero seconds");
  expect_invalid(KL_ISA_SCALAR, 1, NAN, &gflops, "NaN seconds");
  expect_invalid(KL_ISA_SCALAR, 1, 1000.0, &gflops, "too long");
}

int main(void) {
  test_each_isa();
  test_validation();
  return kt_report("test_peak");
}
