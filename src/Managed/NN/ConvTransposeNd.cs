using System.Numerics.Tensors;

namespace KernelLib.NN;

/// <summary>
/// What the transposed convolution modules share, like PyTorch's <c>_ConvTransposeNd</c>: on top of
/// <see cref="ConvNd"/>, a forward pass that takes the output size it should produce and picks the output padding
/// for it, with PyTorch's rule for which sizes are valid.
/// </summary>
public abstract class ConvTransposeNd : ConvNd
{
    private protected ConvTransposeNd(in ConvSettings settings, Random? generator)
        : base(settings, generator)
    {
    }

    /// <summary>Extra size added at the end of each output dimension, unless a forward pass is given an output size.</summary>
    private protected int[] OutputPaddingValues => Settings.OutputPadding;

    /// <summary>
    /// Runs the layer so that its output has <paramref name="outputSize"/>, like PyTorch's
    /// <c>forward(input, output_size)</c>: the output padding of this call is <c>outputSize</c> minus the smallest
    /// output size, which must not exceed <c>stride - 1</c> per dimension.
    /// </summary>
    /// <param name="input">Dense, batched <c>(N, C, *)</c> or unbatched <c>(C, *)</c>.</param>
    /// <param name="outputSize">The spatial output size, optionally preceded by the batch and channel sizes as in PyTorch
    /// (whose values are then ignored).</param>
    /// <returns>The output.</returns>
    /// <exception cref="ArgumentException">The input does not fit the layer, or the output size has the wrong length or
    /// is out of range.</exception>
    public Tensor<float> Forward(in ReadOnlyTensorSpan<float> input, ReadOnlySpan<int> outputSize) =>
        ForwardWithOutputPadding(input, OutputPaddingFor(input.Lengths, outputSize));

    /// <summary>The shape <see cref="Forward(in ReadOnlyTensorSpan{float}, ReadOnlySpan{int})"/> would return.</summary>
    /// <param name="inputShape">The input's shape.</param>
    /// <param name="outputSize">The spatial output size, optionally preceded by the batch and channel sizes.</param>
    /// <returns>The output's shape.</returns>
    /// <exception cref="ArgumentException">The input does not fit the layer, or the output size has the wrong length or
    /// is out of range.</exception>
    public ReadOnlySpan<nint> OutputShape(ReadOnlySpan<nint> inputShape, ReadOnlySpan<int> outputSize) =>
        Problem(inputShape, OutputPaddingFor(inputShape, outputSize)).OutputShape;

    // PyTorch's _ConvTransposeNd._output_padding, after checking the input as the call itself would.
    private int[] OutputPaddingFor(ReadOnlySpan<nint> inputShape, ReadOnlySpan<int> outputSize)
    {
        Problem(inputShape, []);
        int rank = Settings.Rank;
        int nonSpatial = inputShape.Length == rank + 2 ? 2 : 1;
        if (outputSize.Length == nonSpatial + rank)
        {
            outputSize = outputSize[nonSpatial..];
        }
        if (outputSize.Length != rank)
        {
            throw new ArgumentException(
                $"ConvTranspose{rank}D: for {inputShape.Length}D input, output_size must have {rank} or " +
                $"{nonSpatial + rank} elements (got {outputSize.Length})", nameof(outputSize));
        }
        Span<int> inputSize = stackalloc int[rank];
        for (int i = 0; i < rank; i++)
        {
            inputSize[i] = checked((int)inputShape[inputShape.Length - rank + i]);
        }
        return Functional.ConvTransposeOutputPadding(inputSize, outputSize, Settings.Stride,
            Settings.Padding.Explicit(rank), Settings.KernelSize, Settings.Dilation);
    }
}
