using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Xunit;

namespace KernelLib.Tests;

/// <summary>
/// Adaptive, global, channel pooling and max-unpooling through the public API on every backend: hand-checked
/// values (taken from PyTorch 1.13), the destination overloads writing exactly the caller's memory, unbatched
/// inputs, the output-size conversions, and the MaxPool -> MaxUnpool round trip.
/// </summary>
[Trait("Category", "Api")]
public sealed class AdaptivePoolApiTests
{
    private const float Sentinel = 1234.5f;

    public static TheoryData<KernelBackend> Backends => TestBackends.AvailableData;

    [Fact]
    public void AdaptiveSizes_ConvertFromIntsAndTuplesWithNulls()
    {
        AdaptiveSize2 a = 7, b = (3, 4), c = (null, 7), d = (5, null), e = (null, null);
        Assert.Equal(new AdaptiveSize2(7, 7), a);
        Assert.Equal(new AdaptiveSize2(3, 4), b);
        Assert.Equal(new AdaptiveSize2(null, 7), c);
        Assert.Equal(new AdaptiveSize2(5, null), d);
        Assert.Equal(new AdaptiveSize2(null, null), e);
        AdaptiveSize3 f = 2, g = (1, 2, 3), h = (null, 7, null);
        Assert.Equal(new AdaptiveSize3(2, 2, 2), f);
        Assert.Equal(new AdaptiveSize3(1, 2, 3), g);
        Assert.Equal(new AdaptiveSize3(null, 7, null), h);
    }

    [Theory, MemberData(nameof(Backends))]
    public void Adaptive_HandCheckedValues(KernelBackend backend)
    {
        float[] x = Enumerable.Range(0, 15).Select(v => (float)v).ToArray();
        var input = Tensors.ReadOnly(x, 1, 1, 3, 5);
        Compare.Exact([3f, 4.5f, 6f, 8f, 9.5f, 11f], Tensors.ToArray(Functional.AdaptiveAvgPool2d(input, (2, 3), backend)), "avg2d".On(backend));
        var (max, indices) = Functional.AdaptiveMaxPool2dWithIndices(input, (2, 3), backend);
        Compare.Exact([6f, 8f, 9f, 11f, 13f, 14f], Tensors.ToArray(max), "max2d".On(backend));
        Compare.Exact([6L, 8, 9, 11, 13, 14], Tensors.ToArray(indices), "max2d indices".On(backend));

        // Output longer than the input: overlapping windows repeat elements.
        var row = Tensors.ReadOnly([1f, 5f, 2f], 1, 1, 3);
        var (stretched, where) = Functional.AdaptiveMaxPool1dWithIndices(row, 5, backend);
        Compare.Exact([1f, 5f, 5f, 5f, 2f], Tensors.ToArray(stretched), "max1d 3->5".On(backend));
        Compare.Exact([0L, 1, 1, 1, 2], Tensors.ToArray(where), "max1d 3->5 indices".On(backend));
        Compare.Exact([1f, 3f, 5f, 3.5f, 2f], Tensors.ToArray(Functional.AdaptiveAvgPool1d(row, 5, backend)), "avg1d 3->5".On(backend));

        float[] cube = Enumerable.Range(0, 24).Select(v => (float)v).ToArray();
        var volume = Tensors.ReadOnly(cube, 1, 2, 3, 4);
        var (max3, indices3) = Functional.AdaptiveMaxPool3dWithIndices(volume, (1, 2, 3), backend);
        Compare.Exact([17f, 18f, 19f, 21f, 22f, 23f], Tensors.ToArray(max3), "max3d".On(backend));
        Compare.Exact([17L, 18, 19, 21, 22, 23], Tensors.ToArray(indices3), "max3d indices".On(backend));
        Compare.Exact([8.5f, 9.5f, 10.5f, 12.5f, 13.5f, 14.5f], Tensors.ToArray(Functional.AdaptiveAvgPool3d(volume, (1, 2, 3), backend)), "avg3d".On(backend));

        // None keeps the input's size.
        Assert.Equal([1, 1, 3, 2], Tensors.Shape(Functional.AdaptiveAvgPool2d(input, (null, 2), backend)));
        Assert.Equal([1, 2, 3, 1], Tensors.Shape(Functional.AdaptiveMaxPool3d(volume, (null, null, 1), backend)));
    }

