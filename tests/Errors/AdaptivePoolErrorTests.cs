using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using Xunit;

namespace KernelLib.Tests;

/// <summary>
/// Adaptive (1-D/2-D/3-D), global and channel pooling validation, on every available backend: PyTorch's rules and
/// words, ParamName, destinations of the wrong shape, non-dense and overlapping tensors.
/// </summary>
[Trait("Category", "Errors")]
public sealed class AdaptivePoolErrorTests
{
    public static TheoryData<KernelBackend> Backends => TestBackends.AvailableData;

    [Theory, MemberData(nameof(Backends))]
    public void NegativeOutputSize_Throws(KernelBackend backend)
    {
        float[] a1 = new float[16], a2 = new float[128], a3 = new float[288];
        ReadOnlyTensorSpan<float> x1() => Tensors.ReadOnly(a1, 1, 2, 8);
        ReadOnlyTensorSpan<float> x2() => Tensors.ReadOnly(a2, 1, 2, 8, 8);
        ReadOnlyTensorSpan<float> x3() => Tensors.ReadOnly(a3, 1, 2, 4, 6, 6);
        string[] words = ["elements of output_size must be greater than or equal to 0", "negative dimension -1"];
        ErrorAssert.Throws(() => Functional.AdaptiveAvgPool1d(x1(), -1, backend), "outputSize", [.. words, "adaptive_avg_pool1d", "{-1}"]);
        ErrorAssert.Throws(() => Functional.AdaptiveMaxPool1d(x1(), -1, backend), "outputSize", [.. words, "adaptive_max_pool1d"]);
        ErrorAssert.Throws(() => Functional.AdaptiveMaxPool1dWithIndices(x1(), -1, backend), "outputSize", words);
        ErrorAssert.Throws(() => Functional.AdaptiveAvgPool2d(x2(), (2, -1), backend), "outputSize", [.. words, "received {2, -1}"]);
        ErrorAssert.Throws(() => Functional.AdaptiveMaxPool2d(x2(), (null, -1), backend), "outputSize", [.. words, "received {None, -1}"]);
        ErrorAssert.Throws(() => Functional.AdaptiveMaxPool2dWithIndices(x2(), -1, backend), "outputSize", words);
        ErrorAssert.Throws(() => Functional.AdaptiveAvgPool3d(x3(), (2, 2, -1), backend), "outputSize", [.. words, "received {2, 2, -1}"]);
        ErrorAssert.Throws(() => Functional.AdaptiveMaxPool3d(x3(), (-1, 2, 2), backend), "outputSize", words);
        ErrorAssert.Throws(() => Functional.AdaptiveMaxPool3dWithIndices(x3(), (2, -1, null), backend), "outputSize", words);
    }

    [Theory, MemberData(nameof(Backends))]
    public void ZeroOutputSize_GivesAnEmptyOutput(KernelBackend backend)
    {
        // PyTorch allows output_size 0 and returns an empty tensor.
        var x = Tensors.ReadOnly(Fill.Normal(new Random(1), 2 * 3 * 5 * 7), 2, 3, 5, 7);
        Assert.Equal([2, 3, 0, 3], Tensors.Shape(Functional.AdaptiveAvgPool2d(x, (0, 3), backend)));
        var (values, indices) = Functional.AdaptiveMaxPool2dWithIndices(x, (3, 0), backend);
        Assert.Equal([2, 3, 3, 0], Tensors.Shape(values));
        Assert.Equal([2, 3, 3, 0], Tensors.Shape(indices));
        Assert.Equal([3, 0], Tensors.Shape(Functional.AdaptiveMaxPool1d(Tensors.ReadOnly(new float[12], 3, 4), 0, backend)));
    }

