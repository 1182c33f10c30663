using System.Numerics.Tensors;

namespace KernelLib.NN;

/// <summary>2-D adaptive average pooling, like <c>torch.nn.AdaptiveAvgPool2d</c>; see <see cref="Functional.AdaptiveAvgPool2d(in ReadOnlyTensorSpan{float}, AdaptiveSize2, KernelBackend)"/>.</summary>
public sealed class AdaptiveAvgPool2d : Module
{
    /// <summary>Creates the layer, validating the output size with PyTorch's rules.</summary>
    /// <param name="outputSize">The output (height, width), each at least 0 or null to keep the input's size: <c>7</c>, <c>(5, 7)</c>, <c>(null, 7)</c>.</param>
    /// <exception cref="ArgumentException">An output size is negative.</exception>
    public AdaptiveAvgPool2d(AdaptiveSize2 outputSize)
    {
        AdaptivePoolShape.ValidateOutputSize(AdaptivePoolLayers.Sizes(outputSize), "adaptive_avg_pool2d");
        OutputSize = outputSize;
    }

    /// <summary>The target output size (null entries keep the input's size).</summary>
    public AdaptiveSize2 OutputSize { get; }

    /// <summary>Pools <paramref name="input"/> into a new tensor.</summary>
    /// <param name="input">Shape <c>(N, C, H, W)</c> or <c>(C, H, W)</c>, dense.</param>
    /// <returns>The pooled values.</returns>
    public override Tensor<float> Forward(in ReadOnlyTensorSpan<float> input) => Functional.AdaptiveAvgPool2d(input, OutputSize, Backend);

    /// <inheritdoc/>
    public override ReadOnlySpan<nint> OutputShape(ReadOnlySpan<nint> inputShape) => Infer(inputShape).OutputShape;

    /// <summary>One addition per window tap of every output (the divisions are not counted).</summary>
    /// <param name="inputShape">The input's shape.</param>
    /// <returns>The addition count.</returns>
    public override long Flops(ReadOnlySpan<nint> inputShape) => AdaptivePoolLayers.Flops(Infer(inputShape));

    /// <inheritdoc/>
    protected override string ExtraRepr() => $"output_size={AdaptivePoolLayers.Repr(OutputSize)}";

    private SpatialGeometry Infer(ReadOnlySpan<nint> inputShape) => AdaptivePoolShape.Infer(inputShape, AdaptivePoolLayers.Sizes(OutputSize), "adaptive_avg_pool2d");
}
