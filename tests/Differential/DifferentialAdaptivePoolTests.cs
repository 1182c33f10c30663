using System.Numerics.Tensors;
using Xunit;

namespace KernelLib.Tests;

/// <summary>
/// Native vs managed adaptive (1-D/2-D/3-D), global and channel pooling on seeded random shapes: SIMD tails,
/// 1x1 planes, outputs larger than inputs, non-dividing sizes, NaN/±inf, ties. Max values and indices bit for bit;
/// averages bit for bit on integer inputs (exact sums, the same divisions), else within 1e-5 * sqrt(K) of the
/// window's mean magnitude. Native runs on guarded buffers, so a read or write past any buffer faults.
/// </summary>
[Trait("Category", "Differential")]
public sealed class DifferentialAdaptivePoolTests
{
    public enum InputKind { Normal, Integers, Ties, SignedZeros, AllNegative, NanAndInfinities, MostlyNegativeInfinity }

    public static TheoryData<InputKind> Kinds => new(Enum.GetValues<InputKind>());

    public static TheoryData<int> SpatialRanks => new([1, 2, 3]);

    [Theory, MemberData(nameof(Kinds))]
    public void AdaptivePool_RandomConfigurations_NativeMatchesManaged(InputKind kind)
    {
        if (!TestBackends.NativeOrDocumentedAbsence())
            return;
        var rng = new Random(9100 + (int)kind);
        for (int i = 0; i < 40; i++)
        {
            foreach (int rank in (int[])[1, 2, 3])
                CheckAdaptive(RandomAdaptive(rng, rank), kind, rng);
        }
    }

    [Theory, MemberData(nameof(SpatialRanks))]
    public void AdaptivePool_WidthsAcrossVectorTails_NativeMatchesManaged(int rank)
    {
        if (!TestBackends.NativeOrDocumentedAbsence())
            return;
        var rng = new Random(9200 + rank);
        for (int width = 1; width <= 70; width++)
        {
            nint[] lead = rank switch { 1 => [2, 3], 2 => [1, 2, 3], _ => [1, 2, 2, 3] };
            nint[] shape = [.. lead, width];
            int?[] outSizes = rank switch { 1 => [width % 9 + 1], 2 => [2, (width * 3) % 17 + 1], _ => [2, 1, width % 11 + 1] };
            CheckAdaptive(new AdaptiveConfig(shape, outSizes), InputKind.Normal, rng);
            CheckAdaptive(new AdaptiveConfig(shape, [.. outSizes[..^1], width + 3]), InputKind.Ties, rng);
            CheckAdaptive(new AdaptiveConfig(shape, [.. outSizes[..^1], rank == 1 ? width : null]), InputKind.Integers, rng);
        }
    }

    [Fact]
    public void AdaptivePool_EdgeShapes_NativeMatchesManaged()
    {
        if (!TestBackends.NativeOrDocumentedAbsence())
            return;
        var rng = new Random(9300);
        AdaptiveConfig[] edges =
        [
            new([1, 1, 1], [1]), new([1, 1, 1], [5]),                    // 1 element, pooled and stretched
            new([2, 3, 1, 1], [1, 1]), new([2, 3, 1, 1], [3, 4]),        // 1x1 planes
            new([3, 7, 9], [3, 4]), new([3, 7, 9], [7, 9]),              // non-dividing; identity
            new([1, 2, 5, 7], [10, 14]), new([1, 2, 5, 7], [6, 8]),      // output larger than input
            new([0, 3, 5, 5], [2, 2]),                                   // empty batch
            new([2, 4, 3, 5, 6], [1, 1, 1]), new([2, 4, 3, 5, 6], [2, 3, 4]), new([3, 5, 6, 7], [null, 2, null]),
            new([1, 1, 2, 2, 2], [5, 3, 4]), new([2, 1, 33], [1]), new([1, 2, 1000], [7]),
        ];
        foreach (var config in edges)
        {
            foreach (var kind in Enum.GetValues<InputKind>())
                CheckAdaptive(config, kind, rng);
        }
    }

    [Theory, MemberData(nameof(Kinds))]
    public void GlobalPool_RandomShapes_NativeMatchesManagedAndAdaptiveOne(InputKind kind)
    {
        if (!TestBackends.NativeOrDocumentedAbsence())
            return;
        var rng = new Random(9400 + (int)kind);
        for (int i = 0; i < 60; i++)
        {
            nint c = rng.Next(1, 6), h = rng.Next(1, 30), w = rng.Next(1, 70);
            nint[] shape = rng.Next(4) == 0 ? [c, h, w] : [rng.Next(10) == 0 ? 0 : rng.Next(1, 4), c, h, w];
            CheckGlobal(shape, kind, rng);
        }
        foreach (nint[] shape in new nint[][] { [1, 1, 1, 1], [2, 3, 1, 17], [1, 2, 64, 64], [1, 1, 3, 333], [4, 1, 1] })
            CheckGlobal(shape, kind, rng);
    }

