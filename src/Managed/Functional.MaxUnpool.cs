using System.Numerics.Tensors;

namespace KernelLib;

public static partial class Functional
{
    /// <summary>
    /// 1-D max-unpooling (<c>torch.nn.functional.max_unpool1d</c>) into a new tensor: the partial inverse of
    /// <c>MaxPool1dWithIndices</c>. The output is zero except at each plane's <paramref name="indices"/>, which receive
    /// the input's values (a later duplicate index wins).
    /// </summary>
    /// <param name="input">Shape <c>(N, C, L)</c> or <c>(C, L)</c>; only N may be 0.</param>
    /// <param name="indices">The pooling's indices: the input's shape, each in [0, L_out).</param>
    /// <param name="kernelSize">The pooling's window size, greater than zero.</param>
    /// <param name="stride">The pooling's step, greater than zero; defaults to <paramref name="kernelSize"/>.</param>
    /// <param name="padding">The pooling's padding, at least 0.</param>
    /// <param name="outputSize">The output length; defaults to <c>(L - 1) * stride - 2 * padding + kernelSize</c> and must lie strictly between that minus and plus the stride.</param>
    /// <param name="backend">Which implementation runs the op.</param>
    /// <returns>A tensor of shape <c>(N, C, L_out)</c> or <c>(C, L_out)</c>.</returns>
    /// <exception cref="ArgumentException">A tensor is not dense, a parameter or shape breaks PyTorch's rules, or an index lies outside the output (<c>"Found an invalid max index"</c>).</exception>
    /// <exception cref="InvalidOperationException"><see cref="KernelBackend.Native"/> was requested but is not available.</exception>
    public static Tensor<float> MaxUnpool1d(in ReadOnlyTensorSpan<float> input, in ReadOnlyTensorSpan<long> indices, int kernelSize,
        int? stride = null, int padding = 0, int? outputSize = null, KernelBackend backend = KernelBackend.Auto)
    {
        int step = stride ?? kernelSize;
        return MaxUnpoolNew(input, indices, [kernelSize], [step], [padding], outputSize is int o ? [o] : [], "max_unpool1d", backend);
    }

    /// <summary>1-D max-unpooling into <paramref name="destination"/> without allocating.</summary>
    /// <param name="input">Shape <c>(N, C, L)</c> or <c>(C, L)</c>; only N may be 0.</param>
    /// <param name="indices">The pooling's indices: the input's shape, each in [0, L_out).</param>
    /// <param name="kernelSize">The pooling's window size, greater than zero.</param>
    /// <param name="destination">Dense, exactly the output shape, overlapping neither the input nor the indices.</param>
    /// <param name="stride">The pooling's step, greater than zero; defaults to <paramref name="kernelSize"/>.</param>
    /// <param name="padding">The pooling's padding, at least 0.</param>
    /// <param name="outputSize">The output length; defaults to <c>(L - 1) * stride - 2 * padding + kernelSize</c>.</param>
    /// <param name="backend">Which implementation runs the op.</param>
    /// <returns>A reference to <paramref name="destination"/>, whose contents are unspecified if an index was invalid.</returns>
    /// <exception cref="ArgumentException">A tensor is not dense, a parameter or shape breaks PyTorch's rules, tensors overlap, or an index lies outside the output.</exception>
    /// <exception cref="InvalidOperationException"><see cref="KernelBackend.Native"/> was requested but is not available.</exception>
    public static ref readonly TensorSpan<float> MaxUnpool1d(scoped in ReadOnlyTensorSpan<float> input, scoped in ReadOnlyTensorSpan<long> indices,
        int kernelSize, in TensorSpan<float> destination, int? stride = null, int padding = 0, int? outputSize = null,
        KernelBackend backend = KernelBackend.Auto)
    {
        int step = stride ?? kernelSize;
        MaxUnpoolInto(input, indices, [kernelSize], [step], [padding], outputSize is int o ? [o] : [], "max_unpool1d", destination, backend);
        return ref destination;
    }

