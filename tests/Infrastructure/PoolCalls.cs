using System.Numerics.Tensors;
using Xunit;

namespace KernelLib.Tests;

public enum PoolKind { Max, Avg }

public static class PoolKinds
{
    /// <summary>Every pooling kind at every rank (1-D, 2-D, 3-D): the rows of a theory over all six ops.</summary>
    public static TheoryData<PoolKind, int> TimesRanks()
    {
        var data = new TheoryData<PoolKind, int>();
        foreach (var kind in Enum.GetValues<PoolKind>())
            for (int rank = 1; rank <= 3; rank++)
                data.Add(kind, rank);
        return data;
    }
}

/// <summary>
/// One max or average pooling call of any rank, described in 3-D (1-D and 2-D use only the trailing components of
/// the sizes), so that one test body drives MaxPool1d/2d/3d and AvgPool1d/2d/3d through their public overloads.
/// </summary>
public sealed record PoolCase(PoolKind Kind, int Rank, nint[] Shape, Size3 Kernel, Size3? Stride = null, Size3 Padding = default,
    Size3? Dilation = null, bool CeilMode = false, bool CountIncludePad = true, int? DivisorOverride = null)
{
    public nint[] OutputShape => PoolGeometry.OutputShape(Shape, Rank, Kernel, Stride, Padding, Dilation, CeilMode);

    /// <summary>Taps in one window: the product of the kernel's spatial sizes.</summary>
    public long WindowSize => Rank switch
    {
        1 => Kernel.Width,
        2 => (long)Kernel.Height * Kernel.Width,
        _ => (long)Kernel.Depth * Kernel.Height * Kernel.Width,
    };

    public override string ToString()
    {
        string name = $"{Kind.ToString().ToLowerInvariant()}{Rank}d";
        string avg = Kind == PoolKind.Avg ? $"{(CountIncludePad ? "" : "_nopad")}{(DivisorOverride is int dv ? $"_div{dv}" : "")}" : "";
        return $"{name}_{Repro.Pool(Shape, Rank, Kernel, Stride, Padding, Kind == PoolKind.Max ? Dilation : null, CeilMode)}{avg}";
    }
}

/// <summary>Runs a <see cref="PoolCase"/> through the matching public Functional overload.</summary>
public static class PoolCalls
{
    public static Tensor<float> Run(PoolCase c, in ReadOnlyTensorSpan<float> x, KernelBackend backend) => (c.Kind, c.Rank) switch
    {
        (PoolKind.Max, 1) => Functional.MaxPool1d(x, c.Kernel.Width, c.Stride?.Width, c.Padding.Width, (c.Dilation ?? 1).Width, c.CeilMode, backend),
        (PoolKind.Max, 2) => Functional.MaxPool2d(x, S2(c.Kernel), S2(c.Stride), S2(c.Padding), S2(c.Dilation), c.CeilMode, backend),
        (PoolKind.Max, _) => Functional.MaxPool3d(x, c.Kernel, c.Stride, c.Padding, c.Dilation, c.CeilMode, backend),
        (PoolKind.Avg, 1) => Functional.AvgPool1d(x, c.Kernel.Width, c.Stride?.Width, c.Padding.Width, c.CeilMode, c.CountIncludePad, backend),
        (PoolKind.Avg, 2) => Functional.AvgPool2d(x, S2(c.Kernel), S2(c.Stride), S2(c.Padding), c.CeilMode, c.CountIncludePad, c.DivisorOverride, backend),
        _ => Functional.AvgPool3d(x, c.Kernel, c.Stride, c.Padding, c.CeilMode, c.CountIncludePad, c.DivisorOverride, backend),
    };

    public static void RunInto(PoolCase c, in ReadOnlyTensorSpan<float> x, in TensorSpan<float> y, KernelBackend backend)
    {
        switch (c.Kind, c.Rank)
        {
            case (PoolKind.Max, 1):
                Functional.MaxPool1d(x, c.Kernel.Width, y, c.Stride?.Width, c.Padding.Width, (c.Dilation ?? 1).Width, c.CeilMode, backend);
                break;
            case (PoolKind.Max, 2):
                Functional.MaxPool2d(x, S2(c.Kernel), y, S2(c.Stride), S2(c.Padding), S2(c.Dilation), c.CeilMode, backend);
                break;
            case (PoolKind.Max, _):
                Functional.MaxPool3d(x, c.Kernel, y, c.Stride, c.Padding, c.Dilation, c.CeilMode, backend);
                break;
            case (PoolKind.Avg, 1):
                Functional.AvgPool1d(x, c.Kernel.Width, y, c.Stride?.Width, c.Padding.Width, c.CeilMode, c.CountIncludePad, backend);
                break;
            case (PoolKind.Avg, 2):
                Functional.AvgPool2d(x, S2(c.Kernel), y, S2(c.Stride), S2(c.Padding), c.CeilMode, c.CountIncludePad, c.DivisorOverride, backend);
                break;
            default:
                Functional.AvgPool3d(x, c.Kernel, y, c.Stride, c.Padding, c.CeilMode, c.CountIncludePad, c.DivisorOverride, backend);
                break;
        }
    }

    public static (Tensor<float> Output, Tensor<long> Indices) RunWithIndices(PoolCase c, in ReadOnlyTensorSpan<float> x, KernelBackend backend) => c.Rank switch
    {
        1 => Functional.MaxPool1dWithIndices(x, c.Kernel.Width, c.Stride?.Width, c.Padding.Width, (c.Dilation ?? 1).Width, c.CeilMode, backend),
        2 => Functional.MaxPool2dWithIndices(x, S2(c.Kernel), S2(c.Stride), S2(c.Padding), S2(c.Dilation), c.CeilMode, backend),
        _ => Functional.MaxPool3dWithIndices(x, c.Kernel, c.Stride, c.Padding, c.Dilation, c.CeilMode, backend),
    };

    public static void RunWithIndicesInto(PoolCase c, in ReadOnlyTensorSpan<float> x, in TensorSpan<float> y, in TensorSpan<long> indices,
        KernelBackend backend)
    {
        switch (c.Rank)
        {
            case 1:
                Functional.MaxPool1dWithIndices(x, c.Kernel.Width, y, indices, c.Stride?.Width, c.Padding.Width, (c.Dilation ?? 1).Width, c.CeilMode, backend);
                break;
            case 2:
                Functional.MaxPool2dWithIndices(x, S2(c.Kernel), y, indices, S2(c.Stride), S2(c.Padding), S2(c.Dilation), c.CeilMode, backend);
                break;
            default:
                Functional.MaxPool3dWithIndices(x, c.Kernel, y, indices, c.Stride, c.Padding, c.Dilation, c.CeilMode, backend);
                break;
        }
    }

    private static Size2 S2(Size3 s) => new(s.Height, s.Width);

    private static Size2? S2(Size3? s) => s is Size3 v ? S2(v) : null;
}