    [Theory, MemberData(nameof(Backends))]
    public void MaxRules_TiesKeepTheFirstAndTheLastNaNWins(KernelBackend backend)
    {
        var (ties, tieIndices) = Functional.AdaptiveMaxPool1dWithIndices(Tensors.ReadOnly([3f, 3f, 2f, 3f], 1, 1, 4), 2, backend);
        Compare.Exact([3f, 3f], Tensors.ToArray(ties), "ties".On(backend));
        Compare.Exact([0L, 3], Tensors.ToArray(tieIndices), "ties".On(backend));

        var (nan, nanIndex) = Functional.AdaptiveMaxPool1dWithIndices(Tensors.ReadOnly([1f, float.NaN, 2f, float.NaN], 1, 1, 4), 1, backend);
        Assert.True(float.IsNaN(Tensors.ToArray(nan)[0]));
        Assert.Equal(3L, Tensors.ToArray(nanIndex)[0]);
        var (gnan, gnanIndex) = Functional.GlobalMaxPool2dWithIndices(Tensors.ReadOnly([1f, float.NaN, 2f, float.NaN, 9f, 0f], 1, 2, 3), backend);
        Assert.True(float.IsNaN(Tensors.ToArray(gnan)[0]));
        Assert.Equal(3L, Tensors.ToArray(gnanIndex)[0]);

        // Channel pooling over dim 1 of [2, 2, 2]: NaN wins the max and poisons the mean; +-0 ties keep the first.
        var x = Tensors.ReadOnly([1f, float.NaN, 3f, -1f, 2f, 0f, 5f, -0f], 2, 2, 2);
        Compare.Exact([3f, float.NaN, 5f, 0f], Tensors.ToArray(Functional.ChannelMaxPool(x, backend)), "channel max".On(backend));
        Compare.Exact([2f, float.NaN, 3.5f, 0f], Tensors.ToArray(Functional.ChannelAvgPool(x, backend)), "channel avg".On(backend));
        Compare.Exact([-0f], Tensors.ToArray(Functional.ChannelMaxPool(Tensors.ReadOnly([-0f, 0f], 1, 2), backend)), "channel -0 first".On(backend));
    }

    [Theory, MemberData(nameof(Backends))]
    public void ChannelMax_KeepsTheFirstNaNPayload_AsTorchMaxDoes(KernelBackend backend)
    {
        // torch.max(dim=1) of [nan(0x7fc00001), 5, nan(0x7fc00002)] returns 0x7fc00001 (checked on PyTorch 1.13);
        // max pooling keeps the last NaN instead. 17 columns take the SIMD blocks and the tail.
        float first = BitConverter.Int32BitsToSingle(0x7fc00001), last = BitConverter.Int32BitsToSingle(0x7fc00002);
        const int columns = 17;
        var x = new float[3 * columns];
        for (int i = 0; i < columns; i++)
        {
            x[i] = first;
            x[columns + i] = 5f;
            x[2 * columns + i] = last;
        }
        float[] y = Tensors.ToArray(Functional.ChannelMaxPool(Tensors.ReadOnly(x, 1, 3, columns), backend));
        Assert.All(y, v => Assert.Equal(0x7fc00001, BitConverter.SingleToInt32Bits(v)));
    }

