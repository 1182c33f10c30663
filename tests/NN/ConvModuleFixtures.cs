using System.Text.Json;

namespace KernelLib.Tests;

/// <summary>Builds the modules of tests/fixtures/conv_modules.json from their PyTorch keyword arguments.</summary>
public static class ConvModuleFixtures
{
    public const string Op = "conv_modules";

    public static NN.Module Build(string type, JsonElement args)
    {
        int inC = Int(args, "in_channels", 0), outC = Int(args, "out_channels", 0), groups = Int(args, "groups", 1);
        bool bias = !args.TryGetProperty("bias", out JsonElement b) || b.GetBoolean();
        return type switch
        {
            "Conv1d" => new NN.Conv1d(inC, outC, Int(args, "kernel_size", 0), Int(args, "stride", 1), Padding(args),
                Int(args, "dilation", 1), groups, bias, Mode(args)),
            "Conv2d" => new NN.Conv2d(inC, outC, Size2(args, "kernel_size", 0), Size2(args, "stride", 1), Padding(args),
                Size2(args, "dilation", 1), groups, bias, Mode(args)),
            "Conv3d" => new NN.Conv3d(inC, outC, Size3(args, "kernel_size", 0), Size3(args, "stride", 1), Padding(args),
                Size3(args, "dilation", 1), groups, bias, Mode(args)),
            "ConvTranspose1d" => new NN.ConvTranspose1d(inC, outC, Int(args, "kernel_size", 0), Int(args, "stride", 1),
                Int(args, "padding", 0), Int(args, "output_padding", 0), groups, bias, Int(args, "dilation", 1)),
            "ConvTranspose2d" => new NN.ConvTranspose2d(inC, outC, Size2(args, "kernel_size", 0), Size2(args, "stride", 1),
                Size2(args, "padding", 0), Size2(args, "output_padding", 0), groups, bias, Size2(args, "dilation", 1)),
            "ConvTranspose3d" => new NN.ConvTranspose3d(inC, outC, Size3(args, "kernel_size", 0), Size3(args, "stride", 1),
                Size3(args, "padding", 0), Size3(args, "output_padding", 0), groups, bias, Size3(args, "dilation", 1)),
            "ChannelShuffle" => new NN.ChannelShuffle(groups),
            "DepthwiseSeparableConv2d" => new NN.DepthwiseSeparableConv2d(inC, outC, Size2(args, "kernel_size", 0),
                Size2(args, "stride", 1), Padding(args), Size2(args, "dilation", 1), bias, Int(args, "depth_multiplier", 1)),
            "SpatiallySeparableConv2d" => new NN.SpatiallySeparableConv2d(inC, outC, Size2(args, "kernel_size", 0),
                Size2(args, "stride", 1), Padding(args), Size2(args, "dilation", 1), bias),
            "FlattenedConv2d" => new NN.FlattenedConv2d(inC, outC, Size2(args, "kernel_size", 0),
                Size2(args, "stride", 1), Padding(args), Size2(args, "dilation", 1), bias),
            _ => throw new ArgumentException($"Unknown module type {type} in {Op}.json"),
        };
    }

    /// <summary>The convolution layers of a module in PyTorch's named_parameters() order.</summary>
    public static IReadOnlyList<NN.ConvNd> Convolutions(NN.Module module) => module switch
    {
        NN.ConvNd conv => [conv],
        NN.ConvBlock block => block.Layers,
        _ => [],
    };

    private static int Int(JsonElement args, string name, int fallback) =>
        args.TryGetProperty(name, out JsonElement v) ? v.GetInt32() : fallback;

    private static int[] Ints(JsonElement args, string name, int fallback, int rank)
    {
        if (!args.TryGetProperty(name, out JsonElement v))
            return Enumerable.Repeat(fallback, rank).ToArray();
        return v.ValueKind == JsonValueKind.Array
            ? v.EnumerateArray().Select(e => e.GetInt32()).ToArray()
            : Enumerable.Repeat(v.GetInt32(), rank).ToArray();
    }

    private static Size2 Size2(JsonElement args, string name, int fallback)
    {
        int[] v = Ints(args, name, fallback, 2);
        return new Size2(v[0], v[1]);
    }

    private static Size3 Size3(JsonElement args, string name, int fallback)
    {
        int[] v = Ints(args, name, fallback, 3);
        return new Size3(v[0], v[1], v[2]);
    }

    // As written in the constructor call: an int, a tuple, or "same" / "valid".
    private static ConvPadding Padding(JsonElement args)
    {
        if (!args.TryGetProperty("padding", out JsonElement v))
            return default;
        return v.ValueKind switch
        {
            JsonValueKind.String => v.GetString()!,
            JsonValueKind.Number => v.GetInt32(),
            _ => v.GetArrayLength() == 2
                ? (v[0].GetInt32(), v[1].GetInt32())
                : (v[0].GetInt32(), v[1].GetInt32(), v[2].GetInt32()),
        };
    }

    private static PaddingMode Mode(JsonElement args) =>
        args.TryGetProperty("padding_mode", out JsonElement v)
            ? Enum.Parse<PaddingMode>(v.GetString()!, ignoreCase: true)
            : PaddingMode.Zeros;
}
