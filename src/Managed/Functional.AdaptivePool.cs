using System.Numerics.Tensors;

namespace KernelLib;

public static partial class Functional
{
    // ---- AdaptiveAvgPool1d/2d/3d ----

    /// <summary>
    /// 1-D adaptive average pooling (<c>torch.nn.functional.adaptive_avg_pool1d</c>) into a new tensor: output o
    /// averages input [floor(o * L / out), ceil((o + 1) * L / out)). The output may be longer than the input.
    /// </summary>
    /// <param name="input">Shape <c>(N, C, L)</c> or <c>(C, L)</c>; only N may be 0.</param>
    /// <param name="outputSize">The output length, at least 0.</param>
    /// <param name="backend">Which implementation runs the op.</param>
    /// <returns>A tensor of shape <c>(N, C, outputSize)</c> or <c>(C, outputSize)</c>.</returns>
    /// <exception cref="ArgumentException">The input is not dense, or a parameter or shape breaks PyTorch's rules.</exception>
    /// <exception cref="InvalidOperationException"><see cref="KernelBackend.Native"/> was requested but is not available.</exception>
    public static Tensor<float> AdaptiveAvgPool1d(in ReadOnlyTensorSpan<float> input, int outputSize, KernelBackend backend = KernelBackend.Auto) =>
        AdaptiveAvgPoolNew(input, [outputSize], "adaptive_avg_pool1d", backend);

    /// <summary>1-D adaptive average pooling into <paramref name="destination"/> without allocating.</summary>
    /// <param name="input">Shape <c>(N, C, L)</c> or <c>(C, L)</c>; only N may be 0.</param>
    /// <param name="outputSize">The output length, at least 0.</param>
    /// <param name="destination">Dense, exactly the output shape, not overlapping the input.</param>
    /// <param name="backend">Which implementation runs the op.</param>
    /// <returns>A reference to <paramref name="destination"/>.</returns>
    /// <exception cref="ArgumentException">A tensor is not dense, a parameter or shape breaks PyTorch's rules, or the destination overlaps the input.</exception>
    /// <exception cref="InvalidOperationException"><see cref="KernelBackend.Native"/> was requested but is not available.</exception>
    public static ref readonly TensorSpan<float> AdaptiveAvgPool1d(scoped in ReadOnlyTensorSpan<float> input, int outputSize,
        in TensorSpan<float> destination, KernelBackend backend = KernelBackend.Auto)
    {
        AdaptiveAvgPoolInto(input, [outputSize], "adaptive_avg_pool1d", destination, backend);
        return ref destination;
    }

    /// <summary>
    /// 2-D adaptive average pooling (<c>torch.nn.functional.adaptive_avg_pool2d</c>) into a new tensor: output
    /// (oh, ow) averages the input window [floor(o * in / out), ceil((o + 1) * in / out)) along each dimension.
    /// A 1x1 output is the plane's mean (PyTorch's rounding too); see <see cref="GlobalAvgPool2d(in ReadOnlyTensorSpan{float}, KernelBackend)"/>.
    /// </summary>
    /// <param name="input">Shape <c>(N, C, H, W)</c> or <c>(C, H, W)</c>; only N may be 0.</param>
    /// <param name="outputSize">The output (height, width), each at least 0 or null to keep the input's size: <c>7</c>, <c>(5, 7)</c>, <c>(null, 7)</c>.</param>
    /// <param name="backend">Which implementation runs the op.</param>
    /// <returns>A tensor of shape <c>(N, C, H_out, W_out)</c> or <c>(C, H_out, W_out)</c>.</returns>
    /// <exception cref="ArgumentException">The input is not dense, or a parameter or shape breaks PyTorch's rules.</exception>
    /// <exception cref="InvalidOperationException"><see cref="KernelBackend.Native"/> was requested but is not available.</exception>
    public static Tensor<float> AdaptiveAvgPool2d(in ReadOnlyTensorSpan<float> input, AdaptiveSize2 outputSize, KernelBackend backend = KernelBackend.Auto) =>
        AdaptiveAvgPoolNew(input, [outputSize.Height, outputSize.Width], "adaptive_avg_pool2d", backend);

