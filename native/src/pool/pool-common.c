/*
 * pool-common.c - the part of the max- and average-pooling operators that is
 * the same for both: parameter and buffer validation (PyTorch's rules), and
 * the loop that resolves each output row's depth and row taps and splits the
 * planes x output rows statically over the thread pool.
 */
#include "pool/pool-common.h"

/* Kernel, stride, padding, dilation and divisor stay below 2^31 (the managed
 * API takes int), so no window arithmetic can overflow int64. */
#define KL_POOL_MAX_PARAM INT32_MAX
/* Below this many taps per thread, waking a worker costs more than it saves. */
#define KL_POOL_MIN_TAPS_PER_THREAD (INT64_C(1) << 15)

static const char* const kl_dim_names[3] = {"d", "h", "w"};

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

/* Checks that `count` planes of `per_plane` elements fit in a buffer of `len`. */
static kl_status kl_check_len(const char* fn, const char* what, const void* ptr, int64_t len,
                              int64_t count, int64_t per_plane, int64_t elem_size) {
  if (count == 0) {
    return KL_OK;
  }
  if (ptr == NULL) {
    return kl_fail(KL_INVALID_ARGUMENT, "%s: %s must not be NULL", fn, what);
  }
  if (len < 0 || per_plane > INT64_MAX / elem_size / count || count * per_plane > len) {
    return kl_fail(KL_INVALID_ARGUMENT, "%s: %s holds %lld elements, needs %lld planes x %lld", fn,
                   what, (long long)len, (long long)count, (long long)per_plane);
  }
  return KL_OK;
}

/* One spatial dimension's fields, in d, h, w order. */
typedef struct kl_pool_dim {
  int64_t in, out, kernel, stride, pad, dilation;
} kl_pool_dim;

static void kl_pool_dims(const kl_pool_params* p, kl_pool_dim dims[3]) {
  dims[0] = (kl_pool_dim){p->in_d, p->out_d, p->kernel_d, p->stride_d, p->pad_d, p->dilation_d};
  dims[1] = (kl_pool_dim){p->in_h, p->out_h, p->kernel_h, p->stride_h, p->pad_h, p->dilation_h};
  dims[2] = (kl_pool_dim){p->in_w, p->out_w, p->kernel_w, p->stride_w, p->pad_w, p->dilation_w};
}

static kl_status kl_check_range(const char* fn, const char* field, int dim, int64_t value,
                                int64_t min) {
  if (value < min || value > KL_POOL_MAX_PARAM) {
    return kl_fail(KL_INVALID_ARGUMENT, "%s: %s_%s must be in [%lld, %d], got %lld", fn, field,
                   kl_dim_names[dim], (long long)min, KL_POOL_MAX_PARAM, (long long)value);
  }
  return KL_OK;
}

/* Kernel, stride, padding, dilation and the output size of one dimension. */
static kl_status kl_check_dim(const char* fn, int is_avg, int dim, const kl_pool_dim* d,
                              int32_t ceil_mode) {
  kl_status s;
  if ((s = kl_check_range(fn, "kernel", dim, d->kernel, 1)) != KL_OK ||
      (s = kl_check_range(fn, "stride", dim, d->stride, 1)) != KL_OK ||
      (s = kl_check_range(fn, "dilation", dim, d->dilation, 1)) != KL_OK ||
      (s = kl_check_range(fn, "pad", dim, d->pad, 0)) != KL_OK) {
    return s;
  }
  const char* n = kl_dim_names[dim];
  if (is_avg && d->dilation != 1) {
    return kl_fail(KL_INVALID_ARGUMENT,
                   "%s: average pooling has no dilation: dilation_%s must be 1, got %lld", fn, n,
                   (long long)d->dilation);
  }
  if (d->pad > d->kernel / 2) {
    return kl_fail(KL_INVALID_ARGUMENT,
                   "%s: pad should be at most half of kernel size, but got pad_%s = %lld and "
                   "kernel_%s = %lld",
                   fn, n, (long long)d->pad, n, (long long)d->kernel);
  }
  const int64_t out =
      kl_pool_output_size(d->in, d->kernel, d->stride, d->pad, d->dilation, ceil_mode);
  if (out < 1) {
    return kl_fail(KL_INVALID_ARGUMENT,
                   "%s: given in_%s = %lld, kernel_%s = %lld, pad_%s = %lld and dilation_%s = "
                   "%lld, the output size %lld is too small",
                   fn, n, (long long)d->in, n, (long long)d->kernel, n, (long long)d->pad, n,
                   (long long)d->dilation, (long long)out);
  }
  if (d->out != out) {
    return kl_fail(KL_INVALID_ARGUMENT, "%s: out_%s is %lld, but these parameters give %lld", fn, n,
                   (long long)d->out, (long long)out);
  }
  return KL_OK;
}

