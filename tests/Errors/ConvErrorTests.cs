using System.Numerics.Tensors;
using Xunit;

namespace KernelLib.Tests;

/// <summary>
/// Every refusal of the convolution family: ArgumentException naming the parameter, with PyTorch 1.13's words and
/// the values (messages printed by PyTorch for the same calls). Validation runs before any backend, so each case runs
/// on both; nothing is written to a destination that is refused.
/// </summary>
[Trait("Category", "Errors")]
public sealed class ConvErrorTests
{
    public static TheoryData<KernelBackend> Backends => TestBackends.AvailableData;

    private static ReadOnlyTensorSpan<float> Z(params nint[] shape) => new(new float[Tensors.Elements(shape)], shape);

    [Theory, MemberData(nameof(Backends))]
    public void WrongInputRank_Refused(KernelBackend backend)
    {
        ErrorAssert.Throws(() => Functional.Conv2d(Z(5, 5), Z(3, 2, 3, 3), backend: backend), "input",
            "Expected 3D (unbatched) or 4D (batched) input to conv2d, but got input of size: [5, 5]");
        ErrorAssert.Throws(() => Functional.Conv1d(Z(5), Z(3, 1, 3), backend: backend), "input",
            "Expected 2D (unbatched) or 3D (batched) input to conv1d, but got input of size: [5]");
        ErrorAssert.Throws(() => Functional.Conv3d(Z(2, 5, 5), Z(3, 2, 3, 3, 3), backend: backend), "input",
            "Expected 4D (unbatched) or 5D (batched) input to conv3d, but got input of size: [2, 5, 5]");
        ErrorAssert.Throws(() => Functional.ConvTranspose2d(Z(1, 1, 2, 5, 5), Z(2, 3, 3, 3), backend: backend), "input",
            "Expected 3D (unbatched) or 4D (batched) input to conv_transpose2d, but got input of size: [1, 1, 2, 5, 5]");
    }

    [Theory, MemberData(nameof(Backends))]
    public void WrongWeightRank_Refused(KernelBackend backend)
    {
        ErrorAssert.Throws(() => Functional.Conv1d(Z(1, 2, 4), Z(2, 2), backend: backend), "weight",
            "weight should have at least three dimensions");
        ErrorAssert.Throws(() => Functional.Conv2d(Z(1, 2, 4, 4), Z(2, 2, 3), backend: backend), "weight",
            "Expected 3-dimensional input for 3-dimensional weight [2, 2, 3], but got 4-dimensional input of size [1, 2, 4, 4] instead");
        ErrorAssert.Throws(() => Functional.ConvTranspose1d(Z(2, 4), Z(2, 3, 3, 3), backend: backend), "weight",
            "Expected 4-dimensional input for 4-dimensional weight [2, 3, 3, 3], but got 3-dimensional input of size [1, 2, 4] instead");
    }

    [Theory, MemberData(nameof(Backends))]
    public void InChannelsNotMatchingTheInput_Refused(KernelBackend backend)
    {
        ErrorAssert.Throws(() => Functional.Conv2d(Z(1, 4, 5, 5), Z(3, 2, 3, 3), backend: backend), "input",
            "Given groups=1, weight of size [3, 2, 3, 3], expected input[1, 4, 5, 5] to have 2 channels, but got 4 channels instead");
        ErrorAssert.Throws(() => Functional.Conv2d(Z(4, 5, 5), Z(3, 2, 3, 3), backend: backend), "input",
            "expected input[1, 4, 5, 5] to have 2 channels, but got 4 channels instead");
        ErrorAssert.Throws(() => Functional.Conv2d(Z(1, 3, 5, 5), Z(4, 1, 3, 3), groups: 2, backend: backend), "input",
            "Given groups=2, weight of size [4, 1, 3, 3], expected input[1, 3, 5, 5] to have 2 channels, but got 3 channels instead");
        ErrorAssert.Throws(() => Functional.Conv3d(Z(1, 3, 4, 4, 4), Z(2, 2, 3, 3, 3), backend: backend), "input",
            "Given groups=1, weight of size [2, 2, 3, 3, 3], expected input[1, 3, 4, 4, 4] to have 2 channels, but got 3 channels instead");
        ErrorAssert.Throws(() => Functional.ConvTranspose2d(Z(3, 5, 5), Z(2, 3, 3, 3), backend: backend), "input",
            "Given transposed=1, weight of size [2, 3, 3, 3], expected input[1, 3, 5, 5] to have 2 channels, but got 3 channels instead");
    }