    /// <summary>2-D adaptive average pooling into <paramref name="destination"/> without allocating.</summary>
    /// <param name="input">Shape <c>(N, C, H, W)</c> or <c>(C, H, W)</c>; only N may be 0.</param>
    /// <param name="outputSize">The output (height, width), each at least 0 or null to keep the input's size.</param>
    /// <param name="destination">Dense, exactly the output shape, not overlapping the input.</param>
    /// <param name="backend">Which implementation runs the op.</param>
    /// <returns>A reference to <paramref name="destination"/>.</returns>
    /// <exception cref="ArgumentException">A tensor is not dense, a parameter or shape breaks PyTorch's rules, or the destination overlaps the input.</exception>
    /// <exception cref="InvalidOperationException"><see cref="KernelBackend.Native"/> was requested but is not available.</exception>
    public static ref readonly TensorSpan<float> AdaptiveAvgPool2d(scoped in ReadOnlyTensorSpan<float> input, AdaptiveSize2 outputSize,
        in TensorSpan<float> destination, KernelBackend backend = KernelBackend.Auto)
    {
        AdaptiveAvgPoolInto(input, [outputSize.Height, outputSize.Width], "adaptive_avg_pool2d", destination, backend);
        return ref destination;
    }

    /// <summary>
    /// 3-D adaptive average pooling (<c>torch.nn.functional.adaptive_avg_pool3d</c>) into a new tensor: output
    /// (od, oh, ow) averages the input window [floor(o * in / out), ceil((o + 1) * in / out)) along each dimension.
    /// </summary>
    /// <param name="input">Shape <c>(N, C, D, H, W)</c> or <c>(C, D, H, W)</c>; only N may be 0.</param>
    /// <param name="outputSize">The output (depth, height, width), each at least 0 or null to keep the input's size.</param>
    /// <param name="backend">Which implementation runs the op.</param>
    /// <returns>A tensor of shape <c>(N, C, D_out, H_out, W_out)</c> or <c>(C, D_out, H_out, W_out)</c>.</returns>
    /// <exception cref="ArgumentException">The input is not dense, or a parameter or shape breaks PyTorch's rules.</exception>
    /// <exception cref="InvalidOperationException"><see cref="KernelBackend.Native"/> was requested but is not available.</exception>
    public static Tensor<float> AdaptiveAvgPool3d(in ReadOnlyTensorSpan<float> input, AdaptiveSize3 outputSize, KernelBackend backend = KernelBackend.Auto) =>
        AdaptiveAvgPoolNew(input, [outputSize.Depth, outputSize.Height, outputSize.Width], "adaptive_avg_pool3d", backend);

    /// <summary>3-D adaptive average pooling into <paramref name="destination"/> without allocating.</summary>
    /// <param name="input">Shape <c>(N, C, D, H, W)</c> or <c>(C, D, H, W)</c>; only N may be 0.</param>
    /// <param name="outputSize">The output (depth, height, width), each at least 0 or null to keep the input's size.</param>
    /// <param name="destination">Dense, exactly the output shape, not overlapping the input.</param>
    /// <param name="backend">Which implementation runs the op.</param>
    /// <returns>A reference to <paramref name="destination"/>.</returns>
    /// <exception cref="ArgumentException">A tensor is not dense, a parameter or shape breaks PyTorch's rules, or the destination overlaps the input.</exception>
    /// <exception cref="InvalidOperationException"><see cref="KernelBackend.Native"/> was requested but is not available.</exception>
    public static ref readonly TensorSpan<float> AdaptiveAvgPool3d(scoped in ReadOnlyTensorSpan<float> input, AdaptiveSize3 outputSize,
        in TensorSpan<float> destination, KernelBackend backend = KernelBackend.Auto)
    {
        AdaptiveAvgPoolInto(input, [outputSize.Depth, outputSize.Height, outputSize.Width], "adaptive_avg_pool3d", destination, backend);
        return ref destination;
    }

    // ---- AdaptiveMaxPool1d/2d/3d ----

