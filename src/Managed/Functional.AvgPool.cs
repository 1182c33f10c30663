using System.Numerics.Tensors;

namespace KernelLib;

public static partial class Functional
{
    // ---- 1-D ----

    /// <summary>
    /// 1-D average pooling (<c>torch.nn.functional.avg_pool1d</c>) into a new tensor: each output is its window's sum,
    /// accumulated in float in window order, divided by the window's length (see <paramref name="countIncludePad"/>).
    /// </summary>
    /// <param name="input">Shape <c>(N, C, L)</c> or <c>(C, L)</c>; only N may be 0.</param>
    /// <param name="kernelSize">Window length, greater than zero.</param>
    /// <param name="stride">Window step, greater than zero; defaults to <paramref name="kernelSize"/>.</param>
    /// <param name="padding">Implicit zero padding on each side, at most half the kernel size.</param>
    /// <param name="ceilMode">Round the output length up instead of down (PyTorch's <c>ceil_mode</c>).</param>
    /// <param name="countIncludePad">Divide by the window's length including the padding it covers (PyTorch's default), rather than by the input elements it covers.</param>
    /// <param name="backend">Which implementation runs the op.</param>
    /// <returns>A tensor of shape <c>(N, C, L_out)</c> or <c>(C, L_out)</c>; see <see cref="PoolOutputSize"/> (dilation 1).</returns>
    /// <exception cref="ArgumentException">The input is not dense, or a parameter or shape breaks PyTorch's rules.</exception>
    /// <exception cref="InvalidOperationException"><see cref="KernelBackend.Native"/> was requested but is not available.</exception>
    public static Tensor<float> AvgPool1d(in ReadOnlyTensorSpan<float> input, int kernelSize, int? stride = null, int padding = 0,
        bool ceilMode = false, bool countIncludePad = true, KernelBackend backend = KernelBackend.Auto) =>
        Pool(PoolOp.AvgPool1d, input, PoolWindow.Avg(kernelSize, stride, padding, ceilMode, countIncludePad), backend);

    /// <summary>1-D average pooling into <paramref name="destination"/> without allocating.</summary>
    /// <param name="input">Shape <c>(N, C, L)</c> or <c>(C, L)</c>; only N may be 0.</param>
    /// <param name="kernelSize">Window length, greater than zero.</param>
    /// <param name="destination">Dense, exactly the output shape, not overlapping the input.</param>
    /// <param name="stride">Window step, greater than zero; defaults to <paramref name="kernelSize"/>.</param>
    /// <param name="padding">Implicit zero padding on each side, at most half the kernel size.</param>
    /// <param name="ceilMode">Round the output length up instead of down (PyTorch's <c>ceil_mode</c>).</param>
    /// <param name="countIncludePad">Divide by the window's length including the padding it covers, rather than by the input elements it covers.</param>
    /// <param name="backend">Which implementation runs the op.</param>
    /// <returns>A reference to <paramref name="destination"/>.</returns>
    /// <exception cref="ArgumentException">A tensor is not dense, a parameter or shape breaks PyTorch's rules, or the destination overlaps the input.</exception>
    /// <exception cref="InvalidOperationException"><see cref="KernelBackend.Native"/> was requested but is not available.</exception>
    public static ref readonly TensorSpan<float> AvgPool1d(scoped in ReadOnlyTensorSpan<float> input, int kernelSize,
        in TensorSpan<float> destination, int? stride = null, int padding = 0, bool ceilMode = false, bool countIncludePad = true,
        KernelBackend backend = KernelBackend.Auto)
    {
        PoolInto(PoolOp.AvgPool1d, input, PoolWindow.Avg(kernelSize, stride, padding, ceilMode, countIncludePad), destination, backend);
        return ref destination;
    }

    // ---- 2-D ----

