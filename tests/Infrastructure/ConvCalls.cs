using System.Numerics.Tensors;

namespace KernelLib.Tests;

/// <summary>
/// One convolution or transposed convolution call of any rank, so that one test body drives Conv1d/2d/3d and
/// ConvTranspose1d/2d/3d through their public overloads. Sizes have one entry per spatial dimension.
/// </summary>
public sealed record ConvCase(int Rank, bool Transposed, nint[] Input, nint[] Weight, bool Bias, int[] Stride, ConvPadding Padding,
    int[] Dilation, int Groups, PaddingMode Mode = PaddingMode.Zeros, int[]? OutputPadding = null)
{
    public int[] OutPad => OutputPadding ?? new int[Rank];

    public nint[] BiasShape => [Transposed ? Weight[1] * Groups : Weight[0]];

    /// <summary>The validated problem (throws as the public call would).</summary>
    internal ConvProblem Problem => Transposed
        ? ConvProblem.ForTranspose(Rank, Input, Weight, BiasShape, Bias, Stride, Padding.Explicit(Rank), OutPad, Groups, Dilation)
        : ConvProblem.ForConv(Rank, Input, Weight, BiasShape, Bias, Stride, Padding, Dilation, Groups, Mode);

    public nint[] OutputShape => Problem.OutputShape;

    /// <summary>Products summed into one output: in/groups times the kernel volume.</summary>
    public long ReductionLength => Problem.ReductionLength;

    public Tensor<float> Run(float[] x, float[] w, float[]? b, KernelBackend backend) =>
        Run(new ReadOnlyTensorSpan<float>(x, Input), new ReadOnlyTensorSpan<float>(w, Weight),
            Bias ? new ReadOnlyTensorSpan<float>(b!, BiasShape) : default, backend);

    public Tensor<float> Run(in ReadOnlyTensorSpan<float> x, in ReadOnlyTensorSpan<float> w, in ReadOnlyTensorSpan<float> b,
        KernelBackend backend) => (Rank, Transposed) switch
    {
        (1, false) => Functional.Conv1d(x, w, b, Stride[0], Padding, Dilation[0], Groups, Mode, backend),
        (2, false) => Functional.Conv2d(x, w, b, S2(Stride), Padding, S2(Dilation), Groups, Mode, backend),
        (3, false) => Functional.Conv3d(x, w, b, S3(Stride), Padding, S3(Dilation), Groups, Mode, backend),
        (1, true) => Functional.ConvTranspose1d(x, w, b, Stride[0], P(0), OutPad[0], Groups, Dilation[0], backend),
        (2, true) => Functional.ConvTranspose2d(x, w, b, S2(Stride), new Size2(P(0), P(1)), S2(OutPad), Groups, S2(Dilation), backend),
        _ => Functional.ConvTranspose3d(x, w, b, S3(Stride), new Size3(P(0), P(1), P(2)), S3(OutPad), Groups, S3(Dilation), backend),
    };

    public void RunInto(in ReadOnlyTensorSpan<float> x, in ReadOnlyTensorSpan<float> w, in ReadOnlyTensorSpan<float> b,
        in TensorSpan<float> y, KernelBackend backend)
    {
        switch (Rank, Transposed)
        {
            case (1, false): Functional.Conv1d(x, w, b, y, Stride[0], Padding, Dilation[0], Groups, Mode, backend); break;
            case (2, false): Functional.Conv2d(x, w, b, y, S2(Stride), Padding, S2(Dilation), Groups, Mode, backend); break;
            case (3, false): Functional.Conv3d(x, w, b, y, S3(Stride), Padding, S3(Dilation), Groups, Mode, backend); break;
            case (1, true): Functional.ConvTranspose1d(x, w, b, y, Stride[0], P(0), OutPad[0], Groups, Dilation[0], backend); break;
            case (2, true): Functional.ConvTranspose2d(x, w, b, y, S2(Stride), new Size2(P(0), P(1)), S2(OutPad), Groups, S2(Dilation), backend); break;
            default: Functional.ConvTranspose3d(x, w, b, y, S3(Stride), new Size3(P(0), P(1), P(2)), S3(OutPad), Groups, S3(Dilation), backend); break;
        }
    }

    public override string ToString()
    {
        string name = Transposed ? $"convT{Rank}d" : $"conv{Rank}d";
        string Join(IEnumerable<int> v) => string.Join("x", v);
        string op = Transposed ? $"_op{Join(OutPad)}" : Mode == PaddingMode.Zeros ? "" : "_" + Mode.ToString().ToLowerInvariant();
        return $"{name}_in{string.Join("x", Input)}_w{string.Join("x", Weight)}_s{Join(Stride)}_p{Padding.ToString().Replace(", ", "x")}" +
            $"_d{Join(Dilation)}_g{Groups}{op}{(Bias ? "_bias" : "")}";
    }

    private int P(int i) => Padding.Explicit(Rank)[i];

    private static Size2 S2(int[] v) => new(v[0], v[1]);

    private static Size3 S3(int[] v) => new(v[0], v[1], v[2]);
}

