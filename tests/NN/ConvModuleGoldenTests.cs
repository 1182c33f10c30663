using System.Text.Json;
using Xunit;

namespace KernelLib.Tests;

/// <summary>
/// The convolution modules and blocks against real PyTorch 1.13 (tests/fixtures/gen_conv_modules.py): repr,
/// parameter count, output shape, and the output with PyTorch's weights loaded through SetParameters. Inputs and
/// weights are small integers, so outputs must match exactly.
/// </summary>
[Trait("Category", "NN")]
public sealed class ConvModuleGoldenTests
{
    public static TheoryData<KernelBackend, string> Cases => GoldenFixtures.BackendsTimesCases(ConvModuleFixtures.Op);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Module_MatchesPyTorch(KernelBackend backend, string name)
    {
        JsonElement c = GoldenFixtures.Cases(ConvModuleFixtures.Op)[name];
        using NN.Module module = ConvModuleFixtures.Build(c.GetProperty("module").GetString()!, c.GetProperty("args"));
        module.Backend = backend;
        string repro = $"{name} {module.GetType().Name}".On(backend);

        Assert.Equal(c.GetProperty("repr").GetString(), module.ToString());
        Assert.Equal(c.GetProperty("params").GetInt64(), module.ParameterCount);

        var weights = c.GetProperty("weights").EnumerateArray().Select(GoldenFixtures.FloatTensor).ToList();
        int next = 0;
        foreach (NN.ConvNd conv in ConvModuleFixtures.Convolutions(module))
        {
            if (conv.HasBias)
            {
                conv.SetParameters(weights[next].Span, weights[next + 1].Span);
                next += 2;
            }
            else
            {
                conv.SetParameters(weights[next++].Span);
            }
        }
        Assert.Equal(weights.Count, next);

        FixtureTensor<float> input = GoldenFixtures.FloatTensor(c.GetProperty("input"));
        FixtureTensor<float> expected = GoldenFixtures.FloatTensor(c.GetProperty("output"));
        Compare.NotMostlyZeros(expected.Data, repro);
        if (c.TryGetProperty("output_size", out JsonElement size))
        {
            var transposed = (NN.ConvTransposeNd)module;
            int[] outputSize = size.EnumerateArray().Select(e => e.GetInt32()).ToArray();
            Compare.Shape(expected.Shape, transposed.OutputShape(input.Shape, outputSize), repro + " OutputShape");
            var output = transposed.Forward(input.Span, outputSize);
            Compare.Shape(expected.Shape, Tensors.Shape(output), repro);
            Compare.SameValues(expected.Data, Tensors.ToArray(output), repro);
        }
        else
        {
            Compare.Shape(expected.Shape, module.OutputShape(input.Shape), repro + " OutputShape");
            var output = module.Forward(input.Span);
            Compare.Shape(expected.Shape, Tensors.Shape(output), repro);
            Compare.SameValues(expected.Data, Tensors.ToArray(output), repro);
        }
    }
}
