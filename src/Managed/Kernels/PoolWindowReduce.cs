namespace KernelLib;

/// <summary>
/// The innermost loops the reference pooling kernels share: one window of a (D, H, W) plane, each dimension's taps
/// given as a <see cref="TapRange"/>, reduced in (d, h, w) order, PyTorch's.
/// </summary>
internal static class PoolWindowReduce
{
    /// <summary>The float sum of the window's taps, accumulated in (d, h, w) order from +0.</summary>
    internal static float Sum(ReadOnlySpan<float> plane, long inH, long inW, TapRange d, TapRange h, TapRange w)
    {
        float sum = 0f;
        for (long id = d.Start; id < d.End; id += d.Step)
        {
            for (long ih = h.Start; ih < h.End; ih += h.Step)
            {
                for (long iw = w.Start; iw < w.End; iw += w.Step)
                {
                    sum += plane[(int)((id * inH + ih) * inW + iw)];
                }
            }
        }
        return sum;
    }

    /// <summary>
    /// The window's maximum by the max pooling rule: a tap wins when <c>value &gt; max || isnan(value)</c>, starting
    /// from -inf (ties keep the first, NaN the last). <paramref name="index"/> receives the winner's
    /// <c>(id * inH + ih) * inW + iw</c> within the plane; with no tap in range, the window's first position.
    /// </summary>
    internal static float Max(ReadOnlySpan<float> plane, long inH, long inW, TapRange d, TapRange h, TapRange w,
        out long index)
    {
        index = (d.Start * inH + h.Start) * inW + w.Start;
        float max = float.NegativeInfinity;
        for (long id = d.Start; id < d.End; id += d.Step)
        {
            for (long ih = h.Start; ih < h.End; ih += h.Step)
            {
                for (long iw = w.Start; iw < w.End; iw += w.Step)
                {
                    long at = (id * inH + ih) * inW + iw;
                    float value = plane[(int)at];
                    if (value > max || float.IsNaN(value))
                    {
                        max = value;
                        index = at;
                    }
                }
            }
        }
        return max;
    }
}

/// <summary>The taps Start, Start + Step, ... below End along one dimension of a pooling window.</summary>
internal readonly record struct TapRange(long Start, long End, long Step = 1);