static kl_status kl_check_modes(const char* fn, int is_avg, const kl_pool_params* p) {
  if (p->ceil_mode != 0 && p->ceil_mode != 1) {
    return kl_fail(KL_INVALID_ARGUMENT, "%s: ceil_mode must be 0 or 1, got %d", fn,
                   (int)p->ceil_mode);
  }
  if (!is_avg && (p->count_include_pad != 0 || p->divisor_override != 0)) {
    return kl_fail(KL_INVALID_ARGUMENT,
                   "%s: max pooling takes count_include_pad 0 and divisor_override 0, got %d and "
                   "%lld",
                   fn, (int)p->count_include_pad, (long long)p->divisor_override);
  }
  if (p->count_include_pad != 0 && p->count_include_pad != 1) {
    return kl_fail(KL_INVALID_ARGUMENT, "%s: count_include_pad must be 0 or 1, got %d", fn,
                   (int)p->count_include_pad);
  }
  /* 0 means none; PyTorch allows a negative divisor but not a zero one. */
  if (p->divisor_override < -KL_POOL_MAX_PARAM || p->divisor_override > KL_POOL_MAX_PARAM) {
    return kl_fail(KL_INVALID_ARGUMENT, "%s: divisor_override must be in [%d, %d], got %lld", fn,
                   -KL_POOL_MAX_PARAM, KL_POOL_MAX_PARAM, (long long)p->divisor_override);
  }
  return KL_OK;
}

kl_status kl_pool_validate(const char* fn, int is_avg, const kl_pool_params* p, const float* x,
                           int64_t x_len, const float* y, int64_t y_len, const int64_t* indices,
                           int64_t indices_len) {
  if (p == NULL) {
    return kl_fail(KL_INVALID_ARGUMENT, "%s: params must not be NULL", fn);
  }
  kl_status s = kl_check_modes(fn, is_avg, p);
  if (s != KL_OK) {
    return s;
  }
  if (p->planes < 0) {
    return kl_fail(KL_INVALID_ARGUMENT, "%s: planes must be >= 0, got %lld", fn,
                   (long long)p->planes);
  }
  if (p->in_d < 1 || p->in_h < 1 || p->in_w < 1 || p->in_h > INT64_MAX / 4 / p->in_d ||
      p->in_w > INT64_MAX / 4 / p->in_d / p->in_h) {
    return kl_fail(KL_INVALID_ARGUMENT,
                   "%s: input size in_d x in_h x in_w must be >= 1 in each dim and fit in "
                   "memory, got %lld x %lld x %lld",
                   fn, (long long)p->in_d, (long long)p->in_h, (long long)p->in_w);
  }
  kl_pool_dim dims[3];
  kl_pool_dims(p, dims);
  for (int dim = 0; dim < 3; dim++) {
    if ((s = kl_check_dim(fn, is_avg, dim, &dims[dim], p->ceil_mode)) != KL_OK) {
      return s;
    }
  }
  const int64_t in_plane = p->in_d * p->in_h * p->in_w;
  /* out <= in + 2*pad <= in + kernel, and kernel < 2^31: no overflow */
  const int64_t out_plane = p->out_d * p->out_h * p->out_w;
  if ((s = kl_check_len(fn, "x", x, x_len, p->planes, in_plane, sizeof(float))) != KL_OK ||
      (s = kl_check_len(fn, "y", y, y_len, p->planes, out_plane, sizeof(float))) != KL_OK) {
    return s;
  }
  if (indices != NULL && (s = kl_check_len(fn, "indices", indices, indices_len, p->planes,
                                           out_plane, sizeof(int64_t))) != KL_OK) {
    return s;
  }
  const int64_t x_bytes = p->planes * in_plane * (int64_t)sizeof(float);
  const int64_t y_bytes = p->planes * out_plane * (int64_t)sizeof(float);
  const int64_t i_bytes = indices != NULL ? p->planes * out_plane * (int64_t)sizeof(int64_t) : 0;
  if (kl_ranges_overlap(y, y_bytes, x, x_bytes) ||
      kl_ranges_overlap(indices, i_bytes, x, x_bytes) ||
      kl_ranges_overlap(indices, i_bytes, y, y_bytes)) {
    return kl_fail(KL_INVALID_ARGUMENT, "%s: x, y and indices must not overlap", fn);
  }
  return KL_OK;
}

