using System.Numerics.Tensors;

namespace KernelLib;

public static partial class Functional
{
    // ---- 1-D ----

    /// <summary>
    /// 1-D max pooling (<c>torch.nn.functional.max_pool1d</c>) into a new tensor. As in PyTorch (without indices),
    /// an input too short for any window gives an empty output rather than an error.
    /// </summary>
    /// <param name="input">Shape <c>(N, C, L)</c> or <c>(C, L)</c>; only N may be 0.</param>
    /// <param name="kernelSize">Window length, greater than zero.</param>
    /// <param name="stride">Window step, greater than zero; defaults to <paramref name="kernelSize"/>.</param>
    /// <param name="padding">Implicit -inf padding on each side, at most half the kernel size.</param>
    /// <param name="dilation">Distance between window taps, greater than zero.</param>
    /// <param name="ceilMode">Round the output length up instead of down (PyTorch's <c>ceil_mode</c>).</param>
    /// <param name="backend">Which implementation runs the op.</param>
    /// <returns>A tensor of shape <c>(N, C, L_out)</c> or <c>(C, L_out)</c>; see <see cref="PoolOutputSize"/>.</returns>
    /// <exception cref="ArgumentException">The input is not dense, or a parameter or shape breaks PyTorch's rules.</exception>
    /// <exception cref="InvalidOperationException"><see cref="KernelBackend.Native"/> was requested but is not available.</exception>
    public static Tensor<float> MaxPool1d(in ReadOnlyTensorSpan<float> input, int kernelSize, int? stride = null, int padding = 0,
        int dilation = 1, bool ceilMode = false, KernelBackend backend = KernelBackend.Auto) =>
        Pool(PoolOp.MaxPool1d, input, PoolWindow.Max(kernelSize, stride, padding, dilation, ceilMode), backend);

    /// <summary>1-D max pooling into <paramref name="destination"/> without allocating.</summary>
    /// <param name="input">Shape <c>(N, C, L)</c> or <c>(C, L)</c>; only N may be 0.</param>
    /// <param name="kernelSize">Window length, greater than zero.</param>
    /// <param name="destination">Dense, exactly the output shape, not overlapping the input.</param>
    /// <param name="stride">Window step, greater than zero; defaults to <paramref name="kernelSize"/>.</param>
    /// <param name="padding">Implicit -inf padding on each side, at most half the kernel size.</param>
    /// <param name="dilation">Distance between window taps, greater than zero.</param>
    /// <param name="ceilMode">Round the output length up instead of down (PyTorch's <c>ceil_mode</c>).</param>
    /// <param name="backend">Which implementation runs the op.</param>
    /// <returns>A reference to <paramref name="destination"/>.</returns>
    /// <exception cref="ArgumentException">A tensor is not dense, a parameter or shape breaks PyTorch's rules, or the destination overlaps the input.</exception>
    /// <exception cref="InvalidOperationException"><see cref="KernelBackend.Native"/> was requested but is not available.</exception>
    public static ref readonly TensorSpan<float> MaxPool1d(scoped in ReadOnlyTensorSpan<float> input, int kernelSize,
        in TensorSpan<float> destination, int? stride = null, int padding = 0, int dilation = 1, bool ceilMode = false,
        KernelBackend backend = KernelBackend.Auto)
    {
        PoolInto(PoolOp.MaxPool1d, input, PoolWindow.Max(kernelSize, stride, padding, dilation, ceilMode), destination, backend);
        return ref destination;
    }

