using Xunit;

namespace KernelLib.Tests;

/// <summary>
/// The backends a test can run on here: Managed always, Native when the library loaded.
/// When it did not, native tests assert the documented absence instead of passing silently.
/// </summary>
public static class TestBackends
{
    /// <summary>Environment variable that makes the loader act as if the library were absent.</summary>
    public const string DisableNativeVariable = "KERNELLIB_DISABLE_NATIVE";

    public static IReadOnlyList<KernelBackend> Available { get; } = KernelLibRuntime.IsNativeAvailable
        ? [KernelBackend.Managed, KernelBackend.Native]
        : [KernelBackend.Managed];

    public static TheoryData<KernelBackend> AvailableData
    {
        get
        {
            var data = new TheoryData<KernelBackend>();
            foreach (var backend in Available)
                data.Add(backend);
            return data;
        }
    }

    public static bool NativeDisabledByEnvironment =>
        Environment.GetEnvironmentVariable(DisableNativeVariable) == "1";

    /// <summary>
    /// True when native-vs-managed checks can run. Otherwise asserts that native is absent for
    /// the documented reason (KERNELLIB_DISABLE_NATIVE=1, with a load error and the documented
    /// InvalidOperationException on an explicit Native request) and returns false.
    /// </summary>
    public static bool NativeOrDocumentedAbsence()
    {
        if (KernelLibRuntime.IsNativeAvailable)
            return true;
        AssertNativeAbsenceIsDocumented();
        return false;
    }

    public static void AssertNativeAbsenceIsDocumented()
    {
        Assert.False(KernelLibRuntime.IsNativeAvailable);
        string? error = KernelLibRuntime.NativeLoadError;
        Assert.False(string.IsNullOrWhiteSpace(error), "NativeLoadError must say why native is unavailable");
        Assert.True(NativeDisabledByEnvironment,
            $"The native library did not load and {DisableNativeVariable}=1 is not set, so native paths " +
            $"would go untested. Build it (cmake) or set {DisableNativeVariable}=1 for a managed-only run. " +
            $"Load error: {error}");
        var ex = Assert.Throws<InvalidOperationException>(
            () => Functional.ReLU(Tensors.ReadOnly([1f, -1f], 2), KernelBackend.Native));
        Assert.Contains(error!, ex.Message);
    }

    /// <summary>"managed", or "native/avx2" etc.: appended to repro strings.</summary>
    public static string Describe(KernelBackend backend) =>
        backend == KernelBackend.Native ? "native/" + KernelLibRuntime.ActiveIsa : backend.ToString().ToLowerInvariant();
}
