using System.Numerics.Tensors;
using System.Reflection;
using KernelLib.NN;

namespace KernelLib.Demo;

/// <summary>
/// The convolution tutorial's experiment on a photograph: a 3 -> 1 channel 3x3 convolution with Xavier-normal
/// weights, then a depthwise and a dilated one, each written as a PNG next to the input; then what the separable
/// blocks save against a plain 3x3 convolution.
/// </summary>
internal static class ConvolutionImages
{
    public static void Run()
    {
        string directory = typeof(ConvolutionImages).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "ImagesDirectory").Value!;
        string input = Path.GetFullPath(Path.Combine(directory, "astronaut.jpg"));
        Tensor<float> image = ImageFiles.LoadRgb(input);
        Console.WriteLine($"{Relative(input)}: {Shape(image.Lengths)}, values 0..1");

        // nn.Conv2d(...) then nn.init.xavier_normal_(conv.weight), from one seeded generator.
        var random = new Random(0);
        Filter(image, new Conv2d(3, 1, 3, generator: random), directory, "conv2d", random);
        Filter(image, new Conv2d(3, 3, 3, groups: 3, generator: random), directory, "depthwise", random);
        Filter(image, new Conv2d(3, 1, 3, dilation: 2, generator: random), directory, "dilated", random);
        Console.WriteLine();
        Blocks();
    }

    private static void Filter(Tensor<float> image, Conv2d conv, string directory, string name, Random random)
    {
        using (conv)
        {
            conv.SetParameters(XavierNormal(conv.Weight.Lengths, random));
            Tensor<float> output = conv.Forward(image);
            string path = Path.GetFullPath(Path.Combine(directory, $"astronaut.{name}.png"));
            ImageFiles.SavePng(output, path);
            Console.WriteLine($"{conv} -> {Shape(output.Lengths)}: {Relative(path)}");
        }
    }

    // The parameter and FLOP savings of the separable blocks, as Sequential.Summary computes them.
    private static void Blocks()
    {
        nint[] input = [1, 32, 56, 56];
        using var plain = new Sequential(new Conv2d(32, 64, 3, padding: 1));
        using var depthwise = new DepthwiseSeparableConv2d(32, 64, 3, padding: 1);
        using var spatial = new SpatiallySeparableConv2d(32, 64, 3, padding: 1);
        using var flattened = new FlattenedConv2d(32, 64, 3, padding: 1);
        Console.WriteLine($"A 3x3 convolution, 32 -> 64 channels, on {Shape(input)}, and the blocks that replace it:");
        Console.WriteLine(plain.Summary(input));
        foreach (ConvBlock block in new ConvBlock[] { depthwise, spatial, flattened })
        {
            Console.WriteLine();
            Console.WriteLine(block.Summary(input));
            Console.WriteLine($"{block.GetType().Name}: {(double)plain.ParameterCount / block.ParameterCount:0.0}x fewer parameters, " +
                $"{(double)plain.Flops(input) / block.Flops(input):0.0}x fewer FLOPs than Conv2d(32, 64, 3)");
        }
    }

    // torch.nn.init.xavier_normal_: N(0, 2 / (fan_in + fan_out)), fans counted over the kernel window.
    private static Tensor<float> XavierNormal(ReadOnlySpan<nint> shape, Random random)
    {
        long window = 1;
        foreach (nint k in shape[2..])
            window *= k;
        double std = Math.Sqrt(2.0 / ((shape[0] + shape[1]) * window));
        var values = new float[shape[0] * shape[1] * window];
        for (int i = 0; i < values.Length; i++)
        {
            double radius = Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble()));
            values[i] = (float)(std * radius * Math.Cos(2.0 * Math.PI * random.NextDouble()));
        }
        return Tensor.Create(values, shape);
    }

    private static string Relative(string path) => Path.GetRelativePath(Environment.CurrentDirectory, path);

    private static string Shape(ReadOnlySpan<nint> lengths) => "[" + string.Join(", ", lengths.ToArray()) + "]";
}
