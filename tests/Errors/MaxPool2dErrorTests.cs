using Xunit;

namespace KernelLib.Tests;

/// <summary>MaxPool2d's validation list from API.md, on every available backend.</summary>
[Trait("Category", "Errors")]
public sealed class MaxPool2dErrorTests
{
    public static TheoryData<KernelBackend> Backends => TestBackends.AvailableData;

    [Theory, MemberData(nameof(Backends))]
    public void InputRankOtherThan3Or4_Throws(KernelBackend backend)
    {
        foreach (nint[] shape in new nint[][] { [4], [4, 4], [1, 1, 1, 4, 4] })
        {
            var x = new float[Tensors.Elements(shape)];
            ErrorAssert.Throws(() => Functional.MaxPool2d(Tensors.ReadOnly(x, shape), 2, backend: backend),
                "input", "non-empty 3D or 4D (batch mode) tensor expected for input");
        }
    }

    [Theory, MemberData(nameof(Backends))]
    public void ZeroSizedChannelOrSpatialDim_Throws(KernelBackend backend)
    {
        foreach (nint[] shape in new nint[][] { [2, 0, 4, 4], [2, 3, 0, 4], [2, 3, 4, 0], [0, 4, 4], [3, 4, 0] })
            ErrorAssert.Throws(() => Functional.MaxPool2d(Tensors.ReadOnly([], shape), 2, backend: backend), "input",
                "Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size for input, but got:" + Tensors.FormatShape(shape));
    }

    [Theory, MemberData(nameof(Backends))]
    public void NonPositiveKernel_Throws(KernelBackend backend)
    {
        var x = new float[16];
        ErrorAssert.Throws(() => Functional.MaxPool2d(Tensors.ReadOnly(x, 1, 4, 4), (0, 2), backend: backend),
            "kernelSize", "kernel size should be greater than zero, but got kH: 0 kW: 2");
        ErrorAssert.Throws(() => Functional.MaxPool2d(Tensors.ReadOnly(x, 1, 4, 4), (2, -1), backend: backend),
            "kernelSize", "kernel size should be greater than zero, but got kH: 2 kW: -1");
    }

    [Theory, MemberData(nameof(Backends))]
    public void NonPositiveStride_Throws(KernelBackend backend)
    {
        var x = new float[16];
        ErrorAssert.Throws(() => Functional.MaxPool2d(Tensors.ReadOnly(x, 1, 4, 4), 2, stride: (0, 1), backend: backend),
            "stride", "stride should not be zero, but got dH: 0 dW: 1");
        ErrorAssert.Throws(() => Functional.MaxPool2d(Tensors.ReadOnly(x, 1, 4, 4), 2, stride: (1, -3), backend: backend),
            "stride", "stride should be greater than zero, but got dH: 1 dW: -3");
    }

    [Theory, MemberData(nameof(Backends))]
    public void NonPositiveDilation_Throws(KernelBackend backend)
    {
        var x = new float[16];
        ErrorAssert.Throws(() => Functional.MaxPool2d(Tensors.ReadOnly(x, 1, 4, 4), 2, dilation: (1, 0), backend: backend),
            "dilation", "dilation should be greater than zero, but got dilationH: 1 dilationW: 0");
    }

    [Theory, MemberData(nameof(Backends))]
    public void NegativePadding_Throws(KernelBackend backend)
    {
        var x = new float[16];
        var ex = ErrorAssert.Throws(() => Functional.MaxPool2d(Tensors.ReadOnly(x, 1, 4, 4), 3, padding: (-1, 0), backend: backend), "padding");
        ErrorAssert.MentionsNumbers(ex, -1);
    }

    [Theory, MemberData(nameof(Backends))]
    public void PaddingOverHalfTheKernel_Throws(KernelBackend backend)
    {
        var x = new float[64];
        ErrorAssert.Throws(() => Functional.MaxPool2d(Tensors.ReadOnly(x, 1, 8, 8), 3, padding: 2, backend: backend),
            "padding", "pad should be at most half of kernel size, but got pad=2 and kernel_size=3");
        var ex = ErrorAssert.Throws(() => Functional.MaxPool2d(Tensors.ReadOnly(x, 1, 8, 8), (4, 2), padding: (2, 2), backend: backend), "padding");
        ErrorAssert.MentionsNumbers(ex, 2);
    }

