/*
 * maxpool2d.c - the 2-D max-pooling operator: validates the parameters and
 * buffers, resolves each output row's window rows and the interior columns
 * (the microkernel contract is in maxpool2d-ukernels.h), and splits the
 * planes x output rows statically over the thread pool.
 */
#include "pool/maxpool2d.h"

#include "pool/maxpool2d-ukernels.h"

/* Kernel, stride, padding and dilation stay below 2^31 (the managed API takes
 * int), so no window arithmetic can overflow int64. */
#define KL_POOL_MAX_PARAM INT32_MAX
/* Below this many comparisons per thread, waking a worker costs more than it saves. */
#define KL_MAXPOOL2D_MIN_TAPS_PER_THREAD (INT64_C(1) << 15)

/* PyTorch's pooling_output_shape. */
static int64_t kl_pool_output_size(int64_t in, int64_t kernel, int64_t stride, int64_t pad,
                                   int64_t dilation, int32_t ceil_mode) {
  const int64_t span = in + 2 * pad - dilation * (kernel - 1) - 1 + (ceil_mode ? stride - 1 : 0);
  const int64_t floor_div = span >= 0 ? span / stride : -((-span + stride - 1) / stride);
  int64_t out = floor_div + 1;
  /* The last window must start inside the input or its left padding. */
  if (ceil_mode && (out - 1) * stride >= in + pad) {
    out--;
  }
  return out;
}

static kl_status kl_check_dim(const char* what, int64_t h, int64_t w, int64_t min) {
  if (h < min || w < min || h > KL_POOL_MAX_PARAM || w > KL_POOL_MAX_PARAM) {
    return kl_fail(KL_INVALID_ARGUMENT, "kl_maxpool2d_f32: %s must be in [%lld, %d], got %lld and %lld",
                   what, (long long)min, KL_POOL_MAX_PARAM, (long long)h, (long long)w);
  }
  return KL_OK;
}

/* Checks that `count` planes of `per_plane` elements fit in a buffer of `len`. */
static kl_status kl_check_len(const char* what, const void* p, int64_t len, int64_t count,
                              int64_t per_plane, int64_t elem_size) {
  if (count == 0) {
    return KL_OK;
  }
  if (p == NULL) {
    return kl_fail(KL_INVALID_ARGUMENT, "kl_maxpool2d_f32: %s must not be NULL", what);
  }
  if (len < 0 || per_plane > INT64_MAX / elem_size / count || count * per_plane > len) {
    return kl_fail(KL_INVALID_ARGUMENT,
                   "kl_maxpool2d_f32: %s holds %lld elements, needs %lld planes x %lld", what,
                   (long long)len, (long long)count, (long long)per_plane);
  }
  return KL_OK;
}

static kl_status kl_maxpool2d_validate(const kl_pool2d_params* p, const float* x, int64_t x_len,
                                       const float* y, int64_t y_len, const int64_t* indices,
                                       int64_t indices_len) {
  if (p == NULL) {
    return kl_fail(KL_INVALID_ARGUMENT, "kl_maxpool2d_f32: params must not be NULL");
  }
  if (p->reserved != 0 || (p->ceil_mode != 0 && p->ceil_mode != 1)) {
    return kl_fail(KL_INVALID_ARGUMENT,
                   "kl_maxpool2d_f32: ceil_mode must be 0 or 1 and reserved 0, got %d and %d",
                   (int)p->ceil_mode, (int)p->reserved);
  }
  if (p->planes < 0) {
    return kl_fail(KL_INVALID_ARGUMENT, "kl_maxpool2d_f32: planes must be >= 0, got %lld",
                   (long long)p->planes);
  }
  if (p->in_h < 1 || p->in_w < 1 || p->in_w > INT64_MAX / (int64_t)sizeof(float) / p->in_h) {
    return kl_fail(KL_INVALID_ARGUMENT, "kl_maxpool2d_f32: input size %lld x %lld is invalid",
                   (long long)p->in_h, (long long)p->in_w);
  }
  kl_status s;
  if ((s = kl_check_dim("kernel_h and kernel_w", p->kernel_h, p->kernel_w, 1)) != KL_OK ||
      (s = kl_check_dim("stride_h and stride_w", p->stride_h, p->stride_w, 1)) != KL_OK ||
      (s = kl_check_dim("dilation_h and dilation_w", p->dilation_h, p->dilation_w, 1)) != KL_OK ||
      (s = kl_check_dim("pad_h and pad_w", p->pad_h, p->pad_w, 0)) != KL_OK) {
    return s;
  }
  if (p->pad_h > p->kernel_h / 2 || p->pad_w > p->kernel_w / 2) {
    return kl_fail(KL_INVALID_ARGUMENT,
                   "kl_maxpool2d_f32: pad should be at most half of kernel size, but got "
                   "pad_h = %lld, pad_w = %lld, kernel_h = %lld, kernel_w = %lld",
                   (long long)p->pad_h, (long long)p->pad_w, (long long)p->kernel_h,
                   (long long)p->kernel_w);
  }
  const int64_t out_h =
      kl_pool_output_size(p->in_h, p->kernel_h, p->stride_h, p->pad_h, p->dilation_h, p->ceil_mode);
  const int64_t out_w =
      kl_pool_output_size(p->in_w, p->kernel_w, p->stride_w, p->pad_w, p->dilation_w, p->ceil_mode);
  if (out_h < 1 || out_w < 1) {
    return kl_fail(KL_INVALID_ARGUMENT,
                   "kl_maxpool2d_f32: given input size %lld x %lld, the output size %lld x %lld "
                   "is too small",
                   (long long)p->in_h, (long long)p->in_w, (long long)out_h, (long long)out_w);
  }
  if (p->out_h != out_h || p->out_w != out_w) {
    return kl_fail(KL_INVALID_ARGUMENT,
                   "kl_maxpool2d_f32: out_h x out_w is %lld x %lld, but these parameters give "
                   "%lld x %lld",
                   (long long)p->out_h, (long long)p->out_w, (long long)out_h, (long long)out_w);
  }
  const int64_t in_plane = p->in_h * p->in_w;
  const int64_t out_plane = out_h * out_w; /* out <= in + 2 * pad: no overflow */
  if ((s = kl_check_len("x", x, x_len, p->planes, in_plane, sizeof(float))) != KL_OK ||
      (s = kl_check_len("y", y, y_len, p->planes, out_plane, sizeof(float))) != KL_OK ||
      (indices != NULL &&
       (s = kl_check_len("indices", indices, indices_len, p->planes, out_plane,
                         sizeof(int64_t))) != KL_OK)) {
    return s;
  }
  const int64_t x_bytes = p->planes * in_plane * (int64_t)sizeof(float);
  const int64_t y_bytes = p->planes * out_plane * (int64_t)sizeof(float);
  const int64_t i_bytes = indices != NULL ? p->planes * out_plane * (int64_t)sizeof(int64_t) : 0;
  if (kl_ranges_overlap(y, y_bytes, x, x_bytes) || kl_ranges_overlap(indices, i_bytes, x, x_bytes) ||
      kl_ranges_overlap(indices, i_bytes, y, y_bytes)) {
    return kl_fail(KL_INVALID_ARGUMENT, "kl_maxpool2d_f32: x, y and indices must not overlap");
  }
  return KL_OK;
}

