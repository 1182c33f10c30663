/*
 * conv-params.c - kl_conv_params validation (PyTorch's rules and, where it has
 * them, its words) and the element counts of the tensors it describes.
 */
#include "conv/conv-params.h"

/* Every size, kernel, stride, dilation and pad is at most this: products of a
 * few of them stay far inside int64, and the tensor sizes are checked below. */
#define KL_CONV_MAX_FIELD ((int64_t)1 << 31)

static const char* const dim_names[3] = {"d", "h", "w"};

kl_conv_dims kl_conv_dims_of(const kl_conv_params* p) {
  return (kl_conv_dims){
      .in = {p->in_d, p->in_h, p->in_w},
      .out = {p->out_d, p->out_h, p->out_w},
      .kernel = {p->kernel_d, p->kernel_h, p->kernel_w},
      .stride = {p->stride_d, p->stride_h, p->stride_w},
      .pad = {p->pad_d, p->pad_h, p->pad_w},
      .pad_end = {p->pad_d_end, p->pad_h_end, p->pad_w_end},
      .dilation = {p->dilation_d, p->dilation_h, p->dilation_w},
      .output_pad = {p->output_pad_d, p->output_pad_h, p->output_pad_w},
  };
}

int64_t kl_conv_x_elements(const kl_conv_params* p) {
  return p->batch * p->in_channels * p->in_d * p->in_h * p->in_w;
}

int64_t kl_conv_y_elements(const kl_conv_params* p) {
  return p->batch * p->out_channels * p->out_d * p->out_h * p->out_w;
}

int64_t kl_conv_weight_elements(const kl_conv_params* p) {
  const int64_t lead = p->transposed ? p->in_channels : p->out_channels;
  const int64_t per_group = p->transposed ? p->out_channels : p->in_channels;
  return lead * (per_group / p->groups) * p->kernel_d * p->kernel_h * p->kernel_w;
}

/* lo <= value <= KL_CONV_MAX_FIELD. */
static kl_status check_field(const char* fn, const char* name, const char* dim, int64_t value,
                             int64_t lo) {
  if (value < lo || value > KL_CONV_MAX_FIELD) {
    return kl_fail(KL_INVALID_ARGUMENT, "%s: %s%s%s must be in [%lld, %lld], got %lld", fn, name,
                   dim[0] ? "_" : "", dim, (long long)lo, (long long)KL_CONV_MAX_FIELD,
                   (long long)value);
  }
  return KL_OK;
}

/* The ranges of every field, then the channel and group rules. */
static kl_status check_ranges(const char* fn, const kl_conv_params* p, const kl_conv_dims* g) {
  kl_status s;
  if ((s = check_field(fn, "batch", "", p->batch, 0)) != KL_OK ||
      (s = check_field(fn, "in_channels", "", p->in_channels, 1)) != KL_OK ||
      (s = check_field(fn, "out_channels", "", p->out_channels, 1)) != KL_OK ||
      (s = check_field(fn, "groups", "", p->groups, 1)) != KL_OK) {
    return s;
  }
  for (int i = 0; i < 3; i++) {
    const char* d = dim_names[i];
    if ((s = check_field(fn, "in", d, g->in[i], 1)) != KL_OK ||
        (s = check_field(fn, "out", d, g->out[i], 1)) != KL_OK ||
        (s = check_field(fn, "kernel", d, g->kernel[i], 1)) != KL_OK ||
        (s = check_field(fn, "stride", d, g->stride[i], 1)) != KL_OK ||
        (s = check_field(fn, "dilation", d, g->dilation[i], 1)) != KL_OK ||
        (s = check_field(fn, "pad", d, g->pad[i], 0)) != KL_OK ||
        (s = check_field(fn, "pad_end", d, g->pad_end[i], 0)) != KL_OK ||
        (s = check_field(fn, "output_pad", d, g->output_pad[i], 0)) != KL_OK) {
      return s;
    }
  }
  if (p->in_channels % p->groups != 0 || p->out_channels % p->groups != 0) {
    return kl_fail(KL_INVALID_ARGUMENT,
                   "%s: in_channels = %lld and out_channels = %lld must both be divisible by "
                   "groups = %lld",
                   fn, (long long)p->in_channels, (long long)p->out_channels,
                   (long long)p->groups);
  }
  if (p->transposed != 0 && p->transposed != 1) {
    return kl_fail(KL_INVALID_ARGUMENT, "%s: transposed must be 0 or 1, got %d", fn,
                   (int)p->transposed);
  }
  return KL_OK;
}

