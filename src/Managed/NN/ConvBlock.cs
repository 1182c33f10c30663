using System.Numerics.Tensors;
using System.Text;

namespace KernelLib.NN;

/// <summary>
/// A block of 2-D convolutions run one after another, which PyTorch leaves to the user as an <c>nn.Sequential</c>
/// subclass with named children. The block owns its layers: it passes its <see cref="Module.Backend"/> on to them,
/// disposes them, and counts parameters and FLOPs as their sum.
/// </summary>
public abstract class ConvBlock : Module
{
    private readonly string[] _names;
    private readonly Sequential _layers;
    private readonly string _summaryName;

    private protected ConvBlock(string description, params (string Name, Conv2d Layer)[] layers)
    {
        _names = layers.Select(l => l.Name).ToArray();
        Conv2d[] convs = layers.Select(l => l.Layer).ToArray();
        Layers = Array.AsReadOnly(convs);
        _layers = new Sequential(convs);
        _summaryName = $"{GetType().Name}({description})";
    }

    /// <summary>The layers in the order they run.</summary>
    public IReadOnlyList<Conv2d> Layers { get; }

    /// <inheritdoc/>
    public override long ParameterCount => _layers.ParameterCount;

    /// <inheritdoc/>
    public override Tensor<float> Forward(in ReadOnlyTensorSpan<float> input) => _layers.Forward(input);

    /// <inheritdoc/>
    public override ReadOnlySpan<nint> OutputShape(ReadOnlySpan<nint> inputShape) => _layers.OutputShape(inputShape);

    /// <summary>The sum of the layers' operation counts, each on its own input shape.</summary>
    /// <param name="inputShape">The block's input shape.</param>
    /// <returns>The operation count.</returns>
    public override long Flops(ReadOnlySpan<nint> inputShape) => _layers.Flops(inputShape);

    /// <summary>The block's layers as <see cref="Sequential.Summary"/> lists them: shapes, parameters and FLOPs per layer.</summary>
    /// <param name="inputShape">The block's input shape.</param>
    /// <returns>The table, lines separated by '\n'.</returns>
    /// <exception cref="ArgumentException">A layer cannot take the shape it would receive.</exception>
    public string Summary(ReadOnlySpan<nint> inputShape) => _layers.Summary(inputShape);

    /// <summary>PyTorch's representation of an <c>nn.Sequential</c> subclass: one <c>(name): layer</c> line per layer.</summary>
    /// <returns>The representation.</returns>
    public override string ToString()
    {
        var text = new StringBuilder(GetType().Name).Append("(\n");
        for (int i = 0; i < _names.Length; i++)
        {
            text.Append("  (").Append(_names[i]).Append("): ").Append(_layers[i]).Append('\n');
        }
        return text.Append(')').ToString();
    }

    /// <inheritdoc/>
    protected override void OnBackendChanged(KernelBackend backend) => _layers.Backend = backend;

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _layers.Dispose();
        }
        base.Dispose(disposing);
    }

    internal override string SummaryName => _summaryName;

    /// <summary>
    /// The k x k convolution the block stands in for, as its repr's arguments: "32, 64, kernel_size=(3, 3), stride=(1, 1)".
    /// </summary>
    private protected static string Describe(int inChannels, int outChannels, Size2 kernelSize, Size2? stride,
        ConvPadding padding, Size2? dilation, bool bias) =>
        new ConvSettings(false, inChannels, outChannels, Conv2d.Dims(kernelSize), Conv2d.Dims(stride ?? 1), padding,
            Conv2d.Dims(dilation ?? 1), [0, 0], 1, bias, PaddingMode.Zeros).Repr();

    /// <summary>The k x 1 half of a k x k convolution: the height's kernel, stride, padding and dilation.</summary>
    private protected static Conv2d VerticalHalf(int inChannels, int outChannels, Size2 kernel, Size2? stride,
        ConvPadding padding, Size2? dilation, int groups, bool bias, Random? generator) =>
        new(inChannels, outChannels, (kernel.Height, 1), ((stride ?? 1).Height, 1), Split(padding).Vertical,
            ((dilation ?? 1).Height, 1), groups, bias, generator: generator);

    /// <summary>The 1 x k half of a k x k convolution: the width's kernel, stride, padding and dilation.</summary>
    private protected static Conv2d HorizontalHalf(int inChannels, int outChannels, Size2 kernel, Size2? stride,
        ConvPadding padding, Size2? dilation, int groups, bool bias, Random? generator) =>
        new(inChannels, outChannels, (1, kernel.Width), (1, (stride ?? 1).Width), Split(padding).Horizontal,
            (1, (dilation ?? 1).Width), groups, bias, generator: generator);

    /// <summary>
    /// A 2-D padding split between a k x 1 and a 1 x k convolution: (h, w) becomes (h, 0) and (0, w); "same" and
    /// "valid" apply to both.
    /// </summary>
    private static (ConvPadding Vertical, ConvPadding Horizontal) Split(ConvPadding padding)
    {
        if (padding.IsSame || padding.IsValid)
        {
            return (padding, padding);
        }
        int[] hw = padding.Explicit(2);
        return ((hw[0], 0), (0, hw[1]));
    }
}