    [Theory, MemberData(nameof(Kinds))]
    public void ChannelPool_RandomShapes_NativeMatchesManaged(InputKind kind)
    {
        if (!TestBackends.NativeOrDocumentedAbsence())
            return;
        var rng = new Random(9500 + (int)kind);
        for (int i = 0; i < 60; i++)
        {
            int rank = rng.Next(2, 6);
            var shape = new nint[rank];
            shape[0] = rng.Next(10) == 0 ? 0 : rng.Next(1, 4);
            shape[1] = rng.Next(4) == 0 ? rng.Next(1, 70) : rng.Next(1, 6);
            for (int d = 2; d < rank; d++)
                shape[d] = rng.Next(1, rank == 3 ? 70 : 9);
            CheckChannel(shape, kind, rng);
        }
        foreach (nint[] shape in new nint[][] { [1, 1], [3, 17], [1, 1, 1, 1], [2, 64, 5, 5], [1, 3, 1000] })
            CheckChannel(shape, kind, rng);
    }

    private static void CheckAdaptive(AdaptiveConfig config, InputKind kind, Random rng)
    {
        float[] input = MakeInput(kind, Tensors.Elements(config.Shape), rng);
        string repro = $"{config}_{kind}";
        int rank = config.OutputSize.Length;
        var x = Tensors.ReadOnly(input, config.Shape);

        var (expectedMax, expectedIndices) = rank switch
        {
            1 => Functional.AdaptiveMaxPool1dWithIndices(x, config.OutputSize[0]!.Value, KernelBackend.Managed),
            2 => Functional.AdaptiveMaxPool2dWithIndices(x, Size2(config), KernelBackend.Managed),
            _ => Functional.AdaptiveMaxPool3dWithIndices(x, Size3(config), KernelBackend.Managed),
        };
        var expectedAvg = rank switch
        {
            1 => Functional.AdaptiveAvgPool1d(x, config.OutputSize[0]!.Value, KernelBackend.Managed),
            2 => Functional.AdaptiveAvgPool2d(x, Size2(config), KernelBackend.Managed),
            _ => Functional.AdaptiveAvgPool3d(x, Size3(config), KernelBackend.Managed),
        };
        CheckNativeMaxAndAvg(input, config.Shape, expectedMax, expectedIndices, expectedAvg,
            (gin, max, maxWithIndices, indices, avg) =>
            {
                switch (rank)
                {
                    case 1:
                        int size = config.OutputSize[0]!.Value;
                        Functional.AdaptiveMaxPool1d(gin, size, max, KernelBackend.Native);
                        Functional.AdaptiveMaxPool1dWithIndices(gin, size, maxWithIndices, indices, KernelBackend.Native);
                        Functional.AdaptiveAvgPool1d(gin, size, avg, KernelBackend.Native);
                        break;
                    case 2:
                        Functional.AdaptiveMaxPool2d(gin, Size2(config), max, KernelBackend.Native);
                        Functional.AdaptiveMaxPool2dWithIndices(gin, Size2(config), maxWithIndices, indices, KernelBackend.Native);
                        Functional.AdaptiveAvgPool2d(gin, Size2(config), avg, KernelBackend.Native);
                        break;
                    default:
                        Functional.AdaptiveMaxPool3d(gin, Size3(config), max, KernelBackend.Native);
                        Functional.AdaptiveMaxPool3dWithIndices(gin, Size3(config), maxWithIndices, indices, KernelBackend.Native);
                        Functional.AdaptiveAvgPool3d(gin, Size3(config), avg, KernelBackend.Native);
                        break;
                }
            },
            kind, MaxWindow(config), AbsoluteMeans(config, input), repro);
    }

    /// <summary>An op's native max, max-with-indices and average destination overloads, run by
    /// <see cref="CheckNativeMaxAndAvg"/> on guarded buffers.</summary>
    private delegate void NativeMaxAndAvg(ReadOnlyTensorSpan<float> input, TensorSpan<float> max, TensorSpan<float> maxWithIndices,
        TensorSpan<long> indices, TensorSpan<float> avg);

