using System.Numerics.Tensors;

namespace KernelLib.NN;

/// <summary>
/// 1-D max-unpooling, like <c>torch.nn.MaxUnpool1d</c>: the partial inverse of max pooling with indices; see
/// <see cref="Functional.MaxUnpool1d(in ReadOnlyTensorSpan{float}, in ReadOnlyTensorSpan{long}, int, int?, int, int?, KernelBackend)"/>.
/// It takes two inputs (the pooled values and their indices) and an optional output size, so it is not a
/// single-input <see cref="Module"/> and cannot sit in a <see cref="Sequential"/>.
/// </summary>
public sealed class MaxUnpool1d
{
    private KernelBackend _backend = KernelBackend.Auto;

    /// <summary>Creates the layer with the pooling's parameters.</summary>
    /// <param name="kernelSize">The pooling's window size, greater than zero.</param>
    /// <param name="stride">The pooling's step, greater than zero; defaults to <paramref name="kernelSize"/>.</param>
    /// <param name="padding">The pooling's padding, at least 0.</param>
    /// <exception cref="ArgumentException">A parameter is out of range.</exception>
    public MaxUnpool1d(int kernelSize, int? stride = null, int padding = 0)
    {
        KernelSize = kernelSize;
        Stride = stride ?? kernelSize;
        Padding = padding;
        UnpoolShape.ValidateParameters([KernelSize], [Stride], [Padding], "max_unpool1d");
    }

    /// <summary>The pooling's window size.</summary>
    public int KernelSize { get; }

    /// <summary>The pooling's step.</summary>
    public int Stride { get; }

    /// <summary>The pooling's padding.</summary>
    public int Padding { get; }

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
    /// <param name="input">Shape <c>(N, C, L)</c> or <c>(C, L)</c>, dense.</param>
    /// <param name="indices">The pooling's indices, the input's shape, dense.</param>
    /// <param name="outputSize">The spatial output size; defaults to <c>(in - 1) * stride - 2 * padding + kernel_size</c> per dimension.</param>
    /// <returns>The unpooled tensor.</returns>
    /// <exception cref="ArgumentException">A shape breaks PyTorch's rules or an index lies outside the output.</exception>
    public Tensor<float> Forward(in ReadOnlyTensorSpan<float> input, in ReadOnlyTensorSpan<long> indices, int? outputSize = null) =>
        Functional.MaxUnpool1d(input, indices, KernelSize, Stride, Padding, outputSize, Backend);

    /// <summary>The shape <see cref="Forward"/> would return for an input (and indices) of <paramref name="inputShape"/>.</summary>
    /// <param name="inputShape">The input's shape.</param>
    /// <param name="outputSize">The spatial output size, as for <see cref="Forward"/>.</param>
    /// <returns>The output's shape.</returns>
    /// <exception cref="ArgumentException">The layer cannot take an input of that shape or that output size.</exception>
    public ReadOnlySpan<nint> OutputShape(ReadOnlySpan<nint> inputShape, int? outputSize = null) =>
        UnpoolShape.Infer(inputShape, inputShape, [KernelSize], [Stride], [Padding], outputSize is int o ? [o] : [], "max_unpool1d").OutputShape;

    /// <summary>PyTorch's representation, e.g. <c>MaxUnpool1d(kernel_size=(2,), stride=(2,), padding=(0,))</c>.</summary>
    /// <returns>The type name and its settings.</returns>
    public override string ToString() =>
        $"MaxUnpool1d(kernel_size={PythonTuple.Format([KernelSize])}, stride={PythonTuple.Format([Stride])}, padding={PythonTuple.Format([Padding])})";
}
