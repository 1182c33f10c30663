using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace KernelLib.Tests;

/// <summary>Short constructors for tensor spans over test arrays, and readers of results.</summary>
public static class Tensors
{
    public static ReadOnlyTensorSpan<float> ReadOnly(float[] data, params nint[] shape) => new(data, shape);

    public static TensorSpan<float> Writable(float[] data, params nint[] shape) => new(data, shape);

    public static TensorSpan<float> Writable(Span<float> data, params nint[] shape) => new(data, shape);

    public static TensorSpan<long> Writable(long[] data, params nint[] shape) => new(data, shape);

    public static float[] ToArray(Tensor<float> tensor)
    {
        var values = new float[tensor.FlattenedLength];
        tensor.FlattenTo(values);
        return values;
    }

    public static float[] ToArray(in ReadOnlyTensorSpan<float> span)
    {
        var values = new float[span.FlattenedLength];
        span.FlattenTo(values);
        return values;
    }

    public static long[] ToArray(Tensor<long> tensor)
    {
        var values = new long[tensor.FlattenedLength];
        tensor.FlattenTo(values);
        return values;
    }

    public static nint[] Shape(Tensor<float> tensor) => tensor.Lengths.ToArray();

    public static nint[] Shape(Tensor<long> tensor) => tensor.Lengths.ToArray();

    public static long Elements(ReadOnlySpan<nint> shape)
    {
        long count = 1;
        foreach (nint d in shape)
            count *= d;
        return count;
    }

    /// <summary>True when the span's first element is the given array's first element.</summary>
    public static bool StartsAt<T>(in TensorSpan<T> span, T[] array) =>
        Unsafe.AreSame(ref TensorMarshal.GetReference(span), ref MemoryMarshal.GetArrayDataReference(array));

    public static string FormatShape(ReadOnlySpan<nint> shape) => "[" + string.Join(", ", shape.ToArray()) + "]";
}
