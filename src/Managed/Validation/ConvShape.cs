namespace KernelLib;

/// <summary>
/// PyTorch 1.13's convolution rules (<c>batchify</c>, <c>check_shape_forward</c>, <c>_convolution_mode</c>'s
/// "same", <c>F.pad</c>'s reflect / replicate / circular limits, and the CPU backends' shape checks), in PyTorch's
/// order and words. Where PyTorch runs 1-D convolution as 2-D over an unsqueezed (N, C, 1, L) input, its messages
/// show the unsqueezed sizes, and so do these; where PyTorch's message names no values, the values are appended.
/// Unbatched inputs appear in the messages with a batch of 1, as PyTorch unsqueezes them first.
/// </summary>
internal static class ConvShape
{
    internal static ConvProblem Forward(int rank, ReadOnlySpan<nint> input, ReadOnlySpan<nint> weight,
        ReadOnlySpan<nint> bias, bool hasBias, ReadOnlySpan<int> stride, ConvPadding padding, ReadOnlySpan<int> dilation,
        int groups, PaddingMode paddingMode)
    {
        nint[] batchedInput = RequireInputRank(rank, input, $"conv{rank}d");
        RequireWeightRank(rank, weight, batchedInput);
        RequireGroups(groups);
        RequireLength(rank, stride, "stride", nameof(stride));
        RequireLength(rank, dilation, "dilation", nameof(dilation));
        RequireDefined(paddingMode);
        int[]? explicitPadding = padding.IsSame ? null : padding.Explicit(rank);
        if (padding.IsSame && ContainsOtherThan(stride, 1))
        {
            throw new ArgumentException("padding='same' is not supported for strided convolutions", nameof(padding));
        }
        if (explicitPadding is not null)
        {
            RequireNonNegative(explicitPadding, "padding", nameof(padding));
        }
        RequirePositiveStride(stride);

        long[] kernel = Spatial(weight, rank);
        Span<long> padBegin = stackalloc long[rank], padEnd = stackalloc long[rank];
        for (int i = 0; i < rank; i++)
        {
            if (explicitPadding is null)
            {
                // "same": dilation * (k - 1) in total, the odd element at the end. A negative total (dilation or
                // kernel not positive) is refused below; clamping keeps the padding-mode checks well defined.
                long total = Math.Max(0, dilation[i] * (kernel[i] - 1));
                padBegin[i] = total / 2;
                padEnd[i] = total - total / 2;
            }
            else
            {
                padBegin[i] = padEnd[i] = explicitPadding[i];
            }
        }
        RequirePaddingModeFits(rank, input, paddingMode, padBegin, padEnd);

        RequireWeightDivisible(groups, weight);
        long channels = batchedInput[1];
        if (channels != (long)weight[1] * groups)
        {
            throw new ArgumentException(
                $"Given groups={groups}, weight of size {Shapes.Format(weight)}, expected input{Shapes.Format(batchedInput)} " +
                $"to have {(long)weight[1] * groups} channels, but got {channels} channels instead", nameof(input));
        }
        if (hasBias && (bias.Length != 1 || bias[0] != weight[0]))
        {
            throw new ArgumentException(
                $"Given weight of size {Shapes.Format(weight)}, expected bias to be 1-dimensional with {weight[0]} elements, " +
                $"but got bias of size {Shapes.Format(bias)} instead", nameof(bias));
        }

        long[] inSize = Spatial(batchedInput, rank);
        var padded = new long[rank];
        var effective = new long[rank];
        bool fits = true;
        for (int i = 0; i < rank; i++)
        {
            padded[i] = inSize[i] + padBegin[i] + padEnd[i];
            effective[i] = (long)dilation[i] * (kernel[i] - 1) + 1;
            fits &= padded[i] >= effective[i];
        }
        if (!fits)
        {
            throw new ArgumentException(
                $"Calculated padded input size per channel: ({string.Join(" x ", padded)}). Kernel size: " +
                $"({string.Join(" x ", effective)}). Kernel size can't be greater than actual input size", nameof(input));
        }
        RequireNonEmptySpatial(rank, batchedInput, inSize);
        if (ContainsOtherThanPositive(dilation))
        {
            throw new ArgumentException(
                $"dilation should be greater than zero, but got {FormatList(rank == 1 ? [1, dilation[0]] : dilation)}", nameof(dilation));
        }
        RequirePositiveKernel(rank, kernel);

        var outSize = new long[rank];
        for (int i = 0; i < rank; i++)
        {
            outSize[i] = (padded[i] - effective[i]) / stride[i] + 1;
        }
        return Build(rank, transposed: false, input, hasBias, inSize, outSize, kernel, stride, padBegin, padEnd,
            dilation, outputPadding: [], groups, (long)weight[0], paddingMode);
    }

