namespace KernelLib.NN;

/// <summary>
/// 1-D convolution over <c>(N, C, L)</c> or <c>(C, L)</c>, like <c>torch.nn.Conv1d</c>. See <see cref="ConvNd"/>
/// for parameters and plans.
/// </summary>
public sealed class Conv1d : ConvNd
{
    /// <summary>Creates the layer with PyTorch's initialisation (see <see cref="ConvNd.ResetParameters"/>).</summary>
    /// <param name="inChannels">Channels of the input, at least 0.</param>
    /// <param name="outChannels">Channels of the output, at least 0.</param>
    /// <param name="kernelSize">Window size, greater than zero.</param>
    /// <param name="stride">Window step, greater than zero.</param>
    /// <param name="padding">Implicit padding on each side, or <c>"same"</c> / <c>"valid"</c>; defaults to none.</param>
    /// <param name="dilation">Distance between window taps, greater than zero.</param>
    /// <param name="groups">Groups of channels, dividing both channel counts.</param>
    /// <param name="bias">Whether the layer learns an additive bias.</param>
    /// <param name="paddingMode">How the padding is filled.</param>
    /// <param name="generator">The random source for the initial parameters; <see cref="Random.Shared"/> when null.</param>
    /// <exception cref="ArgumentException">A parameter breaks PyTorch's rules.</exception>
    public Conv1d(int inChannels, int outChannels, int kernelSize, int stride = 1, ConvPadding padding = default,
        int dilation = 1, int groups = 1, bool bias = true, PaddingMode paddingMode = PaddingMode.Zeros,
        Random? generator = null)
        : base(new ConvSettings(false, inChannels, outChannels, [kernelSize], [stride], padding, [dilation], [0],
            groups, bias, paddingMode), generator)
    {
    }

    /// <summary>Window size.</summary>
    public int KernelSize => Settings.KernelSize[0];

    /// <summary>Window step.</summary>
    public int Stride => Settings.Stride[0];

    /// <summary>Implicit padding, as given.</summary>
    public ConvPadding Padding => Settings.Padding;

    /// <summary>Distance between window taps.</summary>
    public int Dilation => Settings.Dilation[0];

    /// <summary>How the padding is filled.</summary>
    public PaddingMode PaddingMode => Settings.PaddingMode;
}
