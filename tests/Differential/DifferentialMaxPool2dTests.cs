using Xunit;

namespace KernelLib.Tests;

/// <summary>
/// Native vs managed MaxPool2d on seeded random configurations: values and indices must be
/// identical (max pooling has no rounding). Native runs on guarded buffers, so any read or
/// write past the input, output or indices faults.
/// </summary>
[Trait("Category", "Differential")]
public sealed class DifferentialMaxPool2dTests
{
    public enum InputKind { Normal, Ties, SignedZeros, AllNegative, NanAndInfinities, MostlyNegativeInfinity }

    public static TheoryData<InputKind> Kinds => new(Enum.GetValues<InputKind>());

    [Theory, MemberData(nameof(Kinds))]
    public void RandomConfigurations_NativeMatchesManaged(InputKind kind)
    {
        if (!TestBackends.NativeOrDocumentedAbsence())
            return;
        var rng = new Random(7100 + (int)kind);
        for (int i = 0; i < 60; i++)
            Check(RandomConfig(rng), kind, rng);
    }

    [Fact]
    public void EdgeShapes_NativeMatchesManaged()
    {
        if (!TestBackends.NativeOrDocumentedAbsence())
            return;
        var rng = new Random(7200);
        PoolConfig[] edges =
        [
            new([1, 1, 1, 1], 1, null, 0, null, false),            // 1x1 spatial
            new([2, 3, 1, 1], 3, 1, 1, null, false),               // 1x1 spatial, kernel larger than input
            new([1, 2, 2, 3], 5, 1, 2, null, true),                // kernel larger than input, padded
            new([1, 2, 3, 3], (5, 4), (2, 1), 2, null, true),
            new([2, 2, 4, 4], 3, 1, 1, 2, false),                  // dilated kernel wider than the input
            new([0, 3, 5, 5], 2, null, 0, null, false),            // empty batch
            new([3, 1, 1], 1, 2, 0, null, true),                   // unbatched 1x1
        ];
        foreach (var config in edges)
        {
            foreach (var kind in Enum.GetValues<InputKind>())
                Check(config, kind, rng);
        }
    }

    [Fact]
    public void RowWidthsAcrossVectorTails_NativeMatchesManaged()
    {
        if (!TestBackends.NativeOrDocumentedAbsence())
            return;
        var rng = new Random(7300);
        for (int width = 1; width <= 70; width++)
        {
            Check(new PoolConfig([1, 2, 3, width], (2, 3), 1, (0, 1), null, false), InputKind.Normal, rng);
            Check(new PoolConfig([1, 2, 5, width], 3, 2, 1, null, true), InputKind.Ties, rng);
            Check(new PoolConfig([2, 1, 4, width], 2, (1, 2), 1, (1, 2), true), InputKind.NanAndInfinities, rng);
        }
    }

    private static void Check(PoolConfig config, InputKind kind, Random rng)
    {
        nint[] outputShape = PoolGeometry.OutputShape(config.Shape, config.Kernel, config.Stride, config.Padding, config.Dilation, config.CeilMode);
        float[] input = MakeInput(kind, Tensors.Elements(config.Shape), rng);
        int outputLength = (int)Tensors.Elements(outputShape);
        string repro = $"{config}_{kind}";

        var (expected, expectedIndices) = Functional.MaxPool2dWithIndices(Tensors.ReadOnly(input, config.Shape), config.Kernel,
            config.Stride, config.Padding, config.Dilation, config.CeilMode, KernelBackend.Managed);

        using var x = new GuardedBuffer<float>(input);
        using var y = new GuardedBuffer<float>(Fill.Constant(outputLength, float.NaN));
        using var yWithIndices = new GuardedBuffer<float>(Fill.Constant(outputLength, float.NaN));
        using var indices = new GuardedBuffer<long>(new long[outputLength]);
        Functional.MaxPool2d(x.AsReadOnlyTensorSpan(config.Shape), config.Kernel, y.AsTensorSpan(outputShape),
            config.Stride, config.Padding, config.Dilation, config.CeilMode, KernelBackend.Native);
        Functional.MaxPool2dWithIndices(x.AsReadOnlyTensorSpan(config.Shape), config.Kernel, yWithIndices.AsTensorSpan(outputShape),
            indices.AsTensorSpan(outputShape), config.Stride, config.Padding, config.Dilation, config.CeilMode, KernelBackend.Native);

        Compare.Shape(outputShape, Tensors.Shape(expected), repro.On(KernelBackend.Managed));
        Compare.Exact(Tensors.ToArray(expected), y.Span, repro.On(KernelBackend.Native));
        Compare.Exact(Tensors.ToArray(expected), yWithIndices.Span, repro.On(KernelBackend.Native) + " with indices");
        Compare.Exact(Tensors.ToArray(expectedIndices), indices.Span, repro.On(KernelBackend.Native) + " indices");
    }

    private static float[] MakeInput(InputKind kind, long count, Random rng) => kind switch
    {
        InputKind.Normal => Fill.Normal(rng, count),
        InputKind.Ties => Fill.Integers(rng, count, -2, 2),
        InputKind.SignedZeros => Fill.Sprinkle(rng, Fill.Constant(count, 0f), 0.5, -0f),
        InputKind.AllNegative => Fill.Uniform(rng, count, -5f, -1f),
        InputKind.NanAndInfinities => Fill.Sprinkle(rng, Fill.Normal(rng, count), 0.2, float.NaN, float.PositiveInfinity, float.NegativeInfinity, float.NaN),
        InputKind.MostlyNegativeInfinity => Fill.Sprinkle(rng, Fill.Constant(count, float.NegativeInfinity), 0.05, float.NaN, -1f),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>A random valid configuration: padding within half the kernel, output at least 1x1.</summary>
    private static PoolConfig RandomConfig(Random rng)
    {
        while (true)
        {
            int kh = rng.Next(1, 6), kw = rng.Next(1, 6);
            Size2? stride = rng.Next(5) == 0 ? null : new Size2(rng.Next(1, 5), rng.Next(1, 5));
            Size2? dilation = rng.Next(3) == 0 ? null : new Size2(rng.Next(1, 4), rng.Next(1, 4));
            var padding = new Size2(rng.Next(0, kh / 2 + 1), rng.Next(0, kw / 2 + 1));
            nint c = rng.Next(1, 6), h = rng.Next(1, 25), w = rng.Next(1, 41);
            nint[] shape = rng.Next(4) == 0 ? [c, h, w] : [rng.Next(10) == 0 ? 0 : rng.Next(1, 4), c, h, w];
            var config = new PoolConfig(shape, new Size2(kh, kw), stride, padding, dilation, rng.Next(2) == 0);
            nint[] output = PoolGeometry.OutputShape(shape, config.Kernel, stride, padding, dilation, config.CeilMode);
            if (output[^1] >= 1 && output[^2] >= 1)
                return config;
        }
    }

    private sealed record PoolConfig(nint[] Shape, Size2 Kernel, Size2? Stride, Size2 Padding, Size2? Dilation, bool CeilMode)
    {
        public override string ToString() => Repro.Pool(Shape, Kernel, Stride, Padding, Dilation, CeilMode);
    }
}
