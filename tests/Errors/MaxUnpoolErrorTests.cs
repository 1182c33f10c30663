using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using Xunit;

namespace KernelLib.Tests;

/// <summary>
/// MaxUnpool1d/2d/3d validation on every available backend: parameters, ranks, indices shapes, PyTorch's
/// output_size rule and words, and an invalid index reported the same way by both backends without writing
/// outside the destination.
/// </summary>
[Trait("Category", "Errors")]
public sealed class MaxUnpoolErrorTests
{
    public static TheoryData<KernelBackend> Backends => TestBackends.AvailableData;

    // A [1, 2, 2, 2] input with valid indices for a 2x2 / stride 2 unpool to 4x4.
    private static readonly float[] X = [1, 2, 3, 4, 5, 6, 7, 8];
    private static readonly long[] I = [0, 3, 8, 15, 5, 6, 9, 12];

    private static ReadOnlyTensorSpan<float> Input(params nint[] shape) => Tensors.ReadOnly(X[..(int)Tensors.Elements(shape)], shape);

    private static ReadOnlyTensorSpan<long> Indices(params nint[] shape) => new(I[..(int)Tensors.Elements(shape)], shape);

    [Theory, MemberData(nameof(Backends))]
    public void NonPositiveKernelOrStride_NegativePadding_Throw(KernelBackend backend)
    {
        ErrorAssert.Throws(() => Functional.MaxUnpool2d(Input(1, 2, 2, 2), Indices(1, 2, 2, 2), (0, 2), backend: backend),
            "kernelSize", "kernel_size should be greater than zero", "(0, 2)");
        ErrorAssert.Throws(() => Functional.MaxUnpool1d(Input(1, 2, 4), Indices(1, 2, 4), -1, backend: backend),
            "kernelSize", "(-1,)");
        ErrorAssert.Throws(() => Functional.MaxUnpool3d(Input(1, 1, 2, 2, 2), Indices(1, 1, 2, 2, 2), 2, stride: (1, 0, 1), backend: backend),
            "stride", "stride should be greater than zero", "(1, 0, 1)");
        ErrorAssert.Throws(() => Functional.MaxUnpool2d(Input(1, 2, 2, 2), Indices(1, 2, 2, 2), 2, padding: (0, -1), backend: backend),
            "padding", "pad must be non-negative", "(0, -1)");
        ErrorAssert.Throws(() => new NN.MaxUnpool2d(0), "kernelSize");
        ErrorAssert.Throws(() => new NN.MaxUnpool1d(2, stride: 0), "stride");
        ErrorAssert.Throws(() => new NN.MaxUnpool3d(2, padding: -1), "padding");
    }

    [Theory, MemberData(nameof(Backends))]
    public void PaddingLeavingNoOutput_Throws(KernelBackend backend)
    {
        // (2 - 1) * 1 - 2 * 1 + 1 = 0: PyTorch would fail on the first index; rejected up front.
        ErrorAssert.Throws(() => Functional.MaxUnpool2d(Input(1, 2, 2, 2), Indices(1, 2, 2, 2), 1, padding: 1, backend: backend),
            "padding", "must be positive");
    }

    [Theory, MemberData(nameof(Backends))]
    public void WrongRank_Throws(KernelBackend backend)
    {
        ErrorAssert.Throws(() => Functional.MaxUnpool2d(Input(2, 4), Indices(2, 4), 2, backend: backend), "input",
            "Input to max_unpooling2d should be a 3d or 4d Tensor, but got a tensor with 2 dimensions.");
        ErrorAssert.Throws(() => Functional.MaxUnpool2d(Input(1, 1, 2, 2, 2), Indices(1, 1, 2, 2, 2), 2, backend: backend), "input",
            "should be a 3d or 4d Tensor, but got a tensor with 5 dimensions.");
        ErrorAssert.Throws(() => Functional.MaxUnpool3d(Input(2, 2, 2), Indices(2, 2, 2), 2, backend: backend), "input",
            "Input to max_unpooling3d should be a 4d or 5d Tensor, but got a tensor with 3 dimensions.");
        ErrorAssert.Throws(() => Functional.MaxUnpool1d(Input(8), Indices(8), 2, backend: backend), "input",
            "should be a 2d or 3d Tensor, but got a tensor with 1 dimensions.");
        ErrorAssert.Throws(() => Functional.MaxUnpool1d(Input(1, 2, 2, 2), Indices(1, 2, 2, 2), 2, backend: backend), "input",
            "should be a 2d or 3d Tensor");
    }

    [Theory, MemberData(nameof(Backends))]
    public void IndicesShapeDifferentFromInput_Throws(KernelBackend backend)
    {
        ErrorAssert.Throws(() => Functional.MaxUnpool2d(Input(1, 2, 2, 2), Indices(1, 2, 1, 2), 2, backend: backend), "indices",
            "Expected shape of indices to be same as that of the input tensor ([1, 2, 2, 2]) but got indices tensor with shape: [1, 2, 1, 2]");
        ErrorAssert.Throws(() => Functional.MaxUnpool1d(Input(2, 4), Indices(2, 2, 2), 2, backend: backend), "indices",
            "Expected shape of indices to be same as that of the input tensor");
        ErrorAssert.Throws(() => Functional.MaxUnpool3d(Input(1, 1, 2, 2, 2), Indices(1, 2, 2, 2), 2, backend: backend), "indices");
    }

