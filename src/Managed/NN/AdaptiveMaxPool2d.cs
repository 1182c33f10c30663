using System.Numerics.Tensors;

namespace KernelLib.NN;

/// <summary>2-D adaptive max pooling, like <c>torch.nn.AdaptiveMaxPool2d</c>; see <see cref="Functional.AdaptiveMaxPool2d(in ReadOnlyTensorSpan{float}, AdaptiveSize2, KernelBackend)"/>.</summary>
public sealed class AdaptiveMaxPool2d : Module
{
    /// <summary>Creates the layer, validating the output size with PyTorch's rules.</summary>
    /// <param name="outputSize">The output (height, width), each at least 0 or null to keep the input's size: <c>7</c>, <c>(5, 7)</c>, <c>(null, 7)</c>.</param>
    /// <param name="returnIndices">Whether the layer is meant to return indices; <see cref="ForwardWithIndices"/> does.</param>
    /// <exception cref="ArgumentException">An output size is negative.</exception>
    public AdaptiveMaxPool2d(AdaptiveSize2 outputSize, bool returnIndices = false)
    {
        AdaptivePoolShape.ValidateOutputSize(AdaptivePoolLayers.Sizes(outputSize), "adaptive_max_pool2d");
        OutputSize = outputSize;
        ReturnIndices = returnIndices;
    }

    /// <summary>The target output size (null entries keep the input's size).</summary>
    public AdaptiveSize2 OutputSize { get; }

    /// <summary>Whether the layer was created to return indices (PyTorch's <c>return_indices</c>).</summary>
    public bool ReturnIndices { get; }

    /// <summary>Pools <paramref name="input"/> into a new tensor (the values only; see <see cref="ForwardWithIndices"/>).</summary>
    /// <param name="input">Shape <c>(N, C, H, W)</c> or <c>(C, H, W)</c>, dense.</param>
    /// <returns>The pooled values.</returns>
    public override Tensor<float> Forward(in ReadOnlyTensorSpan<float> input) => Functional.AdaptiveMaxPool2d(input, OutputSize, Backend);

    /// <summary>Pools <paramref name="input"/> and returns each winner's index within its (n, c) plane.</summary>
    /// <param name="input">Shape <c>(N, C, H, W)</c> or <c>(C, H, W)</c>, dense.</param>
    /// <returns>The pooled values and their indices.</returns>
    public (Tensor<float> Output, Tensor<long> Indices) ForwardWithIndices(in ReadOnlyTensorSpan<float> input) =>
        Functional.AdaptiveMaxPool2dWithIndices(input, OutputSize, Backend);

    /// <inheritdoc/>
    public override ReadOnlySpan<nint> OutputShape(ReadOnlySpan<nint> inputShape) => Infer(inputShape).OutputShape;

    /// <summary>One comparison per window tap of every output.</summary>
    /// <param name="inputShape">The input's shape.</param>
    /// <returns>The comparison count.</returns>
    public override long Flops(ReadOnlySpan<nint> inputShape) => AdaptivePoolLayers.Flops(Infer(inputShape));

    /// <summary>PyTorch's <c>extra_repr</c>: the output size only (not return_indices).</summary>
    /// <returns>The settings.</returns>
    protected override string ExtraRepr() => $"output_size={AdaptivePoolLayers.Repr(OutputSize)}";

    private SpatialGeometry Infer(ReadOnlySpan<nint> inputShape) => AdaptivePoolShape.Infer(inputShape, AdaptivePoolLayers.Sizes(OutputSize), "adaptive_max_pool2d");
}