/* padding_mode, and the pads it allows (torch.nn.functional.pad's rules). */
static kl_status check_padding_mode(const char* fn, const kl_conv_params* p,
                                    const kl_conv_dims* g) {
  const int32_t mode = p->padding_mode;
  if (mode < KL_PAD_ZEROS || mode > KL_PAD_CIRCULAR) {
    return kl_fail(KL_INVALID_ARGUMENT,
                   "%s: padding_mode must be 0 (zeros), 1 (reflect), 2 (replicate) or 3 "
                   "(circular), got %d",
                   fn, (int)mode);
  }
  if (p->transposed && mode != KL_PAD_ZEROS) {
    return kl_fail(KL_INVALID_ARGUMENT,
                   "%s: only \"zeros\" padding mode is supported for transposed convolution, "
                   "got padding_mode = %d",
                   fn, (int)mode);
  }
  for (int i = 0; i < 3; i++) {
    const int64_t widest = g->pad[i] > g->pad_end[i] ? g->pad[i] : g->pad_end[i];
    if (mode == KL_PAD_REFLECT && widest >= g->in[i]) {
      return kl_fail(KL_INVALID_ARGUMENT,
                     "%s: reflect padding size should be less than the corresponding input "
                     "dimension, but got: padding (%lld, %lld) at dimension %s of input size %lld",
                     fn, (long long)g->pad[i], (long long)g->pad_end[i], dim_names[i],
                     (long long)g->in[i]);
    }
    if (mode == KL_PAD_CIRCULAR && widest > g->in[i]) {
      return kl_fail(KL_INVALID_ARGUMENT,
                     "%s: circular padding value causes wrapping around more than once: padding "
                     "(%lld, %lld) at dimension %s of input size %lld",
                     fn, (long long)g->pad[i], (long long)g->pad_end[i], dim_names[i],
                     (long long)g->in[i]);
    }
  }
  return KL_OK;
}

/* Kernel extent against the padded input, and out_* against the formula. */
static kl_status check_forward_shape(const char* fn, const kl_conv_dims* g) {
  for (int i = 0; i < 3; i++) {
    if (g->output_pad[i] != 0) {
      return kl_fail(KL_INVALID_ARGUMENT,
                     "%s: output_pad_%s = %lld must be 0 for a forward convolution", fn,
                     dim_names[i], (long long)g->output_pad[i]);
    }
    const int64_t padded = g->in[i] + g->pad[i] + g->pad_end[i];
    const int64_t extent = g->dilation[i] * (g->kernel[i] - 1) + 1;
    if (extent > padded) {
      return kl_fail(KL_INVALID_ARGUMENT,
                     "%s: calculated padded input size per channel: %lld (dim %s). Kernel size: "
                     "%lld (dilation %lld). Kernel size can't be greater than actual input size",
                     fn, (long long)padded, dim_names[i], (long long)g->kernel[i],
                     (long long)g->dilation[i]);
    }
    const int64_t out = (padded - extent) / g->stride[i] + 1;
    if (g->out[i] != out) {
      return kl_fail(KL_INVALID_ARGUMENT, "%s: out_%s is %lld, but these parameters give %lld", fn,
                     dim_names[i], (long long)g->out[i], (long long)out);
    }
  }
  return KL_OK;
}

static kl_status check_transposed_shape(const char* fn, const kl_conv_dims* g) {
  for (int i = 0; i < 3; i++) {
    if (g->pad_end[i] != g->pad[i]) {
      return kl_fail(KL_INVALID_ARGUMENT,
                     "%s: transposed convolution needs pad_%s_end = pad_%s, got %lld and %lld", fn,
                     dim_names[i], dim_names[i], (long long)g->pad_end[i], (long long)g->pad[i]);
    }
    if (g->output_pad[i] >= g->stride[i] && g->output_pad[i] >= g->dilation[i]) {
      return kl_fail(KL_INVALID_ARGUMENT,
                     "%s: output padding must be smaller than either stride or dilation, but got "
                     "output_pad_%s = %lld, stride_%s = %lld, dilation_%s = %lld",
                     fn, dim_names[i], (long long)g->output_pad[i], dim_names[i],
                     (long long)g->stride[i], dim_names[i], (long long)g->dilation[i]);
    }
    const int64_t out = (g->in[i] - 1) * g->stride[i] - 2 * g->pad[i] +
                        g->dilation[i] * (g->kernel[i] - 1) + g->output_pad[i] + 1;
    if (out < 1) {
      return kl_fail(KL_INVALID_ARGUMENT,
                     "%s: given input size %lld (dim %s), the calculated output size %lld is too "
                     "small",
                     fn, (long long)g->in[i], dim_names[i], (long long)out);
    }
    if (g->out[i] != out) {
      return kl_fail(KL_INVALID_ARGUMENT, "%s: out_%s is %lld, but these parameters give %lld", fn,
                     dim_names[i], (long long)g->out[i], (long long)out);
    }
  }
  return KL_OK;
}