/// <summary>Seeded random convolution cases that pass validation, covering groups, depthwise multipliers, dilation, strides and padding.</summary>
public static class ConvCases
{
    public static ConvCase Random(Random rng, int rank, bool transposed, int maxSpatial = 0)
    {
        while (true)
        {
            var c = Draw(rng, rank, transposed, maxSpatial == 0 ? (rank == 3 ? 7 : rank == 2 ? 13 : 40) : maxSpatial);
            try
            {
                _ = c.Problem;
                return c;
            }
            catch (ArgumentException)
            {
                // redraw: the random parameters broke a rule (kernel larger than the padded input, reflect too wide ...)
            }
        }
    }

    private static ConvCase Draw(Random rng, int rank, bool transposed, int maxSpatial)
    {
        int groups = rng.Next(4) switch { 0 => 1, 1 => 2, 2 => 3, _ => 1 };
        bool depthwise = !transposed && rng.Next(4) == 0;
        int inPerGroup = depthwise ? 1 : rng.Next(1, 6);
        int outPerGroup = depthwise ? rng.Next(1, 4) : rng.Next(1, 7);
        if (depthwise)
            groups = rng.Next(1, 9);
        int inChannels = groups * inPerGroup, outChannels = groups * outPerGroup;
        int[] kernel = Enumerable.Range(0, rank).Select(_ => rng.Next(1, rank == 3 ? 4 : 6)).ToArray();
        int[] stride = Enumerable.Range(0, rank).Select(_ => rng.Next(3) == 0 ? 2 : rng.Next(6) == 0 ? 3 : 1).ToArray();
        int[] dilation = Enumerable.Range(0, rank).Select(_ => rng.Next(4) == 0 ? rng.Next(2, 4) : 1).ToArray();
        int[] spatial = Enumerable.Range(0, rank).Select(_ => rng.Next(1, maxSpatial + 1)).ToArray();
        int batch = rng.Next(6) == 0 ? 0 : rng.Next(1, 4);
        bool unbatched = rng.Next(5) == 0;
        nint[] input = unbatched
            ? [inChannels, .. spatial.Select(s => (nint)s)]
            : [batch, inChannels, .. spatial.Select(s => (nint)s)];
        bool bias = rng.Next(3) != 0;
        if (transposed)
        {
            nint[] weight = [inChannels, outPerGroup, .. kernel.Select(k => (nint)k)];
            int[] pad = kernel.Select((k, i) => rng.Next(0, dilation[i] * (k - 1) / 2 + 2)).ToArray();
            int[] outputPadding = stride.Select((s, i) => rng.Next(0, Math.Max(s, dilation[i]))).ToArray();
            ConvPadding padding = rank switch { 1 => pad[0], 2 => (pad[0], pad[1]), _ => (pad[0], pad[1], pad[2]) };
            return new ConvCase(rank, true, input, weight, bias, stride, padding, dilation, groups, PaddingMode.Zeros, outputPadding);
        }
        else
        {
            nint[] weight = [outChannels, inPerGroup, .. kernel.Select(k => (nint)k)];
            var mode = (PaddingMode)rng.Next(4);
            if (rng.Next(2) == 0)
                mode = PaddingMode.Zeros;
            ConvPadding padding;
            switch (rng.Next(5))
            {
                case 0:
                    padding = ConvPadding.Same;
                    stride = new int[rank];
                    Array.Fill(stride, 1);
                    break;
                case 1:
                    padding = ConvPadding.Valid;
                    break;
                case 2:
                    padding = rng.Next(0, 3);
                    break;
                default:
                    int[] p = kernel.Select(k => rng.Next(0, k + 1)).ToArray();
                    padding = rank switch { 1 => p[0], 2 => (p[0], p[1]), _ => (p[0], p[1], p[2]) };
                    break;
            }
            return new ConvCase(rank, false, input, weight, bias, stride, padding, dilation, groups, mode);
        }
    }
}
