using KernelLib.Interop;

namespace KernelLib;

/// <summary>The <c>kl_pool_params</c> of a validated call (1-D and 2-D as 3-D with leading dimensions of 1).</summary>
internal static class NativePoolParams
{
    internal static PoolParams From(in PoolGeometry g)
    {
        PoolWindow w = g.Window;
        return new PoolParams
        {
            Planes = g.Planes,
            InD = g.InD, InH = g.InH, InW = g.InW,
            OutD = g.OutD, OutH = g.OutH, OutW = g.OutW,
            KernelD = w.Kernel.Depth, KernelH = w.Kernel.Height, KernelW = w.Kernel.Width,
            StrideD = w.Stride.Depth, StrideH = w.Stride.Height, StrideW = w.Stride.Width,
            PadD = w.Padding.Depth, PadH = w.Padding.Height, PadW = w.Padding.Width,
            DilationD = w.Dilation.Depth, DilationH = w.Dilation.Height, DilationW = w.Dilation.Width,
            DivisorOverride = w.DivisorOverride ?? 0,
            CeilMode = w.CeilMode ? 1 : 0,
            CountIncludePad = w.CountIncludePad ? 1 : 0,
        };
    }
}

/// <summary>Calls <c>kl_maxpool_f32</c> for a validated call; an empty <c>indices</c> pins to NULL: none wanted.</summary>
internal static unsafe class NativeMaxPool
{
    internal static void Run(in PoolGeometry g, ReadOnlySpan<float> input, Span<float> output, Span<long> indices)
    {
        PoolParams parameters = NativePoolParams.From(g);
        fixed (float* px = input)
        fixed (float* py = output)
        fixed (long* pi = indices)
        {
            NativeStatus.Check(NativeMethods.MaxPool(parameters, px, input.Length, py, output.Length, pi, indices.Length));
        }
    }
}

/// <summary>Calls <c>kl_avgpool_f32</c> for a validated call.</summary>
internal static unsafe class NativeAvgPool
{
    internal static void Run(in PoolGeometry g, ReadOnlySpan<float> input, Span<float> output)
    {
        PoolParams parameters = NativePoolParams.From(g);
        fixed (float* px = input)
        fixed (float* py = output)
        {
            NativeStatus.Check(NativeMethods.AvgPool(parameters, px, input.Length, py, output.Length));
        }
    }
}
