namespace KernelLib.Benchmarks;

/// <summary>
/// The geometry of a convolution suite case (shared/BENCH_SUITE.md): square images, kernels, strides, padding and
/// dilation, NCHW. A transposed case is described by its own input and output channels, as
/// <see cref="NN.ConvTranspose2d"/> takes them.
/// </summary>
internal sealed record ConvCase(string Id, bool Transposed, int Batch, int InChannels, int OutChannels, int Size,
    int Kernel, int Stride = 1, int Pad = 0, int Dilation = 1, int Groups = 1)
{
    public static readonly string[] Ids = ["C1", "C2", "C3", "C4", "C5", "C6", "C7", "C8", "C9", "T1"];

    public static ConvCase Of(string id) => id switch
    {
        "C1" => new(id, false, 1, 3, 64, 224, 7, Stride: 2, Pad: 3),
        "C2" => new(id, false, 1, 64, 64, 56, 3, Pad: 1),
        "C3" => new(id, false, 1, 256, 64, 56, 1),
        "C4" => new(id, false, 1, 256, 256, 14, 3, Pad: 1),
        "C5" => new(id, false, 1, 144, 144, 56, 3, Pad: 1, Groups: 144),
        "C6" => new(id, false, 1, 96, 96, 112, 3, Stride: 2, Pad: 1, Groups: 96),
        "C7" => new(id, false, 1, 128, 128, 56, 3, Pad: 1, Groups: 32),
        "C8" => new(id, false, 1, 64, 64, 56, 3, Pad: 2, Dilation: 2),
        "C9" => new(id, false, 8, 64, 64, 56, 3, Pad: 1),
        "T1" => new(id, true, 1, 64, 32, 28, 4, Stride: 2, Pad: 1),
        _ => throw new ArgumentOutOfRangeException(nameof(id), id, "not a convolution suite case"),
    };

    public int OutSize => Transposed
        ? (Size - 1) * Stride - 2 * Pad + Dilation * (Kernel - 1) + 1
        : (Size + 2 * Pad - Dilation * (Kernel - 1) - 1) / Stride + 1;

    /// <summary>
    /// The suite's rule: <c>2*N*K*(C/g)*R*S*OH*OW</c>, bias not counted; a transposed case counts the forward
    /// convolution it transposes, which maps this case's output back to its input.
    /// </summary>
    public double Flops => Transposed
        ? 2.0 * Batch * InChannels * (OutChannels / Groups) * Kernel * Kernel * Size * Size
        : 2.0 * Batch * OutChannels * (InChannels / Groups) * Kernel * Kernel * OutSize * OutSize;

    public long InputLength => (long)Batch * InChannels * Size * Size;
    public long OutputLength => (long)Batch * OutChannels * OutSize * OutSize;
    public nint[] InputShape => [Batch, InChannels, Size, Size];
    public nint[] OutputShape => [Batch, OutChannels, OutSize, OutSize];

    /// <summary>PyTorch's weight layout: [out, in/g, k, k], or [in, out/g, k, k] when transposed.</summary>
    public nint[] WeightShape => Transposed
        ? [InChannels, OutChannels / Groups, Kernel, Kernel]
        : [OutChannels, InChannels / Groups, Kernel, Kernel];

    public long WeightLength => (long)InChannels * (OutChannels / Groups) * Kernel * Kernel;

    /// <summary>The module a user creates for this case.</summary>
    public NN.ConvNd CreateLayer() => Transposed
        ? new NN.ConvTranspose2d(InChannels, OutChannels, Kernel, Stride, Pad, groups: Groups, dilation: Dilation)
        : new NN.Conv2d(InChannels, OutChannels, Kernel, Stride, Pad, Dilation, Groups);
}