    /// <summary>
    /// 1-D max pooling that also returns, for each output, the index <c>il</c> of its winner within its (n, c) row
    /// (<c>max_pool1d(..., return_indices=True)</c>). Ties keep the first maximum; a NaN wins and the last NaN is kept.
    /// PyTorch runs this as 2-D pooling of an <c>(N, C, 1, L)</c> input, and so do its messages; unlike
    /// <see cref="MaxPool1d(in ReadOnlyTensorSpan{float}, int, int?, int, int, bool, KernelBackend)"/>, an empty output is an error.
    /// </summary>
    /// <param name="input">Shape <c>(N, C, L)</c> or <c>(C, L)</c>; only N may be 0.</param>
    /// <param name="kernelSize">Window length, greater than zero.</param>
    /// <param name="stride">Window step, greater than zero; defaults to <paramref name="kernelSize"/>.</param>
    /// <param name="padding">Implicit -inf padding on each side, at most half the kernel size.</param>
    /// <param name="dilation">Distance between window taps, greater than zero.</param>
    /// <param name="ceilMode">Round the output length up instead of down (PyTorch's <c>ceil_mode</c>).</param>
    /// <param name="backend">Which implementation runs the op.</param>
    /// <returns>The pooled values and their indices, both of the output shape.</returns>
    /// <exception cref="ArgumentException">The input is not dense, or a parameter or shape breaks PyTorch's rules.</exception>
    /// <exception cref="InvalidOperationException"><see cref="KernelBackend.Native"/> was requested but is not available.</exception>
    public static (Tensor<float> Output, Tensor<long> Indices) MaxPool1dWithIndices(in ReadOnlyTensorSpan<float> input,
        int kernelSize, int? stride = null, int padding = 0, int dilation = 1, bool ceilMode = false,
        KernelBackend backend = KernelBackend.Auto) =>
        MaxPoolWithIndices(PoolOp.MaxPool1dWithIndices, input, PoolWindow.Max(kernelSize, stride, padding, dilation, ceilMode), backend);

    /// <summary>1-D max pooling with indices into caller-provided tensors, without allocating.</summary>
    /// <param name="input">Shape <c>(N, C, L)</c> or <c>(C, L)</c>; only N may be 0.</param>
    /// <param name="kernelSize">Window length, greater than zero.</param>
    /// <param name="destination">Dense, exactly the output shape; receives the values.</param>
    /// <param name="indices">Dense, exactly the output shape; receives the index <c>il</c> of each winner.</param>
    /// <param name="stride">Window step, greater than zero; defaults to <paramref name="kernelSize"/>.</param>
    /// <param name="padding">Implicit -inf padding on each side, at most half the kernel size.</param>
    /// <param name="dilation">Distance between window taps, greater than zero.</param>
    /// <param name="ceilMode">Round the output length up instead of down (PyTorch's <c>ceil_mode</c>).</param>
    /// <param name="backend">Which implementation runs the op.</param>
    /// <exception cref="ArgumentException">A tensor is not dense, a parameter or shape breaks PyTorch's rules, or any two of the tensors overlap.</exception>
    /// <exception cref="InvalidOperationException"><see cref="KernelBackend.Native"/> was requested but is not available.</exception>
    public static void MaxPool1dWithIndices(scoped in ReadOnlyTensorSpan<float> input, int kernelSize,
        in TensorSpan<float> destination, in TensorSpan<long> indices, int? stride = null, int padding = 0, int dilation = 1,
        bool ceilMode = false, KernelBackend backend = KernelBackend.Auto) =>
        MaxPoolWithIndicesInto(PoolOp.MaxPool1dWithIndices, input, PoolWindow.Max(kernelSize, stride, padding, dilation, ceilMode),
            destination, indices, backend);

    // ---- 2-D ----

    /// <summary>2-D max pooling (<c>torch.nn.functional.max_pool2d</c>) into a new tensor.</summary>
    /// <param name="input">Shape <c>(N, C, H, W)</c> or <c>(C, H, W)</c>; only N may be 0.</param>
    /// <param name="kernelSize">Window size, greater than zero.</param>
    /// <param name="stride">Window step, greater than zero; defaults to <paramref name="kernelSize"/>.</param>
    /// <param name="padding">Implicit -inf padding on each side, at most half the kernel size.</param>
    /// <param name="dilation">Distance between window taps, greater than zero; defaults to 1.</param>
    /// <param name="ceilMode">Round the output size up instead of down (PyTorch's <c>ceil_mode</c>).</param>
    /// <param name="backend">Which implementation runs the op.</param>
    /// <returns>A tensor of shape <c>(N, C, H_out, W_out)</c> or <c>(C, H_out, W_out)</c>; see <see cref="PoolOutputSize"/>.</returns>
    /// <exception cref="ArgumentException">The input is not dense, or a parameter or shape breaks PyTorch's rules.</exception>
    /// <exception cref="InvalidOperationException"><see cref="KernelBackend.Native"/> was requested but is not available.</exception>
    public static Tensor<float> MaxPool2d(in ReadOnlyTensorSpan<float> input, Size2 kernelSize, Size2? stride = null,
        Size2 padding = default, Size2? dilation = null, bool ceilMode = false, KernelBackend backend = KernelBackend.Auto) =>
        Pool(PoolOp.MaxPool2d, input, PoolWindow.Max(kernelSize, stride, padding, dilation, ceilMode), backend);

