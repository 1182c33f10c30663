using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace KernelLib;

/// <summary>Checks shared by every op: density, destination shapes and memory overlap.</summary>
internal static class TensorChecks
{
    /// <summary>Rejects strided (non-dense) tensors; an empty tensor has no layout to get wrong.</summary>
    internal static void RequireDense<T>(in ReadOnlyTensorSpan<T> tensor, string paramName)
    {
        if (!tensor.IsDense && tensor.FlattenedLength != 0)
        {
            throw new ArgumentException(
                $"{paramName} must be dense (contiguous), but has shape {Shapes.Format(tensor.Lengths)} " +
                $"with strides {Shapes.Format(tensor.Strides)}; copy it into a new tensor first.", paramName);
        }
    }

    /// <inheritdoc cref="RequireDense{T}(in ReadOnlyTensorSpan{T}, string)"/>
    internal static void RequireDense<T>(in TensorSpan<T> tensor, string paramName) =>
        RequireDense((ReadOnlyTensorSpan<T>)tensor, paramName);

    /// <summary>Requires a tensor (a destination, a replacement parameter) to have exactly the expected shape.</summary>
    internal static void RequireShape(ReadOnlySpan<nint> actual, ReadOnlySpan<nint> expected, string paramName)
    {
        if (!actual.SequenceEqual(expected))
        {
            throw new ArgumentException(
                $"{paramName} has shape {Shapes.Format(actual)}, expected {Shapes.Format(expected)}.", paramName);
        }
    }

    /// <summary>Rejects an output that shares any byte with an input the op is still reading.</summary>
    internal static void RequireDisjoint<TOut, TIn>(ReadOnlySpan<TOut> output, ReadOnlySpan<TIn> input, string paramName, string inputName)
        where TOut : struct
        where TIn : struct
    {
        if (MemoryMarshal.AsBytes(output).Overlaps(MemoryMarshal.AsBytes(input)))
        {
            throw new ArgumentException($"{paramName} overlaps {inputName}; use separate memory.", paramName);
        }
    }

    /// <summary>Allows an elementwise op to run in place (same start) but rejects any partial overlap.</summary>
    internal static void RequireSameOrDisjoint(ReadOnlySpan<float> output, ReadOnlySpan<float> input, string paramName, string inputName)
    {
        if (output.Overlaps(input, out int offset) && offset != 0)
        {
            throw new ArgumentException(
                $"{paramName} overlaps {inputName} at an offset of {offset} elements; it may only be the same memory (in place) or separate memory.",
                paramName);
        }
    }
}
