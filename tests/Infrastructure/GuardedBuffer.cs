using System.Numerics.Tensors;

namespace KernelLib.Tests;

/// <summary>
/// Unmanaged memory whose last element ends exactly where an inaccessible page begins, so a
/// native kernel that reads or writes even one element past the end faults instead of passing
/// (dotnet/runtime's BoundedMemory idea). POSIX uses mmap/mprotect, Windows VirtualAlloc/VirtualProtect.
/// </summary>
public sealed unsafe class GuardedBuffer<T> : IDisposable where T : unmanaged
{
    private readonly byte* _mapping;
    private readonly nuint _mappingBytes;
    private readonly T* _data;
    private bool _disposed;

    public GuardedBuffer(ReadOnlySpan<T> contents)
    {
        Length = contents.Length;
        nuint page = (nuint)Environment.SystemPageSize;
        nuint bytes = (nuint)(contents.Length * sizeof(T));
        nuint dataPages = (bytes + page - 1) / page;
        _mappingBytes = (dataPages + 1) * page;
        _mapping = PageMemory.Map(_mappingBytes);
        PageMemory.ProtectNone(_mapping + dataPages * page, page);
        _data = (T*)(_mapping + dataPages * page - bytes);
        contents.CopyTo(Span);
    }

    public int Length { get; }

    public Span<T> Span => new(_data, Length);

    public TensorSpan<T> AsTensorSpan(params nint[] shape) => new(_data, Length, shape);

    public ReadOnlyTensorSpan<T> AsReadOnlyTensorSpan(params nint[] shape) => new(_data, Length, shape);

    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        PageMemory.Unmap(_mapping, _mappingBytes);
    }
}
