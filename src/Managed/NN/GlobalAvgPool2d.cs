using System.Numerics.Tensors;

namespace KernelLib.NN;

/// <summary>
/// Global average pooling: (N, C, H, W) or (C, H, W) to (N, C, 1, 1) or (C, 1, 1), the same as
/// <c>torch.nn.AdaptiveAvgPool2d(1)</c>; see <see cref="Functional.GlobalAvgPool2d(in ReadOnlyTensorSpan{float}, KernelBackend)"/>.
/// </summary>
public sealed class GlobalAvgPool2d : Module
{
    /// <summary>Averages each (n, c) plane of <paramref name="input"/>.</summary>
    /// <param name="input">Shape <c>(N, C, H, W)</c> or <c>(C, H, W)</c>, dense.</param>
    /// <returns>The means.</returns>
    public override Tensor<float> Forward(in ReadOnlyTensorSpan<float> input) => Functional.GlobalAvgPool2d(input, Backend);

    /// <inheritdoc/>
    public override ReadOnlySpan<nint> OutputShape(ReadOnlySpan<nint> inputShape) => Infer(inputShape).OutputShape;

    /// <summary>One addition per input element.</summary>
    /// <param name="inputShape">The input's shape.</param>
    /// <returns>The addition count.</returns>
    public override long Flops(ReadOnlySpan<nint> inputShape) => AdaptivePoolLayers.Flops(Infer(inputShape));

    private static SpatialGeometry Infer(ReadOnlySpan<nint> inputShape) => AdaptivePoolShape.InferGlobal2d(inputShape, nameof(GlobalAvgPool2d));
}
