using System.Numerics.Tensors;

namespace KernelLib;

public static partial class Functional
{
    /// <summary>Applies <c>y = x W^T</c> (<c>torch.nn.functional.linear</c> without bias) into a new tensor.</summary>
    /// <param name="input">Shape <c>[*, in_features]</c>, rank at least 1.</param>
    /// <param name="weight">Shape <c>[out_features, in_features]</c>.</param>
    /// <param name="backend">Which implementation runs the op.</param>
    /// <returns>A tensor of shape <c>[*, out_features]</c>.</returns>
    /// <exception cref="ArgumentException">A tensor is not dense or the shapes do not fit.</exception>
    /// <exception cref="InvalidOperationException"><see cref="KernelBackend.Native"/> was requested but is not available.</exception>
    public static Tensor<float> Linear(in ReadOnlyTensorSpan<float> input, in ReadOnlyTensorSpan<float> weight,
        KernelBackend backend = KernelBackend.Auto) =>
        LinearAllocating(input, weight, ReadOnlyTensorSpan<float>.Empty, hasBias: false, backend);

    /// <summary>Applies <c>y = x W^T + b</c> (<c>torch.nn.functional.linear</c>) into a new tensor.</summary>
    /// <param name="input">Shape <c>[*, in_features]</c>, rank at least 1.</param>
    /// <param name="weight">Shape <c>[out_features, in_features]</c>.</param>
    /// <param name="bias">Shape <c>[out_features]</c>.</param>
    /// <param name="backend">Which implementation runs the op.</param>
    /// <returns>A tensor of shape <c>[*, out_features]</c>.</returns>
    /// <exception cref="ArgumentException">A tensor is not dense or the shapes do not fit.</exception>
    /// <exception cref="InvalidOperationException"><see cref="KernelBackend.Native"/> was requested but is not available.</exception>
    public static Tensor<float> Linear(in ReadOnlyTensorSpan<float> input, in ReadOnlyTensorSpan<float> weight,
        in ReadOnlyTensorSpan<float> bias, KernelBackend backend = KernelBackend.Auto) =>
        LinearAllocating(input, weight, bias, hasBias: true, backend);

    /// <summary>
    /// Applies <c>y = x W^T + b</c> into a new tensor. This overload makes <c>Linear(x, w, b)</c> with a
    /// <see cref="Tensor{T}"/> bias mean the bias, as in PyTorch; without it C# would bind such a call to the
    /// destination overload. To write into a destination, pass a <see cref="TensorSpan{T}"/>.
    /// </summary>
    /// <param name="input">Shape <c>[*, in_features]</c>, rank at least 1.</param>
    /// <param name="weight">Shape <c>[out_features, in_features]</c>.</param>
    /// <param name="bias">Shape <c>[out_features]</c>.</param>
    /// <param name="backend">Which implementation runs the op.</param>
    /// <returns>A tensor of shape <c>[*, out_features]</c>.</returns>
    /// <exception cref="ArgumentException">A tensor is not dense or the shapes do not fit.</exception>
    /// <exception cref="InvalidOperationException"><see cref="KernelBackend.Native"/> was requested but is not available.</exception>
    public static Tensor<float> Linear(in ReadOnlyTensorSpan<float> input, in ReadOnlyTensorSpan<float> weight,
        Tensor<float> bias, KernelBackend backend = KernelBackend.Auto)
    {
        ArgumentNullException.ThrowIfNull(bias);
        return LinearAllocating(input, weight, bias.AsReadOnlyTensorSpan(), hasBias: true, backend);
    }

    /// <summary>Applies <c>y = x W^T</c> into <paramref name="destination"/> without allocating.</summary>
    /// <param name="input">Shape <c>[*, in_features]</c>, rank at least 1.</param>
    /// <param name="weight">Shape <c>[out_features, in_features]</c>.</param>
    /// <param name="destination">Dense, shape <c>[*, out_features]</c>, not overlapping the inputs.</param>
    /// <param name="backend">Which implementation runs the op.</param>
    /// <returns>A reference to <paramref name="destination"/>.</returns>
    /// <exception cref="ArgumentException">A tensor is not dense, the shapes do not fit, or the destination overlaps an input.</exception>
    /// <exception cref="InvalidOperationException"><see cref="KernelBackend.Native"/> was requested but is not available.</exception>
    public static ref readonly TensorSpan<float> Linear(scoped in ReadOnlyTensorSpan<float> input, scoped in ReadOnlyTensorSpan<float> weight,
        in TensorSpan<float> destination, KernelBackend backend = KernelBackend.Auto)
    {
        LinearInto(input, weight, ReadOnlyTensorSpan<float>.Empty, hasBias: false, destination, backend);
        return ref destination;
    }

