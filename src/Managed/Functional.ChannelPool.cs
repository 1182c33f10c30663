using System.Numerics.Tensors;

namespace KernelLib;

public static partial class Functional
{
    /// <summary>
    /// Channel-wise max pooling into a new tensor: the maximum over dimension 1, kept as a dimension of size 1
    /// (PyTorch's <c>x.max(dim=1, keepdim=True).values</c>). A NaN wins.
    /// </summary>
    /// <param name="input">Shape <c>(N, C, *)</c>, rank at least 2, C at least 1.</param>
    /// <param name="backend">Which implementation runs the op.</param>
    /// <returns>A tensor of shape <c>(N, 1, *)</c>.</returns>
    /// <exception cref="ArgumentException">The input is not dense, has rank below 2 or no channels.</exception>
    /// <exception cref="InvalidOperationException"><see cref="KernelBackend.Native"/> was requested but is not available.</exception>
    public static Tensor<float> ChannelMaxPool(in ReadOnlyTensorSpan<float> input, KernelBackend backend = KernelBackend.Auto)
    {
        ChannelPoolGeometry geometry = ValidateChannelPool(input, nameof(ChannelMaxPool));
        Tensor<float> output = Tensor.CreateFromShapeUninitialized<float>(geometry.OutputShape);
        RunChannelPool(geometry, DenseSpans.Read(input), DenseSpans.Write(output.AsTensorSpan()), max: true, backend);
        return output;
    }

    /// <summary>Channel-wise max pooling into <paramref name="destination"/> without allocating.</summary>
    /// <param name="input">Shape <c>(N, C, *)</c>, rank at least 2, C at least 1.</param>
    /// <param name="destination">Dense, exactly <c>(N, 1, *)</c>, not overlapping the input.</param>
    /// <param name="backend">Which implementation runs the op.</param>
    /// <returns>A reference to <paramref name="destination"/>.</returns>
    /// <exception cref="ArgumentException">A tensor is not dense, a shape is wrong, or the destination overlaps the input.</exception>
    /// <exception cref="InvalidOperationException"><see cref="KernelBackend.Native"/> was requested but is not available.</exception>
    public static ref readonly TensorSpan<float> ChannelMaxPool(scoped in ReadOnlyTensorSpan<float> input, in TensorSpan<float> destination,
        KernelBackend backend = KernelBackend.Auto)
    {
        ChannelPoolGeometry geometry = ValidateChannelPool(input, nameof(ChannelMaxPool));
        ReadOnlySpan<float> x = DenseSpans.Read(input);
        RunChannelPool(geometry, x, PoolDestination(destination, geometry.OutputShape, x), max: true, backend);
        return ref destination;
    }

    /// <summary>
    /// Channel-wise average pooling into a new tensor: the mean over dimension 1, kept as a dimension of size 1
    /// (PyTorch's <c>x.mean(dim=1, keepdim=True)</c>).
    /// </summary>
    /// <param name="input">Shape <c>(N, C, *)</c>, rank at least 2, C at least 1.</param>
    /// <param name="backend">Which implementation runs the op.</param>
    /// <returns>A tensor of shape <c>(N, 1, *)</c>.</returns>
    /// <exception cref="ArgumentException">The input is not dense, has rank below 2 or no channels.</exception>
    /// <exception cref="InvalidOperationException"><see cref="KernelBackend.Native"/> was requested but is not available.</exception>
    public static Tensor<float> ChannelAvgPool(in ReadOnlyTensorSpan<float> input, KernelBackend backend = KernelBackend.Auto)
    {
        ChannelPoolGeometry geometry = ValidateChannelPool(input, nameof(ChannelAvgPool));
        Tensor<float> output = Tensor.CreateFromShapeUninitialized<float>(geometry.OutputShape);
        RunChannelPool(geometry, DenseSpans.Read(input), DenseSpans.Write(output.AsTensorSpan()), max: false, backend);
        return output;
    }

    /// <summary>Channel-wise average pooling into <paramref name="destination"/> without allocating.</summary>
    /// <param name="input">Shape <c>(N, C, *)</c>, rank at least 2, C at least 1.</param>
    /// <param name="destination">Dense, exactly <c>(N, 1, *)</c>, not overlapping the input.</param>
    /// <param name="backend">Which implementation runs the op.</param>
    /// <returns>A reference to <paramref name="destination"/>.</returns>
    /// <exception cref="ArgumentException">A tensor is not dense, a shape is wrong, or the destination overlaps the input.</exception>
    /// <exception cref="InvalidOperationException"><see cref="KernelBackend.Native"/> was requested but is not available.</exception>
    public static ref readonly TensorSpan<float> ChannelAvgPool(scoped in ReadOnlyTensorSpan<float> input, in TensorSpan<float> destination,
        KernelBackend backend = KernelBackend.Auto)
    {
        ChannelPoolGeometry geometry = ValidateChannelPool(input, nameof(ChannelAvgPool));
        ReadOnlySpan<float> x = DenseSpans.Read(input);
        RunChannelPool(geometry, x, PoolDestination(destination, geometry.OutputShape, x), max: false, backend);
        return ref destination;
    }

    private static ChannelPoolGeometry ValidateChannelPool(in ReadOnlyTensorSpan<float> input, string op)
    {
        ChannelPoolGeometry geometry = ChannelPoolShape.Infer(input.Lengths, op);
        TensorChecks.RequireDense(input, nameof(input));
        return geometry;
    }

    private static void RunChannelPool(in ChannelPoolGeometry g, ReadOnlySpan<float> x, Span<float> y, bool max, KernelBackend backend)
    {
        bool useNative = BackendSelector.UseNative(backend);
        if (y.IsEmpty)
        {
            return;
        }
        switch (useNative, max)
        {
            case (true, true):
                NativeChannelPool.Max(g, x, y);
                break;
            case (true, false):
                NativeChannelPool.Average(g, x, y);
                break;
            case (false, true):
                ManagedChannelPool.Max(g, x, y);
                break;
            default:
                ManagedChannelPool.Average(g, x, y);
                break;
        }
    }
}