    /// <summary>
    /// Runs <paramref name="runNative"/> on guarded copies of the input and NaN-filled guarded outputs, then compares with
    /// the managed results: max values and indices bit for bit, averages as <see cref="CompareAverages"/> says.
    /// </summary>
    private static void CheckNativeMaxAndAvg(float[] input, nint[] shape, Tensor<float> expectedMax, Tensor<long> expectedIndices,
        Tensor<float> expectedAvg, NativeMaxAndAvg runNative, InputKind kind, long window, float[] meanAbs, string repro)
    {
        nint[] outputShape = Tensors.Shape(expectedMax);
        int outputLength = (int)Tensors.Elements(outputShape);

        using var gx = new GuardedBuffer<float>(input);
        using var max = new GuardedBuffer<float>(Fill.Constant(outputLength, float.NaN));
        using var maxWithIndices = new GuardedBuffer<float>(Fill.Constant(outputLength, float.NaN));
        using var indices = new GuardedBuffer<long>(new long[outputLength]);
        using var avg = new GuardedBuffer<float>(Fill.Constant(outputLength, float.NaN));
        runNative(gx.AsReadOnlyTensorSpan(shape), max.AsTensorSpan(outputShape), maxWithIndices.AsTensorSpan(outputShape),
            indices.AsTensorSpan(outputShape), avg.AsTensorSpan(outputShape));

        string native = repro.On(KernelBackend.Native);
        Compare.Exact(Tensors.ToArray(expectedMax), max.Span, native + " max");
        Compare.Exact(Tensors.ToArray(expectedMax), maxWithIndices.Span, native + " max with indices");
        Compare.Exact(Tensors.ToArray(expectedIndices), indices.Span, native + " indices");
        CompareAverages(kind, Tensors.ToArray(expectedAvg), avg.Span, window, meanAbs, native + " avg");
    }

    private static void CheckGlobal(nint[] shape, InputKind kind, Random rng)
    {
        float[] input = MakeInput(kind, Tensors.Elements(shape), rng);
        string repro = $"{Repro.Elementwise(shape)}_{kind}";
        var x = Tensors.ReadOnly(input, shape);
        var (expectedMax, expectedIndices) = Functional.GlobalMaxPool2dWithIndices(x, KernelBackend.Managed);
        var expectedAvg = Functional.GlobalAvgPool2d(x, KernelBackend.Managed);
        CheckNativeMaxAndAvg(input, shape, expectedMax, expectedIndices, expectedAvg,
            (gin, max, maxWithIndices, indices, avg) =>
            {
                Functional.GlobalMaxPool2d(gin, max, KernelBackend.Native);
                Functional.GlobalMaxPool2dWithIndices(gin, maxWithIndices, indices, KernelBackend.Native);
                Functional.GlobalAvgPool2d(gin, avg, KernelBackend.Native);
            },
            kind, shape[^1] * shape[^2],
            Tensors.ToArray(Functional.GlobalAvgPool2d(Tensors.ReadOnly(Array.ConvertAll(input, Math.Abs), shape), KernelBackend.Managed)),
            repro);

        // Global pooling is adaptive pooling to 1x1, bit for bit, on each backend.
        foreach (var backend in TestBackends.Available)
        {
            var (adaptiveMax, adaptiveIndices) = Functional.AdaptiveMaxPool2dWithIndices(x, 1, backend);
            var (globalMax, globalIndices) = Functional.GlobalMaxPool2dWithIndices(x, backend);
            Compare.Exact(Tensors.ToArray(adaptiveMax), Tensors.ToArray(globalMax), repro.On(backend) + " global max vs adaptive(1)");
            Compare.Exact(Tensors.ToArray(adaptiveIndices), Tensors.ToArray(globalIndices), repro.On(backend) + " global indices vs adaptive(1)");
            Compare.Exact(Tensors.ToArray(Functional.AdaptiveAvgPool2d(x, 1, backend)), Tensors.ToArray(Functional.GlobalAvgPool2d(x, backend)),
                repro.On(backend) + " global avg vs adaptive(1)");
        }
    }

    private static void CheckChannel(nint[] shape, InputKind kind, Random rng)
    {
        float[] input = MakeInput(kind, Tensors.Elements(shape), rng);
        string repro = $"{Repro.Elementwise(shape)}_{kind}";
        var x = Tensors.ReadOnly(input, shape);
        var expectedMax = Functional.ChannelMaxPool(x, KernelBackend.Managed);
        var expectedAvg = Functional.ChannelAvgPool(x, KernelBackend.Managed);
        nint[] outputShape = Tensors.Shape(expectedMax);
        int outputLength = (int)Tensors.Elements(outputShape);

        using var gx = new GuardedBuffer<float>(input);
        using var max = new GuardedBuffer<float>(Fill.Constant(outputLength, float.NaN));
        using var avg = new GuardedBuffer<float>(Fill.Constant(outputLength, float.NaN));
        Functional.ChannelMaxPool(gx.AsReadOnlyTensorSpan(shape), max.AsTensorSpan(outputShape), KernelBackend.Native);
        Functional.ChannelAvgPool(gx.AsReadOnlyTensorSpan(shape), avg.AsTensorSpan(outputShape), KernelBackend.Native);

        string native = repro.On(KernelBackend.Native);
        Compare.Exact(Tensors.ToArray(expectedMax), max.Span, native + " max");
        CompareAverages(kind, Tensors.ToArray(expectedAvg), avg.Span, shape[1],
            Tensors.ToArray(Functional.ChannelAvgPool(Tensors.ReadOnly(Array.ConvertAll(input, Math.Abs), shape), KernelBackend.Managed)), native + " avg");
    }