    /// <summary>
    /// 2-D max-unpooling (<c>torch.nn.functional.max_unpool2d</c>) into a new tensor: the partial inverse of
    /// <see cref="MaxPool2dWithIndices(in ReadOnlyTensorSpan{float}, Size2, Size2?, Size2, Size2?, bool, KernelBackend)"/>.
    /// The output is zero except at each plane's <paramref name="indices"/> (<c>h * W_out + w</c>), which receive the
    /// input's values (a later duplicate index wins).
    /// </summary>
    /// <param name="input">Shape <c>(N, C, H, W)</c> or <c>(C, H, W)</c>; only N may be 0.</param>
    /// <param name="indices">The pooling's indices: the input's shape, each in [0, H_out * W_out).</param>
    /// <param name="kernelSize">The pooling's window size, greater than zero.</param>
    /// <param name="stride">The pooling's step, greater than zero; defaults to <paramref name="kernelSize"/>.</param>
    /// <param name="padding">The pooling's padding, at least 0.</param>
    /// <param name="outputSize">The output (height, width); defaults to <c>(in - 1) * stride - 2 * padding + kernelSize</c> per dimension and must lie strictly between that minus and plus the stride.</param>
    /// <param name="backend">Which implementation runs the op.</param>
    /// <returns>A tensor of shape <c>(N, C, H_out, W_out)</c> or <c>(C, H_out, W_out)</c>.</returns>
    /// <exception cref="ArgumentException">A tensor is not dense, a parameter or shape breaks PyTorch's rules, or an index lies outside the output (<c>"Found an invalid max index"</c>).</exception>
    /// <exception cref="InvalidOperationException"><see cref="KernelBackend.Native"/> was requested but is not available.</exception>
    public static Tensor<float> MaxUnpool2d(in ReadOnlyTensorSpan<float> input, in ReadOnlyTensorSpan<long> indices, Size2 kernelSize,
        Size2? stride = null, Size2 padding = default, Size2? outputSize = null, KernelBackend backend = KernelBackend.Auto)
    {
        Size2 step = stride ?? kernelSize;
        return MaxUnpoolNew(input, indices, [kernelSize.Height, kernelSize.Width], [step.Height, step.Width],
            [padding.Height, padding.Width], outputSize is Size2 o ? [o.Height, o.Width] : [], "max_unpool2d", backend);
    }

    /// <summary>2-D max-unpooling into <paramref name="destination"/> without allocating.</summary>
    /// <param name="input">Shape <c>(N, C, H, W)</c> or <c>(C, H, W)</c>; only N may be 0.</param>
    /// <param name="indices">The pooling's indices: the input's shape, each in [0, H_out * W_out).</param>
    /// <param name="kernelSize">The pooling's window size, greater than zero.</param>
    /// <param name="destination">Dense, exactly the output shape, overlapping neither the input nor the indices.</param>
    /// <param name="stride">The pooling's step, greater than zero; defaults to <paramref name="kernelSize"/>.</param>
    /// <param name="padding">The pooling's padding, at least 0.</param>
    /// <param name="outputSize">The output (height, width); defaults to <c>(in - 1) * stride - 2 * padding + kernelSize</c> per dimension.</param>
    /// <param name="backend">Which implementation runs the op.</param>
    /// <returns>A reference to <paramref name="destination"/>, whose contents are unspecified if an index was invalid.</returns>
    /// <exception cref="ArgumentException">A tensor is not dense, a parameter or shape breaks PyTorch's rules, tensors overlap, or an index lies outside the output.</exception>
    /// <exception cref="InvalidOperationException"><see cref="KernelBackend.Native"/> was requested but is not available.</exception>
    public static ref readonly TensorSpan<float> MaxUnpool2d(scoped in ReadOnlyTensorSpan<float> input, scoped in ReadOnlyTensorSpan<long> indices,
        Size2 kernelSize, in TensorSpan<float> destination, Size2? stride = null, Size2 padding = default, Size2? outputSize = null,
        KernelBackend backend = KernelBackend.Auto)
    {
        Size2 step = stride ?? kernelSize;
        MaxUnpoolInto(input, indices, [kernelSize.Height, kernelSize.Width], [step.Height, step.Width], [padding.Height, padding.Width],
            outputSize is Size2 o ? [o.Height, o.Width] : [], "max_unpool2d", destination, backend);
        return ref destination;
    }

