namespace KernelLib;

/// <summary>BLAS-style entry points on plain spans.</summary>
public static class Blas
{
    /// <summary>
    /// Row-major single-precision GEMM: <c>C[m,n] = alpha * op(A) * op(B) + beta * C</c>, with
    /// op(A) = A (stored m x k) or A^T (stored k x m), likewise B (k x n or n x k).
    /// When <paramref name="beta"/> is 0, C's previous contents are ignored, NaN included.
    /// </summary>
    /// <param name="transA">Whether A is stored transposed (k x m).</param>
    /// <param name="transB">Whether B is stored transposed (n x k).</param>
    /// <param name="m">Rows of op(A) and C; at least 0.</param>
    /// <param name="n">Columns of op(B) and C; at least 0.</param>
    /// <param name="k">Columns of op(A), rows of op(B); at least 0 (0 gives C = beta * C).</param>
    /// <param name="alpha">Scale of the product.</param>
    /// <param name="a">A's elements; at least (rows - 1) * lda + cols of them.</param>
    /// <param name="lda">A's leading dimension (row stride): at least max(1, transA ? m : k).</param>
    /// <param name="b">B's elements; at least (rows - 1) * ldb + cols of them.</param>
    /// <param name="ldb">B's leading dimension: at least max(1, transB ? k : n).</param>
    /// <param name="beta">Scale of C's previous contents.</param>
    /// <param name="c">C's elements, updated in place; must not overlap A or B.</param>
    /// <param name="ldc">C's leading dimension: at least max(1, n).</param>
    /// <param name="backend">Which implementation runs the product.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is negative or a leading dimension is too small.</exception>
    /// <exception cref="ArgumentException">A span is too short for its matrix, or C overlaps A or B.</exception>
    /// <exception cref="InvalidOperationException"><see cref="KernelBackend.Native"/> was requested but is not available.</exception>
    public static void Sgemm(bool transA, bool transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc,
        KernelBackend backend = KernelBackend.Auto)
    {
        GemmArguments.Validate(transA, transB, m, n, k, a, lda, b, ldb, c, ldc);
        bool useNative = BackendSelector.UseNative(backend);
        if (m == 0 || n == 0)
        {
            return;
        }
        if (useNative)
        {
            NativeGemm.Sgemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
        }
        else
        {
            ManagedGemm.Sgemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
        }
    }
}
