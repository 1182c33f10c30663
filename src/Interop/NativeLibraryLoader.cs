using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Runtime.InteropServices;

namespace KernelLib.Interop;

/// <summary>
/// Finds the native library once per process: probes the runtimes/&lt;rid&gt;/native layouts, then the
/// default search, and accepts a library only if its ABI version matches <see cref="NativeMethods.AbiVersion"/>.
/// Every P/Invoke of this assembly resolves to the handle found here.
/// </summary>
internal static unsafe class NativeLibraryLoader
{
    private const string DisableVariable = "KERNELLIB_DISABLE_NATIVE";

    private static readonly Lazy<LoadResult> s_result = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>True when the library loaded and its ABI version matched.</summary>
    internal static bool IsAvailable => s_result.Value.Handle != 0;

    /// <summary>Why the library is not available (the RID and every path tried); null when it is.</summary>
    internal static string? LoadError => s_result.Value.Error;

    /// <summary>Routes this assembly's P/Invokes to the library found here; called once, by NativeMethods' static constructor.</summary>
    internal static void RegisterResolver() =>
        NativeLibrary.SetDllImportResolver(typeof(NativeLibraryLoader).Assembly, Resolve);

    private static nint Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath) =>
        libraryName == NativeMethods.LibraryName ? s_result.Value.Handle : 0;

    private static LoadResult Load()
    {
        string? disable = Environment.GetEnvironmentVariable(DisableVariable);
        if (disable == "1" || string.Equals(disable, "true", StringComparison.OrdinalIgnoreCase))
        {
            return new LoadResult(0, $"the native library is disabled by {DisableVariable}={disable}");
        }

        string rid = RuntimeIdentifier();
        var tried = new List<string>();
        foreach (string path in CandidatePaths(rid))
        {
            if (!File.Exists(path))
            {
                tried.Add($"{path} (not found)");
                continue;
            }
            try
            {
                nint handle = NativeLibrary.Load(path);
                if (TryAccept(handle, path, tried))
                {
                    return new LoadResult(handle, null);
                }
            }
            catch (Exception e) when (e is DllNotFoundException or BadImageFormatException)
            {
                tried.Add($"{path} ({e.Message})");
            }
        }

        if (NativeLibrary.TryLoad(NativeMethods.LibraryName, typeof(NativeLibraryLoader).Assembly, null, out nint found))
        {
            if (TryAccept(found, $"'{NativeMethods.LibraryName}' from the default search", tried))
            {
                return new LoadResult(found, null);
            }
        }
        else
        {
            tried.Add($"'{NativeMethods.LibraryName}' in the default search paths (not found)");
        }

        return new LoadResult(0,
            $"KernelLib native library '{LibraryFileName()}' could not be loaded for RID {rid}; tried: {string.Join("; ", tried)}");
    }

    // Calls kl_abi_version through a function pointer: a P/Invoke here would re-enter the resolver.
    private static bool TryAccept(nint handle, string where, List<string> tried)
    {
        if (!NativeLibrary.TryGetExport(handle, "kl_abi_version", out nint export))
        {
            tried.Add($"{where} (no kl_abi_version export)");
            NativeLibrary.Free(handle);
            return false;
        }
        int version = ((delegate* unmanaged<int>)export)();
        if (version != NativeMethods.AbiVersion)
        {
            tried.Add($"{where} (ABI version {version}, expected {NativeMethods.AbiVersion})");
            NativeLibrary.Free(handle);
            return false;
        }
        return true;
    }

    private static IEnumerable<string> CandidatePaths(string rid)
    {
        string file = LibraryFileName();
        var paths = new List<string> { Path.Combine(AppContext.BaseDirectory, "runtimes", rid, "native", file) };
        string? assemblyDirectory = AssemblyDirectory();
        if (assemblyDirectory is not null)
        {
            paths.Add(Path.Combine(assemblyDirectory, "runtimes", rid, "native", file));
            paths.Add(Path.Combine(assemblyDirectory, file));
        }
        return paths.Select(Path.GetFullPath).Distinct(StringComparer.Ordinal);
    }

    [UnconditionalSuppressMessage("SingleFile", "IL3000",
        Justification = "Assembly.Location is empty in single-file apps; that case is skipped and AppContext.BaseDirectory is probed instead.")]
    private static string? AssemblyDirectory()
    {
        string location = typeof(NativeLibraryLoader).Assembly.Location;
        return string.IsNullOrEmpty(location) ? null : Path.GetDirectoryName(location);
    }

    private static string RuntimeIdentifier()
    {
        string os = OperatingSystem.IsWindows() ? "win"
            : OperatingSystem.IsMacOS() ? "osx"
            : OperatingSystem.IsLinux() ? "linux"
            : RuntimeInformation.OSDescription.ToLowerInvariant();
        string arch = RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.X64 => "x64",
            Architecture.Arm64 => "arm64",
            var other => other.ToString().ToLowerInvariant(),
        };
        return $"{os}-{arch}";
    }

    private static string LibraryFileName() =>
        OperatingSystem.IsWindows() ? "kernellib.dll"
        : OperatingSystem.IsMacOS() ? "libkernellib.dylib"
        : "libkernellib.so";

    private readonly record struct LoadResult(nint Handle, string? Error);
}
