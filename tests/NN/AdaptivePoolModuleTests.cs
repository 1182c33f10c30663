using System.Numerics.Tensors;
using Xunit;

namespace KernelLib.Tests;

/// <summary>
/// NN.AdaptiveAvgPool1d/2d/3d, AdaptiveMaxPool1d/2d/3d, GlobalAvgPool2d, GlobalMaxPool2d, ChannelMaxPool,
/// ChannelAvgPool and MaxUnpool1d/2d/3d: PyTorch's constructor defaults and reprs, Forward against the functions,
/// OutputShape, Flops, and use inside Sequential.
/// </summary>
[Trait("Category", "NN")]
public sealed class AdaptivePoolModuleTests
{
    public static TheoryData<KernelBackend> Backends => TestBackends.AvailableData;

    [Fact]
    public void Reprs_MatchPyTorch()
    {
        // Strings printed by PyTorch 1.13 for the same constructor calls.
        Assert.Equal("AdaptiveAvgPool2d(output_size=(None, 7))", new NN.AdaptiveAvgPool2d((null, 7)).ToString());
        Assert.Equal("AdaptiveAvgPool2d(output_size=7)", new NN.AdaptiveAvgPool2d(7).ToString());
        Assert.Equal("AdaptiveMaxPool2d(output_size=(3, None))", new NN.AdaptiveMaxPool2d((3, null), returnIndices: true).ToString());
        Assert.Equal("AdaptiveAvgPool1d(output_size=3)", new NN.AdaptiveAvgPool1d(3).ToString());
        Assert.Equal("AdaptiveMaxPool1d(output_size=3)", new NN.AdaptiveMaxPool1d(3).ToString());
        Assert.Equal("AdaptiveAvgPool3d(output_size=(1, 2, 3))", new NN.AdaptiveAvgPool3d((1, 2, 3)).ToString());
        Assert.Equal("AdaptiveMaxPool3d(output_size=2)", new NN.AdaptiveMaxPool3d(2).ToString());
        Assert.Equal("MaxUnpool2d(kernel_size=(2, 2), stride=(2, 2), padding=(0, 0))", new NN.MaxUnpool2d(2).ToString());
        Assert.Equal("MaxUnpool2d(kernel_size=(2, 3), stride=(1, 1), padding=(1, 0))", new NN.MaxUnpool2d((2, 3), 1, (1, 0)).ToString());
        Assert.Equal("MaxUnpool1d(kernel_size=(3,), stride=(3,), padding=(0,))", new NN.MaxUnpool1d(3).ToString());
        Assert.Equal("MaxUnpool3d(kernel_size=(2, 2, 2), stride=(2, 2, 2), padding=(1, 1, 1))", new NN.MaxUnpool3d(2, padding: 1).ToString());
        Assert.Equal("GlobalAvgPool2d()", new NN.GlobalAvgPool2d().ToString());
        Assert.Equal("GlobalMaxPool2d()", new NN.GlobalMaxPool2d().ToString());
        Assert.Equal("ChannelMaxPool()", new NN.ChannelMaxPool().ToString());
        Assert.Equal("ChannelAvgPool()", new NN.ChannelAvgPool().ToString());
    }

    [Fact]
    public void Defaults_FollowPyTorch()
    {
        var max = new NN.AdaptiveMaxPool2d(5);
        Assert.Equal(new AdaptiveSize2(5, 5), max.OutputSize);
        Assert.False(max.ReturnIndices);
        Assert.Equal(0, max.ParameterCount);
        Assert.True(new NN.AdaptiveMaxPool1d(2, returnIndices: true).ReturnIndices);
        Assert.Equal(new AdaptiveSize3(null, 4, 4), new NN.AdaptiveAvgPool3d((null, 4, 4)).OutputSize);

        var unpool = new NN.MaxUnpool2d((3, 2));
        Assert.Equal((new Size2(3, 2), new Size2(3, 2), new Size2(0, 0)), (unpool.KernelSize, unpool.Stride, unpool.Padding));
        Assert.Equal(KernelBackend.Auto, unpool.Backend);
        var unpool1 = new NN.MaxUnpool1d(4, 2, 1);
        Assert.Equal((4, 2, 1), (unpool1.KernelSize, unpool1.Stride, unpool1.Padding));
        var unpool3 = new NN.MaxUnpool3d((1, 2, 3));
        Assert.Equal(new Size3(1, 2, 3), unpool3.Stride);
        Assert.Throws<ArgumentOutOfRangeException>(() => unpool.Backend = (KernelBackend)42);
    }

