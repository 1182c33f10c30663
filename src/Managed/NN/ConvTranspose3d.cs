namespace KernelLib.NN;

/// <summary>
/// 3-D transposed convolution over <c>(N, C, D, H, W)</c> or <c>(C, D, H, W)</c>, like
/// <c>torch.nn.ConvTranspose3d</c>. See <see cref="ConvNd"/> for parameters and plans, <see cref="ConvTransposeNd"/>
/// for choosing the output size per call.
/// </summary>
public sealed class ConvTranspose3d : ConvTransposeNd
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
    public ConvTranspose3d(int inChannels, int outChannels, Size3 kernelSize, Size3? stride = null, Size3 padding = default,
        Size3 outputPadding = default, int groups = 1, bool bias = true, Size3? dilation = null, Random? generator = null)
        : base(new ConvSettings(true, inChannels, outChannels, Conv3d.Dims(kernelSize), Conv3d.Dims(stride ?? 1),
            (padding.Depth, padding.Height, padding.Width), Conv3d.Dims(dilation ?? 1), Conv3d.Dims(outputPadding),
            groups, bias, PaddingMode.Zeros), generator)
    {
    }

    /// <summary>Window size.</summary>
    public Size3 KernelSize => new(Settings.KernelSize[0], Settings.KernelSize[1], Settings.KernelSize[2]);

    /// <summary>Step between input positions in the output.</summary>
    public Size3 Stride => new(Settings.Stride[0], Settings.Stride[1], Settings.Stride[2]);

    /// <summary>Removed from both ends of each output dimension.</summary>
    public Size3 Padding
    {
        get
        {
            int[] padding = Settings.Padding.Explicit(3);
            return new(padding[0], padding[1], padding[2]);
        }
    }

    /// <summary>Added at the end of each output dimension when a forward pass is not given an output size.</summary>
    public Size3 OutputPadding => new(OutputPaddingValues[0], OutputPaddingValues[1], OutputPaddingValues[2]);

    /// <summary>Distance between window taps.</summary>
    public Size3 Dilation => new(Settings.Dilation[0], Settings.Dilation[1], Settings.Dilation[2]);
}
