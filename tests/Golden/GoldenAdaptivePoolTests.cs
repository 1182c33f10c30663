using System.Text.Json;
using Xunit;
using static KernelLib.Tests.GoldenFixtures;
using static KernelLib.Tests.GoldenPoolFixtures;

namespace KernelLib.Tests;

/// <summary>
/// AdaptiveAvgPool1d/2d/3d and AdaptiveMaxPool1d/2d/3d against PyTorch 1.13 (tests/fixtures/adaptive_*pool*d.json),
/// every backend: max values and indices bit for bit; avg as <see cref="GoldenPoolFixtures.AverageMatches"/>.
/// A null output size entry keeps the input's size (PyTorch's None).
/// </summary>
[Trait("Category", "Golden")]
public sealed class GoldenAdaptivePoolTests
{
    public static TheoryData<KernelBackend, string> Avg1d => BackendsTimesCases("adaptive_avgpool1d");
    public static TheoryData<KernelBackend, string> Avg2d => BackendsTimesCases("adaptive_avgpool2d");
    public static TheoryData<KernelBackend, string> Avg3d => BackendsTimesCases("adaptive_avgpool3d");
    public static TheoryData<KernelBackend, string> Max1d => BackendsTimesCases("adaptive_maxpool1d");
    public static TheoryData<KernelBackend, string> Max2d => BackendsTimesCases("adaptive_maxpool2d");
    public static TheoryData<KernelBackend, string> Max3d => BackendsTimesCases("adaptive_maxpool3d");

    private static (JsonElement Json, FixtureTensor<float> Input, int?[] OutputSize, FixtureTensor<float> Output) Load(string op, string name)
    {
        JsonElement c = Case(op, name);
        return (c, FloatTensor(c.GetProperty("input")), NullableInts(c.GetProperty("output_size")), FloatTensor(c.GetProperty("output")));
    }

    private static int Size1(int?[] s) => Assert.Single(s) ?? throw new FormatException("1-D output size cannot be null");

    private static AdaptiveSize2 Size2Of(int?[] s) => new(s[0], s[1]);

    private static AdaptiveSize3 Size3Of(int?[] s) => new(s[0], s[1], s[2]);

    [Theory, MemberData(nameof(Avg1d))]
    public void AdaptiveAvgPool1d_MatchesPyTorch(KernelBackend backend, string name)
    {
        var (json, input, size, _) = Load("adaptive_avgpool1d", name);
        AverageBothOverloads(json, () => Functional.AdaptiveAvgPool1d(input.Span, Size1(size), backend),
            d => Functional.AdaptiveAvgPool1d(input.Span, Size1(size), d, backend), name.On(backend));
    }

    [Theory, MemberData(nameof(Avg2d))]
    public void AdaptiveAvgPool2d_MatchesPyTorch(KernelBackend backend, string name)
    {
        var (json, input, size, _) = Load("adaptive_avgpool2d", name);
        AverageBothOverloads(json, () => Functional.AdaptiveAvgPool2d(input.Span, Size2Of(size), backend),
            d => Functional.AdaptiveAvgPool2d(input.Span, Size2Of(size), d, backend), name.On(backend));
    }

    [Theory, MemberData(nameof(Avg3d))]
    public void AdaptiveAvgPool3d_MatchesPyTorch(KernelBackend backend, string name)
    {
        var (json, input, size, _) = Load("adaptive_avgpool3d", name);
        AverageBothOverloads(json, () => Functional.AdaptiveAvgPool3d(input.Span, Size3Of(size), backend),
            d => Functional.AdaptiveAvgPool3d(input.Span, Size3Of(size), d, backend), name.On(backend));
    }

    [Theory, MemberData(nameof(Max1d))]
    public void AdaptiveMaxPool1d_MatchesPyTorch(KernelBackend backend, string name)
    {
        var (json, input, size, expected) = Load("adaptive_maxpool1d", name);
        MaxAllocating(expected, LongTensor(json.GetProperty("indices")),
            () => Functional.AdaptiveMaxPool1d(input.Span, Size1(size), backend),
            () => Functional.AdaptiveMaxPool1dWithIndices(input.Span, Size1(size), backend), name.On(backend));
    }

    [Theory, MemberData(nameof(Max2d))]
    public void AdaptiveMaxPool2d_MatchesPyTorch(KernelBackend backend, string name)
    {
        var (json, input, size, expected) = Load("adaptive_maxpool2d", name);
        MaxAllocating(expected, LongTensor(json.GetProperty("indices")),
            () => Functional.AdaptiveMaxPool2d(input.Span, Size2Of(size), backend),
            () => Functional.AdaptiveMaxPool2dWithIndices(input.Span, Size2Of(size), backend), name.On(backend));
    }

    [Theory, MemberData(nameof(Max3d))]
    public void AdaptiveMaxPool3d_MatchesPyTorch(KernelBackend backend, string name)
    {
        var (json, input, size, expected) = Load("adaptive_maxpool3d", name);
        MaxAllocating(expected, LongTensor(json.GetProperty("indices")),
            () => Functional.AdaptiveMaxPool3d(input.Span, Size3Of(size), backend),
            () => Functional.AdaptiveMaxPool3dWithIndices(input.Span, Size3Of(size), backend), name.On(backend));
    }

    [Theory, MemberData(nameof(Max2d))]
    public void AdaptiveMaxPool2d_DestinationOverloads_MatchPyTorch(KernelBackend backend, string name)
    {
        var (json, input, size, expected) = Load("adaptive_maxpool2d", name);
        MaxIntoDestinations(expected, LongTensor(json.GetProperty("indices")),
            d => Functional.AdaptiveMaxPool2d(input.Span, Size2Of(size), d, backend),
            (d, i) => Functional.AdaptiveMaxPool2dWithIndices(input.Span, Size2Of(size), d, i, backend), name.On(backend));
    }
}