    [Fact]
    public void OutputShapesAndFlops()
    {
        Assert.Equal([2, 3, 4, 5], new NN.AdaptiveAvgPool2d((4, 5)).OutputShape([2, 3, 9, 9]).ToArray());
        Assert.Equal([3, 9, 5], new NN.AdaptiveMaxPool2d((null, 5)).OutputShape([3, 9, 9]).ToArray());
        Assert.Equal([2, 3, 7], new NN.AdaptiveAvgPool1d(7).OutputShape([2, 3, 4]).ToArray());
        Assert.Equal([3, 1, 2, 2], new NN.AdaptiveMaxPool3d((1, 2, 2)).OutputShape([3, 4, 5, 6]).ToArray());
        Assert.Equal([2, 3, 1, 1], new NN.GlobalAvgPool2d().OutputShape([2, 3, 9, 9]).ToArray());
        Assert.Equal([3, 1, 1], new NN.GlobalMaxPool2d().OutputShape([3, 9, 9]).ToArray());
        Assert.Equal([2, 1, 5, 6], new NN.ChannelMaxPool().OutputShape([2, 3, 5, 6]).ToArray());
        Assert.Equal([4, 1], new NN.ChannelAvgPool().OutputShape([4, 7]).ToArray());
        Assert.Equal([2, 3, 8, 8], new NN.MaxUnpool2d(2).OutputShape([2, 3, 4, 4]).ToArray());
        Assert.Equal([2, 3, 9, 7], new NN.MaxUnpool2d(2).OutputShape([2, 3, 4, 4], (9, 7)).ToArray());
        Assert.Equal([3, 7], new NN.MaxUnpool1d(3, 2, 1).OutputShape([3, 4]).ToArray());
        Assert.Equal([1, 2, 4, 6, 8], new NN.MaxUnpool3d(2).OutputShape([1, 2, 2, 3, 4]).ToArray());

        // Windows: 9 -> 3 is three windows of 3 per dimension, so every element once: 2 * 3 * 81 taps.
        Assert.Equal(2 * 3 * 81, new NN.AdaptiveAvgPool2d(3).Flops([2, 3, 9, 9]));
        // 3 -> 2 overlaps: windows [0, 2) and [1, 3), 4 taps per row.
        Assert.Equal(4, new NN.AdaptiveMaxPool1d(2).Flops([1, 1, 3]));
        Assert.Equal(2 * 3 * 81, new NN.GlobalMaxPool2d().Flops([2, 3, 9, 9]));
        Assert.Equal(2 * 3 * 30, new NN.ChannelAvgPool().Flops([2, 3, 5, 6]));
        ErrorAssert.Throws(() => new NN.AdaptiveAvgPool2d(3).OutputShape([9, 9]), "input", "Expected 3D or 4D tensor");
        ErrorAssert.Throws(() => new NN.ChannelMaxPool().OutputShape([5]), "input", "Dimension out of range");
        ErrorAssert.Throws(() => new NN.MaxUnpool2d(2).OutputShape([1, 3, 4, 4], (10, 8)), "outputSize", "invalid output_size");
    }

