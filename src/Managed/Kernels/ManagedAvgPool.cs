namespace KernelLib;

/// <summary>
/// The reference average pooling for 1-D, 2-D and 3-D (1-D and 2-D have leading dimensions of size 1): PyTorch's CPU
/// algorithm (<c>avg_pool3d_out_frame</c>, <c>cpu_avg_pool</c>), line for line.
/// </summary>
internal static class ManagedAvgPool
{
    /// <summary>
    /// Pools every plane of a validated call. Per dimension the window is [o*s - p, min(o*s - p + k, in + p)), whose
    /// length multiplies into the padded pool size; it is then clipped to [0, in). The divisor is the override when
    /// set, else the padded pool size (countIncludePad) or the clipped one. The sum accumulates in float in (d, h, w)
    /// order and is divided once.
    /// </summary>
    internal static void Run(in PoolGeometry g, ReadOnlySpan<float> input, Span<float> output)
    {
        int planes = checked((int)g.Planes);
        int inD = (int)g.InD, inH = (int)g.InH, inW = (int)g.InW;
        int outD = (int)g.OutD, outH = (int)g.OutH, outW = (int)g.OutW;
        int inPlane = checked((int)g.InPlane), outPlane = checked((int)g.OutPlane);
        PoolWindow w = g.Window;
        (int kD, int kH, int kW) = (w.Kernel.Depth, w.Kernel.Height, w.Kernel.Width);
        (int sD, int sH, int sW) = (w.Stride.Depth, w.Stride.Height, w.Stride.Width);
        (int pD, int pH, int pW) = (w.Padding.Depth, w.Padding.Height, w.Padding.Width);

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
                        long dStart = (long)od * sD - pD, hStart = (long)oh * sH - pH, wStart = (long)ow * sW - pW;
                        long dEnd = Math.Min(dStart + kD, inD + pD);
                        long hEnd = Math.Min(hStart + kH, inH + pH);
                        long wEnd = Math.Min(wStart + kW, inW + pW);
                        long poolSize = (dEnd - dStart) * (hEnd - hStart) * (wEnd - wStart);
                        dStart = Math.Max(dStart, 0);
                        hStart = Math.Max(hStart, 0);
                        wStart = Math.Max(wStart, 0);
                        dEnd = Math.Min(dEnd, inD);
                        hEnd = Math.Min(hEnd, inH);
                        wEnd = Math.Min(wEnd, inW);

                        int o = outBase + (od * outH + oh) * outW + ow;
                        if (dStart >= dEnd || hStart >= hEnd || wStart >= wEnd)
                        {
                            // PyTorch writes 0 for a window with no input element (unreachable with pad <= k/2).
                            output[o] = 0f;
                            continue;
                        }

                        long divisor = w.DivisorOverride
                            ?? (w.CountIncludePad ? poolSize : (dEnd - dStart) * (hEnd - hStart) * (wEnd - wStart));
                        float sum = PoolWindowReduce.Sum(x, inH, inW, new TapRange(dStart, dEnd),
                            new TapRange(hStart, hEnd), new TapRange(wStart, wEnd));
                        // PyTorch adds the quotient to a zeroed output, so a zero sum over a negative divisor is +0, not -0.
                        output[o] = sum / divisor + 0f;
                    }
                }
            }
        }
    }
}
