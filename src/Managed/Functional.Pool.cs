using System.Numerics.Tensors;

namespace KernelLib;

// The one path every max and average pooling overload funnels into: validate (PoolShape), check the caller's
// tensors, then run the managed or native kernel. The public overloads only translate their arguments into a
// PoolOp and a PoolWindow.
public static partial class Functional
{
    private static Tensor<float> Pool(PoolOp op, in ReadOnlyTensorSpan<float> input, in PoolWindow window, KernelBackend backend)
    {
        PoolGeometry geometry = ValidatePool(op, input, window);
        Tensor<float> output = Tensor.CreateFromShapeUninitialized<float>(geometry.OutputShape);
        RunPool(op, geometry, DenseSpans.Read(input), DenseSpans.Write(output.AsTensorSpan()), default, backend);
        return output;
    }

    private static void PoolInto(PoolOp op, scoped in ReadOnlyTensorSpan<float> input, in PoolWindow window,
        scoped in TensorSpan<float> destination, KernelBackend backend)
    {
        PoolGeometry geometry = ValidatePool(op, input, window);
        TensorChecks.RequireDense(destination, nameof(destination));
        TensorChecks.RequireShape(destination.Lengths, geometry.OutputShape, nameof(destination));
        ReadOnlySpan<float> x = DenseSpans.Read(input);
        Span<float> y = DenseSpans.Write(destination);
        TensorChecks.RequireDisjoint<float, float>(y, x, nameof(destination), nameof(input));
        RunPool(op, geometry, x, y, default, backend);
    }

    private static (Tensor<float> Output, Tensor<long> Indices) MaxPoolWithIndices(PoolOp op, in ReadOnlyTensorSpan<float> input,
        in PoolWindow window, KernelBackend backend)
    {
        PoolGeometry geometry = ValidatePool(op, input, window);
        Tensor<float> output = Tensor.CreateFromShapeUninitialized<float>(geometry.OutputShape);
        Tensor<long> indices = Tensor.CreateFromShapeUninitialized<long>(geometry.OutputShape);
        RunPool(op, geometry, DenseSpans.Read(input), DenseSpans.Write(output.AsTensorSpan()),
            DenseSpans.Write(indices.AsTensorSpan()), backend);
        return (output, indices);
    }

    private static void MaxPoolWithIndicesInto(PoolOp op, scoped in ReadOnlyTensorSpan<float> input, in PoolWindow window,
        scoped in TensorSpan<float> destination, scoped in TensorSpan<long> indices, KernelBackend backend)
    {
        PoolGeometry geometry = ValidatePool(op, input, window);
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
        RunPool(op, geometry, x, y, i, backend);
    }

    private static PoolGeometry ValidatePool(PoolOp op, scoped in ReadOnlyTensorSpan<float> input, in PoolWindow window)
    {
        PoolGeometry geometry = PoolShape.Infer(op, input.Lengths, window);
        TensorChecks.RequireDense(input, nameof(input));
        return geometry;
    }

    // An empty `indices` means the caller wants none (max pooling only).
    private static void RunPool(PoolOp op, in PoolGeometry geometry, ReadOnlySpan<float> x, Span<float> y, Span<long> indices,
        KernelBackend backend)
    {
        bool useNative = BackendSelector.UseNative(backend);
        if (y.IsEmpty)
        {
            return;
        }
        switch (op.IsMax(), useNative)
        {
            case (true, true):
                NativeMaxPool.Run(geometry, x, y, indices);
                break;
            case (true, false):
                ManagedMaxPool.Run(geometry, x, y, indices);
                break;
            case (false, true):
                NativeAvgPool.Run(geometry, x, y);
                break;
            case (false, false):
                ManagedAvgPool.Run(geometry, x, y);
                break;
        }
    }
}