    [Theory, MemberData(nameof(Backends))]
    public void Global_EqualsTheMeanAndTheMaximumOfEachPlane(KernelBackend backend)
    {
        var rng = new Random(31);
        float[] x = Fill.Integers(rng, 2 * 3 * 7 * 9, -50, 50);
        var avg = Tensors.ToArray(Functional.GlobalAvgPool2d(Tensors.ReadOnly(x, 2, 3, 7, 9), backend));
        var (max, indices) = Functional.GlobalMaxPool2dWithIndices(Tensors.ReadOnly(x, 2, 3, 7, 9), backend);
        for (int p = 0; p < 6; p++)
        {
            var plane = x.AsSpan(p * 63, 63);
            float sum = 0;
            foreach (float v in plane)
                sum += v;
            Assert.Equal(sum / 63f, avg[p]);
            int first = plane.IndexOf(plane.ToArray().Max());
            Assert.Equal(plane[first], Tensors.ToArray(max)[p]);
            Assert.Equal(first, Tensors.ToArray(indices)[p]);
        }
        Assert.Equal([2, 3, 1, 1], Tensors.Shape(max));
        Assert.Equal([3, 1, 1], Tensors.Shape(Functional.GlobalAvgPool2d(Tensors.ReadOnly(x[..189], 3, 7, 9), backend)));
    }

    [Theory, MemberData(nameof(Backends))]
    public void UnbatchedInputs_EqualTheBatchOfOne(KernelBackend backend)
    {
        var rng = new Random(32);
        float[] x = Fill.Normal(rng, 3 * 4 * 5 * 6);
        void Same(Tensor<float> batched, Tensor<float> unbatched, string what)
        {
            Assert.Equal(Tensors.Shape(batched)[1..], Tensors.Shape(unbatched));
            Compare.Exact(Tensors.ToArray(batched), Tensors.ToArray(unbatched), what.On(backend));
        }
        Same(Functional.AdaptiveAvgPool1d(Tensors.ReadOnly(x, 1, 12, 30), 7, backend), Functional.AdaptiveAvgPool1d(Tensors.ReadOnly(x, 12, 30), 7, backend), "avg1d");
        Same(Functional.AdaptiveMaxPool1d(Tensors.ReadOnly(x, 1, 12, 30), 7, backend), Functional.AdaptiveMaxPool1d(Tensors.ReadOnly(x, 12, 30), 7, backend), "max1d");
        Same(Functional.AdaptiveAvgPool2d(Tensors.ReadOnly(x, 1, 12, 5, 6), (4, 4), backend), Functional.AdaptiveAvgPool2d(Tensors.ReadOnly(x, 12, 5, 6), (4, 4), backend), "avg2d");
        Same(Functional.AdaptiveMaxPool2d(Tensors.ReadOnly(x, 1, 12, 5, 6), (2, 5), backend), Functional.AdaptiveMaxPool2d(Tensors.ReadOnly(x, 12, 5, 6), (2, 5), backend), "max2d");
        Same(Functional.AdaptiveAvgPool3d(Tensors.ReadOnly(x, 1, 3, 4, 5, 6), (2, 3, 4), backend), Functional.AdaptiveAvgPool3d(Tensors.ReadOnly(x, 3, 4, 5, 6), (2, 3, 4), backend), "avg3d");
        Same(Functional.AdaptiveMaxPool3d(Tensors.ReadOnly(x, 1, 3, 4, 5, 6), (3, 1, 2), backend), Functional.AdaptiveMaxPool3d(Tensors.ReadOnly(x, 3, 4, 5, 6), (3, 1, 2), backend), "max3d");
        Same(Functional.GlobalAvgPool2d(Tensors.ReadOnly(x, 1, 12, 5, 6), backend), Functional.GlobalAvgPool2d(Tensors.ReadOnly(x, 12, 5, 6), backend), "global avg");
        Same(Functional.GlobalMaxPool2d(Tensors.ReadOnly(x, 1, 12, 5, 6), backend), Functional.GlobalMaxPool2d(Tensors.ReadOnly(x, 12, 5, 6), backend), "global max");

        var (pooled, indices) = Functional.MaxPool2dWithIndices(Tensors.ReadOnly(x, 12, 5, 6), 2, backend: backend);
        var (pooledBatch, indicesBatch) = Functional.MaxPool2dWithIndices(Tensors.ReadOnly(x, 1, 12, 5, 6), 2, backend: backend);
        Same(Functional.MaxUnpool2d(pooledBatch, indicesBatch, 2, outputSize: (5, 6), backend: backend),
            Functional.MaxUnpool2d(pooled, indices, 2, outputSize: (5, 6), backend: backend), "unpool2d");
        var row = Tensors.ReadOnly([1f, 2f, 3f], 3, 1);
        var rowIndices = new ReadOnlyTensorSpan<long>([1L, 0, 1], [3, 1]);
        Compare.Exact([0f, 1f, 2f, 0f, 0f, 3f], Tensors.ToArray(Functional.MaxUnpool1d(row, rowIndices, 2, backend: backend)), "unpool1d (C, L)".On(backend));
    }

