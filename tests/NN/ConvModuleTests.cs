using System.Numerics.Tensors;
using Xunit;

namespace KernelLib.Tests;

/// <summary>
/// NN.Conv1d/2d/3d, ConvTranspose1d/2d/3d and ChannelShuffle: PyTorch's initialisation, parameter handling,
/// validation, shapes, FLOPs, native plans per shape, backends and disposal. Reprs, outputs and shapes against real
/// PyTorch are in <see cref="ConvModuleGoldenTests"/>.
/// </summary>
[Trait("Category", "NN")]
public sealed class ConvModuleTests
{
    /// <summary>Each module with its PyTorch fan_in: weight.size(1) * kernel volume.</summary>
    public static TheoryData<string, long> InitCases => new()
    {
        { "conv1d", 5 * 7 },
        { "conv2d", 6 / 2 * 3 * 3 },
        { "conv3d", 4 * 2 * 3 * 1 },
        { "convt2d", 8 / 4 * 5 * 5 },
        { "depthwise", 1 * 5 * 5 },
    };

    private static NN.ConvNd Create(string kind, Random generator) => kind switch
    {
        "conv1d" => new NN.Conv1d(5, 40, 7, generator: generator),
        "conv2d" => new NN.Conv2d(6, 32, 3, groups: 2, generator: generator),
        "conv3d" => new NN.Conv3d(4, 30, (2, 3, 1), generator: generator),
        // Transposed: fan_in is OutChannels / Groups times the kernel volume, as PyTorch computes it from the weight.
        "convt2d" => new NN.ConvTranspose2d(12, 8, 5, groups: 4, generator: generator),
        "depthwise" => new NN.Conv2d(16, 48, 5, groups: 16, generator: generator),
        _ => throw new ArgumentException(kind),
    };

    [Theory]
    [MemberData(nameof(InitCases))]
    public void ResetParameters_DrawsWithinOneOverSqrtFanIn(string kind, long fanIn)
    {
        using NN.ConvNd conv = Create(kind, new Random(501));
        float bound = 1f / MathF.Sqrt(fanIn);
        float[] weight = Tensors.ToArray(conv.Weight), bias = Tensors.ToArray(conv.Bias);

        Assert.Equal(conv.OutChannels, bias.Length);
        Assert.Equal(weight.Length, Tensors.Elements(conv.Weight.Lengths));
        Assert.All(weight, v => Assert.InRange(v, -bound * 1.000001f, bound * 1.000001f));
        Assert.All(bias, v => Assert.InRange(v, -bound, bound));
        // Uniform over the whole interval: U(-b, b) has mean 0 and standard deviation b / sqrt(3).
        double mean = weight.Average(), std = Math.Sqrt(weight.Average(v => (v - mean) * (v - mean)));
        Assert.True(Math.Abs(mean) < 0.1 * bound, $"{kind}: weight mean {mean} for bound {bound}");
        Assert.InRange(std, 0.9 * bound / Math.Sqrt(3), 1.1 * bound / Math.Sqrt(3));
        Assert.True(weight.Max() > 0.9f * bound && weight.Min() < -0.9f * bound, $"{kind}: weights span [{weight.Min()}, {weight.Max()}] of ±{bound}");
    }

    [Fact]
    public void SameGenerator_SameParameters()
    {
        using var first = new NN.Conv2d(3, 8, 3, generator: new Random(502));
        using var second = new NN.Conv2d(3, 8, 3, generator: new Random(502));
        using var other = new NN.Conv2d(3, 8, 3, generator: new Random(503));

        Assert.Equal(Tensors.ToArray(first.Weight), Tensors.ToArray(second.Weight));
        Assert.Equal(Tensors.ToArray(first.Bias), Tensors.ToArray(second.Bias));
        Assert.NotEqual(Tensors.ToArray(first.Weight), Tensors.ToArray(other.Weight));

        first.ResetParameters(new Random(503));
        Assert.Equal(Tensors.ToArray(other.Weight), Tensors.ToArray(first.Weight));
        Assert.Equal(Tensors.ToArray(other.Bias), Tensors.ToArray(first.Bias));
    }

