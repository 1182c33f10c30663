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
        int dilation = Opt1(c.Dilation) ?? 1;
        MaxAllocating(c.Output, c.Indices,
            () => Functional.MaxPool1d(c.Input.Span, One(c.Kernel), Opt1(c.Stride), One(c.Padding), dilation, c.CeilMode, backend),
            () => Functional.MaxPool1dWithIndices(c.Input.Span, One(c.Kernel), Opt1(c.Stride), One(c.Padding), dilation, c.CeilMode,
                backend),
            name.On(backend));
    }

    [Theory, MemberData(nameof(Cases1d))]
    public void MaxPool1d_DestinationOverloads_MatchPyTorch(KernelBackend backend, string name)
    {
        var c = MaxCase.Load("maxpool1d", name);
        int dilation = Opt1(c.Dilation) ?? 1;
        MaxIntoDestinations(c.Output, c.Indices,
            d => Functional.MaxPool1d(c.Input.Span, One(c.Kernel), d, Opt1(c.Stride), One(c.Padding), dilation, c.CeilMode, backend),
            (d, i) => Functional.MaxPool1dWithIndices(c.Input.Span, One(c.Kernel), d, i, Opt1(c.Stride), One(c.Padding), dilation,
                c.CeilMode, backend),
            name.On(backend));
    }

    [Theory, MemberData(nameof(Cases3d))]
    public void MaxPool3d_MatchesPyTorch(KernelBackend backend, string name)
    {
        var c = MaxCase.Load("maxpool3d", name);
        MaxAllocating(c.Output, c.Indices,
            () => Functional.MaxPool3d(c.Input.Span, Three(c.Kernel), Opt3(c.Stride), Three(c.Padding), Opt3(c.Dilation), c.CeilMode,
                backend),
            () => Functional.MaxPool3dWithIndices(c.Input.Span, Three(c.Kernel), Opt3(c.Stride), Three(c.Padding), Opt3(c.Dilation),
                c.CeilMode, backend),
            name.On(backend));
    }

    [Theory, MemberData(nameof(Cases3d))]
    public void MaxPool3d_DestinationOverloads_MatchPyTorch(KernelBackend backend, string name)
    {
        var c = MaxCase.Load("maxpool3d", name);
        MaxIntoDestinations(c.Output, c.Indices,
            d => Functional.MaxPool3d(c.Input.Span, Three(c.Kernel), d, Opt3(c.Stride), Three(c.Padding), Opt3(c.Dilation), c.CeilMode,
                backend),
            (d, i) => Functional.MaxPool3dWithIndices(c.Input.Span, Three(c.Kernel), d, i, Opt3(c.Stride), Three(c.Padding),
                Opt3(c.Dilation), c.CeilMode, backend),
            name.On(backend));
    }
}
