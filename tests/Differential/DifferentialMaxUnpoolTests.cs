using Xunit;

namespace KernelLib.Tests;

/// <summary>
/// Native vs managed MaxUnpool1d/2d/3d on seeded random configurations, bit for bit: indices from max pooling
/// (the real use) and random in-range indices with duplicates (a later write wins on both). Native runs on guarded
/// buffers, so any read or write past the input, indices or output faults.
/// </summary>
[Trait("Category", "Differential")]
public sealed class DifferentialMaxUnpoolTests
{
    public static TheoryData<int> SpatialRanks => new([1, 2, 3]);

    [Theory, MemberData(nameof(SpatialRanks))]
    public void RandomIndices_NativeMatchesManaged(int rank)
    {
        if (!TestBackends.NativeOrDocumentedAbsence())
            return;
        var rng = new Random(9600 + rank);
        for (int i = 0; i < 80; i++)
        {
            var config = RandomConfig(rng, rank);
            var (outputShape, planes, inPlane, outPlane) = Geometry(config);
            float[] x = Fill.Sprinkle(rng, Fill.Normal(rng, planes * inPlane), 0.05, float.NaN, float.PositiveInfinity, -0f);
            var indices = new long[planes * inPlane];
            for (int j = 0; j < indices.Length; j++)
                indices[j] = rng.Next(3) == 0 ? rng.Next(0, Math.Min(outPlane, 3)) : rng.NextInt64(outPlane); // many duplicates
            Check(config, x, indices, outputShape);
        }
    }

    [Fact]
    public void MaxPoolIndices_NativeMatchesManaged()
    {
        if (!TestBackends.NativeOrDocumentedAbsence())
            return;
        var rng = new Random(9700);
        for (int width = 1; width <= 70; width++)
        {
            // 2-D: pool a [2, 3, 5, width] input with 2x2 / stride 2 / ceil mode, unpool back to 5 x width.
            nint[] shape = [2, 3, 5, width];
            float[] data = Fill.Normal(rng, Tensors.Elements(shape));
            var (pooled, indices) = Functional.MaxPool2dWithIndices(Tensors.ReadOnly(data, shape), 2, ceilMode: true, backend: KernelBackend.Managed);
            nint[] pooledShape = Tensors.Shape(pooled);
            var config = new UnpoolConfig(pooledShape, [2, 2], [2, 2], [0, 0], [5, width]);
            var (outputShape, _, _, _) = Geometry(config);
            Check(config, Tensors.ToArray(pooled), Tensors.ToArray(indices), outputShape);
        }
    }

    private static void Check(UnpoolConfig config, float[] x, long[] indices, nint[] outputShape)
    {
        string repro = config.ToString();
        var expected = Run(config, Tensors.ReadOnly(x, config.Shape), new(indices, config.Shape), KernelBackend.Managed);
        Compare.Shape(outputShape, Tensors.Shape(expected), repro);

        using var gx = new GuardedBuffer<float>(x);
        using var gi = new GuardedBuffer<long>(indices);
        using var gy = new GuardedBuffer<float>(Fill.Constant(Tensors.Elements(outputShape), float.NaN));
        int rank = config.Kernel.Length;
        var input = gx.AsReadOnlyTensorSpan(config.Shape);
        var idx = gi.AsReadOnlyTensorSpan(config.Shape);
        var y = gy.AsTensorSpan(outputShape);
        switch (rank)
        {
            case 1:
                Functional.MaxUnpool1d(input, idx, config.Kernel[0], y, config.Stride[0], config.Padding[0], config.OutputSize?[0], KernelBackend.Native);
                break;
            case 2:
                Functional.MaxUnpool2d(input, idx, (config.Kernel[0], config.Kernel[1]), y, (config.Stride[0], config.Stride[1]),
                    (config.Padding[0], config.Padding[1]), config.OutputSize is { } o2 ? (o2[0], o2[1]) : null, KernelBackend.Native);
                break;
            default:
                Functional.MaxUnpool3d(input, idx, (config.Kernel[0], config.Kernel[1], config.Kernel[2]), y,
                    (config.Stride[0], config.Stride[1], config.Stride[2]), (config.Padding[0], config.Padding[1], config.Padding[2]),
                    config.OutputSize is { } o3 ? (o3[0], o3[1], o3[2]) : null, KernelBackend.Native);
                break;
        }
        Compare.Exact(Tensors.ToArray(expected), gy.Span, repro.On(KernelBackend.Native));
    }

