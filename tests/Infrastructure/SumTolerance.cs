namespace KernelLib.Tests;

/// <summary>
/// Tolerances for float32 sums (GEMM, Linear) compared with another float32 implementation.
/// A length-k dot product, summed in any order with or without FMA, is within
/// gamma(k) * sum|terms| of the exact value, gamma(k) ~= k * u, u = 2^-24. Two independent results
/// may sit on opposite sides, so the allowed difference is 2 * (k + 2) * u * sum|terms|
/// (+2 for the alpha/beta scaling and the final addition). Padding elements get 0: untouched.
/// </summary>
public static class SumTolerance
{
    private const double UnitRoundoff = 1.0 / (1 << 24);

    public static double[] Gemm(bool transA, bool transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, ReadOnlySpan<float> c, int ldc)
    {
        var tolerance = new double[c.Length];
        double scale = 2.0 * (k + 2) * UnitRoundoff;
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double magnitude = 0;
                for (int p = 0; p < k; p++)
                {
                    float av = transA ? a[p * lda + i] : a[i * lda + p];
                    float bv = transB ? b[j * ldb + p] : b[p * ldb + j];
                    magnitude += Math.Abs((double)av * bv);
                }
                magnitude = Math.Abs(alpha) * magnitude + (beta == 0 ? 0 : Math.Abs(beta * (double)c[i * ldc + j]));
                tolerance[i * ldc + j] = scale * magnitude;
            }
        }
        return tolerance;
    }

    public static double[] Linear(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias,
        int inFeatures, int outFeatures)
    {
        int rows = inFeatures == 0 ? 0 : input.Length / inFeatures;
        var tolerance = new double[rows * outFeatures];
        double scale = 2.0 * (inFeatures + 2) * UnitRoundoff;
        for (int r = 0; r < rows; r++)
        {
            for (int o = 0; o < outFeatures; o++)
            {
                double magnitude = bias.IsEmpty ? 0 : Math.Abs(bias[o]);
                for (int p = 0; p < inFeatures; p++)
                    magnitude += Math.Abs((double)input[r * inFeatures + p] * weight[o * inFeatures + p]);
                tolerance[r * outFeatures + o] = scale * magnitude;
            }
        }
        return tolerance;
    }
}
