using System.Text.RegularExpressions;
using Xunit;

namespace KernelLib.Tests;

/// <summary>NN.Sequential: composition, backend propagation, Summary contents, disposal of children.</summary>
[Trait("Category", "NN")]
public sealed class SequentialTests
{
    [Fact]
    public void Forward_ChainsTheModules()
    {
        var rng = new Random(61);
        float[] x = Fill.Integers(rng, 2 * 8), w1 = Fill.Integers(rng, 16 * 8), b1 = Fill.Integers(rng, 16);
        float[] w2 = Fill.Integers(rng, 4 * 16), b2 = Fill.Integers(rng, 4);
        var hidden = Functional.ReLU(Functional.Linear(Tensors.ReadOnly(x, 2, 8), Tensors.ReadOnly(w1, 16, 8), Tensors.ReadOnly(b1, 16), KernelBackend.Managed), KernelBackend.Managed);
        var expected = Tensors.ToArray(Functional.Linear(hidden, Tensors.ReadOnly(w2, 4, 16), Tensors.ReadOnly(b2, 4), KernelBackend.Managed));
        Compare.NotMostlyZeros(expected, "linear8x16_relu_linear16x4_int");

        foreach (var backend in TestBackends.Available)
        {
            using var first = new NN.Linear(8, 16);
            using var second = new NN.Linear(16, 4);
            first.SetParameters(Tensors.ReadOnly(w1, 16, 8), Tensors.ReadOnly(b1, 16));
            second.SetParameters(Tensors.ReadOnly(w2, 4, 16), Tensors.ReadOnly(b2, 4));
            using var model = new NN.Sequential(first, new NN.ReLU(), second) { Backend = backend };

            var output = model.Forward(Tensors.ReadOnly(x, 2, 8));

            Compare.SameValues(expected, Tensors.ToArray(output), "linear8x16_relu_linear16x4_int".On(backend));
        }
    }

    [Fact]
    public void Backend_PropagatesToChildren()
    {
        using var model = new NN.Sequential(new NN.Linear(4, 4), new NN.ReLU(), new NN.MaxPool2d(2));
        model.Backend = KernelBackend.Managed;
        Assert.All(model, m => Assert.Equal(KernelBackend.Managed, m.Backend));
        Assert.Equal(3, model.Count);
        Assert.IsType<NN.ReLU>(model[1]);
    }

    [Fact]
    public void ParameterCountAndFlops_AreTheSumOfTheLayers()
    {
        using var model = new NN.Sequential(new NN.Linear(8, 16), new NN.ReLU(), new NN.Linear(16, 4, bias: false));
        // Hand-computed: 8*16 + 16 + 16*4.
        Assert.Equal(8 * 16 + 16 + 16 * 4, model.ParameterCount);
        Assert.Equal([2, 4], model.OutputShape([2, 8]).ToArray());
        long flops = model[0].Flops([2, 8]) + model[1].Flops([2, 16]) + model[2].Flops([2, 16]);
        Assert.Equal(flops, model.Flops([2, 8]));
        // Linear FLOPs are 2 * MACs: 2 * 2 * 8 * 16 and 2 * 2 * 16 * 4.
        Assert.Equal(512, model[0].Flops([2, 8]));
        Assert.Equal(256, model[2].Flops([2, 16]));
    }

    [Fact]
    public void Summary_ListsEachLayerWithShapeParamsAndFlops()
    {
        using var model = new NN.Sequential(new NN.MaxPool2d(2), new NN.ReLU(), new NN.MaxPool2d(3, 1, 1));
        nint[] input = [1, 3, 8, 8];
        string summary = model.Summary(input);
        string[] lines = summary.Split('\n');

        nint[] shape = input;
        for (int i = 0; i < model.Count; i++)
        {
            long flops = model[i].Flops(shape);
            shape = model[i].OutputShape(shape).ToArray();
            string name = model[i].GetType().Name;
            // A layer's row starts with its index, then its name.
            string? line = lines.FirstOrDefault(l => Regex.IsMatch(l, $@"^\W*{i}\W+{name}") && MentionsShape(l, shape));
            Assert.True(line is not null, $"No Summary line for layer {i} ({name}) with output shape {Tensors.FormatShape(shape)}:\n{summary}");
            Assert.True(MentionsNumber(line!, flops), $"Layer {i} line lacks its FLOPs {flops}: {line}");
        }
        Assert.True(MentionsNumber(summary, model.Flops(input)), $"Summary lacks the total FLOPs {model.Flops(input)}:\n{summary}");
    }

    [Fact]
    public void Summary_ShowsLinearParameterCounts()
    {
        using var model = new NN.Sequential(new NN.Linear(8, 16), new NN.ReLU(), new NN.Linear(16, 4));
        string summary = model.Summary([2, 8]);

        // Hand-computed: 144 and 68 parameters, 212 in total; FLOPs 512 and 256.
        foreach (long value in new long[] { 144, 68, 212, 512, 256 })
            Assert.True(MentionsNumber(summary, value), $"Summary lacks {value}:\n{summary}");
        Assert.True(MentionsShape(summary, [2, 16]) && MentionsShape(summary, [2, 4]), summary);
    }

    [Fact]
    public void Dispose_DisposesTheChildren()
    {
        var linear = new NN.Linear(4, 2);
        var model = new NN.Sequential(linear, new NN.ReLU());
        model.Dispose();
        Assert.Throws<ObjectDisposedException>(() => linear.Forward(Tensors.ReadOnly(new float[4], 4)));
    }

    /// <summary>The dims in order, separated by anything but digits: "[2, 16]", "(2x16)", "2 x 16".</summary>
    private static bool MentionsShape(string text, ReadOnlySpan<nint> shape) =>
        Regex.IsMatch(text, @"(?<![\d])" + string.Join(@"[^\d\n]{1,3}", shape.ToArray()) + @"(?![\d])");

    /// <summary>A whole number, written plainly or with thousands separators.</summary>
    private static bool MentionsNumber(string text, long value) =>
        Regex.IsMatch(text, $@"(?<![\d,_]){value}(?![\d])") || text.Contains(value.ToString("N0", System.Globalization.CultureInfo.InvariantCulture));
}
