using System.Text.Json;
using Xunit;
using static KernelLib.Tests.GoldenFixtures;
using static KernelLib.Tests.GoldenPoolFixtures;

namespace KernelLib.Tests;

/// <summary>
/// Conv1d/2d/3d, ConvTranspose1d/2d/3d and ChannelShuffle against PyTorch 1.13 (tests/fixtures/conv*.json,
/// conv_transpose*.json, channel_shuffle.json, written by gen_conv.py) on every backend, through both the allocating
/// and the destination overload. Integer ("exact") cases must give PyTorch's numbers (as numbers: the sign of an exact
/// zero sum depends on the order); random ones are within 1e-5 * sqrt(K) of PyTorch relative to the output's
/// magnitude (the same convolution of |x|, |w| and |b|), K = in/groups * kernel volume. The padding-mode cases
/// PyTorch computed through torch.nn.Conv*d(padding_mode=...) run through Functional's paddingMode.
/// </summary>
[Trait("Category", "Golden")]
public sealed class GoldenConvTests
{
    public static TheoryData<KernelBackend, string> Conv1d => BackendsTimesCases("conv1d");

    public static TheoryData<KernelBackend, string> Conv2d => BackendsTimesCases("conv2d");

    public static TheoryData<KernelBackend, string> Conv3d => BackendsTimesCases("conv3d");

    public static TheoryData<KernelBackend, string> ConvTranspose1d => BackendsTimesCases("conv_transpose1d");

    public static TheoryData<KernelBackend, string> ConvTranspose2d => BackendsTimesCases("conv_transpose2d");

    public static TheoryData<KernelBackend, string> ConvTranspose3d => BackendsTimesCases("conv_transpose3d");

    public static TheoryData<KernelBackend, string> Shuffle => BackendsTimesCases("channel_shuffle");

    [Theory, MemberData(nameof(Conv1d))]
    public void Conv1d_MatchesPyTorch(KernelBackend backend, string name) => Check("conv1d", 1, false, name, backend);

    [Theory, MemberData(nameof(Conv2d))]
    public void Conv2d_MatchesPyTorch(KernelBackend backend, string name) => Check("conv2d", 2, false, name, backend);

    [Theory, MemberData(nameof(Conv3d))]
    public void Conv3d_MatchesPyTorch(KernelBackend backend, string name) => Check("conv3d", 3, false, name, backend);

    [Theory, MemberData(nameof(ConvTranspose1d))]
    public void ConvTranspose1d_MatchesPyTorch(KernelBackend backend, string name) => Check("conv_transpose1d", 1, true, name, backend);

    [Theory, MemberData(nameof(ConvTranspose2d))]
    public void ConvTranspose2d_MatchesPyTorch(KernelBackend backend, string name) => Check("conv_transpose2d", 2, true, name, backend);

    [Theory, MemberData(nameof(ConvTranspose3d))]
    public void ConvTranspose3d_MatchesPyTorch(KernelBackend backend, string name) => Check("conv_transpose3d", 3, true, name, backend);

    [Theory, MemberData(nameof(Shuffle))]
    public void ChannelShuffle_MatchesPyTorch(KernelBackend backend, string name)
    {
        JsonElement c = Case("channel_shuffle", name);
        int groups = c.GetProperty("groups").GetInt32();
        var input = FloatTensor(c.GetProperty("input"));
        var expected = FloatTensor(c.GetProperty("output"));
        ExactBothOverloads(expected, () => Functional.ChannelShuffle(input.Span, groups, backend),
            d => Functional.ChannelShuffle(input.Span, groups, d, backend), name.On(backend));
    }

    private static void Check(string op, int rank, bool transposed, string name, KernelBackend backend)
    {
        JsonElement c = Case(op, name);
        var input = FloatTensor(c.GetProperty("input"));
        var weight = FloatTensor(c.GetProperty("weight"));
        var bias = OptionalFloatTensor(c.GetProperty("bias"));
        var expected = FloatTensor(c.GetProperty("output"));
        var call = new ConvCase(rank, transposed, input.Shape, weight.Shape, bias is not null, Ints(c.GetProperty("stride")),
            Padding(c.GetProperty("padding"), rank), Ints(c.GetProperty("dilation")), c.GetProperty("groups").GetInt32(),
            transposed ? PaddingMode.Zeros : Mode(c.GetProperty("padding_mode").GetString()!),
            transposed ? Ints(c.GetProperty("output_padding")) : null);
        string repro = name.On(backend);

        var output = call.Run(input.Data, weight.Data, bias?.Data, backend);
        Compare.Shape(expected.Shape, Tensors.Shape(output), repro);
        Matches(c, expected, Tensors.ToArray(output), repro);

        float[] destination = Fill.Constant(expected.Data.Length, float.NaN);
        call.RunInto(input.Span, weight.Span, bias is null ? default : bias.Span, Tensors.Writable(destination, expected.Shape), backend);
        Matches(c, expected, destination, repro + " into destination");
    }

    private static void Matches(JsonElement c, FixtureTensor<float> expected, ReadOnlySpan<float> actual, string repro)
    {
        if (IsExact(c))
        {
            Compare.SameValues(expected.Data, actual, repro);
            return;
        }
        double relative = 1e-5 * Math.Sqrt(Math.Max(1, c.GetProperty("terms").GetInt64()));
        float[] magnitude = FloatTensor(c.GetProperty("magnitude")).Data;
        Compare.Within(expected.Data, actual, magnitude.Select(m => relative * m).ToArray(), repro);
    }

    private static ConvPadding Padding(JsonElement padding, int rank)
    {
        if (padding.ValueKind == JsonValueKind.String)
            return padding.GetString()!;
        int[] p = Ints(padding);
        Assert.Equal(rank, p.Length);
        return rank switch { 1 => p[0], 2 => (p[0], p[1]), _ => (p[0], p[1], p[2]) };
    }

    private static PaddingMode Mode(string mode) => mode switch
    {
        "zeros" => PaddingMode.Zeros,
        "reflect" => PaddingMode.Reflect,
        "replicate" => PaddingMode.Replicate,
        "circular" => PaddingMode.Circular,
        _ => throw new FormatException($"unknown padding_mode '{mode}'"),
    };
}
