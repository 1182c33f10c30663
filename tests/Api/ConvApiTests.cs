using System.Numerics.Tensors;
using Xunit;

namespace KernelLib.Tests;

/// <summary>
/// Convolution semantics on both backends, with answers worked out by hand or printed by PyTorch 1.13: output
/// shapes, defaults, unbatched inputs, "same" (asymmetric for even effective kernels) and "valid", the four padding
/// modes, transposed convolution's output size and output padding, ChannelShuffle's permutation, and ConvPadding.
/// </summary>
[Trait("Category", "Api")]
public sealed class ConvApiTests
{
    public static TheoryData<KernelBackend> Backends => TestBackends.AvailableData;

    private static ReadOnlyTensorSpan<float> T(float[] data, params nint[] shape) => new(data, shape);

    private static float[] Seq(int count, float start = 1) => Enumerable.Range(0, count).Select(i => start + i).ToArray();

    [Theory, MemberData(nameof(Backends))]
    public void Conv1d_HandWorked_WithBiasStrideAndPadding(KernelBackend backend)
    {
        // x = [1 2 3 4 5], w = [1 0 -1], bias 10, padding 1, stride 2: windows [0 1 2], [2 3 4], [4 5 0].
        var y = Functional.Conv1d(T(Seq(5), 1, 1, 5), T([1, 0, -1], 1, 1, 3), T([10], 1), stride: 2, padding: 1, backend: backend);
        Assert.Equal([1, 1, 3], Tensors.Shape(y));
        Assert.Equal([10 - 2, 10 + 2 - 4, 10 + 4], Tensors.ToArray(y));
    }

    [Theory, MemberData(nameof(Backends))]
    public void Conv2d_Defaults_AreStride1Padding0Dilation1Groups1(KernelBackend backend)
    {
        var rng = new Random(1);
        float[] x = Fill.Integers(rng, 2 * 3 * 6 * 7), w = Fill.Integers(rng, 4 * 3 * 3 * 2);
        var implicitDefaults = Functional.Conv2d(T(x, 2, 3, 6, 7), T(w, 4, 3, 3, 2), backend: backend);
        var explicitDefaults = Functional.Conv2d(T(x, 2, 3, 6, 7), T(w, 4, 3, 3, 2), default, 1, 0, 1, 1, PaddingMode.Zeros, backend);
        Assert.Equal([2, 4, 4, 6], Tensors.Shape(implicitDefaults));
        Compare.Exact(Tensors.ToArray(explicitDefaults), Tensors.ToArray(implicitDefaults), "defaults".On(backend));
    }

    public static TheoryData<KernelBackend, int> BackendsTimesRanks
    {
        get
        {
            var data = new TheoryData<KernelBackend, int>();
            foreach (var b in TestBackends.Available)
                for (int rank = 1; rank <= 3; rank++)
                    data.Add(b, rank);
            return data;
        }
    }

    [Theory, MemberData(nameof(BackendsTimesRanks))]
    public void OutputShapes_FollowPyTorchsFormula(KernelBackend backend, int rank)
    {
        var rng = new Random(20 + rank);
        for (int i = 0; i < 25; i++)
        {
            var c = ConvCases.Random(rng, rank, transposed: i % 2 == 1);
            var expected = c.Input[..^rank].ToList();
            expected[^1] = c.Transposed ? c.Weight[1] * c.Groups : c.Weight[0];
            for (int d = 0; d < rank; d++)
            {
                int input = (int)c.Input[c.Input.Length - rank + d], k = (int)c.Weight[2 + d];
                expected.Add(c.Transposed
                    ? Functional.ConvTransposeOutputSize(input, k, c.Stride[d], c.Padding.Explicit(rank)[d], c.OutPad[d], c.Dilation[d])
                    : c.Padding.IsSame ? input
                    : Functional.ConvOutputSize(input, k, c.Stride[d], c.Padding.IsValid ? 0 : c.Padding.Explicit(rank)[d], c.Dilation[d]));
            }
            var x = new float[Tensors.Elements(c.Input)];
            var w = new float[Tensors.Elements(c.Weight)];
            Compare.Shape([.. expected], Tensors.Shape(c.Run(x, w, c.Bias ? new float[c.BiasShape[0]] : null, backend)), c.ToString().On(backend));
        }
    }