    /// <summary>Applies <c>y = x W^T + b</c> into <paramref name="destination"/> without allocating.</summary>
    /// <param name="input">Shape <c>[*, in_features]</c>, rank at least 1.</param>
    /// <param name="weight">Shape <c>[out_features, in_features]</c>.</param>
    /// <param name="bias">Shape <c>[out_features]</c>.</param>
    /// <param name="destination">Dense, shape <c>[*, out_features]</c>, not overlapping the inputs.</param>
    /// <param name="backend">Which implementation runs the op.</param>
    /// <returns>A reference to <paramref name="destination"/>.</returns>
    /// <exception cref="ArgumentException">A tensor is not dense, the shapes do not fit, or the destination overlaps an input.</exception>
    /// <exception cref="InvalidOperationException"><see cref="KernelBackend.Native"/> was requested but is not available.</exception>
    public static ref readonly TensorSpan<float> Linear(scoped in ReadOnlyTensorSpan<float> input, scoped in ReadOnlyTensorSpan<float> weight,
        scoped in ReadOnlyTensorSpan<float> bias, in TensorSpan<float> destination, KernelBackend backend = KernelBackend.Auto)
    {
        LinearInto(input, weight, bias, hasBias: true, destination, backend);
        return ref destination;
    }

    private static Tensor<float> LinearAllocating(in ReadOnlyTensorSpan<float> input, in ReadOnlyTensorSpan<float> weight,
        in ReadOnlyTensorSpan<float> bias, bool hasBias, KernelBackend backend)
    {
        LinearGeometry geometry = ValidateLinear(input, weight, bias, hasBias);
        Tensor<float> output = Tensor.CreateFromShapeUninitialized<float>(geometry.OutputShape);
        RunLinear(geometry, DenseSpans.Read(input), DenseSpans.Read(weight),
            hasBias ? DenseSpans.Read(bias) : default, DenseSpans.Write(output.AsTensorSpan()), backend);
        return output;
    }

    private static void LinearInto(scoped in ReadOnlyTensorSpan<float> input, scoped in ReadOnlyTensorSpan<float> weight,
        scoped in ReadOnlyTensorSpan<float> bias, bool hasBias, in TensorSpan<float> destination, KernelBackend backend)
    {
        LinearGeometry geometry = ValidateLinear(input, weight, bias, hasBias);
        TensorChecks.RequireDense(destination, nameof(destination));
        TensorChecks.RequireShape(destination.Lengths, geometry.OutputShape, nameof(destination));

        ReadOnlySpan<float> x = DenseSpans.Read(input);
        ReadOnlySpan<float> w = DenseSpans.Read(weight);
        ReadOnlySpan<float> b = hasBias ? DenseSpans.Read(bias) : default;
        Span<float> y = DenseSpans.Write(destination);
        TensorChecks.RequireDisjoint<float, float>(y, x, nameof(destination), nameof(input));
        TensorChecks.RequireDisjoint<float, float>(y, w, nameof(destination), nameof(weight));
        TensorChecks.RequireDisjoint<float, float>(y, b, nameof(destination), nameof(bias));
        RunLinear(geometry, x, w, b, y, backend);
    }

    private static LinearGeometry ValidateLinear(in ReadOnlyTensorSpan<float> input, in ReadOnlyTensorSpan<float> weight,
        in ReadOnlyTensorSpan<float> bias, bool hasBias)
    {
        LinearGeometry geometry = LinearShape.Infer(input.Lengths, weight.Lengths, bias.Lengths, hasBias);
        TensorChecks.RequireDense(input, nameof(input));
        TensorChecks.RequireDense(weight, nameof(weight));
        if (hasBias)
        {
            TensorChecks.RequireDense(bias, nameof(bias));
        }
        return geometry;
    }

    private static void RunLinear(in LinearGeometry geometry, ReadOnlySpan<float> x, ReadOnlySpan<float> weight,
        ReadOnlySpan<float> bias, Span<float> y, KernelBackend backend)
    {
        bool useNative = BackendSelector.UseNative(backend);
        if (y.IsEmpty)
        {
            return;
        }
        if (useNative)
        {
            NativeLinear.Run(geometry, x, weight, bias, y);
        }
        else
        {
            ManagedLinear.Run(geometry, x, weight, bias, y);
        }
    }
}
