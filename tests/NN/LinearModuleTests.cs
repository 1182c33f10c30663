using Xunit;

namespace KernelLib.Tests;

/// <summary>NN.Linear: PyTorch's initialisation, parameter handling, backends and disposal.</summary>
[Trait("Category", "NN")]
public sealed class LinearModuleTests
{
    [Theory]
    [InlineData(64, 32)]
    [InlineData(3, 200)]
    [InlineData(1000, 2)]
    public void ResetParameters_DrawsWithinOneOverSqrtFanIn(int inFeatures, int outFeatures)
    {
        using var linear = new NN.Linear(inFeatures, outFeatures, bias: true, new Random(31));
        float bound = 1f / MathF.Sqrt(inFeatures);
        float[] weight = Tensors.ToArray(linear.Weight), bias = Tensors.ToArray(linear.Bias);

        Assert.Equal(outFeatures * inFeatures, weight.Length);
        Assert.Equal(outFeatures, bias.Length);
        Assert.All(weight, v => Assert.InRange(v, -bound, bound));
        Assert.All(bias, v => Assert.InRange(v, -bound, bound));
        // Uniform over the whole interval, not a sliver of it.
        Assert.True(weight.Max() > 0.5f * bound && weight.Min() < -0.5f * bound, $"weights span [{weight.Min()}, {weight.Max()}] of ±{bound}");
    }

    [Fact]
    public void SameGenerator_SameParameters()
    {
        using var first = new NN.Linear(20, 10, bias: true, new Random(32));
        using var second = new NN.Linear(20, 10, bias: true, new Random(32));
        using var other = new NN.Linear(20, 10, bias: true, new Random(33));

        Assert.Equal(Tensors.ToArray(first.Weight), Tensors.ToArray(second.Weight));
        Assert.Equal(Tensors.ToArray(first.Bias), Tensors.ToArray(second.Bias));
        Assert.NotEqual(Tensors.ToArray(first.Weight), Tensors.ToArray(other.Weight));

        first.ResetParameters(new Random(33));
        Assert.Equal(Tensors.ToArray(other.Weight), Tensors.ToArray(first.Weight));
    }

    [Fact]
    public void Properties_AndParameterCount()
    {
        using var withBias = new NN.Linear(7, 5);
        using var withoutBias = new NN.Linear(7, 5, bias: false);

        Assert.Equal((7, 5, true), (withBias.InFeatures, withBias.OutFeatures, withBias.HasBias));
        Assert.Equal(7 * 5 + 5, withBias.ParameterCount);
        Assert.False(withoutBias.HasBias);
        Assert.Equal(7 * 5, withoutBias.ParameterCount);
        Assert.Equal(0, withoutBias.Bias.FlattenedLength);
        Assert.Equal([5, 7], withBias.Weight.Lengths.ToArray());
    }

    [Fact]
    public void OutputShapeAndFlops()
    {
        using var linear = new NN.Linear(7, 5);
        Assert.Equal([2, 3, 5], linear.OutputShape([2, 3, 7]).ToArray());
        Assert.Equal([5], linear.OutputShape([7]).ToArray());
        Assert.Equal(2L * (2 * 3) * 7 * 5, linear.Flops([2, 3, 7]));
    }

    [Fact]
    public void SetParameters_CopiesTheValues()
    {
        using var linear = new NN.Linear(3, 2);
        float[] w = [1, 2, 3, 4, 5, 6], b = [10, 20];
        linear.SetParameters(Tensors.ReadOnly(w, 2, 3), Tensors.ReadOnly(b, 2));
        w[0] = 100;
        b[0] = 100;

        Assert.Equal([1f, 2, 3, 4, 5, 6], Tensors.ToArray(linear.Weight));
        Assert.Equal([10f, 20], Tensors.ToArray(linear.Bias));
        // Hand-computed: [1, 1, 1] . rows + bias = [1+2+3+10, 4+5+6+20].
        Assert.Equal([16f, 35], Tensors.ToArray(linear.Forward(Tensors.ReadOnly([1f, 1, 1], 3))));
    }

