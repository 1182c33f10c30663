using System.Text.Json;
using Xunit;
using static KernelLib.Tests.GoldenFixtures;

namespace KernelLib.Tests;

/// <summary>ReLU against PyTorch 1.13 (tests/fixtures/relu.json): exact, -0.0 stays -0.0, NaN stays NaN.</summary>
[Trait("Category", "Golden")]
public sealed class GoldenReLUTests
{
    public static TheoryData<KernelBackend, string> Cases => BackendsTimesCases("relu");

    [Theory, MemberData(nameof(Cases))]
    public void Functional_MatchesPyTorch(KernelBackend backend, string name)
    {
        var (input, expected) = Load(name);
        var output = Functional.ReLU(input.Span, backend);

        string repro = name.On(backend);
        Compare.Shape(expected.Shape, Tensors.Shape(output), repro);
        Compare.Exact(expected.Data, Tensors.ToArray(output), repro);
    }

    [Theory, MemberData(nameof(Cases))]
    public void DestinationAndInPlace_MatchPyTorch(KernelBackend backend, string name)
    {
        var (input, expected) = Load(name);
        var destination = Fill.Constant(expected.Data.Length, 42f);
        var sameMemory = (float[])input.Data.Clone();
        var inPlace = (float[])input.Data.Clone();

        Functional.ReLU(input.Span, Tensors.Writable(destination, input.Shape), backend);
        Functional.ReLU(Tensors.ReadOnly(sameMemory, input.Shape), Tensors.Writable(sameMemory, input.Shape), backend);
        Functional.ReLUInPlace(Tensors.Writable(inPlace, input.Shape), backend);

        string repro = name.On(backend);
        Compare.Exact(expected.Data, destination, repro + " destination");
        Compare.Exact(expected.Data, sameMemory, repro + " destination==input");
        Compare.Exact(expected.Data, inPlace, repro + " ReLUInPlace");
    }

    [Theory, MemberData(nameof(Cases))]
    public void Module_MatchesPyTorch(KernelBackend backend, string name)
    {
        var (input, expected) = Load(name);
        using var relu = new NN.ReLU { Backend = backend };
        using var reluInPlace = new NN.ReLU(inplace: true) { Backend = backend };
        var buffer = (float[])input.Data.Clone();

        var output = relu.Forward(input.Span);
        reluInPlace.ForwardInPlace(Tensors.Writable(buffer, input.Shape));

        string repro = name.On(backend);
        Compare.Exact(expected.Data, Tensors.ToArray(output), repro + " module");
        Compare.Exact(expected.Data, buffer, repro + " module ForwardInPlace");
    }

    private static (FixtureTensor<float> Input, FixtureTensor<float> Output) Load(string name)
    {
        JsonElement c = GoldenFixtures.Cases("relu")[name];
        return (FloatTensor(c.GetProperty("input")), FloatTensor(c.GetProperty("output")));
    }
}
