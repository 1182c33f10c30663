using System.Numerics.Tensors;

namespace KernelLib.Benchmarks;

/// <summary>
/// The hand-written nested loops a .NET developer writes today: the baseline the suite
/// measures KernelLib against. Deliberately plain: no blocking, no SIMD, one thread.
/// </summary>
internal static class NaiveKernels
{
    /// <summary>C = A * B, all row-major and dense.</summary>
    public static void Gemm(int m, int n, int k, float[] a, float[] b, float[] c)
    {
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                float sum = 0;
                for (int p = 0; p < k; p++) sum += a[i * k + p] * b[p * n + j];
                c[i * n + j] = sum;
            }
    }

    /// <summary>y = x W^T + b with W stored [out, in].</summary>
    public static void Linear(int batch, int inFeatures, int outFeatures, float[] x, float[] w, float[] bias, float[] y)
    {
        for (int r = 0; r < batch; r++)
            for (int o = 0; o < outFeatures; o++)
            {
                float sum = bias[o];
                for (int i = 0; i < inFeatures; i++) sum += x[r * inFeatures + i] * w[o * inFeatures + i];
                y[r * outFeatures + o] = sum;
            }
    }

    public static void ReLU(float[] x, float[] y)
    {
        for (int i = 0; i < x.Length; i++) y[i] = x[i] > 0 ? x[i] : 0;
    }

    /// <summary>Max pooling of (planes, h, w) with square kernel, stride and padding.</summary>
    public static void MaxPool2d(int planes, int h, int w, int kernel, int stride, int pad, float[] x, float[] y)
    {
        int oh = (h + 2 * pad - kernel) / stride + 1, ow = (w + 2 * pad - kernel) / stride + 1;
        for (int p = 0; p < planes; p++)
            for (int i = 0; i < oh; i++)
                for (int j = 0; j < ow; j++)
                {
                    float max = float.NegativeInfinity;
                    for (int ki = 0; ki < kernel; ki++)
                        for (int kj = 0; kj < kernel; kj++)
                        {
                            int ih = i * stride - pad + ki, iw = j * stride - pad + kj;
                            if (ih >= 0 && ih < h && iw >= 0 && iw < w) max = Math.Max(max, x[(p * h + ih) * w + iw]);
                        }
                    y[(p * oh + i) * ow + j] = max;
                }
    }
}
