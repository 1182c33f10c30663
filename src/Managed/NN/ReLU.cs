using System.Numerics.Tensors;

namespace KernelLib.NN;

/// <summary>Applies <c>max(x, 0)</c> elementwise, like <c>torch.nn.ReLU</c>.</summary>
public sealed class ReLU : Module
{
    /// <summary>Creates the layer.</summary>
    /// <param name="inplace">Whether the layer is meant to run in place; <see cref="ForwardInPlace"/> does,
    /// <see cref="Forward"/> (which takes a read-only input) still returns a new tensor.</param>
    public ReLU(bool inplace = false) => Inplace = inplace;

    /// <summary>Whether the layer was created for in-place use (PyTorch's <c>inplace</c>).</summary>
    public bool Inplace { get; }

    /// <inheritdoc/>
    public override Tensor<float> Forward(in ReadOnlyTensorSpan<float> input) => Functional.ReLU(input, Backend);

    /// <summary>Applies the layer to <paramref name="input"/> in place.</summary>
    /// <param name="input">Any shape, dense; overwritten with the result.</param>
    /// <returns>A reference to <paramref name="input"/>.</returns>
    public ref readonly TensorSpan<float> ForwardInPlace(in TensorSpan<float> input) => ref Functional.ReLUInPlace(input, Backend);

    /// <inheritdoc/>
    public override ReadOnlySpan<nint> OutputShape(ReadOnlySpan<nint> inputShape)
    {
        Shapes.RequireNonNegative(inputShape, nameof(inputShape));
        return inputShape.ToArray();
    }

    /// <inheritdoc/>
    protected override string ExtraRepr() => Inplace ? "inplace=True" : "";
}