    [Theory, MemberData(nameof(Backends))]
    public void Forward_MatchesFunctional(KernelBackend backend)
    {
        float[] x = Fill.Normal(new Random(61), 2 * 3 * 11 * 10);
        var input = Tensors.ReadOnly(x, 2, 3, 11, 10);
        void Same(Tensor<float> expected, Tensor<float> actual, string what)
        {
            Compare.Shape(Tensors.Shape(expected), Tensors.Shape(actual), what.On(backend));
            Compare.Exact(Tensors.ToArray(expected), Tensors.ToArray(actual), what.On(backend));
        }
        Same(Functional.AdaptiveAvgPool2d(input, (4, null), backend), new NN.AdaptiveAvgPool2d((4, null)) { Backend = backend }.Forward(input), "avg2d");
        Same(Functional.AdaptiveMaxPool2d(input, 3, backend), new NN.AdaptiveMaxPool2d(3) { Backend = backend }.Forward(input), "max2d");
        Same(Functional.AdaptiveAvgPool1d(Tensors.ReadOnly(x, 6, 110), 9, backend),
            new NN.AdaptiveAvgPool1d(9) { Backend = backend }.Forward(Tensors.ReadOnly(x, 6, 110)), "avg1d");
        Same(Functional.AdaptiveMaxPool1d(Tensors.ReadOnly(x, 6, 110), 9, backend),
            new NN.AdaptiveMaxPool1d(9) { Backend = backend }.Forward(Tensors.ReadOnly(x, 6, 110)), "max1d");
        Same(Functional.AdaptiveAvgPool3d(input, (2, 3, 4), backend), new NN.AdaptiveAvgPool3d((2, 3, 4)) { Backend = backend }.Forward(input), "avg3d");
        Same(Functional.AdaptiveMaxPool3d(input, (3, 1, 2), backend), new NN.AdaptiveMaxPool3d((3, 1, 2)) { Backend = backend }.Forward(input), "max3d");
        Same(Functional.GlobalAvgPool2d(input, backend), new NN.GlobalAvgPool2d { Backend = backend }.Forward(input), "global avg");
        Same(Functional.GlobalMaxPool2d(input, backend), new NN.GlobalMaxPool2d { Backend = backend }.Forward(input), "global max");
        Same(Functional.ChannelMaxPool(input, backend), new NN.ChannelMaxPool { Backend = backend }.Forward(input), "channel max");
        Same(Functional.ChannelAvgPool(input, backend), new NN.ChannelAvgPool { Backend = backend }.Forward(input), "channel avg");

        var (e1, i1) = Functional.AdaptiveMaxPool1dWithIndices(Tensors.ReadOnly(x, 6, 110), 9, backend);
        var (a1, j1) = new NN.AdaptiveMaxPool1d(9, returnIndices: true) { Backend = backend }.ForwardWithIndices(Tensors.ReadOnly(x, 6, 110));
        Same(e1, a1, "max1d with indices");
        Compare.Exact(Tensors.ToArray(i1), Tensors.ToArray(j1), "max1d indices".On(backend));
        var (e2, i2) = Functional.AdaptiveMaxPool2dWithIndices(input, (5, 4), backend);
        var (a2, j2) = new NN.AdaptiveMaxPool2d((5, 4), returnIndices: true) { Backend = backend }.ForwardWithIndices(input);
        Same(e2, a2, "max2d with indices");
        Compare.Exact(Tensors.ToArray(i2), Tensors.ToArray(j2), "max2d indices".On(backend));
        var (e3, i3) = Functional.AdaptiveMaxPool3dWithIndices(input, 2, backend);
        var (a3, j3) = new NN.AdaptiveMaxPool3d(2, returnIndices: true) { Backend = backend }.ForwardWithIndices(input);
        Same(e3, a3, "max3d with indices");
        Compare.Exact(Tensors.ToArray(i3), Tensors.ToArray(j3), "max3d indices".On(backend));
        var (eg, ig) = Functional.GlobalMaxPool2dWithIndices(input, backend);
        var (ag, jg) = new NN.GlobalMaxPool2d { Backend = backend }.ForwardWithIndices(input);
        Same(eg, ag, "global max with indices");
        Compare.Exact(Tensors.ToArray(ig), Tensors.ToArray(jg), "global indices".On(backend));
    }

