namespace KernelLib;

/// <summary>
/// Which pooling op a call is. The ops share one validation path, but PyTorch words their errors differently:
/// <c>max_pool1d</c> without indices has its own checks and messages, <c>max_pool1d</c> with indices and
/// <c>avg_pool1d</c> run as 2-D pooling over an unsqueezed <c>(N, C, 1, L)</c> input, and 3-D has its own.
/// </summary>
internal enum PoolOp
{
    MaxPool1d,
    MaxPool1dWithIndices,
    MaxPool2d,
    MaxPool3d,
    AvgPool1d,
    AvgPool2d,
    AvgPool3d,
}

/// <summary>Facts about a <see cref="PoolOp"/>.</summary>
internal static class PoolOps
{
    /// <summary>1, 2 or 3: the number of trailing spatial dimensions of the input.</summary>
    internal static int SpatialRank(this PoolOp op) => op switch
    {
        PoolOp.MaxPool1d or PoolOp.MaxPool1dWithIndices or PoolOp.AvgPool1d => 1,
        PoolOp.MaxPool2d or PoolOp.AvgPool2d => 2,
        _ => 3,
    };

    /// <summary>Max pooling (as opposed to average pooling).</summary>
    internal static bool IsMax(this PoolOp op) => op is PoolOp.MaxPool1d or PoolOp.MaxPool1dWithIndices or PoolOp.MaxPool2d or PoolOp.MaxPool3d;

    /// <summary>The op whose rules a max pooling call with (or without) indices follows.</summary>
    internal static PoolOp MaxOp(int spatialRank, bool withIndices) => spatialRank switch
    {
        1 => withIndices ? PoolOp.MaxPool1dWithIndices : PoolOp.MaxPool1d,
        2 => PoolOp.MaxPool2d,
        _ => PoolOp.MaxPool3d,
    };
}

/// <summary>
/// A pooling window in three dimensions (depth, height, width). 1-D and 2-D pooling are 3-D pooling whose leading
/// dimensions have kernel 1, stride 1, padding 0 and dilation 1 over an input of size 1.
/// </summary>
/// <param name="Kernel">Window size.</param>
/// <param name="Stride">Window step (already defaulted to the kernel size).</param>
/// <param name="Padding">Implicit padding on each side (never a max winner; zeros for average pooling).</param>
/// <param name="Dilation">Distance between window taps (1 = adjacent; always 1 for average pooling).</param>
/// <param name="CeilMode">Whether the output size is rounded up.</param>
/// <param name="CountIncludePad">Average pooling: whether padding counts in the divisor. False for max pooling.</param>
/// <param name="DivisorOverride">Average pooling: every window's divisor, when set. Null for max pooling.</param>
internal readonly record struct PoolWindow(
    Size3 Kernel, Size3 Stride, Size3 Padding, Size3 Dilation, bool CeilMode, bool CountIncludePad, int? DivisorOverride)
{
    internal static PoolWindow Max(int kernelSize, int? stride, int padding, int dilation, bool ceilMode) =>
        Max(Lift(kernelSize), stride is int s ? Lift(s) : (Size3?)null, new Size3(0, 0, padding), Lift(dilation), ceilMode);

    internal static PoolWindow Max(Size2 kernelSize, Size2? stride, Size2 padding, Size2? dilation, bool ceilMode) =>
        Max(Lift(kernelSize), stride is Size2 s ? Lift(s) : (Size3?)null, new Size3(0, padding.Height, padding.Width),
            Lift(dilation ?? new Size2(1, 1)), ceilMode);

    internal static PoolWindow Max(Size3 kernelSize, Size3? stride, Size3 padding, Size3? dilation, bool ceilMode) =>
        new(kernelSize, stride ?? kernelSize, padding, dilation ?? new Size3(1, 1, 1), ceilMode, false, null);

    internal static PoolWindow Avg(int kernelSize, int? stride, int padding, bool ceilMode, bool countIncludePad) =>
        Avg(Lift(kernelSize), stride is int s ? Lift(s) : (Size3?)null, new Size3(0, 0, padding), ceilMode, countIncludePad, null);

    internal static PoolWindow Avg(Size2 kernelSize, Size2? stride, Size2 padding, bool ceilMode, bool countIncludePad, int? divisorOverride) =>
        Avg(Lift(kernelSize), stride is Size2 s ? Lift(s) : (Size3?)null, new Size3(0, padding.Height, padding.Width),
            ceilMode, countIncludePad, divisorOverride);

    internal static PoolWindow Avg(Size3 kernelSize, Size3? stride, Size3 padding, bool ceilMode, bool countIncludePad, int? divisorOverride) =>
        new(kernelSize, stride ?? kernelSize, padding, new Size3(1, 1, 1), ceilMode, countIncludePad, divisorOverride);

    // A 1-D or 2-D size as 3-D: 1 in the leading dimensions (right for kernel, stride and dilation).
    private static Size3 Lift(int width) => new(1, 1, width);

    private static Size3 Lift(Size2 size) => new(1, size.Height, size.Width);
}

/// <summary>A validated pooling call over <see cref="Planes"/> independent planes (N*C, or C unbatched).</summary>
/// <param name="Planes">The number of (n, c) planes.</param>
/// <param name="InD">Input depth (1 for 1-D and 2-D pooling).</param>
/// <param name="InH">Input height (1 for 1-D pooling).</param>
/// <param name="InW">Input width.</param>
/// <param name="OutD">Output depth, as PyTorch infers it.</param>
/// <param name="OutH">Output height, as PyTorch infers it.</param>
/// <param name="OutW">Output width, as PyTorch infers it.</param>
/// <param name="Window">The window, in three dimensions.</param>
/// <param name="OutputShape">The input's shape with its spatial dimensions replaced by the output's.</param>
internal readonly record struct PoolGeometry(
    long Planes, long InD, long InH, long InW, long OutD, long OutH, long OutW, PoolWindow Window, nint[] OutputShape)
{
    /// <summary>Elements in one input plane.</summary>
    internal long InPlane => InD * InH * InW;

    /// <summary>Elements in one output plane.</summary>
    internal long OutPlane => OutD * OutH * OutW;

    /// <summary>Taps in one window (kernel volume).</summary>
    internal long WindowSize => (long)Window.Kernel.Depth * Window.Kernel.Height * Window.Kernel.Width;
}
