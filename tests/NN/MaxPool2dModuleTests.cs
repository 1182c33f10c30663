using Xunit;

namespace KernelLib.Tests;

/// <summary>NN.MaxPool2d: PyTorch's defaults, Forward and ForwardWithIndices against the functions.</summary>
[Trait("Category", "NN")]
public sealed class MaxPool2dModuleTests
{
    public static TheoryData<KernelBackend> Backends => TestBackends.AvailableData;

    [Fact]
    public void Defaults_FollowPyTorch()
    {
        using var pool = new NN.MaxPool2d(3);
        Assert.Equal(new Size2(3, 3), pool.KernelSize);
        Assert.Equal(new Size2(3, 3), pool.Stride);
        Assert.Equal(new Size2(0, 0), pool.Padding);
        Assert.Equal(new Size2(1, 1), pool.Dilation);
        Assert.False(pool.ReturnIndices);
        Assert.False(pool.CeilMode);
        Assert.Equal(0, pool.ParameterCount);

        using var explicitPool = new NN.MaxPool2d((3, 2), (2, 1), (1, 0), (2, 3), returnIndices: true, ceilMode: true);
        Assert.Equal((new Size2(3, 2), new Size2(2, 1), new Size2(1, 0), new Size2(2, 3)),
            (explicitPool.KernelSize, explicitPool.Stride, explicitPool.Padding, explicitPool.Dilation));
        Assert.True(explicitPool.ReturnIndices && explicitPool.CeilMode);
    }

    [Fact]
    public void OutputShape_FollowsThePoolingFormula()
    {
        using var pool = new NN.MaxPool2d(3, 2, 1, ceilMode: true);
        // Hand-computed: ceil((7 + 2 - 2 - 1) / 2) + 1 = 4, and the last window starts inside the input.
        Assert.Equal([2, 3, 4, 4], pool.OutputShape([2, 3, 7, 7]).ToArray());
        Assert.Equal([3, 4, 4], pool.OutputShape([3, 7, 7]).ToArray());
        // Hand-computed: ceil((5 + 2 - 1 - 1) / 2) + 1 = 4, but (4 - 1) * 2 >= 5 + 1, so 3.
        using var dropLast = new NN.MaxPool2d(2, 2, 1, ceilMode: true);
        Assert.Equal([1, 3, 3], dropLast.OutputShape([1, 5, 5]).ToArray());
        Assert.True(pool.Flops([2, 3, 7, 7]) > 0);
    }

    [Theory, MemberData(nameof(Backends))]
    public void ForwardAndForwardWithIndices_MatchFunctional(KernelBackend backend)
    {
        float[] x = Fill.Normal(new Random(51), 2 * 3 * 11 * 10);
        var input = Tensors.ReadOnly(x, 2, 3, 11, 10);
        var (expected, expectedIndices) = Functional.MaxPool2dWithIndices(input, (3, 2), (2, 2), (1, 1), (1, 2), true, KernelBackend.Managed);
        using var pool = new NN.MaxPool2d((3, 2), (2, 2), (1, 1), (1, 2), returnIndices: true, ceilMode: true) { Backend = backend };

        var output = pool.Forward(input);
        var (withIndices, indices) = pool.ForwardWithIndices(input);

        string repro = Repro.Pool([2, 3, 11, 10], (3, 2), (2, 2), (1, 1), (1, 2), true).On(backend);
        Compare.Shape(Tensors.Shape(expected), Tensors.Shape(output), repro);
        Compare.Exact(Tensors.ToArray(expected), Tensors.ToArray(output), repro);
        Compare.Exact(Tensors.ToArray(expected), Tensors.ToArray(withIndices), repro + " ForwardWithIndices");
        Compare.Exact(Tensors.ToArray(expectedIndices), Tensors.ToArray(indices), repro + " indices");
    }
}
