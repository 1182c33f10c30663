namespace KernelLib;

public static partial class Functional
{
    /// <summary>
    /// The output length of a convolution along one dimension, as PyTorch computes it:
    /// <c>floor((in + 2p - d(k-1) - 1) / s) + 1</c>. Use it to size destinations. The result may be less than 1;
    /// the convolutions reject such shapes.
    /// </summary>
    /// <param name="inputSize">The input length, at least 0.</param>
    /// <param name="kernelSize">The kernel length, at least 1.</param>
    /// <param name="stride">The window step, at least 1.</param>
    /// <param name="padding">The padding on each side, at least 0.</param>
    /// <param name="dilation">The distance between kernel taps, at least 1.</param>
    /// <returns>The output length.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is below its minimum.</exception>
    /// <exception cref="OverflowException">The result does not fit an <see cref="int"/>.</exception>
    public static int ConvOutputSize(int inputSize, int kernelSize, int stride = 1, int padding = 0, int dilation = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(inputSize);
        ArgumentOutOfRangeException.ThrowIfLessThan(kernelSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(stride, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(padding);
        ArgumentOutOfRangeException.ThrowIfLessThan(dilation, 1);
        long span = (long)inputSize + 2L * padding - (long)dilation * (kernelSize - 1) - 1;
        return checked((int)(Math.Floor(span / (double)stride) + 1));
    }

    /// <summary>
    /// The output length of a transposed convolution along one dimension, as PyTorch computes it:
    /// <c>(in - 1) * s - 2p + d(k-1) + outputPadding + 1</c>. The result may be less than 1; the transposed
    /// convolutions reject such shapes.
    /// </summary>
    /// <param name="inputSize">The input length, at least 0.</param>
    /// <param name="kernelSize">The kernel length, at least 1.</param>
    /// <param name="stride">The step, at least 1.</param>
    /// <param name="padding">Removed from each end, at least 0.</param>
    /// <param name="outputPadding">Added at the end, at least 0.</param>
    /// <param name="dilation">The distance between kernel taps, at least 1.</param>
    /// <returns>The output length.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is below its minimum.</exception>
    /// <exception cref="OverflowException">The result does not fit an <see cref="int"/>.</exception>
    public static int ConvTransposeOutputSize(int inputSize, int kernelSize, int stride = 1, int padding = 0,
        int outputPadding = 0, int dilation = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(inputSize);
        ArgumentOutOfRangeException.ThrowIfLessThan(kernelSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(stride, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(padding);
        ArgumentOutOfRangeException.ThrowIfNegative(outputPadding);
        ArgumentOutOfRangeException.ThrowIfLessThan(dilation, 1);
        return checked((int)(((long)inputSize - 1) * stride - 2L * padding + (long)dilation * (kernelSize - 1) + outputPadding + 1));
    }

    /// <summary>
    /// The output padding PyTorch's <c>ConvTranspose*d.forward(input, output_size)</c> picks (<c>_output_padding</c>)
    /// so that a transposed convolution produces <paramref name="outputSize"/>: valid sizes run from the size with
    /// no output padding to that plus <c>stride - 1</c>.
    /// </summary>
    /// <param name="inputSize">The input's spatial sizes.</param>
    /// <param name="outputSize">The requested output's spatial sizes, one per input size.</param>
    /// <param name="stride">One per spatial dimension.</param>
    /// <param name="padding">One per spatial dimension.</param>
    /// <param name="kernelSize">One per spatial dimension.</param>
    /// <param name="dilation">One per spatial dimension.</param>
    /// <returns>The output padding, one per spatial dimension.</returns>
    /// <exception cref="ArgumentException">A requested size is out of range (PyTorch's words), or the lengths differ.</exception>
    public static int[] ConvTransposeOutputPadding(ReadOnlySpan<int> inputSize, ReadOnlySpan<int> outputSize,
        ReadOnlySpan<int> stride, ReadOnlySpan<int> padding, ReadOnlySpan<int> kernelSize, ReadOnlySpan<int> dilation) =>
        ConvShape.OutputPaddingFor(inputSize, outputSize, stride, padding, kernelSize, dilation);
}
