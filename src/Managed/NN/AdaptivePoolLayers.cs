namespace KernelLib.NN;

/// <summary>What the adaptive, global and channel pooling modules share: output sizes, FLOPs and reprs.</summary>
internal static class AdaptivePoolLayers
{
    internal static int?[] Sizes(AdaptiveSize2 size) => [size.Height, size.Width];

    internal static int?[] Sizes(AdaptiveSize3 size) => [size.Depth, size.Height, size.Width];

    /// <summary>"7" when both entries agree (as for an int argument), else "(None, 7)": PyTorch's repr of output_size.</summary>
    internal static string Repr(AdaptiveSize2 size) => Repr(Sizes(size));

    /// <summary>"7" when all entries agree (as for an int argument), else "(None, 7, 7)".</summary>
    internal static string Repr(AdaptiveSize3 size) => Repr(Sizes(size));

    /// <summary>
    /// One comparison (max) or addition (average, the last one standing for the division) per window tap of every
    /// output: per plane, the product over the dimensions of the summed window lengths (windows may overlap).
    /// </summary>
    internal static long Flops(in SpatialGeometry g)
    {
        long taps = g.Planes;
        taps = checked(taps * WindowLengths(g.InD, g.OutD));
        taps = checked(taps * WindowLengths(g.InH, g.OutH));
        return checked(taps * WindowLengths(g.InW, g.OutW));
    }

    private static long WindowLengths(long inSize, long outSize)
    {
        long total = 0;
        for (long o = 0; o < outSize; o++)
        {
            long start = o * inSize / outSize, end = ((o + 1) * inSize + outSize - 1) / outSize;
            total += end - start;
        }
        return total;
    }

    private static string Repr(int?[] sizes)
    {
        string[] parts = Array.ConvertAll(sizes, s => s?.ToString() ?? "None");
        return parts.All(p => p == parts[0]) ? parts[0] : "(" + string.Join(", ", parts) + ")";
    }
}
