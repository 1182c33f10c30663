namespace KernelLib;

/// <summary>Three spatial sizes (depth, height, width); lower ranks have leading 1s (or 0s for padding).</summary>
internal readonly record struct ConvDims(long D, long H, long W)
{
    internal long Volume => D * H * W;

    /// <summary>The last <paramref name="values"/>.Length dims set from <paramref name="values"/>, the others <paramref name="fill"/>.</summary>
    internal static ConvDims Trailing(ReadOnlySpan<long> values, long fill)
    {
        Span<long> all = [fill, fill, fill];
        values.CopyTo(all[(3 - values.Length)..]);
        return new ConvDims(all[0], all[1], all[2]);
    }
}

/// <summary>
/// A validated convolution or transposed convolution (PyTorch 1.13's rules, <see cref="ConvShape"/>), normalised to
/// 3-D exactly as <c>kl_conv_params</c> takes it: missing leading spatial dims have size 1, kernel 1, stride 1,
/// dilation 1 and no padding. Built by <see cref="ForConv"/> and <see cref="ForTranspose"/>; Functional, the NN
/// modules and both backends share it.
/// </summary>
internal sealed class ConvProblem
{
    /// <summary>1, 2 or 3.</summary>
    internal required int SpatialRank { get; init; }
    internal required bool Transposed { get; init; }
    internal required long Batch { get; init; }
    internal required long InChannels { get; init; }
    internal required long OutChannels { get; init; }
    internal required long Groups { get; init; }
    internal required ConvDims In { get; init; }
    internal required ConvDims Out { get; init; }
    internal required ConvDims Kernel { get; init; }
    internal required ConvDims Stride { get; init; }
    /// <summary>Front / top / left padding.</summary>
    internal required ConvDims PadBegin { get; init; }
    /// <summary>Back / bottom / right padding: larger than <see cref="PadBegin"/> only for "same" with an even effective kernel.</summary>
    internal required ConvDims PadEnd { get; init; }
    internal required ConvDims Dilation { get; init; }
    /// <summary>Transposed only; 0 otherwise.</summary>
    internal required ConvDims OutputPadding { get; init; }
    internal required PaddingMode PaddingMode { get; init; }
    internal required bool HasBias { get; init; }
    /// <summary>The output's shape, batched exactly when the input is.</summary>
    internal required nint[] OutputShape { get; init; }

    internal long InChannelsPerGroup => InChannels / Groups;
    internal long OutChannelsPerGroup => OutChannels / Groups;
    internal long InputLength => Batch * InChannels * In.Volume;
    internal long OutputLength => Batch * OutChannels * Out.Volume;
    internal long WeightLength => InChannels * OutChannels / Groups * Kernel.Volume;

    /// <summary>
    /// Products summed into one output element: <c>in/groups * kernel volume</c> (forward); for a transposed
    /// convolution at most <c>in/groups * kernel volume</c> of them reach one output.
    /// </summary>
    internal long ReductionLength => InChannelsPerGroup * Kernel.Volume;

    /// <summary>
    /// Validates <c>conv{1,2,3}d(input, weight, bias, stride, padding, dilation, groups)</c> with a padding mode, in
    /// PyTorch 1.13's order and words, and infers the output.
    /// </summary>
    /// <param name="spatialRank">1, 2 or 3.</param>
    /// <param name="input">(N, C_in, *) or (C_in, *).</param>
    /// <param name="weight">(C_out, C_in / groups, k...).</param>
    /// <param name="bias">(C_out), read only when <paramref name="hasBias"/>.</param>
    /// <param name="hasBias">Whether there is a bias.</param>
    /// <param name="stride">One value per spatial dim.</param>
    /// <param name="padding">Explicit, "same" or "valid".</param>
    /// <param name="dilation">One value per spatial dim.</param>
    /// <param name="groups">Groups of channels.</param>
    /// <param name="paddingMode">How the padding is filled.</param>
    internal static ConvProblem ForConv(int spatialRank, ReadOnlySpan<nint> input, ReadOnlySpan<nint> weight,
        ReadOnlySpan<nint> bias, bool hasBias, ReadOnlySpan<int> stride, ConvPadding padding, ReadOnlySpan<int> dilation,
        int groups, PaddingMode paddingMode) =>
        ConvShape.Forward(spatialRank, input, weight, bias, hasBias, stride, padding, dilation, groups, paddingMode);

    /// <summary>
    /// Validates <c>conv_transpose{1,2,3}d(input, weight, bias, stride, padding, output_padding, groups, dilation)</c>
    /// in PyTorch 1.13's order and words, and infers the output.
    /// </summary>
    /// <param name="spatialRank">1, 2 or 3.</param>
    /// <param name="input">(N, C_in, *) or (C_in, *).</param>
    /// <param name="weight">(C_in, C_out / groups, k...).</param>
    /// <param name="bias">(C_out), read only when <paramref name="hasBias"/>.</param>
    /// <param name="hasBias">Whether there is a bias.</param>
    /// <param name="stride">One value per spatial dim.</param>
    /// <param name="padding">One value per spatial dim, removed from both ends of the output.</param>
    /// <param name="outputPadding">One value per spatial dim, added at the end of the output.</param>
    /// <param name="groups">Groups of channels.</param>
    /// <param name="dilation">One value per spatial dim.</param>
    internal static ConvProblem ForTranspose(int spatialRank, ReadOnlySpan<nint> input, ReadOnlySpan<nint> weight,
        ReadOnlySpan<nint> bias, bool hasBias, ReadOnlySpan<int> stride, ReadOnlySpan<int> padding,
        ReadOnlySpan<int> outputPadding, int groups, ReadOnlySpan<int> dilation) =>
        ConvShape.Transposed(spatialRank, input, weight, bias, hasBias, stride, padding, outputPadding, groups, dilation);
}
