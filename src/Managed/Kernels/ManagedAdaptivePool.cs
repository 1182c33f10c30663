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
    internal static void Average(in SpatialGeometry g, ReadOnlySpan<float> input, Span<float> output)
    {
        int planes = checked((int)g.Planes);
        int inD = (int)g.InD, inH = (int)g.InH, inW = (int)g.InW;
        int outD = (int)g.OutD, outH = (int)g.OutH, outW = (int)g.OutW;
        int inPlane = inD * inH * inW, outPlane = outD * outH * outW;

        for (int plane = 0; plane < planes; plane++)
        {
            ReadOnlySpan<float> x = input.Slice(plane * inPlane, inPlane);
            Span<float> y = output.Slice(plane * outPlane, outPlane);
            for (int od = 0; od < outD; od++)
            {
                int d0 = Start(od, inD, outD), d1 = End(od, inD, outD);
                for (int oh = 0; oh < outH; oh++)
                {
                    int h0 = Start(oh, inH, outH), h1 = End(oh, inH, outH);
                    for (int ow = 0; ow < outW; ow++)
                    {
                        int w0 = Start(ow, inW, outW), w1 = End(ow, inW, outW);
                        float sum = 0f;
                        for (int id = d0; id < d1; id++)
                        {
                            for (int ih = h0; ih < h1; ih++)
                            {
                                for (int iw = w0; iw < w1; iw++)
                                {
                                    sum += x[(id * inH + ih) * inW + iw];
                                }
                            }
                        }
                        y[(od * outH + oh) * outW + ow] = sum / (d1 - d0) / (h1 - h0) / (w1 - w0);
                    }
                }
            }
        }
    }

    /// <summary>
    /// Maxima, with the max pooling rule: a tap wins when <c>value &gt; max || isnan(value)</c>, starting from -inf at
    /// the window's first element (ties keep the first, NaN the last). <paramref name="indices"/> is empty when not
    /// wanted; otherwise it receives each winner's index <c>(id * InH + ih) * InW + iw</c> within its plane.
    /// </summary>
    internal static void Max(in SpatialGeometry g, ReadOnlySpan<float> input, Span<float> output, Span<long> indices)
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
                int d0 = Start(od, inD, outD), d1 = End(od, inD, outD);
                for (int oh = 0; oh < outH; oh++)
                {
                    int h0 = Start(oh, inH, outH), h1 = End(oh, inH, outH);
                    for (int ow = 0; ow < outW; ow++)
                    {
                        int w0 = Start(ow, inW, outW), w1 = End(ow, inW, outW);
                        float maxValue = float.NegativeInfinity;
                        int maxIndex = (d0 * inH + h0) * inW + w0;
                        for (int id = d0; id < d1; id++)
                        {
                            for (int ih = h0; ih < h1; ih++)
                            {
                                for (int iw = w0; iw < w1; iw++)
                                {
                                    int index = (id * inH + ih) * inW + iw;
                                    float value = x[index];
                                    if (value > maxValue || float.IsNaN(value))
                                    {
                                        maxValue = value;
                                        maxIndex = index;
                                    }
                                }
                            }
                        }
                        int o = plane * outPlane + (od * outH + oh) * outW + ow;
                        output[o] = maxValue;
                        if (withIndices)
                        {
                            indices[o] = maxIndex;
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
