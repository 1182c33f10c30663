using KernelLib.Interop;

namespace KernelLib;

/// <summary>Calls <c>kl_maxunpool_f32</c> for a validated call.</summary>
internal static unsafe class NativeMaxUnpool
{
    /// <summary>
    /// Scatters on the native side. Indices are caller data that only the kernel reads, so the native library
    /// checks them (it never writes outside <paramref name="output"/>) and reports a bad one as
    /// KL_INVALID_ARGUMENT; the first bad index is then found here so that the caller sees the same
    /// <see cref="ArgumentException"/> (ParamName <c>indices</c>, the same text) as from the managed backend.
    /// </summary>
    internal static void Run(in SpatialGeometry g, ReadOnlySpan<float> input, ReadOnlySpan<long> indices, Span<float> output)
    {
        var parameters = new UnpoolParams
        {
            Planes = g.Planes,
            InD = g.InD, InH = g.InH, InW = g.InW,
            OutD = g.OutD, OutH = g.OutH, OutW = g.OutW,
        };
        Status status;
        fixed (float* px = input)
        fixed (long* pi = indices)
        fixed (float* py = output)
        {
            status = NativeMethods.MaxUnpool(parameters, px, input.Length, pi, indices.Length, py, output.Length);
        }
        if (status == Status.InvalidArgument)
        {
            UnpoolShape.RequireValidIndices(g, indices);
        }
        NativeStatus.Check(status);
    }
}
