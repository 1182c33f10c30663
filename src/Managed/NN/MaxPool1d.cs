using System.Numerics.Tensors;

namespace KernelLib.NN;

/// <summary>1-D max pooling, like <c>torch.nn.MaxPool1d</c>; see <see cref="Functional.MaxPool1d(in ReadOnlyTensorSpan{float}, int, int?, int, int, bool, KernelBackend)"/>.</summary>
public sealed class MaxPool1d : Module
{
    private readonly PoolWindow _window;

    /// <summary>Creates the layer, validating its parameters with PyTorch's rules (<c>max_pool1d</c>'s words).</summary>
    /// <param name="kernelSize">Window length, greater than zero.</param>
    /// <param name="stride">Window step, greater than zero; defaults to <paramref name="kernelSize"/>.</param>
    /// <param name="padding">Implicit -inf padding on each side, at most half the kernel size.</param>
    /// <param name="dilation">Distance between window taps, greater than zero.</param>
    /// <param name="returnIndices">Whether the layer is meant to return indices; <see cref="ForwardWithIndices"/> does.</param>
    /// <param name="ceilMode">Round the output length up instead of down.</param>
    /// <exception cref="ArgumentException">A parameter breaks PyTorch's rules.</exception>
    public MaxPool1d(int kernelSize, int? stride = null, int padding = 0, int dilation = 1, bool returnIndices = false,
        bool ceilMode = false)
    {
        _window = PoolWindow.Max(kernelSize, stride, padding, dilation, ceilMode);
        PoolShape.ValidateParameters(PoolOp.MaxPool1d, _window);
        ReturnIndices = returnIndices;
    }

    /// <summary>Window length.</summary>
    public int KernelSize => _window.Kernel.Width;

    /// <summary>Window step.</summary>
    public int Stride => _window.Stride.Width;

    /// <summary>Implicit padding on each side.</summary>
    public int Padding => _window.Padding.Width;

    /// <summary>Distance between window taps.</summary>
    public int Dilation => _window.Dilation.Width;

    /// <summary>Whether the layer was created to return indices (PyTorch's <c>return_indices</c>).</summary>
    public bool ReturnIndices { get; }

    /// <summary>Whether the output length is rounded up.</summary>
    public bool CeilMode => _window.CeilMode;

    /// <summary>Pools <paramref name="input"/> into a new tensor (the values only; see <see cref="ForwardWithIndices"/>).</summary>
    /// <param name="input">Shape <c>(N, C, L)</c> or <c>(C, L)</c>, dense.</param>
    /// <returns>The pooled values.</returns>
    public override Tensor<float> Forward(in ReadOnlyTensorSpan<float> input) =>
        Functional.MaxPool1d(input, KernelSize, Stride, Padding, Dilation, CeilMode, Backend);

    /// <summary>Pools <paramref name="input"/> and returns each winner's index within its row.</summary>
    /// <param name="input">Shape <c>(N, C, L)</c> or <c>(C, L)</c>, dense.</param>
    /// <returns>The pooled values and their indices.</returns>
    public (Tensor<float> Output, Tensor<long> Indices) ForwardWithIndices(in ReadOnlyTensorSpan<float> input) =>
        Functional.MaxPool1dWithIndices(input, KernelSize, Stride, Padding, Dilation, CeilMode, Backend);

    /// <inheritdoc/>
    public override ReadOnlySpan<nint> OutputShape(ReadOnlySpan<nint> inputShape) =>
        PoolLayers.OutputShape(PoolOp.MaxPool1d, _window, inputShape);

    /// <summary>One comparison per window tap of every output element.</summary>
    /// <param name="inputShape">The input's shape.</param>
    /// <returns>The comparison count.</returns>
    public override long Flops(ReadOnlySpan<nint> inputShape) => PoolLayers.Flops(PoolOp.MaxPool1d, _window, inputShape);

    /// <inheritdoc/>
    protected override string ExtraRepr() =>
        PoolLayers.MaxRepr($"{KernelSize}", $"{Stride}", $"{Padding}", $"{Dilation}", CeilMode);
}
