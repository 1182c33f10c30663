using Xunit;

namespace KernelLib.Tests;

/// <summary>
/// Native vs managed MaxPool1d/2d/3d (values and indices bit for bit: max pooling has no rounding) and
/// AvgPool1d/2d/3d (bit for bit on integer-valued inputs, whose sums are exact in any order; otherwise within a
/// relative 1e-5 * sqrt(K) of the window's mean magnitude) on seeded random and hand-picked configurations.
/// Native runs on guarded buffers, so any read or write past the input, output or indices faults.
/// </summary>
[Trait("Category", "Differential")]
public sealed class DifferentialPoolTests
{
    public enum InputKind { Normal, Integers, SignedZeros, AllNegative, NanAndInfinities, MostlyNegativeInfinity }

    public static TheoryData<PoolKind, int, InputKind> RandomData
    {
        get
        {
            var data = new TheoryData<PoolKind, int, InputKind>();
            foreach (var kind in Enum.GetValues<PoolKind>())
                for (int rank = 1; rank <= 3; rank++)
                    foreach (var input in Enum.GetValues<InputKind>())
                        data.Add(kind, rank, input);
            return data;
        }
    }

    public static TheoryData<PoolKind, int> OpData => PoolKinds.TimesRanks();

    [Theory, MemberData(nameof(RandomData))]
    public void RandomConfigurations_NativeMatchesManaged(PoolKind kind, int rank, InputKind input)
    {
        if (!TestBackends.NativeOrDocumentedAbsence())
            return;
        var rng = new Random(7100 + 100 * (int)kind + 10 * rank + (int)input);
        for (int i = 0; i < 40; i++)
            Check(RandomCase(kind, rank, rng), input, rng);
    }

    /// <summary>The configurations with specialised native kernels (2x2s2, 3x3s2p1, 3x3s1p1), across vector tails.</summary>
    [Theory, MemberData(nameof(OpData))]
    public void SpecialisedConfigsAcrossVectorTails_NativeMatchesManaged(PoolKind kind, int rank)
    {
        if (!TestBackends.NativeOrDocumentedAbsence())
            return;
        var rng = new Random(7300 + 10 * (int)kind + rank);
        int maxWidth = rank == 3 ? 37 : 70;
        for (int width = 1; width <= maxWidth; width++)
        {
            foreach (var (k, s, p) in new (int, int, int)[] { (2, 2, 0), (3, 2, 1), (3, 1, 1) })
            {
                if (kind == PoolKind.Avg && rank == 3 && width < k)
                    continue; // avg_pool3d rejects a kernel wider than the input
                nint[] shape = rank switch
                {
                    1 => [2, 3, width],
                    2 => [1, 3, 5, width],
                    _ => [1, 2, 3, 4, width],
                };
                var c = Case(kind, rank, shape, k, s, p, ceilMode: width % 3 == 0);
                if (c.OutputShape[^1] < 1)
                    continue;
                Check(c, (InputKind)(width % 6), rng);
                if (kind == PoolKind.Avg)
                    Check(c with { CountIncludePad = false }, InputKind.Normal, rng);
            }
        }
    }

    [Theory, MemberData(nameof(OpData))]
    public void EdgeShapes_NativeMatchesManaged(PoolKind kind, int rank)
    {
        if (!TestBackends.NativeOrDocumentedAbsence())
            return;
        var rng = new Random(7200 + 10 * (int)kind + rank);
        var cases = new List<PoolCase>
        {
            Case(kind, rank, Batched(rank, 1, 1, 1), 1, null, 0),                 // 1x1 spatial
            Case(kind, rank, Batched(rank, 2, 3, 1), 3, 1, 1),                    // 1x1 spatial, kernel larger than the input, padded
            Case(kind, rank, Batched(rank, 1, 2, 3), 5, 1, 2, ceilMode: true),    // kernel larger than the input, padded
            Case(kind, rank, Batched(rank, 0, 3, 5), 2, null, 0),                 // empty batch
            Case(kind, rank, Unbatched(rank, 3, 1), 1, 2, 0, ceilMode: true),     // unbatched 1x1
            Case(kind, rank, Unbatched(rank, 4, 9), 3, 2, 1, ceilMode: true),     // unbatched
            Case(kind, rank, Batched(rank, 2, 2, 7), 2, 2, 1, ceilMode: true),    // ceil mode drops the window starting in the right padding
            Case(kind, rank, Batched(rank, 1, 3, 6), 4, 3, 2),
        };
        if (kind == PoolKind.Max)
            cases.Add(Case(kind, rank, Batched(rank, 2, 2, 4), 3, 1, 1) with { Dilation = 2 }); // dilated kernel wider than the input
        else
        {
            foreach (int divisor in new[] { 1, 3, -2, 7 })
                cases.Add(Case(kind, rank, Batched(rank, 2, 2, 6), 3, 2, 1, ceilMode: true) with { DivisorOverride = divisor });
            cases.Add(Case(kind, rank, Batched(rank, 2, 2, 6), 3, 2, 1, ceilMode: true) with { CountIncludePad = false });
        }
        foreach (var c in cases)
        {
            if (kind == PoolKind.Avg && rank == 3 && c.Shape[^1] < c.Kernel.Width)
                continue; // avg_pool3d rejects a kernel larger than the input (see the error tests)
            foreach (var input in Enum.GetValues<InputKind>())
                Check(c, input, rng);
        }
    }

