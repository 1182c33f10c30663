using Xunit;

namespace KernelLib.Tests;

/// <summary>
/// Small hand-checked cases of max and average pooling whose expected values were printed by PyTorch 1.13
/// (see each comment), on every available backend: the rules that random differential tests cannot pin down.
/// </summary>
[Trait("Category", "Api")]
public sealed class PoolSemanticsTests
{
    public static TheoryData<KernelBackend> Backends => TestBackends.AvailableData;

    [Theory, MemberData(nameof(Backends))]
    public void MaxPool_TiesKeepTheFirst_NaNWinsAndTheLastNaNIsKept(KernelBackend backend)
    {
        // F.max_pool1d(x, 3, 2, 1, return_indices=True) -> [3, nan, nan, nan], [1, 3, 5, 5]
        float[] x = [1, 3, 3, float.NaN, 2, float.NaN, 0];
        var (values, indices) = Functional.MaxPool1dWithIndices(Tensors.ReadOnly(x, 1, 1, 7), 3, 2, 1, backend: backend);
        Compare.Exact([3f, float.NaN, float.NaN, float.NaN], Tensors.ToArray(values), "max1d".On(backend));
        Compare.Exact([1L, 3, 5, 5], Tensors.ToArray(indices), "max1d indices".On(backend));
        Compare.Exact(Tensors.ToArray(values), Tensors.ToArray(Functional.MaxPool1d(Tensors.ReadOnly(x, 1, 1, 7), 3, 2, 1, backend: backend)), "max1d values only".On(backend));

        // F.max_pool3d(x.reshape(1, 2, 2, 2), 2, return_indices=True) -> 2, index 0 (unbatched)
        float[] x3 = [2, 2, -1, 2, float.NegativeInfinity, 0, 1, 2];
        var (v3, i3) = Functional.MaxPool3dWithIndices(Tensors.ReadOnly(x3, 1, 2, 2, 2), 2, backend: backend);
        Assert.Equal([1, 1, 1, 1], Tensors.Shape(v3));
        Compare.Exact([2f], Tensors.ToArray(v3), "max3d".On(backend));
        Compare.Exact([0L], Tensors.ToArray(i3), "max3d indices".On(backend));

        // F.max_pool2d([[1, 3, 3], [nan, 2, nan]], (2, 3), return_indices=True) -> nan, index 5
        float[] x2 = [1, 3, 3, float.NaN, 2, float.NaN];
        var (v2, i2) = Functional.MaxPool2dWithIndices(Tensors.ReadOnly(x2, 1, 1, 2, 3), (2, 3), backend: backend);
        Compare.Exact([float.NaN], Tensors.ToArray(v2), "max2d".On(backend));
        Compare.Exact([5L], Tensors.ToArray(i2), "max2d indices".On(backend));
    }

    [Theory, MemberData(nameof(Backends))]
    public void MaxPool_WindowWithNoTapInRange_GivesMinusInfinityAndThePastTheEndIndex(KernelBackend backend)
    {
        // F.max_pool1d([[[5, 7]]], 2, 1, 1, 3, return_indices=True) -> -inf, index 2
        var (v1, i1) = Functional.MaxPool1dWithIndices(Tensors.ReadOnly([5f, 7f], 1, 1, 2), 2, 1, 1, 3, backend: backend);
        Compare.Exact([float.NegativeInfinity], Tensors.ToArray(v1), "max1d".On(backend));
        Compare.Exact([2L], Tensors.ToArray(i1), "max1d indices".On(backend));
        Compare.Exact([float.NegativeInfinity], Tensors.ToArray(Functional.MaxPool1d(Tensors.ReadOnly([5f, 7f], 1, 1, 2), 2, 1, 1, 3, backend: backend)), "max1d values".On(backend));

        // F.max_pool3d(arange(8).reshape(1, 1, 2, 2, 2), 2, 1, 1, 3, return_indices=True) -> -inf, index 14
        float[] x = [0, 1, 2, 3, 4, 5, 6, 7];
        var (v3, i3) = Functional.MaxPool3dWithIndices(Tensors.ReadOnly(x, 1, 1, 2, 2, 2), 2, 1, 1, 3, backend: backend);
        Compare.Exact([float.NegativeInfinity], Tensors.ToArray(v3), "max3d".On(backend));
        Compare.Exact([14L], Tensors.ToArray(i3), "max3d indices".On(backend));
    }