    [Theory, MemberData(nameof(Backends))]
    public void PaddingLimit_IgnoresDilation(KernelBackend backend)
    {
        // PyTorch 1.13 accepts kernel 4, pad 2, dilation 3 (pad <= 4/2) and rejects kernel 3, pad 2, dilation 3.
        var x = new float[81];
        var y = Functional.MaxPool2d(Tensors.ReadOnly(x, 1, 9, 9), 4, padding: 2, dilation: 3, backend: backend);
        Assert.Equal(new nint[] { 1, 1, 1 }, y.Lengths.ToArray());
        ErrorAssert.Throws(() => Functional.MaxPool2d(Tensors.ReadOnly(x, 1, 9, 9), 3, padding: 2, dilation: 3, backend: backend),
            "padding", "pad should be at most half of kernel size, but got pad=2 and kernel_size=3");
    }

    [Theory, MemberData(nameof(Backends))]
    public void OutputSmallerThanOne_Throws(KernelBackend backend)
    {
        var x = new float[12];
        ErrorAssert.ThrowsNamingOneOf(() => Functional.MaxPool2d(Tensors.ReadOnly(x, 3, 2, 2), 3, backend: backend),
            ["input", "kernelSize"], "Given input size: (3x2x2). Calculated output size: (3x0x0). Output size is too small");
    }

    [Theory, MemberData(nameof(Backends))]
    public void HugeKernelStrideOrDilation_ThrowsInsteadOfOverflowing(KernelBackend backend)
    {
        var x = new float[16];
        ErrorAssert.Throws(() => Functional.MaxPool2d(Tensors.ReadOnly(x, 1, 4, 4), int.MaxValue, backend: backend), "input", "Output size is too small");
        ErrorAssert.Throws(() => Functional.MaxPool2d(Tensors.ReadOnly(x, 1, 4, 4), 2, dilation: int.MaxValue, backend: backend), "input", "Output size is too small");
        // A huge stride is valid: one window per dimension (PyTorch gives 1x1 here).
        var output = Functional.MaxPool2d(Tensors.ReadOnly(x, 1, 4, 4), 2, stride: int.MaxValue, ceilMode: true, backend: backend);
        Assert.Equal([1, 1, 1], Tensors.Shape(output));
    }

    [Theory, MemberData(nameof(Backends))]
    public void WrongDestinationOrIndicesShape_Throws(KernelBackend backend)
    {
        var x = new float[2 * 3 * 6 * 6];
        var output = new float[2 * 3 * 3 * 3];
        var indices = new long[2 * 3 * 3 * 3];
        // Expected output shape [2, 3, 3, 3].
        foreach (nint[] wrong in new nint[][] { [2, 3, 9], [2, 3, 3, 2], [3, 2, 3, 3], [2, 3, 3, 3, 1] })
        {
            int count = (int)Tensors.Elements(wrong);
            ErrorAssert.Throws(() => Functional.MaxPool2d(Tensors.ReadOnly(x, 2, 3, 6, 6), 2, Tensors.Writable(new float[count], wrong), backend: backend),
                "destination");
            ErrorAssert.Throws(() => Functional.MaxPool2dWithIndices(Tensors.ReadOnly(x, 2, 3, 6, 6), 2,
                Tensors.Writable(output, 2, 3, 3, 3), Tensors.Writable(new long[count], wrong), backend: backend), "indices");
            ErrorAssert.Throws(() => Functional.MaxPool2dWithIndices(Tensors.ReadOnly(x, 2, 3, 6, 6), 2,
                Tensors.Writable(new float[count], wrong), Tensors.Writable(indices, 2, 3, 3, 3), backend: backend), "destination");
        }
    }

    [Theory, MemberData(nameof(Backends))]
    public void NonDenseTensors_Throw(KernelBackend backend)
    {
        var x = new float[2 * 8 * 8];
        var output = new float[2 * 4 * 8];
        // Every other column of a [2, 8, 8] buffer: a [2, 8, 4] view with strides [64, 8, 2].
        ErrorAssert.Throws(() => Functional.MaxPool2d(new System.Numerics.Tensors.ReadOnlyTensorSpan<float>(x, [2, 8, 4], [64, 8, 2]), 2, backend: backend),
            "input", "dense");
        ErrorAssert.Throws(() => Functional.MaxPool2d(Tensors.ReadOnly(x, 2, 8, 8), 2,
            new System.Numerics.Tensors.TensorSpan<float>(output, [2, 4, 4], [32, 8, 2]), backend: backend), "destination", "dense");
    }
}