    /// <summary>2-D max pooling into <paramref name="destination"/> without allocating.</summary>
    /// <param name="input">Shape <c>(N, C, H, W)</c> or <c>(C, H, W)</c>; only N may be 0.</param>
    /// <param name="kernelSize">Window size, greater than zero.</param>
    /// <param name="destination">Dense, exactly the output shape, not overlapping the input.</param>
    /// <param name="stride">Window step, greater than zero; defaults to <paramref name="kernelSize"/>.</param>
    /// <param name="padding">Implicit -inf padding on each side, at most half the kernel size.</param>
    /// <param name="dilation">Distance between window taps, greater than zero; defaults to 1.</param>
    /// <param name="ceilMode">Round the output size up instead of down (PyTorch's <c>ceil_mode</c>).</param>
    /// <param name="backend">Which implementation runs the op.</param>
    /// <returns>A reference to <paramref name="destination"/>.</returns>
    /// <exception cref="ArgumentException">A tensor is not dense, a parameter or shape breaks PyTorch's rules, or the destination overlaps the input.</exception>
    /// <exception cref="InvalidOperationException"><see cref="KernelBackend.Native"/> was requested but is not available.</exception>
    public static ref readonly TensorSpan<float> MaxPool2d(scoped in ReadOnlyTensorSpan<float> input, Size2 kernelSize,
        in TensorSpan<float> destination, Size2? stride = null, Size2 padding = default, Size2? dilation = null,
        bool ceilMode = false, KernelBackend backend = KernelBackend.Auto)
    {
        PoolInto(PoolOp.MaxPool2d, input, PoolWindow.Max(kernelSize, stride, padding, dilation, ceilMode), destination, backend);
        return ref destination;
    }

    /// <summary>
    /// 2-D max pooling that also returns, for each output, the index <c>ih * W + iw</c> of its winner within its
    /// (n, c) plane (<c>max_pool2d(..., return_indices=True)</c>). Ties keep the first maximum in row-major window
    /// order; a NaN wins and the last NaN is kept.
    /// </summary>
    /// <param name="input">Shape <c>(N, C, H, W)</c> or <c>(C, H, W)</c>; only N may be 0.</param>
    /// <param name="kernelSize">Window size, greater than zero.</param>
    /// <param name="stride">Window step, greater than zero; defaults to <paramref name="kernelSize"/>.</param>
    /// <param name="padding">Implicit -inf padding on each side, at most half the kernel size.</param>
    /// <param name="dilation">Distance between window taps, greater than zero; defaults to 1.</param>
    /// <param name="ceilMode">Round the output size up instead of down (PyTorch's <c>ceil_mode</c>).</param>
    /// <param name="backend">Which implementation runs the op.</param>
    /// <returns>The pooled values and their indices, both of the output shape.</returns>
    /// <exception cref="ArgumentException">The input is not dense, or a parameter or shape breaks PyTorch's rules.</exception>
    /// <exception cref="InvalidOperationException"><see cref="KernelBackend.Native"/> was requested but is not available.</exception>
    public static (Tensor<float> Output, Tensor<long> Indices) MaxPool2dWithIndices(in ReadOnlyTensorSpan<float> input,
        Size2 kernelSize, Size2? stride = null, Size2 padding = default, Size2? dilation = null, bool ceilMode = false,
        KernelBackend backend = KernelBackend.Auto) =>
        MaxPoolWithIndices(PoolOp.MaxPool2d, input, PoolWindow.Max(kernelSize, stride, padding, dilation, ceilMode), backend);