    [Theory, MemberData(nameof(Backends))]
    public void AvgPool_DivisorRules_MatchPyTorch(KernelBackend backend)
    {
        float[] x = [1, 2, 3, 4, 5];
        // F.avg_pool1d(x, 2, 2, 1, ceil_mode=True, count_include_pad=False / True)
        Compare.Exact([1f, 2.5f, 4.5f], Tensors.ToArray(Functional.AvgPool1d(Tensors.ReadOnly(x, 1, 1, 5), 2, 2, 1, ceilMode: true, countIncludePad: false, backend: backend)), "avg1d nopad".On(backend));
        Compare.Exact([0.5f, 2.5f, 4.5f], Tensors.ToArray(Functional.AvgPool1d(Tensors.ReadOnly(x, 1, 5), 2, 2, 1, ceilMode: true, backend: backend)), "avg1d".On(backend));
        // F.avg_pool2d(x.reshape(1, 1, 1, 5), (1, 2), (1, 2), (0, 1), ceil_mode=True, divisor_override=3)
        Compare.Exact([1f / 3, 5f / 3, 3f], Tensors.ToArray(Functional.AvgPool2d(Tensors.ReadOnly(x, 1, 1, 1, 5), (1, 2), (1, 2), (0, 1), ceilMode: true, divisorOverride: 3, backend: backend)), "avg2d div3".On(backend));

        float[] cube = Enumerable.Range(0, 27).Select(i => (float)i).ToArray();
        // F.avg_pool3d(arange(27).reshape(1, 3, 3, 3), 2, 1, 1, count_include_pad=False / True): 4x4x4
        float[] noPad = Tensors.ToArray(Functional.AvgPool3d(Tensors.ReadOnly(cube, 1, 3, 3, 3), 2, 1, 1, countIncludePad: false, backend: backend));
        float[] withPad = Tensors.ToArray(Functional.AvgPool3d(Tensors.ReadOnly(cube, 1, 3, 3, 3), 2, 1, 1, backend: backend));
        Compare.Exact([0f, 0.5f, 6.5f, 26f], [noPad[0], noPad[1], noPad[21], noPad[63]], "avg3d nopad".On(backend));
        Compare.Exact([0f, 0.125f, 6.5f, 3.25f, 1f], [withPad[0], withPad[1], withPad[21], withPad[63], withPad[5]], "avg3d".On(backend));
        // F.avg_pool3d(..., 2, 2, 1, ceil_mode=True, divisor_override=3)
        Compare.Exact([0f, 1, 3, 8, 9, 20, 24, 52], Tensors.ToArray(Functional.AvgPool3d(Tensors.ReadOnly(cube, 1, 3, 3, 3), 2, 2, 1, ceilMode: true, divisorOverride: 3, backend: backend)), "avg3d div3".On(backend));
    }

    [Theory, MemberData(nameof(Backends))]
    public void AvgPool_ZeroSumOverNegativeDivisor_IsPositiveZero(KernelBackend backend)
    {
        // PyTorch adds the quotient to a zeroed output: avg_pool2d(zeros, 2, divisor_override=-1) has no -0.
        float[] x = [1, -1, 2, -2, -0f, -0f, 0, 0];
        Compare.Exact([0f, 0f, 0f, 0f], Tensors.ToArray(Functional.AvgPool2d(Tensors.ReadOnly(x, 1, 2, 4), (1, 2), divisorOverride: -2, backend: backend)), "avg2d".On(backend));
        Compare.Exact([0f, 0f], Tensors.ToArray(Functional.AvgPool3d(Tensors.ReadOnly(x, 1, 1, 2, 4), (1, 2, 2), divisorOverride: -3, backend: backend)), "avg3d".On(backend));
        Compare.Exact([0f, 0f], Tensors.ToArray(Functional.AvgPool1d(Tensors.ReadOnly([-0f, -0f, -0f, -0f], 1, 4), 2, backend: backend)), "avg1d of -0".On(backend));
    }

