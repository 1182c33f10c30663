using System.Numerics.Tensors;

namespace KernelLib.NN;

/// <summary>
/// Base class of every layer, like <c>torch.nn.Module</c>: a forward pass, shape inference without data, parameter
/// and FLOP counts for <see cref="Sequential.Summary"/>, and a PyTorch-style <see cref="ToString"/>.
/// </summary>
public abstract class Module : IDisposable
{
    private KernelBackend _backend = KernelBackend.Auto;

    /// <summary>Runs the layer on <paramref name="input"/> into a new tensor.</summary>
    /// <param name="input">The layer's input, dense.</param>
    /// <returns>The layer's output.</returns>
    public abstract Tensor<float> Forward(in ReadOnlyTensorSpan<float> input);

    /// <summary>The shape <see cref="Forward"/> would return for an input of <paramref name="inputShape"/>; validates it like a dry run.</summary>
    /// <param name="inputShape">The input's shape.</param>
    /// <returns>The output's shape.</returns>
    /// <exception cref="ArgumentException">The layer cannot take an input of that shape.</exception>
    public abstract ReadOnlySpan<nint> OutputShape(ReadOnlySpan<nint> inputShape);

    /// <summary>The number of learnable parameters (weights and biases).</summary>
    public virtual long ParameterCount => 0;

    /// <summary>The floating-point operations of one forward pass: 2 per multiply-add, 1 per comparison.</summary>
    /// <param name="inputShape">The input's shape.</param>
    /// <returns>The operation count.</returns>
    public virtual long Flops(ReadOnlySpan<nint> inputShape) => 0;

    /// <summary>Which implementation this instance's forward passes use; per instance, never global.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a defined <see cref="KernelBackend"/>.</exception>
    public KernelBackend Backend
    {
        get => _backend;
        set
        {
            BackendSelector.RequireDefined(value, nameof(value));
            _backend = value;
            OnBackendChanged(value);
        }
    }

    /// <summary>The PyTorch representation, e.g. <c>Linear(in_features=3, out_features=4, bias=True)</c>.</summary>
    /// <returns>The type name followed by <see cref="ExtraRepr"/> in parentheses.</returns>
    public override string ToString() => $"{GetType().Name}({ExtraRepr()})";

    /// <summary>Releases native resources (such as pre-packed weight plans) now rather than at finalization.</summary>
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the layer's resources; children and plans are disposed when <paramref name="disposing"/> is true.</summary>
    /// <param name="disposing">True when called from <see cref="Dispose()"/>.</param>
    protected virtual void Dispose(bool disposing)
    {
    }

    /// <summary>The layer's settings as PyTorch's <c>extra_repr</c> prints them, e.g. <c>inplace=True</c>.</summary>
    /// <returns>The settings, or an empty string.</returns>
    protected virtual string ExtraRepr() => "";

    /// <summary>Called after <see cref="Backend"/> changes, so containers can pass it on.</summary>
    /// <param name="backend">The new backend.</param>
    protected virtual void OnBackendChanged(KernelBackend backend)
    {
    }

    /// <summary>The one-line description in a summary table.</summary>
    internal virtual string SummaryName => ToString();
}