    [Fact]
    public void ForwardOnEveryBackend_MatchesManagedFunctional()
    {
        var rng = new Random(34);
        float[] x = Fill.Integers(rng, 4 * 6 * 19), w = Fill.Integers(rng, 23 * 19), b = Fill.Integers(rng, 23);
        var expected = Tensors.ToArray(Functional.Linear(Tensors.ReadOnly(x, 4, 6, 19), Tensors.ReadOnly(w, 23, 19), Tensors.ReadOnly(b, 23), KernelBackend.Managed));
        float[] otherW = Fill.Integers(rng, 23 * 19), otherB = Fill.Integers(rng, 23);
        var expectedOther = Tensors.ToArray(Functional.Linear(Tensors.ReadOnly(x, 4, 6, 19), Tensors.ReadOnly(otherW, 23, 19), Tensors.ReadOnly(otherB, 23), KernelBackend.Managed));
        Compare.NotMostlyZeros(expected, "b4x6_i19o23_bias_int");

        foreach (var backend in TestBackends.Available)
        {
            using var linear = new NN.Linear(19, 23) { Backend = backend };
            linear.SetParameters(Tensors.ReadOnly(w, 23, 19), Tensors.ReadOnly(b, 23));
            var first = Tensors.ToArray(linear.Forward(Tensors.ReadOnly(x, 4, 6, 19)));
            // After new parameters the module must not keep using its old packed weights.
            linear.SetParameters(Tensors.ReadOnly(otherW, 23, 19), Tensors.ReadOnly(otherB, 23));
            var second = Tensors.ToArray(linear.Forward(Tensors.ReadOnly(x, 4, 6, 19)));

            string repro = "b4x6_i19o23_bias_int module " + linear.Implementation;
            Compare.SameValues(expected, first, repro.On(backend));
            Compare.SameValues(expectedOther, second, repro.On(backend) + " after SetParameters");
        }
    }

    [Fact]
    public void ResetParameters_ReplacesWhatForwardUses()
    {
        float[] x = Fill.Normal(new Random(35), 3 * 12);
        foreach (var backend in TestBackends.Available)
        {
            using var linear = new NN.Linear(12, 9, bias: true, new Random(36)) { Backend = backend };
            linear.Forward(Tensors.ReadOnly(x, 3, 12));
            linear.ResetParameters(new Random(37));
            var output = Tensors.ToArray(linear.Forward(Tensors.ReadOnly(x, 3, 12)));

            var expected = Tensors.ToArray(Functional.Linear(Tensors.ReadOnly(x, 3, 12), linear.Weight, linear.Bias, KernelBackend.Managed));
            var tolerance = SumTolerance.Linear(x, Tensors.ToArray(linear.Weight), Tensors.ToArray(linear.Bias), 12, 9);
            Compare.Within(expected, output, tolerance, "b3_i12o9_bias after ResetParameters".On(backend));
        }
    }

    [Fact]
    public void Implementation_NamesThePathThatRan()
    {
        using var managed = new NN.Linear(8, 4) { Backend = KernelBackend.Managed };
        managed.Forward(Tensors.ReadOnly(new float[8], 8));
        Assert.Equal("managed", managed.Implementation);

        if (!TestBackends.NativeOrDocumentedAbsence())
            return;
        using var native = new NN.Linear(8, 4) { Backend = KernelBackend.Native };
        native.Forward(Tensors.ReadOnly(new float[8], 8));
        Assert.StartsWith("linear/", native.Implementation);
        Assert.EndsWith("/" + KernelLibRuntime.ActiveIsa, native.Implementation);
    }

    [Fact]
    public void Dispose_IsIdempotentAndForwardAfterwardsThrows()
    {
        foreach (var backend in TestBackends.Available)
        {
            var linear = new NN.Linear(4, 3) { Backend = backend };
            linear.Forward(Tensors.ReadOnly(new float[4], 4));
            linear.Dispose();
            linear.Dispose();
            Assert.Throws<ObjectDisposedException>(() => linear.Forward(Tensors.ReadOnly(new float[4], 4)));
        }
    }
}
