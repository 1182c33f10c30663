namespace KernelLib;

/// <summary>
/// PyTorch's adaptive pooling rules (1-D, 2-D and 3-D in one place, as the N-d ops funnel into it) with its messages.
/// Global pooling is adaptive pooling to a 1x1 output and is validated here too.
/// </summary>
internal static class AdaptivePoolShape
{
    /// <summary>Rejects negative output sizes (0 is allowed and gives an empty output, as in PyTorch).</summary>
    /// <param name="outputSize">One entry per spatial dimension; null keeps the input's size.</param>
    /// <param name="op">The op's name for messages, e.g. <c>adaptive_avg_pool2d</c>.</param>
    internal static void ValidateOutputSize(ReadOnlySpan<int?> outputSize, string op)
    {
        foreach (int? size in outputSize)
        {
            if (size < 0)
            {
                // adaptive_avg_pool's words; adaptive_max_pool fails later with "... negative dimension -1", named too.
                throw new ArgumentException(
                    $"{op}: elements of output_size must be greater than or equal to 0 but received {PythonTuple.FormatBraced(outputSize)} " +
                    $"(negative dimension {size})", "outputSize");
            }
        }
    }

    /// <summary>Validates an adaptive pooling call on an input of the given shape and infers its output.</summary>
    /// <param name="input">The input's shape: (N, C, *spatial) or (C, *spatial).</param>
    /// <param name="outputSize">One entry per spatial dimension (its length is the spatial rank); null keeps the input's size.</param>
    /// <param name="op">The op's name for messages.</param>
    internal static SpatialGeometry Infer(ReadOnlySpan<nint> input, ReadOnlySpan<int?> outputSize, string op)
    {
        ValidateOutputSize(outputSize, op);
        int spatialRank = outputSize.Length;
        RequireInputShape(input, spatialRank, op);

        Span<long> outputSpatial = stackalloc long[spatialRank];
        for (int d = 0; d < spatialRank; d++)
        {
            outputSpatial[d] = outputSize[d] ?? input[input.Length - spatialRank + d];
        }
        return SpatialGeometry.Create(input, spatialRank, outputSpatial);
    }

    /// <summary>
    /// Global pooling of a (N, C, H, W) or (C, H, W) input: adaptive pooling to 1x1, with the same checks and
    /// messages under the op's own name.
    /// </summary>
    internal static SpatialGeometry InferGlobal2d(ReadOnlySpan<nint> input, string op) => Infer(input, [1, 1], op);

    // PyTorch's max and avg messages differ by a colon: "but got: [8, 8]" and "but got [8, 8]".
    private static bool IsMax(string op) => op.Contains("max", StringComparison.OrdinalIgnoreCase);

    /// <summary>Rank spatialRank + 1 or + 2; every dimension but the batch non-empty.</summary>
    private static void RequireInputShape(ReadOnlySpan<nint> input, int spatialRank, string op)
    {
        Shapes.RequireNonNegative(input, "input");
        if (input.Length != spatialRank + 1 && input.Length != spatialRank + 2)
        {
            string message = spatialRank == 1
                ? $"Expected 2 to 3 dimensions, but got {input.Length}-dimensional tensor for argument #1 'self' (while checking arguments for {op})"
                : $"{op}(): Expected {spatialRank + 1}D or {spatialRank + 2}D tensor, but got{(IsMax(op) ? ":" : "")} {Shapes.Format(input)}";
            throw new ArgumentException(message, "input");
        }
        for (int i = input.Length - spatialRank - 1; i < input.Length; i++)
        {
            if (input[i] == 0)
            {
                throw new ArgumentException(
                    $"{op}(): Expected input to have non-zero size for non-batch dimensions, but input has sizes {Shapes.Format(input)} with dimension {i} being empty",
                    "input");
            }
        }
    }
}
