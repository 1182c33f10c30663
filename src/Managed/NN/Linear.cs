using System.Numerics.Tensors;
using KernelLib.Interop;

namespace KernelLib.NN;

/// <summary>
/// A fully connected layer, <c>y = x W^T + b</c>, like <c>torch.nn.Linear</c>. On the native backend, forward passes
/// run a plan that packed W once (created on first use, rebuilt when the parameters change, freed by
/// <see cref="Module.Dispose()"/>); forward passes may run from several threads at once, but not while the
/// parameters are being replaced.
/// </summary>
public sealed class Linear : Module
{
    private readonly float[] _weight;
    private readonly float[] _bias;
    private readonly Lock _planLock = new();
    private PlanHandle? _plan;
    private bool _disposed;

    /// <summary>Creates the layer with PyTorch's initialisation (see <see cref="ResetParameters"/>).</summary>
    /// <param name="inFeatures">Size of each input sample, at least 0.</param>
    /// <param name="outFeatures">Size of each output sample, at least 0.</param>
    /// <param name="bias">Whether the layer learns an additive bias.</param>
    /// <param name="generator">The random source for the initial parameters; <see cref="Random.Shared"/> when null.</param>
    /// <exception cref="ArgumentOutOfRangeException">A feature count is negative.</exception>
    public Linear(int inFeatures, int outFeatures, bool bias = true, Random? generator = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(inFeatures);
        ArgumentOutOfRangeException.ThrowIfNegative(outFeatures);
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        HasBias = bias;
        _weight = new float[checked(inFeatures * outFeatures)];
        _bias = bias ? new float[outFeatures] : [];
        ResetParameters(generator);
    }

    /// <summary>Size of each input sample.</summary>
    public int InFeatures { get; }

    /// <summary>Size of each output sample.</summary>
    public int OutFeatures { get; }

    /// <summary>Whether the layer adds a bias.</summary>
    public bool HasBias { get; }

    /// <summary>The weight, shape <c>[OutFeatures, InFeatures]</c>; replace it with <see cref="SetParameters(in ReadOnlyTensorSpan{float})"/>.</summary>
    public ReadOnlyTensorSpan<float> Weight => new(_weight, [OutFeatures, InFeatures]);

    /// <summary>The bias, shape <c>[OutFeatures]</c>, or an empty span when the layer has none.</summary>
    public ReadOnlyTensorSpan<float> Bias => HasBias ? new(_bias, [OutFeatures]) : ReadOnlyTensorSpan<float>.Empty;

    /// <inheritdoc/>
    public override long ParameterCount => _weight.LongLength + _bias.LongLength;

    /// <summary>
    /// Which implementation <see cref="Forward(in ReadOnlyTensorSpan{float})"/> runs with the current
    /// <see cref="Module.Backend"/>: the native plan's name, e.g. "linear/packed-gemm/avx2", or "managed".
    /// </summary>
    public string Implementation =>
        BackendSelector.UseNative(Backend) ? NativeLinear.Implementation(Plan()) : "managed";

    /// <summary>Copies a new weight and bias into the layer (and repacks the native plan).</summary>
    /// <param name="weight">Dense, shape <c>[OutFeatures, InFeatures]</c>.</param>
    /// <param name="bias">Dense, shape <c>[OutFeatures]</c>.</param>
    /// <exception cref="ArgumentException">A tensor is not dense or has the wrong shape, or the layer has no bias.</exception>
    public void SetParameters(in ReadOnlyTensorSpan<float> weight, in ReadOnlyTensorSpan<float> bias)
    {
        if (!HasBias)
        {
            throw new ArgumentException("This Linear was created with bias=False; use SetParameters(weight).", nameof(bias));
        }
        RequireParameter(weight, [OutFeatures, InFeatures], nameof(weight));
        RequireParameter(bias, [OutFeatures], nameof(bias));
        DenseSpans.Read(weight).CopyTo(_weight);
        DenseSpans.Read(bias).CopyTo(_bias);
        InvalidatePlan();
    }

    /// <summary>Copies a new weight into the layer (and repacks the native plan); a bias, if any, is kept.</summary>
    /// <param name="weight">Dense, shape <c>[OutFeatures, InFeatures]</c>.</param>
    /// <exception cref="ArgumentException">The tensor is not dense or has the wrong shape.</exception>
    public void SetParameters(in ReadOnlyTensorSpan<float> weight)
    {
        RequireParameter(weight, [OutFeatures, InFeatures], nameof(weight));
        DenseSpans.Read(weight).CopyTo(_weight);
        InvalidatePlan();
    }

