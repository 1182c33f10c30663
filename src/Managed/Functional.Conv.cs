using System.Numerics.Tensors;

namespace KernelLib;

public static partial class Functional
{
    // ---- 1-D ----

    /// <summary>
    /// 1-D convolution (<c>torch.nn.functional.conv1d</c>) into a new tensor: cross-correlation of the input with the
    /// weight, per group of channels, plus the bias. <paramref name="paddingMode"/> (a KernelLib extension, as
    /// <c>torch.nn.Conv1d</c>'s <c>padding_mode</c>) pads with reflected, replicated or wrapped-around input instead of zeros.
    /// </summary>
    /// <param name="input">Shape <c>(N, C_in, L)</c> or <c>(C_in, L)</c>.</param>
    /// <param name="weight">Shape <c>(C_out, C_in / groups, kL)</c>.</param>
    /// <param name="bias">Shape <c>(C_out)</c>; <c>default</c> (rank 0, the default) for none.</param>
    /// <param name="stride">Step of the window, greater than zero.</param>
    /// <param name="padding">Padding on each side, or <c>"same"</c> / <c>"valid"</c>.</param>
    /// <param name="dilation">Distance between kernel taps, greater than zero.</param>
    /// <param name="groups">Groups of channels; divides C_in and C_out.</param>
    /// <param name="paddingMode">How the padding is filled.</param>
    /// <param name="backend">Which implementation runs the op.</param>
    /// <returns>A tensor of shape <c>(N, C_out, L_out)</c> or <c>(C_out, L_out)</c>; see <see cref="ConvOutputSize"/>.</returns>
    /// <exception cref="ArgumentException">A tensor is not dense, or a parameter or shape breaks PyTorch's rules.</exception>
    /// <exception cref="InvalidOperationException"><see cref="KernelBackend.Native"/> was requested but is not available.</exception>
    public static Tensor<float> Conv1d(in ReadOnlyTensorSpan<float> input, in ReadOnlyTensorSpan<float> weight,
        in ReadOnlyTensorSpan<float> bias = default, int stride = 1, ConvPadding padding = default, int dilation = 1,
        int groups = 1, PaddingMode paddingMode = PaddingMode.Zeros, KernelBackend backend = KernelBackend.Auto) =>
        ConvAllocating(ConvProblem.ForConv(1, input.Lengths, weight.Lengths, bias.Lengths, HasBias(bias), [stride], padding,
            [dilation], groups, paddingMode), input, weight, bias, backend);

    /// <summary>1-D convolution into <paramref name="destination"/> without allocating.</summary>
    /// <param name="input">Shape <c>(N, C_in, L)</c> or <c>(C_in, L)</c>.</param>
    /// <param name="weight">Shape <c>(C_out, C_in / groups, kL)</c>.</param>
    /// <param name="bias">Shape <c>(C_out)</c>; <c>default</c> (rank 0) for none.</param>
    /// <param name="destination">Dense, exactly the output shape, not overlapping the other tensors.</param>
    /// <param name="stride">Step of the window, greater than zero.</param>
    /// <param name="padding">Padding on each side, or <c>"same"</c> / <c>"valid"</c>.</param>
    /// <param name="dilation">Distance between kernel taps, greater than zero.</param>
    /// <param name="groups">Groups of channels; divides C_in and C_out.</param>
    /// <param name="paddingMode">How the padding is filled.</param>
    /// <param name="backend">Which implementation runs the op.</param>
    /// <returns>A reference to <paramref name="destination"/>.</returns>
    /// <exception cref="ArgumentException">A tensor is not dense, a parameter or shape breaks PyTorch's rules, or the destination overlaps an input.</exception>
    /// <exception cref="InvalidOperationException"><see cref="KernelBackend.Native"/> was requested but is not available.</exception>
    public static ref readonly TensorSpan<float> Conv1d(scoped in ReadOnlyTensorSpan<float> input, scoped in ReadOnlyTensorSpan<float> weight,
        scoped in ReadOnlyTensorSpan<float> bias, in TensorSpan<float> destination, int stride = 1, ConvPadding padding = default,
        int dilation = 1, int groups = 1, PaddingMode paddingMode = PaddingMode.Zeros, KernelBackend backend = KernelBackend.Auto)
    {
        ConvInto(ConvProblem.ForConv(1, input.Lengths, weight.Lengths, bias.Lengths, HasBias(bias), [stride], padding,
            [dilation], groups, paddingMode), input, weight, bias, destination, backend);
        return ref destination;
    }

