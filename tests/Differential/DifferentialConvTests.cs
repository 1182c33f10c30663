using Xunit;

namespace KernelLib.Tests;

/// <summary>
/// Native vs managed Conv1d/2d/3d and ConvTranspose1d/2d/3d on seeded random and hand-picked configurations (groups,
/// depthwise multipliers, dilation, strides, asymmetric "same", every padding mode, output padding, unbatched and
/// empty batches). Tolerance: |native - managed| &lt;= 1e-5 * sqrt(K) * (|bias| + sum of |x * w|) per output, K the
/// reduction length (in/groups * kernel volume), the sum of magnitudes being the same convolution of |x|, |w|, |b|.
/// Native runs on guarded buffers, so any read or write past the input, weight, bias or output faults.
/// </summary>
[Trait("Category", "Differential")]
public sealed class DifferentialConvTests
{
    public static TheoryData<int, bool> RankAndTransposed
    {
        get
        {
            var data = new TheoryData<int, bool>();
            for (int rank = 1; rank <= 3; rank++)
            {
                data.Add(rank, false);
                data.Add(rank, true);
            }
            return data;
        }
    }

    [Theory, MemberData(nameof(RankAndTransposed))]
    public void RandomConfigurations_NativeMatchesManaged(int rank, bool transposed)
    {
        if (!TestBackends.NativeOrDocumentedAbsence())
            return;
        var rng = new Random(9100 + 10 * rank + (transposed ? 1 : 0));
        for (int i = 0; i < 60; i++)
            Check(ConvCases.Random(rng, rank, transposed), rng, integers: i % 3 == 0);
    }

    /// <summary>The shapes the native library has dedicated paths for, across vector tails of the width.</summary>
    [Theory]
    [InlineData(1, 1, 0)] // 1x1: GEMM without im2col
    [InlineData(3, 1, 1)] // 3x3 s1 (depthwise and general)
    [InlineData(3, 2, 1)] // 3x3 s2
    [InlineData(5, 1, 2)] // 5x5
    [InlineData(5, 2, 2)]
    [InlineData(2, 1, 0)] // even kernel
    public void DedicatedShapesAcrossWidths_NativeMatchesManaged(int k, int s, int p)
    {
        if (!TestBackends.NativeOrDocumentedAbsence())
            return;
        var rng = new Random(9200 + 10 * k + s);
        for (int width = Math.Max(1, k - 2 * p); width <= 35; width += 1 + width / 8)
        {
            foreach (var (inC, outC, groups) in new[] { (3, 5, 1), (6, 6, 6), (4, 8, 4), (8, 12, 2), (16, 16, 1) })
            {
                var c = new ConvCase(2, false, [2, inC, 5 + width % 4, width], [outC, inC / groups, k, k], width % 2 == 0,
                    [s, s], (p, p), [1, 1], groups);
                Check(c, rng, integers: width % 2 == 1);
            }
            var t = new ConvCase(2, true, [1, 6, 4, width], [6, 2, k, k], true, [s, s], (p / 2, p / 2), [1, 1], 3,
                OutputPadding: [s - 1, s - 1]);
            Check(t, rng, integers: false);
        }
    }

    [Fact]
    public void NamedConfigurations_NativeMatchesManaged()
    {
        if (!TestBackends.NativeOrDocumentedAbsence())
            return;
        var rng = new Random(9300);
        ConvCase[] cases =
        [
            // "same" with an even kernel and with dilation: asymmetric padding
            new(1, false, [2, 3, 17], [4, 3, 4], true, [1], ConvPadding.Same, [1], 1),
            new(2, false, [1, 3, 9, 10], [4, 3, 2, 4], true, [1, 1], "same", [3, 2], 1),
            new(3, false, [1, 2, 5, 6, 7], [2, 2, 2, 3, 4], false, [1, 1, 1], "same", [1, 2, 1], 1),
            // every padding mode, with "same" too
            new(2, false, [2, 3, 6, 7], [4, 3, 3, 3], true, [1, 1], (2, 3), [1, 1], 1, PaddingMode.Reflect),
            new(2, false, [2, 3, 6, 7], [4, 3, 3, 3], true, [2, 1], (4, 2), [1, 1], 1, PaddingMode.Replicate),
            new(2, false, [2, 3, 6, 7], [4, 3, 3, 3], true, [1, 2], (6, 7), [1, 1], 1, PaddingMode.Circular),
            new(1, false, [3, 9], [3, 3, 4], true, [1], "same", [2], 1, PaddingMode.Reflect),
            new(3, false, [1, 2, 4, 5, 6], [3, 2, 3, 3, 3], true, [1, 1, 1], 1, [1, 1, 1], 1, PaddingMode.Circular),
            // depthwise with multipliers, dilated, strided
            new(2, false, [2, 8, 15, 15], [16, 1, 3, 3], true, [1, 1], 1, [1, 1], 8),
            new(2, false, [1, 8, 15, 15], [24, 1, 3, 3], true, [2, 2], 2, [2, 2], 8),
            new(2, false, [1, 5, 16, 17], [5, 1, 5, 5], false, [1, 1], 2, [1, 1], 5),
            new(1, false, [2, 4, 50], [8, 1, 7], true, [3], 3, [2], 4),
            // grouped, dilated
            new(2, false, [2, 12, 11, 13], [18, 4, 3, 3], true, [1, 1], 2, [2, 2], 3),
            new(3, false, [2, 4, 6, 7, 8], [6, 2, 3, 2, 3], true, [2, 1, 2], (1, 0, 1), [1, 2, 1], 2),
            // long reductions (K = 2304, 520): past the GEMM's K blocking
            new(2, false, [1, 256, 10, 11], [40, 256, 3, 3], true, [1, 1], 1, [1, 1], 1),
            new(2, false, [2, 520, 7, 9], [33, 520, 1, 1], true, [1, 1], 0, [1, 1], 1),
            new(2, true, [1, 130, 6, 7], [130, 17, 2, 2], true, [2, 2], 0, [1, 1], 1),
            // kernel as large as the padded input, 1x1 spatial
            new(2, false, [1, 3, 1, 1], [4, 3, 3, 3], true, [1, 1], 1, [1, 1], 1),
            new(2, false, [3, 2, 1, 1], [5, 2, 1, 1], true, [1, 1], 0, [1, 1], 1),
            // transposed: output padding below the stride and below the dilation, groups, unbatched
            new(2, true, [2, 4, 5, 6], [4, 3, 3, 3], true, [2, 3], (1, 0), [1, 1], 1, OutputPadding: [1, 2]),
            new(2, true, [1, 4, 5, 6], [4, 2, 3, 3], true, [1, 1], (0, 1), [2, 3], 2, OutputPadding: [1, 2]),
            new(1, true, [6, 9], [6, 1, 4], false, [3], 1, [2], 3, OutputPadding: [2]),
            new(3, true, [1, 4, 3, 4, 5], [4, 2, 2, 3, 3], true, [2, 2, 1], (0, 1, 1), [1, 1, 2], 2, OutputPadding: [1, 0, 1]),
            new(2, true, [1, 8, 7, 7], [8, 1, 3, 3], true, [2, 2], 1, [1, 1], 8, OutputPadding: [1, 1]),
        ];
        foreach (var c in cases)
        {
            Check(c, rng, integers: false);
            Check(c, rng, integers: true);
        }
    }

