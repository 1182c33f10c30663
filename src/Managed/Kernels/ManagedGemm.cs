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
        // op(B) = B^T: B^T copied once makes every row of op(B) contiguous, which pays when many rows of A reuse it;
        // for a few rows (a batch-1 Linear) copying costs more than the product, so those take dot products of
        // B's rows instead. Both sum each element over k in order, unfused: the same bits.
        bool copyTransposed = transB && m >= TransposeCopyMinRows;
        float[]? transposed = copyTransposed ? ArrayPool<float>.Shared.Rent(checked(k * n)) : null;
        ReadOnlySpan<float> bRows = transposed is null ? b : Transpose(b, ldb, n, k, transposed);
        int ldbRows = transposed is null ? ldb : n;
        try
        {
            for (int i = 0; i < m; i++)
            {
                if (transB && !copyTransposed)
                {
                    RowTimesTransposed(a, lda, transA, i, k, b, ldb, sums);
                }
                else
                {
                    // Row i of op(A) times op(B): all n sums take one k step at a time, in order.
                    sums.Clear();
                    for (int p = 0; p < k; p++)
                    {
                        float aip = transA ? a[p * lda + i] : a[i * lda + p];
                        // sums[j] = opB[p, j] * aip + sums[j], unfused.
                        TensorPrimitives.MultiplyAdd(bRows.Slice(p * ldbRows, n), aip, sums, sums);
                    }
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

    // Below this many rows of A, B^T is not worth copying (see Sgemm).
    private const int TransposeCopyMinRows = 8;

    /// <summary>
    /// sums[j] = sum over p, in order, of B[j, p] * op(A)[i, p] (unfused), B stored n x k: four independent
    /// dot products at a time, so the additions' latency overlaps.
    /// </summary>
    private static void RowTimesTransposed(ReadOnlySpan<float> a, int lda, bool transA, int i, int k,
        ReadOnlySpan<float> b, int ldb, Span<float> sums)
    {
        int n = sums.Length;
        int j = 0;
        for (; j + 4 <= n; j += 4)
        {
            ReadOnlySpan<float> b0 = b.Slice(j * ldb, k), b1 = b.Slice((j + 1) * ldb, k);
            ReadOnlySpan<float> b2 = b.Slice((j + 2) * ldb, k), b3 = b.Slice((j + 3) * ldb, k);
            float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f;
            for (int p = 0; p < k; p++)
            {
                float aip = transA ? a[p * lda + i] : a[i * lda + p];
                s0 = b0[p] * aip + s0;
                s1 = b1[p] * aip + s1;
                s2 = b2[p] * aip + s2;
                s3 = b3[p] * aip + s3;
            }
            sums[j] = s0;
            sums[j + 1] = s1;
            sums[j + 2] = s2;
            sums[j + 3] = s3;
        }
        for (; j < n; j++)
        {
            ReadOnlySpan<float> bj = b.Slice(j * ldb, k);
            float s = 0f;
            for (int p = 0; p < k; p++)
            {
                s = bj[p] * (transA ? a[p * lda + i] : a[i * lda + p]) + s;
            }
            sums[j] = s;
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
