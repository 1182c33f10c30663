namespace KernelLib;

/// <summary>The reference channel pooling: y[b, 0, i] = max / mean over c of x[b, c, i].</summary>
internal static class ManagedChannelPool
{
    /// <summary>
    /// <c>x.max(dim=1, keepdim=True).values</c>: ties keep the first; a NaN wins, and the first NaN stays (torch.max's
    /// rule, unlike max pooling's last NaN: it decides which NaN payload survives).
    /// </summary>
    internal static void Max(in ChannelPoolGeometry g, ReadOnlySpan<float> input, Span<float> output)
    {
        int channels = checked((int)g.Channels), plane = checked((int)g.PlaneSize);
        for (int b = 0; b < g.Batch; b++)
        {
            for (int i = 0; i < plane; i++)
            {
                float maxValue = float.NegativeInfinity;
                for (int c = 0; c < channels; c++)
                {
                    float value = input[(b * channels + c) * plane + i];
                    if (!float.IsNaN(maxValue) && (value > maxValue || float.IsNaN(value)))
                    {
                        maxValue = value;
                    }
                }
                output[b * plane + i] = maxValue;
            }
        }
    }

    /// <summary><c>x.mean(dim=1, keepdim=True)</c>: a float sum over c in order, divided by C.</summary>
    internal static void Average(in ChannelPoolGeometry g, ReadOnlySpan<float> input, Span<float> output)
    {
        int channels = checked((int)g.Channels), plane = checked((int)g.PlaneSize);
        for (int b = 0; b < g.Batch; b++)
        {
            for (int i = 0; i < plane; i++)
            {
                float sum = 0f;
                for (int c = 0; c < channels; c++)
                {
                    sum += input[(b * channels + c) * plane + i];
                }
                output[b * plane + i] = sum / channels;
            }
        }
    }
}
