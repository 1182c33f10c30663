using System.Numerics.Tensors;

namespace KernelLib;

public static partial class Functional
{
    /// <summary>
    /// Global average pooling into a new tensor: the mean of each (n, c) plane, exactly
    /// <see cref="AdaptiveAvgPool2d(in ReadOnlyTensorSpan{float}, AdaptiveSize2, KernelBackend)"/> with output size 1.
    /// </summary>
    /// <param name="input">Shape <c>(N, C, H, W)</c> or <c>(C, H, W)</c>; only N may be 0.</param>
    /// <param name="backend">Which implementation runs the op.</param>
    /// <returns>A tensor of shape <c>(N, C, 1, 1)</c> or <c>(C, 1, 1)</c>.</returns>
    /// <exception cref="ArgumentException">The input is not dense, or its shape breaks PyTorch's rules for adaptive pooling.</exception>
    /// <exception cref="InvalidOperationException"><see cref="KernelBackend.Native"/> was requested but is not available.</exception>
    public static Tensor<float> GlobalAvgPool2d(in ReadOnlyTensorSpan<float> input, KernelBackend backend = KernelBackend.Auto)
    {
        SpatialGeometry geometry = ValidateGlobalPool2d(input, nameof(GlobalAvgPool2d));
        Tensor<float> output = Tensor.CreateFromShapeUninitialized<float>(geometry.OutputShape);
        RunGlobalAvgPool(geometry, DenseSpans.Read(input), DenseSpans.Write(output.AsTensorSpan()), backend);
        return output;
    }

    /// <summary>Global average pooling into <paramref name="destination"/> without allocating.</summary>
    /// <param name="input">Shape <c>(N, C, H, W)</c> or <c>(C, H, W)</c>; only N may be 0.</param>
    /// <param name="destination">Dense, exactly <c>(N, C, 1, 1)</c> or <c>(C, 1, 1)</c>, not overlapping the input.</param>
    /// <param name="backend">Which implementation runs the op.</param>
    /// <returns>A reference to <paramref name="destination"/>.</returns>
    /// <exception cref="ArgumentException">A tensor is not dense, a shape is wrong, or the destination overlaps the input.</exception>
    /// <exception cref="InvalidOperationException"><see cref="KernelBackend.Native"/> was requested but is not available.</exception>
    public static ref readonly TensorSpan<float> GlobalAvgPool2d(scoped in ReadOnlyTensorSpan<float> input, in TensorSpan<float> destination,
        KernelBackend backend = KernelBackend.Auto)
    {
        SpatialGeometry geometry = ValidateGlobalPool2d(input, nameof(GlobalAvgPool2d));
        ReadOnlySpan<float> x = DenseSpans.Read(input);
        RunGlobalAvgPool(geometry, x, PoolDestination(destination, geometry.OutputShape, x), backend);
        return ref destination;
    }

    /// <summary>
    /// Global max pooling into a new tensor: the maximum of each (n, c) plane (a NaN wins), exactly
    /// <see cref="AdaptiveMaxPool2d(in ReadOnlyTensorSpan{float}, AdaptiveSize2, KernelBackend)"/> with output size 1.
    /// </summary>
    /// <param name="input">Shape <c>(N, C, H, W)</c> or <c>(C, H, W)</c>; only N may be 0.</param>
    /// <param name="backend">Which implementation runs the op.</param>
    /// <returns>A tensor of shape <c>(N, C, 1, 1)</c> or <c>(C, 1, 1)</c>.</returns>
    /// <exception cref="ArgumentException">The input is not dense, or its shape breaks PyTorch's rules for adaptive pooling.</exception>
    /// <exception cref="InvalidOperationException"><see cref="KernelBackend.Native"/> was requested but is not available.</exception>
    public static Tensor<float> GlobalMaxPool2d(in ReadOnlyTensorSpan<float> input, KernelBackend backend = KernelBackend.Auto)
    {
        SpatialGeometry geometry = ValidateGlobalPool2d(input, nameof(GlobalMaxPool2d));
        Tensor<float> output = Tensor.CreateFromShapeUninitialized<float>(geometry.OutputShape);
        RunGlobalMaxPool(geometry, DenseSpans.Read(input), DenseSpans.Write(output.AsTensorSpan()), default, backend);
        return output;
    }

    /// <summary>Global max pooling into <paramref name="destination"/> without allocating.</summary>
    /// <param name="input">Shape <c>(N, C, H, W)</c> or <c>(C, H, W)</c>; only N may be 0.</param>
    /// <param name="destination">Dense, exactly <c>(N, C, 1, 1)</c> or <c>(C, 1, 1)</c>, not overlapping the input.</param>
    /// <param name="backend">Which implementation runs the op.</param>
    /// <returns>A reference to <paramref name="destination"/>.</returns>
    /// <exception cref="ArgumentException">A tensor is not dense, a shape is wrong, or the destination overlaps the input.</exception>
    /// <exception cref="InvalidOperationException"><see cref="KernelBackend.Native"/> was requested but is not available.</exception>
    public static ref readonly TensorSpan<float> GlobalMaxPool2d(scoped in ReadOnlyTensorSpan<float> input, in TensorSpan<float> destination,
        KernelBackend backend = KernelBackend.Auto)
    {
        SpatialGeometry geometry = ValidateGlobalPool2d(input, nameof(GlobalMaxPool2d));
        ReadOnlySpan<float> x = DenseSpans.Read(input);
        RunGlobalMaxPool(geometry, x, PoolDestination(destination, geometry.OutputShape, x), default, backend);
        return ref destination;
    }