    /// <summary>
    /// 1-D adaptive max pooling (<c>torch.nn.functional.adaptive_max_pool1d</c>) into a new tensor: output o is the
    /// maximum of input [floor(o * L / out), ceil((o + 1) * L / out)). Ties keep the first maximum; a NaN wins.
    /// </summary>
    /// <param name="input">Shape <c>(N, C, L)</c> or <c>(C, L)</c>; only N may be 0.</param>
    /// <param name="outputSize">The output length, at least 0.</param>
    /// <param name="backend">Which implementation runs the op.</param>
    /// <returns>A tensor of shape <c>(N, C, outputSize)</c> or <c>(C, outputSize)</c>.</returns>
    /// <exception cref="ArgumentException">The input is not dense, or a parameter or shape breaks PyTorch's rules.</exception>
    /// <exception cref="InvalidOperationException"><see cref="KernelBackend.Native"/> was requested but is not available.</exception>
    public static Tensor<float> AdaptiveMaxPool1d(in ReadOnlyTensorSpan<float> input, int outputSize, KernelBackend backend = KernelBackend.Auto) =>
        AdaptiveMaxPoolNew(input, [outputSize], "adaptive_max_pool1d", withIndices: false, backend).Output;

    /// <summary>1-D adaptive max pooling into <paramref name="destination"/> without allocating.</summary>
    /// <param name="input">Shape <c>(N, C, L)</c> or <c>(C, L)</c>; only N may be 0.</param>
    /// <param name="outputSize">The output length, at least 0.</param>
    /// <param name="destination">Dense, exactly the output shape, not overlapping the input.</param>
    /// <param name="backend">Which implementation runs the op.</param>
    /// <returns>A reference to <paramref name="destination"/>.</returns>
    /// <exception cref="ArgumentException">A tensor is not dense, a parameter or shape breaks PyTorch's rules, or the destination overlaps the input.</exception>
    /// <exception cref="InvalidOperationException"><see cref="KernelBackend.Native"/> was requested but is not available.</exception>
    public static ref readonly TensorSpan<float> AdaptiveMaxPool1d(scoped in ReadOnlyTensorSpan<float> input, int outputSize,
        in TensorSpan<float> destination, KernelBackend backend = KernelBackend.Auto)
    {
        AdaptiveMaxPoolInto(input, [outputSize], "adaptive_max_pool1d", destination, default, withIndices: false, backend);
        return ref destination;
    }

    /// <summary>
    /// 1-D adaptive max pooling that also returns each winner's position within its (n, c) row
    /// (<c>adaptive_max_pool1d(..., return_indices=True)</c>). Ties keep the first maximum; the last NaN wins.
    /// </summary>
    /// <param name="input">Shape <c>(N, C, L)</c> or <c>(C, L)</c>; only N may be 0.</param>
    /// <param name="outputSize">The output length, at least 0.</param>
    /// <param name="backend">Which implementation runs the op.</param>
    /// <returns>The pooled values and their indices, both of the output shape.</returns>
    /// <exception cref="ArgumentException">The input is not dense, or a parameter or shape breaks PyTorch's rules.</exception>
    /// <exception cref="InvalidOperationException"><see cref="KernelBackend.Native"/> was requested but is not available.</exception>
    public static (Tensor<float> Output, Tensor<long> Indices) AdaptiveMaxPool1dWithIndices(in ReadOnlyTensorSpan<float> input, int outputSize,
        KernelBackend backend = KernelBackend.Auto)
    {
        (Tensor<float> output, Tensor<long>? indices) = AdaptiveMaxPoolNew(input, [outputSize], "adaptive_max_pool1d", withIndices: true, backend);
        return (output, indices!);
    }

    /// <summary>1-D adaptive max pooling with indices into caller-provided tensors, without allocating.</summary>
    /// <param name="input">Shape <c>(N, C, L)</c> or <c>(C, L)</c>; only N may be 0.</param>
    /// <param name="outputSize">The output length, at least 0.</param>
    /// <param name="destination">Dense, exactly the output shape; receives the values.</param>
    /// <param name="indices">Dense, exactly the output shape; receives each winner's position within its row.</param>
    /// <param name="backend">Which implementation runs the op.</param>
    /// <exception cref="ArgumentException">A tensor is not dense, a parameter or shape breaks PyTorch's rules, or any two of the tensors overlap.</exception>
    /// <exception cref="InvalidOperationException"><see cref="KernelBackend.Native"/> was requested but is not available.</exception>
    public static void AdaptiveMaxPool1dWithIndices(scoped in ReadOnlyTensorSpan<float> input, int outputSize,
        in TensorSpan<float> destination, in TensorSpan<long> indices, KernelBackend backend = KernelBackend.Auto) =>
        AdaptiveMaxPoolInto(input, [outputSize], "adaptive_max_pool1d", destination, indices, withIndices: true, backend);