    // ---- 2-D ----

    /// <summary>
    /// 2-D convolution (<c>torch.nn.functional.conv2d</c>) into a new tensor. <paramref name="paddingMode"/> (a KernelLib
    /// extension, as <c>torch.nn.Conv2d</c>'s <c>padding_mode</c>) pads with reflected, replicated or wrapped-around
    /// input instead of zeros.
    /// </summary>
    /// <param name="input">Shape <c>(N, C_in, H, W)</c> or <c>(C_in, H, W)</c>.</param>
    /// <param name="weight">Shape <c>(C_out, C_in / groups, kH, kW)</c>.</param>
    /// <param name="bias">Shape <c>(C_out)</c>; <c>default</c> (rank 0, the default) for none.</param>
    /// <param name="stride">Step of the window, greater than zero; defaults to 1.</param>
    /// <param name="padding">Padding on each side (an int or a (height, width) tuple), or <c>"same"</c> / <c>"valid"</c>.</param>
    /// <param name="dilation">Distance between kernel taps, greater than zero; defaults to 1.</param>
    /// <param name="groups">Groups of channels; divides C_in and C_out.</param>
    /// <param name="paddingMode">How the padding is filled.</param>
    /// <param name="backend">Which implementation runs the op.</param>
    /// <returns>A tensor of shape <c>(N, C_out, H_out, W_out)</c> or <c>(C_out, H_out, W_out)</c>.</returns>
    /// <exception cref="ArgumentException">A tensor is not dense, or a parameter or shape breaks PyTorch's rules.</exception>
    /// <exception cref="InvalidOperationException"><see cref="KernelBackend.Native"/> was requested but is not available.</exception>
    public static Tensor<float> Conv2d(in ReadOnlyTensorSpan<float> input, in ReadOnlyTensorSpan<float> weight,
        in ReadOnlyTensorSpan<float> bias = default, Size2? stride = null, ConvPadding padding = default, Size2? dilation = null,
        int groups = 1, PaddingMode paddingMode = PaddingMode.Zeros, KernelBackend backend = KernelBackend.Auto) =>
        ConvAllocating(ConvProblem.ForConv(2, input.Lengths, weight.Lengths, bias.Lengths, HasBias(bias), Dims(stride ?? 1),
            padding, Dims(dilation ?? 1), groups, paddingMode), input, weight, bias, backend);

    /// <summary>2-D convolution into <paramref name="destination"/> without allocating.</summary>
    /// <param name="input">Shape <c>(N, C_in, H, W)</c> or <c>(C_in, H, W)</c>.</param>
    /// <param name="weight">Shape <c>(C_out, C_in / groups, kH, kW)</c>.</param>
    /// <param name="bias">Shape <c>(C_out)</c>; <c>default</c> (rank 0) for none.</param>
    /// <param name="destination">Dense, exactly the output shape, not overlapping the other tensors.</param>
    /// <param name="stride">Step of the window, greater than zero; defaults to 1.</param>
    /// <param name="padding">Padding on each side (an int or a (height, width) tuple), or <c>"same"</c> / <c>"valid"</c>.</param>
    /// <param name="dilation">Distance between kernel taps, greater than zero; defaults to 1.</param>
    /// <param name="groups">Groups of channels; divides C_in and C_out.</param>
    /// <param name="paddingMode">How the padding is filled.</param>
    /// <param name="backend">Which implementation runs the op.</param>
    /// <returns>A reference to <paramref name="destination"/>.</returns>
    /// <exception cref="ArgumentException">A tensor is not dense, a parameter or shape breaks PyTorch's rules, or the destination overlaps an input.</exception>
    /// <exception cref="InvalidOperationException"><see cref="KernelBackend.Native"/> was requested but is not available.</exception>
    public static ref readonly TensorSpan<float> Conv2d(scoped in ReadOnlyTensorSpan<float> input, scoped in ReadOnlyTensorSpan<float> weight,
        scoped in ReadOnlyTensorSpan<float> bias, in TensorSpan<float> destination, Size2? stride = null, ConvPadding padding = default,
        Size2? dilation = null, int groups = 1, PaddingMode paddingMode = PaddingMode.Zeros, KernelBackend backend = KernelBackend.Auto)
    {
        ConvInto(ConvProblem.ForConv(2, input.Lengths, weight.Lengths, bias.Lengths, HasBias(bias), Dims(stride ?? 1), padding,
            Dims(dilation ?? 1), groups, paddingMode), input, weight, bias, destination, backend);
        return ref destination;
    }

