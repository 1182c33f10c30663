using System.Numerics.Tensors;

namespace KernelLib.NN;

/// <summary>3-D adaptive average pooling, like <c>torch.nn.AdaptiveAvgPool3d</c>; see <see cref="Functional.AdaptiveAvgPool3d(in ReadOnlyTensorSpan{float}, AdaptiveSize3, KernelBackend)"/>.</summary>
public sealed class AdaptiveAvgPool3d : Module
{
    /// <summary>Creates the layer, validating the output size with PyTorch's rules.</summary>
    /// <param name="outputSize">The output (depth, height, width), each at least 0 or null to keep the input's size.</param>
    /// <exception cref="ArgumentException">An output size is negative.</exception>
    public AdaptiveAvgPool3d(AdaptiveSize3 outputSize)
    {
        AdaptivePoolShape.ValidateOutputSize(AdaptivePoolLayers.Sizes(outputSize), "adaptive_avg_pool3d");
        OutputSize = outputSize;
    }

    /// <summary>The target output size (null entries keep the input's size).</summary>
    public AdaptiveSize3 OutputSize { get; }

    /// <summary>Pools <paramref name="input"/> into a new tensor.</summary>
    /// <param name="input">Shape <c>(N, C, D, H, W)</c> or <c>(C, D, H, W)</c>, dense.</param>
    /// <returns>The pooled values.</returns>
    public override Tensor<float> Forward(in ReadOnlyTensorSpan<float> input) => Functional.AdaptiveAvgPool3d(input, OutputSize, Backend);

    /// <inheritdoc/>
    public override ReadOnlySpan<nint> OutputShape(ReadOnlySpan<nint> inputShape) => Infer(inputShape).OutputShape;

    /// <summary>One addition per window tap of every output (the divisions are not counted).</summary>
    /// <param name="inputShape">The input's shape.</param>
    /// <returns>The addition count.</returns>
    public override long Flops(ReadOnlySpan<nint> inputShape) => AdaptivePoolLayers.Flops(Infer(inputShape));

    /// <inheritdoc/>
    protected override string ExtraRepr() => $"output_size={AdaptivePoolLayers.Repr(OutputSize)}";

    private SpatialGeometry Infer(ReadOnlySpan<nint> inputShape) => AdaptivePoolShape.Infer(inputShape, AdaptivePoolLayers.Sizes(OutputSize), "adaptive_avg_pool3d");
}
