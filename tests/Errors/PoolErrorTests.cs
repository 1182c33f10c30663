using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using Xunit;

namespace KernelLib.Tests;

/// <summary>
/// Every invalid input of MaxPool1d/2d/3d (+WithIndices) and AvgPool1d/2d/3d, with PyTorch 1.13's words (checked
/// against torch: max_pool1d without indices has its own; max_pool1d with indices and avg_pool1d speak of an
/// unsqueezed (N, C, 1, L) input; 3-D names kT/kH/kW), on every available backend: ArgumentException, the
/// parameter's name, and the message.
/// </summary>
[Trait("Category", "Errors")]
public sealed class PoolErrorTests
{
    public static TheoryData<KernelBackend> Backends => TestBackends.AvailableData;

    private static PoolCase Max1(nint[] shape, int k, int? s = null, int p = 0, int d = 1) =>
        new(PoolKind.Max, 1, shape, new Size3(1, 1, k), s is int sv ? new Size3(1, 1, sv) : null, new Size3(0, 0, p), new Size3(1, 1, d));

    private static PoolCase Avg1(nint[] shape, int k, int? s = null, int p = 0) =>
        new(PoolKind.Avg, 1, shape, new Size3(1, 1, k), s is int sv ? new Size3(1, 1, sv) : null, new Size3(0, 0, p));

    private static PoolCase Avg2(nint[] shape, Size2 k, Size2? s = null, Size2 p = default, int? divisor = null) =>
        new(PoolKind.Avg, 2, shape, new Size3(1, k.Height, k.Width), s is Size2 sv ? new Size3(1, sv.Height, sv.Width) : null,
            new Size3(0, p.Height, p.Width), DivisorOverride: divisor);

    private static PoolCase Max3(nint[] shape, Size3 k, Size3? s = null, Size3 p = default, Size3? d = null) =>
        new(PoolKind.Max, 3, shape, k, s, p, d);

    private static PoolCase Avg3(nint[] shape, Size3 k, Size3? s = null, Size3 p = default, int? divisor = null) =>
        new(PoolKind.Avg, 3, shape, k, s, p, DivisorOverride: divisor);

    private static void Expect(PoolCase c, KernelBackend backend, string paramName, string fragment, bool withIndices = false)
    {
        var x = new float[Tensors.Elements(c.Shape)];
        if (withIndices)
            ErrorAssert.Throws(() => PoolCalls.RunWithIndices(c, Tensors.ReadOnly(x, c.Shape), backend), paramName, fragment);
        else
            ErrorAssert.Throws(() => PoolCalls.Run(c, Tensors.ReadOnly(x, c.Shape), backend), paramName, fragment);
    }

    [Theory, MemberData(nameof(Backends))]
    public void MaxPool1d_InvalidArguments_ThrowWithMaxPool1dsOwnWords(KernelBackend backend)
    {
        nint[] x = [1, 2, 8];
        Expect(Max1(x, 0), backend, "kernelSize", "max_pool1d() kernel_size must be greater than zero, but got 0");
        Expect(Max1(x, -1, 1), backend, "kernelSize", "max_pool1d() kernel_size must be greater than zero, but got -1");
        Expect(Max1(x, 2, 0), backend, "stride", "max_pool1d() stride must be greater than zero, but got 0");
        Expect(Max1(x, 2, -2), backend, "stride", "max_pool1d() stride must be greater than zero, but got -2");
        Expect(Max1(x, 2, p: -1), backend, "padding", "max_pool1d() padding must be non-negative, but got -1");
        Expect(Max1(x, 3, 1, 2), backend, "padding", "max_pool1d() padding should be at most half of kernel size, but got padding=2 and kernel_size=3");
        Expect(Max1(x, 2, d: 0), backend, "dilation", "max_pool1d() dilation must be greater than zero, but got 0");
        foreach (nint[] shape in new nint[][] { [8], [1, 1, 1, 8], [1, 0, 4], [1, 2, 0], [0, 4], [4, 0] })
        {
            Expect(Max1(shape, 1), backend, "input",
                "max_pool1d: Expected 2D or 3D (batch mode) tensor with optional 0 dim batch size for input, but got:" + Tensors.FormatShape(shape));
        }
        // PyTorch: floor((1 - 10*2 - 1) / 3) + 1 = -6; an output of 0 is allowed (see the differential tests).
        Expect(Max1([1, 1, 1], 3, d: 10), backend, "input", "max_pool1d() Invalid computed output size: -6");
    }

