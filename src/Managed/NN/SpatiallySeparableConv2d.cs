namespace KernelLib.NN;

/// <summary>
/// A k x k convolution factored along the axes: a k x 1 convolution, then a 1 x k one (as Inception v3 factors its
/// n x n convolutions).
/// <list type="bullet">
/// <item><c>vertical</c>: <c>Conv2d(in, in, (kh, 1), (sh, 1), (ph, 0), (dh, 1))</c>;</item>
/// <item><c>horizontal</c>: <c>Conv2d(in, out, (1, kw), (1, sw), (0, pw), (1, dw))</c>.</item>
/// </list>
/// Stride, padding and dilation are split between the two, so the output has the shape of a plain
/// <c>Conv2d(in, out, k, stride, padding, dilation)</c>'s; <c>"same"</c> and <c>"valid"</c> apply to both. It has
/// <c>in * k * (in + out)</c> weights instead of <c>in * out * k*k</c>: <c>k * out / (in + out)</c> times fewer (k/2
/// when in == out). With <c>bias</c>, both layers have one.
/// </summary>
public sealed class SpatiallySeparableConv2d : ConvBlock
{
    /// <summary>Creates the block; each layer is initialised as PyTorch initialises a <c>Conv2d</c>.</summary>
    /// <param name="inChannels">Channels of the input, at least 0.</param>
    /// <param name="outChannels">Channels of the output, at least 0.</param>
    /// <param name="kernelSize">The k x k window being factored: (kh, kw).</param>
    /// <param name="stride">(sh, sw), defaults to 1.</param>
    /// <param name="padding">(ph, pw), or <c>"same"</c> / <c>"valid"</c>; defaults to none.</param>
    /// <param name="dilation">(dh, dw), defaults to 1.</param>
    /// <param name="bias">Whether each layer learns an additive bias.</param>
    /// <param name="generator">The random source for the initial parameters, drawn from in layer order; <see cref="Random.Shared"/> when null.</param>
    /// <exception cref="ArgumentException">A parameter breaks PyTorch's rules for either layer.</exception>
    public SpatiallySeparableConv2d(int inChannels, int outChannels, Size2 kernelSize, Size2? stride = null,
        ConvPadding padding = default, Size2? dilation = null, bool bias = true, Random? generator = null)
        : base(Describe(inChannels, outChannels, kernelSize, stride, padding, dilation, bias),
            ("vertical", VerticalHalf(inChannels, inChannels, kernelSize, stride, padding, dilation, 1, bias, generator)),
            ("horizontal", HorizontalHalf(inChannels, outChannels, kernelSize, stride, padding, dilation, 1, bias, generator)))
    {
    }

    /// <summary>The k x 1 layer.</summary>
    public Conv2d Vertical => Layers[0];

    /// <summary>The 1 x k layer.</summary>
    public Conv2d Horizontal => Layers[1];
}
