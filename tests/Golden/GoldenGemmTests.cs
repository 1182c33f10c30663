using System.Text.Json;
using Xunit;
using static KernelLib.Tests.GoldenFixtures;

namespace KernelLib.Tests;

/// <summary>
/// Sgemm against torch.addmm (tests/fixtures/gemm.json). A, B and C sit in guarded buffers cut to
/// the strided extent, so reading past any of them faults. Padding between rows holds NaN and
/// must neither leak into C nor be overwritten. Integer cases are exact; random ones are
/// compared within SumTolerance.Gemm (2 * (k + 2) * 2^-24 * (|alpha| sum|a*b| + |beta*c|)).
/// </summary>
[Trait("Category", "Golden")]
public sealed class GoldenGemmTests
{
    public static TheoryData<KernelBackend, string> Cases => BackendsTimesCases("gemm");

    [Theory, MemberData(nameof(Cases))]
    public void Sgemm_MatchesTorchAddmm(KernelBackend backend, string name)
    {
        JsonElement c = GoldenFixtures.Cases("gemm")[name];
        bool transA = c.GetProperty("trans_a").GetBoolean(), transB = c.GetProperty("trans_b").GetBoolean();
        int m = c.GetProperty("m").GetInt32(), n = c.GetProperty("n").GetInt32(), k = c.GetProperty("k").GetInt32();
        int lda = c.GetProperty("lda").GetInt32(), ldb = c.GetProperty("ldb").GetInt32(), ldc = c.GetProperty("ldc").GetInt32();
        float alpha = Float(c.GetProperty("alpha")), beta = Float(c.GetProperty("beta"));
        float[] a = Floats(c.GetProperty("a")), b = Floats(c.GetProperty("b")), cInitial = Floats(c.GetProperty("c"));
        float[] expected = Floats(c.GetProperty("expected"));

        using var aBuffer = new GuardedBuffer<float>(a);
        using var bBuffer = new GuardedBuffer<float>(b);
        using var cBuffer = new GuardedBuffer<float>(cInitial);
        Blas.Sgemm(transA, transB, m, n, k, alpha, aBuffer.Span, lda, bBuffer.Span, ldb, beta, cBuffer.Span, ldc, backend);

        string repro = name.On(backend);
        if (k == 0)
        {
            // Documented: C = beta * C, bit for bit (beta * +0 is -0 for beta < 0, as in torch and BLAS).
            Compare.Exact(expected, cBuffer.Span, repro);
            return;
        }
        if (c.GetProperty("exact").GetBoolean())
        {
            Compare.SameValues(expected, cBuffer.Span, repro);
            return;
        }
        var tolerance = SumTolerance.Gemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, cInitial, ldc);
        Compare.Within(expected, cBuffer.Span, tolerance, repro);
    }
}