/* The product of n factors >= 0, or -1 when it overflows int64. */
static int64_t product(const int64_t* f, int n) {
  int64_t r = 1;
  for (int i = 0; i < n; i++) {
    if (__builtin_mul_overflow(r, f[i], &r)) {
      return -1;
    }
  }
  return r;
}

static kl_status check_sizes(const char* fn, const kl_conv_params* p) {
  const int64_t x[] = {p->batch, p->in_channels, p->in_d, p->in_h, p->in_w};
  const int64_t y[] = {p->batch, p->out_channels, p->out_d, p->out_h, p->out_w};
  const int64_t w[] = {p->in_channels, p->out_channels, p->kernel_d, p->kernel_h, p->kernel_w};
  /* Forward convolutions may pad the input explicitly: its bytes must fit too. */
  const int64_t padded[] = {p->batch, p->in_channels, p->in_d + p->pad_d + p->pad_d_end,
                            p->in_h + p->pad_h + p->pad_h_end, p->in_w + p->pad_w + p->pad_w_end};
  const int64_t limit = INT64_MAX / 64;
  if (product(x, 5) < 0 || product(y, 5) < 0 || product(w, 5) < 0 || product(x, 5) > limit ||
      product(y, 5) > limit || product(w, 5) > limit || product(padded, 5) < 0 ||
      product(padded, 5) > limit) {
    return kl_fail(KL_INVALID_ARGUMENT,
                   "%s: x, y, weight or the padded input has more elements than the library "
                   "addresses (2^57)",
                   fn);
  }
  return KL_OK;
}

static kl_status check_buffers(const char* fn, const kl_conv_params* p, const float* weight,
                               int64_t weight_len, const float* bias, int64_t bias_len) {
  const int64_t want = kl_conv_weight_elements(p);
  if (weight_len != want) {
    return kl_fail(KL_INVALID_ARGUMENT,
                   "%s: weight holds %lld elements, but [%lld, %lld, %lld, %lld, %lld] needs %lld",
                   fn, (long long)weight_len,
                   (long long)(p->transposed ? p->in_channels : p->out_channels),
                   (long long)((p->transposed ? p->out_channels : p->in_channels) / p->groups),
                   (long long)p->kernel_d, (long long)p->kernel_h, (long long)p->kernel_w,
                   (long long)want);
  }
  if (weight == NULL) {
    return kl_fail(KL_INVALID_ARGUMENT, "%s: weight must not be NULL", fn);
  }
  if (bias != NULL && bias_len != p->out_channels) {
    return kl_fail(KL_INVALID_ARGUMENT, "%s: bias holds %lld elements, out_channels = %lld", fn,
                   (long long)bias_len, (long long)p->out_channels);
  }
  return KL_OK;
}

kl_status kl_conv_check(const char* fn, const kl_conv_params* p, const float* weight,
                        int64_t weight_len, const float* bias, int64_t bias_len) {
  if (p == NULL) {
    return kl_fail(KL_INVALID_ARGUMENT, "%s: params must not be NULL", fn);
  }
  const kl_conv_dims g = kl_conv_dims_of(p);
  kl_status s;
  if ((s = check_ranges(fn, p, &g)) != KL_OK || (s = check_padding_mode(fn, p, &g)) != KL_OK ||
      (s = p->transposed ? check_transposed_shape(fn, &g) : check_forward_shape(fn, &g)) !=
          KL_OK ||
      (s = check_sizes(fn, p)) != KL_OK) {
    return s;
  }
  return check_buffers(fn, p, weight, weight_len, bias, bias_len);
}
