using System.Numerics.Tensors;

namespace KernelLib;

public static partial class Functional
{
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
        Size2 padding = default, Size2? dilation = null, bool ceilMode = false, KernelBackend backend = KernelBackend.Auto)
    {
        Pool2dGeometry geometry = ValidateMaxPool2d(input, kernelSize, stride, padding, dilation, ceilMode);
        Tensor<float> output = Tensor.CreateFromShapeUninitialized<float>(geometry.OutputShape);
        RunMaxPool2d(geometry, DenseSpans.Read(input), DenseSpans.Write(output.AsTensorSpan()), default, backend);
        return output;
    }

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
        Pool2dGeometry geometry = ValidateMaxPool2d(input, kernelSize, stride, padding, dilation, ceilMode);
        TensorChecks.RequireDense(destination, nameof(destination));
        TensorChecks.RequireShape(destination.Lengths, geometry.OutputShape, nameof(destination));
        ReadOnlySpan<float> x = DenseSpans.Read(input);
        Span<float> y = DenseSpans.Write(destination);
        TensorChecks.RequireDisjoint<float, float>(y, x, nameof(destination), nameof(input));
        RunMaxPool2d(geometry, x, y, default, backend);
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
        KernelBackend backend = KernelBackend.Auto)
    {
        Pool2dGeometry geometry = ValidateMaxPool2d(input, kernelSize, stride, padding, dilation, ceilMode);
        Tensor<float> output = Tensor.CreateFromShapeUninitialized<float>(geometry.OutputShape);
        Tensor<long> indices = Tensor.CreateFromShapeUninitialized<long>(geometry.OutputShape);
        RunMaxPool2d(geometry, DenseSpans.Read(input), DenseSpans.Write(output.AsTensorSpan()),
            DenseSpans.Write(indices.AsTensorSpan()), backend);
        return (output, indices);
    }

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
        Size2? dilation = null, bool ceilMode = false, KernelBackend backend = KernelBackend.Auto)
    {
        Pool2dGeometry geometry = ValidateMaxPool2d(input, kernelSize, stride, padding, dilation, ceilMode);
        TensorChecks.RequireDense(destination, nameof(destination));
        TensorChecks.RequireDense(indices, nameof(indices));
        TensorChecks.RequireShape(destination.Lengths, geometry.OutputShape, nameof(destination));
        TensorChecks.RequireShape(indices.Lengths, geometry.OutputShape, nameof(indices));
        ReadOnlySpan<float> x = DenseSpans.Read(input);
        Span<float> y = DenseSpans.Write(destination);
        Span<long> i = DenseSpans.Write(indices);
        TensorChecks.RequireDisjoint<float, float>(y, x, nameof(destination), nameof(input));
        TensorChecks.RequireDisjoint<long, float>(i, x, nameof(indices), nameof(input));
        TensorChecks.RequireDisjoint<long, float>(i, y, nameof(indices), nameof(destination));
        RunMaxPool2d(geometry, x, y, i, backend);
    }

    private static Pool2dGeometry ValidateMaxPool2d(in ReadOnlyTensorSpan<float> input, Size2 kernelSize, Size2? stride,
        Size2 padding, Size2? dilation, bool ceilMode)
    {
        Pool2dGeometry geometry = PoolShape.Infer(input.Lengths, kernelSize, stride, padding, dilation, ceilMode);
        TensorChecks.RequireDense(input, nameof(input));
        return geometry;
    }

    // An empty `indices` means the caller wants none.
    private static void RunMaxPool2d(in Pool2dGeometry geometry, ReadOnlySpan<float> x, Span<float> y, Span<long> indices,
        KernelBackend backend)
    {
        bool useNative = BackendSelector.UseNative(backend);
        if (y.IsEmpty)
        {
            return;
        }
        if (useNative)
        {
            NativeMaxPool2d.Run(geometry, x, y, indices);
        }
        else
        {
            ManagedMaxPool2d.Run(geometry, x, y, indices);
        }
    }
}
