using Xunit;

namespace KernelLib.Tests;

/// <summary>
/// NN.MaxPool1d/2d/3d and NN.AvgPool1d/2d/3d: PyTorch's constructor defaults, reprs (as torch 1.13 prints them),
/// OutputShape, Flops, and Forward / ForwardWithIndices against the functions.
/// </summary>
[Trait("Category", "NN")]
public sealed class PoolModuleTests
{
    public static TheoryData<KernelBackend> Backends => TestBackends.AvailableData;

    [Fact]
    public void ToString_MatchesPyTorchsRepr()
    {
        // print(torch.nn.MaxPool1d(3)), print(torch.nn.MaxPool1d(3, 2, 1, 2, True, True)) ...
        Assert.Equal("MaxPool1d(kernel_size=3, stride=3, padding=0, dilation=1, ceil_mode=False)", new NN.MaxPool1d(3).ToString());
        Assert.Equal("MaxPool1d(kernel_size=3, stride=2, padding=1, dilation=2, ceil_mode=True)", new NN.MaxPool1d(3, 2, 1, 2, true, true).ToString());
        Assert.Equal("MaxPool2d(kernel_size=3, stride=3, padding=0, dilation=1, ceil_mode=False)", new NN.MaxPool2d(3).ToString());
        Assert.Equal("MaxPool2d(kernel_size=(3, 2), stride=(2, 1), padding=(1, 0), dilation=(1, 2), ceil_mode=True)",
            new NN.MaxPool2d((3, 2), (2, 1), (1, 0), (1, 2), true, true).ToString());
        Assert.Equal("MaxPool3d(kernel_size=3, stride=3, padding=0, dilation=1, ceil_mode=False)", new NN.MaxPool3d(3).ToString());
        Assert.Equal("MaxPool3d(kernel_size=(3, 2, 1), stride=(2, 1, 1), padding=(1, 0, 0), dilation=(1, 2, 1), ceil_mode=True)",
            new NN.MaxPool3d((3, 2, 1), (2, 1, 1), (1, 0, 0), (1, 2, 1), true, true).ToString());
        // AvgPool1d stores _single(...) tuples; no AvgPool prints ceil_mode, count_include_pad or divisor_override.
        Assert.Equal("AvgPool1d(kernel_size=(3,), stride=(3,), padding=(0,))", new NN.AvgPool1d(3).ToString());
        Assert.Equal("AvgPool1d(kernel_size=(3,), stride=(2,), padding=(1,))", new NN.AvgPool1d(3, 2, 1, true, false).ToString());
        Assert.Equal("AvgPool2d(kernel_size=3, stride=3, padding=0)", new NN.AvgPool2d(3).ToString());
        Assert.Equal("AvgPool2d(kernel_size=(3, 2), stride=(2, 1), padding=(1, 0))", new NN.AvgPool2d((3, 2), (2, 1), (1, 0), true, false, 5).ToString());
        Assert.Equal("AvgPool3d(kernel_size=3, stride=3, padding=0)", new NN.AvgPool3d(3).ToString());
        Assert.Equal("AvgPool3d(kernel_size=(3, 2, 1), stride=(2, 1, 1), padding=(1, 0, 0))", new NN.AvgPool3d((3, 2, 1), (2, 1, 1), (1, 0, 0), true, false, 5).ToString());
    }

    [Fact]
    public void Defaults_FollowPyTorch()
    {
        using var max1 = new NN.MaxPool1d(4);
        Assert.Equal((4, 4, 0, 1, false, false), (max1.KernelSize, max1.Stride, max1.Padding, max1.Dilation, max1.ReturnIndices, max1.CeilMode));
        using var max3 = new NN.MaxPool3d((3, 2, 1));
        Assert.Equal((new Size3(3, 2, 1), new Size3(3, 2, 1), new Size3(0, 0, 0), new Size3(1, 1, 1)), (max3.KernelSize, max3.Stride, max3.Padding, max3.Dilation));
        Assert.False(max3.ReturnIndices || max3.CeilMode);
        using var avg1 = new NN.AvgPool1d(3);
        Assert.Equal((3, 3, 0, false, true), (avg1.KernelSize, avg1.Stride, avg1.Padding, avg1.CeilMode, avg1.CountIncludePad));
        using var avg2 = new NN.AvgPool2d((3, 2));
        Assert.Equal((new Size2(3, 2), new Size2(3, 2), new Size2(0, 0), false, true, (int?)null),
            (avg2.KernelSize, avg2.Stride, avg2.Padding, avg2.CeilMode, avg2.CountIncludePad, avg2.DivisorOverride));
        using var avg3 = new NN.AvgPool3d(2, 1, 1, ceilMode: true, countIncludePad: false, divisorOverride: -3);
        Assert.Equal((new Size3(2, 2, 2), new Size3(1, 1, 1), new Size3(1, 1, 1), true, false, (int?)-3),
            (avg3.KernelSize, avg3.Stride, avg3.Padding, avg3.CeilMode, avg3.CountIncludePad, avg3.DivisorOverride));
        Assert.Equal(0, avg3.ParameterCount + max1.ParameterCount);
    }

