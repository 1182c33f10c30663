using System.Numerics.Tensors;

namespace KernelLib.NN;

/// <summary>1-D average pooling, like <c>torch.nn.AvgPool1d</c>; see <see cref="Functional.AvgPool1d(in ReadOnlyTensorSpan{float}, int, int?, int, bool, bool, KernelBackend)"/>.</summary>
public sealed class AvgPool1d : Module
{
    private readonly PoolWindow _window;

    /// <summary>Creates the layer, validating its parameters with PyTorch's rules.</summary>
    /// <param name="kernelSize">Window length, greater than zero.</param>
    /// <param name="stride">Window step, greater than zero; defaults to <paramref name="kernelSize"/>.</param>
    /// <param name="padding">Implicit zero padding on each side, at most half the kernel size.</param>
    /// <param name="ceilMode">Round the output length up instead of down.</param>
    /// <param name="countIncludePad">Divide by the window's length including the padding it covers, rather than by the input elements it covers.</param>
    /// <exception cref="ArgumentException">A parameter breaks PyTorch's rules.</exception>
    public AvgPool1d(int kernelSize, int? stride = null, int padding = 0, bool ceilMode = false, bool countIncludePad = true)
    {
        _window = PoolWindow.Avg(kernelSize, stride, padding, ceilMode, countIncludePad);
        PoolShape.ValidateParameters(PoolOp.AvgPool1d, _window);
    }

    /// <summary>Window length.</summary>
    public int KernelSize => _window.Kernel.Width;

    /// <summary>Window step.</summary>
    public int Stride => _window.Stride.Width;

    /// <summary>Implicit padding on each side.</summary>
    public int Padding => _window.Padding.Width;

    /// <summary>Whether the output length is rounded up.</summary>
    public bool CeilMode => _window.CeilMode;

    /// <summary>Whether padding counts in each window's divisor.</summary>
    public bool CountIncludePad => _window.CountIncludePad;

    /// <summary>Pools <paramref name="input"/> into a new tensor.</summary>
    /// <param name="input">Shape <c>(N, C, L)</c> or <c>(C, L)</c>, dense.</param>
    /// <returns>The window averages.</returns>
    public override Tensor<float> Forward(in ReadOnlyTensorSpan<float> input) =>
        Functional.AvgPool1d(input, KernelSize, Stride, Padding, CeilMode, CountIncludePad, Backend);

    /// <inheritdoc/>
    public override ReadOnlySpan<nint> OutputShape(ReadOnlySpan<nint> inputShape) =>
        PoolLayers.OutputShape(PoolOp.AvgPool1d, _window, inputShape);

    /// <summary>One addition per window tap of every output element (the division counted as the last).</summary>
    /// <param name="inputShape">The input's shape.</param>
    /// <returns>The operation count.</returns>
    public override long Flops(ReadOnlySpan<nint> inputShape) => PoolLayers.Flops(PoolOp.AvgPool1d, _window, inputShape);

    /// <inheritdoc/>
    protected override string ExtraRepr() =>
        PoolLayers.AvgRepr(PythonRepr.Single(KernelSize), PythonRepr.Single(Stride), PythonRepr.Single(Padding));
}
