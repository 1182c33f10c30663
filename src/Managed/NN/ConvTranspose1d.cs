namespace KernelLib.NN;

/// <summary>
/// 1-D transposed convolution over <c>(N, C, L)</c> or <c>(C, L)</c>, like <c>torch.nn.ConvTranspose1d</c>. See
/// <see cref="ConvNd"/> for parameters and plans, <see cref="ConvTransposeNd"/> for choosing the output size per call.
/// </summary>
public sealed class ConvTranspose1d : ConvTransposeNd
{
    /// <summary>Creates the layer with PyTorch's initialisation (see <see cref="ConvNd.ResetParameters"/>).</summary>
    /// <param name="inChannels">Channels of the input, at least 0.</param>
    /// <param name="outChannels">Channels of the output, at least 0.</param>
    /// <param name="kernelSize">Window size, greater than zero.</param>
    /// <param name="stride">Step between input positions in the output, greater than zero.</param>
    /// <param name="padding">Removed from both ends of the output, at least 0.</param>
    /// <param name="outputPadding">Added at the end of the output; smaller than the stride or the dilation.</param>
    /// <param name="groups">Groups of channels, dividing both channel counts.</param>
    /// <param name="bias">Whether the layer learns an additive bias.</param>
    /// <param name="dilation">Distance between window taps, greater than zero.</param>
    /// <param name="generator">The random source for the initial parameters; <see cref="Random.Shared"/> when null.</param>
    /// <exception cref="ArgumentException">A parameter breaks PyTorch's rules.</exception>
    public ConvTranspose1d(int inChannels, int outChannels, int kernelSize, int stride = 1, int padding = 0,
        int outputPadding = 0, int groups = 1, bool bias = true, int dilation = 1, Random? generator = null)
        : base(new ConvSettings(true, inChannels, outChannels, [kernelSize], [stride], padding, [dilation],
            [outputPadding], groups, bias, PaddingMode.Zeros), generator)
    {
    }

    /// <summary>Window size.</summary>
    public int KernelSize => Settings.KernelSize[0];

    /// <summary>Step between input positions in the output.</summary>
    public int Stride => Settings.Stride[0];

    /// <summary>Removed from both ends of the output.</summary>
    public int Padding => Settings.Padding.Explicit(1)[0];

    /// <summary>Added at the end of the output when a forward pass is not given an output size.</summary>
    public int OutputPadding => OutputPaddingValues[0];

    /// <summary>Distance between window taps.</summary>
    public int Dilation => Settings.Dilation[0];
}
