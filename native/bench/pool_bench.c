/*
 * pool_bench.c - GB/s of the memory-bound cases of the standard suite
 * (BENCH_SUITE.md): MaxPool2d P1 and P2, AvgPool2d P3, global average pooling
 * P4, MaxPool2d with indices + MaxUnpool2d P5, and ReLU E1, next to the machine's
 * memcpy bandwidth, at 1 thread and at all of the library's threads, for one
 * ISA path. Bytes are the input read once plus the outputs written once.
 *
 *   kl_pool_bench [scalar|avx2|avx512|neon]   (default: the best path)
 *
 * Each figure is the best of several samples of >= 50 ms.
 */
#define _POSIX_C_SOURCE 200809L /* setenv, clock_gettime */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_util.h"
#include "kernellib.h"

typedef enum bench_op {
  OP_MAXPOOL,
  OP_MAXPOOL_UNPOOL, /* max pooling with indices, then max-unpooling into z */
  OP_AVGPOOL,
  OP_GLOBAL_AVGPOOL,
  OP_RELU,
  OP_MEMCPY
} bench_op;

typedef struct bench_case {
  const char* id;
  bench_op op;
  kl_pool_params pool; /* OP_MAXPOOL, OP_AVGPOOL */
  int with_indices;
  int64_t n; /* OP_RELU, OP_MEMCPY: floats; OP_GLOBAL_AVGPOOL: plane size */
  float *x, *y, *z;
  int64_t* indices;
  int64_t x_len, y_len;
  double bytes;
} bench_case;

/* PyTorch's output size, floor mode. */
static int64_t pool_out(int64_t in, int64_t k, int64_t s, int64_t pad) {
  return (in + 2 * pad - k) / s + 1;
}

/* A square 2-D pooling case; with_indices: max pooling only. */
static bench_case pool_case(const char* id, bench_op op, int64_t planes, int64_t in, int64_t k,
                            int64_t s, int64_t pad, int with_indices) {
  const int64_t out = pool_out(in, k, s, pad);
  bench_case bc = {.id = id, .op = op, .with_indices = with_indices};
  bc.pool = (kl_pool_params){
      .planes = planes,
      .in_d = 1,
      .in_h = in,
      .in_w = in,
      .out_d = 1,
      .out_h = out,
      .out_w = out,
      .kernel_d = 1,
      .kernel_h = k,
      .kernel_w = k,
      .stride_d = 1,
      .stride_h = s,
      .stride_w = s,
      .pad_d = 0,
      .pad_h = pad,
      .pad_w = pad,
      .dilation_d = 1,
      .dilation_h = 1,
      .dilation_w = 1,
  };
  bc.x_len = planes * in * in;
  bc.y_len = planes * out * out;
  bc.bytes = (double)bc.x_len * sizeof(float) + (double)bc.y_len * sizeof(float) +
             (with_indices ? (double)bc.y_len * sizeof(int64_t) : 0.0);
  if (op == OP_MAXPOOL_UNPOOL) {
    /* the unpooling reads y and the indices and writes z, as large as x */
    bc.bytes = 4.0 * (2.0 * (double)bc.x_len + 2.0 * (double)bc.y_len) + 16.0 * (double)bc.y_len;
  }
  return bc;
}

/* planes planes of plane_size floats, one output each. */
static bench_case global_case(const char* id, int64_t planes, int64_t plane_size) {
  bench_case bc = {.id = id, .op = OP_GLOBAL_AVGPOOL, .n = plane_size};
  bc.x_len = planes * plane_size;
  bc.y_len = planes;
  bc.bytes = (double)(bc.x_len + bc.y_len) * sizeof(float);
  return bc;
}

static bench_case elementwise_case(const char* id, bench_op op, int64_t n) {
  bench_case bc = {.id = id, .op = op, .n = n, .x_len = n, .y_len = n};
  bc.bytes = 2.0 * (double)n * sizeof(float);
  return bc;
}