    [Theory, MemberData(nameof(Backends))]
    public void GroupsNotPositiveOrNotDividing_Refused(KernelBackend backend)
    {
        var ex = ErrorAssert.Throws(() => Functional.Conv2d(Z(1, 2, 5, 5), Z(3, 2, 3, 3), groups: 0, backend: backend), "groups",
            "non-positive groups is not supported");
        ErrorAssert.MentionsNumbers(ex, 0);
        ErrorAssert.Throws(() => Functional.ConvTranspose1d(Z(1, 2, 5), Z(2, 3, 3), groups: -1, backend: backend), "groups",
            "non-positive groups is not supported");
        ErrorAssert.Throws(() => Functional.Conv2d(Z(1, 4, 5, 5), Z(3, 2, 3, 3), groups: 2, backend: backend), "weight",
            "Given groups=2, expected weight to be divisible by 2 at dimension 0, but got weight of size [[3, 2, 3, 3]] instead");
        ErrorAssert.Throws(() => Functional.ConvTranspose2d(Z(1, 2, 5, 5), Z(2, 3, 3, 3), groups: 4, backend: backend), "weight",
            "Given groups=4, expected weight to be at least 4 at dimension 0, but got weight of size [2, 3, 3, 3] instead");
        ErrorAssert.Throws(() => Functional.ConvTranspose2d(Z(1, 3, 5, 5), Z(3, 1, 3, 3), groups: 2, backend: backend), "weight",
            "Given groups=2, expected weight to be divisible by 2 at dimension 0, but got weight of size [[3, 1, 3, 3]] instead");
        ErrorAssert.Throws(() => Functional.Conv2d(Z(1, 2, 5, 5), Z(0, 2, 3, 3), backend: backend), "weight",
            "Given groups=1, expected weight to be at least 1 at dimension 0, but got weight of size [0, 2, 3, 3] instead");
    }

    [Theory, MemberData(nameof(Backends))]
    public void BiasLength_Refused(KernelBackend backend)
    {
        ErrorAssert.Throws(() => Functional.Conv2d(Z(1, 2, 5, 5), Z(3, 2, 3, 3), Z(4), backend: backend), "bias",
            "Given weight of size [3, 2, 3, 3], expected bias to be 1-dimensional with 3 elements, but got bias of size [4] instead");
        ErrorAssert.Throws(() => Functional.Conv2d(Z(1, 2, 5, 5), Z(3, 2, 3, 3), Z(3, 1), backend: backend), "bias",
            "expected bias to be 1-dimensional with 3 elements, but got bias of size [3, 1] instead");
        ErrorAssert.Throws(() => Functional.ConvTranspose2d(Z(1, 2, 5, 5), Z(2, 3, 3, 3), Z(4), backend: backend), "bias",
            "Given transposed=1, weight of size [2, 3, 3, 3], expected bias to be 1-dimensional with 3 elements, but got bias of size [4] instead");
        // Grouped transposed: C_out = weight[1] * groups.
        Assert.Equal([1, 6, 7, 7], Tensors.Shape(Functional.ConvTranspose2d(Z(1, 2, 5, 5), Z(2, 3, 3, 3), Z(6), groups: 2, backend: backend)));
    }

