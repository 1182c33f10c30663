using System.Runtime.InteropServices;
using KernelLib.Interop;
using Xunit;

namespace KernelLib.Tests;

/// <summary>
/// The native library re-checks every argument even though the managed layer validated it:
/// calling the C ABI directly with bad arguments returns KL_INVALID_ARGUMENT and a message from
/// kl_last_error(), and touches nothing.
/// </summary>
[Trait("Category", "Errors")]
public sealed unsafe class NativeRecheckTests
{
    [Fact]
    public void Sgemm_BadArguments_ReturnInvalidArgument()
    {
        if (!TestBackends.NativeOrDocumentedAbsence())
            return;
        var ok = new GemmParams { M = 3, N = 5, K = 7, Lda = 7, Ldb = 5, Ldc = 5, Alpha = 1, Beta = 0 };
        var a = new float[21];
        var b = new float[35];
        var c = Fill.Constant(15, 9f);
        var buffer = new float[64];
        fixed (float* pa = a, pb = b, pc = c, pbuf = buffer)
        {
            Assert.Equal(Status.Ok, NativeMethods.Sgemm(ok, pa, a.Length, pb, b.Length, pc, c.Length));
            Array.Fill(c, 9f);
            ExpectInvalid(NativeMethods.Sgemm(ok with { M = -1 }, pa, a.Length, pb, b.Length, pc, c.Length), "m = -1");
            ExpectInvalid(NativeMethods.Sgemm(ok with { Lda = 6 }, pa, a.Length, pb, b.Length, pc, c.Length), "lda < k");
            ExpectInvalid(NativeMethods.Sgemm(ok with { Ldc = 4 }, pa, a.Length, pb, b.Length, pc, c.Length), "ldc < n");
            ExpectInvalid(NativeMethods.Sgemm(ok with { TransA = 2 }, pa, a.Length, pb, b.Length, pc, c.Length), "trans_a = 2");
            ExpectInvalid(NativeMethods.Sgemm(ok, pa, a.Length - 1, pb, b.Length, pc, c.Length), "a_len short");
            ExpectInvalid(NativeMethods.Sgemm(ok with { Lda = long.MaxValue / 2 + 1 }, pa, a.Length, pb, b.Length, pc, c.Length), "(m-1)*lda overflows int64");
            ExpectInvalid(NativeMethods.Sgemm(ok with { M = long.MaxValue / 4, K = 4, Lda = 4 }, pa, a.Length, pb, b.Length, pc, c.Length), "m = INT64_MAX / 4: extents overflow");
            ExpectInvalid(NativeMethods.Sgemm(ok, pa, a.Length, pb, b.Length - 1, pc, c.Length), "b_len short");
            ExpectInvalid(NativeMethods.Sgemm(ok, pa, a.Length, pb, b.Length, pc, c.Length - 1), "c_len short");
            ExpectInvalid(NativeMethods.Sgemm(ok, null, a.Length, pb, b.Length, pc, c.Length), "a = NULL");
            ExpectInvalid(NativeMethods.Sgemm(ok, pbuf, 21, pb, b.Length, pbuf + 10, 15), "C overlaps A");
        }
        Assert.All(c, v => Assert.Equal(9f, v));
    }

    [Fact]
    public void MaxPool2d_BadArguments_ReturnInvalidArgument()
    {
        if (!TestBackends.NativeOrDocumentedAbsence())
            return;
        // One 4x4 plane, 2x2 kernel, stride 2: output 2x2.
        var ok = new Pool2dParams
        {
            Planes = 1, InH = 4, InW = 4, OutH = 2, OutW = 2, KernelH = 2, KernelW = 2,
            StrideH = 2, StrideW = 2, DilationH = 1, DilationW = 1,
        };
        var x = new float[16];
        var y = Fill.Constant(4, 9f);
        var indices = new long[4];
        fixed (float* px = x, py = y)
        fixed (long* pi = indices)
        {
            Assert.Equal(Status.Ok, NativeMethods.MaxPool2d(ok, px, x.Length, py, y.Length, pi, indices.Length));
            Array.Fill(y, 9f);
            ExpectInvalid(NativeMethods.MaxPool2d(ok with { OutH = 3 }, px, x.Length, py, y.Length, pi, indices.Length), "out_h inconsistent");
            ExpectInvalid(NativeMethods.MaxPool2d(ok with { KernelW = 0 }, px, x.Length, py, y.Length, pi, indices.Length), "kernel_w = 0");
            ExpectInvalid(NativeMethods.MaxPool2d(ok with { StrideH = 0 }, px, x.Length, py, y.Length, pi, indices.Length), "stride_h = 0");
            ExpectInvalid(NativeMethods.MaxPool2d(ok with { PadH = 2 }, px, x.Length, py, y.Length, pi, indices.Length), "pad over half the kernel");
            ExpectInvalid(NativeMethods.MaxPool2d(ok with { Reserved = 1 }, px, x.Length, py, y.Length, pi, indices.Length), "reserved != 0");
            ExpectInvalid(NativeMethods.MaxPool2d(ok with { Planes = 2 }, px, x.Length, py, y.Length, pi, indices.Length), "x_len short for 2 planes");
            ExpectInvalid(NativeMethods.MaxPool2d(ok with { Planes = long.MaxValue / 8 + 1 }, px, x.Length, py, y.Length, pi, indices.Length), "planes*h*w overflows int64");
            ExpectInvalid(NativeMethods.MaxPool2d(ok, px, x.Length, py, y.Length - 1, pi, indices.Length), "y_len short");
            ExpectInvalid(NativeMethods.MaxPool2d(ok, px, x.Length, py, y.Length, pi, indices.Length - 1), "indices_len short");
        }
        Assert.All(y, v => Assert.Equal(9f, v));
    }

