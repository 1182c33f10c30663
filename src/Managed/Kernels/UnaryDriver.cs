using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace KernelLib;

/// <summary>Applies an <see cref="IUnaryOperator"/> over a span: widest vectors first, then the scalar tail.</summary>
internal static class UnaryDriver
{
    /// <summary>y[i] = TOperator(x[i]). x and y have equal length and are the same memory or disjoint.</summary>
    internal static void Apply<TOperator>(ReadOnlySpan<float> x, Span<float> y)
        where TOperator : struct, IUnaryOperator
    {
        ref float source = ref MemoryMarshal.GetReference(x);
        ref float destination = ref MemoryMarshal.GetReference(y);
        nuint length = (nuint)x.Length;
        nuint i = 0;

        if (Vector512.IsHardwareAccelerated)
        {
            for (; i + (nuint)Vector512<float>.Count <= length; i += (nuint)Vector512<float>.Count)
            {
                TOperator.Invoke(Vector512.LoadUnsafe(ref source, i)).StoreUnsafe(ref destination, i);
            }
        }
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i + (nuint)Vector256<float>.Count <= length; i += (nuint)Vector256<float>.Count)
            {
                TOperator.Invoke(Vector256.LoadUnsafe(ref source, i)).StoreUnsafe(ref destination, i);
            }
        }
        for (; i < length; i++)
        {
            y[(int)i] = TOperator.Invoke(x[(int)i]);
        }
    }
}
