/*
 * peak.h - register-only FMA loops behind kl_measure_fma_peak, one per ISA.
 * Each runs `iterations` rounds over independent accumulators (enough to
 * cover the FMA latency on both pipes), feeds the result to a sink so the loop
 * cannot be removed, and returns the flops it performed (an FMA counts 2).
 */
#ifndef KL_PEAK_H
#define KL_PEAK_H

#include "internal.h"

typedef double (*kl_fma_loop_fn)(int64_t iterations, float seed);

double kl_fma_loop__scalar(int64_t iterations, float seed);
#if KL_ARCH_X86_64
double kl_fma_loop__avx2(int64_t iterations, float seed);
double kl_fma_loop__avx512(int64_t iterations, float seed);
#endif
#if KL_ARCH_ARM64
double kl_fma_loop__neon(int64_t iterations, float seed);
#endif

/* Where the loops leave their result. */
extern volatile float kl_fma_sink;

#endif /* KL_PEAK_H */
