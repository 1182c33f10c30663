using System.Numerics.Tensors;
using System.Text.Json;
using Xunit;
using static KernelLib.Tests.GoldenFixtures;
using static KernelLib.Tests.GoldenPoolFixtures;

namespace KernelLib.Tests;

/// <summary>
/// The pooling calls PyTorch 1.13 refuses (tests/fixtures/pool_errors.json) throw ArgumentException carrying
/// PyTorch's words: the message must contain every "expect" fragment, each a verbatim piece of PyTorch's message
/// (the generator checks that) without PyTorch's internal prefixes or the shapes of its internal reshapes; the
/// full message is in the fixture for reference. Runs on every backend: validation comes before any backend.
/// </summary>
[Trait("Category", "Golden")]
public sealed class GoldenPoolErrorTests
{
    public static TheoryData<KernelBackend, string> Cases => BackendsTimesCases("pool_errors");

    [Theory, MemberData(nameof(Cases))]
    public void InvalidCall_ThrowsWithPyTorchsWords(KernelBackend backend, string name)
    {
        JsonElement c = GoldenFixtures.Cases("pool_errors")[name];
        string op = c.GetProperty("op").GetString()!;
        nint[] shape = c.GetProperty("input").EnumerateArray().Select(e => (nint)e.GetInt64()).ToArray();
        var input = new float[Tensors.Elements(shape)];
        Array.Fill(input, 1f);
        var x = new ReadOnlyTensorSpan<float>(input, shape);
        FixtureTensor<long>? indices = c.GetProperty("indices").ValueKind == JsonValueKind.Null ? null : LongTensor(c.GetProperty("indices"));
        JsonElement args = c.GetProperty("args");
        string[] expect = c.GetProperty("expect").EnumerateArray().Select(e => e.GetString()!).ToArray();

        var ex = Assert.ThrowsAny<ArgumentException>(() => Invoke(op, input, shape, indices, args, backend));
        foreach (string fragment in expect)
        {
            Assert.True(ex.Message.Contains(fragment, StringComparison.Ordinal),
                $"{name.On(backend)}: the message should contain PyTorch's \"{fragment}\"; got {ex.GetType().Name}: {ex.Message}");
        }
    }

    private static void Invoke(string op, float[] data, nint[] shape, FixtureTensor<long>? indices, JsonElement args, KernelBackend backend)
    {
        var x = new ReadOnlyTensorSpan<float>(data, shape);
        int[] kernel = Sizes(args, "kernelSize") ?? [];
        int[]? stride = Sizes(args, "stride"), padding = Sizes(args, "padding"), dilation = Sizes(args, "dilation");
        int?[]? outputSize = args.TryGetProperty("outputSize", out JsonElement o) ? NullableInts(o) : null;
        int? divisor = args.TryGetProperty("divisorOverride", out JsonElement d) ? d.GetInt32() : null;
        bool ceil = args.TryGetProperty("ceilMode", out JsonElement cm) && cm.GetBoolean();
        bool includePad = !args.TryGetProperty("countIncludePad", out JsonElement ip) || ip.GetBoolean();
        ReadOnlyTensorSpan<long> idx = indices is null ? default : indices.Span;
        int[]? unpoolSize = outputSize?.Select(v => v ?? throw new FormatException("null unpool size")).ToArray();

        switch (op)
        {
            case "MaxPool1d":
                Functional.MaxPool1d(x, One(kernel), Opt1(stride), Opt1(padding) ?? 0, Opt1(dilation) ?? 1, ceil, backend);
                break;
            case "MaxPool1dWithIndices":
                Functional.MaxPool1dWithIndices(x, One(kernel), Opt1(stride), Opt1(padding) ?? 0, Opt1(dilation) ?? 1, ceil, backend);
                break;
            case "MaxPool2d":
                Functional.MaxPool2d(x, Two(kernel), Opt2(stride), Opt2(padding) ?? default, Opt2(dilation), ceil, backend);
                break;
            case "MaxPool3d":
                Functional.MaxPool3d(x, Three(kernel), Opt3(stride), Opt3(padding) ?? default, Opt3(dilation), ceil, backend);
                break;
            case "AvgPool1d":
                Functional.AvgPool1d(x, One(kernel), Opt1(stride), Opt1(padding) ?? 0, ceil, includePad, backend);
                break;
            case "AvgPool2d":
                Functional.AvgPool2d(x, Two(kernel), Opt2(stride), Opt2(padding) ?? default, ceil, includePad, divisor, backend);
                break;
            case "AvgPool3d":
                Functional.AvgPool3d(x, Three(kernel), Opt3(stride), Opt3(padding) ?? default, ceil, includePad, divisor, backend);
                break;
            case "MaxUnpool1d":
                Functional.MaxUnpool1d(x, idx, One(kernel), Opt1(stride), Opt1(padding) ?? 0, Opt1(unpoolSize), backend);
                break;
            case "MaxUnpool2d":
                Functional.MaxUnpool2d(x, idx, Two(kernel), Opt2(stride), Opt2(padding) ?? default, Opt2(unpoolSize), backend);
                break;
            case "MaxUnpool3d":
                Functional.MaxUnpool3d(x, idx, Three(kernel), Opt3(stride), Opt3(padding) ?? default, Opt3(unpoolSize), backend);
                break;
            case "AdaptiveAvgPool1d":
                Functional.AdaptiveAvgPool1d(x, Assert.Single(outputSize!)!.Value, backend);
                break;
            case "AdaptiveAvgPool2d":
                Functional.AdaptiveAvgPool2d(x, new AdaptiveSize2(outputSize![0], outputSize[1]), backend);
                break;
            case "AdaptiveAvgPool3d":
                Functional.AdaptiveAvgPool3d(x, new AdaptiveSize3(outputSize![0], outputSize[1], outputSize[2]), backend);
                break;
            case "AdaptiveMaxPool1d":
                Functional.AdaptiveMaxPool1d(x, Assert.Single(outputSize!)!.Value, backend);
                break;
            case "AdaptiveMaxPool2d":
                Functional.AdaptiveMaxPool2d(x, new AdaptiveSize2(outputSize![0], outputSize[1]), backend);
                break;
            case "AdaptiveMaxPool3d":
                Functional.AdaptiveMaxPool3d(x, new AdaptiveSize3(outputSize![0], outputSize[1], outputSize[2]), backend);
                break;
            case "GlobalAvgPool2d":
                Functional.GlobalAvgPool2d(x, backend);
                break;
            case "GlobalMaxPool2d":
                Functional.GlobalMaxPool2d(x, backend);
                break;
            case "ChannelMaxPool":
                Functional.ChannelMaxPool(x, backend);
                break;
            case "ChannelAvgPool":
                Functional.ChannelAvgPool(x, backend);
                break;
            default:
                throw new FormatException($"pool_errors.json names an unknown op '{op}'");
        }
    }

    private static int[]? Sizes(JsonElement args, string key) => args.TryGetProperty(key, out JsonElement v) ? Ints(v) : null;
}