    [Theory, MemberData(nameof(Backends))]
    public void NonPositiveStrideOrDilation_Refused(KernelBackend backend)
    {
        var ex = ErrorAssert.Throws(() => Functional.Conv2d(Z(1, 2, 5, 5), Z(3, 2, 3, 3), stride: (1, -1), backend: backend), "stride",
            "non-positive stride is not supported");
        ErrorAssert.MentionsNumbers(ex, -1);
        ErrorAssert.Throws(() => Functional.Conv1d(Z(1, 2, 4), Z(2, 2, 3), stride: 0, backend: backend), "stride", "non-positive stride is not supported");
        ErrorAssert.Throws(() => Functional.ConvTranspose2d(Z(1, 2, 5, 5), Z(2, 3, 3, 3), stride: 0, backend: backend), "stride",
            "non-positive stride is not supported");
        ErrorAssert.Throws(() => Functional.Conv2d(Z(1, 2, 5, 5), Z(3, 2, 3, 3), dilation: 0, backend: backend), "dilation",
            "dilation should be greater than zero, but got [0, 0]");
        ErrorAssert.Throws(() => Functional.Conv2d(Z(1, 2, 5, 5), Z(3, 2, 3, 3), dilation: (1, 0), backend: backend), "dilation",
            "dilation should be greater than zero, but got [1, 0]");
        ErrorAssert.Throws(() => Functional.Conv3d(Z(1, 2, 4, 4, 4), Z(2, 2, 3, 3, 3), dilation: 0, backend: backend), "dilation",
            "dilation should be greater than zero, but got [0, 0, 0]");
        // PyTorch runs 1-D as 2-D with a height of 1, and says so.
        ErrorAssert.Throws(() => Functional.Conv1d(Z(1, 2, 4), Z(2, 2, 3), dilation: 0, backend: backend), "dilation",
            "dilation should be greater than zero, but got [1, 0]");
        ErrorAssert.Throws(() => Functional.ConvTranspose2d(Z(1, 2, 5, 5), Z(2, 3, 3, 3), dilation: 0, backend: backend), "dilation",
            "dilation should be greater than zero, but got dilation_height: 0, dilation_width: 0");
        ErrorAssert.Throws(() => Functional.ConvTranspose3d(Z(1, 2, 4, 4, 4), Z(2, 3, 3, 3, 3), dilation: 0, backend: backend), "dilation",
            "dilation should be greater than zero, but got dilation_depth: 0, dilation_height: 0, dilation_width: 0");
        ErrorAssert.Throws(() => Functional.ConvTranspose1d(Z(1, 2, 4), Z(2, 3, 3), dilation: 0, backend: backend), "dilation",
            "dilation should be greater than zero, but got dilation_height: 1, dilation_width: 0");
    }

    [Theory, MemberData(nameof(Backends))]
    public void NegativePadding_Refused(KernelBackend backend)
    {
        var ex = ErrorAssert.Throws(() => Functional.Conv2d(Z(1, 2, 5, 5), Z(3, 2, 3, 3), padding: (-1, 0), backend: backend), "padding",
            "negative padding is not supported");
        ErrorAssert.MentionsNumbers(ex, -1);
        ErrorAssert.Throws(() => Functional.Conv1d(Z(1, 2, 4), Z(2, 2, 3), padding: -1, backend: backend), "padding",
            "negative padding is not supported");
        ErrorAssert.Throws(() => Functional.ConvTranspose2d(Z(1, 2, 5, 5), Z(2, 3, 3, 3), padding: -1, backend: backend), "padding",
            "negative padding is not supported");
        ErrorAssert.Throws(() => Functional.ConvTranspose2d(Z(1, 2, 5, 5), Z(2, 3, 3, 3), stride: 2, outputPadding: -1, backend: backend),
            "outputPadding", "negative output_padding is not supported");
    }