    [Theory, MemberData(nameof(Backends))]
    public void MaxPool1dWithIndices_InvalidArguments_ThrowWithTwoDimensionalWords(KernelBackend backend)
    {
        nint[] x = [1, 2, 8];
        Expect(Max1(x, 0, 1), backend, "kernelSize", "kernel size should be greater than zero, but got kH: 1 kW: 0", withIndices: true);
        Expect(Max1(x, 0), backend, "kernelSize", "kernel size should be greater than zero, but got kH: 1 kW: 0", withIndices: true);
        Expect(Max1(x, 2, 0), backend, "stride", "stride should not be zero", withIndices: true);
        Expect(Max1(x, 2, -1), backend, "stride", "stride should be greater than zero, but got dH: 1 dW: -1", withIndices: true);
        Expect(Max1(x, 2, d: 0), backend, "dilation", "dilation should be greater than zero, but got dilationH: 1 dilationW: 0", withIndices: true);
        Expect(Max1(x, 3, 1, -1), backend, "padding", "pad must be non-negative, but got pad: -1", withIndices: true);
        Expect(Max1(x, 3, 1, 2), backend, "padding", "pad should be at most half of kernel size, but got pad=2 and kernel_size=3", withIndices: true);
        Expect(Max1([4, 4, 4, 4], 2), backend, "input",
            "Expected 2 to 3 dimensions, but got 4-dimensional tensor for argument #1 'self' (while checking arguments for max_pool1d)", withIndices: true);
        Expect(Max1([2, 0, 4], 2), backend, "input",
            "Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size for input, but got:[2, 0, 1, 4]", withIndices: true);
        Expect(Max1([0, 4], 2), backend, "input",
            "Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size for input, but got:[0, 1, 4]", withIndices: true);
        Expect(Max1([1, 2, 2], 3), backend, "input",
            "Given input size: (2x1x2). Calculated output size: (2x1x0). Output size is too small", withIndices: true);
        Expect(Max1([3, 8], 3, d: 5), backend, "input",
            "Given input size: (3x1x8). Calculated output size: (3x1x0). Output size is too small", withIndices: true);
    }

    [Theory, MemberData(nameof(Backends))]
    public void AvgPool1d_InvalidArguments_Throw(KernelBackend backend)
    {
        nint[] x = [1, 2, 8];
        Expect(Avg1(x, 0, 1), backend, "kernelSize", "kernel size should be greater than zero, but got kH: 1 kW: 0");
        Expect(Avg1(x, -1), backend, "kernelSize", "kernel size should be greater than zero, but got kH: 1 kW: -1");
        Expect(Avg1(x, 2, 0), backend, "stride", "stride should not be zero");
        Expect(Avg1(x, 2, -1), backend, "stride", "stride should be greater than zero, but got dH: 1 dW: -1");
        Expect(Avg1(x, 2, p: -1), backend, "padding", "pad must be non-negative, but got pad: -1");
        Expect(Avg1(x, 3, 1, 2), backend, "padding", "pad should be at most half of kernel size, but got pad=2 and kernel_size=3");
        Expect(Avg1([8], 2), backend, "input",
            "Expected 2 to 3 dimensions, but got 1-dimensional tensor for argument #1 'self' (while checking arguments for avg_pool1d)");
        Expect(Avg1([1, 2, 0], 1), backend, "input",
            "Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size for input, but got:[1, 2, 1, 0]");
        Expect(Avg1([1, 2, 2], 3), backend, "input",
            "Given input size: (2x1x2). Calculated output size: (2x1x0). Output size is too small");
    }

    [Theory, MemberData(nameof(Backends))]
    public void AvgPool2d_InvalidArguments_Throw(KernelBackend backend)
    {
        nint[] x = [1, 2, 8, 8];
        Expect(Avg2(x, (0, 2), 1), backend, "kernelSize", "kernel size should be greater than zero, but got kH: 0 kW: 2");
        Expect(Avg2(x, 2, (0, 1)), backend, "stride", "stride should not be zero, but got dH: 0 dW: 1");
        Expect(Avg2(x, 2, -1), backend, "stride", "stride should be greater than zero, but got dH: -1 dW: -1");
        Expect(Avg2(x, 2, p: (-1, 0)), backend, "padding", "pad must be non-negative, but got pad: -1");
        Expect(Avg2(x, 3, 1, (0, 2)), backend, "padding", "pad should be at most half of kernel size, but got pad=2 and kernel_size=3");
        Expect(Avg2(x, 2, divisor: 0), backend, "divisorOverride", "divisor must be not zero");
        // The divisor is checked first, as in PyTorch.
        Expect(Avg2([1, 8], 0, 1, divisor: 0), backend, "divisorOverride", "divisor must be not zero");
        foreach (nint[] shape in new nint[][] { [8, 8], [1, 1, 1, 8, 8], [1, 1, 0, 8], [1, 0, 8, 8], [0, 8, 8], [2, 8, 0] })
        {
            Expect(Avg2(shape, 1), backend, "input",
                "Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size for input, but got:" + Tensors.FormatShape(shape));
        }
        Expect(Avg2([1, 2, 2, 2], 3), backend, "input", "Given input size: (2x2x2). Calculated output size: (2x0x0). Output size is too small");
    }

