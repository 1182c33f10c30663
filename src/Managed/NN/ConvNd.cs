using System.Numerics.Tensors;

namespace KernelLib.NN;

/// <summary>
/// What every convolution module shares, like PyTorch's <c>_ConvNd</c>: the parameters and their initialisation,
/// validation, shape inference, FLOPs, the repr, and the native plans. On the native backend a forward pass runs a
/// plan that packed the weights once for its input shape; the module keeps one plan per input shape it has seen
/// (created on first use, rebuilt when the parameters change, freed by <see cref="Module.Dispose()"/>), up to
/// <see cref="MaxShapes"/> shapes: a new shape beyond that evicts the one used longest ago, so that a layer fed
/// images of ever-changing sizes does not hold a packed copy of its weights for each. Forward
/// passes may run from several threads at once (those on the same input shape take turns on its plan), but not
/// while the parameters are being replaced.
/// </summary>
public abstract class ConvNd : Module
{
    private readonly ConvSettings _settings;
    private readonly float[] _weight;
    private readonly float[] _bias;
    private readonly nint[] _weightShape;
    private readonly Lock _lock = new();
    // Keyed by the input shape (and, for transposed convolutions, the output padding of the call).
    private readonly Dictionary<nint[], ShapeEntry> _shapes = new(ShapeKeyComparer.Instance);
    private long _uses; // a clock for the least-recently-used eviction, advanced under _lock
    private bool _disposed;

    /// <summary>The most input shapes a layer keeps a validated problem and a native plan for.</summary>
    public const int MaxShapes = 16;

    private protected ConvNd(in ConvSettings settings, Random? generator)
    {
        settings.Validate();
        _settings = settings;
        _weightShape = settings.WeightShape();
        _weight = new float[checked((int)Shapes.Product(_weightShape))];
        _bias = settings.HasBias ? new float[settings.OutChannels] : [];
        ResetParameters(generator);
    }

    /// <summary>Channels of the input.</summary>
    public int InChannels => _settings.InChannels;

    /// <summary>Channels of the output.</summary>
    public int OutChannels => _settings.OutChannels;

    /// <summary>Groups of channels convolved separately; <see cref="InChannels"/> for a depthwise convolution.</summary>
    public int Groups => _settings.Groups;

    /// <summary>Whether the layer adds a bias.</summary>
    public bool HasBias => _settings.HasBias;

    /// <summary>
    /// The weight: <c>[OutChannels, InChannels / Groups, k...]</c>, or <c>[InChannels, OutChannels / Groups, k...]</c>
    /// for a transposed convolution; replace it with <see cref="SetParameters(in ReadOnlyTensorSpan{float})"/>.
    /// </summary>
    public ReadOnlyTensorSpan<float> Weight => new(_weight, _weightShape);

    /// <summary>The bias, shape <c>[OutChannels]</c>, or an empty span when the layer has none.</summary>
    public ReadOnlyTensorSpan<float> Bias => HasBias ? new(_bias, [OutChannels]) : ReadOnlyTensorSpan<float>.Empty;

    /// <inheritdoc/>
    public override long ParameterCount => _weight.LongLength + _bias.LongLength;

    /// <summary>The number of native plans the layer holds: one per input shape it ran on natively.</summary>
    internal int PlanCount
    {
        get
        {
            lock (_lock)
            {
                return _shapes.Values.Count(e => e.Plan is not null);
            }
        }
    }

    private protected ConvSettings Settings => _settings;

    /// <summary>
    /// Which implementation a forward pass on <paramref name="inputShape"/> runs with the current
    /// <see cref="Module.Backend"/>: the native plan's name, e.g. "conv/1x1-gemm/avx2" (creating the plan if the
    /// layer has none for that shape yet), or "managed".
    /// </summary>
    /// <param name="inputShape">The input's shape.</param>
    /// <returns>The implementation's name.</returns>
    /// <exception cref="ArgumentException">The layer cannot take an input of that shape.</exception>
    public string Implementation(ReadOnlySpan<nint> inputShape)
    {
        ShapeEntry entry = Entry(inputShape, []);
        return RunsNative(entry) ? Plan(entry).Implementation : "managed";
    }

    /// <summary>Copies a new weight and bias into the layer (and repacks the native plans).</summary>
    /// <param name="weight">Dense, shape <see cref="Weight"/>'s.</param>
    /// <param name="bias">Dense, shape <c>[OutChannels]</c>.</param>
    /// <exception cref="ArgumentException">A tensor is not dense or has the wrong shape, or the layer has no bias.</exception>
    public void SetParameters(in ReadOnlyTensorSpan<float> weight, in ReadOnlyTensorSpan<float> bias)
    {
        if (!HasBias)
        {
            throw new ArgumentException(
                $"This {GetType().Name} was created with bias=False; use SetParameters(weight).", nameof(bias));
        }
        RequireParameter(weight, _weightShape, nameof(weight));
        RequireParameter(bias, [OutChannels], nameof(bias));
        DenseSpans.Read(weight).CopyTo(_weight);
        DenseSpans.Read(bias).CopyTo(_bias);
        InvalidatePlans();
    }