    /// <summary>Integer inputs: identical bits. Otherwise |diff| &lt;= 1e-5 * sqrt(K) * mean |x| over the window.</summary>
    private static void CompareAverages(InputKind kind, float[] expected, ReadOnlySpan<float> actual, long window, float[] meanAbs, string repro)
    {
        if (kind is InputKind.Integers or InputKind.Ties)
        {
            Compare.Exact(expected, actual, repro);
            return;
        }
        var tolerance = new double[expected.Length];
        for (int i = 0; i < tolerance.Length; i++)
            tolerance[i] = 1e-5 * Math.Sqrt(window) * meanAbs[i];
        Compare.Within(expected, actual, tolerance, repro);
    }

    private static float[] AbsoluteMeans(AdaptiveConfig config, float[] input)
    {
        var x = Tensors.ReadOnly(Array.ConvertAll(input, Math.Abs), config.Shape);
        return Tensors.ToArray(config.OutputSize.Length switch
        {
            1 => Functional.AdaptiveAvgPool1d(x, config.OutputSize[0]!.Value, KernelBackend.Managed),
            2 => Functional.AdaptiveAvgPool2d(x, Size2(config), KernelBackend.Managed),
            _ => Functional.AdaptiveAvgPool3d(x, Size3(config), KernelBackend.Managed),
        });
    }

    /// <summary>An upper bound on the window size: ceil(in / out) + 1 per dimension.</summary>
    private static long MaxWindow(AdaptiveConfig config)
    {
        long window = 1;
        int rank = config.OutputSize.Length;
        for (int d = 0; d < rank; d++)
        {
            long inSize = config.Shape[config.Shape.Length - rank + d];
            long outSize = config.OutputSize[d] ?? inSize;
            window *= (inSize + outSize - 1) / outSize + 1;
        }
        return window;
    }

    private static AdaptiveSize2 Size2(AdaptiveConfig c) => new(c.OutputSize[0], c.OutputSize[1]);

    private static AdaptiveSize3 Size3(AdaptiveConfig c) => new(c.OutputSize[0], c.OutputSize[1], c.OutputSize[2]);

    private static AdaptiveConfig RandomAdaptive(Random rng, int rank)
    {
        nint c = rng.Next(1, 5);
        nint[] spatial = rank switch
        {
            1 => [rng.Next(1, 80)],
            2 => [rng.Next(1, 20), rng.Next(1, 40)],
            _ => [rng.Next(1, 7), rng.Next(1, 9), rng.Next(1, 20)],
        };
        var outputSize = new int?[rank];
        for (int d = 0; d < rank; d++)
        {
            int roll = rng.Next(10);
            outputSize[d] = roll == 0 && rank > 1 ? null : roll == 1 ? 1 : rng.Next(1, (int)spatial[d] + 4);
        }
        nint[] shape = rng.Next(4) == 0 ? [c, .. spatial] : [rng.Next(12) == 0 ? 0 : rng.Next(1, 3), c, .. spatial];
        return new AdaptiveConfig(shape, outputSize);
    }

    private static float[] MakeInput(InputKind kind, long count, Random rng) => kind switch
    {
        InputKind.Normal => Fill.Normal(rng, count),
        InputKind.Integers => Fill.Integers(rng, count, -9, 9),
        InputKind.Ties => Fill.Integers(rng, count, -2, 2),
        InputKind.SignedZeros => Fill.SignedZeros(rng, count),
        InputKind.AllNegative => Fill.Uniform(rng, count, -5f, -1f),
        InputKind.NanAndInfinities => Fill.NanAndInfinities(rng, count),
        InputKind.MostlyNegativeInfinity => Fill.MostlyNegativeInfinity(rng, count),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private sealed record AdaptiveConfig(nint[] Shape, int?[] OutputSize)
    {
        public override string ToString() =>
            $"{Repro.Elementwise(Shape)}_out{string.Join("x", OutputSize.Select(s => s?.ToString() ?? "None"))}";
    }
}