    [Fact]
    public void OutputShapeAndFlops_FollowThePoolingFormula()
    {
        // Hand-computed: floor((10 + 2 - 2*2 - 1) / 2) + 1 = 4.
        using var max1 = new NN.MaxPool1d(3, 2, 1, 2);
        Assert.Equal([2, 3, 4], max1.OutputShape([2, 3, 10]).ToArray());
        Assert.Equal([3, 4], max1.OutputShape([3, 10]).ToArray());
        Assert.Equal(2 * 3 * 4 * 3, max1.Flops([2, 3, 10]));
        // max_pool1d allows an empty output.
        Assert.Equal([2, 3, 0], new NN.MaxPool1d(5).OutputShape([2, 3, 4]).ToArray());

        // Hand-computed: ceil((7 + 2 - 3) / 2) + 1 = 4 per dimension; 5 -> 3 for depth.
        using var max3 = new NN.MaxPool3d(3, 2, 1, ceilMode: true);
        Assert.Equal([2, 3, 3, 4, 4], max3.OutputShape([2, 3, 5, 7, 7]).ToArray());
        Assert.Equal([3, 3, 4, 4], max3.OutputShape([3, 5, 7, 7]).ToArray());
        Assert.Equal(2L * 3 * 3 * 4 * 4 * 27, max3.Flops([2, 3, 5, 7, 7]));

        // Hand-computed: ceil((5 + 2 - 2) / 2) + 1 = 4, but (4 - 1) * 2 >= 5 + 1, so 3.
        using var avg1 = new NN.AvgPool1d(2, 2, 1, ceilMode: true);
        Assert.Equal([1, 3, 3], avg1.OutputShape([1, 3, 5]).ToArray());
        using var avg2 = new NN.AvgPool2d((3, 1), (2, 1), (1, 0));
        Assert.Equal([4, 4, 3, 5], avg2.OutputShape([4, 4, 5, 5]).ToArray());
        Assert.Equal(4L * 4 * 3 * 5 * 3, avg2.Flops([4, 4, 5, 5]));
        using var avg3 = new NN.AvgPool3d(2);
        Assert.Equal([3, 1, 2, 3], avg3.OutputShape([3, 2, 4, 6]).ToArray());
        Assert.Equal(3L * 1 * 2 * 3 * 8, avg3.Flops([3, 2, 4, 6]));
    }