    [Theory, MemberData(nameof(Backends))]
    public void PaddingStringsAndTuples_Refused(KernelBackend backend)
    {
        ErrorAssert.Throws(() => Functional.Conv2d(Z(1, 2, 5, 5), Z(3, 2, 3, 3), stride: 2, padding: "same", backend: backend), "padding",
            "padding='same' is not supported for strided convolutions");
        ErrorAssert.Throws(() => Functional.Conv2d(Z(1, 2, 5, 5), Z(3, 2, 3, 3), stride: (1, 2), padding: ConvPadding.Same, backend: backend),
            "padding", "padding='same' is not supported for strided convolutions");
        ErrorAssert.Throws(() => Functional.Conv1d(Z(1, 2, 4), Z(2, 2, 3), stride: 2, padding: "same", backend: backend), "padding",
            "padding='same' is not supported for strided convolutions");
        ErrorAssert.Throws(() => Functional.Conv2d(Z(1, 2, 5, 5), Z(3, 2, 3, 3), padding: "foo", backend: backend), "padding",
            "Invalid padding string: 'foo'");
        ErrorAssert.Throws(() => Functional.Conv2d(Z(1, 2, 5, 5), Z(3, 2, 3, 3), padding: (1, 1, 1), backend: backend), "padding",
            "expected padding to be a single integer value or a list of 2 values to match the convolution dimensions, but got padding=[1, 1, 1]");
        ErrorAssert.Throws(() => Functional.Conv1d(Z(1, 2, 5), Z(3, 2, 3), padding: (1, 1), backend: backend), "padding",
            "expected padding to be a single integer value or a list of 1 values to match the convolution dimensions, but got padding=[1, 1]");
        ErrorAssert.Throws(() => Functional.Conv3d(Z(1, 2, 5, 5, 5), Z(3, 2, 3, 3, 3), padding: (1, 1), backend: backend), "padding",
            "a list of 3 values");
    }

    [Theory, MemberData(nameof(Backends))]
    public void PaddingModeLimits_Refused(KernelBackend backend)
    {
        ErrorAssert.Throws(() => Functional.Conv2d(Z(1, 2, 3, 8), Z(3, 2, 3, 3), padding: 3, paddingMode: PaddingMode.Reflect, backend: backend),
            "padding", "Argument #6: Padding size should be less than the corresponding input dimension, but got: padding (3, 3) at dimension 2 of input 4");
        ErrorAssert.Throws(() => Functional.Conv2d(Z(1, 2, 3, 3), Z(3, 2, 3, 3), padding: 3, paddingMode: PaddingMode.Reflect, backend: backend),
            "padding", "Argument #4: Padding size should be less than the corresponding input dimension, but got: padding (3, 3) at dimension 3 of input 4");
        ErrorAssert.Throws(() => Functional.Conv2d(Z(2, 3, 3), Z(3, 2, 3, 3), padding: 3, paddingMode: PaddingMode.Reflect, backend: backend),
            "padding", "Argument #4: Padding size should be less than the corresponding input dimension, but got: padding (3, 3) at dimension 2 of input 3");
        ErrorAssert.Throws(() => Functional.Conv1d(Z(1, 2, 3), Z(3, 2, 3), padding: 3, paddingMode: PaddingMode.Reflect, backend: backend),
            "padding", "Argument #4: Padding size should be less than the corresponding input dimension, but got: padding (3, 3) at dimension 2 of input [1, 2, 3]");
        ErrorAssert.Throws(() => Functional.Conv1d(Z(2, 3), Z(3, 2, 3), padding: 3, paddingMode: PaddingMode.Reflect, backend: backend),
            "padding", "padding (3, 3) at dimension 1 of input [2, 3]");
        ErrorAssert.Throws(() => Functional.Conv3d(Z(1, 2, 3, 3, 3), Z(3, 2, 1, 1, 1), padding: (3, 0, 0), paddingMode: PaddingMode.Reflect, backend: backend),
            "padding", "Argument #8: Padding size should be less than the corresponding input dimension, but got: padding (3, 3) at dimension 2 of input [1, 2, 3, 3, 3]");
        ErrorAssert.Throws(() => Functional.Conv3d(Z(1, 2, 3, 3, 3), Z(3, 2, 1, 1, 1), padding: (0, 3, 0), paddingMode: PaddingMode.Reflect, backend: backend),
            "padding", "Argument #6: Padding size should be less than the corresponding input dimension, but got: padding (3, 3) at dimension 3 of input [1, 2, 3, 3, 3]");
        // "same" with reflect pads (1, 2) for an even kernel: the larger side must stay below the size too.
        ErrorAssert.Throws(() => Functional.Conv1d(Z(1, 1, 2), Z(1, 1, 4), padding: "same", paddingMode: PaddingMode.Reflect, backend: backend),
            "padding", "padding (1, 2) at dimension 2 of input [1, 1, 2]");
        ErrorAssert.Throws(() => Functional.Conv2d(Z(1, 2, 3, 8), Z(3, 2, 3, 3), padding: 4, paddingMode: PaddingMode.Circular, backend: backend),
            "padding", "Padding value causes wrapping around more than once.");
        ErrorAssert.Throws(() => Functional.Conv1d(Z(1, 2, 3), Z(3, 2, 3), padding: 4, paddingMode: PaddingMode.Circular, backend: backend),
            "padding", "Padding value causes wrapping around more than once.");
        ErrorAssert.Throws(() => Functional.Conv1d(Z(1, 2, 0), Z(3, 2, 3), padding: 2, paddingMode: PaddingMode.Replicate, backend: backend),
            "input", "Expected 2D or 3D (batch mode) tensor with possibly 0 batch size and other non-zero dimensions for input, but got: [1, 2, 0]");
        ErrorAssert.Throws(() => Functional.Conv2d(Z(1, 0, 4, 4), Z(3, 0, 3, 3), padding: 1, paddingMode: PaddingMode.Reflect, backend: backend),
            "input", "3D or 4D (batch mode) tensor expected for input, but got: [ torch.FloatTensor{1,0,4,4} ]");
        ErrorAssert.Throws(() => Functional.Conv2d(Z(1, 2, 5, 5), Z(3, 2, 3, 3), paddingMode: (PaddingMode)7, backend: backend),
            "paddingMode", "padding_mode must be one of {'reflect', 'circular', 'replicate', 'zeros'}");
        // At the limits, every mode is accepted.
        Assert.Equal([1, 3, 5, 10], Tensors.Shape(Functional.Conv2d(Z(1, 2, 3, 8), Z(3, 2, 3, 3), padding: 2, paddingMode: PaddingMode.Reflect, backend: backend)));
        Assert.Equal([1, 3, 7, 12], Tensors.Shape(Functional.Conv2d(Z(1, 2, 3, 8), Z(3, 2, 3, 3), padding: 3, paddingMode: PaddingMode.Circular, backend: backend)));
        Assert.Equal([1, 3, 9, 16], Tensors.Shape(Functional.Conv2d(Z(1, 2, 1, 8), Z(3, 2, 3, 3), padding: 5, paddingMode: PaddingMode.Replicate, backend: backend)));
    }

