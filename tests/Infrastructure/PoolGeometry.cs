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
        var shape = inputShape.ToArray();
        shape[^2] = (nint)OutputSize(inputShape[^2], kernel.Height, s.Height, padding.Height, d.Height, ceilMode);
        shape[^1] = (nint)OutputSize(inputShape[^1], kernel.Width, s.Width, padding.Width, d.Width, ceilMode);
        return shape;
    }

    private static long FloorDiv(long a, long b) => a >= 0 ? a / b : -((-a + b - 1) / b);
}
