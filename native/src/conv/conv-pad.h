/*
 * conv-pad.h - an explicitly padded copy of a convolution's input, as
 * torch.nn.functional.pad makes it for each padding mode.
 */
#ifndef KL_CONV_PAD_H
#define KL_CONV_PAD_H

#include "internal.h"

/* `planes` dense in[0] x in[1] x in[2] planes (d, h, w) of x, each padded by
 * pad[i] before and pad_end[i] after in dim i, into dense planes of y:
 * zeros, reflect (the edge not repeated), replicate or circular (enum
 * kl_padding_mode; the caller has checked reflect pads < in and circular
 * pads <= in). Each padded row of width W is stored split into `phases`
 * interleaved phases (kl_conv_phase_start): column w at
 * kl_conv_phase_start(W, phases, w % phases) + w / phases; 1 phase is the
 * plain row. Threaded over planes. */
void kl_conv_pad(int32_t mode, int64_t planes, const int64_t in[3], const int64_t pad[3],
                 const int64_t pad_end[3], int64_t phases, const float* x, float* y);

/* Where phase ph (columns ph, ph + phases, ...) of a split row of width w
 * starts: the phases before it hold w / phases columns each, plus one for
 * each of the first w % phases. */
static inline int64_t kl_conv_phase_start(int64_t w, int64_t phases, int64_t ph) {
  const int64_t extra = w % phases;
  return ph * (w / phases) + (ph < extra ? ph : extra);
}

#endif /* KL_CONV_PAD_H */
