namespace KernelLib;

/// <summary>The reference channel shuffle: one plane copy per channel.</summary>
internal static class ManagedChannelShuffle
{
    /// <summary>Output channel <c>j * groups + g</c> is input channel <c>g * (C / groups) + j</c>.</summary>
    internal static void Run(in ChannelShuffleShape shape, ReadOnlySpan<float> x, Span<float> y)
    {
        int channels = checked((int)shape.Channels), groups = checked((int)shape.Groups);
        int plane = checked((int)shape.PlaneSize), perGroup = channels / groups;
        for (long n = 0; n < shape.Batch; n++)
        {
            int block = checked((int)(n * channels * plane));
            for (int g = 0; g < groups; g++)
            {
                for (int j = 0; j < perGroup; j++)
                {
                    x.Slice(block + (g * perGroup + j) * plane, plane).CopyTo(y.Slice(block + (j * groups + g) * plane, plane));
                }
            }
        }
    }
}
