using System.Numerics.Tensors;

namespace KernelLib.Demo;

/// <summary>The PyTorch tutorial examples, with the results PyTorch prints.</summary>
internal static class Tutorial
{
    public static void Run()
    {
        // nn.MaxPool2d(3, ceil_mode=...) on the tutorial's 5x5 matrix.
        float[] matrix =
        [
            1, 2, 0, 3, 1,
            0, 1, 2, 3, 1,
            1, 2, 1, 0, 0,
            5, 2, 3, 1, 1,
            2, 1, 0, 1, 1,
        ];
        var image = Tensor.Create(matrix, [1, 1, 5, 5]);
        using (var pool = new NN.MaxPool2d(3, ceilMode: true))
            Print("MaxPool2d(3, ceil_mode=True)", pool.Forward(image));
        using (var pool = new NN.MaxPool2d(3, ceilMode: false))
            Print("MaxPool2d(3, ceil_mode=False)", pool.Forward(image));

        // nn.Linear(3, 4) with weight rows of 1s, 2s, 3s, 4s and bias 0.5, on [1, 2, 3].
        using var linear = new NN.Linear(3, 4);
        linear.SetParameters(
            Tensor.Create([1f, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4], [4, 3]),
            Tensor.Create([0.5f, 0.5f, 0.5f, 0.5f], [4]));
        Print("Linear(3, 4) on [1, 2, 3]", linear.Forward(Tensor.Create([1f, 2, 3], [3])));

        // nn.MaxPool2d(2, 2) halves a 1x3x512x512 image.
        var random = new Random(0);
        var pixels = new float[3 * 512 * 512];
        for (int i = 0; i < pixels.Length; i++) pixels[i] = random.NextSingle();
        var rgb = Tensor.Create(pixels, [1, 3, 512, 512]);
        using var halve = new NN.MaxPool2d(2, 2);
        Console.WriteLine($"MaxPool2d(2, 2) on [1, 3, 512, 512] -> {Shape(halve.Forward(rgb).Lengths)}");
    }

    private static void Print(string title, Tensor<float> t)
    {
        Console.WriteLine($"{title} -> {Shape(t.Lengths)}");
        Console.WriteLine("  " + Format(t));
    }

    private static string Shape(ReadOnlySpan<nint> lengths) => "[" + string.Join(", ", lengths.ToArray()) + "]";

    // Nested brackets like PyTorch's repr, innermost dimension on one line.
    private static string Format(Tensor<float> t)
    {
        var values = new float[t.FlattenedLength];
        t.FlattenTo(values);
        var lengths = t.Lengths.ToArray();
        int pos = 0;
        return Nest(0);

        string Nest(int dim)
        {
            var parts = new List<string>();
            for (int i = 0; i < lengths[dim]; i++)
                parts.Add(dim == lengths.Length - 1 ? values[pos++].ToString("0.###") : Nest(dim + 1));
            return "[" + string.Join(", ", parts) + "]";
        }
    }
}
