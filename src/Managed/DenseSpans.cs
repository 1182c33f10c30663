using System.Diagnostics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace KernelLib;

/// <summary>The flat memory behind a dense tensor span, for kernels that work on plain spans.</summary>
internal static class DenseSpans
{
    /// <summary>The elements of a dense tensor in row-major order; check density first.</summary>
    internal static ReadOnlySpan<T> Read<T>(in ReadOnlyTensorSpan<T> tensor)
    {
        Debug.Assert(tensor.IsDense || tensor.FlattenedLength == 0);
        return MemoryMarshal.CreateReadOnlySpan(in TensorMarshal.GetReference(in tensor), checked((int)tensor.FlattenedLength));
    }

    /// <inheritdoc cref="Read{T}(in ReadOnlyTensorSpan{T})"/>
    internal static Span<T> Write<T>(in TensorSpan<T> tensor)
    {
        Debug.Assert(tensor.IsDense || tensor.FlattenedLength == 0);
        return MemoryMarshal.CreateSpan(ref TensorMarshal.GetReference(in tensor), checked((int)tensor.FlattenedLength));
    }
}
