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
    public void MaxPool_BadArguments_ReturnInvalidArgument()
    {
        if (!TestBackends.NativeOrDocumentedAbsence())
            return;
        // One 4x4 plane (2-D pooling as 3-D with depth 1), 2x2 kernel, stride 2: output 2x2.
        var ok = new PoolParams
        {
            Planes = 1, InD = 1, InH = 4, InW = 4, OutD = 1, OutH = 2, OutW = 2, KernelD = 1, KernelH = 2, KernelW = 2,
            StrideD = 1, StrideH = 2, StrideW = 2, DilationD = 1, DilationH = 1, DilationW = 1,
        };
        var x = new float[16];
        var y = Fill.Constant(4, 9f);
        var indices = new long[4];
        var buffer = new float[32];
        fixed (float* px = x, py = y, pbuf = buffer)
        fixed (long* pi = indices)
        {
            Assert.Equal(Status.Ok, NativeMethods.MaxPool(ok, px, x.Length, py, y.Length, pi, indices.Length));
            Assert.Equal(Status.Ok, NativeMethods.MaxPool(ok, px, x.Length, py, y.Length, null, 0));
            Array.Fill(y, 9f);
            ExpectInvalid(NativeMethods.MaxPool(ok with { OutH = 3 }, px, x.Length, py, y.Length, pi, indices.Length), "out_h inconsistent");
            ExpectInvalid(NativeMethods.MaxPool(ok with { OutD = 2 }, px, x.Length, py, y.Length, pi, indices.Length), "out_d inconsistent");
            ExpectInvalid(NativeMethods.MaxPool(ok with { KernelW = 0 }, px, x.Length, py, y.Length, pi, indices.Length), "kernel_w = 0");
            ExpectInvalid(NativeMethods.MaxPool(ok with { StrideH = 0 }, px, x.Length, py, y.Length, pi, indices.Length), "stride_h = 0");
            ExpectInvalid(NativeMethods.MaxPool(ok with { DilationD = 0 }, px, x.Length, py, y.Length, pi, indices.Length), "dilation_d = 0");
            ExpectInvalid(NativeMethods.MaxPool(ok with { PadH = 2 }, px, x.Length, py, y.Length, pi, indices.Length), "pad over half the kernel");
            ExpectInvalid(NativeMethods.MaxPool(ok with { PadW = -1 }, px, x.Length, py, y.Length, pi, indices.Length), "pad_w = -1");
            ExpectInvalid(NativeMethods.MaxPool(ok with { CeilMode = 2 }, px, x.Length, py, y.Length, pi, indices.Length), "ceil_mode = 2");
            ExpectInvalid(NativeMethods.MaxPool(ok with { CountIncludePad = 1 }, px, x.Length, py, y.Length, pi, indices.Length), "count_include_pad on max");
            ExpectInvalid(NativeMethods.MaxPool(ok with { DivisorOverride = 3 }, px, x.Length, py, y.Length, pi, indices.Length), "divisor_override on max");
            ExpectInvalid(NativeMethods.MaxPool(ok with { Planes = 2 }, px, x.Length, py, y.Length, pi, indices.Length), "x_len short for 2 planes");
            ExpectInvalid(NativeMethods.MaxPool(ok with { Planes = -1 }, px, x.Length, py, y.Length, pi, indices.Length), "planes = -1");
            ExpectInvalid(NativeMethods.MaxPool(ok with { Planes = long.MaxValue / 8 + 1 }, px, x.Length, py, y.Length, pi, indices.Length), "planes*d*h*w overflows int64");
            ExpectInvalid(NativeMethods.MaxPool(ok, px, x.Length, py, y.Length - 1, pi, indices.Length), "y_len short");
            ExpectInvalid(NativeMethods.MaxPool(ok, px, x.Length, py, y.Length, pi, indices.Length - 1), "indices_len short");
            ExpectInvalid(NativeMethods.MaxPool(ok, null, x.Length, py, y.Length, pi, indices.Length), "x = NULL");
            ExpectInvalid(NativeMethods.MaxPool(ok, pbuf, 16, pbuf + 14, 4, null, 0), "y overlaps x");
        }
        Assert.All(y, v => Assert.Equal(9f, v));
    }

    [Fact]
    public void AvgPool_BadArguments_ReturnInvalidArgument()
    {
        if (!TestBackends.NativeOrDocumentedAbsence())
            return;
        // One 2x4x4 volume, 2x2x2 kernel, stride 2: output 1x2x2.
        var ok = new PoolParams
        {
            Planes = 1, InD = 2, InH = 4, InW = 4, OutD = 1, OutH = 2, OutW = 2, KernelD = 2, KernelH = 2, KernelW = 2,
            StrideD = 2, StrideH = 2, StrideW = 2, DilationD = 1, DilationH = 1, DilationW = 1, CountIncludePad = 1,
        };
        var x = new float[32];
        var y = Fill.Constant(4, 9f);
        fixed (float* px = x, py = y)
        {
            Assert.Equal(Status.Ok, NativeMethods.AvgPool(ok, px, x.Length, py, y.Length));
            Assert.Equal(Status.Ok, NativeMethods.AvgPool(ok with { DivisorOverride = -3 }, px, x.Length, py, y.Length));
            Array.Fill(y, 9f);
            ExpectInvalid(NativeMethods.AvgPool(ok with { OutW = 1 }, px, x.Length, py, y.Length), "out_w inconsistent");
            ExpectInvalid(NativeMethods.AvgPool(ok with { DilationW = 2 }, px, x.Length, py, y.Length), "dilation on average pooling");
            ExpectInvalid(NativeMethods.AvgPool(ok with { KernelD = 0 }, px, x.Length, py, y.Length), "kernel_d = 0");
            ExpectInvalid(NativeMethods.AvgPool(ok with { PadD = 2 }, px, x.Length, py, y.Length), "pad over half the kernel");
            ExpectInvalid(NativeMethods.AvgPool(ok with { CountIncludePad = 2 }, px, x.Length, py, y.Length), "count_include_pad = 2");
            ExpectInvalid(NativeMethods.AvgPool(ok with { DivisorOverride = long.MaxValue }, px, x.Length, py, y.Length), "divisor_override huge");
            ExpectInvalid(NativeMethods.AvgPool(ok with { InD = 0 }, px, x.Length, py, y.Length), "in_d = 0");
            ExpectInvalid(NativeMethods.AvgPool(ok, px, x.Length - 1, py, y.Length), "x_len short");
            ExpectInvalid(NativeMethods.AvgPool(ok, px, x.Length, py, y.Length - 1), "y_len short");
            ExpectInvalid(NativeMethods.AvgPool(ok, px, x.Length, null, y.Length), "y = NULL");
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