    /// <summary>2-D max pooling with indices into caller-provided tensors, without allocating.</summary>
    /// <param name="input">Shape <c>(N, C, H, W)</c> or <c>(C, H, W)</c>; only N may be 0.</param>
    /// <param name="kernelSize">Window size, greater than zero.</param>
    /// <param name="destination">Dense, exactly the output shape; receives the values.</param>
    /// <param name="indices">Dense, exactly the output shape; receives <c>ih * W + iw</c> of each winner.</param>
    /// <param name="stride">Window step, greater than zero; defaults to <paramref name="kernelSize"/>.</param>
    /// <param name="padding">Implicit -inf padding on each side, at most half the kernel size.</param>
    /// <param name="dilation">Distance between window taps, greater than zero; defaults to 1.</param>
    /// <param name="ceilMode">Round the output size up instead of down (PyTorch's <c>ceil_mode</c>).</param>
    /// <param name="backend">Which implementation runs the op.</param>
    /// <exception cref="ArgumentException">A tensor is not dense, a parameter or shape breaks PyTorch's rules, or any two of the tensors overlap.</exception>
    /// <exception cref="InvalidOperationException"><see cref="KernelBackend.Native"/> was requested but is not available.</exception>
    public static void MaxPool2dWithIndices(scoped in ReadOnlyTensorSpan<float> input, Size2 kernelSize,
        in TensorSpan<float> destination, in TensorSpan<long> indices, Size2? stride = null, Size2 padding = default,
        Size2? dilation = null, bool ceilMode = false, KernelBackend backend = KernelBackend.Auto) =>
        MaxPoolWithIndicesInto(PoolOp.MaxPool2d, input, PoolWindow.Max(kernelSize, stride, padding, dilation, ceilMode),
            destination, indices, backend);

    // ---- 3-D ----

    /// <summary>3-D max pooling (<c>torch.nn.functional.max_pool3d</c>) into a new tensor.</summary>
    /// <param name="input">Shape <c>(N, C, D, H, W)</c> or <c>(C, D, H, W)</c>; only N may be 0.</param>
    /// <param name="kernelSize">Window size, greater than zero.</param>
    /// <param name="stride">Window step, greater than zero; defaults to <paramref name="kernelSize"/>.</param>
    /// <param name="padding">Implicit -inf padding on each side, at most half the kernel size.</param>
    /// <param name="dilation">Distance between window taps, greater than zero; defaults to 1.</param>
    /// <param name="ceilMode">Round the output size up instead of down (PyTorch's <c>ceil_mode</c>).</param>
    /// <param name="backend">Which implementation runs the op.</param>
    /// <returns>A tensor of shape <c>(N, C, D_out, H_out, W_out)</c> or <c>(C, D_out, H_out, W_out)</c>; see <see cref="PoolOutputSize"/>.</returns>
    /// <exception cref="ArgumentException">The input is not dense, or a parameter or shape breaks PyTorch's rules.</exception>
    /// <exception cref="InvalidOperationException"><see cref="KernelBackend.Native"/> was requested but is not available.</exception>
    public static Tensor<float> MaxPool3d(in ReadOnlyTensorSpan<float> input, Size3 kernelSize, Size3? stride = null,
        Size3 padding = default, Size3? dilation = null, bool ceilMode = false, KernelBackend backend = KernelBackend.Auto) =>
        Pool(PoolOp.MaxPool3d, input, PoolWindow.Max(kernelSize, stride, padding, dilation, ceilMode), backend);

    /// <summary>3-D max pooling into <paramref name="destination"/> without allocating.</summary>
    /// <param name="input">Shape <c>(N, C, D, H, W)</c> or <c>(C, D, H, W)</c>; only N may be 0.</param>
    /// <param name="kernelSize">Window size, greater than zero.</param>
    /// <param name="destination">Dense, exactly the output shape, not overlapping the input.</param>
    /// <param name="stride">Window step, greater than zero; defaults to <paramref name="kernelSize"/>.</param>
    /// <param name="padding">Implicit -inf padding on each side, at most half the kernel size.</param>
    /// <param name="dilation">Distance between window taps, greater than zero; defaults to 1.</param>
    /// <param name="ceilMode">Round the output size up instead of down (PyTorch's <c>ceil_mode</c>).</param>
    /// <param name="backend">Which implementation runs the op.</param>
    /// <returns>A reference to <paramref name="destination"/>.</returns>
    /// <exception cref="ArgumentException">A tensor is not dense, a parameter or shape breaks PyTorch's rules, or the destination overlaps the input.</exception>
    /// <exception cref="InvalidOperationException"><see cref="KernelBackend.Native"/> was requested but is not available.</exception>
    public static ref readonly TensorSpan<float> MaxPool3d(scoped in ReadOnlyTensorSpan<float> input, Size3 kernelSize,
        in TensorSpan<float> destination, Size3? stride = null, Size3 padding = default, Size3? dilation = null,
        bool ceilMode = false, KernelBackend backend = KernelBackend.Auto)
    {
        PoolInto(PoolOp.MaxPool3d, input, PoolWindow.Max(kernelSize, stride, padding, dilation, ceilMode), destination, backend);
        return ref destination;
    }

