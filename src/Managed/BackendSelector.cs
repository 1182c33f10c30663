using KernelLib.Interop;

namespace KernelLib;

/// <summary>Resolves a requested <see cref="KernelBackend"/> to the implementation that runs; no global state besides the one-time notice.</summary>
internal static class BackendSelector
{
    private static int s_fallbackNoticeShown;

    /// <summary>True when the native library should run the call.</summary>
    internal static bool UseNative(KernelBackend backend) => backend switch
    {
        KernelBackend.Managed => false,
        KernelBackend.Native => NativeLibraryLoader.IsAvailable
            ? true
            : throw new InvalidOperationException(
                $"The native backend was requested but is not available: {NativeLibraryLoader.LoadError}"),
        KernelBackend.Auto => NativeLibraryLoader.IsAvailable || FallBackToManaged(),
        _ => throw new ArgumentOutOfRangeException(nameof(backend), backend, $"Unknown KernelBackend value {(int)backend}."),
    };

    /// <summary>Throws unless <paramref name="backend"/> is a defined <see cref="KernelBackend"/> value.</summary>
    internal static void RequireDefined(KernelBackend backend, string paramName)
    {
        if (!Enum.IsDefined(backend))
        {
            throw new ArgumentOutOfRangeException(paramName, backend, $"Unknown KernelBackend value {(int)backend}.");
        }
    }

    // Auto silently using managed code would hide a broken deployment; say so once per process.
    private static bool FallBackToManaged()
    {
        if (Interlocked.Exchange(ref s_fallbackNoticeShown, 1) == 0)
        {
            Console.Error.WriteLine($"KernelLib: using the managed backend ({NativeLibraryLoader.LoadError}).");
        }
        return false;
    }
}
