using System.Numerics.Tensors;

namespace KernelLib.NN;

/// <summary>1-D adaptive max pooling, like <c>torch.nn.AdaptiveMaxPool1d</c>; see <see cref="Functional.AdaptiveMaxPool1d(in ReadOnlyTensorSpan{float}, int, KernelBackend)"/>.</summary>
public sealed class AdaptiveMaxPool1d : Module
{
    /// <summary>Creates the layer, validating the output size with PyTorch's rules.</summary>
    /// <param name="outputSize">The output length, at least 0.</param>
    /// <param name="returnIndices">Whether the layer is meant to return indices; <see cref="ForwardWithIndices"/> does.</param>
    /// <exception cref="ArgumentException">An output size is negative.</exception>
    public AdaptiveMaxPool1d(int outputSize, bool returnIndices = false)
    {
        AdaptivePoolShape.ValidateOutputSize([outputSize], "adaptive_max_pool1d");
        OutputSize = outputSize;
        ReturnIndices = returnIndices;
    }

    /// <summary>The target output size (null entries keep the input's size).</summary>
    public int OutputSize { get; }

    /// <summary>Whether the layer was created to return indices (PyTorch's <c>return_indices</c>).</summary>
    public bool ReturnIndices { get; }

    /// <summary>Pools <paramref name="input"/> into a new tensor (the values only; see <see cref="ForwardWithIndices"/>).</summary>
    /// <param name="input">Shape <c>(N, C, L)</c> or <c>(C, L)</c>, dense.</param>
    /// <returns>The pooled values.</returns>
    public override Tensor<float> Forward(in ReadOnlyTensorSpan<float> input) => Functional.AdaptiveMaxPool1d(input, OutputSize, Backend);

    /// <summary>Pools <paramref name="input"/> and returns each winner's index within its (n, c) plane.</summary>
    /// <param name="input">Shape <c>(N, C, L)</c> or <c>(C, L)</c>, dense.</param>
    /// <returns>The pooled values and their indices.</returns>
    public (Tensor<float> Output, Tensor<long> Indices) ForwardWithIndices(in ReadOnlyTensorSpan<float> input) =>
        Functional.AdaptiveMaxPool1dWithIndices(input, OutputSize, Backend);

    /// <inheritdoc/>
    public override ReadOnlySpan<nint> OutputShape(ReadOnlySpan<nint> inputShape) => Infer(inputShape).OutputShape;

    /// <summary>One comparison per window tap of every output.</summary>
    /// <param name="inputShape">The input's shape.</param>
    /// <returns>The comparison count.</returns>
    public override long Flops(ReadOnlySpan<nint> inputShape) => AdaptivePoolLayers.Flops(Infer(inputShape));

    /// <summary>PyTorch's <c>extra_repr</c>: the output size only (not return_indices).</summary>
    /// <returns>The settings.</returns>
    protected override string ExtraRepr() => $"output_size={OutputSize}";

    private SpatialGeometry Infer(ReadOnlySpan<nint> inputShape) => AdaptivePoolShape.Infer(inputShape, [OutputSize], "adaptive_max_pool1d");
}
