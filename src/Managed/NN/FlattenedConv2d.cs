namespace KernelLib.NN;

/// <summary>
/// A flattened convolution (Jin, Dundar and Culurciello, "Flattened convolutional neural networks for feedforward
/// acceleration", 2014): a k x k convolution replaced by three 1-D convolutions, one along each axis of the filter.
/// <list type="bullet">
/// <item><c>lateral</c>: <c>Conv2d(in, out, 1)</c>, along the channels;</item>
/// <item><c>vertical</c>: <c>Conv2d(out, out, (kh, 1), (sh, 1), (ph, 0), (dh, 1), groups: out)</c>, along the height,
/// each channel on its own;</item>
/// <item><c>horizontal</c>: <c>Conv2d(out, out, (1, kw), (1, sw), (0, pw), (1, dw), groups: out)</c>, along the
/// width, each channel on its own.</item>
/// </list>
/// Stride, padding and dilation are split between the vertical and horizontal layers, so the output has the shape of
/// a plain <c>Conv2d(in, out, k, stride, padding, dilation)</c>'s; <c>"same"</c> and <c>"valid"</c> apply to both.
/// Each output filter is rank one (channels x column x row), with <c>out * (in + kh + kw)</c> weights instead of
/// <c>in * out * kh*kw</c>. With <c>bias</c>, every layer has one.
/// </summary>
public sealed class FlattenedConv2d : ConvBlock
{
    /// <summary>Creates the block; each layer is initialised as PyTorch initialises a <c>Conv2d</c>.</summary>
    /// <param name="inChannels">Channels of the input, at least 0.</param>
    /// <param name="outChannels">Channels of the output, at least 1.</param>
    /// <param name="kernelSize">The k x k window being flattened: (kh, kw).</param>
    /// <param name="stride">(sh, sw), defaults to 1.</param>
    /// <param name="padding">(ph, pw), or <c>"same"</c> / <c>"valid"</c>; defaults to none.</param>
    /// <param name="dilation">(dh, dw), defaults to 1.</param>
    /// <param name="bias">Whether each layer learns an additive bias.</param>
    /// <param name="generator">The random source for the initial parameters, drawn from in layer order; <see cref="Random.Shared"/> when null.</param>
    /// <exception cref="ArgumentException">A parameter breaks PyTorch's rules for any layer.</exception>
    public FlattenedConv2d(int inChannels, int outChannels, Size2 kernelSize, Size2? stride = null,
        ConvPadding padding = default, Size2? dilation = null, bool bias = true, Random? generator = null)
        : base(Describe(inChannels, outChannels, kernelSize, stride, padding, dilation, bias),
            ("lateral", new Conv2d(inChannels, outChannels, 1, bias: bias, generator: generator)),
            ("vertical", VerticalHalf(outChannels, outChannels, kernelSize, stride, padding, dilation, outChannels, bias, generator)),
            ("horizontal", HorizontalHalf(outChannels, outChannels, kernelSize, stride, padding, dilation, outChannels, bias, generator)))
    {
    }

    /// <summary>The 1 x 1 layer along the channels.</summary>
    public Conv2d Lateral => Layers[0];

    /// <summary>The depthwise k x 1 layer.</summary>
    public Conv2d Vertical => Layers[1];

    /// <summary>The depthwise 1 x k layer.</summary>
    public Conv2d Horizontal => Layers[2];
}