    [Theory, MemberData(nameof(Backends))]
    public void Forward_MatchesFunctional(KernelBackend backend)
    {
        var rng = new Random(52);
        float[] x1 = Fill.Normal(rng, 2 * 3 * 17), x2 = Fill.Normal(rng, 2 * 3 * 9 * 10), x3 = Fill.Normal(rng, 2 * 3 * 5 * 6 * 7);

        using (var m = new NN.MaxPool1d(3, 2, 1, 2, returnIndices: true, ceilMode: true) { Backend = backend })
        {
            var (v, i) = Functional.MaxPool1dWithIndices(Tensors.ReadOnly(x1, 2, 3, 17), 3, 2, 1, 2, true, KernelBackend.Managed);
            Compare.Exact(Tensors.ToArray(v), Tensors.ToArray(m.Forward(Tensors.ReadOnly(x1, 2, 3, 17))), "MaxPool1d".On(backend));
            var (mv, mi) = m.ForwardWithIndices(Tensors.ReadOnly(x1, 2, 3, 17));
            Compare.Exact(Tensors.ToArray(v), Tensors.ToArray(mv), "MaxPool1d ForwardWithIndices".On(backend));
            Compare.Exact(Tensors.ToArray(i), Tensors.ToArray(mi), "MaxPool1d indices".On(backend));
        }
        using (var m = new NN.MaxPool3d((3, 2, 2), (2, 1, 2), (1, 0, 1), (1, 2, 1), returnIndices: true, ceilMode: true) { Backend = backend })
        {
            var (v, i) = Functional.MaxPool3dWithIndices(Tensors.ReadOnly(x3, 2, 3, 5, 6, 7), (3, 2, 2), (2, 1, 2), (1, 0, 1), (1, 2, 1), true, KernelBackend.Managed);
            Compare.Exact(Tensors.ToArray(v), Tensors.ToArray(m.Forward(Tensors.ReadOnly(x3, 2, 3, 5, 6, 7))), "MaxPool3d".On(backend));
            var (mv, mi) = m.ForwardWithIndices(Tensors.ReadOnly(x3, 2, 3, 5, 6, 7));
            Compare.Exact(Tensors.ToArray(v), Tensors.ToArray(mv), "MaxPool3d ForwardWithIndices".On(backend));
            Compare.Exact(Tensors.ToArray(i), Tensors.ToArray(mi), "MaxPool3d indices".On(backend));
        }
        using (var m = new NN.AvgPool1d(4, 3, 2, true, false) { Backend = backend })
        {
            var expected = Functional.AvgPool1d(Tensors.ReadOnly(x1, 2, 3, 17), 4, 3, 2, true, false, KernelBackend.Managed);
            Compare.Within(Tensors.ToArray(expected), Tensors.ToArray(m.Forward(Tensors.ReadOnly(x1, 2, 3, 17))), Tolerance(expected, 4), "AvgPool1d".On(backend));
        }
        using (var m = new NN.AvgPool2d((3, 2), (2, 1), (1, 1), true, true, 7) { Backend = backend })
        {
            var expected = Functional.AvgPool2d(Tensors.ReadOnly(x2, 2, 3, 9, 10), (3, 2), (2, 1), (1, 1), true, true, 7, KernelBackend.Managed);
            Compare.Within(Tensors.ToArray(expected), Tensors.ToArray(m.Forward(Tensors.ReadOnly(x2, 2, 3, 9, 10))), Tolerance(expected, 6), "AvgPool2d".On(backend));
        }
        using (var m = new NN.AvgPool3d(3, 2, 1, ceilMode: true, countIncludePad: false) { Backend = backend })
        {
            var expected = Functional.AvgPool3d(Tensors.ReadOnly(x3, 2, 3, 5, 6, 7), 3, 2, 1, true, false, null, KernelBackend.Managed);
            Compare.Within(Tensors.ToArray(expected), Tensors.ToArray(m.Forward(Tensors.ReadOnly(x3, 2, 3, 5, 6, 7))), Tolerance(expected, 27), "AvgPool3d".On(backend));
        }
    }

