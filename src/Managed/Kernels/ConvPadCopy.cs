namespace KernelLib;

/// <summary>
/// The input of a convolution padded explicitly by its <see cref="PaddingMode"/>, as <c>torch.nn.functional.pad</c>
/// does: each padded index maps to one source index per dimension (mirrored without the edge, clamped, or wrapped).
/// </summary>
internal static class ConvPadCopy
{
    internal static ConvDims PaddedSize(ConvProblem p) => new(
        p.In.D + p.PadBegin.D + p.PadEnd.D, p.In.H + p.PadBegin.H + p.PadEnd.H, p.In.W + p.PadBegin.W + p.PadEnd.W);

    /// <summary>Writes every (n, c) plane of <paramref name="x"/>, padded, into <paramref name="padded"/>.</summary>
    internal static void Pad(ConvProblem p, ReadOnlySpan<float> x, Span<float> padded)
    {
        ConvDims size = PaddedSize(p);
        int[] d = SourceIndices(p.In.D, p.PadBegin.D, size.D, p.PaddingMode);
        int[] h = SourceIndices(p.In.H, p.PadBegin.H, size.H, p.PaddingMode);
        int[] w = SourceIndices(p.In.W, p.PadBegin.W, size.W, p.PaddingMode);
        int inH = (int)p.In.H, inW = (int)p.In.W, inVolume = checked((int)p.In.Volume), outVolume = checked((int)size.Volume);
        long planes = p.Batch * p.InChannels;
        for (int plane = 0; plane < planes; plane++)
        {
            ReadOnlySpan<float> source = x.Slice(plane * inVolume, inVolume);
            Span<float> target = padded.Slice(plane * outVolume, outVolume);
            int t = 0;
            foreach (int sd in d)
            {
                foreach (int sh in h)
                {
                    int row = (sd * inH + sh) * inW;
                    foreach (int sw in w)
                    {
                        target[t++] = source[row + sw];
                    }
                }
            }
        }
    }

    // Source index of each of the `padded` positions along one dimension of `size` elements.
    private static int[] SourceIndices(long size, long padBegin, long padded, PaddingMode mode)
    {
        var indices = new int[padded];
        for (long i = 0; i < padded; i++)
        {
            long j = i - padBegin;
            indices[i] = (int)(j >= 0 && j < size ? j : mode switch
            {
                PaddingMode.Reflect => j < 0 ? -j : 2 * (size - 1) - j,
                PaddingMode.Replicate => j < 0 ? 0 : size - 1,
                _ => ((j % size) + size) % size,
            });
        }
        return indices;
    }
}
