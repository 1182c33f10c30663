namespace KernelLib;

/// <summary>The reference max-unpooling: zero the output, then scatter each input to its index in its plane.</summary>
internal static class ManagedMaxUnpool
{
    /// <summary>
    /// y[p][indices[p][i]] = x[p][i], in order, so a later duplicate wins (PyTorch on the CPU). An index outside
    /// [0, OutPlaneSize) throws before anything is written at it; the output's contents are then unspecified.
    /// </summary>
    internal static void Run(in SpatialGeometry g, ReadOnlySpan<float> input, ReadOnlySpan<long> indices, Span<float> output)
    {
        int planes = checked((int)g.Planes);
        int inPlane = checked((int)g.InPlaneSize), outPlane = checked((int)g.OutPlaneSize);
        output.Clear();
        for (int plane = 0; plane < planes; plane++)
        {
            Span<float> y = output.Slice(plane * outPlane, outPlane);
            for (int i = 0; i < inPlane; i++)
            {
                long index = indices[plane * inPlane + i];
                if ((ulong)index >= (ulong)outPlane)
                {
                    throw UnpoolShape.InvalidIndex(g, index);
                }
                y[(int)index] = input[plane * inPlane + i];
            }
        }
    }
}
