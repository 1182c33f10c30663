namespace KernelLib;

/// <summary>Which implementation runs an operation.</summary>
public enum KernelBackend
{
    /// <summary>The native library when it loaded (see <see cref="KernelLibRuntime.IsNativeAvailable"/>), else the managed code.</summary>
    Auto = 0,

    /// <summary>The native library; throws <see cref="InvalidOperationException"/> when it is not available.</summary>
    Native = 1,

    /// <summary>The pure managed implementation, always available.</summary>
    Managed = 2,
}