    // ---- 3-D ----

    /// <summary>
    /// 3-D convolution (<c>torch.nn.functional.conv3d</c>) into a new tensor. <paramref name="paddingMode"/> (a KernelLib
    /// extension, as <c>torch.nn.Conv3d</c>'s <c>padding_mode</c>) pads with reflected, replicated or wrapped-around
    /// input instead of zeros.
    /// </summary>
    /// <param name="input">Shape <c>(N, C_in, D, H, W)</c> or <c>(C_in, D, H, W)</c>.</param>
    /// <param name="weight">Shape <c>(C_out, C_in / groups, kD, kH, kW)</c>.</param>
    /// <param name="bias">Shape <c>(C_out)</c>; <c>default</c> (rank 0, the default) for none.</param>
    /// <param name="stride">Step of the window, greater than zero; defaults to 1.</param>
    /// <param name="padding">Padding on each side (an int or a (depth, height, width) tuple), or <c>"same"</c> / <c>"valid"</c>.</param>
    /// <param name="dilation">Distance between kernel taps, greater than zero; defaults to 1.</param>
    /// <param name="groups">Groups of channels; divides C_in and C_out.</param>
    /// <param name="paddingMode">How the padding is filled.</param>
    /// <param name="backend">Which implementation runs the op.</param>
    /// <returns>A tensor of shape <c>(N, C_out, D_out, H_out, W_out)</c> or <c>(C_out, D_out, H_out, W_out)</c>.</returns>
    /// <exception cref="ArgumentException">A tensor is not dense, or a parameter or shape breaks PyTorch's rules.</exception>
    /// <exception cref="InvalidOperationException"><see cref="KernelBackend.Native"/> was requested but is not available.</exception>
    public static Tensor<float> Conv3d(in ReadOnlyTensorSpan<float> input, in ReadOnlyTensorSpan<float> weight,
        in ReadOnlyTensorSpan<float> bias = default, Size3? stride = null, ConvPadding padding = default, Size3? dilation = null,
        int groups = 1, PaddingMode paddingMode = PaddingMode.Zeros, KernelBackend backend = KernelBackend.Auto) =>
        ConvAllocating(ConvProblem.ForConv(3, input.Lengths, weight.Lengths, bias.Lengths, HasBias(bias), Dims(stride ?? 1),
            padding, Dims(dilation ?? 1), groups, paddingMode), input, weight, bias, backend);

    /// <summary>3-D convolution into <paramref name="destination"/> without allocating.</summary>
    /// <param name="input">Shape <c>(N, C_in, D, H, W)</c> or <c>(C_in, D, H, W)</c>.</param>
    /// <param name="weight">Shape <c>(C_out, C_in / groups, kD, kH, kW)</c>.</param>
    /// <param name="bias">Shape <c>(C_out)</c>; <c>default</c> (rank 0) for none.</param>
    /// <param name="destination">Dense, exactly the output shape, not overlapping the other tensors.</param>
    /// <param name="stride">Step of the window, greater than zero; defaults to 1.</param>
    /// <param name="padding">Padding on each side (an int or a (depth, height, width) tuple), or <c>"same"</c> / <c>"valid"</c>.</param>
    /// <param name="dilation">Distance between kernel taps, greater than zero; defaults to 1.</param>
    /// <param name="groups">Groups of channels; divides C_in and C_out.</param>
    /// <param name="paddingMode">How the padding is filled.</param>
    /// <param name="backend">Which implementation runs the op.</param>
    /// <returns>A reference to <paramref name="destination"/>.</returns>
    /// <exception cref="ArgumentException">A tensor is not dense, a parameter or shape breaks PyTorch's rules, or the destination overlaps an input.</exception>
    /// <exception cref="InvalidOperationException"><see cref="KernelBackend.Native"/> was requested but is not available.</exception>
    public static ref readonly TensorSpan<float> Conv3d(scoped in ReadOnlyTensorSpan<float> input, scoped in ReadOnlyTensorSpan<float> weight,
        scoped in ReadOnlyTensorSpan<float> bias, in TensorSpan<float> destination, Size3? stride = null, ConvPadding padding = default,
        Size3? dilation = null, int groups = 1, PaddingMode paddingMode = PaddingMode.Zeros, KernelBackend backend = KernelBackend.Auto)
    {
        ConvInto(ConvProblem.ForConv(3, input.Lengths, weight.Lengths, bias.Lengths, HasBias(bias), Dims(stride ?? 1), padding,
            Dims(dilation ?? 1), groups, paddingMode), input, weight, bias, destination, backend);
        return ref destination;
    }

