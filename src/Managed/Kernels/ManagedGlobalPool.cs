namespace KernelLib;

/// <summary>The reference global pooling: one value per plane of <c>planeSize</c> contiguous elements.</summary>
internal static class ManagedGlobalPool
{
    /// <summary>PyTorch's mean over the plane: a float sum in order, divided once by the plane's size.</summary>
    internal static void Average(long planes, long planeSize, ReadOnlySpan<float> input, Span<float> output)
    {
        int size = checked((int)planeSize);
        for (int plane = 0; plane < planes; plane++)
        {
            ReadOnlySpan<float> x = input.Slice(plane * size, size);
            float sum = 0f;
            foreach (float value in x)
            {
                sum += value;
            }
            output[plane] = sum / size;
        }
    }

    /// <summary>
    /// The plane's maximum with the max pooling rule (ties keep the first, NaN the last); <paramref name="indices"/>
    /// is empty when not wanted, otherwise it receives the winner's offset in its plane.
    /// </summary>
    internal static void Max(long planes, long planeSize, ReadOnlySpan<float> input, Span<float> output, Span<long> indices)
    {
        int size = checked((int)planeSize);
        for (int plane = 0; plane < planes; plane++)
        {
            ReadOnlySpan<float> x = input.Slice(plane * size, size);
            float maxValue = float.NegativeInfinity;
            int maxIndex = 0;
            for (int i = 0; i < x.Length; i++)
            {
                if (x[i] > maxValue || float.IsNaN(x[i]))
                {
                    maxValue = x[i];
                    maxIndex = i;
                }
            }
            output[plane] = maxValue;
            if (!indices.IsEmpty)
            {
                indices[plane] = maxIndex;
            }
        }
    }
}
