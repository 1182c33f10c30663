using System.Buffers;
using System.Numerics.Tensors;

namespace KernelLib;

/// <summary>The reference GEMM: row-major BLAS sgemm, written to be obviously right.</summary>
internal static class ManagedGemm
{
    /// <summary>
    /// C = alpha * op(A) op(B) + beta * C. Each C element is summed over k in order, starting from 0, then
    /// scaled; beta == 0 never reads C. Arguments must already be validated.
    /// </summary>
    internal static void Sgemm(bool transA, bool transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc)
    {
        if (m == 0 || n == 0)
        {
            return;
        }
        if (k == 0)
        {
            // An empty product adds nothing (alpha * 0 could flip the sign of a zero): C = beta * C, as BLAS defines it.
            for (int i = 0; i < m; i++)
            {
                Span<float> row = c.Slice(i * ldc, n);
                if (beta == 0f)
                {
                    row.Clear();
                }
                else
                {
                    TensorPrimitives.Multiply(row, beta, row);
                }
            }
            return;
        }
        float[] rented = ArrayPool<float>.Shared.Rent(n);
        Span<float> sums = rented.AsSpan(0, n);
        // op(B) as k contiguous rows of n: B itself, or B^T copied once so every row is contiguous too.
        float[]? transposed = transB ? ArrayPool<float>.Shared.Rent(checked(k * n)) : null;
        ReadOnlySpan<float> bRows = transposed is null ? b : Transpose(b, ldb, n, k, transposed);
        int ldbRows = transposed is null ? ldb : n;
        try
        {
            for (int i = 0; i < m; i++)
            {
                // Row i of op(A) times op(B): all n sums take one k step at a time, in order.
                sums.Clear();
                for (int p = 0; p < k; p++)
                {
                    float aip = transA ? a[p * lda + i] : a[i * lda + p];
                    // sums[j] = opB[p, j] * aip + sums[j], unfused.
                    TensorPrimitives.MultiplyAdd(bRows.Slice(p * ldbRows, n), aip, sums, sums);
                }

                Span<float> cRow = c.Slice(i * ldc, n);
                if (beta == 0f)
                {
                    TensorPrimitives.Multiply(sums, alpha, cRow);
                }
                else
                {
                    for (int j = 0; j < n; j++)
                    {
                        cRow[j] = alpha * sums[j] + beta * cRow[j];
                    }
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(rented);
            if (transposed is not null)
            {
                ArrayPool<float>.Shared.Return(transposed);
            }
        }
    }

    /// <summary>Writes the n x k matrix <paramref name="b"/> (row stride ldb) transposed, as k x n, into <paramref name="destination"/>.</summary>
    private static ReadOnlySpan<float> Transpose(ReadOnlySpan<float> b, int ldb, int n, int k, float[] destination)
    {
        for (int j = 0; j < n; j++)
        {
            for (int p = 0; p < k; p++)
            {
                destination[p * n + j] = b[j * ldb + p];
            }
        }
        return destination.AsSpan(0, k * n);
    }
}
