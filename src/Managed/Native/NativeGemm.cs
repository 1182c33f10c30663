using KernelLib.Interop;

namespace KernelLib;

/// <summary>Calls <c>kl_sgemm</c> with validated arguments.</summary>
internal static unsafe class NativeGemm
{
    internal static void Sgemm(bool transA, bool transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc)
    {
        var parameters = new GemmParams
        {
            TransA = transA ? 1 : 0,
            TransB = transB ? 1 : 0,
            M = m, N = n, K = k,
            Lda = lda, Ldb = ldb, Ldc = ldc,
            Alpha = alpha, Beta = beta,
        };
        fixed (float* pa = a)
        fixed (float* pb = b)
        fixed (float* pc = c)
        {
            NativeStatus.Check(NativeMethods.Sgemm(parameters, pa, a.Length, pb, b.Length, pc, c.Length));
        }
    }
}
