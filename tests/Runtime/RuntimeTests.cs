using Xunit;

namespace KernelLib.Tests;

/// <summary>KernelLibRuntime: what loaded, which ISA runs, and the documented failure when native is absent.</summary>
[Trait("Category", "Runtime")]
public sealed class RuntimeTests
{
    private static readonly string[] NativeIsas = ["scalar", "avx2", "avx512", "neon"];

    [Fact]
    public void ActiveIsa_IsAKnownName()
    {
        Assert.Contains(KernelLibRuntime.ActiveIsa, NativeIsas.Append("managed"));
    }

    [Fact]
    public void NativeState_IsConsistent()
    {
        if (!TestBackends.NativeOrDocumentedAbsence())
        {
            Assert.Equal("managed", KernelLibRuntime.ActiveIsa);
            Assert.Empty(KernelLibRuntime.SupportedIsas);
            return;
        }
        Assert.Null(KernelLibRuntime.NativeLoadError);
        Assert.Contains("scalar", KernelLibRuntime.SupportedIsas);
        Assert.All(KernelLibRuntime.SupportedIsas, isa => Assert.Contains(isa, NativeIsas));
        Assert.Contains(KernelLibRuntime.ActiveIsa, KernelLibRuntime.SupportedIsas);
        Assert.True(KernelLibRuntime.NumThreads >= 1);
    }

    [Fact]
    public void RequestedIsa_IsTheActiveOneWhenSupported()
    {
        if (!TestBackends.NativeOrDocumentedAbsence())
            return;
        string? requested = Environment.GetEnvironmentVariable("KERNELLIB_ISA");
        if (string.IsNullOrEmpty(requested))
        {
            // Unforced, the best path wins: the last of the supported list, which is ordered upwards.
            Assert.Equal(KernelLibRuntime.SupportedIsas[^1], KernelLibRuntime.ActiveIsa);
            return;
        }
        string expected = KernelLibRuntime.SupportedIsas.Contains(requested) ? requested : KernelLibRuntime.SupportedIsas[^1];
        Assert.Equal(expected, KernelLibRuntime.ActiveIsa);
    }

    [Fact]
    public void ExplicitNativeRequest_WithoutNative_ThrowsInvalidOperation()
    {
        if (KernelLibRuntime.IsNativeAvailable)
        {
            // The same request succeeds when native loaded.
            Assert.Equal([0f, 1f], Tensors.ToArray(Functional.ReLU(Tensors.ReadOnly([-1f, 1f], 2), KernelBackend.Native)));
            return;
        }
        TestBackends.AssertNativeAbsenceIsDocumented();
        var ex = Assert.Throws<InvalidOperationException>(() =>
            Blas.Sgemm(false, false, 1, 1, 1, 1, new float[1], 1, new float[1], 1, 0, new float[1], 1, KernelBackend.Native));
        Assert.Contains(KernelLibRuntime.NativeLoadError!, ex.Message);
    }

    [Fact]
    public void AutoBackend_AgreesWithTheExplicitOne()
    {
        float[] x = Fill.Normal(new Random(71), 50);
        var auto = Tensors.ToArray(Functional.ReLU(Tensors.ReadOnly(x, 50)));
        var chosen = KernelLibRuntime.IsNativeAvailable ? KernelBackend.Native : KernelBackend.Managed;
        Compare.Exact(Tensors.ToArray(Functional.ReLU(Tensors.ReadOnly(x, 50), chosen)), auto, "n50 auto".On(chosen));
    }
}