    [Theory, MemberData(nameof(Backends))]
    public void WrongRank_Throws(KernelBackend backend)
    {
        foreach (nint[] shape in new nint[][] { [8], [1, 2, 3, 8] })
        {
            var data = new float[Tensors.Elements(shape)];
            string got = $"got {shape.Length}-dimensional tensor";
            ErrorAssert.Throws(() => Functional.AdaptiveAvgPool1d(Tensors.ReadOnly(data, shape), 2, backend), "input",
                "Expected 2 to 3 dimensions, but " + got, "adaptive_avg_pool1d");
            ErrorAssert.Throws(() => Functional.AdaptiveMaxPool1dWithIndices(Tensors.ReadOnly(data, shape), 2, backend), "input",
                "Expected 2 to 3 dimensions, but " + got, "adaptive_max_pool1d");
        }
        var x2Data = new float[64];
        ReadOnlyTensorSpan<float> x2() => Tensors.ReadOnly(x2Data, 8, 8);
        ErrorAssert.Throws(() => Functional.AdaptiveAvgPool2d(x2(), 2, backend), "input", "adaptive_avg_pool2d(): Expected 3D or 4D tensor, but got [8, 8]");
        ErrorAssert.Throws(() => Functional.AdaptiveMaxPool2d(x2(), 2, backend), "input", "adaptive_max_pool2d(): Expected 3D or 4D tensor, but got: [8, 8]");
        var x5Data = new float[32];
        ReadOnlyTensorSpan<float> x5() => Tensors.ReadOnly(x5Data, 1, 2, 2, 2, 4);
        ErrorAssert.Throws(() => Functional.AdaptiveAvgPool2d(x5(), 2, backend), "input", "Expected 3D or 4D tensor, but got [1, 2, 2, 2, 4]");
        ErrorAssert.Throws(() => Functional.AdaptiveMaxPool2dWithIndices(x5(), 2, backend), "input", "Expected 3D or 4D tensor, but got: [1, 2, 2, 2, 4]");
        var x3Data = new float[512];
        ReadOnlyTensorSpan<float> x3() => Tensors.ReadOnly(x3Data, 8, 8, 8);
        ErrorAssert.Throws(() => Functional.AdaptiveAvgPool3d(x3(), 2, backend), "input", "adaptive_avg_pool3d(): Expected 4D or 5D tensor, but got [8, 8, 8]");
        ErrorAssert.Throws(() => Functional.AdaptiveMaxPool3d(x3(), 2, backend), "input", "adaptive_max_pool3d(): Expected 4D or 5D tensor, but got: [8, 8, 8]");
        var x6Data = new float[64];
        ReadOnlyTensorSpan<float> x6() => Tensors.ReadOnly(x6Data, 1, 1, 4, 4, 2, 2);
        ErrorAssert.Throws(() => Functional.AdaptiveMaxPool3dWithIndices(x6(), 2, backend), "input", "Expected 4D or 5D tensor");
    }

    [Theory, MemberData(nameof(Backends))]
    public void EmptyNonBatchDimension_Throws(KernelBackend backend)
    {
        const string Words = "Expected input to have non-zero size for non-batch dimensions";
        ErrorAssert.Throws(() => Functional.AdaptiveAvgPool1d(Tensors.ReadOnly([], 2, 3, 0), 2, backend), "input",
            Words, "[2, 3, 0] with dimension 2 being empty");
        ErrorAssert.Throws(() => Functional.AdaptiveMaxPool1d(Tensors.ReadOnly([], 2, 0, 4), 2, backend), "input",
            Words, "[2, 0, 4] with dimension 1 being empty");
        ErrorAssert.Throws(() => Functional.AdaptiveAvgPool2d(Tensors.ReadOnly([], 2, 3, 0, 7), 2, backend), "input",
            "adaptive_avg_pool2d(): " + Words, "[2, 3, 0, 7] with dimension 2 being empty");
        ErrorAssert.Throws(() => Functional.AdaptiveMaxPool2dWithIndices(Tensors.ReadOnly([], 3, 0, 7), 2, backend), "input",
            Words, "[3, 0, 7] with dimension 1 being empty");
        // Channels too, for average as for max (PyTorch's average returns an empty tensor there).
        ErrorAssert.Throws(() => Functional.AdaptiveAvgPool2d(Tensors.ReadOnly([], 2, 0, 5, 7), 2, backend), "input",
            Words, "dimension 1 being empty");
        ErrorAssert.Throws(() => Functional.AdaptiveAvgPool3d(Tensors.ReadOnly([], 2, 3, 0, 5, 6), 1, backend), "input",
            "adaptive_avg_pool3d(): " + Words, "dimension 2 being empty");
        ErrorAssert.Throws(() => Functional.AdaptiveMaxPool3d(Tensors.ReadOnly([], 3, 4, 5, 0), 1, backend), "input",
            Words, "dimension 3 being empty");
    }

