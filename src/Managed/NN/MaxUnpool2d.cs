using System.Numerics.Tensors;

namespace KernelLib.NN;

/// <summary>
/// 2-D max-unpooling, like <c>torch.nn.MaxUnpool2d</c>: the partial inverse of max pooling with indices; see
/// <see cref="Functional.MaxUnpool2d(in ReadOnlyTensorSpan{float}, in ReadOnlyTensorSpan{long}, Size2, Size2?, Size2, Size2?, KernelBackend)"/>.
/// It takes two inputs (the pooled values and their indices) and an optional output size, so it is not a
/// single-input <see cref="Module"/> and cannot sit in a <see cref="Sequential"/>.
/// </summary>
public sealed class MaxUnpool2d
{
    private KernelBackend _backend = KernelBackend.Auto;

    /// <summary>Creates the layer with the pooling's parameters.</summary>
    /// <param name="kernelSize">The pooling's window size, greater than zero.</param>
    /// <param name="stride">The pooling's step, greater than zero; defaults to <paramref name="kernelSize"/>.</param>
    /// <param name="padding">The pooling's padding, at least 0.</param>
    /// <exception cref="ArgumentException">A parameter is out of range.</exception>
    public MaxUnpool2d(Size2 kernelSize, Size2? stride = null, Size2 padding = default)
    {
        KernelSize = kernelSize;
        Stride = stride ?? kernelSize;
        Padding = padding;
        UnpoolShape.ValidateParameters(KernelArray, StrideArray, PaddingArray, "max_unpool2d");
    }

    /// <summary>The pooling's window size.</summary>
    public Size2 KernelSize { get; }

    /// <summary>The pooling's step.</summary>
    public Size2 Stride { get; }

    /// <summary>The pooling's padding.</summary>
    public Size2 Padding { get; }

    /// <summary>Which implementation this instance's forward passes use; per instance, never global.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a defined <see cref="KernelBackend"/>.</exception>
    public KernelBackend Backend
    {
        get => _backend;
        set
        {
            BackendSelector.RequireDefined(value, nameof(value));
            _backend = value;
        }
    }

    /// <summary>Unpools <paramref name="input"/> into a new zero-filled tensor with the values at <paramref name="indices"/>.</summary>
    /// <param name="input">Shape <c>(N, C, H, W)</c> or <c>(C, H, W)</c>, dense.</param>
    /// <param name="indices">The pooling's indices, the input's shape, dense.</param>
    /// <param name="outputSize">The spatial output size; defaults to <c>(in - 1) * stride - 2 * padding + kernel_size</c> per dimension.</param>
    /// <returns>The unpooled tensor.</returns>
    /// <exception cref="ArgumentException">A shape breaks PyTorch's rules or an index lies outside the output.</exception>
    public Tensor<float> Forward(in ReadOnlyTensorSpan<float> input, in ReadOnlyTensorSpan<long> indices, Size2? outputSize = null) =>
        Functional.MaxUnpool2d(input, indices, KernelSize, Stride, Padding, outputSize, Backend);

    /// <summary>The shape <see cref="Forward"/> would return for an input (and indices) of <paramref name="inputShape"/>.</summary>
    /// <param name="inputShape">The input's shape.</param>
    /// <param name="outputSize">The spatial output size, as for <see cref="Forward"/>.</param>
    /// <returns>The output's shape.</returns>
    /// <exception cref="ArgumentException">The layer cannot take an input of that shape or that output size.</exception>
    public ReadOnlySpan<nint> OutputShape(ReadOnlySpan<nint> inputShape, Size2? outputSize = null) =>
        UnpoolShape.Infer(inputShape, inputShape, KernelArray, StrideArray, PaddingArray,
            outputSize is Size2 o ? [o.Height, o.Width] : [], "max_unpool2d").OutputShape;

    /// <summary>PyTorch's representation, e.g. <c>MaxUnpool2d(kernel_size=(2, 2), stride=(2, 2), padding=(0, 0))</c>.</summary>
    /// <returns>The type name and its settings.</returns>
    public override string ToString() =>
        $"MaxUnpool2d(kernel_size={PythonTuple.Format(KernelArray)}, stride={PythonTuple.Format(StrideArray)}, " +
        $"padding={PythonTuple.Format(PaddingArray)})";

    private int[] KernelArray => [KernelSize.Height, KernelSize.Width];

    private int[] StrideArray => [Stride.Height, Stride.Width];

    private int[] PaddingArray => [Padding.Height, Padding.Width];
}
