namespace KernelLib.NN;

/// <summary>
/// The MobileNet block: a depthwise k x k convolution, then a pointwise 1 x 1 convolution.
/// <list type="bullet">
/// <item><c>depthwise</c>: <c>Conv2d(in, in * depthMultiplier, k, stride, padding, dilation, groups: in)</c>, each
/// input channel filtered on its own (by <c>depthMultiplier</c> filters);</item>
/// <item><c>pointwise</c>: <c>Conv2d(in * depthMultiplier, out, 1)</c>, mixing the channels.</item>
/// </list>
/// The output has the shape of a plain <c>Conv2d(in, out, k, stride, padding, dilation)</c>'s, for
/// <c>in * m * (k*k + out)</c> weights instead of <c>in * out * k*k</c> (m = depthMultiplier): about k*k times fewer
/// when <c>out</c> is much larger than k*k, and as many times fewer FLOPs. With <c>bias</c>, both layers have one, as
/// in the usual PyTorch version of the block.
/// </summary>
public sealed class DepthwiseSeparableConv2d : ConvBlock
{
    /// <summary>Creates the block; each layer is initialised as PyTorch initialises a <c>Conv2d</c>.</summary>
    /// <param name="inChannels">Channels of the input, at least 1.</param>
    /// <param name="outChannels">Channels of the output, at least 0.</param>
    /// <param name="kernelSize">The depthwise window size.</param>
    /// <param name="stride">The depthwise window step; defaults to 1.</param>
    /// <param name="padding">The depthwise padding, or <c>"same"</c> / <c>"valid"</c>; defaults to none.</param>
    /// <param name="dilation">The depthwise dilation; defaults to 1.</param>
    /// <param name="bias">Whether each layer learns an additive bias.</param>
    /// <param name="depthMultiplier">Depthwise filters per input channel, at least 1.</param>
    /// <param name="generator">The random source for the initial parameters, drawn from in layer order; <see cref="Random.Shared"/> when null.</param>
    /// <exception cref="ArgumentException">A parameter breaks PyTorch's rules for either layer.</exception>
    public DepthwiseSeparableConv2d(int inChannels, int outChannels, Size2 kernelSize, Size2? stride = null,
        ConvPadding padding = default, Size2? dilation = null, bool bias = true, int depthMultiplier = 1,
        Random? generator = null)
        : base(Describe(inChannels, outChannels, kernelSize, stride, padding, dilation, bias) +
               (depthMultiplier == 1 ? "" : $", depth_multiplier={depthMultiplier}"),
            ("depthwise", new Conv2d(inChannels, checked(inChannels * Positive(depthMultiplier)), kernelSize, stride,
                padding, dilation, groups: inChannels, bias: bias, generator: generator)),
            ("pointwise", new Conv2d(inChannels * depthMultiplier, outChannels, 1, bias: bias, generator: generator)))
    {
        DepthMultiplier = depthMultiplier;
    }

    /// <summary>Depthwise filters per input channel.</summary>
    public int DepthMultiplier { get; }

    /// <summary>The depthwise k x k layer.</summary>
    public Conv2d Depthwise => Layers[0];

    /// <summary>The pointwise 1 x 1 layer.</summary>
    public Conv2d Pointwise => Layers[1];

    private static int Positive(int depthMultiplier)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(depthMultiplier);
        return depthMultiplier;
    }
}
