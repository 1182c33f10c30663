using System.Numerics.Tensors;
using System.Text.Json;
using Xunit;
using static KernelLib.Tests.GoldenFixtures;
using static KernelLib.Tests.GoldenPoolFixtures;

namespace KernelLib.Tests;

/// <summary>
/// The Functional convolution calls PyTorch 1.13 refuses (tests/fixtures/conv_errors.json, op without "NN.") throw
/// ArgumentException carrying PyTorch's words: the message must contain every "expect" fragment (verbatim pieces of
/// PyTorch's message; an empty list means PyTorch's words describe only its internals). The module cases ("NN.*") are
/// checked by <see cref="GoldenConvModuleErrorTests"/>. Runs on every backend: validation comes before any backend.
/// </summary>
[Trait("Category", "Golden")]
public sealed class GoldenConvErrorTests
{
    public static TheoryData<KernelBackend, string> Cases
    {
        get
        {
            var data = new TheoryData<KernelBackend, string>();
            foreach (var backend in TestBackends.Available)
            {
                foreach (var (name, c) in GoldenFixtures.Cases("conv_errors"))
                {
                    if (!c.GetProperty("op").GetString()!.StartsWith("NN.", StringComparison.Ordinal))
                        data.Add(backend, name);
                }
            }
            return data;
        }
    }

    [Theory, MemberData(nameof(Cases))]
    public void InvalidCall_ThrowsWithPyTorchsWords(KernelBackend backend, string name)
    {
        JsonElement c = GoldenFixtures.Cases("conv_errors")[name];
        string op = c.GetProperty("op").GetString()!;
        nint[] input = Shape(c.GetProperty("input"))!;
        nint[]? weight = Shape(c.GetProperty("weight"));
        nint[]? bias = Shape(c.GetProperty("bias"));
        JsonElement args = c.GetProperty("args");
        string[] expect = c.GetProperty("expect").EnumerateArray().Select(e => e.GetString()!).ToArray();

        var ex = Assert.ThrowsAny<ArgumentException>(() => Invoke(op, input, weight, bias, args, backend));
        foreach (string fragment in expect)
        {
            Assert.True(ex.Message.Contains(fragment, StringComparison.Ordinal),
                $"{name.On(backend)}: the message should contain PyTorch's \"{fragment}\"; got {ex.GetType().Name}: {ex.Message}");
        }
    }

    private static void Invoke(string op, nint[] inputShape, nint[]? weightShape, nint[]? biasShape, JsonElement args, KernelBackend backend)
    {
        var x = Ones(inputShape);
        int groups = args.TryGetProperty("groups", out JsonElement g) ? g.GetInt32() : 1;
        if (op == "ChannelShuffle")
        {
            Functional.ChannelShuffle(x, groups, backend);
            return;
        }
        int rank = int.Parse(op[^2..^1], System.Globalization.CultureInfo.InvariantCulture);
        int[] Sizes(string key, int fallback) => args.TryGetProperty(key, out JsonElement v) ? Ints(v) : Enumerable.Repeat(fallback, rank).ToArray();
        ConvPadding padding = !args.TryGetProperty("padding", out JsonElement p) ? 0
            : p.ValueKind == JsonValueKind.String ? (ConvPadding)p.GetString()!
            : Ints(p) switch { [var a] => a, [var a, var b] => (a, b), [var a, var b, var d] => (a, b, d), var more => throw new FormatException($"{more.Length} paddings") };
        bool transposed = op.StartsWith("ConvTranspose", StringComparison.Ordinal);
        var call = new ConvCase(rank, transposed, inputShape, weightShape!, biasShape is not null, Sizes("stride", 1), padding,
            Sizes("dilation", 1), groups, OutputPadding: transposed ? Sizes("outputPadding", 0) : null);
        call.Run(x, Ones(weightShape!), biasShape is null ? default : Ones(biasShape), backend);
    }

    private static ReadOnlyTensorSpan<float> Ones(nint[] shape)
    {
        var data = new float[Tensors.Elements(shape)];
        Array.Fill(data, 1f);
        return new ReadOnlyTensorSpan<float>(data, shape);
    }

    private static nint[]? Shape(JsonElement shape) =>
        shape.ValueKind == JsonValueKind.Null ? null : shape.EnumerateArray().Select(e => (nint)e.GetInt64()).ToArray();
}
