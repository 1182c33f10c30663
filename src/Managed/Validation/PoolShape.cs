namespace KernelLib;

/// <summary>
/// PyTorch 1.13's pooling rules (<c>pooling_output_shape</c>, <c>pool2d_shape_check</c>, <c>pool3d_shape_check</c>,
/// <c>check_max_pool1d</c>), with its messages, for every max and average pooling op and module. The messages
/// differ by op as PyTorch's do: <c>max_pool1d</c> without indices has its own words (and allows an empty output),
/// 1-D pooling with indices and <c>avg_pool1d</c> speak of an unsqueezed <c>(N, C, 1, L)</c> input with a height of
/// 1, and 3-D pooling names kT/kH/kW. Where PyTorch's message names no values, the values are appended.
/// </summary>
internal static class PoolShape
{
    /// <summary>Checks kernel size, stride, dilation, padding and divisor, as the op and the module constructor both must.</summary>
    internal static void ValidateParameters(PoolOp op, in PoolWindow w)
    {
        if (w.DivisorOverride == 0)
        {
            throw new ArgumentException("divisor must be not zero", "divisorOverride");
        }
        if (op == PoolOp.MaxPool1d)
        {
            ValidateMaxPool1dParameters(w);
            return;
        }

        Size3 k = w.Kernel, s = w.Stride, p = w.Padding, d = w.Dilation;
        if (k.Depth <= 0 || k.Height <= 0 || k.Width <= 0)
        {
            throw new ArgumentException($"kernel size should be greater than zero, but got {Dims(op, "k", k)}", "kernelSize");
        }
        if (s.Depth == 0 || s.Height == 0 || s.Width == 0)
        {
            throw new ArgumentException($"stride should not be zero, but got {Dims(op, "d", s)}", "stride");
        }
        if (s.Depth < 0 || s.Height < 0 || s.Width < 0)
        {
            throw new ArgumentException($"stride should be greater than zero, but got {Dims(op, "d", s)}", "stride");
        }
        if (d.Depth <= 0 || d.Height <= 0 || d.Width <= 0)
        {
            throw new ArgumentException($"dilation should be greater than zero, but got {Dims(op, "dilation", d)}", "dilation");
        }
        foreach (int pad in (ReadOnlySpan<int>)[p.Depth, p.Height, p.Width])
        {
            if (pad < 0)
            {
                throw new ArgumentException($"pad must be non-negative, but got pad: {pad}", "padding");
            }
        }
        RequireHalfKernel(p.Depth, k.Depth);
        RequireHalfKernel(p.Height, k.Height);
        RequireHalfKernel(p.Width, k.Width);
    }

