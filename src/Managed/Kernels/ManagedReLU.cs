namespace KernelLib;

/// <summary>The reference ReLU.</summary>
internal static class ManagedReLU
{
    /// <summary>y = relu(x); x and y are the same memory (in place) or disjoint.</summary>
    internal static void Run(ReadOnlySpan<float> x, Span<float> y) => UnaryDriver.Apply<ReLUOperator>(x, y);
}