    /// <summary>Mixed per-dimension sizes: each of d, h, w gets its own kernel, stride and padding.</summary>
    [Theory, MemberData(nameof(OpData))]
    public void AsymmetricWindows_NativeMatchesManaged(PoolKind kind, int rank)
    {
        if (!TestBackends.NativeOrDocumentedAbsence())
            return;
        var rng = new Random(7400 + 10 * (int)kind + rank);
        nint[] shape = rank switch { 1 => [2, 3, 17], 2 => [2, 3, 9, 17], _ => [2, 2, 6, 9, 17] };
        var windows = new (Size3 K, Size3 S, Size3 P)[]
        {
            ((3, 2, 5), (1, 2, 3), (1, 0, 2)),
            ((2, 4, 1), (2, 1, 1), (0, 2, 0)),
            ((1, 3, 2), (1, 3, 2), (0, 1, 1)),
        };
        foreach (var (k, s, p) in windows)
        {
            foreach (bool ceil in new[] { false, true })
            {
                var c = new PoolCase(kind, rank, shape, Trim(k, rank, 1), Trim(s, rank, 1), Trim(p, rank, 0), CeilMode: ceil);
                Check(c, InputKind.Normal, rng);
                Check(c, InputKind.Integers, rng);
                if (kind == PoolKind.Max)
                    Check(c with { Dilation = Trim(new Size3(2, 1, 2), rank, 1) }, InputKind.Integers, rng);
                else
                    Check(c with { CountIncludePad = false }, InputKind.Integers, rng);
            }
        }
    }

    /// <summary>max_pool1d without indices returns an empty output when no window fits; both backends agree.</summary>
    [Fact]
    public void MaxPool1d_EmptyOutput_OnBothBackends()
    {
        foreach (var backend in TestBackends.Available)
        {
            var y = Functional.MaxPool1d(Tensors.ReadOnly(new float[2 * 3 * 4], 2, 3, 4), 5, backend: backend);
            Assert.Equal([2, 3, 0], Tensors.Shape(y));
            var empty = new float[0];
            Functional.MaxPool1d(Tensors.ReadOnly(new float[2 * 3 * 4], 2, 3, 4), 3, Tensors.Writable(empty, 2, 3, 0), dilation: 2, backend: backend);
        }
    }

    private static void Check(PoolCase c, InputKind kind, Random rng)
    {
        nint[] outputShape = c.OutputShape;
        float[] input = MakeInput(kind, Tensors.Elements(c.Shape), rng);
        int outputLength = (int)Tensors.Elements(outputShape);
        string repro = $"{c}_{kind}";

        using var x = new GuardedBuffer<float>(input);
        using var y = new GuardedBuffer<float>(Fill.Constant(outputLength, float.NaN));
        if (c.Kind == PoolKind.Max)
        {
            var (expected, expectedIndices) = PoolCalls.RunWithIndices(c, Tensors.ReadOnly(input, c.Shape), KernelBackend.Managed);
            Compare.Shape(outputShape, Tensors.Shape(expected), repro.On(KernelBackend.Managed));
            using var yWithIndices = new GuardedBuffer<float>(Fill.Constant(outputLength, float.NaN));
            using var indices = new GuardedBuffer<long>(new long[outputLength]);
            PoolCalls.RunInto(c, x.AsReadOnlyTensorSpan(c.Shape), y.AsTensorSpan(outputShape), KernelBackend.Native);
            PoolCalls.RunWithIndicesInto(c, x.AsReadOnlyTensorSpan(c.Shape), yWithIndices.AsTensorSpan(outputShape),
                indices.AsTensorSpan(outputShape), KernelBackend.Native);
            Compare.Exact(Tensors.ToArray(expected), y.Span, repro.On(KernelBackend.Native));
            Compare.Exact(Tensors.ToArray(expected), yWithIndices.Span, repro.On(KernelBackend.Native) + " with indices");
            Compare.Exact(Tensors.ToArray(expectedIndices), indices.Span, repro.On(KernelBackend.Native) + " indices");
            return;
        }

        var expectedAvg = PoolCalls.Run(c, Tensors.ReadOnly(input, c.Shape), KernelBackend.Managed);
        Compare.Shape(outputShape, Tensors.Shape(expectedAvg), repro.On(KernelBackend.Managed));
        PoolCalls.RunInto(c, x.AsReadOnlyTensorSpan(c.Shape), y.AsTensorSpan(outputShape), KernelBackend.Native);
        float[] expectedValues = Tensors.ToArray(expectedAvg);
        if (input.All(v => float.IsInteger(v)))
        {
            Compare.Exact(expectedValues, y.Span, repro.On(KernelBackend.Native));
            return;
        }
        // The window's mean magnitude: the same pooling of |x|.
        float[] magnitude = Tensors.ToArray(PoolCalls.Run(c, Tensors.ReadOnly(input.Select(Math.Abs).ToArray(), c.Shape), KernelBackend.Managed));
        double relative = 1e-5 * Math.Sqrt(c.WindowSize);
        double[] tolerance = magnitude.Select(m => relative * Math.Abs((double)m)).ToArray();
        Compare.Within(expectedValues, y.Span, tolerance, repro.On(KernelBackend.Native));
    }

