using System.Text.Json;
using Xunit;
using static KernelLib.Tests.GoldenFixtures;
using static KernelLib.Tests.GoldenPoolFixtures;

namespace KernelLib.Tests;

/// <summary>
/// AvgPool1d/2d/3d against PyTorch 1.13 (tests/fixtures/avgpool{1,2,3}d.json) on every backend: integer cases
/// exactly, random floats within 1e-5 * sqrt(K) relative (see <see cref="GoldenPoolFixtures.AverageMatches"/>).
/// </summary>
[Trait("Category", "Golden")]
public sealed class GoldenAvgPoolTests
{
    public static TheoryData<KernelBackend, string> Cases1d => BackendsTimesCases("avgpool1d");

    public static TheoryData<KernelBackend, string> Cases2d => BackendsTimesCases("avgpool2d");

    public static TheoryData<KernelBackend, string> Cases3d => BackendsTimesCases("avgpool3d");

    private sealed record AvgCase(JsonElement Json, FixtureTensor<float> Input, int[] Kernel, int[]? Stride, int[] Padding,
        bool CeilMode, bool CountIncludePad, int? DivisorOverride, FixtureTensor<float> Output)
    {
        public static AvgCase Load(string op, string name)
        {
            JsonElement c = Case(op, name);
            return new AvgCase(c, FloatTensor(c.GetProperty("input")), Ints(c.GetProperty("kernel")), OptionalInts(c.GetProperty("stride")),
                Ints(c.GetProperty("padding")), c.GetProperty("ceil_mode").GetBoolean(), c.GetProperty("count_include_pad").GetBoolean(),
                OptionalInt(c.GetProperty("divisor_override")), FloatTensor(c.GetProperty("output")));
        }
    }

    [Theory, MemberData(nameof(Cases1d))]
    public void AvgPool1d_MatchesPyTorch(KernelBackend backend, string name)
    {
        var c = AvgCase.Load("avgpool1d", name);
        Assert.Null(c.DivisorOverride);
        AverageBothOverloads(c.Json,
            () => Functional.AvgPool1d(c.Input.Span, One(c.Kernel), Opt1(c.Stride), One(c.Padding), c.CeilMode, c.CountIncludePad, backend),
            d => Functional.AvgPool1d(c.Input.Span, One(c.Kernel), d, Opt1(c.Stride), One(c.Padding), c.CeilMode, c.CountIncludePad,
                backend),
            name.On(backend));
    }

    [Theory, MemberData(nameof(Cases2d))]
    public void AvgPool2d_MatchesPyTorch(KernelBackend backend, string name)
    {
        var c = AvgCase.Load("avgpool2d", name);
        AverageBothOverloads(c.Json,
            () => Functional.AvgPool2d(c.Input.Span, Two(c.Kernel), Opt2(c.Stride), Two(c.Padding), c.CeilMode, c.CountIncludePad,
                c.DivisorOverride, backend),
            d => Functional.AvgPool2d(c.Input.Span, Two(c.Kernel), d, Opt2(c.Stride), Two(c.Padding), c.CeilMode, c.CountIncludePad,
                c.DivisorOverride, backend),
            name.On(backend));
    }

    [Theory, MemberData(nameof(Cases3d))]
    public void AvgPool3d_MatchesPyTorch(KernelBackend backend, string name)
    {
        var c = AvgCase.Load("avgpool3d", name);
        AverageBothOverloads(c.Json,
            () => Functional.AvgPool3d(c.Input.Span, Three(c.Kernel), Opt3(c.Stride), Three(c.Padding), c.CeilMode, c.CountIncludePad,
                c.DivisorOverride, backend),
            d => Functional.AvgPool3d(c.Input.Span, Three(c.Kernel), d, Opt3(c.Stride), Three(c.Padding), c.CeilMode,
                c.CountIncludePad, c.DivisorOverride, backend),
            name.On(backend));
    }
}