    [Theory, MemberData(nameof(Backends))]
    public void EmptyBatch_GivesAnEmptyOutput(KernelBackend backend)
    {
        Assert.Equal([0, 2, 1, 2], Tensors.Shape(Functional.AdaptiveAvgPool2d(Tensors.ReadOnly([], 0, 2, 5, 7), (1, 2), backend)));
        Assert.Equal([0, 3, 2], Tensors.Shape(Functional.AdaptiveMaxPool1dWithIndices(Tensors.ReadOnly([], 0, 3, 4), 2, backend).Indices));
        Assert.Equal([0, 3, 1, 1, 1], Tensors.Shape(Functional.AdaptiveMaxPool3d(Tensors.ReadOnly([], 0, 3, 4, 5, 6), 1, backend)));
        Assert.Equal([0, 3, 1, 1], Tensors.Shape(Functional.GlobalAvgPool2d(Tensors.ReadOnly([], 0, 3, 4, 5), backend)));
        Assert.Equal([0, 1, 4], Tensors.Shape(Functional.ChannelMaxPool(Tensors.ReadOnly([], 0, 3, 4), backend)));
    }

    [Theory, MemberData(nameof(Backends))]
    public void GlobalPool_WrongRankOrEmptyDimension_Throws(KernelBackend backend)
    {
        var x2Data = new float[64];
        ReadOnlyTensorSpan<float> x2() => Tensors.ReadOnly(x2Data, 8, 8);
        ErrorAssert.Throws(() => Functional.GlobalAvgPool2d(x2(), backend), "input", "Expected 3D or 4D tensor, but got [8, 8]");
        ErrorAssert.Throws(() => Functional.GlobalMaxPool2d(x2(), backend), "input", "Expected 3D or 4D tensor, but got: [8, 8]");
        ErrorAssert.Throws(() => Functional.GlobalMaxPool2dWithIndices(Tensors.ReadOnly(new float[8], 1, 1, 1, 2, 4), backend), "input",
            "Expected 3D or 4D tensor");
        ErrorAssert.Throws(() => Functional.GlobalAvgPool2d(Tensors.ReadOnly([], 1, 1, 0, 8), backend), "input",
            "Expected input to have non-zero size for non-batch dimensions", "dimension 2 being empty");
        ErrorAssert.Throws(() => Functional.GlobalMaxPool2d(Tensors.ReadOnly([], 2, 0, 8), backend), "input",
            "Expected input to have non-zero size for non-batch dimensions", "dimension 1 being empty");
    }

    [Theory, MemberData(nameof(Backends))]
    public void ChannelPool_RankBelowTwoOrNoChannels_Throws(KernelBackend backend)
    {
        ErrorAssert.Throws(() => Functional.ChannelMaxPool(Tensors.ReadOnly(new float[8], 8), backend), "input",
            "Dimension out of range (expected to be in range of [-1, 0], but got 1)", "[8]");
        ErrorAssert.Throws(() => Functional.ChannelAvgPool(Tensors.ReadOnly(new float[8], 8), backend), "input", "Dimension out of range");
        ErrorAssert.Throws(() => Functional.ChannelMaxPool(Tensors.ReadOnly([], 2, 0, 3), backend), "input",
            "Expected reduction dim 1 to have non-zero size", "[2, 0, 3]");
        ErrorAssert.Throws(() => Functional.ChannelAvgPool(Tensors.ReadOnly([], 2, 0), backend), "input",
            "Expected reduction dim 1 to have non-zero size");
        // Rank 2 is (N, C) -> (N, 1); empty trailing dimensions give an empty output.
        Assert.Equal([3, 1], Tensors.Shape(Functional.ChannelAvgPool(Tensors.ReadOnly(new float[12], 3, 4), backend)));
        Assert.Equal([2, 1, 0, 5], Tensors.Shape(Functional.ChannelMaxPool(Tensors.ReadOnly([], 2, 3, 0, 5), backend)));
    }