    /// <summary>Copies a new weight into the layer (and repacks the native plans); a bias, if any, is kept.</summary>
    /// <param name="weight">Dense, shape <see cref="Weight"/>'s.</param>
    /// <exception cref="ArgumentException">The tensor is not dense or has the wrong shape.</exception>
    public void SetParameters(in ReadOnlyTensorSpan<float> weight)
    {
        RequireParameter(weight, _weightShape, nameof(weight));
        DenseSpans.Read(weight).CopyTo(_weight);
        InvalidatePlans();
    }

    /// <summary>
    /// PyTorch's <c>reset_parameters</c>: weight ~ <c>kaiming_uniform_(a=sqrt(5))</c>, i.e. U(-b, b) with
    /// b = 1/sqrt(fan_in), and bias ~ U(-1/sqrt(fan_in), 1/sqrt(fan_in)), where fan_in = <c>weight.size(1)</c> times
    /// the kernel volume (<c>OutChannels / Groups</c> for a transposed convolution, as in PyTorch). A layer with no
    /// weights (fan_in 0) gets zeros.
    /// </summary>
    /// <param name="generator">The random source; <see cref="Random.Shared"/> when null.</param>
    public void ResetParameters(Random? generator = null)
    {
        Random random = generator ?? Random.Shared;
        long fanIn = _weightShape.Length > 1 ? Shapes.Product(_weightShape.AsSpan(1)) : 0;
        if (fanIn == 0)
        {
            Array.Clear(_weight);
            Array.Clear(_bias);
        }
        else
        {
            ParameterInit.Uniform(_weight, ParameterInit.KaimingUniformBound(fanIn), random);
            ParameterInit.Uniform(_bias, 1 / Math.Sqrt(fanIn), random);
        }
        InvalidatePlans();
    }

    /// <summary>Convolves <paramref name="input"/> into a new tensor.</summary>
    /// <param name="input">Dense, batched <c>(N, C, *)</c> or unbatched <c>(C, *)</c>.</param>
    /// <returns>The output, batched exactly when the input is.</returns>
    /// <exception cref="ArgumentException">The input is not dense or its shape does not fit the layer.</exception>
    public override Tensor<float> Forward(in ReadOnlyTensorSpan<float> input) => ForwardWithOutputPadding(input, []);

    /// <summary>Convolves <paramref name="input"/> into <paramref name="destination"/> without allocating.</summary>
    /// <param name="input">Dense, batched <c>(N, C, *)</c> or unbatched <c>(C, *)</c>.</param>
    /// <param name="destination">Dense, shape <see cref="OutputShape"/>'s, not overlapping the input.</param>
    /// <returns>A reference to <paramref name="destination"/>.</returns>
    /// <exception cref="ArgumentException">A tensor is not dense, the shapes do not fit, or the two overlap.</exception>
    public ref readonly TensorSpan<float> Forward(scoped in ReadOnlyTensorSpan<float> input, in TensorSpan<float> destination)
    {
        ShapeEntry entry = Entry(input.Lengths, []);
        TensorChecks.RequireDense(input, nameof(input));
        TensorChecks.RequireDense(destination, nameof(destination));
        TensorChecks.RequireShape(destination.Lengths, entry.Problem.OutputShape, nameof(destination));
        ReadOnlySpan<float> x = DenseSpans.Read(input);
        Span<float> y = DenseSpans.Write(destination);
        TensorChecks.RequireDisjoint<float, float>(y, x, nameof(destination), nameof(input));
        Run(entry, x, y);
        return ref destination;
    }

    /// <inheritdoc/>
    public override ReadOnlySpan<nint> OutputShape(ReadOnlySpan<nint> inputShape) =>
        Problem(inputShape, []).OutputShape;

    /// <summary>
    /// Two operations per multiply-add, bias not counted (as <see cref="Linear.Flops"/>):
    /// <c>2 * N * C_out * (C_in / groups) * kernel volume * output volume</c>; a transposed convolution counts the
    /// forward convolution it transposes, <c>2 * N * C_in * (C_out / groups) * kernel volume * input volume</c>.
    /// </summary>
    /// <param name="inputShape">The input's shape.</param>
    /// <returns>The operation count.</returns>
    public override long Flops(ReadOnlySpan<nint> inputShape)
    {
        ConvProblem p = Problem(inputShape, []);
        long spatial = p.Transposed ? p.In.Volume : p.Out.Volume;
        long reduction = p.Transposed ? p.OutChannelsPerGroup : p.InChannelsPerGroup;
        long channels = p.Transposed ? p.InChannels : p.OutChannels;
        return checked(2 * p.Batch * channels * reduction * p.Kernel.Volume * spatial);
    }