    /// <summary>
    /// 2-D adaptive max pooling (<c>torch.nn.functional.adaptive_max_pool2d</c>) into a new tensor: output (oh, ow)
    /// is the maximum of the input window [floor(o * in / out), ceil((o + 1) * in / out)) along each dimension.
    /// Ties keep the first maximum in row-major window order; a NaN wins.
    /// </summary>
    /// <param name="input">Shape <c>(N, C, H, W)</c> or <c>(C, H, W)</c>; only N may be 0.</param>
    /// <param name="outputSize">The output (height, width), each at least 0 or null to keep the input's size: <c>7</c>, <c>(5, 7)</c>, <c>(null, 7)</c>.</param>
    /// <param name="backend">Which implementation runs the op.</param>
    /// <returns>A tensor of shape <c>(N, C, H_out, W_out)</c> or <c>(C, H_out, W_out)</c>.</returns>
    /// <exception cref="ArgumentException">The input is not dense, or a parameter or shape breaks PyTorch's rules.</exception>
    /// <exception cref="InvalidOperationException"><see cref="KernelBackend.Native"/> was requested but is not available.</exception>
    public static Tensor<float> AdaptiveMaxPool2d(in ReadOnlyTensorSpan<float> input, AdaptiveSize2 outputSize, KernelBackend backend = KernelBackend.Auto) =>
        AdaptiveMaxPoolNew(input, [outputSize.Height, outputSize.Width], "adaptive_max_pool2d", withIndices: false, backend).Output;

    /// <summary>2-D adaptive max pooling into <paramref name="destination"/> without allocating.</summary>
    /// <param name="input">Shape <c>(N, C, H, W)</c> or <c>(C, H, W)</c>; only N may be 0.</param>
    /// <param name="outputSize">The output (height, width), each at least 0 or null to keep the input's size.</param>
    /// <param name="destination">Dense, exactly the output shape, not overlapping the input.</param>
    /// <param name="backend">Which implementation runs the op.</param>
    /// <returns>A reference to <paramref name="destination"/>.</returns>
    /// <exception cref="ArgumentException">A tensor is not dense, a parameter or shape breaks PyTorch's rules, or the destination overlaps the input.</exception>
    /// <exception cref="InvalidOperationException"><see cref="KernelBackend.Native"/> was requested but is not available.</exception>
    public static ref readonly TensorSpan<float> AdaptiveMaxPool2d(scoped in ReadOnlyTensorSpan<float> input, AdaptiveSize2 outputSize,
        in TensorSpan<float> destination, KernelBackend backend = KernelBackend.Auto)
    {
        AdaptiveMaxPoolInto(input, [outputSize.Height, outputSize.Width], "adaptive_max_pool2d", destination, default, withIndices: false, backend);
        return ref destination;
    }

    /// <summary>
    /// 2-D adaptive max pooling that also returns each winner's index <c>ih * W + iw</c> within its (n, c) plane
    /// (<c>adaptive_max_pool2d(..., return_indices=True)</c>). Ties keep the first maximum; the last NaN wins.
    /// </summary>
    /// <param name="input">Shape <c>(N, C, H, W)</c> or <c>(C, H, W)</c>; only N may be 0.</param>
    /// <param name="outputSize">The output (height, width), each at least 0 or null to keep the input's size.</param>
    /// <param name="backend">Which implementation runs the op.</param>
    /// <returns>The pooled values and their indices, both of the output shape.</returns>
    /// <exception cref="ArgumentException">The input is not dense, or a parameter or shape breaks PyTorch's rules.</exception>
    /// <exception cref="InvalidOperationException"><see cref="KernelBackend.Native"/> was requested but is not available.</exception>
    public static (Tensor<float> Output, Tensor<long> Indices) AdaptiveMaxPool2dWithIndices(in ReadOnlyTensorSpan<float> input,
        AdaptiveSize2 outputSize, KernelBackend backend = KernelBackend.Auto)
    {
        (Tensor<float> output, Tensor<long>? indices) =
            AdaptiveMaxPoolNew(input, [outputSize.Height, outputSize.Width], "adaptive_max_pool2d", withIndices: true, backend);
        return (output, indices!);
    }