    [Theory, MemberData(nameof(Backends))]
    public void Unbatched_EqualsBatchedWithOneSample(KernelBackend backend)
    {
        var rng = new Random(61);
        float[] x1 = Fill.Normal(rng, 3 * 11), x2 = Fill.Normal(rng, 3 * 7 * 9), x3 = Fill.Normal(rng, 3 * 5 * 6 * 7);
        Compare.Exact(Tensors.ToArray(Functional.MaxPool1d(Tensors.ReadOnly(x1, 1, 3, 11), 3, 2, 1, backend: backend)),
            Tensors.ToArray(Functional.MaxPool1d(Tensors.ReadOnly(x1, 3, 11), 3, 2, 1, backend: backend)), "max1d".On(backend));
        Compare.Exact(Tensors.ToArray(Functional.AvgPool1d(Tensors.ReadOnly(x1, 1, 3, 11), 3, 2, 1, backend: backend)),
            Tensors.ToArray(Functional.AvgPool1d(Tensors.ReadOnly(x1, 3, 11), 3, 2, 1, backend: backend)), "avg1d".On(backend));
        Compare.Exact(Tensors.ToArray(Functional.AvgPool2d(Tensors.ReadOnly(x2, 1, 3, 7, 9), 3, 2, 1, backend: backend)),
            Tensors.ToArray(Functional.AvgPool2d(Tensors.ReadOnly(x2, 3, 7, 9), 3, 2, 1, backend: backend)), "avg2d".On(backend));
        var (b3, bi3) = Functional.MaxPool3dWithIndices(Tensors.ReadOnly(x3, 1, 3, 5, 6, 7), 3, 2, 1, backend: backend);
        var (u3, ui3) = Functional.MaxPool3dWithIndices(Tensors.ReadOnly(x3, 3, 5, 6, 7), 3, 2, 1, backend: backend);
        Assert.Equal([3, 3, 3, 4], Tensors.Shape(u3));
        Compare.Exact(Tensors.ToArray(b3), Tensors.ToArray(u3), "max3d".On(backend));
        Compare.Exact(Tensors.ToArray(bi3), Tensors.ToArray(ui3), "max3d indices".On(backend));
        Compare.Exact(Tensors.ToArray(Functional.AvgPool3d(Tensors.ReadOnly(x3, 1, 3, 5, 6, 7), 3, 2, 1, backend: backend)),
            Tensors.ToArray(Functional.AvgPool3d(Tensors.ReadOnly(x3, 3, 5, 6, 7), 3, 2, 1, backend: backend)), "avg3d".On(backend));
    }

    [Theory, MemberData(nameof(Backends))]
    public void OneAndTwoDimensionalPooling_EqualThreeDimensionalWithUnitLeadingDims(KernelBackend backend)
    {
        float[] x = Fill.Normal(new Random(62), 2 * 3 * 6 * 13);
        var (v2, i2) = Functional.MaxPool2dWithIndices(Tensors.ReadOnly(x, 2, 3, 6, 13), (3, 2), (2, 3), (1, 1), (1, 2), true, backend);
        var (v3, i3) = Functional.MaxPool3dWithIndices(Tensors.ReadOnly(x, 2, 3, 1, 6, 13), (1, 3, 2), (1, 2, 3), (0, 1, 1), (1, 1, 2), true, backend);
        Compare.Exact(Tensors.ToArray(v2), Tensors.ToArray(v3), "max2d vs 3d".On(backend));
        Compare.Exact(Tensors.ToArray(i2), Tensors.ToArray(i3), "max2d vs 3d indices".On(backend));
        var (v1, i1) = Functional.MaxPool1dWithIndices(Tensors.ReadOnly(x, 2 * 3 * 6, 13), 4, 3, 2, 2, true, backend);
        var (v21, i21) = Functional.MaxPool2dWithIndices(Tensors.ReadOnly(x, 2 * 3 * 6, 1, 13), (1, 4), (1, 3), (0, 2), (1, 2), true, backend);
        Compare.Exact(Tensors.ToArray(v21), Tensors.ToArray(v1), "max1d vs 2d".On(backend));
        Compare.Exact(Tensors.ToArray(i21), Tensors.ToArray(i1), "max1d vs 2d indices".On(backend));
        Compare.Exact(Tensors.ToArray(Functional.AvgPool2d(Tensors.ReadOnly(x, 2 * 3 * 6, 1, 13), (1, 4), (1, 3), (0, 2), true, false, backend: backend)),
            Tensors.ToArray(Functional.AvgPool1d(Tensors.ReadOnly(x, 2 * 3 * 6, 13), 4, 3, 2, true, false, backend)), "avg1d vs 2d".On(backend));
        Compare.Exact(Tensors.ToArray(Functional.AvgPool3d(Tensors.ReadOnly(x, 2, 3, 1, 6, 13), (1, 3, 4), (1, 2, 3), (0, 1, 2), true, true, 5, backend)),
            Tensors.ToArray(Functional.AvgPool2d(Tensors.ReadOnly(x, 2, 3, 6, 13), (3, 4), (2, 3), (1, 2), true, true, 5, backend)), "avg2d vs 3d".On(backend));
    }