    [Fact]
    public void Properties_WeightShapesAndParameterCount()
    {
        using var conv = new NN.Conv2d(6, 9, (3, 2), stride: 2, padding: (1, 0), dilation: (1, 2), groups: 3, paddingMode: PaddingMode.Reflect);
        Assert.Equal([9, 2, 3, 2], conv.Weight.Lengths.ToArray());
        Assert.Equal(9 * 2 * 3 * 2 + 9, conv.ParameterCount);
        Assert.Equal((new Size2(3, 2), new Size2(2, 2), new Size2(1, 2)), (conv.KernelSize, conv.Stride, conv.Dilation));
        Assert.Equal((ConvPadding)(1, 0), conv.Padding);
        Assert.Equal((6, 9, 3, true, PaddingMode.Reflect), (conv.InChannels, conv.OutChannels, conv.Groups, conv.HasBias, conv.PaddingMode));

        using var transposed = new NN.ConvTranspose3d(4, 6, (1, 2, 3), stride: 2, padding: (0, 1, 0), outputPadding: (1, 0, 1), groups: 2, bias: false);
        Assert.Equal([4, 3, 1, 2, 3], transposed.Weight.Lengths.ToArray());
        Assert.Equal(4 * 3 * 6, transposed.ParameterCount);
        Assert.Equal(0, transposed.Bias.FlattenedLength);
        Assert.Equal((new Size3(0, 1, 0), new Size3(1, 0, 1)), (transposed.Padding, transposed.OutputPadding));

        using var conv1d = new NN.Conv1d(2, 4, 5, stride: 3, padding: 2, dilation: 2);
        Assert.Equal((5, 3, 2), (conv1d.KernelSize, conv1d.Stride, conv1d.Dilation));
        Assert.Equal([4, 2, 5], conv1d.Weight.Lengths.ToArray());
    }

    [Fact]
    public void SetParameters_CopiesAndValidates()
    {
        using var conv = new NN.Conv1d(2, 3, 2);
        float[] w = Enumerable.Range(1, 12).Select(i => (float)i).ToArray(), b = [10, 20, 30];
        conv.SetParameters(Tensors.ReadOnly(w, 3, 2, 2), Tensors.ReadOnly(b, 3));
        w[0] = 100;
        Assert.Equal(Enumerable.Range(1, 12).Select(i => (float)i), Tensors.ToArray(conv.Weight));
        Assert.Equal([10f, 20, 30], Tensors.ToArray(conv.Bias));
        // Hand-computed: input [[1, 1], [1, 1]] gives (1+2+3+4)+10, (5+6+7+8)+20, (9+10+11+12)+30.
        Assert.Equal([20f, 46, 72], Tensors.ToArray(conv.Forward(Tensors.ReadOnly([1f, 1, 1, 1], 2, 2))));

        conv.SetParameters(Tensors.ReadOnly(new float[12], 3, 2, 2));
        Assert.Equal([10f, 20, 30], Tensors.ToArray(conv.Bias));

        ErrorAssert.Throws(() => conv.SetParameters(Tensors.ReadOnly(new float[12], 3, 4, 1)), "weight", "[3, 4, 1]", "[3, 2, 2]");
        ErrorAssert.Throws(() => conv.SetParameters(Tensors.ReadOnly(new float[12], 3, 2, 2), Tensors.ReadOnly(new float[4], 4)), "bias", "[4]", "[3]");
        ErrorAssert.Throws(() => conv.SetParameters(new ReadOnlyTensorSpan<float>(new float[24], [3, 2, 2], [8, 4, 2])), "weight", "dense");

        using var noBias = new NN.ConvTranspose2d(2, 2, 1, bias: false);
        ErrorAssert.Throws(() => noBias.SetParameters(Tensors.ReadOnly(new float[4], 2, 2, 1, 1), Tensors.ReadOnly(new float[2], 2)), "bias", "bias=False");
    }