    internal static ConvProblem Transposed(int rank, ReadOnlySpan<nint> input, ReadOnlySpan<nint> weight,
        ReadOnlySpan<nint> bias, bool hasBias, ReadOnlySpan<int> stride, ReadOnlySpan<int> padding,
        ReadOnlySpan<int> outputPadding, int groups, ReadOnlySpan<int> dilation)
    {
        nint[] batchedInput = RequireInputRank(rank, input, $"conv_transpose{rank}d");
        RequireWeightRank(rank, weight, batchedInput);
        RequireGroups(groups);
        RequireLength(rank, stride, "stride", nameof(stride));
        RequireLength(rank, padding, "padding", nameof(padding));
        RequireLength(rank, outputPadding, "output_padding", nameof(outputPadding));
        RequireLength(rank, dilation, "dilation", nameof(dilation));
        RequireNonNegative(padding, "padding", nameof(padding));
        RequireNonNegative(outputPadding, "output_padding", nameof(outputPadding));
        RequirePositiveStride(stride);
        RequireWeightDivisible(groups, weight);
        long channels = batchedInput[1];
        if (channels != weight[0])
        {
            throw new ArgumentException(
                $"Given transposed=1, weight of size {Shapes.Format(weight)}, expected input{Shapes.Format(batchedInput)} " +
                $"to have {weight[0]} channels, but got {channels} channels instead", nameof(input));
        }
        long outChannels = (long)weight[1] * groups;
        if (hasBias && (bias.Length != 1 || bias[0] != outChannels))
        {
            throw new ArgumentException(
                $"Given transposed=1, weight of size {Shapes.Format(weight)}, expected bias to be 1-dimensional with " +
                $"{outChannels} elements, but got bias of size {Shapes.Format(bias)} instead", nameof(bias));
        }

        long[] inSize = Spatial(batchedInput, rank);
        long[] kernel = Spatial(weight, rank);
        RequireNonEmptySpatial(rank, batchedInput, inSize);
        if (rank == 3 && (weight[1] == 0 || kernel.Contains(0)))
        {
            throw new ArgumentException(
                "non-empty 5D (n_output_plane x n_input_plane x kernel_depth x kernel_height x kernel_width) tensor " +
                $"expected for weight, but got: {Shapes.Format(weight)}", nameof(weight));
        }
        RequirePositiveKernel(rank, kernel);
        if (ContainsOtherThanPositive(dilation))
        {
            throw new ArgumentException(
                $"dilation should be greater than zero, but got {Named(rank, "dilation", dilation, ", ")}", nameof(dilation));
        }
        bool outputPaddingFits = true;
        for (int i = 0; i < rank; i++)
        {
            outputPaddingFits &= outputPadding[i] < stride[i] || outputPadding[i] < dilation[i];
        }
        if (!outputPaddingFits)
        {
            throw new ArgumentException(
                $"output padding must be smaller than either stride or dilation, but got " +
                $"{Named(rank, "output_padding", outputPadding, " ", 0)} {Named(rank, "stride", stride, " ")} " +
                $"{Named(rank, "dilation", dilation, " ")}", nameof(outputPadding));
        }
        if (weight[1] == 0)
        {
            throw new ArgumentException(
                $"non-empty 2D or 4D weight tensor expected, but got: {Shapes.Format(weight)}", nameof(weight));
        }

        var outSize = new long[rank];
        for (int i = 0; i < rank; i++)
        {
            outSize[i] = (inSize[i] - 1) * stride[i] - 2L * padding[i] + (long)dilation[i] * (kernel[i] - 1) + outputPadding[i] + 1;
        }
        if (outSize.Any(o => o < 1))
        {
            string Sizes(long[] s) => string.Join(" x ", rank == 1 ? [1, s[0]] : s);
            throw new ArgumentException(
                $"Given input size per channel: ({Sizes(inSize)}). Calculated output size per channel: ({Sizes(outSize)}). " +
                "Output size is too small", nameof(input));
        }
        Span<long> pads = stackalloc long[rank];
        for (int i = 0; i < rank; i++)
        {
            pads[i] = padding[i];
        }
        return Build(rank, transposed: true, input, hasBias, inSize, outSize, kernel, stride, pads, pads,
            dilation, outputPadding, groups, outChannels, PaddingMode.Zeros);
    }