    [Theory, MemberData(nameof(Backends))]
    public void WrongDestinationOrIndicesShape_Throws(KernelBackend backend)
    {
        var data = new float[2 * 3 * 6 * 6];
        ReadOnlyTensorSpan<float> x() => Tensors.ReadOnly(data, 2, 3, 6, 6);
        // Expected adaptive output [2, 3, 4, 3], global [2, 3, 1, 1], channel [2, 1, 6, 6].
        foreach (nint[] wrong in new nint[][] { [2, 3, 12], [2, 3, 3, 4], [3, 2, 4, 3], [2, 3, 4, 3, 1] })
        {
            var badData = new float[Tensors.Elements(wrong)];
            var badIndexData = new long[Tensors.Elements(wrong)];
            TensorSpan<float> bad() => Tensors.Writable(badData, wrong);
            TensorSpan<long> badIndices() => Tensors.Writable(badIndexData, wrong);
            ErrorAssert.Throws(() => Functional.AdaptiveAvgPool2d(x(), (4, 3), bad(), backend), "destination", "expected [2, 3, 4, 3]");
            ErrorAssert.Throws(() => Functional.AdaptiveMaxPool2d(x(), (4, 3), bad(), backend), "destination");
            ErrorAssert.Throws(() => Functional.AdaptiveMaxPool2dWithIndices(x(), (4, 3), bad(),
                Tensors.Writable(new long[72], 2, 3, 4, 3), backend), "destination");
            ErrorAssert.Throws(() => Functional.AdaptiveMaxPool2dWithIndices(x(), (4, 3), Tensors.Writable(new float[72], 2, 3, 4, 3),
                badIndices(), backend), "indices");
        }
        ErrorAssert.Throws(() => Functional.GlobalAvgPool2d(x(), Tensors.Writable(new float[6], 2, 3), backend), "destination", "expected [2, 3, 1, 1]");
        ErrorAssert.Throws(() => Functional.GlobalMaxPool2d(x(), Tensors.Writable(new float[6], 6, 1, 1), backend), "destination");
        ErrorAssert.Throws(() => Functional.GlobalMaxPool2dWithIndices(x(), Tensors.Writable(new float[6], 2, 3, 1, 1),
            Tensors.Writable(new long[6], 2, 3), backend), "indices");
        ErrorAssert.Throws(() => Functional.ChannelMaxPool(x(), Tensors.Writable(new float[72], 2, 6, 6), backend), "destination", "expected [2, 1, 6, 6]");
        ErrorAssert.Throws(() => Functional.ChannelAvgPool(x(), Tensors.Writable(new float[216], 2, 3, 6, 6), backend), "destination");
        ErrorAssert.Throws(() => Functional.AdaptiveAvgPool1d(Tensors.ReadOnly(new float[12], 3, 4), 2,
            Tensors.Writable(new float[6], 1, 3, 2), backend), "destination");
        ErrorAssert.Throws(() => Functional.AdaptiveMaxPool3d(Tensors.ReadOnly(new float[64], 1, 4, 4, 4), 2,
            Tensors.Writable(new float[8], 1, 1, 2, 2, 2), backend), "destination");
    }

