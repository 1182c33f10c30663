namespace KernelLib;

/// <summary>
/// PyTorch's max-unpooling rules (<c>F.max_unpool1d/2d/3d</c>, <c>_unpool_output_size</c>) for 1, 2 and 3 spatial
/// dimensions in one place, with PyTorch's messages where it has them.
/// </summary>
internal static class UnpoolShape
{
    /// <summary>
    /// Checks kernel size (&gt; 0), stride (&gt; 0) and padding (&gt;= 0), as the op and the module constructor both
    /// must. PyTorch itself does not check them and fails later or returns empty tensors.
    /// </summary>
    internal static void ValidateParameters(ReadOnlySpan<int> kernelSize, ReadOnlySpan<int> stride, ReadOnlySpan<int> padding, string op)
    {
        foreach (int k in kernelSize)
        {
            if (k <= 0)
            {
                throw new ArgumentException(
                    $"{op}: kernel_size should be greater than zero, but got kernel_size={PythonTuple.Format(kernelSize)}", "kernelSize");
            }
        }
        foreach (int s in stride)
        {
            if (s <= 0)
            {
                throw new ArgumentException(
                    $"{op}: stride should be greater than zero, but got stride={PythonTuple.Format(stride)}", "stride");
            }
        }
        foreach (int p in padding)
        {
            if (p < 0)
            {
                throw new ArgumentException(
                    $"{op}: pad must be non-negative, but got padding={PythonTuple.Format(padding)}", "padding");
            }
        }
    }

    /// <summary>Validates a max-unpooling call and infers its output.</summary>
    /// <param name="input">The pooled input's shape: (N, C, *spatial) or (C, *spatial).</param>
    /// <param name="indices">The indices' shape, which must equal the input's.</param>
    /// <param name="kernelSize">One entry per spatial dimension (its length is the spatial rank).</param>
    /// <param name="stride">One entry per spatial dimension.</param>
    /// <param name="padding">One entry per spatial dimension.</param>
    /// <param name="outputSize">The requested spatial output size, or empty for the default.</param>
    /// <param name="op">The op's name for messages, e.g. <c>max_unpool2d</c>.</param>
    internal static SpatialGeometry Infer(ReadOnlySpan<nint> input, ReadOnlySpan<nint> indices, ReadOnlySpan<int> kernelSize,
        ReadOnlySpan<int> stride, ReadOnlySpan<int> padding, ReadOnlySpan<int> outputSize, string op)
    {
        int spatialRank = kernelSize.Length;
        ValidateParameters(kernelSize, stride, padding, op);

        Shapes.RequireNonNegative(input, "input");
        Shapes.RequireNonNegative(indices, "indices");
        if (input.Length != spatialRank + 1 && input.Length != spatialRank + 2)
        {
            throw new ArgumentException(
                $"Input to max_unpooling{spatialRank}d should be a {spatialRank + 1}d or {spatialRank + 2}d Tensor, but got a tensor with {input.Length} dimensions.",
                "input");
        }
        if (!indices.SequenceEqual(input))
        {
            throw new ArgumentException(
                $"Expected shape of indices to be same as that of the input tensor ({Shapes.Format(input)}) but got indices tensor with shape: {Shapes.Format(indices)}",
                "indices");
        }
        for (int i = input.Length - spatialRank - 1; i < input.Length; i++)
        {
            if (input[i] == 0)
            {
                throw new ArgumentException(
                    $"{op}(): Expected input to have non-zero size for non-batch dimensions, but got {Shapes.Format(input)} with dimension {i} being empty.",
                    "input");
            }
        }

        // PyTorch's default: (in - 1) * stride - 2 * padding + kernel_size per dimension.
        Span<long> outputSpatial = stackalloc long[spatialRank];
        for (int d = 0; d < spatialRank; d++)
        {
            long inSize = input[input.Length - spatialRank + d];
            outputSpatial[d] = (inSize - 1) * stride[d] - 2L * padding[d] + kernelSize[d];
        }

        if (!outputSize.IsEmpty)
        {
            // _unpool_output_size: each dimension strictly between default - stride and default + stride.
            for (int d = 0; d < spatialRank; d++)
            {
                long min = outputSpatial[d] - stride[d], max = outputSpatial[d] + stride[d];
                if (!(min < outputSize[d] && outputSize[d] < max))
                {
                    throw new ArgumentException(
                        $"invalid output_size \"{PythonTuple.Format(outputSize)}\" (dim {d} must be between {min} and {max})", "outputSize");
                }
            }
            for (int d = 0; d < spatialRank; d++)
            {
                outputSpatial[d] = outputSize[d];
            }
        }

        for (int d = 0; d < spatialRank; d++)
        {
            if (outputSpatial[d] < 1)
            {
                string sizes = string.Join(", ", outputSpatial.ToArray());
                throw outputSize.IsEmpty
                    ? new ArgumentException(
                        $"{op}: the output size ({sizes}) = (in - 1) * stride - 2 * padding + kernel_size must be positive, " +
                        $"but padding={PythonTuple.Format(padding)} is too large", "padding")
                    : new ArgumentException($"{op}: output_size must be positive, but got {PythonTuple.Format(outputSize)}", "outputSize");
            }
        }
        return SpatialGeometry.Create(input, spatialRank, outputSpatial);
    }

    /// <summary>PyTorch's error for an index outside its output plane.</summary>
    internal static ArgumentException InvalidIndex(in SpatialGeometry geometry, long index) =>
        new($"Found an invalid max index: {index} (output volumes are of size {geometry.FormatOutputVolume()})", "indices");

    /// <summary>Throws <see cref="InvalidIndex"/> for the first index outside [0, OutPlaneSize), in memory order.</summary>
    internal static void RequireValidIndices(in SpatialGeometry geometry, ReadOnlySpan<long> indices)
    {
        long limit = geometry.OutPlaneSize;
        foreach (long index in indices)
        {
            if ((ulong)index >= (ulong)limit)
            {
                throw InvalidIndex(geometry, index);
            }
        }
    }
}