    [Theory, MemberData(nameof(Backends))]
    public void MaxPool3d_InvalidArguments_Throw(KernelBackend backend)
    {
        nint[] x = [1, 2, 4, 6, 6];
        foreach (bool withIndices in new[] { false, true })
        {
            Expect(Max3(x, (0, 1, 1), 1), backend, "kernelSize", "kernel size should be greater than zero, but got kT: 0 kH: 1 kW: 1", withIndices);
            Expect(Max3(x, 2, (1, 0, 1)), backend, "stride", "stride should not be zero, but got dT: 1 dH: 0 dW: 1", withIndices);
            Expect(Max3(x, 2, -1), backend, "stride", "stride should be greater than zero, but got dT: -1 dH: -1 dW: -1", withIndices);
            Expect(Max3(x, 2, d: (1, 1, 0)), backend, "dilation", "dilation should be greater than zero, but got dilationT: 1 dilationH: 1 dilationW: 0", withIndices);
            Expect(Max3(x, 2, p: (0, -1, 0)), backend, "padding", "pad must be non-negative, but got pad: -1", withIndices);
            Expect(Max3(x, 3, 1, (0, 2, 0)), backend, "padding", "pad should be at most half of kernel size, but got pad=2 and kernel_size=3", withIndices);
            Expect(Max3([1, 1, 2, 6, 6], 3), backend, "input",
                "Given input size: (1x2x6x6). Calculated output size: (1x0x2x2). Output size is too small", withIndices);
            foreach (nint[] shape in new nint[][] { [1, 6, 6], [6, 6], [1, 1, 1, 1, 6, 6] })
                Expect(Max3(shape, 1), backend, "input", "non-empty 4D or 5D (batch mode) tensor expected for input", withIndices);
            foreach (nint[] shape in new nint[][] { [1, 1, 0, 6, 6], [1, 0, 2, 6, 6], [2, 3, 4, 4, 0], [0, 4, 4, 4] })
            {
                Expect(Max3(shape, 1), backend, "input",
                    "max_pool3d_with_indices_out_cpu_template(): Expected input's non-batch dimensions to have positive length, " +
                    $"but input has a shape of {Tensors.FormatShape(shape)}", withIndices);
            }
        }
    }

    [Theory, MemberData(nameof(Backends))]
    public void AvgPool3d_InvalidArguments_Throw(KernelBackend backend)
    {
        nint[] x = [1, 2, 4, 6, 6];
        Expect(Avg3(x, (0, 1, 1), 1), backend, "kernelSize", "kernel size should be greater than zero, but got kT: 0 kH: 1 kW: 1");
        Expect(Avg3(x, 2, (1, 0, 1)), backend, "stride", "stride should not be zero");
        Expect(Avg3(x, 2, -1), backend, "stride", "stride should be greater than zero, but got dT: -1 dH: -1 dW: -1");
        Expect(Avg3(x, 2, p: (0, -1, 0)), backend, "padding", "pad must be non-negative, but got pad: -1");
        Expect(Avg3(x, 3, 1, (2, 0, 0)), backend, "padding", "pad should be at most half of kernel size, but got pad=2 and kernel_size=3");
        Expect(Avg3(x, 2, divisor: 0), backend, "divisorOverride", "divisor must be not zero");
        // avg_pool3d rejects a kernel larger than the input even when the padding would make it fit.
        Expect(Avg3([1, 1, 2, 6, 6], (3, 1, 1), 1, (1, 0, 0)), backend, "input",
            "input image (T: 2 H: 6 W: 6) smaller than kernel size (kT: 3 kH: 1 kW: 1)");
        Expect(Avg3([1, 1, 8, 8, 8], 9), backend, "input", "input image (T: 8 H: 8 W: 8) smaller than kernel size (kT: 9 kH: 9 kW: 9)");
        Expect(Avg3([1, 6, 6], 1), backend, "input", "non-empty 4D or 5D (batch mode) tensor expected for input");
        Expect(Avg3([1, 1, 0, 6, 6], 1), backend, "input",
            "avg_pool3d(): Expected input's non-batch dimensions to have positive length, but input has a shape of [1, 1, 0, 6, 6]");
    }