    /// <summary>2-D adaptive max pooling with indices into caller-provided tensors, without allocating.</summary>
    /// <param name="input">Shape <c>(N, C, H, W)</c> or <c>(C, H, W)</c>; only N may be 0.</param>
    /// <param name="outputSize">The output (height, width), each at least 0 or null to keep the input's size.</param>
    /// <param name="destination">Dense, exactly the output shape; receives the values.</param>
    /// <param name="indices">Dense, exactly the output shape; receives <c>ih * W + iw</c> of each winner.</param>
    /// <param name="backend">Which implementation runs the op.</param>
    /// <exception cref="ArgumentException">A tensor is not dense, a parameter or shape breaks PyTorch's rules, or any two of the tensors overlap.</exception>
    /// <exception cref="InvalidOperationException"><see cref="KernelBackend.Native"/> was requested but is not available.</exception>
    public static void AdaptiveMaxPool2dWithIndices(scoped in ReadOnlyTensorSpan<float> input, AdaptiveSize2 outputSize,
        in TensorSpan<float> destination, in TensorSpan<long> indices, KernelBackend backend = KernelBackend.Auto) =>
        AdaptiveMaxPoolInto(input, [outputSize.Height, outputSize.Width], "adaptive_max_pool2d", destination, indices, withIndices: true, backend);

    /// <summary>
    /// 3-D adaptive max pooling (<c>torch.nn.functional.adaptive_max_pool3d</c>) into a new tensor: output
    /// (od, oh, ow) is the maximum of the input window [floor(o * in / out), ceil((o + 1) * in / out)) along each
    /// dimension. Ties keep the first maximum in row-major window order; a NaN wins.
    /// </summary>
    /// <param name="input">Shape <c>(N, C, D, H, W)</c> or <c>(C, D, H, W)</c>; only N may be 0.</param>
    /// <param name="outputSize">The output (depth, height, width), each at least 0 or null to keep the input's size.</param>
    /// <param name="backend">Which implementation runs the op.</param>
    /// <returns>A tensor of shape <c>(N, C, D_out, H_out, W_out)</c> or <c>(C, D_out, H_out, W_out)</c>.</returns>
    /// <exception cref="ArgumentException">The input is not dense, or a parameter or shape breaks PyTorch's rules.</exception>
    /// <exception cref="InvalidOperationException"><see cref="KernelBackend.Native"/> was requested but is not available.</exception>
    public static Tensor<float> AdaptiveMaxPool3d(in ReadOnlyTensorSpan<float> input, AdaptiveSize3 outputSize, KernelBackend backend = KernelBackend.Auto) =>
        AdaptiveMaxPoolNew(input, [outputSize.Depth, outputSize.Height, outputSize.Width], "adaptive_max_pool3d", withIndices: false, backend).Output;

    /// <summary>3-D adaptive max pooling into <paramref name="destination"/> without allocating.</summary>
    /// <param name="input">Shape <c>(N, C, D, H, W)</c> or <c>(C, D, H, W)</c>; only N may be 0.</param>
    /// <param name="outputSize">The output (depth, height, width), each at least 0 or null to keep the input's size.</param>
    /// <param name="destination">Dense, exactly the output shape, not overlapping the input.</param>
    /// <param name="backend">Which implementation runs the op.</param>
    /// <returns>A reference to <paramref name="destination"/>.</returns>
    /// <exception cref="ArgumentException">A tensor is not dense, a parameter or shape breaks PyTorch's rules, or the destination overlaps the input.</exception>
    /// <exception cref="InvalidOperationException"><see cref="KernelBackend.Native"/> was requested but is not available.</exception>
    public static ref readonly TensorSpan<float> AdaptiveMaxPool3d(scoped in ReadOnlyTensorSpan<float> input, AdaptiveSize3 outputSize,
        in TensorSpan<float> destination, KernelBackend backend = KernelBackend.Auto)
    {
        AdaptiveMaxPoolInto(input, [outputSize.Depth, outputSize.Height, outputSize.Width], "adaptive_max_pool3d", destination, default,
            withIndices: false, backend);
        return ref destination;
    }

