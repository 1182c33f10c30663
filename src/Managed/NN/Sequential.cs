using System.Collections;
using System.Globalization;
using System.Numerics.Tensors;
using System.Text;

namespace KernelLib.NN;

/// <summary>Runs layers one after another, like <c>torch.nn.Sequential</c>; disposing it disposes them.</summary>
public sealed class Sequential : Module, IEnumerable<Module>
{
    private readonly Module[] _modules;

    /// <summary>Creates the container.</summary>
    /// <param name="modules">The layers, in order of application.</param>
    /// <exception cref="ArgumentNullException"><paramref name="modules"/> is null.</exception>
    /// <exception cref="ArgumentException">A layer is null.</exception>
    public Sequential(params Module[] modules)
    {
        ArgumentNullException.ThrowIfNull(modules);
        for (int i = 0; i < modules.Length; i++)
        {
            if (modules[i] is null)
            {
                throw new ArgumentException($"modules[{i}] is null.", nameof(modules));
            }
        }
        _modules = (Module[])modules.Clone();
    }

    /// <summary>The number of layers.</summary>
    public int Count => _modules.Length;

    /// <summary>The layer at <paramref name="index"/>.</summary>
    /// <param name="index">From 0 to <see cref="Count"/> - 1.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is outside the container.</exception>
    public Module this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
            return _modules[index];
        }
    }

    /// <inheritdoc/>
    public override long ParameterCount => _modules.Sum(m => m.ParameterCount);

    /// <summary>Runs every layer in order; an empty container returns a copy of the input.</summary>
    /// <param name="input">The first layer's input.</param>
    /// <returns>The last layer's output.</returns>
    public override Tensor<float> Forward(in ReadOnlyTensorSpan<float> input)
    {
        if (_modules.Length == 0)
        {
            Tensor<float> copy = Tensor.CreateFromShapeUninitialized<float>(input.Lengths);
            input.CopyTo(copy);
            return copy;
        }
        Tensor<float> x = _modules[0].Forward(input);
        for (int i = 1; i < _modules.Length; i++)
        {
            x = _modules[i].Forward(x);
        }
        return x;
    }

    /// <inheritdoc/>
    public override ReadOnlySpan<nint> OutputShape(ReadOnlySpan<nint> inputShape)
    {
        Shapes.RequireNonNegative(inputShape, nameof(inputShape));
        ReadOnlySpan<nint> shape = inputShape.ToArray();
        foreach (Module module in _modules)
        {
            shape = module.OutputShape(shape);
        }
        return shape;
    }

    /// <summary>The sum of the layers' operation counts, each on its own input shape.</summary>
    /// <param name="inputShape">The first layer's input shape.</param>
    /// <returns>The operation count.</returns>
    public override long Flops(ReadOnlySpan<nint> inputShape)
    {
        long flops = 0;
        ReadOnlySpan<nint> shape = inputShape;
        foreach (Module module in _modules)
        {
            flops += module.Flops(shape);
            shape = module.OutputShape(shape);
        }
        return flops;
    }

    /// <summary>
    /// A table of the layers for an input of <paramref name="inputShape"/>: index, layer, output shape, parameter
    /// count and FLOPs per layer, then the totals.
    /// </summary>
    /// <param name="inputShape">The first layer's input shape.</param>
    /// <returns>The table, lines separated by '\n'.</returns>
    /// <exception cref="ArgumentException">A layer cannot take the shape it would receive.</exception>
    public string Summary(ReadOnlySpan<nint> inputShape)
    {
        Shapes.RequireNonNegative(inputShape, nameof(inputShape));
        var table = new TextTable(["#", "Layer", "Output shape", "Params", "FLOPs"], [true, false, false, true, true]);
        table.AddRule();
        table.AddRow("", "Input", Shapes.Format(inputShape), "", "");

        ReadOnlySpan<nint> shape = inputShape;
        long totalParameters = 0, totalFlops = 0;
        for (int i = 0; i < _modules.Length; i++)
        {
            Module module = _modules[i];
            long flops = module.Flops(shape);
            shape = module.OutputShape(shape);
            totalParameters += module.ParameterCount;
            totalFlops += flops;
            table.AddRow(i.ToString(CultureInfo.InvariantCulture), module.SummaryName, Shapes.Format(shape),
                FormatCount(module.ParameterCount), FormatCount(flops));
        }

        table.AddRule();
        table.AddRow("", "Total", Shapes.Format(shape), FormatCount(totalParameters), FormatCount(totalFlops));
        return table.ToString();
    }

    /// <summary>PyTorch's multi-line representation: one <c>(i): layer</c> line per layer, nested layers indented.</summary>
    /// <returns>The representation.</returns>
    public override string ToString()
    {
        if (_modules.Length == 0)
        {
            return "Sequential()";
        }
        var text = new StringBuilder("Sequential(\n");
        for (int i = 0; i < _modules.Length; i++)
        {
            text.Append("  (").Append(i).Append("): ").Append(_modules[i].ToString().Replace("\n", "\n  ")).Append('\n');
        }
        return text.Append(')').ToString();
    }

    /// <summary>Returns an enumerator over the layers, in order.</summary>
    /// <returns>The enumerator.</returns>
    public IEnumerator<Module> GetEnumerator() => ((IEnumerable<Module>)_modules).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc/>
    protected override void OnBackendChanged(KernelBackend backend)
    {
        foreach (Module module in _modules)
        {
            module.Backend = backend;
        }
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            foreach (Module module in _modules)
            {
                module.Dispose();
            }
        }
        base.Dispose(disposing);
    }

    internal override string SummaryName => Count == 1 ? "Sequential(1 layer)" : $"Sequential({Count} layers)";

    private static string FormatCount(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