    /// <summary>
    /// 2-D average pooling (<c>torch.nn.functional.avg_pool2d</c>) into a new tensor: each output is its window's sum,
    /// accumulated in float in row-major window order, divided by <paramref name="divisorOverride"/> when given, else
    /// by the window's size (see <paramref name="countIncludePad"/>).
    /// </summary>
    /// <param name="input">Shape <c>(N, C, H, W)</c> or <c>(C, H, W)</c>; only N may be 0.</param>
    /// <param name="kernelSize">Window size, greater than zero.</param>
    /// <param name="stride">Window step, greater than zero; defaults to <paramref name="kernelSize"/>.</param>
    /// <param name="padding">Implicit zero padding on each side, at most half the kernel size.</param>
    /// <param name="ceilMode">Round the output size up instead of down (PyTorch's <c>ceil_mode</c>).</param>
    /// <param name="countIncludePad">Divide by the window's size including the padding it covers (PyTorch's default), rather than by the input elements it covers.</param>
    /// <param name="divisorOverride">Every window's divisor, when given; nonzero (negative is allowed, as in PyTorch).</param>
    /// <param name="backend">Which implementation runs the op.</param>
    /// <returns>A tensor of shape <c>(N, C, H_out, W_out)</c> or <c>(C, H_out, W_out)</c>; see <see cref="PoolOutputSize"/> (dilation 1).</returns>
    /// <exception cref="ArgumentException">The input is not dense, or a parameter or shape breaks PyTorch's rules.</exception>
    /// <exception cref="InvalidOperationException"><see cref="KernelBackend.Native"/> was requested but is not available.</exception>
    public static Tensor<float> AvgPool2d(in ReadOnlyTensorSpan<float> input, Size2 kernelSize, Size2? stride = null,
        Size2 padding = default, bool ceilMode = false, bool countIncludePad = true, int? divisorOverride = null,
        KernelBackend backend = KernelBackend.Auto) =>
        Pool(PoolOp.AvgPool2d, input, PoolWindow.Avg(kernelSize, stride, padding, ceilMode, countIncludePad, divisorOverride), backend);

    /// <summary>2-D average pooling into <paramref name="destination"/> without allocating.</summary>
    /// <param name="input">Shape <c>(N, C, H, W)</c> or <c>(C, H, W)</c>; only N may be 0.</param>
    /// <param name="kernelSize">Window size, greater than zero.</param>
    /// <param name="destination">Dense, exactly the output shape, not overlapping the input.</param>
    /// <param name="stride">Window step, greater than zero; defaults to <paramref name="kernelSize"/>.</param>
    /// <param name="padding">Implicit zero padding on each side, at most half the kernel size.</param>
    /// <param name="ceilMode">Round the output size up instead of down (PyTorch's <c>ceil_mode</c>).</param>
    /// <param name="countIncludePad">Divide by the window's size including the padding it covers, rather than by the input elements it covers.</param>
    /// <param name="divisorOverride">Every window's divisor, when given; nonzero.</param>
    /// <param name="backend">Which implementation runs the op.</param>
    /// <returns>A reference to <paramref name="destination"/>.</returns>
    /// <exception cref="ArgumentException">A tensor is not dense, a parameter or shape breaks PyTorch's rules, or the destination overlaps the input.</exception>
    /// <exception cref="InvalidOperationException"><see cref="KernelBackend.Native"/> was requested but is not available.</exception>
    public static ref readonly TensorSpan<float> AvgPool2d(scoped in ReadOnlyTensorSpan<float> input, Size2 kernelSize,
        in TensorSpan<float> destination, Size2? stride = null, Size2 padding = default, bool ceilMode = false,
        bool countIncludePad = true, int? divisorOverride = null, KernelBackend backend = KernelBackend.Auto)
    {
        PoolInto(PoolOp.AvgPool2d, input, PoolWindow.Avg(kernelSize, stride, padding, ceilMode, countIncludePad, divisorOverride),
            destination, backend);
        return ref destination;
    }

    // ---- 3-D ----

