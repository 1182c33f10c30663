using System.Numerics.Tensors;
using System.Reflection;
using System.Text.Json;
using Xunit;
using static KernelLib.Tests.GoldenPoolFixtures;

namespace KernelLib.Tests;

/// <summary>
/// The convolution modules PyTorch 1.13 refuses (tests/fixtures/conv_errors.json, op "NN.*") throw ArgumentException
/// carrying PyTorch's words at the stage PyTorch refuses: a "construct" case in the constructor; a "forward" case
/// builds and then throws in Forward (Forward(input, outputSize) when the case gives an outputSize), unless
/// KernelLib refuses its parameters at construction on purpose (<see cref="RefusedAtConstruction"/>). The message
/// must contain every "expect" fragment, except where C# cannot give PyTorch's argument or words
/// (<see cref="Deviations"/>). Runs on every backend.
/// </summary>
[Trait("Category", "Golden")]
public sealed class GoldenConvModuleErrorTests
{
    private const string Fixture = "conv_errors";

    // ConvSettings.Validate makes every check of a forward pass that depends on the parameters alone, so a layer that
    // cannot run on any input fails when it is built; PyTorch builds these and refuses the first input.
    private static readonly HashSet<string> RefusedAtConstruction =
    [
        "nn_conv2d_stride_zero",
        "nn_conv2d_padding_negative",
        "nn_conv_transpose2d_output_padding_too_large",
    ];

    // The fragments KernelLib's message carries instead of the fixture's, and why.
    private static readonly Dictionary<string, (string[] Fragments, string Why)> Deviations = new()
    {
        // PaddingMode is an enum: 'foo' has no C# spelling, so the call passes the undefined value UnnamedMode.
        ["nn_conv2d_padding_mode_invalid"] = (["padding_mode must be one of", $"but got padding_mode={(int)UnnamedMode}"],
            "PaddingMode cannot spell 'foo'"),
        // The string becomes a ConvPadding before any constructor runs, by the conversion Functional shares, and
        // carries F.conv2d's words (conv2d_padding_string_invalid); nn.Conv2d's differ by the colon.
        ["nn_conv2d_padding_string_invalid"] = (["Invalid padding string: 'foo', should be one of"],
            "the padding string is converted before the constructor, with F.conv2d's words"),
    };

    private const PaddingMode UnnamedMode = (PaddingMode)(-1);

    public static TheoryData<KernelBackend, string> Cases => Select(c => !TransposedWithPaddingMode(c));

    public static TheoryData<KernelBackend, string> TransposedPaddingModeCases => Select(TransposedWithPaddingMode);

    [Theory, MemberData(nameof(Cases))]
    public void InvalidModule_ThrowsWithPyTorchsWordsAtPyTorchsStage(KernelBackend backend, string name)
    {
        JsonElement c = GoldenFixtures.Cases(Fixture)[name];
        string op = c.GetProperty("op").GetString()!;
        string stage = c.GetProperty("stage").GetString()!;
        JsonElement args = c.GetProperty("args");
        string repro = name.On(backend);

        ArgumentException ex;
        if (stage == "construct" || RefusedAtConstruction.Contains(name))
        {
            ex = Assert.ThrowsAny<ArgumentException>(() => Build(op, args, backend).Dispose());
        }
        else
        {
            Assert.Equal("forward", stage);
            nint[] shape = c.GetProperty("input").EnumerateArray().Select(e => (nint)e.GetInt64()).ToArray();
            var data = new float[Tensors.Elements(shape)];
            Array.Fill(data, 1f);
            using NN.ConvNd module = Build(op, args, backend);
            int[]? outputSize = args.TryGetProperty("outputSize", out JsonElement o) ? Ints(o) : null;
            ex = Assert.ThrowsAny<ArgumentException>(() => Forward(module, new ReadOnlyTensorSpan<float>(data, shape), outputSize));
        }

        string[] expect = c.GetProperty("expect").EnumerateArray().Select(e => e.GetString()!).ToArray();
        if (Deviations.TryGetValue(name, out var deviation))
        {
            // Kept honest: once the message carries PyTorch's words, the entry must go.
            Assert.False(expect.All(f => ex.Message.Contains(f, StringComparison.Ordinal)),
                $"{repro}: the message now has PyTorch's words; drop the deviation ({deviation.Why}): {ex.Message}");
            expect = deviation.Fragments;
        }
        foreach (string fragment in expect)
        {
            Assert.True(ex.Message.Contains(fragment, StringComparison.Ordinal),
                $"{repro}: the message should contain \"{fragment}\"; got {ex.GetType().Name}: {ex.Message}");
        }
    }

