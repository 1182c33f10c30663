using System.Numerics.Tensors;

namespace KernelLib;

public static partial class Functional
{
    // ---- 1-D ----

    /// <summary>
    /// 1-D transposed convolution (<c>torch.nn.functional.conv_transpose1d</c>) into a new tensor: every input
    /// element scatters its product with the kernel into the output, which starts as the bias.
    /// </summary>
    /// <param name="input">Shape <c>(N, C_in, L)</c> or <c>(C_in, L)</c>.</param>
    /// <param name="weight">Shape <c>(C_in, C_out / groups, kL)</c>.</param>
    /// <param name="bias">Shape <c>(C_out)</c>; <c>default</c> (rank 0, the default) for none.</param>
    /// <param name="stride">Step between the input's positions in the output, greater than zero.</param>
    /// <param name="padding">Removed from both ends of the output: <c>dilation * (kL - 1) - padding</c> of implicit zero padding.</param>
    /// <param name="outputPadding">Added at the end of the output; less than <paramref name="stride"/> or <paramref name="dilation"/>.</param>
    /// <param name="groups">Groups of channels; divides C_in and C_out.</param>
    /// <param name="dilation">Distance between kernel taps, greater than zero.</param>
    /// <param name="backend">Which implementation runs the op.</param>
    /// <returns>A tensor of shape <c>(N, C_out, L_out)</c> or <c>(C_out, L_out)</c>; see <see cref="ConvTransposeOutputSize"/>.</returns>
    /// <exception cref="ArgumentException">A tensor is not dense, or a parameter or shape breaks PyTorch's rules.</exception>
    /// <exception cref="InvalidOperationException"><see cref="KernelBackend.Native"/> was requested but is not available.</exception>
    public static Tensor<float> ConvTranspose1d(in ReadOnlyTensorSpan<float> input, in ReadOnlyTensorSpan<float> weight,
        in ReadOnlyTensorSpan<float> bias = default, int stride = 1, int padding = 0, int outputPadding = 0, int groups = 1,
        int dilation = 1, KernelBackend backend = KernelBackend.Auto) =>
        ConvAllocating(ConvProblem.ForTranspose(1, input.Lengths, weight.Lengths, bias.Lengths, HasBias(bias), [stride], [padding],
            [outputPadding], groups, [dilation]), input, weight, bias, backend);

    /// <summary>1-D transposed convolution into <paramref name="destination"/> without allocating.</summary>
    /// <param name="input">Shape <c>(N, C_in, L)</c> or <c>(C_in, L)</c>.</param>
    /// <param name="weight">Shape <c>(C_in, C_out / groups, kL)</c>.</param>
    /// <param name="bias">Shape <c>(C_out)</c>; <c>default</c> (rank 0) for none.</param>
    /// <param name="destination">Dense, exactly the output shape, not overlapping the other tensors.</param>
    /// <param name="stride">Step between the input's positions in the output, greater than zero.</param>
    /// <param name="padding">Removed from both ends of the output.</param>
    /// <param name="outputPadding">Added at the end of the output; less than <paramref name="stride"/> or <paramref name="dilation"/>.</param>
    /// <param name="groups">Groups of channels; divides C_in and C_out.</param>
    /// <param name="dilation">Distance between kernel taps, greater than zero.</param>
    /// <param name="backend">Which implementation runs the op.</param>
    /// <returns>A reference to <paramref name="destination"/>.</returns>
    /// <exception cref="ArgumentException">A tensor is not dense, a parameter or shape breaks PyTorch's rules, or the destination overlaps an input.</exception>
    /// <exception cref="InvalidOperationException"><see cref="KernelBackend.Native"/> was requested but is not available.</exception>
    public static ref readonly TensorSpan<float> ConvTranspose1d(scoped in ReadOnlyTensorSpan<float> input,
        scoped in ReadOnlyTensorSpan<float> weight, scoped in ReadOnlyTensorSpan<float> bias, in TensorSpan<float> destination,
        int stride = 1, int padding = 0, int outputPadding = 0, int groups = 1, int dilation = 1,
        KernelBackend backend = KernelBackend.Auto)
    {
        ConvInto(ConvProblem.ForTranspose(1, input.Lengths, weight.Lengths, bias.Lengths, HasBias(bias), [stride], [padding],
            [outputPadding], groups, [dilation]), input, weight, bias, destination, backend);
        return ref destination;
    }

