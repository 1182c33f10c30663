using Xunit;

namespace KernelLib.Tests;

/// <summary>
/// Native vs managed Sgemm. Integer fills in -4..4 without 0 (power-of-two alpha/beta) make every sum
/// exact, so the two must agree exactly (threshold 0; bit for bit when k == 0, where C = beta * C); random floats are compared within
/// SumTolerance.Gemm. Sizes straddle the microkernel tiles (mr x nr up to 14x32) and the
/// cache blocks (mc 128/168, kc 192/256, nc 2048..4080). Native operands sit in guarded buffers
/// cut to the strided extent; C's row padding must survive untouched; beta == 0 runs on a C full of NaN.
/// </summary>
[Trait("Category", "Differential")]
public sealed class DifferentialGemmTests
{
    private static readonly int[] Ms = [1, 2, 3, 4, 5, 6, 7, 8, 9, 13, 14, 15, 16, 17, 28, 29, 31, 33];
    private static readonly int[] Ns = [1, 2, 3, 7, 8, 9, 15, 16, 17, 31, 32, 33, 47, 48, 49, 64, 65];
    private static readonly int[] Ks = [0, 1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 63, 64, 65, 100];
    private static readonly (float Alpha, float Beta)[] Scalings = [(1, 0), (1, 1), (2, 0.5f), (-1, 1), (0.5f, -2), (4, 0), (1, 0.25f)];

    [Fact]
    public void TileEdges_IntegerFills_ExactlyEqual()
    {
        if (!TestBackends.NativeOrDocumentedAbsence())
            return;
        var rng = new Random(8100);
        for (int i = 0; i < 700; i++)
        {
            var (alpha, beta) = Scalings[rng.Next(Scalings.Length)];
            Check(rng.Next(2) == 1, rng.Next(2) == 1, Ms[rng.Next(Ms.Length)], Ns[rng.Next(Ns.Length)], Ks[rng.Next(Ks.Length)],
                alpha, beta, padding: rng.Next(3) == 0 ? rng.Next(1, 5) : 0, integers: true, rng);
        }
    }

    [Theory]
    [InlineData(170, 70, 530)]   // m over mc, k over two kc blocks
    [InlineData(337, 40, 20)]    // m over two mc blocks
    [InlineData(3, 4100, 5)]     // n over nc
    [InlineData(45, 90, 257)]    // k one past a kc multiple
    public void CacheBlockEdges_IntegerFills_ExactlyEqual(int m, int n, int k)
    {
        if (!TestBackends.NativeOrDocumentedAbsence())
            return;
        var rng = new Random(8200 + m);
        foreach (bool transA in new[] { false, true })
        {
            foreach (bool transB in new[] { false, true })
                Check(transA, transB, m, n, k, 1, transA ? 0.5f : 0, padding: 3, integers: true, rng);
        }
    }

    [Fact]
    public void RandomFloats_WithinSumTolerance()
    {
        if (!TestBackends.NativeOrDocumentedAbsence())
            return;
        var rng = new Random(8300);
        for (int i = 0; i < 150; i++)
        {
            Check(rng.Next(2) == 1, rng.Next(2) == 1, rng.Next(1, 60), rng.Next(1, 80), rng.Next(0, 300),
                rng.NextSingle() * 4 - 2, rng.Next(2) == 0 ? 0 : rng.NextSingle() * 2 - 1, rng.Next(0, 4), integers: false, rng);
        }
    }

    [Fact]
    public void EmptyDimensions_LeaveOrScaleC()
    {
        if (!TestBackends.NativeOrDocumentedAbsence())
            return;
        var rng = new Random(8400);
        Check(false, false, 0, 5, 3, 1, 0, 0, integers: true, rng);
        Check(false, true, 4, 0, 3, 1, 1, 0, integers: true, rng);
        Check(true, false, 4, 6, 0, 2, 0.5f, 2, integers: true, rng);
        Check(true, true, 4, 6, 0, 1, 0, 0, integers: true, rng);
    }

    private static void Check(bool transA, bool transB, int m, int n, int k, float alpha, float beta, int padding, bool integers, Random rng)
    {
        int rowsA = transA ? k : m, colsA = transA ? m : k, rowsB = transB ? n : k, colsB = transB ? k : n;
        int lda = Math.Max(1, colsA + padding), ldb = Math.Max(1, colsB + padding), ldc = Math.Max(1, n + padding);
        float[] a = Operand(rowsA, colsA, lda, integers ? Fill.NonZeroIntegers : Fill.Normal, rng);
        float[] b = Operand(rowsB, colsB, ldb, integers ? Fill.NonZeroIntegers : Fill.Normal, rng);
        // C keeps zeros: beta * +0 is -0 for beta < 0, which k == 0 must reproduce bit for bit.
        float[] c = beta == 0 ? Fill.Constant(Extent(m, n, ldc), float.NaN) : Operand(m, n, ldc, integers ? (r, count) => Fill.Integers(r, count) : Fill.Normal, rng);
        string repro = Repro.Gemm(transA, transB, m, n, k, alpha, beta, lda, ldb, ldc) + (integers ? "_int" : "_randn");

        float[] expected = (float[])c.Clone();
        Blas.Sgemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, expected, ldc, KernelBackend.Managed);

        using var aBuffer = new GuardedBuffer<float>(a);
        using var bBuffer = new GuardedBuffer<float>(b);
        using var cBuffer = new GuardedBuffer<float>(c);
        Blas.Sgemm(transA, transB, m, n, k, alpha, aBuffer.Span, lda, bBuffer.Span, ldb, beta, cBuffer.Span, ldc, KernelBackend.Native);

        if (!integers)
        {
            Compare.Within(expected, cBuffer.Span, SumTolerance.Gemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc), repro.On(KernelBackend.Native));
            return;
        }
        if (k == 0)
            Compare.Exact(expected, cBuffer.Span, repro.On(KernelBackend.Native));
        else
            Compare.SameValues(expected, cBuffer.Span, repro.On(KernelBackend.Native));
        if (k > 0 && m * n >= 8)
            Compare.NotMostlyZeros(Logical(expected, m, n, ldc), repro.On(KernelBackend.Managed));
    }

    /// <summary>rows x cols values stored with leading dimension ld; the padding between rows is NaN.</summary>
    private static float[] Operand(int rows, int cols, int ld, Func<Random, long, float[]> fill, Random rng)
    {
        float[] values = Fill.Constant(Extent(rows, cols, ld), float.NaN);
        for (int r = 0; r < rows; r++)
            fill(rng, cols).CopyTo(values, r * ld);
        return values;
    }

    private static int Extent(int rows, int cols, int ld) => rows == 0 ? 0 : (rows - 1) * ld + cols;

    private static float[] Logical(float[] c, int m, int n, int ldc)
    {
        var values = new float[m * n];
        for (int i = 0; i < m; i++)
            c.AsSpan(i * ldc, n).CopyTo(values.AsSpan(i * n));
        return values;
    }
}
