using System.Runtime.InteropServices;
using KernelLib.Interop;

namespace KernelLib;

/// <summary>What the process is running on: the native library's state, its instruction set and its threads.</summary>
public static class KernelLibRuntime
{
    /// <summary>True when the native library loaded and its ABI version matched this assembly's.</summary>
    public static bool IsNativeAvailable => NativeLibraryLoader.IsAvailable;

    /// <summary>Why the native library is not available (names the RID and the paths tried); null when it is.</summary>
    public static string? NativeLoadError => NativeLibraryLoader.LoadError;

    /// <summary>The native instruction-set path in use ("scalar", "avx2", "avx512", "neon"), or "managed" without the native library.</summary>
    public static string ActiveIsa => IsNativeAvailable ? IsaName(NativeMethods.Isa()) : "managed";

    /// <summary>The native instruction-set paths this machine can run, from the reference upwards; empty without the native library.</summary>
    public static IReadOnlyList<string> SupportedIsas
    {
        get
        {
            if (!IsNativeAvailable)
            {
                return [];
            }
            var names = new List<string>();
            for (int isa = 0; isa < (int)InstructionSet.Count; isa++)
            {
                if (NativeMethods.IsaSupported(isa) != 0)
                {
                    names.Add(IsaName(isa));
                }
            }
            return names;
        }
    }

    /// <summary>
    /// Threads the native library uses for every op (at least 1). Results are bitwise identical for every count.
    /// Without the native library the managed code is single-threaded: the getter returns 1 and the setter
    /// validates its value but has no effect.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
    public static int NumThreads
    {
        get => IsNativeAvailable ? NativeMethods.GetNumThreads() : 1;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            if (IsNativeAvailable)
            {
                NativeStatus.Check(NativeMethods.SetNumThreads(value));
            }
        }
    }

    private static unsafe string IsaName(int isa) => Marshal.PtrToStringUTF8((nint)NativeMethods.IsaName(isa)) ?? "unknown";
}