    /// <summary>
    /// 3-D average pooling (<c>torch.nn.functional.avg_pool3d</c>) into a new tensor: each output is its window's sum,
    /// accumulated in float in (d, h, w) window order, divided by <paramref name="divisorOverride"/> when given, else by
    /// the window's size (see <paramref name="countIncludePad"/>). As in PyTorch, the kernel may not be larger than
    /// the unpadded input in any dimension.
    /// </summary>
    /// <param name="input">Shape <c>(N, C, D, H, W)</c> or <c>(C, D, H, W)</c>; only N may be 0.</param>
    /// <param name="kernelSize">Window size, greater than zero and at most the input size.</param>
    /// <param name="stride">Window step, greater than zero; defaults to <paramref name="kernelSize"/>.</param>
    /// <param name="padding">Implicit zero padding on each side, at most half the kernel size.</param>
    /// <param name="ceilMode">Round the output size up instead of down (PyTorch's <c>ceil_mode</c>).</param>
    /// <param name="countIncludePad">Divide by the window's size including the padding it covers (PyTorch's default), rather than by the input elements it covers.</param>
    /// <param name="divisorOverride">Every window's divisor, when given; nonzero (negative is allowed, as in PyTorch).</param>
    /// <param name="backend">Which implementation runs the op.</param>
    /// <returns>A tensor of shape <c>(N, C, D_out, H_out, W_out)</c> or <c>(C, D_out, H_out, W_out)</c>; see <see cref="PoolOutputSize"/> (dilation 1).</returns>
    /// <exception cref="ArgumentException">The input is not dense, or a parameter or shape breaks PyTorch's rules.</exception>
    /// <exception cref="InvalidOperationException"><see cref="KernelBackend.Native"/> was requested but is not available.</exception>
    public static Tensor<float> AvgPool3d(in ReadOnlyTensorSpan<float> input, Size3 kernelSize, Size3? stride = null,
        Size3 padding = default, bool ceilMode = false, bool countIncludePad = true, int? divisorOverride = null,
        KernelBackend backend = KernelBackend.Auto) =>
        Pool(PoolOp.AvgPool3d, input, PoolWindow.Avg(kernelSize, stride, padding, ceilMode, countIncludePad, divisorOverride), backend);

    /// <summary>3-D average pooling into <paramref name="destination"/> without allocating.</summary>
    /// <param name="input">Shape <c>(N, C, D, H, W)</c> or <c>(C, D, H, W)</c>; only N may be 0.</param>
    /// <param name="kernelSize">Window size, greater than zero and at most the input size.</param>
    /// <param name="destination">Dense, exactly the output shape, not overlapping the input.</param>
    /// <param name="stride">Window step, greater than zero; defaults to <paramref name="kernelSize"/>.</param>
    /// <param name="padding">Implicit zero padding on each side, at most half the kernel size.</param>
    /// <param name="ceilMode">Round the output size up instead of down (PyTorch's <c>ceil_mode</c>).</param>
    /// <param name="countIncludePad">Divide by the window's size including the padding it covers, rather than by the input elements it covers.</param>
    /// <param name="divisorOverride">Every window's divisor, when given; nonzero.</param>
    /// <param name="backend">Which implementation runs the op.</param>
    /// <returns>A reference to <paramref name="destination"/>.</returns>
    /// <exception cref="ArgumentException">A tensor is not dense, a parameter or shape breaks PyTorch's rules, or the destination overlaps the input.</exception>
    /// <exception cref="InvalidOperationException"><see cref="KernelBackend.Native"/> was requested but is not available.</exception>
    public static ref readonly TensorSpan<float> AvgPool3d(scoped in ReadOnlyTensorSpan<float> input, Size3 kernelSize,
        in TensorSpan<float> destination, Size3? stride = null, Size3 padding = default, bool ceilMode = false,
        bool countIncludePad = true, int? divisorOverride = null, KernelBackend backend = KernelBackend.Auto)
    {
        PoolInto(PoolOp.AvgPool3d, input, PoolWindow.Avg(kernelSize, stride, padding, ceilMode, countIncludePad, divisorOverride),
            destination, backend);
        return ref destination;
    }
}
