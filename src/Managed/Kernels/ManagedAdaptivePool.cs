namespace KernelLib;

/// <summary>
/// The reference adaptive pooling, 1-D to 3-D (normalised to 3-D): PyTorch's CPU algorithm. Output o along a
/// dimension covers input [floor(o * in / out), ceil((o + 1) * in / out)).
/// </summary>
internal static class ManagedAdaptivePool
{
    /// <summary>
    /// Averages: a float sum in row-major window order, then divided by the window's depth, height and width in
    /// turn (<c>sum / kd / kh / kw</c>, PyTorch's rounding). A 1x1 output is PyTorch's mean instead and belongs to
    /// <see cref="ManagedGlobalPool.Average"/>, which the op routes it to.
    /// </summary>
    internal static void Average(in SpatialGeometry g, ReadOnlySpan<float> input, Span<float> output) =>
        Pool(g, input, output, indices: default, average: true);

    /// <summary>
    /// Maxima, with the max pooling rule: a tap wins when <c>value &gt; max || isnan(value)</c>, starting from -inf at
    /// the window's first element (ties keep the first, NaN the last). <paramref name="indices"/> is empty when not
    /// wanted; otherwise it receives each winner's index <c>(id * InH + ih) * InW + iw</c> within its plane.
    /// </summary>
    internal static void Max(in SpatialGeometry g, ReadOnlySpan<float> input, Span<float> output, Span<long> indices) =>
        Pool(g, input, output, indices, average: false);

    /// <summary>Walks every output of every plane and reduces its window, as <see cref="Average"/> or
    /// <see cref="Max"/> says.</summary>
    private static void Pool(in SpatialGeometry g, ReadOnlySpan<float> input, Span<float> output, Span<long> indices,
        bool average)
    {
        int planes = checked((int)g.Planes);
        int inD = (int)g.InD, inH = (int)g.InH, inW = (int)g.InW;
        int outD = (int)g.OutD, outH = (int)g.OutH, outW = (int)g.OutW;
        int inPlane = inD * inH * inW, outPlane = outD * outH * outW;
        bool withIndices = !indices.IsEmpty;

        for (int plane = 0; plane < planes; plane++)
        {
            ReadOnlySpan<float> x = input.Slice(plane * inPlane, inPlane);
            for (int od = 0; od < outD; od++)
            {
                var d = new TapRange(Start(od, inD, outD), End(od, inD, outD));
                for (int oh = 0; oh < outH; oh++)
                {
                    var h = new TapRange(Start(oh, inH, outH), End(oh, inH, outH));
                    for (int ow = 0; ow < outW; ow++)
                    {
                        var w = new TapRange(Start(ow, inW, outW), End(ow, inW, outW));
                        int o = plane * outPlane + (od * outH + oh) * outW + ow;
                        if (average)
                        {
                            float sum = PoolWindowReduce.Sum(x, inH, inW, d, h, w);
                            output[o] = sum / (d.End - d.Start) / (h.End - h.Start) / (w.End - w.Start);
                            continue;
                        }
                        output[o] = PoolWindowReduce.Max(x, inH, inW, d, h, w, out long index);
                        if (withIndices)
                        {
                            indices[o] = index;
                        }
                    }
                }
            }
        }
    }

    /// <summary>floor(o * in / out): PyTorch's <c>start_index</c>.</summary>
    internal static int Start(int o, int inSize, int outSize) => (int)((long)o * inSize / outSize);

    /// <summary>ceil((o + 1) * in / out): PyTorch's <c>end_index</c>.</summary>
    internal static int End(int o, int inSize, int outSize) => (int)(((long)(o + 1) * inSize + outSize - 1) / outSize);
}
