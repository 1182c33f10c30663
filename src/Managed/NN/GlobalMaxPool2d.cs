using System.Numerics.Tensors;

namespace KernelLib.NN;

/// <summary>
/// Global max pooling: (N, C, H, W) or (C, H, W) to (N, C, 1, 1) or (C, 1, 1), the same as
/// <c>torch.nn.AdaptiveMaxPool2d(1)</c>; see <see cref="Functional.GlobalMaxPool2d(in ReadOnlyTensorSpan{float}, KernelBackend)"/>.
/// </summary>
public sealed class GlobalMaxPool2d : Module
{
    /// <summary>Takes the maximum of each (n, c) plane of <paramref name="input"/> (a NaN wins).</summary>
    /// <param name="input">Shape <c>(N, C, H, W)</c> or <c>(C, H, W)</c>, dense.</param>
    /// <returns>The maxima.</returns>
    public override Tensor<float> Forward(in ReadOnlyTensorSpan<float> input) => Functional.GlobalMaxPool2d(input, Backend);

    /// <summary>Takes the maximum of each plane and its index <c>ih * W + iw</c> within the plane.</summary>
    /// <param name="input">Shape <c>(N, C, H, W)</c> or <c>(C, H, W)</c>, dense.</param>
    /// <returns>The maxima and their indices.</returns>
    public (Tensor<float> Output, Tensor<long> Indices) ForwardWithIndices(in ReadOnlyTensorSpan<float> input) =>
        Functional.GlobalMaxPool2dWithIndices(input, Backend);

    /// <inheritdoc/>
    public override ReadOnlySpan<nint> OutputShape(ReadOnlySpan<nint> inputShape) => Infer(inputShape).OutputShape;

    /// <summary>One comparison per input element.</summary>
    /// <param name="inputShape">The input's shape.</param>
    /// <returns>The comparison count.</returns>
    public override long Flops(ReadOnlySpan<nint> inputShape) => AdaptivePoolLayers.Flops(Infer(inputShape));

    private static SpatialGeometry Infer(ReadOnlySpan<nint> inputShape) => AdaptivePoolShape.InferGlobal2d(inputShape, nameof(GlobalMaxPool2d));
}