    // ---- shared by convolution and transposed convolution ----

    // The optional parameter's default (rank 0) means no bias; any tensor, even of shape [0], is a bias to validate.
    private static bool HasBias(in ReadOnlyTensorSpan<float> bias) => bias.Rank != 0;

    private static int[] Dims(Size2 size) => [size.Height, size.Width];

    private static int[] Dims(Size3 size) => [size.Depth, size.Height, size.Width];

    private static Tensor<float> ConvAllocating(ConvProblem problem, in ReadOnlyTensorSpan<float> input,
        in ReadOnlyTensorSpan<float> weight, in ReadOnlyTensorSpan<float> bias, KernelBackend backend)
    {
        RequireDenseConvOperands(problem, input, weight, bias);
        Tensor<float> output = Tensor.CreateFromShapeUninitialized<float>(problem.OutputShape);
        RunConv(problem, DenseSpans.Read(input), DenseSpans.Read(weight), problem.HasBias ? DenseSpans.Read(bias) : default,
            DenseSpans.Write(output.AsTensorSpan()), backend);
        return output;
    }

    private static void ConvInto(ConvProblem problem, scoped in ReadOnlyTensorSpan<float> input, scoped in ReadOnlyTensorSpan<float> weight,
        scoped in ReadOnlyTensorSpan<float> bias, scoped in TensorSpan<float> destination, KernelBackend backend)
    {
        RequireDenseConvOperands(problem, input, weight, bias);
        TensorChecks.RequireDense(destination, nameof(destination));
        TensorChecks.RequireShape(destination.Lengths, problem.OutputShape, nameof(destination));
        ReadOnlySpan<float> x = DenseSpans.Read(input);
        ReadOnlySpan<float> w = DenseSpans.Read(weight);
        ReadOnlySpan<float> b = problem.HasBias ? DenseSpans.Read(bias) : default;
        Span<float> y = DenseSpans.Write(destination);
        TensorChecks.RequireDisjoint<float, float>(y, x, nameof(destination), nameof(input));
        TensorChecks.RequireDisjoint<float, float>(y, w, nameof(destination), nameof(weight));
        TensorChecks.RequireDisjoint<float, float>(y, b, nameof(destination), nameof(bias));
        RunConv(problem, x, w, b, y, backend);
    }

    private static void RequireDenseConvOperands(ConvProblem problem, scoped in ReadOnlyTensorSpan<float> input,
        scoped in ReadOnlyTensorSpan<float> weight, scoped in ReadOnlyTensorSpan<float> bias)
    {
        TensorChecks.RequireDense(input, nameof(input));
        TensorChecks.RequireDense(weight, nameof(weight));
        if (problem.HasBias)
        {
            TensorChecks.RequireDense(bias, nameof(bias));
        }
    }

    /// <summary>
    /// Runs a validated convolution on dense spans (empty <paramref name="bias"/>: none) with the chosen backend.
    /// Without input channels no product reaches the output, which is then the bias (or zeros) on either backend.
    /// </summary>
    internal static void RunConv(ConvProblem problem, ReadOnlySpan<float> input, ReadOnlySpan<float> weight,
        ReadOnlySpan<float> bias, Span<float> output, KernelBackend backend)
    {
        bool useNative = BackendSelector.UseNative(backend);
        if (output.IsEmpty)
        {
            return;
        }
        if (problem.InChannels == 0)
        {
            ManagedConv.FillBias(problem, bias, output);
        }
        else if (useNative)
        {
            NativeConv.Run(problem, input, weight, bias, output);
        }
        else
        {
            ManagedConv.Run(problem, input, weight, bias, output);
        }
    }
}