    /// <summary>
    /// 3-D max pooling that also returns, for each output, the index <c>(id * H + ih) * W + iw</c> of its winner within
    /// its (n, c) volume (<c>max_pool3d(..., return_indices=True)</c>). Ties keep the first maximum in (d, h, w)
    /// window order; a NaN wins and the last NaN is kept.
    /// </summary>
    /// <param name="input">Shape <c>(N, C, D, H, W)</c> or <c>(C, D, H, W)</c>; only N may be 0.</param>
    /// <param name="kernelSize">Window size, greater than zero.</param>
    /// <param name="stride">Window step, greater than zero; defaults to <paramref name="kernelSize"/>.</param>
    /// <param name="padding">Implicit -inf padding on each side, at most half the kernel size.</param>
    /// <param name="dilation">Distance between window taps, greater than zero; defaults to 1.</param>
    /// <param name="ceilMode">Round the output size up instead of down (PyTorch's <c>ceil_mode</c>).</param>
    /// <param name="backend">Which implementation runs the op.</param>
    /// <returns>The pooled values and their indices, both of the output shape.</returns>
    /// <exception cref="ArgumentException">The input is not dense, or a parameter or shape breaks PyTorch's rules.</exception>
    /// <exception cref="InvalidOperationException"><see cref="KernelBackend.Native"/> was requested but is not available.</exception>
    public static (Tensor<float> Output, Tensor<long> Indices) MaxPool3dWithIndices(in ReadOnlyTensorSpan<float> input,
        Size3 kernelSize, Size3? stride = null, Size3 padding = default, Size3? dilation = null, bool ceilMode = false,
        KernelBackend backend = KernelBackend.Auto) =>
        MaxPoolWithIndices(PoolOp.MaxPool3d, input, PoolWindow.Max(kernelSize, stride, padding, dilation, ceilMode), backend);

    /// <summary>3-D max pooling with indices into caller-provided tensors, without allocating.</summary>
    /// <param name="input">Shape <c>(N, C, D, H, W)</c> or <c>(C, D, H, W)</c>; only N may be 0.</param>
    /// <param name="kernelSize">Window size, greater than zero.</param>
    /// <param name="destination">Dense, exactly the output shape; receives the values.</param>
    /// <param name="indices">Dense, exactly the output shape; receives <c>(id * H + ih) * W + iw</c> of each winner.</param>
    /// <param name="stride">Window step, greater than zero; defaults to <paramref name="kernelSize"/>.</param>
    /// <param name="padding">Implicit -inf padding on each side, at most half the kernel size.</param>
    /// <param name="dilation">Distance between window taps, greater than zero; defaults to 1.</param>
    /// <param name="ceilMode">Round the output size up instead of down (PyTorch's <c>ceil_mode</c>).</param>
    /// <param name="backend">Which implementation runs the op.</param>
    /// <exception cref="ArgumentException">A tensor is not dense, a parameter or shape breaks PyTorch's rules, or any two of the tensors overlap.</exception>
    /// <exception cref="InvalidOperationException"><see cref="KernelBackend.Native"/> was requested but is not available.</exception>
    public static void MaxPool3dWithIndices(scoped in ReadOnlyTensorSpan<float> input, Size3 kernelSize,
        in TensorSpan<float> destination, in TensorSpan<long> indices, Size3? stride = null, Size3 padding = default,
        Size3? dilation = null, bool ceilMode = false, KernelBackend backend = KernelBackend.Auto) =>
        MaxPoolWithIndicesInto(PoolOp.MaxPool3d, input, PoolWindow.Max(kernelSize, stride, padding, dilation, ceilMode),
            destination, indices, backend);
}
