using KernelLib.Interop;

namespace KernelLib;

/// <summary>Calls <c>kl_adaptive_avgpool_f32</c> / <c>kl_adaptive_maxpool_f32</c> for a validated call.</summary>
internal static unsafe class NativeAdaptivePool
{
    internal static void Average(in SpatialGeometry g, ReadOnlySpan<float> input, Span<float> output)
    {
        AdaptivePoolParams parameters = Params(g);
        fixed (float* px = input)
        fixed (float* py = output)
        {
            NativeStatus.Check(NativeMethods.AdaptiveAvgPool(parameters, px, input.Length, py, output.Length));
        }
    }

    /// <summary>An empty <paramref name="indices"/> pins to NULL: none wanted.</summary>
    internal static void Max(in SpatialGeometry g, ReadOnlySpan<float> input, Span<float> output, Span<long> indices)
    {
        AdaptivePoolParams parameters = Params(g);
        fixed (float* px = input)
        fixed (float* py = output)
        fixed (long* pi = indices)
        {
            NativeStatus.Check(NativeMethods.AdaptiveMaxPool(parameters, px, input.Length, py, output.Length, pi, indices.Length));
        }
    }

    private static AdaptivePoolParams Params(in SpatialGeometry g) => new()
    {
        Planes = g.Planes,
        InD = g.InD, InH = g.InH, InW = g.InW,
        OutD = g.OutD, OutH = g.OutH, OutW = g.OutW,
    };
}