    [Theory, MemberData(nameof(Backends))]
    public void EmptyNonBatchDimension_Throws(KernelBackend backend)
    {
        ErrorAssert.Throws(() => Functional.MaxUnpool2d(Tensors.ReadOnly([], 1, 1, 0, 2), new ReadOnlyTensorSpan<long>(Array.Empty<long>(), [1, 1, 0, 2]), 2,
            backend: backend), "input", "Expected input to have non-zero size for non-batch dimensions, but got [1, 1, 0, 2] with dimension 2 being empty.");
        ErrorAssert.Throws(() => Functional.MaxUnpool1d(Tensors.ReadOnly([], 2, 0, 3), new ReadOnlyTensorSpan<long>(Array.Empty<long>(), [2, 0, 3]), 2,
            backend: backend), "input", "dimension 1 being empty");
        // An empty batch is fine.
        var empty = Functional.MaxUnpool3d(Tensors.ReadOnly([], 0, 2, 1, 2, 2), new ReadOnlyTensorSpan<long>(Array.Empty<long>(), [0, 2, 1, 2, 2]), 2, backend: backend);
        Assert.Equal([0, 2, 2, 4, 4], Tensors.Shape(empty));
    }

    [Theory, MemberData(nameof(Backends))]
    public void OutputSizeOutsidePyTorchsRange_Throws(KernelBackend backend)
    {
        // Default 4 per dimension, stride 2: PyTorch accepts 3, 4 and 5 (strictly between 2 and 6).
        foreach (Size2 bad in new Size2[] { (6, 5), (2, 4), (4, 6), (4, 2), (0, 0) })
        {
            var ex = ErrorAssert.Throws(() => Functional.MaxUnpool2d(Input(1, 2, 2, 2), Indices(1, 2, 2, 2), 2, outputSize: bad, backend: backend),
                "outputSize", $"invalid output_size \"({bad.Height}, {bad.Width})\"", "must be between 2 and 6");
            Assert.Contains(bad.Height is < 3 or > 5 ? "dim 0" : "dim 1", ex.Message);
        }
        foreach (Size2 good in new Size2[] { (3, 5), (5, 5), (5, 4) })
        {
            var y = Functional.MaxUnpool2d(Input(1, 2, 2, 2), new ReadOnlyTensorSpan<long>([0, 1, 4, 5, 2, 3, 6, 7], [1, 2, 2, 2]), 2,
                outputSize: good, backend: backend);
            Assert.Equal([1, 2, good.Height, good.Width], Tensors.Shape(y));
        }
        ErrorAssert.Throws(() => Functional.MaxUnpool1d(Input(1, 2, 4), Indices(1, 2, 4), 2, outputSize: 10, backend: backend),
            "outputSize", "invalid output_size \"(10,)\" (dim 0 must be between 6 and 10)");
        ErrorAssert.Throws(() => Functional.MaxUnpool1d(Input(1, 2, 4), Indices(1, 2, 4), 2, outputSize: 6, backend: backend),
            "outputSize", "(dim 0 must be between 6 and 10)");
        ErrorAssert.Throws(() => Functional.MaxUnpool3d(Input(1, 1, 2, 2, 2), Indices(1, 1, 2, 2, 2), 2, outputSize: (4, 4, 2), backend: backend),
            "outputSize", "invalid output_size \"(4, 4, 2)\" (dim 2 must be between 2 and 6)");
        var module = new NN.MaxUnpool2d(2) { Backend = backend };
        ErrorAssert.Throws(() => module.Forward(Input(1, 2, 2, 2), Indices(1, 2, 2, 2), (6, 4)), "outputSize", "dim 0 must be between 2 and 6");
    }

    [Theory, MemberData(nameof(Backends))]
    public void IndexOutsideTheOutputPlane_ThrowsTheSameErrorOnEveryBackend(KernelBackend backend)
    {
        foreach (long bad in new long[] { 16, 100, -1, long.MinValue, long.MaxValue })
        {
            long[] indices = [0, 3, 8, 15, 5, bad, 9, 12];
            ErrorAssert.Throws(() => Functional.MaxUnpool2d(Input(1, 2, 2, 2), new ReadOnlyTensorSpan<long>(indices, [1, 2, 2, 2]), 2, backend: backend),
                "indices", $"Found an invalid max index: {bad} (output volumes are of size 4x4)");
        }
        // A smaller (valid) output size makes a once-valid index invalid: 15 in a 3x4 plane.
        ErrorAssert.Throws(() => Functional.MaxUnpool2d(Input(1, 2, 2, 2), Indices(1, 2, 2, 2), 2, outputSize: (3, 4), backend: backend),
            "indices", "Found an invalid max index: 15 (output volumes are of size 3x4)");
        ErrorAssert.Throws(() => Functional.MaxUnpool1d(Input(1, 1, 4), new ReadOnlyTensorSpan<long>([0, 1, 2, 8], [1, 1, 4]), 2, backend: backend),
            "indices", "Found an invalid max index: 8 (output volumes are of size 8)");
        ErrorAssert.Throws(() => Functional.MaxUnpool3d(Input(1, 1, 1, 1, 2), new ReadOnlyTensorSpan<long>([0, 16], [1, 1, 1, 1, 2]), 2, backend: backend),
            "indices", "Found an invalid max index: 16 (output volumes are of size 2x2x4)");
    }

