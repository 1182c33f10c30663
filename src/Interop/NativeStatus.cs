using System.Runtime.InteropServices;

namespace KernelLib.Interop;

/// <summary>Turns a non-OK <see cref="Status"/> into an exception carrying <c>kl_last_error()</c>'s text.</summary>
internal static unsafe class NativeStatus
{
    internal static void Check(Status status)
    {
        if (status == Status.Ok)
        {
            return;
        }
        string message = $"KernelLib native call failed ({status}): {LastError()}";
        throw status switch
        {
            Status.InvalidArgument => new ArgumentException(message),
            Status.OutOfMemory => new OutOfMemoryException(message),
            _ => new InvalidOperationException(message),
        };
    }

    private static string LastError() => Marshal.PtrToStringUTF8((nint)NativeMethods.LastError()) ?? "";
}