    /// <summary>PyTorch's <c>_output_padding</c>: the output padding that makes a transposed convolution produce <paramref name="outputSize"/>.</summary>
    internal static int[] OutputPaddingFor(ReadOnlySpan<int> inputSize, ReadOnlySpan<int> outputSize, ReadOnlySpan<int> stride,
        ReadOnlySpan<int> padding, ReadOnlySpan<int> kernelSize, ReadOnlySpan<int> dilation)
    {
        int rank = inputSize.Length;
        if (outputSize.Length != rank || stride.Length != rank || padding.Length != rank || kernelSize.Length != rank || dilation.Length != rank)
        {
            throw new ArgumentException(
                $"outputSize must have {rank} elements, one per spatial dimension of the input (got {outputSize.Length}); " +
                $"stride, padding, kernelSize and dilation must have {rank} too", nameof(outputSize));
        }
        var min = new long[rank];
        var max = new long[rank];
        for (int i = 0; i < rank; i++)
        {
            min[i] = ((long)inputSize[i] - 1) * stride[i] - 2L * padding[i] + (long)dilation[i] * (kernelSize[i] - 1) + 1;
            max[i] = min[i] + stride[i] - 1;
        }
        var result = new int[rank];
        for (int i = 0; i < rank; i++)
        {
            if (outputSize[i] < min[i] || outputSize[i] > max[i])
            {
                throw new ArgumentException(
                    $"requested an output size of {FormatList(outputSize)}, but valid sizes range from {FormatList(min)} to " +
                    $"{FormatList(max)} (for an input of {FormatList(inputSize)})", nameof(outputSize));
            }
            result[i] = (int)(outputSize[i] - min[i]);
        }
        return result;
    }

    internal static string FormatList(ReadOnlySpan<int> values) => "[" + string.Join(", ", values.ToArray()) + "]";

    private static string FormatList(ReadOnlySpan<long> values) => "[" + string.Join(", ", values.ToArray()) + "]";

    // batchify's words; returns the input with a batch dimension (PyTorch's messages show that shape).
    private static nint[] RequireInputRank(int rank, ReadOnlySpan<nint> input, string op)
    {
        if (input.Length != rank + 1 && input.Length != rank + 2)
        {
            throw new ArgumentException(
                $"Expected {rank + 1}D (unbatched) or {rank + 2}D (batched) input to {op}, but got input of size: {Shapes.Format(input)}",
                nameof(input));
        }
        Shapes.RequireNonNegative(input, nameof(input));
        return input.Length == rank + 2 ? input.ToArray() : [1, .. input];
    }

    private static void RequireWeightRank(int rank, ReadOnlySpan<nint> weight, nint[] batchedInput)
    {
        if (weight.Length < 3)
        {
            throw new ArgumentException(
                $"weight should have at least three dimensions, but got weight of size {Shapes.Format(weight)}", nameof(weight));
        }
        if (weight.Length != rank + 2)
        {
            throw new ArgumentException(
                $"Expected {weight.Length}-dimensional input for {weight.Length}-dimensional weight {Shapes.Format(weight)}, but got " +
                $"{batchedInput.Length}-dimensional input of size {Shapes.Format(batchedInput)} instead", nameof(weight));
        }
        Shapes.RequireNonNegative(weight, nameof(weight));
    }

    private static void RequireGroups(int groups)
    {
        if (groups <= 0)
        {
            throw new ArgumentException($"non-positive groups is not supported, but got groups={groups}", nameof(groups));
        }
    }

    // PyTorch's expand_param_if_needed: one value per spatial dim (the typed public overloads always give that).
    private static void RequireLength(int rank, ReadOnlySpan<int> values, string pytorchName, string paramName)
    {
        if (values.Length != rank)
        {
            throw new ArgumentException(
                $"expected {pytorchName} to be a single integer value or a list of {rank} values to match the convolution " +
                $"dimensions, but got {pytorchName}={FormatList(values)}", paramName);
        }
    }

