using System.Numerics.Tensors;

namespace KernelLib;

public static partial class Functional
{
    /// <summary>
    /// Channel shuffle (<c>torch.nn.functional.channel_shuffle</c>, ShuffleNet) into a new tensor: the C channels of
    /// dimension 1, seen as <c>groups x (C / groups)</c>, are transposed to <c>(C / groups) x groups</c>, so output
    /// channel <c>j * groups + g</c> is input channel <c>g * (C / groups) + j</c>.
    /// </summary>
    /// <param name="input">Shape <c>(N, C, *)</c> with at least one trailing dimension (rank 3 or more).</param>
    /// <param name="groups">Groups the channels are split into; positive, divides C.</param>
    /// <param name="backend">Which implementation runs the op.</param>
    /// <returns>A tensor of the input's shape.</returns>
    /// <exception cref="ArgumentException">The input is not dense, or its rank or <paramref name="groups"/> breaks PyTorch's rules.</exception>
    /// <exception cref="InvalidOperationException"><see cref="KernelBackend.Native"/> was requested but is not available.</exception>
    public static Tensor<float> ChannelShuffle(in ReadOnlyTensorSpan<float> input, int groups, KernelBackend backend = KernelBackend.Auto)
    {
        ChannelShuffleShape shape = ChannelShuffleShape.Infer(input.Lengths, groups);
        TensorChecks.RequireDense(input, nameof(input));
        Tensor<float> output = Tensor.CreateFromShapeUninitialized<float>(input.Lengths);
        RunChannelShuffle(shape, DenseSpans.Read(input), DenseSpans.Write(output.AsTensorSpan()), backend);
        return output;
    }

    /// <summary>Channel shuffle into <paramref name="destination"/> without allocating.</summary>
    /// <param name="input">Shape <c>(N, C, *)</c> with at least one trailing dimension (rank 3 or more).</param>
    /// <param name="groups">Groups the channels are split into; positive, divides C.</param>
    /// <param name="destination">Dense, the input's shape, not overlapping it.</param>
    /// <param name="backend">Which implementation runs the op.</param>
    /// <returns>A reference to <paramref name="destination"/>.</returns>
    /// <exception cref="ArgumentException">A tensor is not dense, the rank or <paramref name="groups"/> breaks PyTorch's rules, or the destination overlaps the input.</exception>
    /// <exception cref="InvalidOperationException"><see cref="KernelBackend.Native"/> was requested but is not available.</exception>
    public static ref readonly TensorSpan<float> ChannelShuffle(scoped in ReadOnlyTensorSpan<float> input, int groups,
        in TensorSpan<float> destination, KernelBackend backend = KernelBackend.Auto)
    {
        ChannelShuffleShape shape = ChannelShuffleShape.Infer(input.Lengths, groups);
        TensorChecks.RequireDense(input, nameof(input));
        TensorChecks.RequireDense(destination, nameof(destination));
        TensorChecks.RequireShape(destination.Lengths, input.Lengths, nameof(destination));
        ReadOnlySpan<float> x = DenseSpans.Read(input);
        Span<float> y = DenseSpans.Write(destination);
        TensorChecks.RequireDisjoint<float, float>(y, x, nameof(destination), nameof(input));
        RunChannelShuffle(shape, x, y, backend);
        return ref destination;
    }

    private static void RunChannelShuffle(in ChannelShuffleShape shape, ReadOnlySpan<float> x, Span<float> y, KernelBackend backend)
    {
        bool useNative = BackendSelector.UseNative(backend);
        if (y.IsEmpty)
        {
            return;
        }
        if (useNative)
        {
            NativeChannelShuffle.Run(shape, x, y);
        }
        else
        {
            ManagedChannelShuffle.Run(shape, x, y);
        }
    }
}