    [Fact]
    public void NanAndInfinities_PropagateAsOnManaged()
    {
        if (!TestBackends.NativeOrDocumentedAbsence())
            return;
        var rng = new Random(9400);
        var c = new ConvCase(2, false, [1, 3, 8, 9], [4, 3, 3, 3], true, [1, 1], 1, [1, 1], 1);
        float[] x = Fill.Normal(rng, Tensors.Elements(c.Input));
        x[10] = float.NaN;
        float[] w = Fill.Normal(rng, Tensors.Elements(c.Weight)), b = Fill.Normal(rng, 4);
        float[] managed = Tensors.ToArray(c.Run(x, w, b, KernelBackend.Managed));
        float[] native = Tensors.ToArray(c.Run(x, w, b, KernelBackend.Native));
        for (int i = 0; i < managed.Length; i++)
            Assert.True(float.IsNaN(managed[i]) == float.IsNaN(native[i]), $"{c}: [{i}] managed {managed[i]}, native {native[i]}");
        Assert.Contains(managed, float.IsNaN);
    }

    internal static void Check(ConvCase c, Random rng, bool integers)
    {
        float[] x = integers ? Fill.NonZeroIntegers(rng, Tensors.Elements(c.Input)) : Fill.Normal(rng, Tensors.Elements(c.Input));
        float[] w = integers ? Fill.NonZeroIntegers(rng, Tensors.Elements(c.Weight)) : Fill.Normal(rng, Tensors.Elements(c.Weight));
        float[]? b = c.Bias ? (integers ? Fill.NonZeroIntegers(rng, c.BiasShape[0]) : Fill.Normal(rng, c.BiasShape[0])) : null;
        nint[] outputShape = c.OutputShape;
        string repro = c + (integers ? "_int" : "");

        var expected = c.Run(x, w, b, KernelBackend.Managed);
        Compare.Shape(outputShape, Tensors.Shape(expected), repro.On(KernelBackend.Managed));
        float[] expectedValues = Tensors.ToArray(expected);

        using var gx = new GuardedBuffer<float>(x);
        using var gw = new GuardedBuffer<float>(w);
        using var gb = new GuardedBuffer<float>(b ?? []);
        using var gy = new GuardedBuffer<float>(Fill.Constant(expectedValues.Length, float.NaN));
        c.RunInto(gx.AsReadOnlyTensorSpan(c.Input), gw.AsReadOnlyTensorSpan(c.Weight),
            c.Bias ? gb.AsReadOnlyTensorSpan(c.BiasShape) : default, gy.AsTensorSpan(outputShape), KernelBackend.Native);

        float[] magnitude = Tensors.ToArray(c.Run(x.Select(Math.Abs).ToArray(), w.Select(Math.Abs).ToArray(),
            b?.Select(Math.Abs).ToArray(), KernelBackend.Managed));
        double relative = 1e-5 * Math.Sqrt(Math.Max(1, c.ReductionLength));
        Compare.Within(expectedValues, gy.Span, magnitude.Select(m => relative * m).ToArray(), repro.On(KernelBackend.Native));
        if (integers && expectedValues.Length > 0 && c.Bias)
            Compare.NotMostlyZeros(expectedValues, repro);
    }
}
