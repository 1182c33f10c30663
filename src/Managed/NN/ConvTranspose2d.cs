namespace KernelLib.NN;

/// <summary>
/// 2-D transposed convolution over <c>(N, C, H, W)</c> or <c>(C, H, W)</c>, like <c>torch.nn.ConvTranspose2d</c>
/// (the gradient of <see cref="Conv2d"/> with respect to its input). See <see cref="ConvNd"/> for parameters and
/// plans, <see cref="ConvTransposeNd"/> for choosing the output size per call.
/// </summary>
public sealed class ConvTranspose2d : ConvTransposeNd
{
    /// <summary>Creates the layer with PyTorch's initialisation (see <see cref="ConvNd.ResetParameters"/>).</summary>
    /// <param name="inChannels">Channels of the input, at least 0.</param>
    /// <param name="outChannels">Channels of the output, at least 0.</param>
    /// <param name="kernelSize">Window size, greater than zero.</param>
    /// <param name="stride">Step between input positions in the output, greater than zero; defaults to 1.</param>
    /// <param name="padding">Removed from both ends of each output dimension, at least 0.</param>
    /// <param name="outputPadding">Added at the end of each output dimension; smaller than the stride or the dilation.</param>
    /// <param name="groups">Groups of channels, dividing both channel counts.</param>
    /// <param name="bias">Whether the layer learns an additive bias.</param>
    /// <param name="dilation">Distance between window taps, greater than zero; defaults to 1.</param>
    /// <param name="generator">The random source for the initial parameters; <see cref="Random.Shared"/> when null.</param>
    /// <exception cref="ArgumentException">A parameter breaks PyTorch's rules.</exception>
    public ConvTranspose2d(int inChannels, int outChannels, Size2 kernelSize, Size2? stride = null, Size2 padding = default,
        Size2 outputPadding = default, int groups = 1, bool bias = true, Size2? dilation = null, Random? generator = null)
        : base(new ConvSettings(true, inChannels, outChannels, Conv2d.Dims(kernelSize), Conv2d.Dims(stride ?? 1),
            (padding.Height, padding.Width), Conv2d.Dims(dilation ?? 1), Conv2d.Dims(outputPadding), groups, bias,
            PaddingMode.Zeros), generator)
    {
    }

    /// <summary>Window size.</summary>
    public Size2 KernelSize => new(Settings.KernelSize[0], Settings.KernelSize[1]);

    /// <summary>Step between input positions in the output.</summary>
    public Size2 Stride => new(Settings.Stride[0], Settings.Stride[1]);

    /// <summary>Removed from both ends of each output dimension.</summary>
    public Size2 Padding
    {
        get
        {
            int[] padding = Settings.Padding.Explicit(2);
            return new(padding[0], padding[1]);
        }
    }

    /// <summary>Added at the end of each output dimension when a forward pass is not given an output size.</summary>
    public Size2 OutputPadding => new(OutputPaddingValues[0], OutputPaddingValues[1]);

    /// <summary>Distance between window taps.</summary>
    public Size2 Dilation => new(Settings.Dilation[0], Settings.Dilation[1]);
}