/* ---- execution ------------------------------------------------------------------------ */

/* The taps of output o along one dimension. */
typedef struct kl_pool_taps {
  int64_t first;  /* the first tap >= 0 (PyTorch's initial index; may be >= in) */
  int64_t count;  /* taps inside [0, in) */
  int64_t padded; /* average pooling: the window clipped to the padded input */
} kl_pool_taps;

static kl_pool_taps kl_pool_resolve(const kl_pool_dim* d, int64_t o) {
  const int64_t start = o * d->stride - d->pad;
  const int64_t last = start + (d->kernel - 1) * d->dilation;
  const int64_t first = kl_pool_first_tap(start, d->dilation);
  const int64_t end = last < d->in ? last + 1 : d->in;
  const int64_t padded_end = last < d->in + d->pad ? last + 1 : d->in + d->pad;
  const int64_t span = first < end ? end - first : 0;
  return (kl_pool_taps){
      .first = first,
      /* Rows are short: skip the division in the usual dilation-1 case. */
      .count = d->dilation == 1 ? span : (span + d->dilation - 1) / d->dilation,
      .padded = padded_end - start,
  };
}

typedef struct kl_pool_task {
  kl_f32_pool_ukernel_fn ukernel;
  const kl_pool_params* p;
  kl_pool_dim dims[3];
  const float* x;
  float* y;
  int64_t* indices;
  int64_t interior_begin, interior_end; /* columns */
  int64_t band_begin, band_end; /* output rows whose windows lie inside the plane vertically */
  int32_t stream;               /* kl_pool_row_args.stream */
} kl_pool_task;

/* Outputs [begin, end) along one dimension whose windows lie inside [0, in). */
static void kl_pool_interior(const kl_pool_dim* d, int64_t* begin, int64_t* end) {
  /* o*stride - pad >= 0 and o*stride - pad + (kernel-1)*dilation < in. */
  const int64_t first = (d->pad + d->stride - 1) / d->stride;
  const int64_t last_fit = d->in - 1 - (d->kernel - 1) * d->dilation + d->pad;
  int64_t last = last_fit >= 0 ? last_fit / d->stride + 1 : 0;
  last = last < d->out ? last : d->out;
  *begin = first < last ? first : last;
  *end = last;
}

/* Output rows [begin, end) of the planes x out_d x out_h rows: each run of
 * rows in [band_begin, band_end) as one band, any other row alone. A row of a
 * small plane is little work, so the loop steps (plane, od, oh) rather than
 * dividing per row. */
