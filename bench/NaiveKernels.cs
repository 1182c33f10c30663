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

    /// <summary>
    /// Convolution of (n, c, h, w) with weight [k, c/groups, kernel, kernel] plus bias, square kernel, stride,
    /// padding and dilation: the seven loops of the definition.
    /// </summary>
    public static void Conv2d(int n, int c, int h, int w, int k, int kernel, int stride, int pad, int dilation, int groups,
        float[] x, float[] weight, float[] bias, float[] y)
    {
        int oh = (h + 2 * pad - dilation * (kernel - 1) - 1) / stride + 1, ow = (w + 2 * pad - dilation * (kernel - 1) - 1) / stride + 1;
        int cg = c / groups, kg = k / groups;
        for (int b = 0; b < n; b++)
            for (int o = 0; o < k; o++)
                for (int i = 0; i < oh; i++)
                    for (int j = 0; j < ow; j++)
                    {
                        float sum = bias[o];
                        for (int ci = 0; ci < cg; ci++)
                            for (int ki = 0; ki < kernel; ki++)
                                for (int kj = 0; kj < kernel; kj++)
                                {
                                    int ih = i * stride - pad + ki * dilation, iw = j * stride - pad + kj * dilation;
                                    if (ih >= 0 && ih < h && iw >= 0 && iw < w)
                                        sum += x[((b * c + o / kg * cg + ci) * h + ih) * w + iw] * weight[((o * cg + ci) * kernel + ki) * kernel + kj];
                                }
                        y[((b * k + o) * oh + i) * ow + j] = sum;
                    }
    }

    /// <summary>
    /// Transposed convolution of (n, c, h, w) with weight [c, k/groups, kernel, kernel] plus bias: each input
    /// scatters its products into the output window it reaches.
    /// </summary>
    public static void ConvTranspose2d(int n, int c, int h, int w, int k, int kernel, int stride, int pad, int dilation, int groups,
        float[] x, float[] weight, float[] bias, float[] y)
    {
        int oh = (h - 1) * stride - 2 * pad + dilation * (kernel - 1) + 1, ow = (w - 1) * stride - 2 * pad + dilation * (kernel - 1) + 1;
        int cg = c / groups, kg = k / groups;
        for (int b = 0; b < n; b++)
            for (int o = 0; o < k; o++)
                for (int i = 0; i < oh * ow; i++) y[(b * k + o) * oh * ow + i] = bias[o];
        for (int b = 0; b < n; b++)
            for (int ci = 0; ci < c; ci++)
                for (int i = 0; i < h; i++)
                    for (int j = 0; j < w; j++)
                    {
                        float v = x[((b * c + ci) * h + i) * w + j];
                        for (int ok = 0; ok < kg; ok++)
                            for (int ki = 0; ki < kernel; ki++)
                                for (int kj = 0; kj < kernel; kj++)
                                {
                                    int yh = i * stride - pad + ki * dilation, yw = j * stride - pad + kj * dilation;
                                    if (yh >= 0 && yh < oh && yw >= 0 && yw < ow)
                                        y[((b * k + ci / cg * kg + ok) * oh + yh) * ow + yw] += v * weight[((ci * kg + ok) * kernel + ki) * kernel + kj];
                                }
                    }
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

    /// <summary>Max pooling that also records each winner's index ih * w + iw within its plane.</summary>
    public static void MaxPool2dWithIndices(int planes, int h, int w, int kernel, int stride, int pad, float[] x, float[] y, long[] indices)
    {
        int oh = (h + 2 * pad - kernel) / stride + 1, ow = (w + 2 * pad - kernel) / stride + 1;
        for (int p = 0; p < planes; p++)
            for (int i = 0; i < oh; i++)
                for (int j = 0; j < ow; j++)
                {
                    float max = float.NegativeInfinity;
                    long arg = -1;
                    for (int ki = 0; ki < kernel; ki++)
                        for (int kj = 0; kj < kernel; kj++)
                        {
                            int ih = i * stride - pad + ki, iw = j * stride - pad + kj;
                            if (ih >= 0 && ih < h && iw >= 0 && iw < w)
                            {
                                float v = x[(p * h + ih) * w + iw];
                                if (arg < 0 || v > max || float.IsNaN(v)) { max = v; arg = ih * w + iw; }
                            }
                        }
                    y[(p * oh + i) * ow + j] = max;
                    indices[(p * oh + i) * ow + j] = arg;
                }
    }

    /// <summary>Zeroes the (planes, oh, ow) output, then scatters each input to its index within its plane.</summary>
    public static void MaxUnpool2d(int planes, int h, int w, int oh, int ow, float[] x, long[] indices, float[] y)
    {
        Array.Clear(y);
        for (int p = 0; p < planes; p++)
            for (int i = 0; i < h * w; i++)
                y[(long)p * oh * ow + indices[p * h * w + i]] = x[p * h * w + i];
    }

    /// <summary>Average pooling, count_include_pad = false: divides by the number of in-input taps.</summary>
    public static void AvgPool2dExcludePad(int planes, int h, int w, int kernel, int stride, int pad, float[] x, float[] y)
    {
        int oh = (h + 2 * pad - kernel) / stride + 1, ow = (w + 2 * pad - kernel) / stride + 1;
        for (int p = 0; p < planes; p++)
            for (int i = 0; i < oh; i++)
                for (int j = 0; j < ow; j++)
                {
                    float sum = 0;
                    int count = 0;
                    for (int ki = 0; ki < kernel; ki++)
                        for (int kj = 0; kj < kernel; kj++)
                        {
                            int ih = i * stride - pad + ki, iw = j * stride - pad + kj;
                            if (ih >= 0 && ih < h && iw >= 0 && iw < w) { sum += x[(p * h + ih) * w + iw]; count++; }
                        }
                    y[(p * oh + i) * ow + j] = sum / count;
                }
    }

    /// <summary>The mean of each plane of planeSize contiguous floats.</summary>
    public static void GlobalAvgPool2d(int planes, int planeSize, float[] x, float[] y)
    {
        for (int p = 0; p < planes; p++)
        {
            float sum = 0;
            for (int i = 0; i < planeSize; i++) sum += x[p * planeSize + i];
            y[p] = sum / planeSize;
        }
    }
}
