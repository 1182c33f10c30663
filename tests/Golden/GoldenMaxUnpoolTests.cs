using System.Text.Json;
using Xunit;
using static KernelLib.Tests.GoldenFixtures;
using static KernelLib.Tests.GoldenPoolFixtures;

namespace KernelLib.Tests;

/// <summary>MaxUnpool1d/2d/3d against PyTorch 1.13 (tests/fixtures/maxunpool{1,2,3}d.json): bit for bit, every backend.</summary>
[Trait("Category", "Golden")]
public sealed class GoldenMaxUnpoolTests
{
    public static TheoryData<KernelBackend, string> Cases1d => BackendsTimesCases("maxunpool1d");

    public static TheoryData<KernelBackend, string> Cases2d => BackendsTimesCases("maxunpool2d");

    public static TheoryData<KernelBackend, string> Cases3d => BackendsTimesCases("maxunpool3d");

    private sealed record UnpoolCase(FixtureTensor<float> Input, FixtureTensor<long> Indices, int[] Kernel, int[]? Stride,
        int[] Padding, int[]? OutputSize, FixtureTensor<float> Output)
    {
        public static UnpoolCase Load(string op, string name)
        {
            JsonElement c = Case(op, name);
            return new UnpoolCase(FloatTensor(c.GetProperty("input")), LongTensor(c.GetProperty("indices")), Ints(c.GetProperty("kernel")),
                OptionalInts(c.GetProperty("stride")), Ints(c.GetProperty("padding")), OptionalInts(c.GetProperty("output_size")),
                FloatTensor(c.GetProperty("output")));
        }
    }

    [Theory, MemberData(nameof(Cases1d))]
    public void MaxUnpool1d_MatchesPyTorch(KernelBackend backend, string name)
    {
        var c = UnpoolCase.Load("maxunpool1d", name);
        ExactBothOverloads(c.Output,
            () => Functional.MaxUnpool1d(c.Input.Span, c.Indices.Span, One(c.Kernel), Opt1(c.Stride), One(c.Padding),
                Opt1(c.OutputSize), backend),
            d => Functional.MaxUnpool1d(c.Input.Span, c.Indices.Span, One(c.Kernel), d, Opt1(c.Stride), One(c.Padding),
                Opt1(c.OutputSize), backend),
            name.On(backend));
    }

    [Theory, MemberData(nameof(Cases2d))]
    public void MaxUnpool2d_MatchesPyTorch(KernelBackend backend, string name)
    {
        var c = UnpoolCase.Load("maxunpool2d", name);
        ExactBothOverloads(c.Output,
            () => Functional.MaxUnpool2d(c.Input.Span, c.Indices.Span, Two(c.Kernel), Opt2(c.Stride), Two(c.Padding),
                Opt2(c.OutputSize), backend),
            d => Functional.MaxUnpool2d(c.Input.Span, c.Indices.Span, Two(c.Kernel), d, Opt2(c.Stride), Two(c.Padding),
                Opt2(c.OutputSize), backend),
            name.On(backend));
    }

    [Theory, MemberData(nameof(Cases3d))]
    public void MaxUnpool3d_MatchesPyTorch(KernelBackend backend, string name)
    {
        var c = UnpoolCase.Load("maxunpool3d", name);
        ExactBothOverloads(c.Output,
            () => Functional.MaxUnpool3d(c.Input.Span, c.Indices.Span, Three(c.Kernel), Opt3(c.Stride), Three(c.Padding),
                Opt3(c.OutputSize), backend),
            d => Functional.MaxUnpool3d(c.Input.Span, c.Indices.Span, Three(c.Kernel), d, Opt3(c.Stride), Three(c.Padding),
                Opt3(c.OutputSize), backend),
            name.On(backend));
    }
}