    [Theory, MemberData(nameof(Backends))]
    public void HugeKernelStrideOrDilation_ThrowsOrRunsWithoutOverflow(KernelBackend backend)
    {
        var x = new float[64];
        ErrorAssert.Throws(() => Functional.MaxPool3d(Tensors.ReadOnly(x, 1, 4, 4, 4), int.MaxValue, backend: backend), "input", "Output size is too small");
        ErrorAssert.Throws(() => Functional.MaxPool3d(Tensors.ReadOnly(x, 1, 4, 4, 4), 2, dilation: int.MaxValue, backend: backend), "input", "Output size is too small");
        ErrorAssert.Throws(() => Functional.MaxPool1d(Tensors.ReadOnly(x, 1, 64), 2, dilation: int.MaxValue, backend: backend), "input", "Invalid computed output size");
        ErrorAssert.Throws(() => Functional.AvgPool1d(Tensors.ReadOnly(x, 1, 64), int.MaxValue, backend: backend), "input", "Output size is too small");
        Assert.Equal([1, 1, 1, 1], Tensors.Shape(Functional.MaxPool3d(Tensors.ReadOnly(x, 1, 4, 4, 4), 2, stride: int.MaxValue, ceilMode: true, backend: backend)));
        Assert.Equal([1, 1, 1, 1], Tensors.Shape(Functional.AvgPool3d(Tensors.ReadOnly(x, 1, 4, 4, 4), 2, stride: int.MaxValue, ceilMode: true, backend: backend)));
        Assert.Equal([1, 1], Tensors.Shape(Functional.AvgPool1d(Tensors.ReadOnly(x, 1, 64), 2, stride: int.MaxValue, ceilMode: true, backend: backend)));
    }

    public static TheoryData<PoolKind, int> Ops => PoolKinds.TimesRanks();

    private static PoolCase ValidCase(PoolKind kind, int rank) => rank switch
    {
        1 => new PoolCase(kind, 1, [2, 3, 8], new Size3(1, 1, 2)),
        2 => new PoolCase(kind, 2, [2, 3, 6, 6], new Size3(1, 2, 2)),
        _ => new PoolCase(kind, 3, [2, 3, 4, 4, 4], 2),
    };

    [Theory, MemberData(nameof(Ops))]
    public void WrongDestinationShape_Throws(PoolKind kind, int rank)
    {
        foreach (var backend in TestBackends.Available)
        {
            var c = ValidCase(kind, rank);
            var x = new float[Tensors.Elements(c.Shape)];
            nint[] expected = c.OutputShape;
            nint[][] wrongShapes = [[.. expected, 1], expected[1..], [.. expected[..^1], expected[^1] + 1], [expected[1], expected[0], .. expected[2..]]];
            foreach (nint[] wrong in wrongShapes)
            {
                var y = new float[Tensors.Elements(wrong)];
                ErrorAssert.Throws(() => PoolCalls.RunInto(c, Tensors.ReadOnly(x, c.Shape), Tensors.Writable(y, wrong), backend), "destination",
                    $"destination has shape {Tensors.FormatShape(wrong)}, expected {Tensors.FormatShape(expected)}");
                if (kind == PoolKind.Max)
                {
                    var good = new float[Tensors.Elements(expected)];
                    var goodIndices = new long[Tensors.Elements(expected)];
                    ErrorAssert.Throws(() => PoolCalls.RunWithIndicesInto(c, Tensors.ReadOnly(x, c.Shape), Tensors.Writable(y, wrong),
                        Tensors.Writable(goodIndices, expected), backend), "destination");
                    ErrorAssert.Throws(() => PoolCalls.RunWithIndicesInto(c, Tensors.ReadOnly(x, c.Shape), Tensors.Writable(good, expected),
                        Tensors.Writable(new long[y.Length], wrong), backend), "indices");
                }
            }
        }
    }

