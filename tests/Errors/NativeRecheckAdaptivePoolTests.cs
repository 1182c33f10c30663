using System.Runtime.InteropServices;
using KernelLib.Interop;
using Xunit;

namespace KernelLib.Tests;

/// <summary>
/// The native adaptive, global, channel and unpooling entry points re-check their arguments even though the managed
/// layer validated them: called directly with bad arguments they return KL_INVALID_ARGUMENT with a message and
/// write nothing outside the outputs (an invalid unpool index writes nothing past y).
/// </summary>
[Trait("Category", "Errors")]
public sealed unsafe class NativeRecheckAdaptivePoolTests
{
    [Fact]
    public void AdaptivePool_BadArguments_ReturnInvalidArgument()
    {
        if (!TestBackends.NativeOrDocumentedAbsence())
            return;
        // One 4x4 plane pooled to 2x3.
        var ok = new AdaptivePoolParams { Planes = 1, InD = 1, InH = 4, InW = 4, OutD = 1, OutH = 2, OutW = 3 };
        var x = new float[16];
        var y = Fill.Constant(6, 9f);
        var indices = new long[6];
        var buffer = new float[32];
        fixed (float* px = x, py = y, pbuf = buffer)
        fixed (long* pi = indices)
        {
            Assert.Equal(Status.Ok, NativeMethods.AdaptiveAvgPool(ok, px, x.Length, py, y.Length));
            Assert.Equal(Status.Ok, NativeMethods.AdaptiveMaxPool(ok, px, x.Length, py, y.Length, pi, indices.Length));
            Array.Fill(y, 9f);
            ExpectInvalid(NativeMethods.AdaptiveAvgPool(ok with { InH = 0 }, px, x.Length, py, y.Length), "in_h = 0");
            ExpectInvalid(NativeMethods.AdaptiveAvgPool(ok with { OutW = 0 }, px, x.Length, py, y.Length), "out_w = 0");
            ExpectInvalid(NativeMethods.AdaptiveAvgPool(ok with { Planes = -1 }, px, x.Length, py, y.Length), "planes = -1");
            ExpectInvalid(NativeMethods.AdaptiveAvgPool(ok with { Planes = 2 }, px, x.Length, py, y.Length), "x_len short for 2 planes");
            ExpectInvalid(NativeMethods.AdaptiveAvgPool(ok with { OutH = long.MaxValue / 2 }, px, x.Length, py, y.Length), "huge out_h");
            ExpectInvalid(NativeMethods.AdaptiveAvgPool(ok, px, x.Length, py, y.Length - 1), "y_len short");
            ExpectInvalid(NativeMethods.AdaptiveAvgPool(ok, null, x.Length, py, y.Length), "x = NULL");
            ExpectInvalid(NativeMethods.AdaptiveMaxPool(ok, px, x.Length, py, y.Length, pi, indices.Length - 1), "indices_len short");
            ExpectInvalid(NativeMethods.AdaptiveMaxPool(ok, pbuf, 16, pbuf + 12, 6, null, 0), "y overlaps x");
        }
        Assert.All(y, v => Assert.Equal(9f, v));
    }

