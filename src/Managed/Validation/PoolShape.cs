namespace KernelLib;

/// <summary>PyTorch's 2-D pooling rules (<c>pool2d_shape_check</c>, <c>pooling_output_shape</c>), with its messages.</summary>
internal static class PoolShape
{
    /// <summary>Checks kernel size, stride, dilation and padding, as the op and the module constructor both must.</summary>
    internal static void ValidateParameters(Size2 kernelSize, Size2 stride, Size2 padding, Size2 dilation)
    {
        if (kernelSize.Height <= 0 || kernelSize.Width <= 0)
        {
            throw new ArgumentException(
                $"kernel size should be greater than zero, but got kH: {kernelSize.Height} kW: {kernelSize.Width}", nameof(kernelSize));
        }
        if (stride.Height <= 0 || stride.Width <= 0)
        {
            throw new ArgumentException(
                $"stride should be greater than zero, but got dH: {stride.Height} dW: {stride.Width}", nameof(stride));
        }
        if (dilation.Height <= 0 || dilation.Width <= 0)
        {
            throw new ArgumentException(
                $"dilation should be greater than zero, but got dilationH: {dilation.Height} dilationW: {dilation.Width}", nameof(dilation));
        }
        if (padding.Height < 0 || padding.Width < 0)
        {
            throw new ArgumentException(
                $"pad must be non-negative, but got padH: {padding.Height} padW: {padding.Width}", nameof(padding));
        }
        RequireHalfKernel(padding.Height, kernelSize.Height);
        RequireHalfKernel(padding.Width, kernelSize.Width);
    }

    /// <summary>Validates a pooling call on an input of the given shape and infers its output.</summary>
    internal static Pool2dGeometry Infer(ReadOnlySpan<nint> input, Size2 kernelSize, Size2? stride, Size2 padding, Size2? dilation, bool ceilMode)
    {
        Size2 step = stride ?? kernelSize;
        Size2 spacing = dilation ?? new Size2(1, 1);
        ValidateParameters(kernelSize, step, padding, spacing);

        Shapes.RequireNonNegative(input, nameof(input));
        if (input.Length is not (3 or 4))
        {
            throw new ArgumentException(
                $"Expected 3D or 4D (batch mode) tensor for input, got {input.Length}D tensor of shape {Shapes.Format(input)}", nameof(input));
        }
        ReadOnlySpan<nint> chw = input[^3..];
        if (chw[0] == 0 || chw[1] == 0 || chw[2] == 0)
        {
            throw new ArgumentException(
                $"Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size for input, but got: {Shapes.Format(input)}", nameof(input));
        }

        long channels = chw[0], inH = chw[1], inW = chw[2];
        long outH = OutputSize(inH, kernelSize.Height, step.Height, padding.Height, spacing.Height, ceilMode);
        long outW = OutputSize(inW, kernelSize.Width, step.Width, padding.Width, spacing.Width, ceilMode);
        if (outH < 1 || outW < 1)
        {
            throw new ArgumentException(
                $"Given input size: ({channels}x{inH}x{inW}). Calculated output size: ({channels}x{outH}x{outW}). Output size is too small",
                nameof(input));
        }

        long planes = input.Length == 4 ? checked(input[0] * channels) : channels;
        nint[] outputShape = input.ToArray();
        outputShape[^2] = checked((nint)outH);
        outputShape[^1] = checked((nint)outW);
        return new Pool2dGeometry(planes, inH, inW, outH, outW, kernelSize, step, padding, spacing, ceilMode, outputShape);
    }

    /// <summary>
    /// PyTorch's <c>pooling_output_shape</c>: floor (or ceil) of (in + 2p - d(k-1) - 1) / s, plus 1; in ceil mode
    /// the last window must start inside the input or its left padding. May return less than 1.
    /// </summary>
    internal static long OutputSize(long inputSize, long kernelSize, long stride, long padding, long dilation, bool ceilMode)
    {
        long numerator = inputSize + 2 * padding - dilation * (kernelSize - 1) - 1 + (ceilMode ? stride - 1 : 0);
        long outputSize = FloorDivide(numerator, stride) + 1;
        if (ceilMode && (outputSize - 1) * stride >= inputSize + padding)
        {
            outputSize--;
        }
        return outputSize;
    }

    // PyTorch 1.13's rule and words: the limit is half the kernel size, whatever the dilation.
    private static void RequireHalfKernel(int pad, int kernelSize)
    {
        if (pad > kernelSize / 2)
        {
            throw new ArgumentException(
                $"pad should be at most half of kernel size, but got pad={pad} and kernel_size={kernelSize}",
                "padding");
        }
    }

    // Rounds toward negative infinity, like PyTorch's div_rtn; C# division truncates toward zero.
    private static long FloorDivide(long numerator, long denominator)
    {
        long quotient = Math.DivRem(numerator, denominator, out long remainder);
        return remainder != 0 && (remainder < 0) != (denominator < 0) ? quotient - 1 : quotient;
    }
}