static void kl_pool_rows(void* ctx, int64_t begin, int64_t end) {
  const kl_pool_task* t = ctx;
  const kl_pool_params* p = t->p;
  const int64_t in_plane = p->in_d * p->in_h * p->in_w;
  struct kl_pool_row_args args = {
      .depth_step = p->dilation_d * p->in_h * p->in_w,
      .row_step = p->dilation_h * p->in_w,
      .in_w = p->in_w,
      .kernel_w = p->kernel_w,
      .stride_w = p->stride_w,
      .pad_w = p->pad_w,
      .dilation_w = p->dilation_w,
      .out_w = p->out_w,
      .band_step = p->stride_h * p->in_w,
      .interior_begin = t->interior_begin,
      .interior_end = t->interior_end,
      .divisor_override = p->divisor_override,
      .count_include_pad = p->count_include_pad,
      .stream = t->stream,
  };
  int64_t plane = begin / (p->out_d * p->out_h);
  int64_t od = begin / p->out_h % p->out_d, oh = begin % p->out_h;
  kl_pool_taps dt = kl_pool_resolve(&t->dims[0], od);
  for (int64_t item = begin; item < end;) {
    const kl_pool_taps ht = kl_pool_resolve(&t->dims[1], oh);
    int64_t rows = 1;
    if (oh >= t->band_begin && oh < t->band_end) {
      rows = t->band_end - oh < end - item ? t->band_end - oh : end - item;
    }
    args.x = t->x + plane * in_plane;
    args.first = (dt.first * p->in_h + ht.first) * p->in_w;
    args.depths = dt.count;
    args.rows = ht.count;
    args.rows_padded = dt.padded * ht.padded;
    args.y = t->y + item * p->out_w;
    args.indices = t->indices != NULL ? t->indices + item * p->out_w : NULL;
    args.out_rows = rows;
    t->ukernel(&args);
    item += rows;
    oh += rows;
    if (oh == p->out_h) {
      oh = 0;
      if (++od == p->out_d) {
        od = 0;
        plane++;
      }
      dt = kl_pool_resolve(&t->dims[0], od);
    }
  }
}

void kl_pool_execute(kl_f32_pool_ukernel_fn ukernel, const kl_pool_params* p, const float* x,
                     float* y, int64_t* indices) {
  const int64_t in_bytes = p->planes * p->in_d * p->in_h * p->in_w * (int64_t)sizeof(float);
  const int64_t out_bytes = p->planes * p->out_d * p->out_h * p->out_w * (int64_t)sizeof(float);
  kl_pool_task task = {.ukernel = ukernel,
                       .p = p,
                       .x = x,
                       .y = y,
                       .indices = indices,
                       .stream = in_bytes >= KL_POOL_STREAM_MIN_BYTES - out_bytes};
  kl_pool_dims(p, task.dims);
  kl_pool_interior(&task.dims[2], &task.interior_begin, &task.interior_end);
  kl_pool_interior(&task.dims[1], &task.band_begin, &task.band_end);
  /* The taps of one output, saturated at the cutoff (the product could overflow). */
  int64_t window = p->kernel_w;
  window = window < KL_POOL_MIN_TAPS_PER_THREAD ? window * p->kernel_h : window;
  window = window < KL_POOL_MIN_TAPS_PER_THREAD ? window * p->kernel_d : window;
  const int64_t outputs_per_thread =
      window < KL_POOL_MIN_TAPS_PER_THREAD ? KL_POOL_MIN_TAPS_PER_THREAD / window : 1;
  const int64_t rows = p->planes * p->out_d * p->out_h;
  const int64_t max_threads = rows * p->out_w / outputs_per_thread;
  kl_parallel_for_n(rows, max_threads > INT32_MAX ? INT32_MAX : (int32_t)max_threads, kl_pool_rows,
                    &task);
}