    [Theory, MemberData(nameof(Backends))]
    public void KernelLargerThanPaddedInput_Refused(KernelBackend backend)
    {
        ErrorAssert.Throws(() => Functional.Conv2d(Z(1, 2, 2, 5), Z(3, 2, 3, 3), backend: backend), "input",
            "Calculated padded input size per channel: (2 x 5). Kernel size: (3 x 3). Kernel size can't be greater than actual input size");
        ErrorAssert.Throws(() => Functional.Conv2d(Z(1, 2, 5, 5), Z(3, 2, 3, 3), dilation: 3, backend: backend), "input",
            "Calculated padded input size per channel: (5 x 5). Kernel size: (7 x 7).");
        ErrorAssert.Throws(() => Functional.Conv1d(Z(1, 2, 2), Z(2, 2, 4), padding: "valid", backend: backend), "input",
            "Calculated padded input size per channel: (2). Kernel size: (4).");
        ErrorAssert.Throws(() => Functional.Conv3d(Z(1, 2, 2, 4, 4), Z(2, 2, 3, 3, 3), backend: backend), "input",
            "Calculated padded input size per channel: (2 x 4 x 4). Kernel size: (3 x 3 x 3).");
        ErrorAssert.Throws(() => Functional.Conv2d(Z(1, 2, 0, 5), Z(3, 2, 3, 3), padding: "same", backend: backend), "input",
            "Calculated padded input size per channel: (2 x 7). Kernel size: (3 x 3).");
        ErrorAssert.Throws(() => Functional.Conv2d(Z(1, 2, 0, 5), Z(3, 2, 3, 3), padding: 2, backend: backend), "input",
            "Only zero batch or zero channel inputs are supported, but got input shape: [1, 2, 0, 5]");
        ErrorAssert.Throws(() => Functional.ConvTranspose2d(Z(1, 2, 0, 5), Z(2, 3, 3, 3), backend: backend), "input",
            "Only zero batch or zero channel inputs are supported, but got input shape: [1, 2, 0, 5]");
    }

