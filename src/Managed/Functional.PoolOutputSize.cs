namespace KernelLib;

public static partial class Functional
{
    /// <summary>
    /// The output length of a pooling window along one dimension, as PyTorch computes it
    /// (<c>pooling_output_shape</c>): <c>floor((in + 2p - d(k-1) - 1) / s) + 1</c>, or ceil in ceil mode, where
    /// in ceil mode the last window must start inside the input or its left padding. Use it to size destinations.
    /// The result may be less than 1; the pooling ops reject such shapes.
    /// </summary>
    /// <param name="inputSize">The input length, at least 0.</param>
    /// <param name="kernelSize">The window length, at least 1.</param>
    /// <param name="stride">The window step, at least 1.</param>
    /// <param name="padding">The implicit padding on each side, at least 0.</param>
    /// <param name="dilation">The distance between window taps, at least 1.</param>
    /// <param name="ceilMode">Round up instead of down.</param>
    /// <returns>The output length.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is below its minimum.</exception>
    /// <exception cref="OverflowException">The result does not fit an <see cref="int"/>.</exception>
    public static int PoolOutputSize(int inputSize, int kernelSize, int stride, int padding, int dilation, bool ceilMode)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(inputSize);
        ArgumentOutOfRangeException.ThrowIfLessThan(kernelSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(stride, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(padding);
        ArgumentOutOfRangeException.ThrowIfLessThan(dilation, 1);
        return checked((int)PoolShape.OutputSize(inputSize, kernelSize, stride, padding, dilation, ceilMode));
    }
}