    [Theory, MemberData(nameof(Backends))]
    public void MaxUnpoolModules_InvertTheirPoolingModules(KernelBackend backend)
    {
        float[] x = Fill.Normal(new Random(62), 2 * 3 * 9 * 8);
        using var pool = new NN.MaxPool2d(2, returnIndices: true) { Backend = backend };
        var unpool = new NN.MaxUnpool2d(2) { Backend = backend };
        Assert.Equal(backend, unpool.Backend);
        var (pooled, indices) = pool.ForwardWithIndices(Tensors.ReadOnly(x, 2, 3, 9, 8));
        var restored = unpool.Forward(pooled, indices, (9, 8));
        Assert.Equal([2, 3, 9, 8], Tensors.Shape(restored));
        Compare.Exact(Tensors.ToArray(Functional.MaxUnpool2d(pooled, indices, 2, outputSize: (9, 8), backend: KernelBackend.Managed)),
            Tensors.ToArray(restored), "unpool2d module".On(backend));
        Assert.Equal([2, 3, 8, 8], Tensors.Shape(unpool.Forward(pooled, indices)));

        var (p1, i1) = Functional.MaxPool1dWithIndices(Tensors.ReadOnly(x, 6, 72), 3, 2, 1, backend: backend);
        var u1 = new NN.MaxUnpool1d(3, 2, 1) { Backend = backend }.Forward(p1, i1, 72);
        Compare.Exact(Tensors.ToArray(Functional.MaxUnpool1d(p1, i1, 3, 2, 1, 72, KernelBackend.Managed)), Tensors.ToArray(u1), "unpool1d module".On(backend));

        var (p3, i3) = Functional.MaxPool3dWithIndices(Tensors.ReadOnly(x, 1, 6, 12, 6), 2, backend: backend);
        var u3 = new NN.MaxUnpool3d(2) { Backend = backend }.Forward(p3, i3);
        Compare.Exact(Tensors.ToArray(Functional.MaxUnpool3d(p3, i3, 2, backend: KernelBackend.Managed)), Tensors.ToArray(u3), "unpool3d module".On(backend));
    }

    [Theory, MemberData(nameof(Backends))]
    public void Sequential_ChainsAdaptiveGlobalAndChannelPools(KernelBackend backend)
    {
        using var net = new NN.Sequential(new NN.ChannelMaxPool(), new NN.AdaptiveAvgPool2d((4, 4)), new NN.AdaptiveMaxPool2d(2), new NN.GlobalAvgPool2d())
        {
            Backend = backend,
        };
        float[] x = Fill.Normal(new Random(63), 2 * 3 * 9 * 9);
        var y = net.Forward(Tensors.ReadOnly(x, 2, 3, 9, 9));
        Assert.Equal([2, 1, 1, 1], Tensors.Shape(y));
        Assert.Equal([2, 1, 1, 1], net.OutputShape([2, 3, 9, 9]).ToArray());
        var expected = Functional.GlobalAvgPool2d(Functional.AdaptiveMaxPool2d(Functional.AdaptiveAvgPool2d(
            Functional.ChannelMaxPool(Tensors.ReadOnly(x, 2, 3, 9, 9), KernelBackend.Managed), 4, KernelBackend.Managed), 2, KernelBackend.Managed),
            KernelBackend.Managed);
        // Sums of non-integers: within float rounding of the managed reference.
        var actual = Tensors.ToArray(y);
        var want = Tensors.ToArray(expected);
        for (int i = 0; i < want.Length; i++)
            Assert.True(Math.Abs(want[i] - actual[i]) <= 1e-5 * (1 + Math.Abs(want[i])), $"[{i}] {want[i]} vs {actual[i]}".On(backend));
        Assert.True(net.Flops([2, 3, 9, 9]) > 0);
        Assert.Contains("AdaptiveAvgPool2d(output_size=4)", net.ToString());
    }
}
