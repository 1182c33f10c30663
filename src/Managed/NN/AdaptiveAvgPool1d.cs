using System.Numerics.Tensors;

namespace KernelLib.NN;

/// <summary>1-D adaptive average pooling, like <c>torch.nn.AdaptiveAvgPool1d</c>; see <see cref="Functional.AdaptiveAvgPool1d(in ReadOnlyTensorSpan{float}, int, KernelBackend)"/>.</summary>
public sealed class AdaptiveAvgPool1d : Module
{
    /// <summary>Creates the layer, validating the output size with PyTorch's rules.</summary>
    /// <param name="outputSize">The output length, at least 0.</param>
    /// <exception cref="ArgumentException">An output size is negative.</exception>
    public AdaptiveAvgPool1d(int outputSize)
    {
        AdaptivePoolShape.ValidateOutputSize([outputSize], "adaptive_avg_pool1d");
        OutputSize = outputSize;
    }

    /// <summary>The target output size (null entries keep the input's size).</summary>
    public int OutputSize { get; }

    /// <summary>Pools <paramref name="input"/> into a new tensor.</summary>
    /// <param name="input">Shape <c>(N, C, L)</c> or <c>(C, L)</c>, dense.</param>
    /// <returns>The pooled values.</returns>
    public override Tensor<float> Forward(in ReadOnlyTensorSpan<float> input) => Functional.AdaptiveAvgPool1d(input, OutputSize, Backend);

    /// <inheritdoc/>
    public override ReadOnlySpan<nint> OutputShape(ReadOnlySpan<nint> inputShape) => Infer(inputShape).OutputShape;

    /// <summary>One addition per window tap of every output (the divisions are not counted).</summary>
    /// <param name="inputShape">The input's shape.</param>
    /// <returns>The addition count.</returns>
    public override long Flops(ReadOnlySpan<nint> inputShape) => AdaptivePoolLayers.Flops(Infer(inputShape));

    /// <inheritdoc/>
    protected override string ExtraRepr() => $"output_size={OutputSize}";

    private SpatialGeometry Infer(ReadOnlySpan<nint> inputShape) => AdaptivePoolShape.Infer(inputShape, [OutputSize], "adaptive_avg_pool1d");
}
