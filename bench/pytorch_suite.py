#!/usr/bin/env python3
"""The standard suite (shared/BENCH_SUITE.md) in PyTorch: the reference peer for KernelLib.

    /usr/bin/python3 bench/pytorch_suite.py                 # every case, 1 thread and all cores
    /usr/bin/python3 bench/pytorch_suite.py P1 P3           # some cases
    /usr/bin/python3 bench/pytorch_suite.py C1 C5 T1 --threads 1
    /usr/bin/python3 bench/pytorch_suite.py --threads 1     # one thread count
    /usr/bin/python3 bench/pytorch_suite.py --min-time 1.0  # longer runs (seconds per case)
    /usr/bin/python3 bench/pytorch_suite.py --channels-last # NHWC inputs (PyTorch's vectorised
                                                            # channels-last pooling kernels)

float32, NCHW (the suite's layout) unless --channels-last, torch.no_grad(). Each case is warmed up, then timed in batches of calls sized to
take about 10 ms; the reported time is the median over batches (min and max are printed too).

Work counted per case (the same formulas as bench/Suite.cs, so rates compare one to one):
  FLOPs: GEMM 2*M*N*K; convolution 2*N*K*(C/g)*R*S*OH*OW (transposed: the forward conv it
         transposes).
  Bytes (memory-bound cases): every input read once + every output written once, 4 bytes a
         float, 8 bytes an int64 index. P5 counts both ops: max_pool2d(return_indices=True) reads
         x and writes y + indices; max_unpool2d reads y + indices and writes z.

Cases: C1..C9 and T1 (F.conv2d / F.conv_transpose2d with bias, as nn.Conv2d runs them), P1..P5.
To add a case, append a Case to CASES: its id, a one-line description, a setup function returning
the call to time, and the work.
"""

import argparse
import os
import statistics
import sys
import time
from dataclasses import dataclass
from typing import Callable, List

import torch
import torch.nn.functional as F

F32 = 4
I64 = 8


@dataclass
class Case:
    id: str
    description: str
    setup: Callable[[], Callable[[], object]]  # builds the tensors once; returns the call to time
    work: float  # bytes or FLOPs per call
    unit: str  # "GB/s" (work in bytes) or "GFLOP/s" (work in FLOPs)


CHANNELS_LAST = False  # set from --channels-last


def rand(*shape):
    g = torch.Generator().manual_seed(1)
    x = torch.rand(*shape, generator=g) * 2 - 1
    return x.contiguous(memory_format=torch.channels_last) if CHANNELS_LAST and x.dim() == 4 else x


def numel(*shape):
    n = 1
    for s in shape:
        n *= s
    return n


# ---------------------------------------------------------------- pooling (P1..P5)

def p1():
    x = rand(1, 64, 112, 112)
    return lambda: F.max_pool2d(x, 3, stride=2, padding=1)


def p2():
    x = rand(1, 64, 224, 224)
    return lambda: F.max_pool2d(x, 2, stride=2)


def p3():
    x = rand(1, 256, 28, 28)
    return lambda: F.avg_pool2d(x, 3, stride=1, padding=1, count_include_pad=False)


def p4():
    x = rand(8, 2048, 7, 7)
    return lambda: F.adaptive_avg_pool2d(x, 1)


def p5():
    x = rand(1, 64, 112, 112)

    def run():
        y, i = F.max_pool2d(x, 2, stride=2, return_indices=True)
        return F.max_unpool2d(y, i, 2, stride=2)

    return run


# ---------------------------------------------------------------- convolution (C1..C9, T1)