    [Theory, MemberData(nameof(Backends))]
    public void NonDenseTensors_Throw(KernelBackend backend)
    {
        var buffer = new float[2 * 8 * 8];
        // Every other column of a [2, 8, 8] buffer: a [2, 8, 4] view with strides [64, 8, 2].
        ReadOnlyTensorSpan<float> strided() => new(buffer, [2, 8, 4], [64, 8, 2]);
        ReadOnlyTensorSpan<float> x() => Tensors.ReadOnly(buffer, 2, 8, 8);
        ErrorAssert.Throws(() => Functional.AdaptiveAvgPool2d(strided(), 2, backend), "input", "dense");
        ErrorAssert.Throws(() => Functional.AdaptiveMaxPool1d(new ReadOnlyTensorSpan<float>(buffer, [16, 4], [8, 2]), 2, backend), "input", "dense");
        ErrorAssert.Throws(() => Functional.GlobalMaxPool2d(strided(), backend), "input", "dense");
        ErrorAssert.Throws(() => Functional.ChannelAvgPool(strided(), backend), "input", "dense");

        var output = new float[64];
        TensorSpan<float> stridedDestination() => new(output, [2, 4, 4], [32, 8, 2]);
        ErrorAssert.Throws(() => Functional.AdaptiveAvgPool2d(x(), 4, stridedDestination(), backend), "destination", "dense");
        ErrorAssert.Throws(() => Functional.AdaptiveMaxPool2dWithIndices(x(), 4, Tensors.Writable(new float[32], 2, 4, 4),
            new TensorSpan<long>(new long[64], [2, 4, 4], [32, 8, 2]), backend), "indices", "dense");
        ErrorAssert.Throws(() => Functional.ChannelMaxPool(Tensors.ReadOnly(new float[64], 2, 2, 4, 4),
            new TensorSpan<float>(new float[128], [2, 1, 4, 4], [64, 0, 8, 2]), backend), "destination", "dense");
    }

    [Theory, MemberData(nameof(Backends))]
    public void OverlappingTensors_Throw(KernelBackend backend)
    {
        var buffer = Fill.Normal(new Random(3), 2 * 3 * 4 * 4 + 8);
        ReadOnlyTensorSpan<float> input() => new(buffer.AsSpan(0, 96), [2, 3, 4, 4]);
        TensorSpan<float> overlapping() => Tensors.Writable(buffer.AsSpan(90, 6), 2, 3, 1, 1);
        ErrorAssert.Throws(() => Functional.GlobalAvgPool2d(input(), overlapping(), backend), "destination", "overlaps input");
        ErrorAssert.Throws(() => Functional.AdaptiveMaxPool2d(input(), 1, overlapping(), backend), "destination", "overlaps input");
        ErrorAssert.Throws(() => Functional.AdaptiveAvgPool1d(new ReadOnlyTensorSpan<float>(buffer.AsSpan(0, 96), [6, 16]), 1,
            Tensors.Writable(buffer.AsSpan(0, 6), 6, 1), backend), "destination", "overlaps input");
        ErrorAssert.Throws(() => Functional.ChannelMaxPool(input(), Tensors.Writable(buffer.AsSpan(8, 32), 2, 1, 4, 4), backend),
            "destination", "overlaps input");

        // Indices sharing memory with the values or with the input.
        float[] x = buffer[..96];
        var shared = new long[12];
        ErrorAssert.Throws(() => Functional.GlobalMaxPool2dWithIndices(Tensors.ReadOnly(x, 2, 3, 4, 4),
            Tensors.Writable(MemoryMarshal.Cast<long, float>(shared.AsSpan(0, 3)), 2, 3, 1, 1),
            new TensorSpan<long>(shared.AsSpan(0, 6), [2, 3, 1, 1]), backend), "indices", "overlaps destination");
        ErrorAssert.Throws(() => Functional.AdaptiveMaxPool2dWithIndices(new ReadOnlyTensorSpan<float>(MemoryMarshal.Cast<long, float>(shared.AsSpan()), [6, 1, 4]), 1,
            Tensors.Writable(new float[6], 6, 1, 1), new TensorSpan<long>(shared.AsSpan(6, 6), [6, 1, 1]), backend), "indices", "overlaps input");
    }

    [Fact]
    public void ModuleConstructors_RejectNegativeOutputSizes()
    {
        ErrorAssert.Throws(() => new NN.AdaptiveAvgPool1d(-1), "outputSize", "elements of output_size must be greater than or equal to 0");
        ErrorAssert.Throws(() => new NN.AdaptiveAvgPool2d((null, -2)), "outputSize", "{None, -2}");
        ErrorAssert.Throws(() => new NN.AdaptiveAvgPool3d(-1), "outputSize");
        ErrorAssert.Throws(() => new NN.AdaptiveMaxPool1d(-3), "outputSize");
        ErrorAssert.Throws(() => new NN.AdaptiveMaxPool2d((2, -1), returnIndices: true), "outputSize");
        ErrorAssert.Throws(() => new NN.AdaptiveMaxPool3d((1, null, -1)), "outputSize");
    }
}
