namespace KernelLib;

/// <summary>
/// The reference max pooling for 1-D, 2-D and 3-D (1-D and 2-D have leading dimensions of size 1): PyTorch's CPU
/// algorithm (<c>max_pool3d_with_indices_single_out_frame</c>), line for line.
/// </summary>
internal static class ManagedMaxPool
{
    /// <summary>
    /// Pools every plane of a validated call. <paramref name="indices"/> is empty when not wanted; otherwise it
    /// receives (id * InH + ih) * InW + iw of each winner within its plane.
    /// </summary>
    internal static void Run(in PoolGeometry g, ReadOnlySpan<float> input, Span<float> output, Span<long> indices)
    {
        int planes = checked((int)g.Planes);
        int inD = (int)g.InD, inH = (int)g.InH, inW = (int)g.InW;
        int outD = (int)g.OutD, outH = (int)g.OutH, outW = (int)g.OutW;
        int inPlane = checked((int)g.InPlane), outPlane = checked((int)g.OutPlane);
        PoolWindow w = g.Window;
        (int kD, int kH, int kW) = (w.Kernel.Depth, w.Kernel.Height, w.Kernel.Width);
        (int sD, int sH, int sW) = (w.Stride.Depth, w.Stride.Height, w.Stride.Width);
        (int pD, int pH, int pW) = (w.Padding.Depth, w.Padding.Height, w.Padding.Width);
        (int dD, int dH, int dW) = (w.Dilation.Depth, w.Dilation.Height, w.Dilation.Width);
        bool withIndices = !indices.IsEmpty;

        for (int plane = 0; plane < planes; plane++)
        {
            ReadOnlySpan<float> x = input.Slice(plane * inPlane, inPlane);
            int outBase = plane * outPlane;
            for (int od = 0; od < outD; od++)
            {
                for (int oh = 0; oh < outH; oh++)
                {
                    for (int ow = 0; ow < outW; ow++)
                    {
                        // Window bounds first (long: a huge dilation must not overflow), then step each start past
                        // the padding one dilation at a time; the start may end up past the end (no tap in range).
                        long dStart = (long)od * sD - pD, hStart = (long)oh * sH - pH, wStart = (long)ow * sW - pW;
                        long dEnd = Math.Min(dStart + (long)(kD - 1) * dD + 1, inD);
                        long hEnd = Math.Min(hStart + (long)(kH - 1) * dH + 1, inH);
                        long wEnd = Math.Min(wStart + (long)(kW - 1) * dW + 1, inW);
                        while (dStart < 0)
                        {
                            dStart += dD;
                        }
                        while (hStart < 0)
                        {
                            hStart += dH;
                        }
                        while (wStart < 0)
                        {
                            wStart += dW;
                        }

                        // The window's maximum: strictly greater keeps the first of ties; NaN always wins, so the last NaN
                        // is kept.
                        float maxValue = PoolWindowReduce.Max(x, inH, inW, new TapRange(dStart, dEnd, dD),
                            new TapRange(hStart, hEnd, dH), new TapRange(wStart, wEnd, dW), out long maxIndex);

                        int o = outBase + (od * outH + oh) * outW + ow;
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
}