    internal static System.Numerics.Tensors.Tensor<float> Run(UnpoolConfig c, System.Numerics.Tensors.ReadOnlyTensorSpan<float> x,
        System.Numerics.Tensors.ReadOnlyTensorSpan<long> i, KernelBackend backend) => c.Kernel.Length switch
    {
        1 => Functional.MaxUnpool1d(x, i, c.Kernel[0], c.Stride[0], c.Padding[0], c.OutputSize?[0], backend),
        2 => Functional.MaxUnpool2d(x, i, (c.Kernel[0], c.Kernel[1]), (c.Stride[0], c.Stride[1]), (c.Padding[0], c.Padding[1]),
            c.OutputSize is { } o2 ? (o2[0], o2[1]) : null, backend),
        _ => Functional.MaxUnpool3d(x, i, (c.Kernel[0], c.Kernel[1], c.Kernel[2]), (c.Stride[0], c.Stride[1], c.Stride[2]),
            (c.Padding[0], c.Padding[1], c.Padding[2]), c.OutputSize is { } o3 ? (o3[0], o3[1], o3[2]) : null, backend),
    };

    /// <summary>The output shape by the rule written out: (in - 1) * s - 2p + k unless an output size is given.</summary>
    private static (nint[] OutputShape, long Planes, long InPlane, int OutPlane) Geometry(UnpoolConfig c)
    {
        int rank = c.Kernel.Length;
        nint[] output = (nint[])c.Shape.Clone();
        long inPlane = 1, outPlane = 1;
        for (int d = 0; d < rank; d++)
        {
            nint inSize = c.Shape[c.Shape.Length - rank + d];
            nint outSize = c.OutputSize?[d] ?? (inSize - 1) * c.Stride[d] - 2 * c.Padding[d] + c.Kernel[d];
            output[c.Shape.Length - rank + d] = outSize;
            inPlane *= inSize;
            outPlane *= outSize;
        }
        long planes = Tensors.Elements(c.Shape) / inPlane;
        return (output, planes, inPlane, (int)outPlane);
    }

    private static UnpoolConfig RandomConfig(Random rng, int rank)
    {
        while (true)
        {
            var kernel = new int[rank];
            var stride = new int[rank];
            var padding = new int[rank];
            var spatial = new nint[rank];
            var outputSize = rng.Next(3) == 0 ? new int[rank] : null;
            bool ok = true;
            for (int d = 0; d < rank; d++)
            {
                kernel[d] = rng.Next(1, 5);
                stride[d] = rng.Next(1, 4);
                padding[d] = rng.Next(0, kernel[d] / 2 + 1);
                spatial[d] = rng.Next(1, rank == 1 ? 40 : rank == 2 ? 12 : 5);
                long defaultSize = (spatial[d] - 1) * stride[d] - 2 * padding[d] + kernel[d];
                if (outputSize is not null)
                    outputSize[d] = (int)(defaultSize + rng.Next(-stride[d] + 1, stride[d]));
                ok &= defaultSize >= 1 && (outputSize is null || outputSize[d] >= 1);
            }
            if (!ok)
                continue;
            nint c = rng.Next(1, 4);
            nint[] shape = rng.Next(4) == 0 ? [c, .. spatial] : [rng.Next(10) == 0 ? 0 : rng.Next(1, 3), c, .. spatial];
            return new UnpoolConfig(shape, kernel, stride, padding, outputSize);
        }
    }

    internal sealed record UnpoolConfig(nint[] Shape, int[] Kernel, int[] Stride, int[] Padding, int[]? OutputSize)
    {
        public override string ToString() =>
            $"{Repro.Elementwise(Shape)}_k{string.Join("x", Kernel)}s{string.Join("x", Stride)}p{string.Join("x", Padding)}" +
            (OutputSize is null ? "" : "_out" + string.Join("x", OutputSize));
    }
}
