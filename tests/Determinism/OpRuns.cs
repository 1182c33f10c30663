namespace KernelLib.Tests;

/// <summary>
/// One seeded run of each op at a size that every native path splits across threads;
/// returns the raw output so runs can be compared bit for bit.
/// </summary>
public static class OpRuns
{
    public static readonly string[] Ops = ["gemm", "linear", "linear-module", "relu", "maxpool2d", "maxpool1d", "maxpool3d", "avgpool2d", "avgpool3d", "adaptive-avgpool2d", "adaptive-maxpool3d", "global-avgpool2d", "global-maxpool2d", "channel-maxpool", "channel-avgpool", "maxunpool2d", "conv2d", "conv2d-1x1", "conv2d-depthwise", "conv1d-reflect", "conv3d", "conv-transpose2d", "channel-shuffle"];

    public static float[] Run(string op, KernelBackend backend) => op switch
    {
        "gemm" => Gemm(backend),
        "linear" => Linear(backend),
        "linear-module" => LinearModule(backend),
        "relu" => ReLU(backend),
        "maxpool2d" => MaxPool2d(backend),
        "maxpool1d" => MaxPool1d(backend),
        "maxpool3d" => MaxPool3d(backend),
        "avgpool2d" => AvgPool2d(backend),
        "avgpool3d" => AvgPool3d(backend),
        "adaptive-avgpool2d" => AdaptiveAvgPool2d(backend),
        "adaptive-maxpool3d" => AdaptiveMaxPool3d(backend),
        "global-avgpool2d" => GlobalAvgPool2d(backend),
        "global-maxpool2d" => GlobalMaxPool2d(backend),
        "channel-maxpool" => ChannelPool(backend, max: true),
        "channel-avgpool" => ChannelPool(backend, max: false),
        "maxunpool2d" => MaxUnpool2d(backend),
        "conv2d" => Conv(backend, new ConvCase(2, false, [2, 16, 33, 35], [24, 8, 3, 3], true, [1, 1], 1, [1, 1], 2), 31),
        "conv2d-1x1" => Conv(backend, new ConvCase(2, false, [2, 32, 29, 31], [40, 32, 1, 1], true, [1, 1], 0, [1, 1], 1), 32),
        "conv2d-depthwise" => Conv(backend, new ConvCase(2, false, [2, 24, 35, 37], [48, 1, 3, 3], true, [2, 2], 1, [1, 1], 24), 33),
        "conv1d-reflect" => Conv(backend, new ConvCase(1, false, [3, 12, 301], [16, 12, 4], true, [1], "same", [2], 1, PaddingMode.Reflect), 34),
        "conv3d" => Conv(backend, new ConvCase(3, false, [2, 6, 9, 17, 19], [8, 6, 3, 3, 3], true, [1, 2, 1], (1, 1, 0), [1, 1, 2], 1), 35),
        "conv-transpose2d" => Conv(backend, new ConvCase(2, true, [2, 16, 17, 19], [16, 6, 4, 4], true, [2, 2], 1, [1, 1], 2, OutputPadding: [1, 0]), 36),
        "channel-shuffle" => ChannelShuffle(backend),
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, "unknown op"),
    };

    private static float[] Gemm(KernelBackend backend)
    {
        var rng = new Random(11);
        const int M = 203, N = 97, K = 301;
        float[] a = Fill.Normal(rng, M * K), b = Fill.Normal(rng, K * N), c = Fill.Normal(rng, M * N);
        Blas.Sgemm(false, true, M, N, K, 0.75f, a, K, b, K, 0.5f, c, N, backend);
        return c;
    }

    private static float[] Linear(KernelBackend backend)
    {
        var rng = new Random(12);
        float[] x = Fill.Normal(rng, 3 * 37 * 129), w = Fill.Normal(rng, 65 * 129), b = Fill.Normal(rng, 65);
        return Tensors.ToArray(Functional.Linear(Tensors.ReadOnly(x, 3, 37, 129), Tensors.ReadOnly(w, 65, 129), Tensors.ReadOnly(b, 65), backend));
    }

    private static float[] LinearModule(KernelBackend backend)
    {
        using var linear = new NN.Linear(129, 65, bias: true, new Random(15)) { Backend = backend };
        float[] x = Fill.Normal(new Random(16), 111 * 129);
        return Tensors.ToArray(linear.Forward(Tensors.ReadOnly(x, 111, 129)));
    }

    private static float[] ReLU(KernelBackend backend)
    {
        float[] x = Fill.Normal(new Random(13), 100_003);
        return Tensors.ToArray(Functional.ReLU(Tensors.ReadOnly(x, 100_003), backend));
    }

    private static float[] MaxPool2d(KernelBackend backend)
    {
        float[] x = Fill.Normal(new Random(14), 3 * 7 * 33 * 35);
        var (output, indices) = Functional.MaxPool2dWithIndices(Tensors.ReadOnly(x, 3, 7, 33, 35), 3, 2, 1, ceilMode: true, backend: backend);
        // Indices folded in as floats: exact, since they are far below 2^24.
        return [.. Tensors.ToArray(output), .. Tensors.ToArray(indices).Select(i => (float)i)];
    }

    private static float[] MaxPool1d(KernelBackend backend)
    {
        float[] x = Fill.Normal(new Random(17), 4 * 9 * 301);
        var (output, indices) = Functional.MaxPool1dWithIndices(Tensors.ReadOnly(x, 4, 9, 301), 3, 2, 1, backend: backend);
        return [.. Tensors.ToArray(output), .. Tensors.ToArray(indices).Select(i => (float)i)];
    }

    private static float[] MaxPool3d(KernelBackend backend)
    {
        float[] x = Fill.Normal(new Random(18), 2 * 5 * 9 * 17 * 19);
        var (output, indices) = Functional.MaxPool3dWithIndices(Tensors.ReadOnly(x, 2, 5, 9, 17, 19), 3, 2, 1, ceilMode: true, backend: backend);
        return [.. Tensors.ToArray(output), .. Tensors.ToArray(indices).Select(i => (float)i)];
    }

    private static float[] AvgPool2d(KernelBackend backend)
    {
        float[] x = Fill.Normal(new Random(19), 3 * 7 * 33 * 35);
        return Tensors.ToArray(Functional.AvgPool2d(Tensors.ReadOnly(x, 3, 7, 33, 35), 3, 1, 1, backend: backend));
    }

    private static float[] AvgPool3d(KernelBackend backend)
    {
        float[] x = Fill.Normal(new Random(20), 2 * 5 * 9 * 17 * 19);
        return Tensors.ToArray(Functional.AvgPool3d(Tensors.ReadOnly(x, 2, 5, 9, 17, 19), 3, 2, 1, ceilMode: true, countIncludePad: false, backend: backend));
    }

    private static float[] AdaptiveAvgPool2d(KernelBackend backend)
    {
        float[] x = Fill.Normal(new Random(21), 3 * 7 * 33 * 35);
        return Tensors.ToArray(Functional.AdaptiveAvgPool2d(Tensors.ReadOnly(x, 3, 7, 33, 35), (10, 13), backend));
    }

    private static float[] AdaptiveMaxPool3d(KernelBackend backend)
    {
        float[] x = Fill.Normal(new Random(22), 2 * 5 * 9 * 17 * 19);
        var (output, indices) = Functional.AdaptiveMaxPool3dWithIndices(Tensors.ReadOnly(x, 2, 5, 9, 17, 19), (4, 7, 6), backend);
        return [.. Tensors.ToArray(output), .. Tensors.ToArray(indices).Select(i => (float)i)];
    }

    private static float[] GlobalAvgPool2d(KernelBackend backend)
    {
        float[] x = Fill.Normal(new Random(23), 4 * 67 * 29 * 31);
        return Tensors.ToArray(Functional.GlobalAvgPool2d(Tensors.ReadOnly(x, 4, 67, 29, 31), backend));
    }

    private static float[] GlobalMaxPool2d(KernelBackend backend)
    {
        float[] x = Fill.Normal(new Random(24), 4 * 67 * 29 * 31);
        var (output, indices) = Functional.GlobalMaxPool2dWithIndices(Tensors.ReadOnly(x, 4, 67, 29, 31), backend);
        return [.. Tensors.ToArray(output), .. Tensors.ToArray(indices).Select(i => (float)i)];
    }

    private static float[] ChannelPool(KernelBackend backend, bool max)
    {
        float[] x = Fill.Normal(new Random(25), 3 * 37 * 41 * 43);
        var input = Tensors.ReadOnly(x, 3, 37, 41, 43);
        return Tensors.ToArray(max ? Functional.ChannelMaxPool(input, backend) : Functional.ChannelAvgPool(input, backend));
    }

    private static float[] Conv(KernelBackend backend, ConvCase c, int seed)
    {
        var rng = new Random(seed);
        float[] x = Fill.Normal(rng, Tensors.Elements(c.Input)), w = Fill.Normal(rng, Tensors.Elements(c.Weight));
        return Tensors.ToArray(c.Run(x, w, Fill.Normal(rng, c.BiasShape[0]), backend));
    }

    private static float[] ChannelShuffle(KernelBackend backend)
    {
        float[] x = Fill.Normal(new Random(37), 4 * 24 * 33 * 35);
        return Tensors.ToArray(Functional.ChannelShuffle(Tensors.ReadOnly(x, 4, 24, 33, 35), 6, backend));
    }

    private static float[] MaxUnpool2d(KernelBackend backend)
    {
        // Kernel 1, stride 1 and a permutation of each plane: every output element is written (not mostly zeros).
        var rng = new Random(26);
        const int Planes = 3 * 7, Plane = 33 * 35;
        float[] x = Fill.Normal(rng, Planes * Plane);
        var indices = new long[Planes * Plane];
        for (int p = 0; p < Planes; p++)
        {
            var permutation = Enumerable.Range(0, Plane).Select(i => (long)i).ToArray();
            rng.Shuffle(permutation);
            permutation.CopyTo(indices, p * Plane);
        }
        return Tensors.ToArray(Functional.MaxUnpool2d(Tensors.ReadOnly(x, 3, 7, 33, 35),
            new System.Numerics.Tensors.ReadOnlyTensorSpan<long>(indices, [3, 7, 33, 35]), 1, backend: backend));
    }
}