    [Fact]
    public void Constructor_RefusesWhatPyTorchRefuses()
    {
        ErrorAssert.Throws(() => new NN.Conv2d(4, 4, 3, groups: 0), "groups", "groups must be a positive integer");
        ErrorAssert.Throws(() => new NN.Conv2d(3, 4, 3, groups: 2), "groups", "in_channels must be divisible by groups");
        ErrorAssert.Throws(() => new NN.Conv2d(4, 3, 3, groups: 2), "groups", "out_channels must be divisible by groups");
        ErrorAssert.Throws(() => new NN.Conv2d(2, 2, 3, stride: 2, padding: ConvPadding.Same), "padding", "padding='same' is not supported for strided convolutions");
        ErrorAssert.Throws(() => new NN.Conv1d(2, 2, -1), "kernelSize", "negative dimension -1");
        ErrorAssert.Throws(() => new NN.Conv2d(2, 2, 3, padding: (1, 1, 1)), "padding", "padding=[1, 1, 1]");
        ErrorAssert.Throws(() => new NN.Conv2d(-1, 2, 3), "inChannels");
        ErrorAssert.Throws(() => new NN.Conv2d(2, 2, 3, paddingMode: (PaddingMode)7), "paddingMode");
        // What PyTorch only finds on the first forward pass is refused when the layer is built.
        ErrorAssert.Throws(() => new NN.Conv2d(2, 2, 3, stride: (1, 0)), "stride", "non-positive stride is not supported");
        ErrorAssert.Throws(() => new NN.Conv2d(2, 2, 3, dilation: 0), "dilation", "dilation should be greater than zero");
        ErrorAssert.Throws(() => new NN.Conv2d(2, 2, 3, padding: -1), "padding", "negative padding is not supported");
        ErrorAssert.Throws(() => new NN.Conv3d(2, 2, (3, 0, 3)), "kernelSize", "kernel size should be greater than zero", "(3, 0, 3)");
        ErrorAssert.Throws(() => new NN.ConvTranspose2d(2, 2, 3, stride: 2, outputPadding: 2), "outputPadding",
            "output padding must be smaller than either stride or dilation");
        ErrorAssert.Throws(() => new NN.ConvTranspose1d(2, 2, 3, padding: -1), "padding", "negative padding is not supported");
        Assert.Throws<ArgumentOutOfRangeException>(() => new NN.ChannelShuffle(0));
    }

    [Fact]
    public void OutputShapeAndFlops_FollowTheSuiteRule()
    {
        // C2: 1,64,56,56 -> 64, 3x3, p1: 2 * N * K * (C/g) * R * S * OH * OW, bias adds not counted (as Linear).
        using var c2 = new NN.Conv2d(64, 64, 3, padding: 1);
        Assert.Equal([1, 64, 56, 56], c2.OutputShape([1, 64, 56, 56]).ToArray());
        Assert.Equal(2L * 64 * 64 * 9 * 56 * 56, c2.Flops([1, 64, 56, 56]));
        // C6: depthwise, stride 2: C/g = 1.
        using var c6 = new NN.Conv2d(96, 96, 3, stride: 2, padding: 1, groups: 96);
        Assert.Equal([96, 56, 56], c6.OutputShape([96, 112, 112]).ToArray());
        Assert.Equal(2L * 96 * 1 * 9 * 56 * 56, c6.Flops([96, 112, 112]));
        // C8: dilated, batch 3.
        using var c8 = new NN.Conv2d(64, 64, 3, padding: 2, dilation: 2);
        Assert.Equal(2L * 3 * 64 * 64 * 9 * 56 * 56, c8.Flops([3, 64, 56, 56]));
        // T1: 1,64,28,28 -> 32, 4x4, s2, p1; counted as the forward convolution it transposes (56x56 -> 28x28).
        using var t1 = new NN.ConvTranspose2d(64, 32, 4, stride: 2, padding: 1);
        Assert.Equal([1, 32, 56, 56], t1.OutputShape([1, 64, 28, 28]).ToArray());
        Assert.Equal(2L * 64 * 32 * 16 * 28 * 28, t1.Flops([1, 64, 28, 28]));
        Assert.Equal([1, 32, 57, 57], t1.OutputShape([1, 64, 28, 28], [57, 57]).ToArray());
        // 3-D and 1-D.
        using var c3 = new NN.Conv3d(4, 8, (1, 3, 3), stride: (1, 2, 2), groups: 2);
        Assert.Equal([2, 8, 5, 3, 3], c3.OutputShape([2, 4, 5, 7, 7]).ToArray());
        Assert.Equal(2L * 2 * 8 * 2 * 9 * 5 * 3 * 3, c3.Flops([2, 4, 5, 7, 7]));
        using var c1 = new NN.Conv1d(3, 5, 4, padding: ConvPadding.Same, paddingMode: PaddingMode.Circular);
        Assert.Equal([2, 5, 10], c1.OutputShape([2, 3, 10]).ToArray());
        Assert.Equal(2L * 2 * 5 * 3 * 4 * 10, c1.Flops([2, 3, 10]));
    }

