/*
 * maxpool-avx512.c - max pooling of a row, 16 output columns per vector.
 *
 * Interior blocks (every tap inside the row): stride 1 loads columns
 * contiguously, stride 2 loads two vectors and takes the even elements with
 * one permutex2var; a block narrower than the vector uses k-masked loads and
 * stores that touch only its own elements. Borders take the scalar path.
 *
 * Per tap, kl_max_update applies the scalar rule lane by lane, so values (NaN
 * payloads, -0 vs +0) and indices match it bit for bit.
 */
#include "pool/pool-avx512.h"
#include "pool/maxpool-x86.h"

KL_MAXPOOL_DEFINE_UKERNEL(kl_f32_maxpool_ukernel__avx512, KL_LANES)
