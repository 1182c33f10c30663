using System.Numerics.Tensors;

namespace KernelLib.NN;

/// <summary>2-D average pooling, like <c>torch.nn.AvgPool2d</c>; see <see cref="Functional.AvgPool2d(in ReadOnlyTensorSpan{float}, Size2, Size2?, Size2, bool, bool, int?, KernelBackend)"/>.</summary>
public sealed class AvgPool2d : Module
{
    private readonly PoolWindow _window;

    /// <summary>Creates the layer, validating its parameters with PyTorch's rules.</summary>
    /// <param name="kernelSize">Window size, greater than zero.</param>
    /// <param name="stride">Window step, greater than zero; defaults to <paramref name="kernelSize"/>.</param>
    /// <param name="padding">Implicit zero padding on each side, at most half the kernel size.</param>
    /// <param name="ceilMode">Round the output size up instead of down.</param>
    /// <param name="countIncludePad">Divide by the window's size including the padding it covers, rather than by the input elements it covers.</param>
    /// <param name="divisorOverride">Every window's divisor, when given; nonzero.</param>
    /// <exception cref="ArgumentException">A parameter breaks PyTorch's rules.</exception>
    public AvgPool2d(Size2 kernelSize, Size2? stride = null, Size2 padding = default, bool ceilMode = false, bool countIncludePad = true,
        int? divisorOverride = null)
    {
        _window = PoolWindow.Avg(kernelSize, stride, padding, ceilMode, countIncludePad, divisorOverride);
        PoolShape.ValidateParameters(PoolOp.AvgPool2d, _window);
        KernelSize = kernelSize;
        Stride = stride ?? kernelSize;
        Padding = padding;
    }

    /// <summary>Window size.</summary>
    public Size2 KernelSize { get; }

    /// <summary>Window step.</summary>
    public Size2 Stride { get; }

    /// <summary>Implicit padding on each side.</summary>
    public Size2 Padding { get; }

    /// <summary>Whether the output size is rounded up.</summary>
    public bool CeilMode => _window.CeilMode;

    /// <summary>Whether padding counts in each window's divisor.</summary>
    public bool CountIncludePad => _window.CountIncludePad;

    /// <summary>Every window's divisor, or null for the window's size.</summary>
    public int? DivisorOverride => _window.DivisorOverride;

    /// <summary>Pools <paramref name="input"/> into a new tensor.</summary>
    /// <param name="input">Shape <c>(N, C, H, W)</c> or <c>(C, H, W)</c>, dense.</param>
    /// <returns>The window averages.</returns>
    public override Tensor<float> Forward(in ReadOnlyTensorSpan<float> input) =>
        Functional.AvgPool2d(input, KernelSize, Stride, Padding, CeilMode, CountIncludePad, DivisorOverride, Backend);

    /// <inheritdoc/>
    public override ReadOnlySpan<nint> OutputShape(ReadOnlySpan<nint> inputShape) =>
        PoolLayers.OutputShape(PoolOp.AvgPool2d, _window, inputShape);

    /// <summary>One addition per window tap of every output element (the division counted as the last).</summary>
    /// <param name="inputShape">The input's shape.</param>
    /// <returns>The operation count.</returns>
    public override long Flops(ReadOnlySpan<nint> inputShape) => PoolLayers.Flops(PoolOp.AvgPool2d, _window, inputShape);

    /// <inheritdoc/>
    protected override string ExtraRepr() =>
        PoolLayers.AvgRepr(PythonRepr.Size(KernelSize), PythonRepr.Size(Stride), PythonRepr.Size(Padding));
}
