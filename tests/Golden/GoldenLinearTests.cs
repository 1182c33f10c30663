using System.Text.Json;
using Xunit;
using static KernelLib.Tests.GoldenFixtures;

namespace KernelLib.Tests;

/// <summary>
/// Linear against PyTorch 1.13 (tests/fixtures/linear.json). Integer cases must match exactly (threshold 0);
/// random cases within SumTolerance.Linear (2 * (in + 2) * 2^-24 * sum|x*w| + |b|).
/// </summary>
[Trait("Category", "Golden")]
public sealed class GoldenLinearTests
{
    public static TheoryData<KernelBackend, string> Cases => BackendsTimesCases("linear");

    [Theory, MemberData(nameof(Cases))]
    public void Functional_MatchesPyTorch(KernelBackend backend, string name)
    {
        var c = LinearCase.Load(name);
        var output = c.Bias is null
            ? Functional.Linear(c.Input.Span, c.Weight.Span, backend)
            : Functional.Linear(c.Input.Span, c.Weight.Span, c.Bias.Span, backend);

        c.Check(Tensors.Shape(output), Tensors.ToArray(output), name.On(backend));
    }

    [Theory, MemberData(nameof(Cases))]
    public void DestinationOverload_MatchesPyTorch(KernelBackend backend, string name)
    {
        var c = LinearCase.Load(name);
        var output = Fill.Constant(c.Output.Data.Length, float.NaN);
        if (c.Bias is null)
            Functional.Linear(c.Input.Span, c.Weight.Span, Tensors.Writable(output, c.Output.Shape), backend);
        else
            Functional.Linear(c.Input.Span, c.Weight.Span, c.Bias.Span, Tensors.Writable(output, c.Output.Shape), backend);

        c.Check(c.Output.Shape, output, name.On(backend));
    }

    [Theory, MemberData(nameof(Cases))]
    public void Module_MatchesPyTorch(KernelBackend backend, string name)
    {
        var c = LinearCase.Load(name);
        int outFeatures = (int)c.Weight.Shape[0], inFeatures = (int)c.Weight.Shape[1];
        using var linear = new NN.Linear(inFeatures, outFeatures, bias: c.Bias is not null, new Random(1)) { Backend = backend };
        if (c.Bias is null)
            linear.SetParameters(c.Weight.Span);
        else
            linear.SetParameters(c.Weight.Span, c.Bias.Span);

        var output = linear.Forward(c.Input.Span);
        var intoDestination = Fill.Constant(c.Output.Data.Length, float.NaN);
        linear.Forward(c.Input.Span, Tensors.Writable(intoDestination, c.Output.Shape));

        string repro = name.On(backend) + " module " + linear.Implementation;
        c.Check(Tensors.Shape(output), Tensors.ToArray(output), repro);
        c.Check(c.Output.Shape, intoDestination, repro + " destination");
    }

    private sealed record LinearCase(bool Exact, FixtureTensor<float> Input, FixtureTensor<float> Weight, FixtureTensor<float>? Bias,
        FixtureTensor<float> Output)
    {
        public static LinearCase Load(string name)
        {
            JsonElement c = GoldenFixtures.Cases("linear")[name];
            return new LinearCase(c.GetProperty("exact").GetBoolean(), FloatTensor(c.GetProperty("input")),
                FloatTensor(c.GetProperty("weight")), OptionalFloatTensor(c.GetProperty("bias")), FloatTensor(c.GetProperty("output")));
        }

        public void Check(ReadOnlySpan<nint> shape, float[] actual, string repro)
        {
            Compare.Shape(Output.Shape, shape, repro);
            if (Exact)
            {
                Compare.SameValues(Output.Data, actual, repro);
                return;
            }
            var tolerance = SumTolerance.Linear(Input.Data, Weight.Data, Bias?.Data ?? [], (int)Weight.Shape[1], (int)Weight.Shape[0]);
            Compare.Within(Output.Data, actual, tolerance, repro);
        }
    }
}
