using System.Text;

namespace KernelLib.NN;

/// <summary>
/// A convolution module's constructor arguments, one value per spatial dimension: validated as PyTorch's
/// <c>_ConvNd.__init__</c> does, turned into a <see cref="ConvProblem"/> per input shape, and printed as its
/// <c>extra_repr</c>.
/// </summary>
internal readonly record struct ConvSettings(
    bool Transposed,
    int InChannels,
    int OutChannels,
    int[] KernelSize,
    int[] Stride,
    ConvPadding Padding,
    int[] Dilation,
    int[] OutputPadding,
    int Groups,
    bool HasBias,
    PaddingMode PaddingMode)
{
    internal int Rank => KernelSize.Length;

    /// <summary>
    /// PyTorch's constructor checks in its order and words, then every check a forward pass makes that depends on
    /// the parameters alone (kernel, stride, dilation, padding, output padding), so that a layer that cannot run
    /// fails when it is built rather than on its first input.
    /// </summary>
    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(InChannels, "inChannels");
        ArgumentOutOfRangeException.ThrowIfNegative(OutChannels, "outChannels");
        if (Groups <= 0)
        {
            throw new ArgumentException("groups must be a positive integer", "groups");
        }
        if (InChannels % Groups != 0)
        {
            throw new ArgumentException(
                $"in_channels must be divisible by groups (in_channels={InChannels}, groups={Groups})", "groups");
        }
        if (OutChannels % Groups != 0)
        {
            throw new ArgumentException(
                $"out_channels must be divisible by groups (out_channels={OutChannels}, groups={Groups})", "groups");
        }
        if (Padding.IsSame && Stride.Any(s => s != 1))
        {
            throw new ArgumentException(
                $"padding='same' is not supported for strided convolutions (stride={PythonTuple.Format(Stride)})", "padding");
        }
        ConvShape.RequireDefined(PaddingMode);
        foreach (int k in KernelSize)
        {
            if (k < 0)
            {
                throw new ArgumentException(
                    $"Trying to create tensor with negative dimension {k}: {Shapes.Format(WeightShape())}", "kernelSize");
            }
            if (k == 0)
            {
                throw new ArgumentException(
                    $"kernel size should be greater than zero, but got kernel_size={PythonTuple.Format(KernelSize)}", "kernelSize");
            }
        }
        Problem(ProbeInput(), WeightShape(), []);
    }

    /// <summary>PyTorch's weight shape: <c>[out, in / groups, k...]</c>, transposed <c>[in, out / groups, k...]</c>.</summary>
    internal nint[] WeightShape()
    {
        var shape = new nint[2 + Rank];
        shape[0] = Transposed ? InChannels : OutChannels;
        shape[1] = Transposed ? OutChannels / Groups : InChannels / Groups;
        for (int i = 0; i < Rank; i++)
        {
            shape[2 + i] = KernelSize[i];
        }
        return shape;
    }

    /// <summary>The validated problem for one input; <paramref name="outputPadding"/> overrides the layer's (transposed only).</summary>
    internal ConvProblem Problem(ReadOnlySpan<nint> inputShape, ReadOnlySpan<nint> weightShape, ReadOnlySpan<int> outputPadding)
    {
        ReadOnlySpan<nint> bias = HasBias ? [OutChannels] : [];
        return Transposed
            ? ConvProblem.ForTranspose(Rank, inputShape, weightShape, bias, HasBias, Stride, Padding.Explicit(Rank),
                outputPadding.IsEmpty ? OutputPadding : outputPadding, Groups, Dilation)
            : ConvProblem.ForConv(Rank, inputShape, weightShape, bias, HasBias, Stride, Padding, Dilation, Groups, PaddingMode);
    }

    /// <summary>PyTorch's <c>_ConvNd.extra_repr</c>: the optional parts only where they differ from their defaults.</summary>
    internal string Repr()
    {
        var text = new StringBuilder()
            .Append($"{InChannels}, {OutChannels}, kernel_size={PythonTuple.Format(KernelSize)}, stride={PythonTuple.Format(Stride)}");
        // PyTorch keeps "same" / "valid" as strings, which never equal a tuple of zeros.
        if (Padding.IsSame || Padding.IsValid)
        {
            text.Append($", padding={Padding}");
        }
        else if (Padding.Explicit(Rank).Any(p => p != 0))
        {
            text.Append($", padding={PythonTuple.Format(Padding.Explicit(Rank))}");
        }
        if (Dilation.Any(d => d != 1))
        {
            text.Append($", dilation={PythonTuple.Format(Dilation)}");
        }
        if (OutputPadding.Any(p => p != 0))
        {
            text.Append($", output_padding={PythonTuple.Format(OutputPadding)}");
        }
        if (Groups != 1)
        {
            text.Append($", groups={Groups}");
        }
        if (!HasBias)
        {
            text.Append(", bias=False");
        }
        if (PaddingMode != PaddingMode.Zeros)
        {
            text.Append($", padding_mode={PaddingMode.ToString().ToLowerInvariant()}");
        }
        return text.ToString();
    }

    /// <summary>
    /// An input shape (batch 1) that every valid parameter set accepts: each spatial size covers the dilated kernel
    /// and the padding (reflect padding must be smaller than the input), so only parameter errors remain.
    /// </summary>
    private nint[] ProbeInput()
    {
        var shape = new nint[2 + Rank];
        shape[0] = 1;
        shape[1] = InChannels;
        int[] padding = Padding.IsSame ? new int[Rank] : Padding.Explicit(Rank);
        for (int i = 0; i < Rank; i++)
        {
            long span = (long)Math.Max(Dilation[i], 1) * Math.Max(KernelSize[i] - 1, 0) + 1;
            shape[2 + i] = (nint)Math.Max(span, 2L * Math.Max(padding[i], 0) + 1);
        }
        return shape;
    }
}