    [Theory, MemberData(nameof(Backends))]
    public void InvalidIndex_NeverWritesOutsideTheDestination(KernelBackend backend)
    {
        const float Sentinel = 1234.5f;
        var buffer = Fill.Constant(2 * 16 + 2, Sentinel);
        long[] indices = [0, 3, 8, 15, 5, 16, 9, 12];
        ErrorAssert.Throws(() => Functional.MaxUnpool2d(Input(1, 2, 2, 2), new ReadOnlyTensorSpan<long>(indices, [1, 2, 2, 2]), 2,
            Tensors.Writable(buffer.AsSpan(1, 32), 1, 2, 4, 4), backend: backend), "indices", "Found an invalid max index: 16");
        Assert.Equal(Sentinel, buffer[0]);
        Assert.Equal(Sentinel, buffer[^1]);

        // Native on guarded memory: a write one element past the end would fault.
        if (backend == KernelBackend.Native)
        {
            using var y = new GuardedBuffer<float>(new float[32]);
            using var x = new GuardedBuffer<float>(X);
            using var i = new GuardedBuffer<long>([0, 3, 8, 15, 5, 6, 9, 32]);
            ErrorAssert.Throws(() => Functional.MaxUnpool2d(x.AsReadOnlyTensorSpan(1, 2, 2, 2), i.AsReadOnlyTensorSpan(1, 2, 2, 2), 2,
                y.AsTensorSpan(1, 2, 4, 4), backend: backend), "indices", "Found an invalid max index: 32");
        }
    }

    [Theory, MemberData(nameof(Backends))]
    public void DestinationWrongShapeNonDenseOrOverlapping_Throws(KernelBackend backend)
    {
        ErrorAssert.Throws(() => Functional.MaxUnpool2d(Input(1, 2, 2, 2), Indices(1, 2, 2, 2), 2,
            Tensors.Writable(new float[32], 1, 2, 16), backend: backend), "destination", "expected [1, 2, 4, 4]");
        ErrorAssert.Throws(() => Functional.MaxUnpool2d(Input(1, 2, 2, 2), Indices(1, 2, 2, 2), 2,
            Tensors.Writable(new float[30], 1, 2, 3, 5), outputSize: (3, 4), backend: backend), "destination", "expected [1, 2, 3, 4]");
        ErrorAssert.Throws(() => Functional.MaxUnpool2d(Input(1, 2, 2, 2), Indices(1, 2, 2, 2), 2,
            new TensorSpan<float>(new float[128], [1, 2, 4, 4], [0, 32, 8, 2]), backend: backend), "destination", "dense");
        ErrorAssert.Throws(() => Functional.MaxUnpool2d(new ReadOnlyTensorSpan<float>(new float[32], [1, 2, 2, 2], [0, 8, 4, 2]),
            Indices(1, 2, 2, 2), 2, backend: backend), "input", "dense");
        ErrorAssert.Throws(() => Functional.MaxUnpool2d(Input(1, 2, 2, 2), new ReadOnlyTensorSpan<long>(new long[32], [1, 2, 2, 2], [0, 8, 4, 2]),
            2, backend: backend), "indices", "dense");

        // The destination may share memory with neither the input nor the indices.
        var floats = new float[40];
        X.CopyTo(floats, 0);
        ErrorAssert.Throws(() => Functional.MaxUnpool2d(new ReadOnlyTensorSpan<float>(floats.AsSpan(0, 8), [1, 2, 2, 2]),
            Indices(1, 2, 2, 2), 2, Tensors.Writable(floats.AsSpan(4, 32), 1, 2, 4, 4), backend: backend), "destination", "overlaps input");
        var longs = new long[24];
        I.CopyTo(longs, 0);
        ErrorAssert.Throws(() => Functional.MaxUnpool2d(Input(1, 2, 2, 2), new ReadOnlyTensorSpan<long>(longs.AsSpan(0, 8), [1, 2, 2, 2]), 2,
            Tensors.Writable(MemoryMarshal.Cast<long, float>(longs.AsSpan(0, 16)), 1, 2, 4, 4), backend: backend), "destination", "overlaps indices");
    }
}
