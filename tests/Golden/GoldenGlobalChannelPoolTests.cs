using System.Text.Json;
using Xunit;
using static KernelLib.Tests.GoldenFixtures;
using static KernelLib.Tests.GoldenPoolFixtures;

namespace KernelLib.Tests;

/// <summary>
/// GlobalAvgPool2d / GlobalMaxPool2d (PyTorch: adaptive pooling with output 1) and ChannelAvgPool / ChannelMaxPool
/// (PyTorch: x.mean / x.max over dim 1, keepdim) against PyTorch 1.13 (tests/fixtures/global_*pool2d.json,
/// channel_*pool.json), every backend: max bit for bit (indices too), avg as <see cref="GoldenPoolFixtures.AverageMatches"/>.
/// </summary>
[Trait("Category", "Golden")]
public sealed class GoldenGlobalChannelPoolTests
{
    public static TheoryData<KernelBackend, string> GlobalAvg => BackendsTimesCases("global_avgpool2d");
    public static TheoryData<KernelBackend, string> GlobalMax => BackendsTimesCases("global_maxpool2d");
    public static TheoryData<KernelBackend, string> ChannelAvg => BackendsTimesCases("channel_avgpool");
    public static TheoryData<KernelBackend, string> ChannelMax => BackendsTimesCases("channel_maxpool");

    [Theory, MemberData(nameof(GlobalAvg))]
    public void GlobalAvgPool2d_MatchesPyTorch(KernelBackend backend, string name)
    {
        JsonElement c = Case("global_avgpool2d", name);
        var input = FloatTensor(c.GetProperty("input"));
        AverageBothOverloads(c, () => Functional.GlobalAvgPool2d(input.Span, backend),
            d => Functional.GlobalAvgPool2d(input.Span, d, backend), name.On(backend));
    }

    [Theory, MemberData(nameof(GlobalMax))]
    public void GlobalMaxPool2d_MatchesPyTorch(KernelBackend backend, string name)
    {
        JsonElement c = Case("global_maxpool2d", name);
        var input = FloatTensor(c.GetProperty("input"));
        var expected = FloatTensor(c.GetProperty("output"));
        var indices = LongTensor(c.GetProperty("indices"));
        string repro = name.On(backend);
        MaxAllocating(expected, indices, () => Functional.GlobalMaxPool2d(input.Span, backend),
            () => Functional.GlobalMaxPool2dWithIndices(input.Span, backend), repro);
        MaxIntoDestinations(expected, indices, d => Functional.GlobalMaxPool2d(input.Span, d, backend),
            (d, i) => Functional.GlobalMaxPool2dWithIndices(input.Span, d, i, backend), repro + " destination");
    }

    [Theory, MemberData(nameof(ChannelAvg))]
    public void ChannelAvgPool_MatchesPyTorch(KernelBackend backend, string name)
    {
        JsonElement c = Case("channel_avgpool", name);
        var input = FloatTensor(c.GetProperty("input"));
        AverageBothOverloads(c, () => Functional.ChannelAvgPool(input.Span, backend),
            d => Functional.ChannelAvgPool(input.Span, d, backend), name.On(backend));
    }

    [Theory, MemberData(nameof(ChannelMax))]
    public void ChannelMaxPool_MatchesPyTorch(KernelBackend backend, string name)
    {
        JsonElement c = Case("channel_maxpool", name);
        var input = FloatTensor(c.GetProperty("input"));
        ExactBothOverloads(FloatTensor(c.GetProperty("output")), () => Functional.ChannelMaxPool(input.Span, backend),
            d => Functional.ChannelMaxPool(input.Span, d, backend), name.On(backend));
    }
}