    /// <summary>
    /// Global max pooling that also returns each winner's index <c>ih * W + iw</c> within its plane, as
    /// <see cref="AdaptiveMaxPool2dWithIndices(in ReadOnlyTensorSpan{float}, AdaptiveSize2, KernelBackend)"/> with output
    /// size 1 does. Ties keep the first maximum; the last NaN wins.
    /// </summary>
    /// <param name="input">Shape <c>(N, C, H, W)</c> or <c>(C, H, W)</c>; only N may be 0.</param>
    /// <param name="backend">Which implementation runs the op.</param>
    /// <returns>The maxima and their indices, both of shape <c>(N, C, 1, 1)</c> or <c>(C, 1, 1)</c>.</returns>
    /// <exception cref="ArgumentException">The input is not dense, or its shape breaks PyTorch's rules for adaptive pooling.</exception>
    /// <exception cref="InvalidOperationException"><see cref="KernelBackend.Native"/> was requested but is not available.</exception>
    public static (Tensor<float> Output, Tensor<long> Indices) GlobalMaxPool2dWithIndices(in ReadOnlyTensorSpan<float> input,
        KernelBackend backend = KernelBackend.Auto)
    {
        SpatialGeometry geometry = ValidateGlobalPool2d(input, nameof(GlobalMaxPool2d));
        Tensor<float> output = Tensor.CreateFromShapeUninitialized<float>(geometry.OutputShape);
        Tensor<long> indices = Tensor.CreateFromShapeUninitialized<long>(geometry.OutputShape);
        RunGlobalMaxPool(geometry, DenseSpans.Read(input), DenseSpans.Write(output.AsTensorSpan()),
            DenseSpans.Write(indices.AsTensorSpan()), backend);
        return (output, indices);
    }

    /// <summary>Global max pooling with indices into caller-provided tensors, without allocating.</summary>
    /// <param name="input">Shape <c>(N, C, H, W)</c> or <c>(C, H, W)</c>; only N may be 0.</param>
    /// <param name="destination">Dense, exactly <c>(N, C, 1, 1)</c> or <c>(C, 1, 1)</c>; receives the maxima.</param>
    /// <param name="indices">Dense, the same shape; receives <c>ih * W + iw</c> of each winner.</param>
    /// <param name="backend">Which implementation runs the op.</param>
    /// <exception cref="ArgumentException">A tensor is not dense, a shape is wrong, or any two of the tensors overlap.</exception>
    /// <exception cref="InvalidOperationException"><see cref="KernelBackend.Native"/> was requested but is not available.</exception>
    public static void GlobalMaxPool2dWithIndices(scoped in ReadOnlyTensorSpan<float> input, in TensorSpan<float> destination,
        in TensorSpan<long> indices, KernelBackend backend = KernelBackend.Auto)
    {
        SpatialGeometry geometry = ValidateGlobalPool2d(input, nameof(GlobalMaxPool2d));
        ReadOnlySpan<float> x = DenseSpans.Read(input);
        Span<float> y = PoolDestination(destination, geometry.OutputShape, x);
        RunGlobalMaxPool(geometry, x, y, PoolIndicesDestination(indices, geometry.OutputShape, x, y), backend);
    }

    private static SpatialGeometry ValidateGlobalPool2d(in ReadOnlyTensorSpan<float> input, string op)
    {
        SpatialGeometry geometry = AdaptivePoolShape.InferGlobal2d(input.Lengths, op);
        TensorChecks.RequireDense(input, nameof(input));
        return geometry;
    }

    private static void RunGlobalAvgPool(in SpatialGeometry g, ReadOnlySpan<float> x, Span<float> y, KernelBackend backend)
    {
        bool useNative = BackendSelector.UseNative(backend);
        if (!y.IsEmpty)
        {
            RunGlobalAvgPool(g.Planes, g.InPlaneSize, x, y, useNative);
        }
    }

    private static void RunGlobalMaxPool(in SpatialGeometry g, ReadOnlySpan<float> x, Span<float> y, Span<long> indices, KernelBackend backend)
    {
        bool useNative = BackendSelector.UseNative(backend);
        if (!y.IsEmpty)
        {
            RunGlobalMaxPool(g.Planes, g.InPlaneSize, x, y, indices, useNative);
        }
    }

    private static void RunGlobalAvgPool(long planes, long planeSize, ReadOnlySpan<float> x, Span<float> y, bool useNative)
    {
        if (useNative)
        {
            NativeGlobalPool.Average(planes, planeSize, x, y);
        }
        else
        {
            ManagedGlobalPool.Average(planes, planeSize, x, y);
        }
    }

    // An empty `indices` means the caller wants none.
    private static void RunGlobalMaxPool(long planes, long planeSize, ReadOnlySpan<float> x, Span<float> y, Span<long> indices, bool useNative)
    {
        if (useNative)
        {
            NativeGlobalPool.Max(planes, planeSize, x, y, indices);
        }
        else
        {
            ManagedGlobalPool.Max(planes, planeSize, x, y, indices);
        }
    }
}