    [Theory, MemberData(nameof(Backends))]
    public void MaxUnpool_ZeroFillsScattersAndLaterDuplicatesWin(KernelBackend backend)
    {
        // PyTorch: max_unpool1d([[[1, 2]]], [[[3, 3]]], 2) = [[[0, 0, 0, 2]]].
        var y = Functional.MaxUnpool1d(Tensors.ReadOnly([1f, 2f], 1, 1, 2), new ReadOnlyTensorSpan<long>([3L, 3], [1, 1, 2]), 2, backend: backend);
        Compare.Exact([0f, 0f, 0f, 2f], Tensors.ToArray(y), "duplicates".On(backend));

        // A stale destination is fully overwritten (zeros, then the values).
        var buffer = Fill.Constant(8 + 2, Sentinel);
        Functional.MaxUnpool2d(Tensors.ReadOnly([7f, -8f], 2, 1, 1), new ReadOnlyTensorSpan<long>([3L, 0], [2, 1, 1]), 2,
            Tensors.Writable(buffer.AsSpan(1, 8), 2, 2, 2), backend: backend);
        Compare.Exact([Sentinel, 0f, 0f, 0f, 7f, -8f, 0f, 0f, 0f, Sentinel], buffer, "stale destination".On(backend));
    }

    [Theory, MemberData(nameof(Backends))]
    public void MaxPoolThenMaxUnpool_RoundTrips(KernelBackend backend)
    {
        var rng = new Random(33);
        // 2-D, odd sizes, with padding: unpool back to the input's size with outputSize.
        float[] x = Fill.Normal(rng, 2 * 3 * 7 * 9);
        var (pooled, indices) = Functional.MaxPool2dWithIndices(Tensors.ReadOnly(x, 2, 3, 7, 9), 3, 2, 1, backend: backend);
        var unpooled = Functional.MaxUnpool2d(pooled, indices, 3, 2, 1, outputSize: (7, 9), backend: backend);
        AssertRoundTrip(x, Tensors.ToArray(pooled), Tensors.ToArray(indices), Tensors.ToArray(unpooled), 63, "2d k3s2p1".On(backend));

        // Non-overlapping windows: pooling the unpooled tensor gives the pooled values back where they are >= 0.
        float[] positive = Fill.Uniform(rng, 2 * 2 * 8 * 8, 0.5f, 9f);
        var (p2, i2) = Functional.MaxPool2dWithIndices(Tensors.ReadOnly(positive, 2, 2, 8, 8), 2, backend: backend);
        var u2 = Functional.MaxUnpool2d(p2, i2, 2, backend: backend);
        Compare.Exact(Tensors.ToArray(p2), Tensors.ToArray(Functional.MaxPool2d(u2, 2, backend: backend)), "2d pool(unpool(pool))".On(backend));

        float[] line = Fill.Normal(rng, 3 * 4 * 11);
        var (p1, i1) = Functional.MaxPool1dWithIndices(Tensors.ReadOnly(line, 3, 4, 11), 2, backend: backend);
        var u1 = Functional.MaxUnpool1d(p1, i1, 2, outputSize: 11, backend: backend);
        AssertRoundTrip(line, Tensors.ToArray(p1), Tensors.ToArray(i1), Tensors.ToArray(u1), 11, "1d k2".On(backend));

        float[] volume = Fill.Normal(rng, 2 * 2 * 4 * 5 * 6);
        var (p3, i3) = Functional.MaxPool3dWithIndices(Tensors.ReadOnly(volume, 2, 2, 4, 5, 6), 2, backend: backend);
        var u3 = Functional.MaxUnpool3d(p3, i3, 2, outputSize: (4, 5, 6), backend: backend);
        AssertRoundTrip(volume, Tensors.ToArray(p3), Tensors.ToArray(i3), Tensors.ToArray(u3), 120, "3d k2".On(backend));

        // Adaptive max pooling's indices unpool too (the kernel/stride only size the default output).
        var (pa, ia) = Functional.AdaptiveMaxPool2dWithIndices(Tensors.ReadOnly(x, 2, 3, 7, 9), (3, 4), backend);
        var ua = Functional.MaxUnpool2d(pa, ia, (3, 3), (2, 2), outputSize: (7, 9), backend: backend);
        AssertRoundTrip(x, Tensors.ToArray(pa), Tensors.ToArray(ia), Tensors.ToArray(ua), 63, "adaptive (3, 4)".On(backend));
    }

