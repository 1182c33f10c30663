namespace KernelLib;

/// <summary>Shape rules of <c>torch.nn.functional.linear</c>, checked once before any backend runs.</summary>
internal static class LinearShape
{
    /// <summary>Validates the shapes of a Linear call and infers its geometry.</summary>
    /// <param name="input">Shape <c>[*, in]</c>, rank at least 1.</param>
    /// <param name="weight">Shape <c>[out, in]</c>.</param>
    /// <param name="bias">Shape <c>[out]</c>; ignored when <paramref name="hasBias"/> is false.</param>
    /// <param name="hasBias">Whether the call adds a bias.</param>
    internal static LinearGeometry Infer(ReadOnlySpan<nint> input, ReadOnlySpan<nint> weight, ReadOnlySpan<nint> bias, bool hasBias)
    {
        Shapes.RequireNonNegative(input, nameof(input));
        if (input.Length < 1)
        {
            throw new ArgumentException("input must have at least 1 dimension, got a 0-D tensor.", nameof(input));
        }
        if (weight.Length != 2)
        {
            throw new ArgumentException(
                $"weight must be 2-D [out_features, in_features], got shape {Shapes.Format(weight)}.", nameof(weight));
        }

        long inFeatures = input[^1];
        long batch = Shapes.Product(input[..^1]);
        long outFeatures = weight[0];
        if (inFeatures != weight[1])
        {
            // PyTorch's words: mat1 is the input as [batch, in], mat2 is W^T as [in', out].
            throw new ArgumentException(
                $"mat1 and mat2 shapes cannot be multiplied ({batch}x{inFeatures} and {weight[1]}x{outFeatures}).", nameof(input));
        }
        if (hasBias)
        {
            if (bias.Length != 1)
            {
                throw new ArgumentException(
                    $"bias must be 1-D [out_features], got shape {Shapes.Format(bias)}. " +
                    "(To write into a destination, pass it as a TensorSpan<float>, e.g. tensor.AsTensorSpan().)", nameof(bias));
            }
            if (bias[0] != outFeatures)
            {
                throw new ArgumentException($"bias has {bias[0]} elements, expected out_features={outFeatures}.", nameof(bias));
            }
        }

        nint[] outputShape = input.ToArray();
        outputShape[^1] = (nint)outFeatures;
        return new LinearGeometry(batch, inFeatures, outFeatures, outputShape);
    }
}
