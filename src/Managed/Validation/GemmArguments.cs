namespace KernelLib;

/// <summary>BLAS sgemm argument rules, checked before any backend runs.</summary>
internal static class GemmArguments
{
    /// <summary>Validates sizes, leading dimensions, span extents and C's independence from A and B.</summary>
    internal static void Validate(bool transA, bool transB, int m, int n, int k,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, ReadOnlySpan<float> c, int ldc)
    {
        RequireNonNegative(m, nameof(m));
        RequireNonNegative(n, nameof(n));
        RequireNonNegative(k, nameof(k));

        // Stored shapes: A is m x k (k x m when transposed), B is k x n (n x k), C is m x n.
        (int aRows, int aCols) = transA ? (k, m) : (m, k);
        (int bRows, int bCols) = transB ? (n, k) : (k, n);
        RequireLeadingDimension(lda, aCols, nameof(lda), transA ? "m" : "k");
        RequireLeadingDimension(ldb, bCols, nameof(ldb), transB ? "k" : "n");
        RequireLeadingDimension(ldc, n, nameof(ldc), "n");

        RequireExtent(a.Length, aRows, aCols, lda, nameof(a));
        RequireExtent(b.Length, bRows, bCols, ldb, nameof(b));
        RequireExtent(c.Length, m, n, ldc, nameof(c));

        TensorChecks.RequireDisjoint(c, a, nameof(c), nameof(a));
        TensorChecks.RequireDisjoint(c, b, nameof(c), nameof(b));
    }

    private static void RequireNonNegative(int size, string paramName)
    {
        if (size < 0)
        {
            throw new ArgumentOutOfRangeException(paramName, size, $"{paramName} must be non-negative, got {size}.");
        }
    }

    private static void RequireLeadingDimension(int ld, int columns, string paramName, string columnsName)
    {
        int minimum = Math.Max(1, columns);
        if (ld < minimum)
        {
            throw new ArgumentOutOfRangeException(paramName, ld,
                $"{paramName} must be at least max(1, {columnsName}) = {minimum}, got {ld}.");
        }
    }

    private static void RequireExtent(int length, int rows, int columns, int ld, string paramName)
    {
        long required = rows == 0 || columns == 0 ? 0 : (long)(rows - 1) * ld + columns;
        if (length < required)
        {
            throw new ArgumentException(
                $"{paramName} has {length} elements, but a {rows}x{columns} matrix with leading dimension {ld} " +
                $"needs (rows-1)*ld + cols = {required}.", paramName);
        }
    }
}
