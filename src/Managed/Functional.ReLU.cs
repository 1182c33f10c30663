using System.Numerics.Tensors;

namespace KernelLib;

public static partial class Functional
{
    /// <summary>Applies <c>max(x, 0)</c> elementwise (<c>torch.relu</c>) into a new tensor; NaN and -0.0 pass through unchanged.</summary>
    /// <param name="input">Any shape, dense.</param>
    /// <param name="backend">Which implementation runs the op.</param>
    /// <returns>A tensor of the input's shape.</returns>
    /// <exception cref="ArgumentException">The input is not dense.</exception>
    /// <exception cref="InvalidOperationException"><see cref="KernelBackend.Native"/> was requested but is not available.</exception>
    public static Tensor<float> ReLU(in ReadOnlyTensorSpan<float> input, KernelBackend backend = KernelBackend.Auto)
    {
        TensorChecks.RequireDense(input, nameof(input));
        Tensor<float> output = Tensor.CreateFromShapeUninitialized<float>(input.Lengths);
        RunReLU(DenseSpans.Read(input), DenseSpans.Write(output.AsTensorSpan()), backend);
        return output;
    }

    /// <summary>Applies <c>max(x, 0)</c> elementwise into <paramref name="destination"/> without allocating.</summary>
    /// <param name="input">Any shape, dense.</param>
    /// <param name="destination">Dense, the input's shape; the input's own memory (in place) or separate memory.</param>
    /// <param name="backend">Which implementation runs the op.</param>
    /// <returns>A reference to <paramref name="destination"/>.</returns>
    /// <exception cref="ArgumentException">A tensor is not dense, the shapes differ, or the two partially overlap.</exception>
    /// <exception cref="InvalidOperationException"><see cref="KernelBackend.Native"/> was requested but is not available.</exception>
    public static ref readonly TensorSpan<float> ReLU(scoped in ReadOnlyTensorSpan<float> input, in TensorSpan<float> destination,
        KernelBackend backend = KernelBackend.Auto)
    {
        TensorChecks.RequireDense(input, nameof(input));
        TensorChecks.RequireDense(destination, nameof(destination));
        TensorChecks.RequireShape(destination.Lengths, input.Lengths, nameof(destination));
        ReadOnlySpan<float> x = DenseSpans.Read(input);
        Span<float> y = DenseSpans.Write(destination);
        TensorChecks.RequireSameOrDisjoint(y, x, nameof(destination), nameof(input));
        RunReLU(x, y, backend);
        return ref destination;
    }

    /// <summary>Applies <c>max(x, 0)</c> elementwise in place (<c>torch.relu_</c>).</summary>
    /// <param name="input">Any shape, dense; overwritten with the result.</param>
    /// <param name="backend">Which implementation runs the op.</param>
    /// <returns>A reference to <paramref name="input"/>.</returns>
    /// <exception cref="ArgumentException">The input is not dense.</exception>
    /// <exception cref="InvalidOperationException"><see cref="KernelBackend.Native"/> was requested but is not available.</exception>
    public static ref readonly TensorSpan<float> ReLUInPlace(in TensorSpan<float> input, KernelBackend backend = KernelBackend.Auto)
    {
        TensorChecks.RequireDense(input, nameof(input));
        Span<float> x = DenseSpans.Write(input);
        RunReLU(x, x, backend);
        return ref input;
    }

    private static void RunReLU(ReadOnlySpan<float> x, Span<float> y, KernelBackend backend)
    {
        bool useNative = BackendSelector.UseNative(backend);
        if (y.IsEmpty)
        {
            return;
        }
        if (useNative)
        {
            NativeReLU.Run(x, y);
        }
        else
        {
            ManagedReLU.Run(x, y);
        }
    }
}
