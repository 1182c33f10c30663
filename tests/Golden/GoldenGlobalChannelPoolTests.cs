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
        var expected = FloatTensor(c.GetProperty("output"));
        string repro = name.On(backend);
        var output = Functional.GlobalAvgPool2d(input.Span, backend);
        Compare.Shape(expected.Shape, Tensors.Shape(output), repro);
        AverageMatches(c, Tensors.ToArray(output), repro);

        float[] destination = Poisoned(expected);
        Functional.GlobalAvgPool2d(input.Span, Tensors.Writable(destination, expected.Shape), backend);
        AverageMatches(c, destination, repro + " destination");
    }

    [Theory, MemberData(nameof(GlobalMax))]
    public void GlobalMaxPool2d_MatchesPyTorch(KernelBackend backend, string name)
    {
        JsonElement c = Case("global_maxpool2d", name);
        var input = FloatTensor(c.GetProperty("input"));
        var expected = FloatTensor(c.GetProperty("output"));
        var indices = LongTensor(c.GetProperty("indices"));
        string repro = name.On(backend);
        ShapeAndValues(expected, Functional.GlobalMaxPool2d(input.Span, backend), repro);
        var (values, actualIndices) = Functional.GlobalMaxPool2dWithIndices(input.Span, backend);
        ShapeAndValues(expected, values, repro + " with indices");
        ShapeAndIndices(indices, actualIndices, repro);

        float[] output = Poisoned(expected), withIndices = Poisoned(expected);
        var destinationIndices = new long[indices.Data.Length];
        Array.Fill(destinationIndices, -7L);
        Functional.GlobalMaxPool2d(input.Span, Tensors.Writable(output, expected.Shape), backend);
        Functional.GlobalMaxPool2dWithIndices(input.Span, Tensors.Writable(withIndices, expected.Shape),
            Tensors.Writable(destinationIndices, indices.Shape), backend);
        Compare.Exact(expected.Data, output, repro + " destination");
        Compare.Exact(expected.Data, withIndices, repro + " destination with indices");
        Compare.Exact(indices.Data, destinationIndices, repro + " destination indices");
    }

    [Theory, MemberData(nameof(ChannelAvg))]
    public void ChannelAvgPool_MatchesPyTorch(KernelBackend backend, string name)
    {
        JsonElement c = Case("channel_avgpool", name);
        var input = FloatTensor(c.GetProperty("input"));
        var expected = FloatTensor(c.GetProperty("output"));
        string repro = name.On(backend);
        var output = Functional.ChannelAvgPool(input.Span, backend);
        Compare.Shape(expected.Shape, Tensors.Shape(output), repro);
        AverageMatches(c, Tensors.ToArray(output), repro);

        float[] destination = Poisoned(expected);
        Functional.ChannelAvgPool(input.Span, Tensors.Writable(destination, expected.Shape), backend);
        AverageMatches(c, destination, repro + " destination");
    }

    [Theory, MemberData(nameof(ChannelMax))]
    public void ChannelMaxPool_MatchesPyTorch(KernelBackend backend, string name)
    {
        JsonElement c = Case("channel_maxpool", name);
        var input = FloatTensor(c.GetProperty("input"));
        var expected = FloatTensor(c.GetProperty("output"));
        string repro = name.On(backend);
        ShapeAndValues(expected, Functional.ChannelMaxPool(input.Span, backend), repro);

        float[] destination = Poisoned(expected);
        Functional.ChannelMaxPool(input.Span, Tensors.Writable(destination, expected.Shape), backend);
        Compare.Exact(expected.Data, destination, repro + " destination");
    }
}