    [Fact]
    public void Constructors_ValidateLikeTheFunctions()
    {
        ErrorAssert.Throws(() => new NN.MaxPool1d(0), "kernelSize", "max_pool1d() kernel_size must be greater than zero, but got 0");
        ErrorAssert.Throws(() => new NN.MaxPool1d(2, 0), "stride", "max_pool1d() stride must be greater than zero, but got 0");
        ErrorAssert.Throws(() => new NN.MaxPool1d(3, 1, 2), "padding", "max_pool1d() padding should be at most half of kernel size");
        ErrorAssert.Throws(() => new NN.MaxPool1d(3, 1, -1), "padding", "max_pool1d() padding must be non-negative, but got -1");
        ErrorAssert.Throws(() => new NN.MaxPool1d(3, dilation: 0), "dilation", "max_pool1d() dilation must be greater than zero, but got 0");
        ErrorAssert.Throws(() => new NN.MaxPool3d((2, 0, 2)), "kernelSize", "kernel size should be greater than zero, but got kT: 2 kH: 0 kW: 2");
        ErrorAssert.Throws(() => new NN.MaxPool3d(2, (1, 1, 0)), "stride", "stride should not be zero");
        ErrorAssert.Throws(() => new NN.MaxPool3d(2, dilation: (0, 1, 1)), "dilation", "dilation should be greater than zero, but got dilationT: 0 dilationH: 1 dilationW: 1");
        ErrorAssert.Throws(() => new NN.MaxPool3d(3, padding: (2, 0, 0)), "padding", "pad should be at most half of kernel size, but got pad=2 and kernel_size=3");
        ErrorAssert.Throws(() => new NN.AvgPool1d(-1), "kernelSize", "kernel size should be greater than zero, but got kH: 1 kW: -1");
        ErrorAssert.Throws(() => new NN.AvgPool1d(2, -1), "stride", "stride should be greater than zero, but got dH: 1 dW: -1");
        ErrorAssert.Throws(() => new NN.AvgPool1d(2, padding: 2), "padding", "pad should be at most half of kernel size, but got pad=2 and kernel_size=2");
        ErrorAssert.Throws(() => new NN.AvgPool2d(2, divisorOverride: 0), "divisorOverride", "divisor must be not zero");
        ErrorAssert.Throws(() => new NN.AvgPool2d((2, 2), padding: (0, -1)), "padding", "pad must be non-negative, but got pad: -1");
        ErrorAssert.Throws(() => new NN.AvgPool3d(2, divisorOverride: 0), "divisorOverride", "divisor must be not zero");
        ErrorAssert.Throws(() => new NN.AvgPool3d((2, 2, 0)), "kernelSize", "kernel size should be greater than zero, but got kT: 2 kH: 2 kW: 0");
    }

    [Fact]
    public void OutputShapeOfInvalidInput_Throws()
    {
        string[] shapeParameters = ["input", "inputShape"];
        ErrorAssert.ThrowsNamingOneOf(() => new NN.MaxPool1d(2).OutputShape([8]), shapeParameters, "max_pool1d: Expected 2D or 3D (batch mode) tensor");
        ErrorAssert.ThrowsNamingOneOf(() => new NN.MaxPool3d(2).OutputShape([4, 4, 4]), shapeParameters, "non-empty 4D or 5D (batch mode) tensor expected for input");
        ErrorAssert.ThrowsNamingOneOf(() => new NN.MaxPool3d(3).OutputShape([1, 2, 2, 6, 6]), shapeParameters, "Output size is too small");
        ErrorAssert.ThrowsNamingOneOf(() => new NN.AvgPool1d(3).OutputShape([1, 2, 2]), shapeParameters, "Output size is too small");
        ErrorAssert.ThrowsNamingOneOf(() => new NN.AvgPool2d(2).OutputShape([1, 1, 1, 4, 4]), shapeParameters, "Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size");
        ErrorAssert.ThrowsNamingOneOf(() => new NN.AvgPool3d(3, 1, 1).OutputShape([1, 2, 2, 6, 6]), shapeParameters, "input image (T: 2 H: 6 W: 6) smaller than kernel size");
        ErrorAssert.ThrowsNamingOneOf(() => new NN.AvgPool3d(2).Flops([1, 0, 4, 4, 4]), shapeParameters, "avg_pool3d(): Expected input's non-batch dimensions");
        ErrorAssert.ThrowsNamingOneOf(() => new NN.MaxPool3d(2).OutputShape([1, 1, -1, 4, 4]), shapeParameters, "negative dimension");
        ErrorAssert.ThrowsNamingOneOf(() => new NN.AvgPool1d(2).OutputShape([-2, 1, 4]), shapeParameters, "negative dimension");
    }

    [Fact]
    public void Sequential_SummarisesPoolingLayers()
    {
        using var model = new NN.Sequential(new NN.MaxPool3d(2), new NN.AvgPool3d((1, 2, 2)));
        string summary = model.Summary([1, 2, 8, 8, 8]);
        Assert.Contains("MaxPool3d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)", summary);
        Assert.Contains("AvgPool3d(kernel_size=(1, 2, 2), stride=(1, 2, 2), padding=0)", summary);
        Assert.Equal([1, 2, 4, 2, 2], model.OutputShape([1, 2, 8, 8, 8]).ToArray());
    }

    private static double[] Tolerance(System.Numerics.Tensors.Tensor<float> expected, int windowSize) =>
        Tensors.ToArray(expected).Select(v => 1e-5 * Math.Sqrt(windowSize) * Math.Abs((double)v) + 1e-6).ToArray();
}
