namespace KernelLib;

/// <summary>Small helpers for tensor shapes given as <c>ReadOnlySpan&lt;nint&gt;</c>.</summary>
internal static class Shapes
{
    /// <summary>"[2, 3, 4]", the form every message uses.</summary>
    internal static string Format(ReadOnlySpan<nint> shape) => "[" + string.Join(", ", shape.ToArray()) + "]";

    /// <summary>The number of elements, as a long so that a shape that was only described cannot overflow.</summary>
    internal static long Product(ReadOnlySpan<nint> shape)
    {
        long product = 1;
        foreach (nint length in shape)
        {
            product = checked(product * length);
        }
        return product;
    }

    /// <summary>Rejects negative lengths in a shape that a caller wrote by hand.</summary>
    internal static void RequireNonNegative(ReadOnlySpan<nint> shape, string paramName)
    {
        foreach (nint length in shape)
        {
            if (length < 0)
            {
                throw new ArgumentException($"Shape {Format(shape)} has a negative dimension.", paramName);
            }
        }
    }
}