    // ---- 2-D ----

    /// <summary>2-D transposed convolution (<c>torch.nn.functional.conv_transpose2d</c>) into a new tensor.</summary>
    /// <param name="input">Shape <c>(N, C_in, H, W)</c> or <c>(C_in, H, W)</c>.</param>
    /// <param name="weight">Shape <c>(C_in, C_out / groups, kH, kW)</c>.</param>
    /// <param name="bias">Shape <c>(C_out)</c>; <c>default</c> (rank 0, the default) for none.</param>
    /// <param name="stride">Step between the input's positions in the output, greater than zero; defaults to 1.</param>
    /// <param name="padding">Removed from both ends of the output; defaults to 0.</param>
    /// <param name="outputPadding">Added at the end of the output, per dim less than the stride or the dilation; defaults to 0.</param>
    /// <param name="groups">Groups of channels; divides C_in and C_out.</param>
    /// <param name="dilation">Distance between kernel taps, greater than zero; defaults to 1.</param>
    /// <param name="backend">Which implementation runs the op.</param>
    /// <returns>A tensor of shape <c>(N, C_out, H_out, W_out)</c> or <c>(C_out, H_out, W_out)</c>.</returns>
    /// <exception cref="ArgumentException">A tensor is not dense, or a parameter or shape breaks PyTorch's rules.</exception>
    /// <exception cref="InvalidOperationException"><see cref="KernelBackend.Native"/> was requested but is not available.</exception>
    public static Tensor<float> ConvTranspose2d(in ReadOnlyTensorSpan<float> input, in ReadOnlyTensorSpan<float> weight,
        in ReadOnlyTensorSpan<float> bias = default, Size2? stride = null, Size2? padding = null, Size2? outputPadding = null,
        int groups = 1, Size2? dilation = null, KernelBackend backend = KernelBackend.Auto) =>
        ConvAllocating(ConvProblem.ForTranspose(2, input.Lengths, weight.Lengths, bias.Lengths, HasBias(bias), Dims(stride ?? 1),
            Dims(padding ?? 0), Dims(outputPadding ?? 0), groups, Dims(dilation ?? 1)), input, weight, bias, backend);

    /// <summary>2-D transposed convolution into <paramref name="destination"/> without allocating.</summary>
    /// <param name="input">Shape <c>(N, C_in, H, W)</c> or <c>(C_in, H, W)</c>.</param>
    /// <param name="weight">Shape <c>(C_in, C_out / groups, kH, kW)</c>.</param>
    /// <param name="bias">Shape <c>(C_out)</c>; <c>default</c> (rank 0) for none.</param>
    /// <param name="destination">Dense, exactly the output shape, not overlapping the other tensors.</param>
    /// <param name="stride">Step between the input's positions in the output, greater than zero; defaults to 1.</param>
    /// <param name="padding">Removed from both ends of the output; defaults to 0.</param>
    /// <param name="outputPadding">Added at the end of the output, per dim less than the stride or the dilation; defaults to 0.</param>
    /// <param name="groups">Groups of channels; divides C_in and C_out.</param>
    /// <param name="dilation">Distance between kernel taps, greater than zero; defaults to 1.</param>
    /// <param name="backend">Which implementation runs the op.</param>
    /// <returns>A reference to <paramref name="destination"/>.</returns>
    /// <exception cref="ArgumentException">A tensor is not dense, a parameter or shape breaks PyTorch's rules, or the destination overlaps an input.</exception>
    /// <exception cref="InvalidOperationException"><see cref="KernelBackend.Native"/> was requested but is not available.</exception>
    public static ref readonly TensorSpan<float> ConvTranspose2d(scoped in ReadOnlyTensorSpan<float> input,
        scoped in ReadOnlyTensorSpan<float> weight, scoped in ReadOnlyTensorSpan<float> bias, in TensorSpan<float> destination,
        Size2? stride = null, Size2? padding = null, Size2? outputPadding = null, int groups = 1, Size2? dilation = null,
        KernelBackend backend = KernelBackend.Auto)
    {
        ConvInto(ConvProblem.ForTranspose(2, input.Lengths, weight.Lengths, bias.Lengths, HasBias(bias), Dims(stride ?? 1),
            Dims(padding ?? 0), Dims(outputPadding ?? 0), groups, Dims(dilation ?? 1)), input, weight, bias, destination, backend);
        return ref destination;
    }

    // ---- 3-D ----

