namespace KernelLib;

/// <summary>The reference Linear: <c>y = x W^T + b</c> through <see cref="ManagedGemm"/>.</summary>
internal static class ManagedLinear
{
    /// <summary>Runs a validated Linear call; an empty <paramref name="bias"/> means no bias.</summary>
    internal static void Run(in LinearGeometry geometry, ReadOnlySpan<float> x, ReadOnlySpan<float> weight,
        ReadOnlySpan<float> bias, Span<float> y)
    {
        int batch = checked((int)geometry.Batch);
        int inFeatures = checked((int)geometry.InFeatures);
        int outFeatures = checked((int)geometry.OutFeatures);

        // Each output row starts as the bias, and GEMM with beta = 1 adds x W^T to it.
        bool hasBias = !bias.IsEmpty;
        if (hasBias)
        {
            for (int row = 0; row < batch; row++)
            {
                bias.CopyTo(y.Slice(row * outFeatures, outFeatures));
            }
        }
        int ldx = Math.Max(1, inFeatures);
        ManagedGemm.Sgemm(transA: false, transB: true, batch, outFeatures, inFeatures, 1f,
            x, ldx, weight, ldx, hasBias ? 1f : 0f, y, Math.Max(1, outFeatures));
    }
}