    /// <summary>
    /// 3-D max-unpooling (<c>torch.nn.functional.max_unpool3d</c>) into a new tensor: the partial inverse of
    /// <c>MaxPool3dWithIndices</c>. The output is zero except at each volume's <paramref name="indices"/>
    /// (<c>(d * H_out + h) * W_out + w</c>), which receive the input's values (a later duplicate index wins).
    /// </summary>
    /// <param name="input">Shape <c>(N, C, D, H, W)</c> or <c>(C, D, H, W)</c>; only N may be 0.</param>
    /// <param name="indices">The pooling's indices: the input's shape, each in [0, D_out * H_out * W_out).</param>
    /// <param name="kernelSize">The pooling's window size, greater than zero.</param>
    /// <param name="stride">The pooling's step, greater than zero; defaults to <paramref name="kernelSize"/>.</param>
    /// <param name="padding">The pooling's padding, at least 0.</param>
    /// <param name="outputSize">The output (depth, height, width); defaults to <c>(in - 1) * stride - 2 * padding + kernelSize</c> per dimension and must lie strictly between that minus and plus the stride.</param>
    /// <param name="backend">Which implementation runs the op.</param>
    /// <returns>A tensor of shape <c>(N, C, D_out, H_out, W_out)</c> or <c>(C, D_out, H_out, W_out)</c>.</returns>
    /// <exception cref="ArgumentException">A tensor is not dense, a parameter or shape breaks PyTorch's rules, or an index lies outside the output (<c>"Found an invalid max index"</c>).</exception>
    /// <exception cref="InvalidOperationException"><see cref="KernelBackend.Native"/> was requested but is not available.</exception>
    public static Tensor<float> MaxUnpool3d(in ReadOnlyTensorSpan<float> input, in ReadOnlyTensorSpan<long> indices, Size3 kernelSize,
        Size3? stride = null, Size3 padding = default, Size3? outputSize = null, KernelBackend backend = KernelBackend.Auto)
    {
        Size3 step = stride ?? kernelSize;
        return MaxUnpoolNew(input, indices, [kernelSize.Depth, kernelSize.Height, kernelSize.Width], [step.Depth, step.Height, step.Width],
            [padding.Depth, padding.Height, padding.Width], outputSize is Size3 o ? [o.Depth, o.Height, o.Width] : [], "max_unpool3d", backend);
    }

    /// <summary>3-D max-unpooling into <paramref name="destination"/> without allocating.</summary>
    /// <param name="input">Shape <c>(N, C, D, H, W)</c> or <c>(C, D, H, W)</c>; only N may be 0.</param>
    /// <param name="indices">The pooling's indices: the input's shape, each in [0, D_out * H_out * W_out).</param>
    /// <param name="kernelSize">The pooling's window size, greater than zero.</param>
    /// <param name="destination">Dense, exactly the output shape, overlapping neither the input nor the indices.</param>
    /// <param name="stride">The pooling's step, greater than zero; defaults to <paramref name="kernelSize"/>.</param>
    /// <param name="padding">The pooling's padding, at least 0.</param>
    /// <param name="outputSize">The output (depth, height, width); defaults to <c>(in - 1) * stride - 2 * padding + kernelSize</c> per dimension.</param>
    /// <param name="backend">Which implementation runs the op.</param>
    /// <returns>A reference to <paramref name="destination"/>, whose contents are unspecified if an index was invalid.</returns>
    /// <exception cref="ArgumentException">A tensor is not dense, a parameter or shape breaks PyTorch's rules, tensors overlap, or an index lies outside the output.</exception>
    /// <exception cref="InvalidOperationException"><see cref="KernelBackend.Native"/> was requested but is not available.</exception>
    public static ref readonly TensorSpan<float> MaxUnpool3d(scoped in ReadOnlyTensorSpan<float> input, scoped in ReadOnlyTensorSpan<long> indices,
        Size3 kernelSize, in TensorSpan<float> destination, Size3? stride = null, Size3 padding = default, Size3? outputSize = null,
        KernelBackend backend = KernelBackend.Auto)
    {
        Size3 step = stride ?? kernelSize;
        MaxUnpoolInto(input, indices, [kernelSize.Depth, kernelSize.Height, kernelSize.Width], [step.Depth, step.Height, step.Width],
            [padding.Depth, padding.Height, padding.Width], outputSize is Size3 o ? [o.Depth, o.Height, o.Width] : [], "max_unpool3d",
            destination, backend);
        return ref destination;
    }