    [Fact]
    public void OutputShape_ValidatesTheInput()
    {
        using var conv = new NN.Conv2d(3, 4, 3, groups: 1);
        ErrorAssert.Throws(() => conv.OutputShape([1, 2, 8, 8]), "input", "expected input[1, 2, 8, 8] to have 3 channels, but got 2 channels");
        ErrorAssert.Throws(() => conv.OutputShape([1, 3, 2, 8]), "input", "Kernel size can't be greater than actual input size");
        ErrorAssert.Throws(() => conv.OutputShape([8, 8]), "input");
        Assert.Throws<ArgumentException>(() => conv.Forward(Tensors.ReadOnly(new float[2 * 64], 1, 2, 8, 8)));
    }

    [Fact]
    public void TransposedOutputSize_FollowsPyTorchsRule()
    {
        using var t = new NN.ConvTranspose2d(2, 2, 3, stride: 2);
        // From a 5x5 input: (5 - 1) * 2 + 3 = 11 up to 11 + stride - 1 = 12.
        Assert.Equal([1, 2, 12, 11], t.OutputShape([1, 2, 5, 5], [12, 11]).ToArray());
        Assert.Equal([1, 2, 12, 12], t.OutputShape([1, 2, 5, 5], [1, 2, 12, 12]).ToArray());
        Assert.Equal([2, 11, 12], t.OutputShape([2, 5, 5], [9, 11, 12]).ToArray());
        ErrorAssert.Throws(() => t.OutputShape([1, 2, 5, 5], [9]), "outputSize",
            "ConvTranspose2D: for 4D input, output_size must have 2 or 4 elements (got 1)");
        ErrorAssert.Throws(() => t.OutputShape([2, 5, 5], [1, 2, 11, 11]), "outputSize",
            "ConvTranspose2D: for 3D input, output_size must have 2 or 3 elements (got 4)");
        ErrorAssert.Throws(() => t.OutputShape([1, 2, 5, 5], [13, 13]), "outputSize",
            "requested an output size of [13, 13], but valid sizes range from [11, 11] to [12, 12]");
        ErrorAssert.Throws(() => t.Forward(Tensors.ReadOnly(new float[50], 1, 2, 5, 5), [10, 11]), "outputSize", "[10, 11]");
    }

    [Fact]
    public void ForwardOnEveryBackend_MatchesManagedFunctional_AndFollowsNewParameters()
    {
        var rng = new Random(504);
        float[] x = Fill.Integers(rng, 2 * 6 * 9 * 10), w = Fill.Integers(rng, 8 * 3 * 3 * 3), b = Fill.Integers(rng, 8);
        float[] w2 = Fill.Integers(rng, w.Length), b2 = Fill.Integers(rng, 8);
        const string repro = "n2c6h9w10_o8k3x3s2x1p1x2d1x2g2_b";
        float[] Expected(float[] weight, float[] bias) => Tensors.ToArray(Functional.Conv2d(Tensors.ReadOnly(x, 2, 6, 9, 10),
            Tensors.ReadOnly(weight, 8, 3, 3, 3), Tensors.ReadOnly(bias, 8), (2, 1), (1, 2), (1, 2), 2, backend: KernelBackend.Managed));
        float[] expected = Expected(w, b), expectedAfter = Expected(w2, b2);
        Compare.NotMostlyZeros(expected, repro);

        foreach (var backend in TestBackends.Available)
        {
            using var conv = new NN.Conv2d(6, 8, 3, stride: (2, 1), padding: (1, 2), dilation: (1, 2), groups: 2) { Backend = backend };
            conv.SetParameters(Tensors.ReadOnly(w, 8, 3, 3, 3), Tensors.ReadOnly(b, 8));
            Compare.SameValues(expected, Tensors.ToArray(conv.Forward(Tensors.ReadOnly(x, 2, 6, 9, 10))), repro.On(backend));
            // New parameters must replace the packed weights of every plan.
            conv.SetParameters(Tensors.ReadOnly(w2, 8, 3, 3, 3), Tensors.ReadOnly(b2, 8));
            var destination = new float[expectedAfter.Length];
            conv.Forward(Tensors.ReadOnly(x, 2, 6, 9, 10), Tensors.Writable(destination, conv.OutputShape([2, 6, 9, 10]).ToArray()));
            Compare.SameValues(expectedAfter, destination, repro.On(backend) + " after SetParameters, into a destination");
        }
    }

