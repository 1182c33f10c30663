using System.Text.Json;
using Xunit;
using static KernelLib.Tests.GoldenFixtures;

namespace KernelLib.Tests;

/// <summary>MaxPool2d against PyTorch 1.13 (tests/fixtures/maxpool2d.json): values and indices exact.</summary>
[Trait("Category", "Golden")]
public sealed class GoldenMaxPool2dTests
{
    public static TheoryData<KernelBackend, string> Cases => BackendsTimesCases("maxpool2d");

    public static TheoryData<string> CaseNames => new(GoldenFixtures.Cases("maxpool2d").Keys);

    [Theory, MemberData(nameof(Cases))]
    public void Output_MatchesPyTorch(KernelBackend backend, string name)
    {
        var c = PoolCase.Load(name);
        var output = Functional.MaxPool2d(c.Input.Span, c.Kernel, c.Stride, c.Padding, c.Dilation, c.CeilMode, backend);

        string repro = name.On(backend);
        Compare.Shape(c.Output.Shape, Tensors.Shape(output), repro);
        Compare.Exact(c.Output.Data, Tensors.ToArray(output), repro);
    }

    [Theory, MemberData(nameof(Cases))]
    public void OutputAndIndices_MatchPyTorch(KernelBackend backend, string name)
    {
        var c = PoolCase.Load(name);
        var (output, indices) = Functional.MaxPool2dWithIndices(c.Input.Span, c.Kernel, c.Stride, c.Padding, c.Dilation, c.CeilMode, backend);

        string repro = name.On(backend);
        Compare.Shape(c.Output.Shape, Tensors.Shape(output), repro);
        Compare.Shape(c.Indices.Shape, Tensors.Shape(indices), repro);
        Compare.Exact(c.Output.Data, Tensors.ToArray(output), repro);
        Compare.Exact(c.Indices.Data, Tensors.ToArray(indices), repro + " indices");
    }

    [Theory, MemberData(nameof(Cases))]
    public void DestinationOverloads_MatchPyTorch(KernelBackend backend, string name)
    {
        var c = PoolCase.Load(name);
        var output = Fill.Constant(c.Output.Data.Length, float.NaN);
        var withIndices = Fill.Constant(c.Output.Data.Length, float.NaN);
        var indices = new long[c.Indices.Data.Length];
        Array.Fill(indices, -7L);

        Functional.MaxPool2d(c.Input.Span, c.Kernel, Tensors.Writable(output, c.Output.Shape),
            c.Stride, c.Padding, c.Dilation, c.CeilMode, backend);
        Functional.MaxPool2dWithIndices(c.Input.Span, c.Kernel, Tensors.Writable(withIndices, c.Output.Shape),
            Tensors.Writable(indices, c.Indices.Shape), c.Stride, c.Padding, c.Dilation, c.CeilMode, backend);

        string repro = name.On(backend);
        Compare.Exact(c.Output.Data, output, repro);
        Compare.Exact(c.Output.Data, withIndices, repro + " with indices");
        Compare.Exact(c.Indices.Data, indices, repro + " indices");
    }

    [Theory, MemberData(nameof(CaseNames))]
    public void PoolOutputSize_MatchesPyTorchShape(string name)
    {
        var c = PoolCase.Load(name);
        Size2 stride = c.Stride ?? c.Kernel, dilation = c.Dilation ?? 1;
        int h = (int)c.Input.Shape[^2], w = (int)c.Input.Shape[^1];

        Assert.Equal(c.Output.Shape[^2], Functional.PoolOutputSize(h, c.Kernel.Height, stride.Height, c.Padding.Height, dilation.Height, c.CeilMode));
        Assert.Equal(c.Output.Shape[^1], Functional.PoolOutputSize(w, c.Kernel.Width, stride.Width, c.Padding.Width, dilation.Width, c.CeilMode));
    }

    private sealed record PoolCase(FixtureTensor<float> Input, Size2 Kernel, Size2? Stride, Size2 Padding, Size2? Dilation,
        bool CeilMode, FixtureTensor<float> Output, FixtureTensor<long> Indices)
    {
        public static PoolCase Load(string name)
        {
            JsonElement c = GoldenFixtures.Cases("maxpool2d")[name];
            return new PoolCase(FloatTensor(c.GetProperty("input")), Size(c.GetProperty("kernel")), OptionalSize(c.GetProperty("stride")),
                Size(c.GetProperty("padding")), OptionalSize(c.GetProperty("dilation")), c.GetProperty("ceil_mode").GetBoolean(),
                FloatTensor(c.GetProperty("output")), LongTensor(c.GetProperty("indices")));
        }
    }
}
