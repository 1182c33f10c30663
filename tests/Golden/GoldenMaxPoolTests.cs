using System.Text.Json;
using Xunit;
using static KernelLib.Tests.GoldenFixtures;
using static KernelLib.Tests.GoldenPoolFixtures;

namespace KernelLib.Tests;

/// <summary>
/// MaxPool1d and MaxPool3d against PyTorch 1.13 (tests/fixtures/maxpool1d.json, maxpool3d.json): values and
/// indices bit for bit, on every backend, in the allocating, with-indices and destination forms.
/// MaxPool2d has its own file (GoldenMaxPool2dTests).
/// </summary>
[Trait("Category", "Golden")]
public sealed class GoldenMaxPoolTests
{
    public static TheoryData<KernelBackend, string> Cases1d => BackendsTimesCases("maxpool1d");

    public static TheoryData<KernelBackend, string> Cases3d => BackendsTimesCases("maxpool3d");

    private sealed record MaxCase(FixtureTensor<float> Input, int[] Kernel, int[]? Stride, int[] Padding, int[]? Dilation,
        bool CeilMode, FixtureTensor<float> Output, FixtureTensor<long> Indices)
    {
        public static MaxCase Load(string op, string name)
        {
            JsonElement c = Case(op, name);
            return new MaxCase(FloatTensor(c.GetProperty("input")), Ints(c.GetProperty("kernel")), OptionalInts(c.GetProperty("stride")),
                Ints(c.GetProperty("padding")), OptionalInts(c.GetProperty("dilation")), c.GetProperty("ceil_mode").GetBoolean(),
                FloatTensor(c.GetProperty("output")), LongTensor(c.GetProperty("indices")));
        }
    }

    [Theory, MemberData(nameof(Cases1d))]
    public void MaxPool1d_MatchesPyTorch(KernelBackend backend, string name)
    {
        var c = MaxCase.Load("maxpool1d", name);
        string repro = name.On(backend);
        int dilation = Opt1(c.Dilation) ?? 1;

        var output = Functional.MaxPool1d(c.Input.Span, One(c.Kernel), Opt1(c.Stride), One(c.Padding), dilation, c.CeilMode, backend);
        ShapeAndValues(c.Output, output, repro);

        var (values, indices) = Functional.MaxPool1dWithIndices(c.Input.Span, One(c.Kernel), Opt1(c.Stride), One(c.Padding), dilation,
            c.CeilMode, backend);
        ShapeAndValues(c.Output, values, repro + " with indices");
        ShapeAndIndices(c.Indices, indices, repro);
    }

    [Theory, MemberData(nameof(Cases1d))]
    public void MaxPool1d_DestinationOverloads_MatchPyTorch(KernelBackend backend, string name)
    {
        var c = MaxCase.Load("maxpool1d", name);
        string repro = name.On(backend);
        int dilation = Opt1(c.Dilation) ?? 1;
        float[] output = Poisoned(c.Output), withIndices = Poisoned(c.Output);
        var indices = new long[c.Indices.Data.Length];
        Array.Fill(indices, -7L);

        Functional.MaxPool1d(c.Input.Span, One(c.Kernel), Tensors.Writable(output, c.Output.Shape), Opt1(c.Stride), One(c.Padding),
            dilation, c.CeilMode, backend);
        Functional.MaxPool1dWithIndices(c.Input.Span, One(c.Kernel), Tensors.Writable(withIndices, c.Output.Shape),
            Tensors.Writable(indices, c.Indices.Shape), Opt1(c.Stride), One(c.Padding), dilation, c.CeilMode, backend);

        Compare.Exact(c.Output.Data, output, repro);
        Compare.Exact(c.Output.Data, withIndices, repro + " with indices");
        Compare.Exact(c.Indices.Data, indices, repro + " indices");
    }

    [Theory, MemberData(nameof(Cases3d))]
    public void MaxPool3d_MatchesPyTorch(KernelBackend backend, string name)
    {
        var c = MaxCase.Load("maxpool3d", name);
        string repro = name.On(backend);

        var output = Functional.MaxPool3d(c.Input.Span, Three(c.Kernel), Opt3(c.Stride), Three(c.Padding), Opt3(c.Dilation),
            c.CeilMode, backend);
        ShapeAndValues(c.Output, output, repro);

        var (values, indices) = Functional.MaxPool3dWithIndices(c.Input.Span, Three(c.Kernel), Opt3(c.Stride), Three(c.Padding),
            Opt3(c.Dilation), c.CeilMode, backend);
        ShapeAndValues(c.Output, values, repro + " with indices");
        ShapeAndIndices(c.Indices, indices, repro);
    }

    [Theory, MemberData(nameof(Cases3d))]
    public void MaxPool3d_DestinationOverloads_MatchPyTorch(KernelBackend backend, string name)
    {
        var c = MaxCase.Load("maxpool3d", name);
        string repro = name.On(backend);
        float[] output = Poisoned(c.Output), withIndices = Poisoned(c.Output);
        var indices = new long[c.Indices.Data.Length];
        Array.Fill(indices, -7L);

        Functional.MaxPool3d(c.Input.Span, Three(c.Kernel), Tensors.Writable(output, c.Output.Shape), Opt3(c.Stride),
            Three(c.Padding), Opt3(c.Dilation), c.CeilMode, backend);
        Functional.MaxPool3dWithIndices(c.Input.Span, Three(c.Kernel), Tensors.Writable(withIndices, c.Output.Shape),
            Tensors.Writable(indices, c.Indices.Shape), Opt3(c.Stride), Three(c.Padding), Opt3(c.Dilation), c.CeilMode, backend);

        Compare.Exact(c.Output.Data, output, repro);
        Compare.Exact(c.Output.Data, withIndices, repro + " with indices");
        Compare.Exact(c.Indices.Data, indices, repro + " indices");
    }
}