    internal static void RequireDefined(PaddingMode paddingMode)
    {
        if (!Enum.IsDefined(paddingMode))
        {
            throw new ArgumentException(
                $"padding_mode must be one of {{'reflect', 'circular', 'replicate', 'zeros'}}, but got padding_mode={(int)paddingMode}",
                nameof(paddingMode));
        }
    }

    private static void RequireNonNegative(ReadOnlySpan<int> values, string pytorchName, string paramName)
    {
        if (values.ToArray().Any(v => v < 0))
        {
            throw new ArgumentException(
                $"negative {pytorchName} is not supported, but got {pytorchName}={FormatList(values)}", paramName);
        }
    }

    private static void RequirePositiveStride(ReadOnlySpan<int> stride)
    {
        if (ContainsOtherThanPositive(stride))
        {
            throw new ArgumentException($"non-positive stride is not supported, but got stride={FormatList(stride)}", nameof(stride));
        }
    }

    private static void RequireWeightDivisible(int groups, ReadOnlySpan<nint> weight)
    {
        if (weight[0] < groups)
        {
            throw new ArgumentException(
                $"Given groups={groups}, expected weight to be at least {groups} at dimension 0, but got weight of size " +
                $"{Shapes.Format(weight)} instead", nameof(weight));
        }
        if (weight[0] % groups != 0)
        {
            // PyTorch 1.13 prints the sizes inside a second pair of brackets here.
            throw new ArgumentException(
                $"Given groups={groups}, expected weight to be divisible by {groups} at dimension 0, but got weight of size " +
                $"[{Shapes.Format(weight)}] instead", nameof(weight));
        }
    }

