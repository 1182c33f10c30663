using System.Numerics.Tensors;

namespace KernelLib.NN;

/// <summary>
/// Channel-wise mean pooling: (N, C, *) to (N, 1, *), PyTorch's <c>x.mean(dim=1, keepdim=True)</c>; see
/// <see cref="Functional.ChannelAvgPool(in ReadOnlyTensorSpan{float}, KernelBackend)"/>.
/// </summary>
public sealed class ChannelAvgPool : Module
{
    /// <summary>Reduces dimension 1 of <paramref name="input"/> to its mean, keeping it with size 1.</summary>
    /// <param name="input">Shape <c>(N, C, *)</c>, rank at least 2, C at least 1, dense.</param>
    /// <returns>A tensor of shape <c>(N, 1, *)</c>.</returns>
    public override Tensor<float> Forward(in ReadOnlyTensorSpan<float> input) => Functional.ChannelAvgPool(input, Backend);

    /// <inheritdoc/>
    public override ReadOnlySpan<nint> OutputShape(ReadOnlySpan<nint> inputShape) => Infer(inputShape).OutputShape;

    /// <summary>One addition per input element.</summary>
    /// <param name="inputShape">The input's shape.</param>
    /// <returns>The addition count.</returns>
    public override long Flops(ReadOnlySpan<nint> inputShape)
    {
        ChannelPoolGeometry g = Infer(inputShape);
        return checked(g.Batch * g.Channels * g.PlaneSize);
    }

    private static ChannelPoolGeometry Infer(ReadOnlySpan<nint> inputShape) => ChannelPoolShape.Infer(inputShape, nameof(ChannelAvgPool));
}