    /// <summary>3-D transposed convolution (<c>torch.nn.functional.conv_transpose3d</c>) into a new tensor.</summary>
    /// <param name="input">Shape <c>(N, C_in, D, H, W)</c> or <c>(C_in, D, H, W)</c>.</param>
    /// <param name="weight">Shape <c>(C_in, C_out / groups, kD, kH, kW)</c>.</param>
    /// <param name="bias">Shape <c>(C_out)</c>; <c>default</c> (rank 0, the default) for none.</param>
    /// <param name="stride">Step between the input's positions in the output, greater than zero; defaults to 1.</param>
    /// <param name="padding">Removed from both ends of the output; defaults to 0.</param>
    /// <param name="outputPadding">Added at the end of the output, per dim less than the stride or the dilation; defaults to 0.</param>
    /// <param name="groups">Groups of channels; divides C_in and C_out.</param>
    /// <param name="dilation">Distance between kernel taps, greater than zero; defaults to 1.</param>
    /// <param name="backend">Which implementation runs the op.</param>
    /// <returns>A tensor of shape <c>(N, C_out, D_out, H_out, W_out)</c> or <c>(C_out, D_out, H_out, W_out)</c>.</returns>
    /// <exception cref="ArgumentException">A tensor is not dense, or a parameter or shape breaks PyTorch's rules.</exception>
    /// <exception cref="InvalidOperationException"><see cref="KernelBackend.Native"/> was requested but is not available.</exception>
    public static Tensor<float> ConvTranspose3d(in ReadOnlyTensorSpan<float> input, in ReadOnlyTensorSpan<float> weight,
        in ReadOnlyTensorSpan<float> bias = default, Size3? stride = null, Size3? padding = null, Size3? outputPadding = null,
        int groups = 1, Size3? dilation = null, KernelBackend backend = KernelBackend.Auto) =>
        ConvAllocating(ConvProblem.ForTranspose(3, input.Lengths, weight.Lengths, bias.Lengths, HasBias(bias), Dims(stride ?? 1),
            Dims(padding ?? 0), Dims(outputPadding ?? 0), groups, Dims(dilation ?? 1)), input, weight, bias, backend);

    /// <summary>3-D transposed convolution into <paramref name="destination"/> without allocating.</summary>
    /// <param name="input">Shape <c>(N, C_in, D, H, W)</c> or <c>(C_in, D, H, W)</c>.</param>
    /// <param name="weight">Shape <c>(C_in, C_out / groups, kD, kH, kW)</c>.</param>
    /// <param name="bias">Shape <c>(C_out)</c>; <c>default</c> (rank 0) for none.</param>
    /// <param name="destination">Dense, exactly the output shape, not overlapping the other tensors.</param>
    /// <param name="stride">Step between the input's positions in the output, greater than zero; defaults to 1.</param>
    /// <param name="padding">Removed from both ends of the output; defaults to 0.</param>
    /// <param name="outputPadding">Added at the end of the output, per dim less than the stride or the dilation; defaults to 0.</param>
    /// <param name="groups">Groups of channels; divides C_in and C_out.</param>
    /// <param name="dilation">Distance between kernel taps, greater than zero; defaults to 1.</param>
    /// <param name="backend">Which implementation runs the op.</param>
    /// <returns>A reference to <paramref name="destination"/>.</returns>
    /// <exception cref="ArgumentException">A tensor is not dense, a parameter or shape breaks PyTorch's rules, or the destination overlaps an input.</exception>
    /// <exception cref="InvalidOperationException"><see cref="KernelBackend.Native"/> was requested but is not available.</exception>
    public static ref readonly TensorSpan<float> ConvTranspose3d(scoped in ReadOnlyTensorSpan<float> input,
        scoped in ReadOnlyTensorSpan<float> weight, scoped in ReadOnlyTensorSpan<float> bias, in TensorSpan<float> destination,
        Size3? stride = null, Size3? padding = null, Size3? outputPadding = null, int groups = 1, Size3? dilation = null,
        KernelBackend backend = KernelBackend.Auto)
    {
        ConvInto(ConvProblem.ForTranspose(3, input.Lengths, weight.Lengths, bias.Lengths, HasBias(bias), Dims(stride ?? 1),
            Dims(padding ?? 0), Dims(outputPadding ?? 0), groups, Dims(dilation ?? 1)), input, weight, bias, destination, backend);
        return ref destination;
    }
}