    // F.pad's limits for the padding modes that read the input (checked on the input as given, batched or not).
    private static void RequirePaddingModeFits(int rank, ReadOnlySpan<nint> input, PaddingMode mode,
        ReadOnlySpan<long> padBegin, ReadOnlySpan<long> padEnd)
    {
        if (mode == PaddingMode.Zeros)
        {
            return;
        }
        ReadOnlySpan<nint> nonBatch = input[^(rank + 1)..];
        if (mode == PaddingMode.Circular && input.Length == rank + 1)
        {
            // PyTorch 1.13's circular padding counts the dims of an unbatched input wrongly and refuses it.
            throw new ArgumentException(
                $"Invalid padding size, expected {2 * (rank - 1)} but got {2 * rank}: PyTorch 1.13 refuses circular padding of an " +
                $"unbatched input (shape {Shapes.Format(input)}); add a batch dimension of 1", "input");
        }
        if (mode == PaddingMode.Reflect && nonBatch.Contains(0))
        {
            throw new ArgumentException(
                $"{rank + 1}D or {rank + 2}D (batch mode) tensor expected for input, but got: [ torch.FloatTensor{{{string.Join(",", input.ToArray())}}} ]",
                nameof(input));
        }
        if (mode == PaddingMode.Replicate && nonBatch.Contains(0))
        {
            throw new ArgumentException(
                $"Expected {rank + 1}D or {rank + 2}D (batch mode) tensor with possibly 0 batch size and other non-zero dimensions " +
                $"for input, but got: {Shapes.Format(input)}", nameof(input));
        }
        // reflection_pad checks the width first (argument #4 of F.pad's list), then the height (#6), then the depth (#8).
        for (int fromLast = 0; fromLast < rank; fromLast++)
        {
            int i = rank - 1 - fromLast;
            int dim = input.Length - 1 - fromLast;
            long size = input[dim];
            if (mode == PaddingMode.Reflect && (padBegin[i] >= size || padEnd[i] >= size))
            {
                string inputText = rank == 2 ? input.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) : Shapes.Format(input);
                throw new ArgumentException(
                    $"Argument #{4 + 2 * fromLast}: Padding size should be less than the corresponding input dimension, but got: " +
                    $"padding ({padBegin[i]}, {padEnd[i]}) at dimension {dim} of input {inputText}", "padding");
            }
            if (mode == PaddingMode.Circular && (padBegin[i] > size || padEnd[i] > size))
            {
                throw new ArgumentException(
                    $"Padding value causes wrapping around more than once. (padding ({padBegin[i]}, {padEnd[i]}) at dimension {dim} " +
                    $"of input {Shapes.Format(input)})", "padding");
            }
        }
    }

    // The CPU backends accept an empty input only through an empty batch or channel dimension.
    private static void RequireNonEmptySpatial(int rank, nint[] batchedInput, long[] inSize)
    {
        if (batchedInput[0] != 0 && batchedInput[1] != 0 && inSize.Contains(0))
        {
            nint[] shown = rank == 1 ? [batchedInput[0], batchedInput[1], 1, batchedInput[2]] : batchedInput;
            throw new ArgumentException(
                $"Only zero batch or zero channel inputs are supported, but got input shape: {Shapes.Format(shown)}", "input");
        }
    }

    // slow_conv2d / slow_conv3d's words (a transposed 3-D kernel of size 0 is refused earlier, as an empty weight).
    private static void RequirePositiveKernel(int rank, long[] kernel)
    {
        if (!kernel.Contains(0))
        {
            return;
        }
        string got = rank == 3
            ? $": {kernel[0]} x {kernel[1]} x {kernel[2]} (TxHxW)"
            : $" kernel_height: {(rank == 1 ? 1 : kernel[^2])} kernel_width: {kernel[^1]}";
        throw new ArgumentException($"kernel size should be greater than zero, but got{got}", "weight");
    }

    // "dilation_height: 1, dilation_width: 2" in the slow transposed kernels' words (1-D as 2-D with a height of 1).
    private static string Named(int rank, string name, ReadOnlySpan<int> values, string separator, int oneDimHeight = 1)
    {
        string[] dims = rank == 3 ? ["depth", "height", "width"] : ["height", "width"];
        int[] shown = rank == 1 ? [oneDimHeight, values[0]] : values.ToArray();
        return string.Join(separator, dims.Select((d, i) => $"{name}_{d}: {shown[i]}"));
    }

    private static long[] Spatial(ReadOnlySpan<nint> shape, int rank)
    {
        var sizes = new long[rank];
        for (int i = 0; i < rank; i++)
        {
            sizes[i] = shape[shape.Length - rank + i];
        }
        return sizes;
    }

    private static bool ContainsOtherThan(ReadOnlySpan<int> values, int value) => values.ToArray().Any(v => v != value);

    private static bool ContainsOtherThanPositive(ReadOnlySpan<int> values) => values.ToArray().Any(v => v <= 0);

    private static ConvProblem Build(int rank, bool transposed, ReadOnlySpan<nint> input, bool hasBias,
        long[] inSize, long[] outSize, long[] kernel, ReadOnlySpan<int> stride, ReadOnlySpan<long> padBegin,
        ReadOnlySpan<long> padEnd, ReadOnlySpan<int> dilation, ReadOnlySpan<int> outputPadding, int groups, long outChannels,
        PaddingMode paddingMode)
    {
        bool batched = input.Length == rank + 2;
        nint[] outputShape = input.ToArray();
        outputShape[batched ? 1 : 0] = checked((nint)outChannels);
        for (int i = 0; i < rank; i++)
        {
            outputShape[input.Length - rank + i] = checked((nint)outSize[i]);
        }
        Shapes.Product(outputShape); // throws OverflowException for a shape no tensor can have
        long[] Longs(ReadOnlySpan<int> v) => v.ToArray().Select(x => (long)x).ToArray();
        return new ConvProblem
        {
            SpatialRank = rank,
            Transposed = transposed,
            Batch = batched ? input[0] : 1,
            InChannels = input[batched ? 1 : 0],
            OutChannels = outChannels,
            Groups = groups,
            In = ConvDims.Trailing(inSize, 1),
            Out = ConvDims.Trailing(outSize, 1),
            Kernel = ConvDims.Trailing(kernel, 1),
            Stride = ConvDims.Trailing(Longs(stride), 1),
            PadBegin = ConvDims.Trailing(padBegin, 0),
            PadEnd = ConvDims.Trailing(padEnd, 0),
            Dilation = ConvDims.Trailing(Longs(dilation), 1),
            OutputPadding = ConvDims.Trailing(outputPadding.IsEmpty ? new long[rank] : Longs(outputPadding), 0),
            PaddingMode = paddingMode,
            HasBias = hasBias,
            OutputShape = outputShape,
        };
    }
}