    [Theory, MemberData(nameof(Ops))]
    public void NonDenseTensors_Throw(PoolKind kind, int rank)
    {
        foreach (var backend in TestBackends.Available)
        {
            var c = ValidCase(kind, rank);
            nint[] outShape = c.OutputShape;
            // Views that skip every other element of the last dimension.
            var wide = new float[2 * Tensors.Elements(c.Shape)];
            ErrorAssert.Throws(() => PoolCalls.Run(c, new ReadOnlyTensorSpan<float>(wide, c.Shape, Strides(c.Shape, 2)), backend), "input", "dense");

            var x = new float[Tensors.Elements(c.Shape)];
            var wideOut = new float[2 * Tensors.Elements(outShape)];
            ErrorAssert.Throws(() => PoolCalls.RunInto(c, Tensors.ReadOnly(x, c.Shape), new TensorSpan<float>(wideOut, outShape, Strides(outShape, 2)), backend),
                "destination", "dense");
            if (kind == PoolKind.Max)
            {
                var wideIndices = new long[2 * Tensors.Elements(outShape)];
                var y = new float[Tensors.Elements(outShape)];
                ErrorAssert.Throws(() => PoolCalls.RunWithIndicesInto(c, Tensors.ReadOnly(x, c.Shape), Tensors.Writable(y, outShape),
                    new TensorSpan<long>(wideIndices, outShape, Strides(outShape, 2)), backend), "indices", "dense");
            }
        }
    }

    [Theory, MemberData(nameof(Ops))]
    public void OverlappingTensors_Throw(PoolKind kind, int rank)
    {
        foreach (var backend in TestBackends.Available)
        {
            var c = ValidCase(kind, rank);
            nint[] outShape = c.OutputShape;
            long inCount = Tensors.Elements(c.Shape), outCount = Tensors.Elements(outShape);
            var buffer = new float[inCount + outCount];
            // The destination starts inside the input.
            ErrorAssert.Throws(() => PoolCalls.RunInto(c, new ReadOnlyTensorSpan<float>(buffer.AsSpan(0, (int)inCount), c.Shape),
                Tensors.Writable(buffer.AsSpan((int)inCount - 1, (int)outCount), outShape), backend), "destination", "overlaps input");
            // The same memory (in place) is rejected too: pooling reads neighbours of what it writes.
            var same = new float[inCount];
            if (outCount <= inCount)
            {
                ErrorAssert.Throws(() => PoolCalls.RunInto(c, new ReadOnlyTensorSpan<float>(same, c.Shape),
                    Tensors.Writable(same.AsSpan(0, (int)outCount), outShape), backend), "destination", "overlaps");
            }
            if (kind == PoolKind.Max)
            {
                var x = new float[inCount];
                var y = new float[outCount];
                // Indices over the destination's bytes, and over the input's bytes.
                var bytes = new long[outCount];
                ErrorAssert.Throws(() => PoolCalls.RunWithIndicesInto(c, Tensors.ReadOnly(x, c.Shape),
                    Tensors.Writable(MemoryMarshal.Cast<long, float>(bytes.AsSpan())[..(int)outCount], outShape),
                    Tensors.Writable(bytes, outShape), backend), "indices", "overlaps destination");
                var xAsLongs = new long[inCount];
                ErrorAssert.Throws(() => PoolCalls.RunWithIndicesInto(c,
                    new ReadOnlyTensorSpan<float>(MemoryMarshal.Cast<long, float>(xAsLongs.AsSpan())[..(int)inCount], c.Shape),
                    Tensors.Writable(y, outShape), new TensorSpan<long>(xAsLongs.AsSpan(0, (int)outCount), outShape), backend),
                    "indices", "overlaps input");
            }
        }
    }

    [Fact]
    public void InvalidBackend_Throws()
    {
        var x = new float[2 * 3 * 4 * 4 * 4];
        Assert.Throws<ArgumentOutOfRangeException>(() => Functional.MaxPool3d(Tensors.ReadOnly(x, 2, 3, 4, 4, 4), 2, backend: (KernelBackend)99));
        Assert.Throws<ArgumentOutOfRangeException>(() => Functional.AvgPool1d(Tensors.ReadOnly(x, 2, 3, 64), 2, backend: (KernelBackend)99));
    }

    private static nint[] Strides(nint[] shape, nint innerStride)
    {
        var strides = new nint[shape.Length];
        nint stride = innerStride;
        for (int i = shape.Length - 1; i >= 0; i--)
        {
            strides[i] = stride;
            stride *= shape[i];
        }
        return strides;
    }
}