def conv_flops(n, c, h, w, k, r, s, stride=1, pad=0, dil=1, groups=1):
    """2*N*K*(C/g)*R*S*OH*OW, the suite's convolution count."""
    oh = (h + 2 * pad - dil * (r - 1) - 1) // stride + 1
    ow = (w + 2 * pad - dil * (s - 1) - 1) // stride + 1
    return 2.0 * n * k * (c // groups) * r * s * oh * ow


def conv(n, c, h, w, k, r, stride=1, pad=0, dil=1, groups=1):
    def setup():
        x = rand(n, c, h, w)
        wt = rand(k, c // groups, r, r)
        b = rand(k)
        return lambda: F.conv2d(x, wt, b, stride, pad, dil, groups)

    return setup


def conv_case(cid, description, n, c, h, w, k, r, stride=1, pad=0, dil=1, groups=1):
    return Case(cid, description, conv(n, c, h, w, k, r, stride, pad, dil, groups),
                conv_flops(n, c, h, w, k, r, r, stride, pad, dil, groups), "GFLOP/s")


def t1():
    x = rand(1, 64, 28, 28)
    wt = rand(64, 32, 4, 4)  # ConvTranspose2d weight: [in, out/groups, kh, kw]
    b = rand(32)
    return lambda: F.conv_transpose2d(x, wt, b, stride=2, padding=1)


CONV_CASES: List[Case] = [
    conv_case("C1", "Conv2d 1,3,224,224 -> 64, 7x7, s2, p3 (ResNet stem)", 1, 3, 224, 224, 64, 7, 2, 3),
    conv_case("C2", "Conv2d 1,64,56,56 -> 64, 3x3, p1", 1, 64, 56, 56, 64, 3, 1, 1),
    conv_case("C3", "Conv2d 1,256,56,56 -> 64, 1x1", 1, 256, 56, 56, 64, 1),
    conv_case("C4", "Conv2d 1,256,14,14 -> 256, 3x3, p1", 1, 256, 14, 14, 256, 3, 1, 1),
    conv_case("C5", "depthwise 1,144,56,56 -> 144, 3x3, p1, g144", 1, 144, 56, 56, 144, 3, 1, 1, 1, 144),
    conv_case("C6", "depthwise 1,96,112,112 -> 96, 3x3, s2, p1, g96", 1, 96, 112, 112, 96, 3, 2, 1, 1, 96),
    conv_case("C7", "grouped 1,128,56,56 -> 128, 3x3, p1, g32", 1, 128, 56, 56, 128, 3, 1, 1, 1, 32),
    conv_case("C8", "dilated 1,64,56,56 -> 64, 3x3, p2, d2", 1, 64, 56, 56, 64, 3, 1, 2, 2),
    conv_case("C9", "C2 with batch 8: Conv2d 8,64,56,56 -> 64, 3x3, p1", 8, 64, 56, 56, 64, 3, 1, 1),
    # The forward convolution T1 transposes: 1,32,56,56 -> 64, 4x4, s2, p1 (output 28x28).
    Case("T1", "ConvTranspose2d 1,64,28,28 -> 32, 4x4, s2, p1", t1,
         conv_flops(1, 32, 56, 56, 64, 4, 4, 2, 1), "GFLOP/s"),
]


CASES: List[Case] = CONV_CASES + [
    Case("P1", "MaxPool2d k3 s2 p1 on 1,64,112,112", p1,
         F32 * (numel(64, 112, 112) + numel(64, 56, 56)), "GB/s"),
    Case("P2", "MaxPool2d k2 s2 on 1,64,224,224", p2,
         F32 * (numel(64, 224, 224) + numel(64, 112, 112)), "GB/s"),
    Case("P3", "AvgPool2d k3 s1 p1 count_include_pad=False on 1,256,28,28", p3,
         F32 * (numel(256, 28, 28) + numel(256, 28, 28)), "GB/s"),
    Case("P4", "AdaptiveAvgPool2d(1) on 8,2048,7,7", p4,
         F32 * (numel(8, 2048, 7, 7) + numel(8, 2048)), "GB/s"),
    Case("P5", "MaxPool2d k2 s2 with indices + MaxUnpool2d on 1,64,112,112", p5,
         F32 * (2 * numel(64, 112, 112) + 2 * numel(64, 56, 56)) + I64 * 2 * numel(64, 56, 56), "GB/s"),
]


# ---------------------------------------------------------------- timing

def time_case(call, min_time, warmup_time=0.2, batch_target=0.01):
    """Median seconds per call over batches of calls, after warm-up; also (min, max)."""
    end = time.perf_counter() + warmup_time
    calls = 0
    while time.perf_counter() < end or calls < 3:
        call()
        calls += 1
    per_call = warmup_time / calls if calls else batch_target
    batch = max(1, int(batch_target / max(per_call, 1e-9)))
    samples = []
    end = time.perf_counter() + min_time
    while time.perf_counter() < end or len(samples) < 7:
        t0 = time.perf_counter()
        for _ in range(batch):
            call()
        samples.append((time.perf_counter() - t0) / batch)
    return statistics.median(samples), min(samples), max(samples)


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("cases", nargs="*", help="case ids (default: all)")
    ap.add_argument("--threads", type=int, action="append",
                    help="thread count (repeatable; default: 1 and all cores)")
    ap.add_argument("--min-time", type=float, default=0.5, help="seconds of measurement per case")
    ap.add_argument("--channels-last", action="store_true", help="4-D inputs in channels-last (NHWC) memory format")
    args = ap.parse_args(argv)
    global CHANNELS_LAST
    CHANNELS_LAST = args.channels_last

    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    threads = args.threads or sorted({1, cores})
    known = {c.id: c for c in CASES}
    wanted = args.cases or [c.id for c in CASES]
    unknown = [c for c in wanted if c not in known]
    if unknown:
        ap.error(f"unknown case(s) {unknown}; known: {list(known)}")

    print(f"PyTorch {torch.__version__}, {cores} cores, {'channels_last' if CHANNELS_LAST else 'NCHW'}, "
          f"parallel backend: {torch.__config__.parallel_info().splitlines()[-1].strip()}")
    print(f"{'case':<5} {'threads':>7} {'median ms':>10} {'min ms':>9} {'max ms':>9} {'rate':>15}  description")
    with torch.no_grad():
        for n in threads:
            torch.set_num_threads(n)
            for cid in wanted:
                c = known[cid]
                call = c.setup()
                med, lo, hi = time_case(call, args.min_time)
                rate = c.work / med / 1e9
                print(f"{c.id:<5} {n:>7} {med * 1e3:>10.4f} {lo * 1e3:>9.4f} {hi * 1e3:>9.4f} "
                      f"{rate:>7.2f} {c.unit:<7}  {c.description}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
