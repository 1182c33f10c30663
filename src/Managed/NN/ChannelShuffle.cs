using System.Numerics.Tensors;

namespace KernelLib.NN;

/// <summary>
/// Interleaves the channels of <c>Groups</c> groups, like <c>torch.nn.ChannelShuffle</c> (ShuffleNet): the channels,
/// viewed as <c>[Groups, C / Groups]</c>, are transposed, so that a following grouped convolution sees channels from
/// every group of the one before. See <see cref="Functional.ChannelShuffle(in ReadOnlyTensorSpan{float}, int, KernelBackend)"/>.
/// </summary>
public sealed class ChannelShuffle : Module
{
    /// <summary>Creates the layer.</summary>
    /// <param name="groups">Groups to divide the channels in, greater than zero; must divide the input's channels.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="groups"/> is not positive.</exception>
    public ChannelShuffle(int groups)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(groups);
        Groups = groups;
    }

    /// <summary>Groups the channels are divided in.</summary>
    public int Groups { get; }

    /// <inheritdoc/>
    public override Tensor<float> Forward(in ReadOnlyTensorSpan<float> input) => Functional.ChannelShuffle(input, Groups, Backend);

    /// <summary>Shuffles <paramref name="input"/> into <paramref name="destination"/> without allocating.</summary>
    /// <param name="input">Dense, shape <c>(N, C, *)</c> with C divisible by <see cref="Groups"/>.</param>
    /// <param name="destination">Dense, the input's shape, not overlapping it.</param>
    /// <returns>A reference to <paramref name="destination"/>.</returns>
    /// <exception cref="ArgumentException">A tensor is not dense, the shapes do not fit, or the two overlap.</exception>
    public ref readonly TensorSpan<float> Forward(scoped in ReadOnlyTensorSpan<float> input, in TensorSpan<float> destination) =>
        ref Functional.ChannelShuffle(input, Groups, destination, Backend);

    /// <inheritdoc/>
    public override ReadOnlySpan<nint> OutputShape(ReadOnlySpan<nint> inputShape)
    {
        Shapes.RequireNonNegative(inputShape, nameof(inputShape));
        ChannelShuffleShape.Infer(inputShape, Groups);
        return inputShape.ToArray();
    }

    /// <inheritdoc/>
    protected override string ExtraRepr() => $"groups={Groups}";
}
