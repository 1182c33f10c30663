using KernelLib.Interop;

namespace KernelLib;

/// <summary>Calls <c>kl_maxpool2d_f32</c> for a validated call; an empty <c>indices</c> pins to NULL: none wanted.</summary>
internal static unsafe class NativeMaxPool2d
{
    internal static void Run(in Pool2dGeometry g, ReadOnlySpan<float> input, Span<float> output, Span<long> indices)
    {
        var parameters = new Pool2dParams
        {
            Planes = g.Planes,
            InH = g.InH, InW = g.InW,
            OutH = g.OutH, OutW = g.OutW,
            KernelH = g.Kernel.Height, KernelW = g.Kernel.Width,
            StrideH = g.Stride.Height, StrideW = g.Stride.Width,
            PadH = g.Padding.Height, PadW = g.Padding.Width,
            DilationH = g.Dilation.Height, DilationW = g.Dilation.Width,
            CeilMode = g.CeilMode ? 1 : 0,
        };
        fixed (float* px = input)
        fixed (float* py = output)
        fixed (long* pi = indices)
        {
            NativeStatus.Check(NativeMethods.MaxPool2d(parameters, px, input.Length, py, output.Length,
                pi, indices.Length));
        }
    }
}
