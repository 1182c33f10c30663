namespace KernelLib.NN;

/// <summary>What every max and average pooling module shares: shape inference, FLOPs and the repr layout.</summary>
internal static class PoolLayers
{
    /// <summary>The output shape of <paramref name="op"/> on <paramref name="inputShape"/>, validating it like a dry run.</summary>
    internal static ReadOnlySpan<nint> OutputShape(PoolOp op, in PoolWindow window, ReadOnlySpan<nint> inputShape) =>
        PoolShape.Infer(op, inputShape, window).OutputShape;

    /// <summary>One comparison (max) or addition (average, the last one standing for the division) per window tap of every output.</summary>
    internal static long Flops(PoolOp op, in PoolWindow window, ReadOnlySpan<nint> inputShape)
    {
        PoolGeometry g = PoolShape.Infer(op, inputShape, window);
        return checked(g.Planes * g.OutPlane * g.WindowSize);
    }

    /// <summary>PyTorch's <c>_MaxPoolNd.extra_repr</c>.</summary>
    internal static string MaxRepr(string kernelSize, string stride, string padding, string dilation, bool ceilMode) =>
        $"kernel_size={kernelSize}, stride={stride}, padding={padding}, dilation={dilation}, ceil_mode={PythonRepr.Bool(ceilMode)}";

    /// <summary>PyTorch's <c>AvgPool1d/2d/3d.extra_repr</c>: only the window, not ceil_mode, count_include_pad or the divisor.</summary>
    internal static string AvgRepr(string kernelSize, string stride, string padding) =>
        $"kernel_size={kernelSize}, stride={stride}, padding={padding}";
}