    /// <summary>Validates a pooling call on an input of the given shape and infers its output.</summary>
    internal static PoolGeometry Infer(PoolOp op, ReadOnlySpan<nint> input, in PoolWindow w)
    {
        ValidateParameters(op, w);
        Shapes.RequireNonNegative(input, nameof(input));
        int rank = op.SpatialRank();
        RequireRank(op, input);

        bool batched = input.Length == rank + 2;
        long channels = input[^(rank + 1)];
        long inD = rank == 3 ? input[^3] : 1, inH = rank >= 2 ? input[^2] : 1, inW = input[^1];
        Size3 k = w.Kernel, s = w.Stride, p = w.Padding, d = w.Dilation;
        if (op == PoolOp.AvgPool3d && (inD < k.Depth || inH < k.Height || inW < k.Width))
        {
            throw new ArgumentException(
                $"input image (T: {inD} H: {inH} W: {inW}) smaller than kernel size (kT: {k.Depth} kH: {k.Height} kW: {k.Width})",
                nameof(input));
        }

        long outD = OutputSize(inD, k.Depth, s.Depth, p.Depth, d.Depth, w.CeilMode);
        long outH = OutputSize(inH, k.Height, s.Height, p.Height, d.Height, w.CeilMode);
        long outW = OutputSize(inW, k.Width, s.Width, p.Width, d.Width, w.CeilMode);
        if (op == PoolOp.MaxPool1d)
        {
            // max_pool1d (without indices) returns an empty output rather than failing when no window fits.
            if (outW < 0)
            {
                throw new ArgumentException($"max_pool1d() Invalid computed output size: {outW}", nameof(input));
            }
        }
        else if (outD < 1 || outH < 1 || outW < 1)
        {
            string given = rank == 3 ? $"{channels}x{inD}x{inH}x{inW}" : $"{channels}x{inH}x{inW}";
            string calculated = rank == 3 ? $"{channels}x{outD}x{outH}x{outW}" : $"{channels}x{outH}x{outW}";
            throw new ArgumentException(
                $"Given input size: ({given}). Calculated output size: ({calculated}). Output size is too small", nameof(input));
        }

        long planes = batched ? checked(input[0] * channels) : channels;
        nint[] outputShape = input.ToArray();
        outputShape[^1] = checked((nint)outW);
        if (rank >= 2)
        {
            outputShape[^2] = checked((nint)outH);
        }
        if (rank == 3)
        {
            outputShape[^3] = checked((nint)outD);
        }
        return new PoolGeometry(planes, inD, inH, inW, outD, outH, outW, w, outputShape);
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

    // check_max_pool1d's own words, in its order.
    private static void ValidateMaxPool1dParameters(in PoolWindow w)
    {
        int k = w.Kernel.Width, s = w.Stride.Width, p = w.Padding.Width, d = w.Dilation.Width;
        if (k <= 0)
        {
            throw new ArgumentException($"max_pool1d() kernel_size must be greater than zero, but got {k}", "kernelSize");
        }
        if (s <= 0)
        {
            throw new ArgumentException($"max_pool1d() stride must be greater than zero, but got {s}", "stride");
        }
        if (p < 0)
        {
            throw new ArgumentException($"max_pool1d() padding must be non-negative, but got {p}", "padding");
        }
        if (p > k / 2)
        {
            throw new ArgumentException(
                $"max_pool1d() padding should be at most half of kernel size, but got padding={p} and kernel_size={k}", "padding");
        }
        if (d <= 0)
        {
            throw new ArgumentException($"max_pool1d() dilation must be greater than zero, but got {d}", "dilation");
        }
    }

    // Rank and empty non-batch dimensions, in each op's words.
    private static void RequireRank(PoolOp op, ReadOnlySpan<nint> input)
    {
        int rank = op.SpatialRank();
        bool rankOk = input.Length == rank + 1 || input.Length == rank + 2;
        int firstEmpty = -1;
        if (rankOk)
        {
            ReadOnlySpan<nint> nonBatch = input[^(rank + 1)..];
            firstEmpty = nonBatch.IndexOf(0);
        }
        if (rankOk && firstEmpty < 0)
        {
            return;
        }

        string shape = Shapes.Format(input);
        const string optionalBatch2d = "Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size for input, but got:";
        string message = op switch
        {
            PoolOp.MaxPool1d =>
                $"max_pool1d: Expected 2D or 3D (batch mode) tensor with optional 0 dim batch size for input, but got:{shape}",
            PoolOp.MaxPool1dWithIndices or PoolOp.AvgPool1d => rankOk
                ? optionalBatch2d + Shapes.Format([.. input[..^1], 1, input[^1]])
                : $"Expected 2 to 3 dimensions, but got {input.Length}-dimensional tensor for argument #1 'self' " +
                  $"(while checking arguments for {(op == PoolOp.AvgPool1d ? "avg_pool1d" : "max_pool1d")})",
            PoolOp.MaxPool2d => rankOk
                ? optionalBatch2d + shape
                : $"non-empty 3D or 4D (batch mode) tensor expected for input, but got: {shape}",
            PoolOp.AvgPool2d => optionalBatch2d + shape,
            _ => rankOk
                ? $"{(op == PoolOp.AvgPool3d ? "avg_pool3d" : "max_pool3d_with_indices_out_cpu_template")}(): Expected input's " +
                  $"non-batch dimensions to have positive length, but input has a shape of {shape} and non-batch dimension " +
                  $"{firstEmpty} has length zero!"
                : $"non-empty 4D or 5D (batch mode) tensor expected for input, but got: {shape}",
        };
        throw new ArgumentException(message, nameof(input));
    }

    // "kH: 3 kW: 2", or "kT: 1 kH: 3 kW: 2" for 3-D; 1-D ops other than max_pool1d speak as 2-D with a height of 1.
    private static string Dims(PoolOp op, string prefix, Size3 size) => op.SpatialRank() == 3
        ? $"{prefix}T: {size.Depth} {prefix}H: {size.Height} {prefix}W: {size.Width}"
        : $"{prefix}H: {size.Height} {prefix}W: {size.Width}";

    // PyTorch 1.13's rule and words: the limit is half the kernel size, whatever the dilation.
    private static void RequireHalfKernel(int pad, int kernelSize)
    {
        if (pad > kernelSize / 2)
        {
            throw new ArgumentException(
                $"pad should be at most half of kernel size, but got pad={pad} and kernel_size={kernelSize}", "padding");
        }
    }

    // Rounds toward negative infinity, like PyTorch's div_rtn; C# division truncates toward zero.
    private static long FloorDivide(long numerator, long denominator)
    {
        long quotient = Math.DivRem(numerator, denominator, out long remainder);
        return remainder != 0 && (remainder < 0) != (denominator < 0) ? quotient - 1 : quotient;
    }
}
