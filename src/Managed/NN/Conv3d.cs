namespace KernelLib.NN;

/// <summary>
/// 3-D convolution over <c>(N, C, D, H, W)</c> or <c>(C, D, H, W)</c>, like <c>torch.nn.Conv3d</c>. See
/// <see cref="ConvNd"/> for parameters and plans.
/// </summary>
public sealed class Conv3d : ConvNd
{
    /// <summary>Creates the layer with PyTorch's initialisation (see <see cref="ConvNd.ResetParameters"/>).</summary>
    /// <param name="inChannels">Channels of the input, at least 0.</param>
    /// <param name="outChannels">Channels of the output, at least 0.</param>
    /// <param name="kernelSize">Window size, greater than zero.</param>
    /// <param name="stride">Window step, greater than zero; defaults to 1.</param>
    /// <param name="padding">Implicit padding on each side, or <c>"same"</c> / <c>"valid"</c>; defaults to none.</param>
    /// <param name="dilation">Distance between window taps, greater than zero; defaults to 1.</param>
    /// <param name="groups">Groups of channels, dividing both channel counts.</param>
    /// <param name="bias">Whether the layer learns an additive bias.</param>
    /// <param name="paddingMode">How the padding is filled.</param>
    /// <param name="generator">The random source for the initial parameters; <see cref="Random.Shared"/> when null.</param>
    /// <exception cref="ArgumentException">A parameter breaks PyTorch's rules.</exception>
    public Conv3d(int inChannels, int outChannels, Size3 kernelSize, Size3? stride = null, ConvPadding padding = default,
        Size3? dilation = null, int groups = 1, bool bias = true, PaddingMode paddingMode = PaddingMode.Zeros,
        Random? generator = null)
        : base(new ConvSettings(false, inChannels, outChannels, Dims(kernelSize), Dims(stride ?? 1), padding,
            Dims(dilation ?? 1), [0, 0, 0], groups, bias, paddingMode), generator)
    {
    }

    /// <summary>Window size.</summary>
    public Size3 KernelSize => new(Settings.KernelSize[0], Settings.KernelSize[1], Settings.KernelSize[2]);

    /// <summary>Window step.</summary>
    public Size3 Stride => new(Settings.Stride[0], Settings.Stride[1], Settings.Stride[2]);

    /// <summary>Implicit padding, as given.</summary>
    public ConvPadding Padding => Settings.Padding;

    /// <summary>Distance between window taps.</summary>
    public Size3 Dilation => new(Settings.Dilation[0], Settings.Dilation[1], Settings.Dilation[2]);

    /// <summary>How the padding is filled.</summary>
    public PaddingMode PaddingMode => Settings.PaddingMode;

    internal static int[] Dims(Size3 size) => [size.Depth, size.Height, size.Width];
}
