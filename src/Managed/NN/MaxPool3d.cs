using System.Numerics.Tensors;

namespace KernelLib.NN;

/// <summary>3-D max pooling, like <c>torch.nn.MaxPool3d</c>; see <see cref="Functional.MaxPool3d(in ReadOnlyTensorSpan{float}, Size3, Size3?, Size3, Size3?, bool, KernelBackend)"/>.</summary>
public sealed class MaxPool3d : Module
{
    private readonly PoolWindow _window;

    /// <summary>Creates the layer, validating its parameters with PyTorch's rules.</summary>
    /// <param name="kernelSize">Window size, greater than zero.</param>
    /// <param name="stride">Window step, greater than zero; defaults to <paramref name="kernelSize"/>.</param>
    /// <param name="padding">Implicit -inf padding on each side, at most half the kernel size.</param>
    /// <param name="dilation">Distance between window taps, greater than zero; defaults to 1.</param>
    /// <param name="returnIndices">Whether the layer is meant to return indices; <see cref="ForwardWithIndices"/> does.</param>
    /// <param name="ceilMode">Round the output size up instead of down.</param>
    /// <exception cref="ArgumentException">A parameter breaks PyTorch's rules.</exception>
    public MaxPool3d(Size3 kernelSize, Size3? stride = null, Size3 padding = default, Size3? dilation = null,
        bool returnIndices = false, bool ceilMode = false)
    {
        _window = PoolWindow.Max(kernelSize, stride, padding, dilation, ceilMode);
        PoolShape.ValidateParameters(PoolOp.MaxPool3d, _window);
        ReturnIndices = returnIndices;
    }

    /// <summary>Window size.</summary>
    public Size3 KernelSize => _window.Kernel;

    /// <summary>Window step.</summary>
    public Size3 Stride => _window.Stride;

    /// <summary>Implicit padding on each side.</summary>
    public Size3 Padding => _window.Padding;

    /// <summary>Distance between window taps.</summary>
    public Size3 Dilation => _window.Dilation;

    /// <summary>Whether the layer was created to return indices (PyTorch's <c>return_indices</c>).</summary>
    public bool ReturnIndices { get; }

    /// <summary>Whether the output size is rounded up.</summary>
    public bool CeilMode => _window.CeilMode;

    /// <summary>Pools <paramref name="input"/> into a new tensor (the values only; see <see cref="ForwardWithIndices"/>).</summary>
    /// <param name="input">Shape <c>(N, C, D, H, W)</c> or <c>(C, D, H, W)</c>, dense.</param>
    /// <returns>The pooled values.</returns>
    public override Tensor<float> Forward(in ReadOnlyTensorSpan<float> input) =>
        Functional.MaxPool3d(input, KernelSize, Stride, Padding, Dilation, CeilMode, Backend);

    /// <summary>Pools <paramref name="input"/> and returns each winner's index <c>(id * H + ih) * W + iw</c> within its volume.</summary>
    /// <param name="input">Shape <c>(N, C, D, H, W)</c> or <c>(C, D, H, W)</c>, dense.</param>
    /// <returns>The pooled values and their indices.</returns>
    public (Tensor<float> Output, Tensor<long> Indices) ForwardWithIndices(in ReadOnlyTensorSpan<float> input) =>
        Functional.MaxPool3dWithIndices(input, KernelSize, Stride, Padding, Dilation, CeilMode, Backend);

    /// <inheritdoc/>
    public override ReadOnlySpan<nint> OutputShape(ReadOnlySpan<nint> inputShape) =>
        PoolLayers.OutputShape(PoolOp.MaxPool3d, _window, inputShape);

    /// <summary>One comparison per window tap of every output element.</summary>
    /// <param name="inputShape">The input's shape.</param>
    /// <returns>The comparison count.</returns>
    public override long Flops(ReadOnlySpan<nint> inputShape) => PoolLayers.Flops(PoolOp.MaxPool3d, _window, inputShape);

    /// <inheritdoc/>
    protected override string ExtraRepr() =>
        PoolLayers.MaxRepr(PythonRepr.Size(KernelSize), PythonRepr.Size(Stride), PythonRepr.Size(Padding),
            PythonRepr.Size(Dilation), CeilMode);
}
