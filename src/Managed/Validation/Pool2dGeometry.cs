namespace KernelLib;

/// <summary>A validated 2-D pooling call over <see cref="Planes"/> independent planes (N*C, or C unbatched).</summary>
/// <param name="Planes">The number of (n, c) planes.</param>
/// <param name="InH">Input height.</param>
/// <param name="InW">Input width.</param>
/// <param name="OutH">Output height, as PyTorch infers it.</param>
/// <param name="OutW">Output width, as PyTorch infers it.</param>
/// <param name="Kernel">Window size.</param>
/// <param name="Stride">Window step.</param>
/// <param name="Padding">Implicit padding on each side (never a winner).</param>
/// <param name="Dilation">Distance between window taps (1 = adjacent).</param>
/// <param name="CeilMode">Whether the output size was rounded up.</param>
/// <param name="OutputShape">The input's shape with H and W replaced by the output's.</param>
internal readonly record struct Pool2dGeometry(
    long Planes, long InH, long InW, long OutH, long OutW,
    Size2 Kernel, Size2 Stride, Size2 Padding, Size2 Dilation, bool CeilMode, nint[] OutputShape);