    [Fact]
    public void BackendSwitching_GivesTheSameResultWithinTolerance()
    {
        var rng = new Random(505);
        float[] x = Fill.Normal(rng, 3 * 16 * 15 * 17);
        using var conv = new NN.Conv2d(16, 24, 3, padding: 1, generator: new Random(506));
        nint[] shape = [3, 16, 15, 17];
        conv.Backend = KernelBackend.Managed;
        float[] managed = Tensors.ToArray(conv.Forward(Tensors.ReadOnly(x, shape)));
        double[] tolerance = ConvTolerance(conv, x, shape);
        foreach (var backend in TestBackends.Available)
        {
            conv.Backend = backend;
            Compare.Within(managed, Tensors.ToArray(conv.Forward(Tensors.ReadOnly(x, shape))), tolerance, "n3c16h15w17_o24k3p1_normal".On(backend));
        }
        conv.Backend = KernelBackend.Managed;
        Compare.Exact(managed, Tensors.ToArray(conv.Forward(Tensors.ReadOnly(x, shape))), "managed again after native");
    }

    [Fact]
    public void UnbatchedInput_GivesTheBatchedResult()
    {
        var rng = new Random(507);
        float[] x = Fill.Integers(rng, 4 * 7 * 6);
        foreach (var backend in TestBackends.Available)
        {
            using var conv = new NN.Conv2d(4, 6, 3, padding: "same", paddingMode: PaddingMode.Replicate, generator: new Random(508)) { Backend = backend };
            var batched = conv.Forward(Tensors.ReadOnly(x, 1, 4, 7, 6));
            var unbatched = conv.Forward(Tensors.ReadOnly(x, 4, 7, 6));
            Assert.Equal([6, 7, 6], Tensors.Shape(unbatched));
            Compare.Exact(Tensors.ToArray(batched), Tensors.ToArray(unbatched), "c4h7w6_o6k3_same_replicate".On(backend));
        }
    }

    [Fact]
    public void NativePlans_OnePerInputShape_RebuiltAfterNewParameters_FreedByDispose()
    {
        if (!TestBackends.NativeOrDocumentedAbsence())
            return;
        var conv = new NN.ConvTranspose2d(3, 4, 3, stride: 2) { Backend = KernelBackend.Native };
        float[] small = Fill.Integers(new Random(509), 3 * 4 * 4), large = Fill.Integers(new Random(510), 2 * 3 * 5 * 6);
        Assert.Equal(0, conv.PlanCount);
        conv.Forward(Tensors.ReadOnly(small, 1, 3, 4, 4));
        conv.Forward(Tensors.ReadOnly(large, 2, 3, 5, 6));
        conv.Forward(Tensors.ReadOnly(small, 1, 3, 4, 4));
        Assert.Equal(2, conv.PlanCount);
        // An output size picking another output padding is another problem, so another plan.
        conv.Forward(Tensors.ReadOnly(small, 1, 3, 4, 4), [10, 10]);
        Assert.Equal(3, conv.PlanCount);

        // A managed forward pass needs no plan.
        conv.Backend = KernelBackend.Managed;
        var managed = Tensors.ToArray(conv.Forward(Tensors.ReadOnly(large, 2, 3, 5, 6)));
        conv.ResetParameters(new Random(511));
        Assert.Equal(0, conv.PlanCount);
        var reset = Tensors.ToArray(conv.Forward(Tensors.ReadOnly(large, 2, 3, 5, 6)));
        conv.Backend = KernelBackend.Native;
        var native = Tensors.ToArray(conv.Forward(Tensors.ReadOnly(large, 2, 3, 5, 6)));
        Assert.Equal(1, conv.PlanCount);
        Assert.NotEqual(managed, reset);
        Compare.Within(reset, native, ConvTolerance(conv, large, [2, 3, 5, 6]), "n2c3h5w6_o4k3s2_t after ResetParameters");

        conv.Dispose();
        Assert.Equal(0, conv.PlanCount);
        conv.Dispose();
        Assert.Throws<ObjectDisposedException>(() => conv.Forward(Tensors.ReadOnly(small, 1, 3, 4, 4)));
    }