    [Fact]
    public void ReLU_BadArguments_ReturnInvalidArgument()
    {
        if (!TestBackends.NativeOrDocumentedAbsence())
            return;
        var buffer = Fill.Constant(40, -1f);
        fixed (float* p = buffer)
        {
            ExpectInvalid(NativeMethods.Relu(p, p + 1, 32), "partial overlap");
            ExpectInvalid(NativeMethods.Relu(p + 5, p, 32), "partial overlap, y before x");
            ExpectInvalid(NativeMethods.Relu(p, p + 32, -1), "n = -1");
            ExpectInvalid(NativeMethods.Relu(null, p, 4), "x = NULL");
        }
        Assert.All(buffer, v => Assert.Equal(-1f, v));
    }

    [Fact]
    public void Linear_BadArguments_ReturnInvalidArgument()
    {
        if (!TestBackends.NativeOrDocumentedAbsence())
            return;
        var p = new LinearParams { Batch = 2, InFeatures = 3, OutFeatures = 4 };
        var x = new float[6];
        var w = new float[12];
        var bias = new float[4];
        var y = Fill.Constant(8, 9f);
        fixed (float* px = x, pw = w, pb = bias, py = y)
        {
            ExpectInvalid(NativeMethods.Linear(p, px, x.Length, pw, w.Length - 1, pb, bias.Length, py, y.Length), "weight_len short");
            ExpectInvalid(NativeMethods.Linear(p, px, x.Length, pw, w.Length, pb, bias.Length - 1, py, y.Length), "bias_len short");
            ExpectInvalid(NativeMethods.Linear(p, px, x.Length, pw, w.Length, pb, bias.Length, py, y.Length - 1), "y_len short");
            ExpectInvalid(NativeMethods.Linear(p with { InFeatures = -3 }, px, x.Length, pw, w.Length, pb, bias.Length, py, y.Length), "in = -3");
            ExpectInvalid(NativeMethods.Linear(p with { Batch = long.MaxValue / 2 }, px, x.Length, pw, w.Length, pb, bias.Length, py, y.Length), "batch*in overflows int64");
            ExpectInvalid(NativeMethods.LinearPlanCreate(p, pw, w.Length - 1, pb, bias.Length, out var plan), "plan: weight_len short");
            Assert.True(plan.IsInvalid);
            plan.Dispose();
            Assert.Equal(Status.Ok, NativeMethods.LinearPlanCreate(p, pw, w.Length, pb, bias.Length, out var good));
            using (good)
            {
                ExpectInvalid(NativeMethods.LinearPlanRun(good, 2, px, x.Length - 1, py, y.Length), "run: x_len short");
                ExpectInvalid(NativeMethods.LinearPlanRun(good, -1, px, x.Length, py, y.Length), "run: batch = -1");
            }
        }
        Assert.All(y, v => Assert.Equal(9f, v));
    }

    [Fact]
    public void SetNumThreads_BelowOne_ReturnsInvalidArgument()
    {
        if (!TestBackends.NativeOrDocumentedAbsence())
            return;
        int before = NativeMethods.GetNumThreads();
        ExpectInvalid(NativeMethods.SetNumThreads(0), "num_threads = 0");
        Assert.Equal(before, NativeMethods.GetNumThreads());
    }

    private static void ExpectInvalid(Status status, string what)
    {
        Assert.True(status == Status.InvalidArgument, $"{what}: expected InvalidArgument, got {status}");
        string? message = Marshal.PtrToStringUTF8((nint)NativeMethods.LastError());
        Assert.False(string.IsNullOrEmpty(message), $"{what}: kl_last_error() is empty");
    }
}
