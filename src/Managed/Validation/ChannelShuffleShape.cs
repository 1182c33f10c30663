namespace KernelLib;

/// <summary>A validated channel shuffle: <c>Batch</c> blocks of <c>Channels</c> planes of <c>PlaneSize</c> elements.</summary>
internal readonly record struct ChannelShuffleShape(long Batch, long Channels, long Groups, long PlaneSize)
{
    /// <summary>PyTorch 1.13's <c>channel_shuffle</c> checks, in its order and words.</summary>
    internal static ChannelShuffleShape Infer(ReadOnlySpan<nint> input, int groups)
    {
        if (input.Length <= 2)
        {
            throw new ArgumentException(
                $"channel_shuffle expects input with > 2 dims, but got input with sizes {Shapes.Format(input)}", nameof(input));
        }
        long channels = input[1];
        if (groups <= 0)
        {
            throw new ArgumentException(
                $"Number of groups to divide channels in must be positive. Value of groups:{groups}", nameof(groups));
        }
        if (channels % groups != 0)
        {
            throw new ArgumentException(
                $"Number of channels must be divisible by groups. Got {channels} channels and {groups} groups.", nameof(groups));
        }
        return new ChannelShuffleShape(input[0], channels, groups, Shapes.Product(input[2..]));
    }
}
