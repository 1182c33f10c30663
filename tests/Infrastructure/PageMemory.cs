using System.Runtime.InteropServices;

namespace KernelLib.Tests;

/// <summary>Page-granular allocation through the OS, resolved at run time from the C library or kernel32.</summary>
internal static unsafe class PageMemory
{
    private static readonly nint Library = NativeLibrary.Load(
        OperatingSystem.IsWindows() ? "kernel32.dll" : OperatingSystem.IsMacOS() ? "/usr/lib/libSystem.dylib" : "libc.so.6");

    public static byte* Map(nuint bytes)
    {
        if (OperatingSystem.IsWindows())
        {
            const uint MemCommitReserve = 0x1000 | 0x2000, PageReadWrite = 0x04;
            var virtualAlloc = (delegate* unmanaged<void*, nuint, uint, uint, void*>)Export("VirtualAlloc");
            void* p = virtualAlloc(null, bytes, MemCommitReserve, PageReadWrite);
            return p != null ? (byte*)p : throw new OutOfMemoryException("VirtualAlloc failed");
        }
        const int ProtReadWrite = 0x1 | 0x2, MapPrivate = 0x02;
        int mapAnonymous = OperatingSystem.IsLinux() ? 0x20 : 0x1000;
        var mmap = (delegate* unmanaged<void*, nuint, int, int, int, nint, void*>)Export("mmap");
        void* mapping = mmap(null, bytes, ProtReadWrite, MapPrivate | mapAnonymous, -1, 0);
        return mapping != (void*)-1 ? (byte*)mapping : throw new OutOfMemoryException("mmap failed");
    }

    public static void ProtectNone(byte* address, nuint bytes)
    {
        bool ok;
        if (OperatingSystem.IsWindows())
        {
            const uint PageNoAccess = 0x01;
            uint old;
            var virtualProtect = (delegate* unmanaged<void*, nuint, uint, uint*, int>)Export("VirtualProtect");
            ok = virtualProtect(address, bytes, PageNoAccess, &old) != 0;
        }
        else
        {
            var mprotect = (delegate* unmanaged<void*, nuint, int, int>)Export("mprotect");
            ok = mprotect(address, bytes, 0) == 0;
        }
        if (!ok)
            throw new InvalidOperationException("Could not protect the guard page");
    }

    public static void Unmap(byte* address, nuint bytes)
    {
        if (OperatingSystem.IsWindows())
        {
            const uint MemRelease = 0x8000;
            var virtualFree = (delegate* unmanaged<void*, nuint, uint, int>)Export("VirtualFree");
            virtualFree(address, 0, MemRelease);
        }
        else
        {
            var munmap = (delegate* unmanaged<void*, nuint, int>)Export("munmap");
            munmap(address, bytes);
        }
    }

    private static nint Export(string name) => NativeLibrary.GetExport(Library, name);
}
