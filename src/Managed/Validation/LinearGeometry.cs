namespace KernelLib;

/// <summary>A validated Linear call: <c>y[Batch, OutFeatures] = x[Batch, InFeatures] W^T + b</c>.</summary>
/// <param name="Batch">The product of the input's leading dimensions (1 for a 1-D input).</param>
/// <param name="InFeatures">The input's last dimension, equal to the weight's second.</param>
/// <param name="OutFeatures">The weight's first dimension.</param>
/// <param name="OutputShape">The input's shape with the last dimension replaced by <paramref name="OutFeatures"/>.</param>
internal readonly record struct LinearGeometry(long Batch, long InFeatures, long OutFeatures, nint[] OutputShape);
