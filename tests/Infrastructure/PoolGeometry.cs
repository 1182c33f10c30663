namespace KernelLib.Tests;

/// <summary>The output-size rule of API.md (PyTorch's pooling_output_shape), written out for the tests.</summary>
public static class PoolGeometry
{
    public static long OutputSize(long input, long kernel, long stride, long padding, long dilation, bool ceilMode)
    {
        long numerator = input + 2 * padding - dilation * (kernel - 1) - 1 + (ceilMode ? stride - 1 : 0);
        long output = FloorDiv(numerator, stride) + 1;
        if (ceilMode && (output - 1) * stride >= input + padding)
            output--;
        return output;
    }

    public static nint[] OutputShape(ReadOnlySpan<nint> inputShape, Size2 kernel, Size2? stride, Size2 padding, Size2? dilation, bool ceilMode)
    {
        Size2 s = stride ?? kernel, d = dilation ?? 1;
        return OutputShape(inputShape, 2, new Size3(1, kernel.Height, kernel.Width), new Size3(1, s.Height, s.Width),
            new Size3(0, padding.Height, padding.Width), new Size3(1, d.Height, d.Width), ceilMode);
    }

    /// <summary>
    /// The output shape of <paramref name="spatialRank"/>-D pooling: the last <paramref name="spatialRank"/> dims of the
    /// input take the last <paramref name="spatialRank"/> components (width last) of the window's sizes.
    /// </summary>
    public static nint[] OutputShape(ReadOnlySpan<nint> inputShape, int spatialRank, Size3 kernel, Size3? stride, Size3 padding,
        Size3? dilation, bool ceilMode)
    {
        Size3 s = stride ?? kernel, d = dilation ?? 1;
        int[] k3 = [kernel.Depth, kernel.Height, kernel.Width], s3 = [s.Depth, s.Height, s.Width];
        int[] p3 = [padding.Depth, padding.Height, padding.Width], d3 = [d.Depth, d.Height, d.Width];
        var shape = inputShape.ToArray();
        for (int i = 0; i < spatialRank; i++)
        {
            int dim = shape.Length - spatialRank + i, j = 3 - spatialRank + i;
            shape[dim] = (nint)OutputSize(inputShape[dim], k3[j], s3[j], p3[j], d3[j], ceilMode);
        }
        return shape;
    }

    private static long FloorDiv(long a, long b) => a >= 0 ? a / b : -((-a + b - 1) / b);
}