static void run_once(const void* arg) {
  const bench_case* bc = arg;
  switch (bc->op) {
    case OP_MAXPOOL:
      check(kl_maxpool_f32(&bc->pool, bc->x, bc->x_len, bc->y, bc->y_len, bc->indices,
                           bc->with_indices ? bc->y_len : 0));
      break;
    case OP_MAXPOOL_UNPOOL: {
      const kl_pool_params* p = &bc->pool;
      const kl_unpool_params u = {p->planes, p->out_d, p->out_h, p->out_w,
                                  p->in_d,   p->in_h,  p->in_w};
      check(kl_maxpool_f32(p, bc->x, bc->x_len, bc->y, bc->y_len, bc->indices, bc->y_len));
      check(kl_maxunpool_f32(&u, bc->y, bc->y_len, bc->indices, bc->y_len, bc->z, bc->x_len));
      break;
    }
    case OP_AVGPOOL:
      check(kl_avgpool_f32(&bc->pool, bc->x, bc->x_len, bc->y, bc->y_len));
      break;
    case OP_GLOBAL_AVGPOOL:
      check(kl_global_avgpool_f32(bc->y_len, bc->n, bc->x, bc->x_len, bc->y, bc->y_len));
      break;
    case OP_RELU:
      check(kl_relu_f32(bc->x, bc->y, bc->n));
      break;
    case OP_MEMCPY:
      memcpy(bc->y, bc->x, (size_t)bc->n * sizeof(float));
      break;
  }
}

int main(int argc, char** argv) {
  if (argc > 1) {
    setenv("KERNELLIB_ISA", argv[1], 1); /* read once, by the first library call */
  }
  const int32_t all_threads = kl_get_num_threads();
  bench_case cases[] = {
      pool_case("P1 maxpool k3 s2 p1 1x64x112x112", OP_MAXPOOL, 64, 112, 3, 2, 1, 0),
      pool_case("P1 + indices", OP_MAXPOOL, 64, 112, 3, 2, 1, 1),
      pool_case("P2 maxpool k2 s2 1x64x224x224", OP_MAXPOOL, 64, 224, 2, 2, 0, 0),
      pool_case("P2 + indices", OP_MAXPOOL, 64, 224, 2, 2, 0, 1),
      pool_case("P5 maxpool k2 s2 +ind, unpool 112", OP_MAXPOOL_UNPOOL, 64, 112, 2, 2, 0, 1),
      pool_case("P3 avgpool k3 s1 p1 1x256x28x28", OP_AVGPOOL, 256, 28, 3, 1, 1, 0),
      pool_case("avgpool k2 s2 1x64x112x112", OP_AVGPOOL, 64, 112, 2, 2, 0, 0),
      global_case("P4 global avgpool 8x2048x7x7", 8 * 2048, 49),
      elementwise_case("E1 relu 1M", OP_RELU, INT64_C(1) << 20),
      elementwise_case("E1 relu 16M", OP_RELU, INT64_C(1) << 24),
      elementwise_case("memcpy 1M floats (reference)", OP_MEMCPY, INT64_C(1) << 20),
      elementwise_case("memcpy 16M floats (reference)", OP_MEMCPY, INT64_C(1) << 24),
  };
  const int ncases = (int)(sizeof cases / sizeof cases[0]);
  for (int i = 0; i < ncases; i++) {
    cases[i].x = random_buffer(cases[i].x_len);
    cases[i].y = random_buffer(cases[i].y_len);
    cases[i].indices =
        cases[i].with_indices ? checked_malloc((size_t)cases[i].y_len * sizeof(int64_t)) : NULL;
    cases[i].z = cases[i].op == OP_MAXPOOL_UNPOOL ? random_buffer(cases[i].x_len) : NULL;
  }
  printf("isa %s; %d threads available\n", kl_isa_name(kl_isa()), (int)all_threads);
  const int32_t thread_counts[2] = {1, all_threads};
  for (int t = 0; t < (all_threads > 1 ? 2 : 1); t++) {
    check(kl_set_num_threads(thread_counts[t]));
    printf("\n%d thread(s)\n", (int)thread_counts[t]);
    for (int i = 0; i < ncases; i++) {
      const double seconds = best_seconds_per_call(run_once, &cases[i]);
      printf("  %-34s %10.1f us  %7.1f GB/s\n", cases[i].id, seconds * 1e6,
             cases[i].bytes / seconds * 1e-9);
    }
  }
  for (int i = 0; i < ncases; i++) {
    free(cases[i].x);
    free(cases[i].y);
    free(cases[i].indices);
    free(cases[i].z);
  }
  return 0;
}
