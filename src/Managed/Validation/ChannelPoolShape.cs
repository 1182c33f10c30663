namespace KernelLib;

/// <summary>A validated channel-wise pooling call: (Batch, Channels, PlaneSize) reduced over Channels.</summary>
/// <param name="Batch">The size of dimension 0.</param>
/// <param name="Channels">The size of dimension 1, the reduced one; at least 1.</param>
/// <param name="PlaneSize">The product of the dimensions after 1 (1 for a 2-D input).</param>
/// <param name="OutputShape">The input's shape with dimension 1 set to 1.</param>
internal readonly record struct ChannelPoolGeometry(long Batch, long Channels, long PlaneSize, nint[] OutputShape);

/// <summary>The rules of channel pooling: <c>x.max(dim=1, keepdim=True)</c> and <c>x.mean(dim=1, keepdim=True)</c>.</summary>
internal static class ChannelPoolShape
{
    /// <summary>Validates an input of shape (N, C, *) and infers (N, 1, *).</summary>
    /// <param name="input">The input's shape.</param>
    /// <param name="op">The op's name for messages, e.g. <c>ChannelMaxPool</c>.</param>
    internal static ChannelPoolGeometry Infer(ReadOnlySpan<nint> input, string op)
    {
        Shapes.RequireNonNegative(input, "input");
        if (input.Length < 2)
        {
            throw new ArgumentException(
                $"{op}(): Dimension out of range (expected to be in range of [{-Math.Max(input.Length, 1)}, {Math.Max(input.Length, 1) - 1}], but got 1): " +
                $"the input must have at least 2 dimensions (N, C, *), but has shape {Shapes.Format(input)}",
                "input");
        }
        if (input[1] == 0)
        {
            // PyTorch: "max(): Expected reduction dim 1 to have non-zero size."; a mean over nothing would be NaN.
            throw new ArgumentException(
                $"{op}(): Expected reduction dim 1 to have non-zero size, but got input of shape {Shapes.Format(input)}", "input");
        }
        nint[] outputShape = input.ToArray();
        outputShape[1] = 1;
        return new ChannelPoolGeometry(input[0], input[1], Shapes.Product(input[2..]), outputShape);
    }
}