    [Theory, MemberData(nameof(Backends))]
    public void DestinationOverloads_WriteIntoCallerMemoryAndReturnIt(KernelBackend backend)
    {
        const float Sentinel = -12345f;
        float[] x = Fill.Normal(new Random(63), 2 * 3 * 5 * 6 * 7);
        foreach (var c in new[]
        {
            new PoolCase(PoolKind.Max, 1, [2, 3, 210], new Size3(1, 1, 3), new Size3(1, 1, 2), new Size3(0, 0, 1)),
            new PoolCase(PoolKind.Avg, 1, [2, 3, 210], new Size3(1, 1, 3), new Size3(1, 1, 2), new Size3(0, 0, 1)),
            new PoolCase(PoolKind.Max, 2, [2, 3, 30, 7], new Size3(1, 3, 3), null, new Size3(0, 1, 1)),
            new PoolCase(PoolKind.Avg, 2, [2, 3, 30, 7], new Size3(1, 3, 3), null, new Size3(0, 1, 1), DivisorOverride: 4),
            new PoolCase(PoolKind.Max, 3, [2, 3, 5, 6, 7], 2, 1, 1, CeilMode: true),
            new PoolCase(PoolKind.Avg, 3, [2, 3, 5, 6, 7], 2, 1, 1, CeilMode: true, CountIncludePad: false),
        })
        {
            string repro = c.ToString().On(backend);
            float[] expected = Tensors.ToArray(PoolCalls.Run(c, Tensors.ReadOnly(x, c.Shape), backend));
            var buffer = Fill.Constant(expected.Length + 2, Sentinel);
            var span = Tensors.Writable(buffer.AsSpan(1, expected.Length), c.OutputShape);
            PoolCalls.RunInto(c, Tensors.ReadOnly(x, c.Shape), span, backend);
            Assert.Equal(Sentinel, buffer[0]);
            Assert.Equal(Sentinel, buffer[^1]);
            Compare.Exact(expected, buffer.AsSpan(1, expected.Length), repro);
        }

        // The ref returned is the destination itself.
        var y = new float[2 * 3 * 3 * 4];
        var destination = Tensors.Writable(y, 2, 3, 3, 4);
        ref readonly var returned = ref Functional.AvgPool2d(Tensors.ReadOnly(x, 2, 3, 5, 7), 2, destination, 2, 1, backend: backend);
        Assert.True(Tensors.StartsAt(returned, y), "AvgPool2d must return the destination it was given");
        var y1 = new float[2 * 3 * 105];
        ref readonly var returned1 = ref Functional.MaxPool1d(Tensors.ReadOnly(x, 2, 3, 210), 2, Tensors.Writable(y1, 2, 3, 105), backend: backend);
        Assert.True(Tensors.StartsAt(returned1, y1), "MaxPool1d must return the destination it was given");
        var y3 = new float[2 * 3 * 2 * 3 * 3];
        ref readonly var returned3 = ref Functional.AvgPool3d(Tensors.ReadOnly(x, 2, 3, 5, 6, 7), 2, Tensors.Writable(y3, 2, 3, 2, 3, 3), backend: backend);
        Assert.True(Tensors.StartsAt(returned3, y3), "AvgPool3d must return the destination it was given");
    }
}