    /// <summary>
    /// 3-D adaptive max pooling that also returns each winner's index <c>(id * H + ih) * W + iw</c> within its
    /// (n, c) volume (<c>adaptive_max_pool3d(..., return_indices=True)</c>). Ties keep the first maximum; the last NaN wins.
    /// </summary>
    /// <param name="input">Shape <c>(N, C, D, H, W)</c> or <c>(C, D, H, W)</c>; only N may be 0.</param>
    /// <param name="outputSize">The output (depth, height, width), each at least 0 or null to keep the input's size.</param>
    /// <param name="backend">Which implementation runs the op.</param>
    /// <returns>The pooled values and their indices, both of the output shape.</returns>
    /// <exception cref="ArgumentException">The input is not dense, or a parameter or shape breaks PyTorch's rules.</exception>
    /// <exception cref="InvalidOperationException"><see cref="KernelBackend.Native"/> was requested but is not available.</exception>
    public static (Tensor<float> Output, Tensor<long> Indices) AdaptiveMaxPool3dWithIndices(in ReadOnlyTensorSpan<float> input,
        AdaptiveSize3 outputSize, KernelBackend backend = KernelBackend.Auto)
    {
        (Tensor<float> output, Tensor<long>? indices) = AdaptiveMaxPoolNew(input, [outputSize.Depth, outputSize.Height, outputSize.Width],
            "adaptive_max_pool3d", withIndices: true, backend);
        return (output, indices!);
    }

    /// <summary>3-D adaptive max pooling with indices into caller-provided tensors, without allocating.</summary>
    /// <param name="input">Shape <c>(N, C, D, H, W)</c> or <c>(C, D, H, W)</c>; only N may be 0.</param>
    /// <param name="outputSize">The output (depth, height, width), each at least 0 or null to keep the input's size.</param>
    /// <param name="destination">Dense, exactly the output shape; receives the values.</param>
    /// <param name="indices">Dense, exactly the output shape; receives <c>(id * H + ih) * W + iw</c> of each winner.</param>
    /// <param name="backend">Which implementation runs the op.</param>
    /// <exception cref="ArgumentException">A tensor is not dense, a parameter or shape breaks PyTorch's rules, or any two of the tensors overlap.</exception>
    /// <exception cref="InvalidOperationException"><see cref="KernelBackend.Native"/> was requested but is not available.</exception>
    public static void AdaptiveMaxPool3dWithIndices(scoped in ReadOnlyTensorSpan<float> input, AdaptiveSize3 outputSize,
        in TensorSpan<float> destination, in TensorSpan<long> indices, KernelBackend backend = KernelBackend.Auto) =>
        AdaptiveMaxPoolInto(input, [outputSize.Depth, outputSize.Height, outputSize.Width], "adaptive_max_pool3d", destination, indices,
            withIndices: true, backend);

    // ---- the N-d cores every overload above funnels into ----

    private static SpatialGeometry ValidateAdaptivePool(in ReadOnlyTensorSpan<float> input, ReadOnlySpan<int?> outputSize, string op)
    {
        SpatialGeometry geometry = AdaptivePoolShape.Infer(input.Lengths, outputSize, op);
        TensorChecks.RequireDense(input, nameof(input));
        return geometry;
    }

    private static Tensor<float> AdaptiveAvgPoolNew(in ReadOnlyTensorSpan<float> input, ReadOnlySpan<int?> outputSize, string op,
        KernelBackend backend)
    {
        SpatialGeometry geometry = ValidateAdaptivePool(input, outputSize, op);
        Tensor<float> output = Tensor.CreateFromShapeUninitialized<float>(geometry.OutputShape);
        RunAdaptiveAvgPool(geometry, DenseSpans.Read(input), DenseSpans.Write(output.AsTensorSpan()), backend);
        return output;
    }

    private static void AdaptiveAvgPoolInto(scoped in ReadOnlyTensorSpan<float> input, ReadOnlySpan<int?> outputSize, string op,
        in TensorSpan<float> destination, KernelBackend backend)
    {
        SpatialGeometry geometry = ValidateAdaptivePool(input, outputSize, op);
        ReadOnlySpan<float> x = DenseSpans.Read(input);
        Span<float> y = PoolDestination(destination, geometry.OutputShape, x);
        RunAdaptiveAvgPool(geometry, x, y, backend);
    }