    private static float[] MakeInput(InputKind kind, long count, Random rng) => kind switch
    {
        InputKind.Normal => Fill.Normal(rng, count),
        InputKind.Integers => Fill.Integers(rng, count, -2, 2),
        InputKind.SignedZeros => Fill.SignedZeros(rng, count),
        InputKind.AllNegative => Fill.Uniform(rng, count, -5f, -1f),
        InputKind.NanAndInfinities => Fill.NanAndInfinities(rng, count),
        InputKind.MostlyNegativeInfinity => Fill.MostlyNegativeInfinity(rng, count),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>A random valid configuration: padding within half the kernel, output at least 1 in every dimension.</summary>
    private static PoolCase RandomCase(PoolKind kind, int rank, Random rng)
    {
        int maxKernel = rank == 3 ? 4 : 6;
        while (true)
        {
            Size3 k = Trim(new Size3(rng.Next(1, maxKernel), rng.Next(1, maxKernel), rng.Next(1, maxKernel)), rank, 1);
            Size3? stride = rng.Next(5) == 0 ? null : Trim(new Size3(rng.Next(1, 4), rng.Next(1, 5), rng.Next(1, 5)), rank, 1);
            Size3? dilation = kind == PoolKind.Avg || rng.Next(3) == 0 ? null : Trim(new Size3(rng.Next(1, 3), rng.Next(1, 4), rng.Next(1, 4)), rank, 1);
            Size3 padding = new(rng.Next(0, k.Depth / 2 + 1), rng.Next(0, k.Height / 2 + 1), rng.Next(0, k.Width / 2 + 1));
            nint[] spatial = rank switch
            {
                1 => [rng.Next(1, 71)],
                2 => [rng.Next(1, 21), rng.Next(1, 41)],
                _ => [rng.Next(1, 7), rng.Next(1, 9), rng.Next(1, 21)],
            };
            nint c = rng.Next(1, 6);
            nint[] shape = rng.Next(4) == 0 ? [c, .. spatial] : [rng.Next(10) == 0 ? 0 : rng.Next(1, 4), c, .. spatial];
            int? divisor = kind == PoolKind.Avg && rng.Next(5) == 0 ? new[] { -3, 1, 2, 5, 7 }[rng.Next(5)] : null;
            var pc = new PoolCase(kind, rank, shape, k, stride, padding, dilation, rng.Next(2) == 0, rng.Next(2) == 0, divisor);
            bool fits = pc.OutputShape[^rank..].All(o => o >= 1);
            if (kind == PoolKind.Avg && rank == 3)
                fits &= spatial[0] >= k.Depth && spatial[1] >= k.Height && spatial[2] >= k.Width;
            if (fits)
                return pc;
        }
    }

    private static PoolCase Case(PoolKind kind, int rank, nint[] shape, int kernel, int? stride, int padding, bool ceilMode = false) =>
        new(kind, rank, shape, Trim(kernel, rank, 1), stride is int s ? Trim(s, rank, 1) : null, Trim(padding, rank, 0), CeilMode: ceilMode);

    // The leading (unused) components of a 1-D or 2-D size set to `fill`.
    private static Size3 Trim(Size3 size, int rank, int fill) => rank switch
    {
        1 => new Size3(fill, fill, size.Width),
        2 => new Size3(fill, size.Height, size.Width),
        _ => size,
    };

    private static nint[] Batched(int rank, nint n, nint c, nint spatial) => [n, c, .. Enumerable.Repeat(spatial, rank)];

    private static nint[] Unbatched(int rank, nint c, nint spatial) => [c, .. Enumerable.Repeat(spatial, rank)];
}
