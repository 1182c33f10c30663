namespace KernelLib;

/// <summary>
/// A validated plane-by-plane op (adaptive or global pooling, max-unpooling) on 1, 2 or 3 spatial dimensions,
/// normalised to 3-D: missing leading spatial dimensions have size 1, exactly as the native parameter structs
/// take them. An index within a plane is <c>(d * InH + h) * InW + w</c> (or the same over the output's sizes).
/// </summary>
/// <param name="SpatialRank">1, 2 or 3: how many trailing dimensions of the tensors are spatial.</param>
/// <param name="Planes">The number of (n, c) planes: N*C, or C for an unbatched input.</param>
/// <param name="InD">Input depth (1 below 3-D).</param>
/// <param name="InH">Input height (1 for 1-D).</param>
/// <param name="InW">Input width (the length for 1-D).</param>
/// <param name="OutD">Output depth (1 below 3-D).</param>
/// <param name="OutH">Output height (1 for 1-D).</param>
/// <param name="OutW">Output width (the length for 1-D).</param>
/// <param name="OutputShape">The input's shape with its spatial dimensions replaced by the output's.</param>
internal readonly record struct SpatialGeometry(
    int SpatialRank, long Planes, long InD, long InH, long InW, long OutD, long OutH, long OutW, nint[] OutputShape)
{
    /// <summary>Elements in one input plane.</summary>
    internal long InPlaneSize => InD * InH * InW;

    /// <summary>Elements in one output plane.</summary>
    internal long OutPlaneSize => OutD * OutH * OutW;

    /// <summary>True when every output plane is a single element: adaptive pooling then equals global pooling.</summary>
    internal bool IsGlobal => OutD == 1 && OutH == 1 && OutW == 1;

    /// <summary>The output's spatial size as PyTorch's messages write it: "7", "3x4" or "2x3x4".</summary>
    internal string FormatOutputVolume() => SpatialRank switch
    {
        1 => $"{OutW}",
        2 => $"{OutH}x{OutW}",
        _ => $"{OutD}x{OutH}x{OutW}",
    };

    /// <summary>
    /// Builds the geometry from the input's shape (already checked to have <paramref name="spatialRank"/> + 1 or + 2
    /// dimensions) and the output's spatial sizes.
    /// </summary>
    internal static SpatialGeometry Create(ReadOnlySpan<nint> input, int spatialRank, ReadOnlySpan<long> outputSpatial)
    {
        Span<long> inSize = [1, 1, 1];
        Span<long> outSize = [1, 1, 1];
        nint[] outputShape = input.ToArray();
        for (int d = 0; d < spatialRank; d++)
        {
            inSize[3 - spatialRank + d] = input[input.Length - spatialRank + d];
            outSize[3 - spatialRank + d] = outputSpatial[d];
            outputShape[input.Length - spatialRank + d] = checked((nint)outputSpatial[d]);
        }
        long planes = input.Length == spatialRank + 2 ? checked((long)input[0] * input[1]) : input[0];
        Shapes.Product(outputShape); // throws OverflowException for a shape no tensor can have
        return new SpatialGeometry(spatialRank, planes, inSize[0], inSize[1], inSize[2], outSize[0], outSize[1], outSize[2], outputShape);
    }
}