    // ---- the N-d cores every overload above funnels into ----

    private static SpatialGeometry ValidateMaxUnpool(in ReadOnlyTensorSpan<float> input, in ReadOnlyTensorSpan<long> indices,
        ReadOnlySpan<int> kernelSize, ReadOnlySpan<int> stride, ReadOnlySpan<int> padding, ReadOnlySpan<int> outputSize, string op)
    {
        SpatialGeometry geometry = UnpoolShape.Infer(input.Lengths, indices.Lengths, kernelSize, stride, padding, outputSize, op);
        TensorChecks.RequireDense(input, nameof(input));
        TensorChecks.RequireDense(indices, nameof(indices));
        return geometry;
    }

    private static Tensor<float> MaxUnpoolNew(in ReadOnlyTensorSpan<float> input, in ReadOnlyTensorSpan<long> indices,
        ReadOnlySpan<int> kernelSize, ReadOnlySpan<int> stride, ReadOnlySpan<int> padding, ReadOnlySpan<int> outputSize, string op,
        KernelBackend backend)
    {
        SpatialGeometry geometry = ValidateMaxUnpool(input, indices, kernelSize, stride, padding, outputSize, op);
        Tensor<float> output = Tensor.CreateFromShapeUninitialized<float>(geometry.OutputShape);
        RunMaxUnpool(geometry, DenseSpans.Read(input), DenseSpans.Read(indices), DenseSpans.Write(output.AsTensorSpan()), backend);
        return output;
    }

    private static void MaxUnpoolInto(scoped in ReadOnlyTensorSpan<float> input, scoped in ReadOnlyTensorSpan<long> indices,
        ReadOnlySpan<int> kernelSize, ReadOnlySpan<int> stride, ReadOnlySpan<int> padding, ReadOnlySpan<int> outputSize, string op,
        in TensorSpan<float> destination, KernelBackend backend)
    {
        SpatialGeometry geometry = ValidateMaxUnpool(input, indices, kernelSize, stride, padding, outputSize, op);
        ReadOnlySpan<float> x = DenseSpans.Read(input);
        ReadOnlySpan<long> i = DenseSpans.Read(indices);
        Span<float> y = PoolDestination(destination, geometry.OutputShape, x);
        TensorChecks.RequireDisjoint<float, long>(y, i, nameof(destination), nameof(indices));
        RunMaxUnpool(geometry, x, i, y, backend);
    }

    private static void RunMaxUnpool(in SpatialGeometry g, ReadOnlySpan<float> x, ReadOnlySpan<long> indices, Span<float> y,
        KernelBackend backend)
    {
        bool useNative = BackendSelector.UseNative(backend);
        if (y.IsEmpty)
        {
            return;
        }
        if (useNative)
        {
            NativeMaxUnpool.Run(g, x, indices, y);
        }
        else
        {
            ManagedMaxUnpool.Run(g, x, indices, y);
        }
    }
}
