/*
 * maxpool-avx2.c - max pooling of a row, 8 output columns per vector.
 *
 * Interior blocks (every tap inside the row): stride 1 loads columns
 * contiguously, stride 2 loads two overlapping vectors and takes the even
 * elements with a shuffle and a permute; a block narrower than the vector uses
 * masked loads and stores that touch only its own elements. Borders take the
 * scalar path.
 *
 * Per tap, kl_max_next keeps a short value chain; a lane's winner moves where
 * kl_max_takes: both are the scalar rule lane by lane, so values (NaN
 * payloads, -0 vs +0) and indices match it bit for bit.
 */
#include "pool/pool-avx2.h"
#include "pool/maxpool-x86.h"

KL_MAXPOOL_DEFINE_UKERNEL(kl_f32_maxpool_ukernel__avx2, KL_LANES)
