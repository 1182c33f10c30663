/*
 * conv-params.h - checking a kl_conv_params against PyTorch's rules, and the
 * per-dimension view of its fields that the algorithms index by dim.
 */
#ifndef KL_CONV_PARAMS_H
#define KL_CONV_PARAMS_H

#include "internal.h"

/* The spatial fields of kl_conv_params as arrays, [0] = d, [1] = h, [2] = w. */
typedef struct kl_conv_dims {
  int64_t in[3], out[3], kernel[3], stride[3], pad[3], pad_end[3], dilation[3], output_pad[3];
} kl_conv_dims;

kl_conv_dims kl_conv_dims_of(const kl_conv_params* p);

/* Elements of x (batch x in_channels x in_d x in_h x in_w) and of y; valid
 * params only. */
int64_t kl_conv_x_elements(const kl_conv_params* p);
int64_t kl_conv_y_elements(const kl_conv_params* p);
/* Elements of the weight tensor (forward [out, in/groups, k...], transposed
 * [in, out/groups, k...]). */
int64_t kl_conv_weight_elements(const kl_conv_params* p);

/* Every rule of kl_conv_params (kernellib.h), and the weight and bias
 * buffers: KL_OK, or KL_INVALID_ARGUMENT through kl_fail with a message that
 * starts with `fn` and names the parameter and its values. Guarantees that
 * every element count of x, y and the weights fits in int64. */
kl_status kl_conv_check(const char* fn, const kl_conv_params* p, const float* weight,
                        int64_t weight_len, const float* bias, int64_t bias_len);

#endif /* KL_CONV_PARAMS_H */