    /// <summary>
    /// PyTorch's transposed modules take a padding_mode only to refuse anything but "zeros"; KernelLib's have no
    /// such parameter, so the refused call cannot be written.
    /// </summary>
    [Theory, MemberData(nameof(TransposedPaddingModeCases))]
    public void TransposedModule_HasNoPaddingModeToRefuse(KernelBackend backend, string name)
    {
        JsonElement c = GoldenFixtures.Cases(Fixture)[name];
        Assert.Equal("construct", c.GetProperty("stage").GetString());
        Assert.NotEqual("zeros", c.GetProperty("args").GetProperty("paddingMode").GetString());
        Type type = typeof(NN.ConvNd).Assembly.GetType("KernelLib." + c.GetProperty("op").GetString())!;
        Assert.NotNull(type);
        Assert.True(typeof(NN.ConvTransposeNd).IsAssignableFrom(type), type.Name);
        ConstructorInfo[] constructors = type.GetConstructors();
        Assert.NotEmpty(constructors);
        Assert.All(constructors, ctor => Assert.DoesNotContain(ctor.GetParameters(), p => p.ParameterType == typeof(PaddingMode)));
        // Every other recorded argument is valid: without the padding mode the call is accepted.
        using NN.ConvNd module = Build(c.GetProperty("op").GetString()!, c.GetProperty("args"), backend);
        Assert.IsType(type, module);
    }

    [Fact]
    public void EarlyRefusalsAndDeviations_NameFixtureCases()
    {
        var cases = GoldenFixtures.Cases(Fixture);
        Assert.All(RefusedAtConstruction, n => Assert.Equal("forward", cases[n].GetProperty("stage").GetString()));
        Assert.All(Deviations.Keys, n => Assert.True(cases.ContainsKey(n), n));
        Assert.False(Enum.IsDefined(UnnamedMode));
        Assert.Equal(36, cases.Values.Count(c => c.GetProperty("op").GetString()!.StartsWith("NN.", StringComparison.Ordinal)));
    }

    private static TheoryData<KernelBackend, string> Select(Func<JsonElement, bool> predicate)
    {
        var data = new TheoryData<KernelBackend, string>();
        foreach (var backend in TestBackends.Available)
        {
            foreach (var (name, c) in GoldenFixtures.Cases(Fixture))
            {
                if (c.GetProperty("op").GetString()!.StartsWith("NN.", StringComparison.Ordinal) && predicate(c))
                    data.Add(backend, name);
            }
        }
        return data;
    }

    private static bool TransposedWithPaddingMode(JsonElement c) =>
        c.GetProperty("op").GetString()!.StartsWith("NN.ConvTranspose", StringComparison.Ordinal)
        && c.GetProperty("args").TryGetProperty("paddingMode", out _);

    private static Tensor<float> Forward(NN.ConvNd module, ReadOnlyTensorSpan<float> input, int[]? outputSize) =>
        outputSize is null ? module.Forward(input) : ((NN.ConvTransposeNd)module).Forward(input, outputSize);

    // The module with the recorded arguments (C# names; sizes one per spatial dimension), on the backend.
    private static NN.ConvNd Build(string op, JsonElement args, KernelBackend backend)
    {
        int inC = args.GetProperty("inChannels").GetInt32(), outC = args.GetProperty("outChannels").GetInt32();
        int[] kernel = Ints(args.GetProperty("kernelSize"));
        int rank = kernel.Length;
        int[] Sizes(string key, int fallback) => args.TryGetProperty(key, out JsonElement v) ? Ints(v) : Enumerable.Repeat(fallback, rank).ToArray();
        int[] stride = Sizes("stride", 1), dilation = Sizes("dilation", 1), outputPadding = Sizes("outputPadding", 0);
        int groups = args.TryGetProperty("groups", out JsonElement g) ? g.GetInt32() : 1;
        bool bias = !args.TryGetProperty("bias", out JsonElement b) || b.GetBoolean();
        PaddingMode mode = !args.TryGetProperty("paddingMode", out JsonElement m) ? PaddingMode.Zeros
            : Enum.TryParse(m.GetString(), ignoreCase: true, out PaddingMode parsed) ? parsed : UnnamedMode;
        bool paddingString = args.TryGetProperty("padding", out JsonElement p) && p.ValueKind == JsonValueKind.String;
        int[] pad = paddingString ? [] : Sizes("padding", 0);
        ConvPadding padding = paddingString ? (ConvPadding)p.GetString()! : pad switch
        {
            [var a] => a,
            [var a, var c] => (a, c),
            [var a, var c, var d] => (a, c, d),
            _ => throw new FormatException($"{pad.Length} paddings"),
        };
        NN.ConvNd module = op switch
        {
            "NN.Conv1d" => new NN.Conv1d(inC, outC, kernel[0], stride[0], padding, dilation[0], groups, bias, mode),
            "NN.Conv2d" => new NN.Conv2d(inC, outC, Two(kernel), Two(stride), padding, Two(dilation), groups, bias, mode),
            "NN.Conv3d" => new NN.Conv3d(inC, outC, Three(kernel), Three(stride), padding, Three(dilation), groups, bias, mode),
            "NN.ConvTranspose1d" => new NN.ConvTranspose1d(inC, outC, kernel[0], stride[0], pad[0], outputPadding[0], groups, bias,
                dilation[0]),
            "NN.ConvTranspose2d" => new NN.ConvTranspose2d(inC, outC, Two(kernel), Two(stride), Two(pad), Two(outputPadding), groups,
                bias, Two(dilation)),
            "NN.ConvTranspose3d" => new NN.ConvTranspose3d(inC, outC, Three(kernel), Three(stride), Three(pad), Three(outputPadding),
                groups, bias, Three(dilation)),
            _ => throw new FormatException($"Unknown module {op} in {Fixture}.json"),
        };
        module.Backend = backend;
        return module;
    }
}