    private static (Tensor<float> Output, Tensor<long>? Indices) AdaptiveMaxPoolNew(in ReadOnlyTensorSpan<float> input,
        ReadOnlySpan<int?> outputSize, string op, bool withIndices, KernelBackend backend)
    {
        SpatialGeometry geometry = ValidateAdaptivePool(input, outputSize, op);
        Tensor<float> output = Tensor.CreateFromShapeUninitialized<float>(geometry.OutputShape);
        Tensor<long>? indices = withIndices ? Tensor.CreateFromShapeUninitialized<long>(geometry.OutputShape) : null;
        RunAdaptiveMaxPool(geometry, DenseSpans.Read(input), DenseSpans.Write(output.AsTensorSpan()),
            indices is null ? default : DenseSpans.Write(indices.AsTensorSpan()), backend);
        return (output, indices);
    }

    private static void AdaptiveMaxPoolInto(scoped in ReadOnlyTensorSpan<float> input, ReadOnlySpan<int?> outputSize, string op,
        in TensorSpan<float> destination, in TensorSpan<long> indices, bool withIndices, KernelBackend backend)
    {
        SpatialGeometry geometry = ValidateAdaptivePool(input, outputSize, op);
        ReadOnlySpan<float> x = DenseSpans.Read(input);
        Span<float> y = PoolDestination(destination, geometry.OutputShape, x);
        Span<long> i = withIndices ? PoolIndicesDestination(indices, geometry.OutputShape, x, y) : default;
        RunAdaptiveMaxPool(geometry, x, y, i, backend);
    }

    private static void RunAdaptiveAvgPool(in SpatialGeometry g, ReadOnlySpan<float> x, Span<float> y, KernelBackend backend)
    {
        bool useNative = BackendSelector.UseNative(backend);
        if (y.IsEmpty)
        {
            return;
        }
        if (g.IsGlobal)
        {
            // PyTorch computes a 1x1 adaptive average as the plane's mean: one division, not one per dimension.
            RunGlobalAvgPool(g.Planes, g.InPlaneSize, x, y, useNative);
        }
        else if (useNative)
        {
            NativeAdaptivePool.Average(g, x, y);
        }
        else
        {
            ManagedAdaptivePool.Average(g, x, y);
        }
    }

    // An empty `indices` means the caller wants none.
    private static void RunAdaptiveMaxPool(in SpatialGeometry g, ReadOnlySpan<float> x, Span<float> y, Span<long> indices,
        KernelBackend backend)
    {
        bool useNative = BackendSelector.UseNative(backend);
        if (y.IsEmpty)
        {
            return;
        }
        if (g.IsGlobal)
        {
            RunGlobalMaxPool(g.Planes, g.InPlaneSize, x, y, indices, useNative);
        }
        else if (useNative)
        {
            NativeAdaptivePool.Max(g, x, y, indices);
        }
        else
        {
            ManagedAdaptivePool.Max(g, x, y, indices);
        }
    }

    /// <summary>Checks a caller's values destination (dense, exact shape, disjoint from the input) and returns its memory.</summary>
    private static Span<float> PoolDestination(in TensorSpan<float> destination, ReadOnlySpan<nint> shape, ReadOnlySpan<float> x)
    {
        TensorChecks.RequireDense(destination, nameof(destination));
        TensorChecks.RequireShape(destination.Lengths, shape, nameof(destination));
        Span<float> y = DenseSpans.Write(destination);
        TensorChecks.RequireDisjoint<float, float>(y, x, nameof(destination), "input");
        return y;
    }

    /// <summary>Checks a caller's indices destination (dense, exact shape, disjoint from input and values) and returns its memory.</summary>
    private static Span<long> PoolIndicesDestination(in TensorSpan<long> indices, ReadOnlySpan<nint> shape, ReadOnlySpan<float> x,
        ReadOnlySpan<float> y)
    {
        TensorChecks.RequireDense(indices, nameof(indices));
        TensorChecks.RequireShape(indices.Lengths, shape, nameof(indices));
        Span<long> i = DenseSpans.Write(indices);
        TensorChecks.RequireDisjoint<long, float>(i, x, nameof(indices), "input");
        TensorChecks.RequireDisjoint<long, float>(i, y, nameof(indices), "destination");
        return i;
    }
}