    /// <inheritdoc/>
    protected override string ExtraRepr() => _settings.Repr();

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            InvalidatePlans();
        }
        _disposed = true;
        base.Dispose(disposing);
    }

    /// <summary>The forward pass with an explicit output padding (transposed convolutions; empty otherwise).</summary>
    private protected Tensor<float> ForwardWithOutputPadding(in ReadOnlyTensorSpan<float> input, ReadOnlySpan<int> outputPadding)
    {
        ShapeEntry entry = Entry(input.Lengths, outputPadding);
        TensorChecks.RequireDense(input, nameof(input));
        Tensor<float> output = Tensor.CreateFromShapeUninitialized<float>(entry.Problem.OutputShape);
        Run(entry, DenseSpans.Read(input), DenseSpans.Write(output.AsTensorSpan()));
        return output;
    }

    /// <summary>The validated problem for an input shape, without caching it (shape inference, FLOPs).</summary>
    private protected ConvProblem Problem(ReadOnlySpan<nint> inputShape, ReadOnlySpan<int> outputPadding) =>
        _settings.Problem(inputShape, _weightShape, outputPadding);

    private void Run(ShapeEntry entry, ReadOnlySpan<float> x, Span<float> y)
    {
        if (RunsNative(entry))
        {
            Plan(entry).Run(x, y);
        }
        else
        {
            Functional.RunConv(entry.Problem, x, _weight, _bias, y, KernelBackend.Managed);
        }
    }

    // Without input channels no product reaches the output, and Functional's managed path fills in the bias alone;
    // an empty output needs no plan.
    private bool RunsNative(ShapeEntry entry) =>
        BackendSelector.UseNative(Backend) && entry.Problem.InChannels != 0 && entry.Problem.OutputLength != 0;

    // The problem for a shape is validated once and kept; its plan is created on the first native run.
    private ShapeEntry Entry(ReadOnlySpan<nint> inputShape, ReadOnlySpan<int> outputPadding)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        Span<nint> key = stackalloc nint[inputShape.Length + outputPadding.Length];
        inputShape.CopyTo(key);
        for (int i = 0; i < outputPadding.Length; i++)
        {
            key[inputShape.Length + i] = outputPadding[i];
        }
        var lookup = _shapes.GetAlternateLookup<ReadOnlySpan<nint>>();
        lock (_lock)
        {
            if (lookup.TryGetValue(key, out ShapeEntry? entry))
            {
                entry.LastUse = ++_uses;
                return entry;
            }
        }
        ConvProblem problem = Problem(inputShape, outputPadding);
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!lookup.TryGetValue(key, out ShapeEntry? entry))
            {
                entry = new ShapeEntry(problem, key.ToArray());
                Admit(entry);
            }
            entry.LastUse = ++_uses;
            return entry;
        }
    }

    // Called under _lock: caches the entry, first evicting the shape used longest ago when the cache is full. A run
    // in progress on the evicted plan keeps it alive until it returns.
    private void Admit(ShapeEntry entry)
    {
        if (_shapes.Count >= MaxShapes)
        {
            ShapeEntry oldest = _shapes.Values.MinBy(e => e.LastUse)!;
            _shapes.Remove(oldest.Key);
            oldest.Plan?.Dispose();
            oldest.Plan = null;
        }
        _shapes[entry.Key] = entry;
    }

    private NativeConvPlan Plan(ShapeEntry entry)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            // Evicted by other shapes since Entry returned it: back in (or its successor for the same shape), so
            // that every plan belongs to a cached entry and is freed with it.
            if (!_shapes.TryGetValue(entry.Key, out ShapeEntry? cached))
            {
                Admit(cached = entry);
            }
            cached.LastUse = ++_uses;
            return cached.Plan ??= NativeConvPlan.Create(cached.Problem, _weight, _bias);
        }
    }

    // A plan frees itself only after a run in progress on it returns.
    private void InvalidatePlans()
    {
        lock (_lock)
        {
            foreach (ShapeEntry entry in _shapes.Values)
            {
                entry.Plan?.Dispose();
                entry.Plan = null;
            }
        }
    }

    private static void RequireParameter(in ReadOnlyTensorSpan<float> tensor, ReadOnlySpan<nint> shape, string paramName)
    {
        TensorChecks.RequireDense(tensor, paramName);
        TensorChecks.RequireShape(tensor.Lengths, shape, paramName);
    }

    private sealed class ShapeEntry(ConvProblem problem, nint[] key)
    {
        internal ConvProblem Problem { get; } = problem;

        internal nint[] Key { get; } = key;

        internal NativeConvPlan? Plan { get; set; }

        internal long LastUse { get; set; }
    }
}
