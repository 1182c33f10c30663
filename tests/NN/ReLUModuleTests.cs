using Xunit;

namespace KernelLib.Tests;

/// <summary>NN.ReLU: out of place and in place, shapes, no parameters.</summary>
[Trait("Category", "NN")]
public sealed class ReLUModuleTests
{
    public static TheoryData<KernelBackend> Backends => TestBackends.AvailableData;

    [Theory, MemberData(nameof(Backends))]
    public void Forward_MatchesFunctional(KernelBackend backend)
    {
        float[] x = Fill.Normal(new Random(41), 3 * 17);
        using var relu = new NN.ReLU { Backend = backend };
        var expected = Tensors.ToArray(Functional.ReLU(Tensors.ReadOnly(x, 3, 17), KernelBackend.Managed));

        var output = relu.Forward(Tensors.ReadOnly(x, 3, 17));

        Assert.False(relu.Inplace);
        Compare.Shape([3, 17], Tensors.Shape(output), "n3x17".On(backend));
        Compare.Exact(expected, Tensors.ToArray(output), "n3x17".On(backend));
        Assert.Equal(0, relu.ParameterCount);
        Assert.Equal([3, 17], relu.OutputShape([3, 17]).ToArray());
    }

    [Theory, MemberData(nameof(Backends))]
    public void InplaceModule_ForwardInPlaceOverwritesItsInput(KernelBackend backend)
    {
        float[] x = Fill.Normal(new Random(42), 29);
        var expected = x.Select(v => v < 0 ? 0f : v).ToArray();
        using var relu = new NN.ReLU(inplace: true) { Backend = backend };

        Assert.True(relu.Inplace);
        var output = relu.Forward(Tensors.ReadOnly((float[])x.Clone(), 29));
        relu.ForwardInPlace(Tensors.Writable(x, 29));

        Compare.Exact(expected, Tensors.ToArray(output), "n29 Forward".On(backend));
        Compare.Exact(expected, x, "n29 ForwardInPlace".On(backend));
    }
}
