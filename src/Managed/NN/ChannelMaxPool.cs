using System.Numerics.Tensors;

namespace KernelLib.NN;

/// <summary>
/// Channel-wise maximum pooling: (N, C, *) to (N, 1, *), PyTorch's <c>x.max(dim=1, keepdim=True).values</c>; see
/// <see cref="Functional.ChannelMaxPool(in ReadOnlyTensorSpan{float}, KernelBackend)"/>.
/// </summary>
public sealed class ChannelMaxPool : Module
{
    /// <summary>Reduces dimension 1 of <paramref name="input"/> to its maximum (a NaN wins), keeping it with size 1.</summary>
    /// <param name="input">Shape <c>(N, C, *)</c>, rank at least 2, C at least 1, dense.</param>
    /// <returns>A tensor of shape <c>(N, 1, *)</c>.</returns>
    public override Tensor<float> Forward(in ReadOnlyTensorSpan<float> input) => Functional.ChannelMaxPool(input, Backend);

    /// <inheritdoc/>
    public override ReadOnlySpan<nint> OutputShape(ReadOnlySpan<nint> inputShape) => Infer(inputShape).OutputShape;

    /// <summary>One comparison per input element.</summary>
    /// <param name="inputShape">The input's shape.</param>
    /// <returns>The comparison count.</returns>
    public override long Flops(ReadOnlySpan<nint> inputShape)
    {
        ChannelPoolGeometry g = Infer(inputShape);
        return checked(g.Batch * g.Channels * g.PlaneSize);
    }

    private static ChannelPoolGeometry Infer(ReadOnlySpan<nint> inputShape) => ChannelPoolShape.Infer(inputShape, nameof(ChannelMaxPool));
}