    [Theory, MemberData(nameof(Backends))]
    public void ZeroKernel_Refused(KernelBackend backend)
    {
        ErrorAssert.Throws(() => Functional.Conv2d(Z(1, 2, 5, 5), Z(3, 2, 0, 3), backend: backend), "weight",
            "kernel size should be greater than zero, but got kernel_height: 0 kernel_width: 3");
        ErrorAssert.Throws(() => Functional.Conv1d(Z(1, 2, 5), Z(3, 2, 0), backend: backend), "weight",
            "kernel size should be greater than zero, but got kernel_height: 1 kernel_width: 0");
        ErrorAssert.Throws(() => Functional.Conv3d(Z(1, 2, 5, 5, 5), Z(3, 2, 0, 3, 3), backend: backend), "weight",
            "kernel size should be greater than zero, but got: 0 x 3 x 3 (TxHxW)");
        ErrorAssert.Throws(() => Functional.ConvTranspose2d(Z(1, 2, 5, 5), Z(2, 3, 0, 3), backend: backend), "weight",
            "kernel size should be greater than zero, but got kernel_height: 0 kernel_width: 3");
        ErrorAssert.Throws(() => Functional.ConvTranspose3d(Z(1, 2, 5, 5, 5), Z(2, 3, 0, 3, 3), backend: backend), "weight",
            "non-empty 5D (n_output_plane x n_input_plane x kernel_depth x kernel_height x kernel_width) tensor expected for weight, but got: [2, 3, 0, 3, 3]");
        ErrorAssert.Throws(() => Functional.ConvTranspose2d(Z(1, 2, 3, 3), Z(2, 0, 3, 3), backend: backend), "weight",
            "non-empty 2D or 4D weight tensor expected, but got: [2, 0, 3, 3]");
    }

    [Theory, MemberData(nameof(Backends))]
    public void OutputPaddingTooLarge_OrOutputTooSmall_Refused(KernelBackend backend)
    {
        ErrorAssert.Throws(() => Functional.ConvTranspose2d(Z(1, 2, 5, 5), Z(2, 3, 3, 3), stride: 2, outputPadding: 2, backend: backend),
            "outputPadding", "output padding must be smaller than either stride or dilation, but got output_padding_height: 2 " +
            "output_padding_width: 2 stride_height: 2 stride_width: 2 dilation_height: 1 dilation_width: 1");
        ErrorAssert.Throws(() => Functional.ConvTranspose2d(Z(1, 2, 4, 4), Z(2, 3, 3, 3), stride: 2, outputPadding: (1, 2), backend: backend),
            "outputPadding", "output_padding_height: 1 output_padding_width: 2 stride_height: 2 stride_width: 2 dilation_height: 1 dilation_width: 1");
        ErrorAssert.Throws(() => Functional.ConvTranspose1d(Z(1, 2, 4), Z(2, 3, 3), stride: 2, outputPadding: 2, backend: backend),
            "outputPadding", "output padding must be smaller than either stride or dilation, but got output_padding_height: 0 " +
            "output_padding_width: 2 stride_height: 1 stride_width: 2 dilation_height: 1 dilation_width: 1");
        ErrorAssert.Throws(() => Functional.ConvTranspose3d(Z(1, 2, 4, 4, 4), Z(2, 3, 3, 3, 3), stride: 2, outputPadding: 2, backend: backend),
            "outputPadding", "output_padding_depth: 2 output_padding_height: 2 output_padding_width: 2 stride_depth: 2 stride_height: 2 " +
            "stride_width: 2 dilation_depth: 1 dilation_height: 1 dilation_width: 1");
        // Below the dilation is enough.
        Assert.Equal([1, 3, 10, 15], Tensors.Shape(Functional.ConvTranspose2d(Z(1, 2, 4, 4), Z(2, 3, 3, 3), stride: 2, outputPadding: (1, 2),
            dilation: (1, 3), backend: backend)));
        ErrorAssert.Throws(() => Functional.ConvTranspose2d(Z(1, 2, 1, 1), Z(2, 3, 1, 1), padding: 1, backend: backend), "input",
            "Given input size per channel: (1 x 1). Calculated output size per channel: (-1 x -1). Output size is too small");
        ErrorAssert.Throws(() => Functional.ConvTranspose1d(Z(1, 2, 1), Z(2, 3, 1), padding: 1, backend: backend), "input",
            "Given input size per channel: (1 x 1). Calculated output size per channel: (1 x -1). Output size is too small");
        ErrorAssert.Throws(() => Functional.ConvTranspose3d(Z(1, 2, 1, 1, 1), Z(2, 3, 1, 1, 1), padding: 1, backend: backend), "input",
            "Given input size per channel: (1 x 1 x 1). Calculated output size per channel: (-1 x -1 x -1). Output size is too small");
    }

