namespace KernelLib;

/// <summary>The reference 2-D max pooling: PyTorch's CPU algorithm, line for line.</summary>
internal static class ManagedMaxPool2d
{
    /// <summary>
    /// Pools every plane of a validated call. <paramref name="indices"/> is empty when not wanted; otherwise it
    /// receives ih * InW + iw of each winner within its plane.
    /// </summary>
    internal static void Run(in Pool2dGeometry g, ReadOnlySpan<float> input, Span<float> output, Span<long> indices)
    {
        int planes = checked((int)g.Planes);
        int inH = (int)g.InH, inW = (int)g.InW, outH = (int)g.OutH, outW = (int)g.OutW;
        (int kH, int kW) = (g.Kernel.Height, g.Kernel.Width);
        (int sH, int sW) = (g.Stride.Height, g.Stride.Width);
        (int pH, int pW) = (g.Padding.Height, g.Padding.Width);
        (int dH, int dW) = (g.Dilation.Height, g.Dilation.Width);
        bool withIndices = !indices.IsEmpty;

        for (int plane = 0; plane < planes; plane++)
        {
            ReadOnlySpan<float> x = input.Slice(plane * inH * inW, inH * inW);
            int outBase = plane * outH * outW;
            for (int oh = 0; oh < outH; oh++)
            {
                for (int ow = 0; ow < outW; ow++)
                {
                    // Window bounds first, then step the start past the padding one dilation at a time.
                    int hStart = oh * sH - pH;
                    int wStart = ow * sW - pW;
                    int hEnd = Math.Min(hStart + (kH - 1) * dH + 1, inH);
                    int wEnd = Math.Min(wStart + (kW - 1) * dW + 1, inW);
                    while (hStart < 0)
                    {
                        hStart += dH;
                    }
                    while (wStart < 0)
                    {
                        wStart += dW;
                    }

                    long maxIndex = (long)hStart * inW + wStart;
                    float maxValue = float.NegativeInfinity;
                    for (int ih = hStart; ih < hEnd; ih += dH)
                    {
                        for (int iw = wStart; iw < wEnd; iw += dW)
                        {
                            int index = ih * inW + iw;
                            float value = x[index];
                            // Strictly greater keeps the first of ties; NaN always wins, so the last NaN is kept.
                            if (value > maxValue || float.IsNaN(value))
                            {
                                maxValue = value;
                                maxIndex = index;
                            }
                        }
                    }

                    int o = outBase + oh * outW + ow;
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