    private static void AssertRoundTrip(float[] input, float[] pooled, long[] indices, float[] unpooled, int plane, string repro)
    {
        Assert.Equal(input.Length, unpooled.Length);
        int perPlane = pooled.Length / (input.Length / plane);
        var expected = new float[input.Length];
        for (int i = 0; i < pooled.Length; i++)
        {
            int p = i / perPlane;
            Assert.Equal(input[p * plane + (int)indices[i]], pooled[i]);
            expected[p * plane + (int)indices[i]] = pooled[i];
        }
        Compare.Exact(expected, unpooled, repro);
    }

    [Theory, MemberData(nameof(Backends))]
    public void DestinationOverloads_WriteExactlyTheCallersMemoryAndReturnIt(KernelBackend backend)
    {
        var rng = new Random(34);
        float[] x = Fill.Normal(rng, 2 * 3 * 7 * 9);
        var input = Tensors.ReadOnly(x, 2, 3, 7, 9);

        CheckInto(Functional.AdaptiveAvgPool2d(input, (3, 4), backend), [2, 3, 3, 4], backend, "avg2d",
            (in TensorSpan<float> d) => ref Functional.AdaptiveAvgPool2d(Tensors.ReadOnly(x, 2, 3, 7, 9), (3, 4), d, backend));
        CheckInto(Functional.AdaptiveMaxPool2d(input, (null, 4), backend), [2, 3, 7, 4], backend, "max2d",
            (in TensorSpan<float> d) => ref Functional.AdaptiveMaxPool2d(Tensors.ReadOnly(x, 2, 3, 7, 9), (null, 4), d, backend));
        CheckInto(Functional.AdaptiveAvgPool1d(Tensors.ReadOnly(x, 6, 63), 10, backend), [6, 10], backend, "avg1d",
            (in TensorSpan<float> d) => ref Functional.AdaptiveAvgPool1d(Tensors.ReadOnly(x, 6, 63), 10, d, backend));
        CheckInto(Functional.AdaptiveMaxPool1d(Tensors.ReadOnly(x, 6, 63), 70, backend), [6, 70], backend, "max1d",
            (in TensorSpan<float> d) => ref Functional.AdaptiveMaxPool1d(Tensors.ReadOnly(x, 6, 63), 70, d, backend));
        CheckInto(Functional.AdaptiveAvgPool3d(Tensors.ReadOnly(x, 1, 6, 7, 9), (2, 3, 4), backend), [1, 2, 3, 4], backend, "avg3d",
            (in TensorSpan<float> d) => ref Functional.AdaptiveAvgPool3d(Tensors.ReadOnly(x, 1, 6, 7, 9), (2, 3, 4), d, backend));
        CheckInto(Functional.AdaptiveMaxPool3d(Tensors.ReadOnly(x, 1, 6, 7, 9), 2, backend), [1, 2, 2, 2], backend, "max3d",
            (in TensorSpan<float> d) => ref Functional.AdaptiveMaxPool3d(Tensors.ReadOnly(x, 1, 6, 7, 9), 2, d, backend));
        CheckInto(Functional.GlobalAvgPool2d(input, backend), [2, 3, 1, 1], backend, "global avg",
            (in TensorSpan<float> d) => ref Functional.GlobalAvgPool2d(Tensors.ReadOnly(x, 2, 3, 7, 9), d, backend));
        CheckInto(Functional.GlobalMaxPool2d(input, backend), [2, 3, 1, 1], backend, "global max",
            (in TensorSpan<float> d) => ref Functional.GlobalMaxPool2d(Tensors.ReadOnly(x, 2, 3, 7, 9), d, backend));
        CheckInto(Functional.ChannelMaxPool(input, backend), [2, 1, 7, 9], backend, "channel max",
            (in TensorSpan<float> d) => ref Functional.ChannelMaxPool(Tensors.ReadOnly(x, 2, 3, 7, 9), d, backend));
        CheckInto(Functional.ChannelAvgPool(input, backend), [2, 1, 7, 9], backend, "channel avg",
            (in TensorSpan<float> d) => ref Functional.ChannelAvgPool(Tensors.ReadOnly(x, 2, 3, 7, 9), d, backend));

        var (pooled, indices) = Functional.MaxPool2dWithIndices(input, 2, backend: backend);
        float[] p = Tensors.ToArray(pooled);
        long[] i = Tensors.ToArray(indices);
        long[] i25 = Array.ConvertAll(i, v => v % 25);
        CheckInto(Functional.MaxUnpool2d(pooled, indices, 2, outputSize: (7, 9), backend: backend), [2, 3, 7, 9], backend, "unpool2d",
            (in TensorSpan<float> d) => ref Functional.MaxUnpool2d(Tensors.ReadOnly(p, 2, 3, 3, 4), new ReadOnlyTensorSpan<long>(i, [2, 3, 3, 4]), 2, d, outputSize: (7, 9), backend: backend));
        CheckInto(Functional.MaxUnpool1d(Tensors.ReadOnly(p, 6, 12), new ReadOnlyTensorSpan<long>(i25, [6, 12]), 3, 2, backend: backend), [6, 25], backend, "unpool1d",
            (in TensorSpan<float> d) => ref Functional.MaxUnpool1d(Tensors.ReadOnly(p, 6, 12), new ReadOnlyTensorSpan<long>(i25, [6, 12]), 3, d, 2, backend: backend));
        CheckInto(Functional.MaxUnpool3d(Tensors.ReadOnly(p, 1, 6, 3, 4), new ReadOnlyTensorSpan<long>(i, [1, 6, 3, 4]), (2, 2, 3), backend: backend),
            [1, 12, 6, 12], backend, "unpool3d",
            (in TensorSpan<float> d) => ref Functional.MaxUnpool3d(Tensors.ReadOnly(p, 1, 6, 3, 4), new ReadOnlyTensorSpan<long>(i, [1, 6, 3, 4]), (2, 2, 3), d, backend: backend));

        // WithIndices destination forms.
        var (expected, expectedIndices) = Functional.AdaptiveMaxPool2dWithIndices(input, (4, 5), backend);
        var values = Fill.Constant(120 + 2, Sentinel);
        var where = new long[120 + 2];
        Array.Fill(where, -9L);
        Functional.AdaptiveMaxPool2dWithIndices(input, (4, 5), Tensors.Writable(values.AsSpan(1, 120), 2, 3, 4, 5),
            new TensorSpan<long>(where.AsSpan(1, 120), [2, 3, 4, 5]), backend);
        AssertBetweenSentinels(Tensors.ToArray(expected), values, "max2d with indices".On(backend));
        Assert.True(where[0] == -9 && where[^1] == -9);
        Compare.Exact(Tensors.ToArray(expectedIndices), where.AsSpan(1, 120), "max2d indices".On(backend));
        var (g, gi) = Functional.GlobalMaxPool2dWithIndices(input, backend);
        Functional.GlobalMaxPool2dWithIndices(input, Tensors.Writable(values.AsSpan(1, 6), 2, 3, 1, 1),
            new TensorSpan<long>(where.AsSpan(1, 6), [2, 3, 1, 1]), backend);
        Compare.Exact(Tensors.ToArray(g), values.AsSpan(1, 6), "global with indices".On(backend));
        Compare.Exact(Tensors.ToArray(gi), where.AsSpan(1, 6), "global indices".On(backend));
        var (e1, ei1) = Functional.AdaptiveMaxPool1dWithIndices(Tensors.ReadOnly(x, 6, 63), 8, backend);
        Functional.AdaptiveMaxPool1dWithIndices(Tensors.ReadOnly(x, 6, 63), 8, Tensors.Writable(values.AsSpan(1, 48), 6, 8),
            new TensorSpan<long>(where.AsSpan(1, 48), [6, 8]), backend);
        Compare.Exact(Tensors.ToArray(e1), values.AsSpan(1, 48), "max1d with indices".On(backend));
        Compare.Exact(Tensors.ToArray(ei1), where.AsSpan(1, 48), "max1d indices".On(backend));
        var (e3, ei3) = Functional.AdaptiveMaxPool3dWithIndices(Tensors.ReadOnly(x, 2, 3, 7, 9), (2, 2, 2), backend);
        Functional.AdaptiveMaxPool3dWithIndices(Tensors.ReadOnly(x, 2, 3, 7, 9), (2, 2, 2), Tensors.Writable(values.AsSpan(1, 16), 2, 2, 2, 2),
            new TensorSpan<long>(where.AsSpan(1, 16), [2, 2, 2, 2]), backend);
        Compare.Exact(Tensors.ToArray(e3), values.AsSpan(1, 16), "max3d with indices".On(backend));
        Compare.Exact(Tensors.ToArray(ei3), where.AsSpan(1, 16), "max3d indices".On(backend));
    }

    private delegate ref readonly TensorSpan<float> IntoCall(in TensorSpan<float> destination);

    private static void CheckInto(Tensor<float> expected, nint[] shape, KernelBackend backend, string what, IntoCall call)
    {
        Assert.Equal(shape, Tensors.Shape(expected));
        int n = (int)Tensors.Elements(shape);
        var buffer = Fill.Constant(n + 2, Sentinel);
        var destination = Tensors.Writable(buffer.AsSpan(1, n), shape);
        ref readonly var returned = ref call(in destination);
        Assert.True(Unsafe.AreSame(ref TensorMarshal.GetReference(returned), ref buffer[1]), $"{what} must return the destination it was given");
        AssertBetweenSentinels(Tensors.ToArray(expected), buffer, what.On(backend));
    }

    private static void AssertBetweenSentinels(float[] expected, float[] buffer, string repro)
    {
        Assert.True(buffer[0] == Sentinel && buffer[expected.Length + 1] == Sentinel, $"{repro}: wrote outside the destination");
        Compare.Exact(expected, buffer.AsSpan(1, expected.Length), repro);
    }
}
