using System.Numerics.Tensors;
using System.Text.RegularExpressions;
using Xunit;

namespace KernelLib.Tests;

/// <summary>
/// NN.DepthwiseSeparableConv2d, SpatiallySeparableConv2d and FlattenedConv2d: each equal to its Functional calls
/// composed by hand, shaped like the k x k Conv2d it replaces, and as much cheaper as its documentation says.
/// Reprs and outputs against PyTorch are in <see cref="ConvModuleGoldenTests"/>.
/// </summary>
[Trait("Category", "NN")]
public sealed class ConvBlockTests
{
    private static readonly nint[] Input = [2, 4, 11, 9];

    public static TheoryData<KernelBackend> Backends => TestBackends.AvailableData;

    [Theory]
    [MemberData(nameof(Backends))]
    public void DepthwiseSeparable_IsDepthwiseThenPointwise(KernelBackend backend)
    {
        var rng = new Random(601);
        float[] x = Fill.Integers(rng, Tensors.Elements(Input));
        using var block = new NN.DepthwiseSeparableConv2d(4, 6, (3, 2), stride: (2, 1), padding: (1, 0), dilation: (1, 2), depthMultiplier: 2) { Backend = backend };
        var (w1, b1) = Load(block.Depthwise, rng);
        var (w2, b2) = Load(block.Pointwise, rng);

        var hidden = Functional.Conv2d(Tensors.ReadOnly(x, Input), Tensors.ReadOnly(w1, 8, 1, 3, 2), Tensors.ReadOnly(b1, 8),
            stride: (2, 1), padding: (1, 0), dilation: (1, 2), groups: 4, backend: KernelBackend.Managed);
        var expected = Functional.Conv2d(hidden, Tensors.ReadOnly(w2, 6, 8, 1, 1), Tensors.ReadOnly(b2, 6), backend: KernelBackend.Managed);

        Check(block, x, expected, "dsc_n2c4h11w9_o6k3x2s2x1p1x0d1x2_m2".On(backend));
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void SpatiallySeparable_IsKByOneThenOneByK(KernelBackend backend)
    {
        var rng = new Random(602);
        float[] x = Fill.Integers(rng, Tensors.Elements(Input));
        using var block = new NN.SpatiallySeparableConv2d(4, 5, (3, 5), stride: (1, 2), padding: (2, 1), dilation: (2, 1)) { Backend = backend };
        var (w1, b1) = Load(block.Vertical, rng);
        var (w2, b2) = Load(block.Horizontal, rng);

        var hidden = Functional.Conv2d(Tensors.ReadOnly(x, Input), Tensors.ReadOnly(w1, 4, 4, 3, 1), Tensors.ReadOnly(b1, 4),
            stride: (1, 1), padding: (2, 0), dilation: (2, 1), backend: KernelBackend.Managed);
        var expected = Functional.Conv2d(hidden, Tensors.ReadOnly(w2, 5, 4, 1, 5), Tensors.ReadOnly(b2, 5),
            stride: (1, 2), padding: (0, 1), dilation: (1, 1), backend: KernelBackend.Managed);

        Check(block, x, expected, "ssc_n2c4h11w9_o5k3x5s1x2p2x1d2x1".On(backend));
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void Flattened_IsLateralThenVerticalThenHorizontal(KernelBackend backend)
    {
        var rng = new Random(603);
        float[] x = Fill.Integers(rng, Tensors.Elements(Input));
        using var block = new NN.FlattenedConv2d(4, 6, 3, padding: "same", bias: false) { Backend = backend };
        var (w1, _) = Load(block.Lateral, rng);
        var (w2, _) = Load(block.Vertical, rng);
        var (w3, _) = Load(block.Horizontal, rng);

        var lateral = Functional.Conv2d(Tensors.ReadOnly(x, Input), Tensors.ReadOnly(w1, 6, 4, 1, 1), backend: KernelBackend.Managed);
        var vertical = Functional.Conv2d(lateral, Tensors.ReadOnly(w2, 6, 1, 3, 1), padding: "same", groups: 6, backend: KernelBackend.Managed);
        var expected = Functional.Conv2d(vertical, Tensors.ReadOnly(w3, 6, 1, 1, 3), padding: "same", groups: 6, backend: KernelBackend.Managed);

        Check(block, x, expected, "flat_n2c4h11w9_o6k3_same_nobias".On(backend));
    }

    [Fact]
    public void Blocks_HaveThePlainConvolutionsOutputShape()
    {
        (Size2 Kernel, Size2 Stride, ConvPadding Padding, Size2 Dilation)[] settings =
        [
            (3, 1, 1, 1), ((3, 5), (2, 1), (1, 2), 1), (3, 2, 0, 2), ((2, 4), 1, "same", (2, 1)), (5, 3, "valid", 1),
        ];
        nint[] input = [3, 8, 17, 19];
        foreach (var (kernel, stride, padding, dilation) in settings)
        {
            using var plain = new NN.Conv2d(8, 16, kernel, stride, padding, dilation);
            nint[] expected = plain.OutputShape(input).ToArray();
            using var dsc = new NN.DepthwiseSeparableConv2d(8, 16, kernel, stride, padding, dilation);
            using var ssc = new NN.SpatiallySeparableConv2d(8, 16, kernel, stride, padding, dilation);
            using var flat = new NN.FlattenedConv2d(8, 16, kernel, stride, padding, dilation);
            foreach (NN.ConvBlock block in new NN.ConvBlock[] { dsc, ssc, flat })
            {
                Compare.Shape(expected, block.OutputShape(input), $"{block.GetType().Name} as {plain}");
                Compare.Shape(expected, Tensors.Shape(block.Forward(Tensors.ReadOnly(new float[Tensors.Elements(input)], input))), $"{block.GetType().Name} forward as {plain}");
            }
        }
    }

    [Fact]
    public void ParametersAndFlops_SaveWhatTheDocumentationSays()
    {
        // 32 -> 64 channels, 3x3, padding 1, on 1x32x56x56 (3136 outputs per channel), every layer with a bias.
        nint[] input = [1, 32, 56, 56];
        const long hw = 56 * 56;
        using var plain = new NN.Conv2d(32, 64, 3, padding: 1);
        using var dsc = new NN.DepthwiseSeparableConv2d(32, 64, 3, padding: 1);
        using var ssc = new NN.SpatiallySeparableConv2d(32, 64, 3, padding: 1);
        using var flat = new NN.FlattenedConv2d(32, 64, 3, padding: 1);

        Assert.Equal(32 * 64 * 9 + 64, plain.ParameterCount);
        Assert.Equal(2L * 64 * 32 * 9 * hw, plain.Flops(input));
        // Depthwise 32 * 9 + 32, pointwise 32 * 64 + 64.
        Assert.Equal(32 * 9 + 32 + 32 * 64 + 64, dsc.ParameterCount);
        Assert.Equal(2L * 32 * 9 * hw + 2L * 64 * 32 * hw, dsc.Flops(input));
        // k x 1: 32 * 32 * 3 + 32; 1 x k: 32 * 64 * 3 + 64.
        Assert.Equal(32 * 32 * 3 + 32 + 32 * 64 * 3 + 64, ssc.ParameterCount);
        Assert.Equal(2L * 32 * 32 * 3 * hw + 2L * 64 * 32 * 3 * hw, ssc.Flops(input));
        // Lateral 32 * 64 + 64, then two depthwise 1-D layers of 64 * 3 + 64.
        Assert.Equal(32 * 64 + 64 + 2 * (64 * 3 + 64), flat.ParameterCount);
        Assert.Equal(2L * 64 * 32 * hw + 2 * 2L * 64 * 3 * hw, flat.Flops(input));

        Assert.InRange((double)plain.ParameterCount / dsc.ParameterCount, 7.5, 7.7);
        Assert.InRange((double)plain.Flops(input) / ssc.Flops(input), 1.99, 2.01);
        Assert.InRange((double)plain.Flops(input) / flat.Flops(input), 7.5, 7.7);
    }

    [Fact]
    public void Summary_ListsEachLayerOfTheBlock_AndASequentialShowsTheBlockOnOneLine()
    {
        nint[] input = [1, 32, 56, 56];
        using var dsc = new NN.DepthwiseSeparableConv2d(32, 64, 3, padding: 1);
        string summary = dsc.Summary(input);
        string[] lines = summary.Split('\n');
        Assert.Contains(lines, l => l.Contains("groups=32") && l.Contains("320") && l.Contains("1,806,336"));
        Assert.Contains(lines, l => l.Contains("kernel_size=(1, 1)") && l.Contains("2,112") && l.Contains("12,845,056"));
        Assert.Contains(lines, l => l.Contains("Total") && l.Contains("2,432") && l.Contains("14,651,392"));

        using var model = new NN.Sequential(new NN.DepthwiseSeparableConv2d(32, 64, 3, padding: 1, depthMultiplier: 2), new NN.ReLU(), new NN.ChannelShuffle(4));
        string modelSummary = model.Summary(input);
        Assert.Matches(new Regex(@"^0\s+DepthwiseSeparableConv2d\(32, 64, kernel_size=\(3, 3\), stride=\(1, 1\), padding=\(1, 1\), depth_multiplier=2\)\s+\[1, 64, 56, 56\]", RegexOptions.Multiline), modelSummary);
        Assert.Matches(new Regex(@"^2\s+ChannelShuffle\(groups=4\)", RegexOptions.Multiline), modelSummary);
        Assert.Equal(32 * 2 * 9 + 64 + 64 * 64 + 64, model[0].ParameterCount);
    }

    [Fact]
    public void Backend_PropagatesToTheLayers_AndDisposeDisposesThem()
    {
        var block = new NN.FlattenedConv2d(3, 4, 3);
        block.Backend = KernelBackend.Managed;
        Assert.Equal(3, block.Layers.Count);
        Assert.All(block.Layers, l => Assert.Equal(KernelBackend.Managed, l.Backend));
        NN.Conv2d lateral = block.Lateral;
        block.Dispose();
        Assert.Throws<ObjectDisposedException>(() => lateral.Forward(Tensors.ReadOnly(new float[3 * 9], 3, 3, 3)));
    }

    [Fact]
    public void Constructors_RefuseWhatTheirLayersRefuse()
    {
        ErrorAssert.Throws(() => new NN.DepthwiseSeparableConv2d(4, 8, 3, depthMultiplier: 0), "depthMultiplier");
        ErrorAssert.Throws(() => new NN.DepthwiseSeparableConv2d(4, 8, 3, stride: 2, padding: "same"), "padding", "padding='same' is not supported for strided convolutions");
        ErrorAssert.Throws(() => new NN.SpatiallySeparableConv2d(4, 8, (3, 0)), "kernelSize", "kernel size should be greater than zero");
        ErrorAssert.Throws(() => new NN.FlattenedConv2d(4, 8, 3, padding: (1, 1, 1)), "padding");
        ErrorAssert.Throws(() => new NN.FlattenedConv2d(4, 8, 3, dilation: (1, 0)), "dilation", "dilation should be greater than zero");
    }

    /// <summary>Loads small integers into a layer (exact sums), returning them.</summary>
    private static (float[] Weight, float[] Bias) Load(NN.Conv2d layer, Random rng)
    {
        nint[] shape = layer.Weight.Lengths.ToArray();
        float[] w = Fill.Integers(rng, Tensors.Elements(shape), -2, 2), b = Fill.Integers(rng, layer.OutChannels, -2, 2);
        if (layer.HasBias)
            layer.SetParameters(Tensors.ReadOnly(w, shape), Tensors.ReadOnly(b, layer.OutChannels));
        else
            layer.SetParameters(Tensors.ReadOnly(w, shape));
        return (w, b);
    }

    private static void Check(NN.ConvBlock block, float[] x, Tensor<float> expected, string repro)
    {
        float[] want = Tensors.ToArray(expected);
        Compare.NotMostlyZeros(want, repro);
        var output = block.Forward(Tensors.ReadOnly(x, Input));
        Compare.Shape(Tensors.Shape(expected), Tensors.Shape(output), repro);
        Compare.SameValues(want, Tensors.ToArray(output), repro);
        Assert.Equal(block.Layers.Sum(l => l.ParameterCount), block.ParameterCount);
    }
}