    [Theory, MemberData(nameof(Backends))]
    public void Destination_WrongShapeNonDenseOrOverlapping_RefusedAndUntouched(KernelBackend backend)
    {
        float[] y = Fill.Constant(3 * 3 * 4, 7f);
        ErrorAssert.Throws(() => Functional.Conv2d(Z(1, 2, 5, 5), Z(3, 2, 3, 3), default, Tensors.Writable(y, 1, 3, 3, 4), backend: backend),
            "destination", "destination has shape [1, 3, 3, 4], expected [1, 3, 3, 3]");
        Assert.All(y, v => Assert.Equal(7f, v));
        float[] strided = new float[2 * 27];
        ErrorAssert.Throws(() => Functional.Conv2d(Z(1, 2, 5, 5), Z(3, 2, 3, 3), default,
            new TensorSpan<float>(strided, [1, 3, 3, 3], EveryOther(1, 3, 3, 3)), backend: backend), "destination", "must be dense");
        ErrorAssert.Throws(() => Functional.ConvTranspose1d(Z(1, 2, 4), Z(2, 3, 3), default, Tensors.Writable(new float[3 * 7], 1, 3, 7), backend: backend),
            "destination", "expected [1, 3, 6]");
        // The output overlapping a tensor it reads.
        float[] shared = new float[1 * 2 * 5 * 5 + 2];
        ErrorAssert.Throws(() => Functional.Conv2d(new ReadOnlyTensorSpan<float>(shared, [1, 2, 5, 5]), Z(3, 2, 3, 3), default,
            new TensorSpan<float>(shared.AsSpan(2, 27), [1, 3, 3, 3]), backend: backend), "destination", "overlaps input");
        float[] weightAndOutput = new float[3 * 2 * 9 + 3];
        ErrorAssert.Throws(() => Functional.Conv2d(Z(1, 2, 5, 5), new ReadOnlyTensorSpan<float>(weightAndOutput, [3, 2, 3, 3]), default,
            new TensorSpan<float>(weightAndOutput.AsSpan(30, 27), [1, 3, 3, 3]), backend: backend), "destination", "overlaps weight");
        float[] biasAndOutput = new float[30];
        ErrorAssert.Throws(() => Functional.Conv2d(Z(1, 2, 5, 5), Z(3, 2, 3, 3), new ReadOnlyTensorSpan<float>(biasAndOutput, [3]),
            new TensorSpan<float>(biasAndOutput.AsSpan(2, 27), [1, 3, 3, 3]), backend: backend), "destination", "overlaps bias");
        ErrorAssert.Throws(() => Functional.ChannelShuffle(new ReadOnlyTensorSpan<float>(shared, [1, 2, 5, 5]), 2,
            new TensorSpan<float>(shared.AsSpan(2, 50), [1, 2, 5, 5]), backend), "destination", "overlaps input");
        ErrorAssert.Throws(() => Functional.ChannelShuffle(Z(1, 2, 5, 5), 2, Tensors.Writable(new float[50], 2, 1, 5, 5), backend), "destination",
            "expected [1, 2, 5, 5]");
    }

