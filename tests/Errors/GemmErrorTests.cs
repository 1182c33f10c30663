using Xunit;

namespace KernelLib.Tests;

/// <summary>Sgemm's validation list from API.md: sizes, leading dimensions, span extents, overlap.</summary>
[Trait("Category", "Errors")]
public sealed class GemmErrorTests
{
    public static TheoryData<KernelBackend> Backends => TestBackends.AvailableData;

    [Theory, MemberData(nameof(Backends))]
    public void NegativeSizes_Throw(KernelBackend backend)
    {
        var a = new float[64];
        var b = new float[64];
        var c = new float[64];
        Expect(() => Blas.Sgemm(false, false, -1, 4, 4, 1, a, 4, b, 4, 0, c, 4, backend), "m", -1);
        Expect(() => Blas.Sgemm(false, false, 4, -2, 4, 1, a, 4, b, 4, 0, c, 4, backend), "n", -2);
        Expect(() => Blas.Sgemm(false, false, 4, 4, -3, 1, a, 4, b, 4, 0, c, 4, backend), "k", -3);
    }

    [Theory, MemberData(nameof(Backends))]
    public void LeadingDimensionsTooSmall_Throw(KernelBackend backend)
    {
        var a = new float[256];
        var b = new float[256];
        var c = new float[256];
        // m = 3, n = 5, k = 7.
        Expect(() => Blas.Sgemm(false, false, 3, 5, 7, 1, a, 6, b, 5, 0, c, 5, backend), "lda", 6, 7);
        Expect(() => Blas.Sgemm(true, false, 3, 5, 7, 1, a, 2, b, 5, 0, c, 5, backend), "lda", 2, 3);
        Expect(() => Blas.Sgemm(false, false, 3, 5, 7, 1, a, 7, b, 4, 0, c, 5, backend), "ldb", 4, 5);
        Expect(() => Blas.Sgemm(false, true, 3, 5, 7, 1, a, 7, b, 6, 0, c, 5, backend), "ldb", 6, 7);
        Expect(() => Blas.Sgemm(false, false, 3, 5, 7, 1, a, 7, b, 5, 0, c, 4, backend), "ldc", 4, 5);
        // Leading dimensions are at least 1 even when the matrix has no columns.
        Expect(() => Blas.Sgemm(false, false, 3, 5, 0, 1, a, 0, b, 5, 0, c, 5, backend), "lda", 0);
        Expect(() => Blas.Sgemm(false, false, 3, 0, 7, 1, a, 7, b, 0, 0, c, 1, backend), "ldb", 0);
        Expect(() => Blas.Sgemm(false, false, 3, 0, 7, 1, a, 7, b, 1, 0, c, 0, backend), "ldc", 0);
    }

    [Theory, MemberData(nameof(Backends))]
    public void SpansShorterThanStridedExtent_Throw(KernelBackend backend)
    {
        // m = 3, n = 5, k = 7, lda = 9, ldb = 6, ldc = 8: extents 2*9+7 = 25, 6*6+5 = 41, 2*8+5 = 21.
        Expect(() => Blas.Sgemm(false, false, 3, 5, 7, 1, new float[24], 9, new float[41], 6, 0, new float[21], 8, backend), "a", 24, 25);
        Expect(() => Blas.Sgemm(false, false, 3, 5, 7, 1, new float[25], 9, new float[40], 6, 0, new float[21], 8, backend), "b", 40, 41);
        Expect(() => Blas.Sgemm(false, false, 3, 5, 7, 1, new float[25], 9, new float[41], 6, 1, new float[20], 8, backend), "c", 20, 21);
        // Transposed A is stored k x m: extent 6*9+3 = 57.
        Expect(() => Blas.Sgemm(true, false, 3, 5, 7, 1, new float[56], 9, new float[41], 6, 0, new float[21], 8, backend), "a", 56, 57);
        // (m - 1) * lda overflows int: the extent must be computed wider, not wrap to a small number.
        Expect(() => Blas.Sgemm(false, false, 3, 1, 1, 1, new float[4], int.MaxValue, new float[1], 1, 0, new float[3], 1, backend), "a", 4);
    }

    [Theory, MemberData(nameof(Backends))]
    public void OutputOverlappingAnInput_Throws(KernelBackend backend)
    {
        var buffer = new float[64];
        // 4x4 GEMM, all extents 16.
        ErrorAssert.Throws(() => Blas.Sgemm(false, false, 4, 4, 4, 1, buffer.AsSpan(0, 16), 4, new float[16], 4, 0, buffer.AsSpan(8, 16), 4, backend), "c");
        ErrorAssert.Throws(() => Blas.Sgemm(false, false, 4, 4, 4, 1, new float[16], 4, buffer.AsSpan(20, 16), 4, 0, buffer.AsSpan(12, 16), 4, backend), "c");
        ErrorAssert.Throws(() => Blas.Sgemm(false, false, 4, 4, 4, 1, buffer.AsSpan(0, 16), 4, new float[16], 4, 0, buffer.AsSpan(0, 16), 4, backend), "c");
    }

    private static void Expect(Action call, string paramName, params long[] values) =>
        ErrorAssert.MentionsNumbers(ErrorAssert.Throws(call, paramName), values);
}