    [Fact]
    public void GlobalAndChannelPool_BadArguments_ReturnInvalidArgument()
    {
        if (!TestBackends.NativeOrDocumentedAbsence())
            return;
        var x = new float[24];
        var y = Fill.Constant(4, 9f);
        var indices = new long[4];
        var buffer = new float[32];
        fixed (float* px = x, py = y, pbuf = buffer)
        fixed (long* pi = indices)
        {
            Assert.Equal(Status.Ok, NativeMethods.GlobalAvgPool(4, 6, px, x.Length, py, y.Length));
            Assert.Equal(Status.Ok, NativeMethods.GlobalMaxPool(4, 6, px, x.Length, py, y.Length, pi, indices.Length));
            Assert.Equal(Status.Ok, NativeMethods.ChannelMaxPool(1, 6, 4, px, x.Length, py, y.Length));
            Assert.Equal(Status.Ok, NativeMethods.ChannelAvgPool(2, 3, 2, px, 12, py, y.Length));
            Array.Fill(y, 9f);
            ExpectInvalid(NativeMethods.GlobalAvgPool(-1, 6, px, x.Length, py, y.Length), "planes = -1");
            ExpectInvalid(NativeMethods.GlobalAvgPool(4, 0, px, x.Length, py, y.Length), "plane_size = 0");
            ExpectInvalid(NativeMethods.GlobalAvgPool(5, 6, px, x.Length, py, y.Length), "x_len short");
            ExpectInvalid(NativeMethods.GlobalMaxPool(4, 6, px, x.Length, py, y.Length - 1, pi, indices.Length), "y_len short");
            ExpectInvalid(NativeMethods.GlobalMaxPool(4, 6, px, x.Length, py, y.Length, pi, indices.Length - 1), "indices_len short");
            ExpectInvalid(NativeMethods.GlobalAvgPool(4, 6, pbuf, 24, pbuf + 22, 4), "y overlaps x");
            ExpectInvalid(NativeMethods.ChannelMaxPool(1, 0, 4, px, x.Length, py, y.Length), "channels = 0");
            ExpectInvalid(NativeMethods.ChannelMaxPool(-1, 6, 4, px, x.Length, py, y.Length), "batch = -1");
            ExpectInvalid(NativeMethods.ChannelAvgPool(1, 7, 4, px, x.Length, py, y.Length), "x_len short");
            ExpectInvalid(NativeMethods.ChannelAvgPool(1, 6, 4, px, x.Length, py, y.Length - 1), "y_len short");
            ExpectInvalid(NativeMethods.ChannelMaxPool(1, 6, 4, px, x.Length, null, y.Length), "y = NULL");
        }
        Assert.All(y, v => Assert.Equal(9f, v));
    }

    [Fact]
    public void MaxUnpool_BadArgumentsOrIndices_ReturnInvalidArgumentAndStayInsideY()
    {
        if (!TestBackends.NativeOrDocumentedAbsence())
            return;
        // Two 2x2 planes unpooled to 4x4.
        var ok = new UnpoolParams { Planes = 2, InD = 1, InH = 2, InW = 2, OutD = 1, OutH = 4, OutW = 4 };
        var x = Fill.Constant(8, 1f);
        var indices = new long[] { 0, 3, 8, 15, 5, 6, 9, 12 };
        var y = Fill.Constant(32 + 2, 9f); // y is elements 1..32; the two ends are sentinels
        fixed (float* px = x, pyAll = y)
        fixed (long* pi = indices)
        {
            float* py = pyAll + 1;
            Assert.Equal(Status.Ok, NativeMethods.MaxUnpool(ok, px, x.Length, pi, indices.Length, py, 32));
            ExpectInvalid(NativeMethods.MaxUnpool(ok with { Planes = -1 }, px, x.Length, pi, indices.Length, py, 32), "planes = -1");
            ExpectInvalid(NativeMethods.MaxUnpool(ok with { OutW = 0 }, px, x.Length, pi, indices.Length, py, 32), "out_w = 0");
            ExpectInvalid(NativeMethods.MaxUnpool(ok, px, x.Length - 1, pi, indices.Length, py, 32), "x_len short");
            ExpectInvalid(NativeMethods.MaxUnpool(ok, px, x.Length, pi, indices.Length - 1, py, 32), "indices_len short");
            ExpectInvalid(NativeMethods.MaxUnpool(ok, px, x.Length, pi, indices.Length, py, 31), "y_len short");
            ExpectInvalid(NativeMethods.MaxUnpool(ok, px, x.Length, null, indices.Length, py, 32), "indices = NULL");
            foreach (long bad in new long[] { 16, -1, long.MaxValue, long.MinValue })
            {
                indices[7] = bad;
                ExpectInvalid(NativeMethods.MaxUnpool(ok, px, x.Length, pi, indices.Length, py, 32), $"index {bad}");
            }
        }
        Assert.Equal(9f, y[0]);
        Assert.Equal(9f, y[^1]);
    }

    private static void ExpectInvalid(Status status, string what)
    {
        Assert.True(status == Status.InvalidArgument, $"{what}: expected InvalidArgument, got {status}");
        string? message = Marshal.PtrToStringUTF8((nint)NativeMethods.LastError());
        Assert.False(string.IsNullOrEmpty(message), $"{what}: kl_last_error() is empty");
    }
}