    [Theory, MemberData(nameof(Backends))]
    public void NonDenseInputs_Refused(KernelBackend backend)
    {
        float[] data = new float[2 * 50];
        ErrorAssert.Throws(() => Functional.Conv2d(new ReadOnlyTensorSpan<float>(data, [1, 2, 5, 5], EveryOther(1, 2, 5, 5)), Z(3, 2, 3, 3),
            backend: backend), "input", "must be dense");
        float[] weight = new float[3 * 2 * 9 * 2];
        ErrorAssert.Throws(() => Functional.ConvTranspose2d(Z(1, 3, 5, 5), new ReadOnlyTensorSpan<float>(weight, [3, 2, 3, 3], EveryOther(3, 2, 3, 3)),
            backend: backend), "weight", "must be dense");
        ErrorAssert.Throws(() => Functional.Conv2d(Z(1, 2, 5, 5), Z(3, 2, 3, 3), new ReadOnlyTensorSpan<float>(new float[6], [3], EveryOther(3)),
            backend: backend), "bias", "must be dense");
        ErrorAssert.Throws(() => Functional.ChannelShuffle(new ReadOnlyTensorSpan<float>(data, [1, 2, 5, 5], EveryOther(1, 2, 5, 5)), 2, backend),
            "input", "must be dense");
    }

    [Theory, MemberData(nameof(Backends))]
    public void ChannelShuffle_Refusals(KernelBackend backend)
    {
        ErrorAssert.Throws(() => Functional.ChannelShuffle(Z(1, 4, 2, 2), 3, backend), "groups",
            "Number of channels must be divisible by groups. Got 4 channels and 3 groups.");
        ErrorAssert.Throws(() => Functional.ChannelShuffle(Z(1, 4, 2, 2), 0, backend), "groups",
            "Number of groups to divide channels in must be positive. Value of groups:0");
        ErrorAssert.Throws(() => Functional.ChannelShuffle(Z(1, 4, 2, 2), -1, backend), "groups",
            "Number of groups to divide channels in must be positive. Value of groups:-1");
        ErrorAssert.Throws(() => Functional.ChannelShuffle(Z(4, 2), 2, backend), "input",
            "channel_shuffle expects input with > 2 dims, but got input with sizes [4, 2]");
        ErrorAssert.Throws(() => Functional.ChannelShuffle(Z(4), 2, backend), "input",
            "channel_shuffle expects input with > 2 dims, but got input with sizes [4]");
    }

    [Fact]
    public void UnknownBackend_Refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Functional.Conv2d(Z(1, 2, 5, 5), Z(3, 2, 3, 3), backend: (KernelBackend)99));
        Assert.Throws<ArgumentOutOfRangeException>(() => Functional.ConvTranspose1d(Z(1, 2, 5), Z(2, 3, 3), backend: (KernelBackend)99));
        Assert.Throws<ArgumentOutOfRangeException>(() => Functional.ChannelShuffle(Z(1, 4, 2), 2, (KernelBackend)99));
        // Even when there is nothing to compute.
        Assert.Throws<ArgumentOutOfRangeException>(() => Functional.Conv2d(Z(0, 2, 5, 5), Z(3, 2, 3, 3), backend: (KernelBackend)99));
    }

    // Strides of a view that skips every other element of the last dimension (the data is twice the shape's size);
    // a dimension of length 1 gets stride 0, the only one System.Numerics.Tensors accepts there.
    private static nint[] EveryOther(params nint[] shape)
    {
        var strides = new nint[shape.Length];
        nint stride = 2;
        for (int i = shape.Length - 1; i >= 0; i--)
        {
            strides[i] = shape[i] == 1 ? 0 : stride;
            stride *= shape[i];
        }
        return strides;
    }
}