    [Theory, MemberData(nameof(BackendsTimesRanks))]
    public void Unbatched_EqualsBatchOfOne(KernelBackend backend, int rank)
    {
        var rng = new Random(30 + rank);
        for (int i = 0; i < 10; i++)
        {
            var batched = ConvCases.Random(rng, rank, transposed: i % 2 == 1);
            if (batched.Input.Length != rank + 2 || batched.Input[0] == 0)
                continue;
            batched = batched with { Input = [1, .. batched.Input[1..]] };
            var unbatched = batched with { Input = batched.Input[1..] };
            float[] x = Fill.Integers(rng, Tensors.Elements(batched.Input)), w = Fill.Integers(rng, Tensors.Elements(batched.Weight));
            float[] b = Fill.Integers(rng, batched.BiasShape[0]);
            var one = batched.Run(x, w, b, backend);
            var none = unbatched.Run(x, w, b, backend);
            Compare.Shape(Tensors.Shape(one)[1..], Tensors.Shape(none), unbatched.ToString().On(backend));
            Compare.Exact(Tensors.ToArray(one), Tensors.ToArray(none), unbatched.ToString().On(backend));
        }
    }

    /// <summary>PyTorch 1.13 prints these for x = [1..6]: "same" pads total d(k-1), the odd element at the end.</summary>
    [Theory, MemberData(nameof(Backends))]
    public void Same_WithEvenEffectiveKernel_PadsTheExtraElementAtTheEnd(KernelBackend backend)
    {
        float[] x = Seq(6);
        float[] Run(float[] w, int dilation, PaddingMode mode = PaddingMode.Zeros) =>
            Tensors.ToArray(Functional.Conv1d(T(x, 1, 1, 6), T(w, 1, 1, w.Length), padding: "same", dilation: dilation, paddingMode: mode, backend: backend));
        Assert.Equal([0, 1, 2, 3, 4, 5], Run([1, 0, 0, 0], 1));
        Assert.Equal([3, 4, 5, 6, 0, 0], Run([0, 0, 0, 1], 1));
        Assert.Equal([0, 1, 2, 3, 4, 5], Run([1, 0], 3));
        Assert.Equal([2, 1, 2, 3, 4, 5], Run([1, 0, 0, 0], 1, PaddingMode.Reflect));
    }

    [Theory, MemberData(nameof(BackendsTimesRanks))]
    public void Same_KeepsTheInputSize_AndValidMeansNoPadding(KernelBackend backend, int rank)
    {
        var rng = new Random(40 + rank);
        nint[] spatial = rank switch { 1 => [9], 2 => [6, 7], _ => [4, 5, 3] };
        nint[] kernel = rank switch { 1 => [4], 2 => [2, 3], _ => [3, 2, 2] };
        nint[] input = [2, 3, .. spatial], weight = [5, 3, .. kernel];
        float[] x = Fill.Integers(rng, Tensors.Elements(input)), w = Fill.Integers(rng, Tensors.Elements(weight));
        int[] ones = Enumerable.Repeat(1, rank).ToArray(), twos = Enumerable.Repeat(2, rank).ToArray();
        var same = new ConvCase(rank, false, input, weight, false, ones, "same", twos, 1).Run(x, w, null, backend);
        Assert.Equal([2, 5, .. spatial], Tensors.Shape(same));
        var valid = new ConvCase(rank, false, input, weight, false, twos, "valid", ones, 1).Run(x, w, null, backend);
        var zero = new ConvCase(rank, false, input, weight, false, twos, 0, ones, 1).Run(x, w, null, backend);
        Compare.Exact(Tensors.ToArray(zero), Tensors.ToArray(valid), $"valid{rank}d".On(backend));
    }

    /// <summary>A 1-tap identity kernel returns the padded input, as torch.nn.functional.pad fills it.</summary>
    [Theory]
    [InlineData(PaddingMode.Zeros, new float[] { 0, 0, 1, 2, 3, 0, 0 })]
    [InlineData(PaddingMode.Reflect, new float[] { 3, 2, 1, 2, 3, 2, 1 })]
    [InlineData(PaddingMode.Replicate, new float[] { 1, 1, 1, 2, 3, 3, 3 })]
    [InlineData(PaddingMode.Circular, new float[] { 2, 3, 1, 2, 3, 1, 2 })]
    public void PaddingModes_FillTheBorderLikeFPad(PaddingMode mode, float[] expected)
    {
        foreach (var backend in TestBackends.Available)
        {
            var y = Functional.Conv1d(T([1, 2, 3], 1, 1, 3), T([1], 1, 1, 1), padding: 2, paddingMode: mode, backend: backend);
            Assert.Equal(expected, Tensors.ToArray(y));
        }
    }

