using KernelLib.Interop;

namespace KernelLib;

/// <summary>Calls <c>kl_global_avgpool_f32</c> / <c>kl_global_maxpool_f32</c> for a validated call.</summary>
internal static unsafe class NativeGlobalPool
{
    internal static void Average(long planes, long planeSize, ReadOnlySpan<float> input, Span<float> output)
    {
        fixed (float* px = input)
        fixed (float* py = output)
        {
            NativeStatus.Check(NativeMethods.GlobalAvgPool(planes, planeSize, px, input.Length, py, output.Length));
        }
    }

    /// <summary>An empty <paramref name="indices"/> pins to NULL: none wanted.</summary>
    internal static void Max(long planes, long planeSize, ReadOnlySpan<float> input, Span<float> output, Span<long> indices)
    {
        fixed (float* px = input)
        fixed (float* py = output)
        fixed (long* pi = indices)
        {
            NativeStatus.Check(NativeMethods.GlobalMaxPool(planes, planeSize, px, input.Length, py, output.Length, pi, indices.Length));
        }
    }
}