    [Fact]
    public void PlanCache_KeepsAtMostMaxShapes_EvictingTheLeastRecentlyUsed()
    {
        if (!TestBackends.NativeOrDocumentedAbsence())
            return;
        using var conv = new NN.Conv2d(2, 3, 3, padding: 1) { Backend = KernelBackend.Native };
        conv.SetParameters(Tensors.ReadOnly(Fill.Integers(new Random(520), 3 * 2 * 9), 3, 2, 3, 3),
            Tensors.ReadOnly(Fill.Integers(new Random(521), 3), 3));
        float[] first = Fill.Integers(new Random(522), 2 * 4 * 4);
        var want = Tensors.ToArray(conv.Forward(Tensors.ReadOnly(first, 1, 2, 4, 4)));
        // Widths 5.. : MaxShapes more shapes, the first shape kept in use halfway, so the second one goes first.
        for (int w = 5; w < 5 + NN.ConvNd.MaxShapes; w++)
        {
            conv.Forward(Tensors.ReadOnly(Fill.Integers(new Random(w), 2 * 4 * w), 1, 2, 4, w));
            if (w == 5 + NN.ConvNd.MaxShapes / 2)
                Compare.Exact(want, Tensors.ToArray(conv.Forward(Tensors.ReadOnly(first, 1, 2, 4, 4))), "first shape, cached");
            Assert.True(conv.PlanCount <= NN.ConvNd.MaxShapes, $"{conv.PlanCount} plans after width {w}");
        }
        Assert.Equal(NN.ConvNd.MaxShapes, conv.PlanCount);
        // The first shape was used after width 5's, so width 5's plan was the one evicted; both still compute.
        Compare.Exact(want, Tensors.ToArray(conv.Forward(Tensors.ReadOnly(first, 1, 2, 4, 4))), "first shape, after evictions");
        using var managed = new NN.Conv2d(2, 3, 3, padding: 1) { Backend = KernelBackend.Managed };
        managed.SetParameters(conv.Weight, conv.Bias);
        float[] five = Fill.Integers(new Random(5), 2 * 4 * 5);
        Compare.Exact(Tensors.ToArray(managed.Forward(Tensors.ReadOnly(five, 1, 2, 4, 5))),
            Tensors.ToArray(conv.Forward(Tensors.ReadOnly(five, 1, 2, 4, 5))), "evicted shape, rebuilt");
        Assert.Equal(NN.ConvNd.MaxShapes, conv.PlanCount);
    }