    [Theory, MemberData(nameof(Backends))]
    public void PaddingModes_In2d_PadEachDimension(KernelBackend backend)
    {
        // 2x3 input [[1 2 3] [4 5 6]], padding (1, 2), reflect: rows mirror (row 1, row 0, row 1, row 0), columns too.
        var y = Functional.Conv2d(T(Seq(6), 1, 1, 2, 3), T([1], 1, 1, 1, 1), padding: (1, 2), paddingMode: PaddingMode.Reflect, backend: backend);
        Assert.Equal([1, 1, 4, 7], Tensors.Shape(y));
        float[] row0 = [3, 2, 1, 2, 3, 2, 1], row1 = [6, 5, 4, 5, 6, 5, 4];
        Assert.Equal([.. row1, .. row0, .. row1, .. row0], Tensors.ToArray(y));
        var circular = Functional.Conv2d(T(Seq(6), 1, 1, 2, 3), T([1], 1, 1, 1, 1), padding: (2, 1), paddingMode: PaddingMode.Circular, backend: backend);
        float[] c0 = [3, 1, 2, 3, 1], c1 = [6, 4, 5, 6, 4];
        Assert.Equal([.. c0, .. c1, .. c0, .. c1, .. c0, .. c1], Tensors.ToArray(circular));
    }

    [Theory, MemberData(nameof(Backends))]
    public void GroupedWeightLayout_IsOutByInPerGroup(KernelBackend backend)
    {
        // groups = 2, 2 input channels, 4 outputs: outputs 0,1 read channel 0, outputs 2,3 read channel 1 (depth multiplier 2).
        var y = Functional.Conv1d(T([1, 2, 10, 20], 1, 2, 2), T([1, 2, 3, 4], 4, 1, 1), groups: 2, backend: backend);
        Assert.Equal([1, 2, 2, 4, 30, 60, 40, 80], Tensors.ToArray(y));
    }

    [Theory, MemberData(nameof(Backends))]
    public void ConvTranspose1d_HandWorked_ScattersWithStrideAndOutputPadding(KernelBackend backend)
    {
        // x = [1 2], w = [1 10 100], stride 2: y = [1 10 100+2 20 200], then outputPadding 1 appends the bias alone.
        var y = Functional.ConvTranspose1d(T([1, 2], 1, 1, 2), T([1, 10, 100], 1, 1, 3), T([0.5f], 1), stride: 2, outputPadding: 1, backend: backend);
        Assert.Equal([1.5f, 10.5f, 102.5f, 20.5f, 200.5f, 0.5f], Tensors.ToArray(y));
        var cropped = Functional.ConvTranspose1d(T([1, 2], 1, 1, 2), T([1, 10, 100], 1, 1, 3), stride: 2, padding: 1, backend: backend);
        Assert.Equal([10, 102, 20], Tensors.ToArray(cropped));
    }

    [Theory, MemberData(nameof(Backends))]
    public void ConvTranspose_IsTheAdjointOfConv(KernelBackend backend)
    {
        // <conv(x), y> == <x, convT(y)> for the same weight, stride, padding and dilation; the output padding brings
        // back the last column the forward convolution reads (index 6 of 8), which padding 1 would crop.
        var rng = new Random(50);
        float[] x = Fill.Integers(rng, 2 * 4 * 9 * 8), w = Fill.Integers(rng, 6 * 2 * 3 * 2);
        var forward = Functional.Conv2d(T(x, 2, 4, 9, 8), T(w, 6, 2, 3, 2), stride: (2, 3), padding: (1, 1), dilation: (2, 1), groups: 2, backend: backend);
        nint[] yShape = Tensors.Shape(forward);
        float[] y = Fill.Integers(rng, Tensors.Elements(yShape));
        var back = Functional.ConvTranspose2d(T(y, yShape), T(w, 6, 2, 3, 2), stride: (2, 3), padding: (1, 1), outputPadding: (0, 1), groups: 2,
            dilation: (2, 1), backend: backend);
        nint[] backShape = Tensors.Shape(back);
        Assert.True(backShape[2] <= 9 && backShape[3] <= 8);
        double left = 0, right = 0;
        float[] f = Tensors.ToArray(forward), bk = Tensors.ToArray(back);
        for (int i = 0; i < f.Length; i++)
            left += f[i] * (double)y[i];
        for (int n = 0; n < 2; n++)
            for (int c = 0; c < 4; c++)
                for (int h = 0; h < backShape[2]; h++)
                    for (int wi = 0; wi < backShape[3]; wi++)
                        right += bk[((n * 4 + c) * backShape[2] + h) * backShape[3] + wi] * (double)x[((n * 4 + c) * 9 + h) * 8 + wi];
        Assert.Equal(left, right);
    }