    /// <summary>
    /// PyTorch's initialisation: weight ~ U(-1/sqrt(in), 1/sqrt(in)) (kaiming_uniform with a = sqrt(5)) and
    /// bias ~ U(-1/sqrt(in), 1/sqrt(in)); zeros when InFeatures is 0.
    /// </summary>
    /// <param name="generator">The random source; <see cref="Random.Shared"/> when null.</param>
    public void ResetParameters(Random? generator = null)
    {
        Random random = generator ?? Random.Shared;
        float bound = InFeatures > 0 ? 1f / MathF.Sqrt(InFeatures) : 0f;
        ParameterInit.Uniform(_weight, bound, random);
        ParameterInit.Uniform(_bias, bound, random);
        InvalidatePlan();
    }

    /// <inheritdoc/>
    public override Tensor<float> Forward(in ReadOnlyTensorSpan<float> input)
    {
        LinearGeometry geometry = Validate(input);
        Tensor<float> output = Tensor.CreateFromShapeUninitialized<float>(geometry.OutputShape);
        Run(geometry, DenseSpans.Read(input), DenseSpans.Write(output.AsTensorSpan()));
        return output;
    }

    /// <summary>Runs the layer into <paramref name="destination"/> without allocating.</summary>
    /// <param name="input">Dense, shape <c>[*, InFeatures]</c>.</param>
    /// <param name="destination">Dense, shape <c>[*, OutFeatures]</c>, not overlapping the input.</param>
    /// <returns>A reference to <paramref name="destination"/>.</returns>
    /// <exception cref="ArgumentException">A tensor is not dense, the shapes do not fit, or the two overlap.</exception>
    public ref readonly TensorSpan<float> Forward(scoped in ReadOnlyTensorSpan<float> input, in TensorSpan<float> destination)
    {
        LinearGeometry geometry = Validate(input);
        TensorChecks.RequireDense(destination, nameof(destination));
        TensorChecks.RequireShape(destination.Lengths, geometry.OutputShape, nameof(destination));
        ReadOnlySpan<float> x = DenseSpans.Read(input);
        Span<float> y = DenseSpans.Write(destination);
        TensorChecks.RequireDisjoint<float, float>(y, x, nameof(destination), nameof(input));
        Run(geometry, x, y);
        return ref destination;
    }

    /// <inheritdoc/>
    public override ReadOnlySpan<nint> OutputShape(ReadOnlySpan<nint> inputShape) => Infer(inputShape).OutputShape;

    /// <summary>Two operations (a multiply and an add) per multiply-add: <c>2 * batch * in * out</c>.</summary>
    /// <param name="inputShape">The input's shape.</param>
    /// <returns>The operation count.</returns>
    public override long Flops(ReadOnlySpan<nint> inputShape)
    {
        LinearGeometry geometry = Infer(inputShape);
        return 2 * geometry.Batch * geometry.InFeatures * geometry.OutFeatures;
    }

    /// <inheritdoc/>
    protected override string ExtraRepr() =>
        $"in_features={InFeatures}, out_features={OutFeatures}, bias={PythonRepr.Bool(HasBias)}";

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            InvalidatePlan();
        }
        _disposed = true;
        base.Dispose(disposing);
    }

    private LinearGeometry Infer(ReadOnlySpan<nint> inputShape) =>
        LinearShape.Infer(inputShape, [OutFeatures, InFeatures], [OutFeatures], HasBias);

    private LinearGeometry Validate(in ReadOnlyTensorSpan<float> input)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        LinearGeometry geometry = Infer(input.Lengths);
        TensorChecks.RequireDense(input, nameof(input));
        return geometry;
    }

    private void Run(in LinearGeometry geometry, ReadOnlySpan<float> x, Span<float> y)
    {
        bool useNative = BackendSelector.UseNative(Backend);
        if (y.IsEmpty)
        {
            return;
        }
        if (useNative)
        {
            NativeLinear.RunPlan(Plan(), geometry.Batch, x, y);
        }
        else
        {
            ManagedLinear.Run(geometry, x, _weight, _bias, y);
        }
    }

    private PlanHandle Plan()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        lock (_planLock)
        {
            return _plan ??= NativeLinear.CreatePlan(InFeatures, OutFeatures, _weight, _bias);
        }
    }

    // A run already holding the old handle keeps it alive (SafeHandle reference counting) until it returns.
    private void InvalidatePlan()
    {
        lock (_planLock)
        {
            _plan?.Dispose();
            _plan = null;
        }
    }

    private static void RequireParameter(in ReadOnlyTensorSpan<float> tensor, ReadOnlySpan<nint> shape, string paramName)
    {
        TensorChecks.RequireDense(tensor, paramName);
        TensorChecks.RequireShape(tensor.Lengths, shape, paramName);
    }
}