    [Fact]
    public void ParallelForwardPasses_OnSeveralShapes_AgreeWithASerialRun()
    {
        var rng = new Random(512);
        nint[][] shapes = [[1, 8, 12, 12], [2, 8, 9, 11], [8, 5, 5]];
        float[][] inputs = shapes.Select(s => Fill.Integers(rng, Tensors.Elements(s))).ToArray();
        foreach (var backend in TestBackends.Available)
        {
            using var conv = new NN.Conv2d(8, 8, 3, padding: 1, groups: 4) { Backend = backend };
            conv.SetParameters(Tensors.ReadOnly(Fill.Integers(rng, 8 * 2 * 9), 8, 2, 3, 3), Tensors.ReadOnly(Fill.Integers(rng, 8), 8));
            float[][] serial = shapes.Select((s, i) => Tensors.ToArray(conv.Forward(Tensors.ReadOnly(inputs[i], s)))).ToArray();
            using var fresh = new NN.Conv2d(8, 8, 3, padding: 1, groups: 4) { Backend = backend };
            fresh.SetParameters(conv.Weight, conv.Bias);
            var results = new float[48][];
            Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 },
                i => results[i] = Tensors.ToArray(fresh.Forward(Tensors.ReadOnly(inputs[i % 3], shapes[i % 3]))));
            for (int i = 0; i < results.Length; i++)
                Compare.Exact(serial[i % 3], results[i], $"parallel run {i} shape {Tensors.FormatShape(shapes[i % 3])}".On(backend));
        }
    }

    [Fact]
    public void Implementation_NamesThePathThatRuns()
    {
        using var managed = new NN.Conv2d(4, 4, 3) { Backend = KernelBackend.Managed };
        Assert.Equal("managed", managed.Implementation([1, 4, 8, 8]));
        ErrorAssert.Throws(() => managed.Implementation([1, 3, 8, 8]), "input");

        if (!TestBackends.NativeOrDocumentedAbsence())
            return;
        using var pointwise = new NN.Conv2d(16, 8, 1) { Backend = KernelBackend.Native };
        using var depthwise = new NN.Conv2d(16, 16, 3, padding: 1, groups: 16) { Backend = KernelBackend.Native };
        string a = pointwise.Implementation([1, 16, 8, 8]), b = depthwise.Implementation([1, 16, 8, 8]);
        Assert.Equal(1, pointwise.PlanCount);
        Assert.NotEqual("managed", a);
        Assert.Contains("conv", a);
        Assert.NotEqual(a, b);
    }

    [Fact]
    public void ChannelShuffle_MatchesFunctionalAndPyTorchsPermutation()
    {
        // PyTorch's docstring example: 4 channels, 2 groups -> channel order 0, 2, 1, 3.
        float[] x = Enumerable.Range(1, 16).Select(i => (float)i).ToArray();
        foreach (var backend in TestBackends.Available)
        {
            using var shuffle = new NN.ChannelShuffle(2) { Backend = backend };
            var y = Tensors.ToArray(shuffle.Forward(Tensors.ReadOnly(x, 1, 4, 2, 2)));
            Compare.Exact([1f, 2, 3, 4, 9, 10, 11, 12, 5, 6, 7, 8, 13, 14, 15, 16], y, "channel_shuffle_g2".On(backend));
            var destination = new float[16];
            shuffle.Forward(Tensors.ReadOnly(x, 1, 4, 2, 2), Tensors.Writable(destination, 1, 4, 2, 2));
            Compare.Exact(y, destination, "channel_shuffle_g2 into a destination".On(backend));
        }
        using var module = new NN.ChannelShuffle(3);
        Assert.Equal("ChannelShuffle(groups=3)", module.ToString());
        Assert.Equal([2, 6, 5], module.OutputShape([2, 6, 5]).ToArray());
        Assert.Equal(0, module.Flops([2, 6, 5]));
        ErrorAssert.Throws(() => module.OutputShape([1, 4, 5]), "groups", "Number of channels must be divisible by groups. Got 4 channels and 3 groups.");
    }

    [Fact]
    public void Dispose_IsIdempotentAndForwardAfterwardsThrows()
    {
        foreach (var backend in TestBackends.Available)
        {
            var conv = new NN.Conv3d(2, 2, 2) { Backend = backend };
            conv.Forward(Tensors.ReadOnly(new float[2 * 27], 2, 3, 3, 3));
            conv.Dispose();
            conv.Dispose();
            Assert.Throws<ObjectDisposedException>(() => conv.Forward(Tensors.ReadOnly(new float[2 * 27], 2, 3, 3, 3)));
        }
    }

    /// <summary>
    /// 2 (k + 2) u sum|terms| per output (see SumTolerance), with sum|terms| = the managed convolution of |x| by
    /// |w| plus |b|: two float32 results of one length-k sum, in any order, stay that close.
    /// </summary>
    internal static double[] ConvTolerance(NN.ConvNd conv, float[] x, nint[] shape)
    {
        float[] Abs(ReadOnlySpan<float> v) => v.ToArray().Select(MathF.Abs).ToArray();
        using var magnitude = conv switch
        {
            NN.Conv2d c => (NN.ConvNd)new NN.Conv2d(c.InChannels, c.OutChannels, c.KernelSize, c.Stride, c.Padding, c.Dilation, c.Groups, c.HasBias, c.PaddingMode),
            NN.ConvTranspose2d t => new NN.ConvTranspose2d(t.InChannels, t.OutChannels, t.KernelSize, t.Stride, t.Padding, t.OutputPadding, t.Groups, t.HasBias, t.Dilation),
            _ => throw new ArgumentException(conv.GetType().Name),
        };
        magnitude.Backend = KernelBackend.Managed;
        if (conv.HasBias)
            magnitude.SetParameters(Tensors.ReadOnly(Abs(Tensors.ToArray(conv.Weight)), conv.Weight.Lengths.ToArray()), Tensors.ReadOnly(Abs(Tensors.ToArray(conv.Bias)), conv.OutChannels));
        else
            magnitude.SetParameters(Tensors.ReadOnly(Abs(Tensors.ToArray(conv.Weight)), conv.Weight.Lengths.ToArray()));
        float[] sums = Tensors.ToArray(magnitude.Forward(Tensors.ReadOnly(Abs(x), shape)));
        long k = Tensors.Elements(conv.Weight.Lengths[1..]);
        return sums.Select(s => 2.0 * (k + 2) / (1 << 24) * s).ToArray();
    }
}