    [Fact]
    public void ConvTransposeOutputPadding_PicksPyTorchsValue_AndRefusesOutOfRange()
    {
        // ConvTranspose2d(2, 3, 3, stride=2, padding=1) on 5x5: valid sizes 9..10 (PyTorch 1.13).
        Assert.Equal([0, 1], Functional.ConvTransposeOutputPadding([5, 5], [9, 10], [2, 2], [1, 1], [3, 3], [1, 1]));
        Assert.Equal([1, 1], Functional.ConvTransposeOutputPadding([5, 5], [10, 10], [2, 2], [1, 1], [3, 3], [1, 1]));
        ErrorAssert.Throws(() => Functional.ConvTransposeOutputPadding([5, 5], [8, 8], [2, 2], [1, 1], [3, 3], [1, 1]), "outputSize",
            "requested an output size of [8, 8], but valid sizes range from [9, 9] to [10, 10]");
        ErrorAssert.Throws(() => Functional.ConvTransposeOutputPadding([5, 5], [10, 11], [2, 2], [1, 1], [3, 3], [1, 1]), "outputSize",
            "requested an output size of [10, 11], but valid sizes range from [9, 9] to [10, 10]");
        // ConvTranspose1d(2, 3, 3, stride=3, dilation=2) on length 4: valid 14..16.
        Assert.Equal([1], Functional.ConvTransposeOutputPadding([4], [15], [3], [0], [3], [2]));
        ErrorAssert.Throws(() => Functional.ConvTransposeOutputPadding([4], [13], [3], [0], [3], [2]), "outputSize",
            "requested an output size of [13], but valid sizes range from [14] to [16]");
    }

