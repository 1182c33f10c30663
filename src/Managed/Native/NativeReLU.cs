using KernelLib.Interop;

namespace KernelLib;

/// <summary>Calls <c>kl_relu_f32</c>; x and y are the same memory (in place) or disjoint.</summary>
internal static unsafe class NativeReLU
{
    internal static void Run(ReadOnlySpan<float> x, Span<float> y)
    {
        fixed (float* px = x)
        fixed (float* py = y)
        {
            NativeStatus.Check(NativeMethods.Relu(px, py, y.Length));
        }
    }
}