typedef struct kl_maxpool2d_task {
  kl_f32_maxpool2d_ukernel_fn ukernel;
  kl_pool2d_params p;
  const float* x;
  float* y;
  int64_t* indices;
  int64_t interior_begin, interior_end;
} kl_maxpool2d_task;

/* Output rows [begin, end) of the planes x out_h rows. */
static void kl_maxpool2d_rows(void* ctx, int64_t begin, int64_t end) {
  const kl_maxpool2d_task* t = ctx;
  const kl_pool2d_params* p = &t->p;
  for (int64_t item = begin; item < end; item++) {
    const int64_t plane = item / p->out_h;
    const int64_t oh = item % p->out_h;
    const int64_t hstart = oh * p->stride_h - p->pad_h;
    const int64_t hlast = hstart + (p->kernel_h - 1) * p->dilation_h;
    const int64_t ih0 = kl_maxpool2d_first_tap(hstart, p->dilation_h);
    const int64_t ih_end = hlast < p->in_h ? hlast + 1 : p->in_h;
    const struct kl_maxpool2d_row_args args = {
        .x = t->x + plane * p->in_h * p->in_w,
        .in_w = p->in_w,
        .ih0 = ih0,
        .rows = ih0 < ih_end ? (ih_end - ih0 + p->dilation_h - 1) / p->dilation_h : 0,
        .dilation_h = p->dilation_h,
        .kernel_w = p->kernel_w,
        .stride_w = p->stride_w,
        .pad_w = p->pad_w,
        .dilation_w = p->dilation_w,
        .out_w = p->out_w,
        .interior_begin = t->interior_begin,
        .interior_end = t->interior_end,
        .y = t->y + item * p->out_w,
        .indices = t->indices != NULL ? t->indices + item * p->out_w : NULL,
    };
    t->ukernel(&args);
  }
}

void kl_maxpool2d_execute(kl_f32_maxpool2d_ukernel_fn ukernel, const kl_pool2d_params* p,
                          const float* x, float* y, int64_t* indices) {
  /* Interior columns: ow*stride - pad >= 0 and ow*stride - pad + (kernel-1)*dilation < in_w. */
  const int64_t begin = (p->pad_w + p->stride_w - 1) / p->stride_w;
  const int64_t last_fit = p->in_w - 1 - (p->kernel_w - 1) * p->dilation_w + p->pad_w;
  int64_t end = last_fit >= 0 ? last_fit / p->stride_w + 1 : 0;
  end = end < p->out_w ? end : p->out_w;
  kl_maxpool2d_task task = {
      .ukernel = ukernel,
      .p = *p,
      .x = x,
      .y = y,
      .indices = indices,
      .interior_begin = begin < end ? begin : end,
      .interior_end = end,
  };
  const int64_t rows = p->planes * p->out_h;
  const int64_t window = p->kernel_h * p->kernel_w; /* both < 2^31: no overflow */
  const int64_t outputs_per_thread =
      window < KL_MAXPOOL2D_MIN_TAPS_PER_THREAD ? KL_MAXPOOL2D_MIN_TAPS_PER_THREAD / window : 1;
  const int64_t max_threads = rows * p->out_w / outputs_per_thread;
  kl_parallel_for_n(rows, max_threads > INT32_MAX ? INT32_MAX : (int32_t)max_threads,
                    kl_maxpool2d_rows, &task);
}

kl_status kl_maxpool2d_f32(const kl_pool2d_params* params, const float* x, int64_t x_len, float* y,
                           int64_t y_len, int64_t* indices, int64_t indices_len) {
  const kl_status s = kl_maxpool2d_validate(params, x, x_len, y, y_len, indices, indices_len);
  if (s == KL_OK) {
    kl_maxpool2d_execute(kl_dispatch_active()->maxpool2d, params, x, y, indices);
  }
  return s;
}