    [Fact]
    public void OutputSizeHelpers_MatchTheFormulas()
    {
        Assert.Equal(3, Functional.ConvOutputSize(7, 3, 2, 0, 1));
        Assert.Equal(4, Functional.ConvOutputSize(7, 3, 2, 1, 1));
        Assert.Equal(1, Functional.ConvOutputSize(5, 3, 1, 0, 2));
        Assert.Equal(0, Functional.ConvOutputSize(4, 3, 1, 0, 2));
        Assert.Equal(11, Functional.ConvTransposeOutputSize(5, 3, 2, 0, 0, 1));
        Assert.Equal(10, Functional.ConvTransposeOutputSize(5, 3, 2, 1, 1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Functional.ConvOutputSize(4, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Functional.ConvTransposeOutputSize(4, 3, stride: 0));
    }

    [Theory, MemberData(nameof(Backends))]
    public void ZeroBatch_GivesAnEmptyOutput_AndZeroInputChannels_GiveTheBias(KernelBackend backend)
    {
        var empty = Functional.Conv2d(T([], 0, 2, 5, 5), T(new float[3 * 2 * 9], 3, 2, 3, 3), backend: backend);
        Assert.Equal([0, 3, 3, 3], Tensors.Shape(empty));
        var emptyT = Functional.ConvTranspose2d(T([], 0, 2, 3, 3), T(new float[2 * 3 * 9], 2, 3, 3, 3), backend: backend);
        Assert.Equal([0, 3, 5, 5], Tensors.Shape(emptyT));
        // No input channel contributes: each output is its bias.
        var biasOnly = Functional.Conv1d(T([], 2, 0, 4), T([], 3, 0, 2), T([1, 2, 3], 3), backend: backend);
        Assert.Equal([2, 3, 3], Tensors.Shape(biasOnly));
        Assert.Equal([1, 1, 1, 2, 2, 2, 3, 3, 3, 1, 1, 1, 2, 2, 2, 3, 3, 3], Tensors.ToArray(biasOnly));
    }

    [Theory, MemberData(nameof(Backends))]
    public void DestinationOverloads_WriteWhatTheAllocatingOnesReturn(KernelBackend backend)
    {
        var rng = new Random(60);
        for (int rank = 1; rank <= 3; rank++)
        {
            foreach (bool transposed in new[] { false, true })
            {
                var c = ConvCases.Random(rng, rank, transposed);
                float[] x = Fill.Integers(rng, Tensors.Elements(c.Input)), w = Fill.Integers(rng, Tensors.Elements(c.Weight));
                float[] b = Fill.Integers(rng, c.BiasShape[0]);
                float[] expected = Tensors.ToArray(c.Run(x, w, b, backend));
                float[] y = Fill.Constant(expected.Length, float.NaN);
                c.RunInto(T(x, c.Input), T(w, c.Weight), c.Bias ? T(b, c.BiasShape) : default, Tensors.Writable(y, c.OutputShape), backend);
                Compare.Exact(expected, y, c.ToString().On(backend));
            }
        }
    }

    [Theory, MemberData(nameof(Backends))]
    public void TensorArguments_BindAsInPyTorch_BiasThirdDestinationFourth(KernelBackend backend)
    {
        Tensor<float> x = Tensor.Create(Seq(5), [1, 1, 5]);
        Tensor<float> w = Tensor.Create<float>([1, 0, -1], [1, 1, 3]);
        Tensor<float> b = Tensor.Create<float>([10], [1]);
        Assert.Equal([8, 8, 8], Tensors.ToArray(Functional.Conv1d(x, w, b, backend: backend)));
        Tensor<float> y = Tensor.Create(new float[3], [1, 1, 3]);
        Functional.Conv1d(x, w, b, y, backend: backend);
        Assert.Equal([8, 8, 8], Tensors.ToArray(y));
        Assert.Equal([-2, -2, -2], Tensors.ToArray(Functional.Conv1d(x, w, backend: backend)));
        Tensor<float> t = Tensor.Create<float>([1, 2], [1, 1, 2]);
        Assert.Equal([11, 10, 11, 10, 8], Tensors.ToArray(Functional.ConvTranspose1d(t, w, b, stride: 2, padding: 0, backend: backend)));
    }

    [Theory, MemberData(nameof(Backends))]
    public void ChannelShuffle_PermutesLikePyTorch(KernelBackend backend)
    {
        float[] Shuffle(int groups, params nint[] shape) =>
            Tensors.ToArray(Functional.ChannelShuffle(T(Seq((int)Tensors.Elements(shape), 0), shape), groups, backend));
        Assert.Equal([0, 3, 1, 4, 2, 5], Shuffle(2, 1, 6, 1, 1));
        Assert.Equal([0, 2, 4, 1, 3, 5], Shuffle(3, 1, 6, 1, 1));
        Assert.Equal([0, 3, 1, 4, 2, 5, 6, 9, 7, 10, 8, 11], Shuffle(2, 2, 6, 1));
        Assert.Equal([0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11], Shuffle(3, 1, 12, 1));
        Assert.Equal(Seq(16, 0), Shuffle(1, 1, 4, 2, 2));
        Assert.Equal([0, 1, 4, 5, 2, 3, 6, 7], Shuffle(2, 1, 4, 1, 1, 2));
        Assert.Equal([0, 3, 5], Tensors.Shape(Functional.ChannelShuffle(T([], 0, 3, 5), 3, backend)));
        float[] y = new float[12];
        Functional.ChannelShuffle(T(Seq(12, 0), 1, 6, 2), 2, Tensors.Writable(y, 1, 6, 2), backend);
        Assert.Equal([0, 1, 6, 7, 2, 3, 8, 9, 4, 5, 10, 11], y);
    }

    [Fact]
    public void ConvPadding_ConvertsAndPrintsAsPython()
    {
        Assert.True(ConvPadding.Same.IsSame);
        Assert.True(((ConvPadding)"same").IsSame);
        Assert.True(((ConvPadding)"valid").IsValid);
        Assert.False(((ConvPadding)1).IsSame);
        Assert.Equal("same", ConvPadding.Same.ToString());
        Assert.Equal("valid", ConvPadding.Valid.ToString());
        Assert.Equal("2", ((ConvPadding)2).ToString());
        Assert.Equal("(1, 2)", ((ConvPadding)(1, 2)).ToString());
        Assert.Equal("(0, 1, 2)", ((ConvPadding)(0, 1, 2)).ToString());
        Assert.Equal("0", default(ConvPadding).ToString());
        Assert.Equal(default, (ConvPadding)0);
        Assert.True((ConvPadding)"same" == ConvPadding.Same);
        Assert.True((ConvPadding)(1, 1) != (ConvPadding)1);
        Assert.Equal(((ConvPadding)(3, 4)).GetHashCode(), ((ConvPadding)(3, 4)).GetHashCode());
        Assert.Equal([2, 2, 2], ((ConvPadding)2).Explicit(3));
        Assert.Equal([0, 0], ConvPadding.Valid.Explicit(2));
        Assert.Equal([1, 2], ((ConvPadding)(1, 2)).Explicit(2));
    }

    [Fact]
    public void ConvPadding_RefusesOtherStrings()
    {
        ErrorAssert.Throws(() => { ConvPadding p = "foo"; }, "padding", "Invalid padding string: 'foo'", "should be one of {'valid', 'same'}");
        ErrorAssert.Throws(() => { ConvPadding p = "Same"; }, "padding", "Invalid padding string: 'Same'");
        Assert.Throws<ArgumentNullException>(() => { ConvPadding p = (string)null!; });
    }
}
