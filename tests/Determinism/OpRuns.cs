namespace KernelLib.Tests;

/// <summary>
/// One seeded run of each op at a size that every native path splits across threads;
/// returns the raw output so runs can be compared bit for bit.
/// </summary>
public static class OpRuns
{
    public static readonly string[] Ops = ["gemm", "linear", "linear-module", "relu", "maxpool2d"];

    public static float[] Run(string op, KernelBackend backend) => op switch
    {
        "gemm" => Gemm(backend),
        "linear" => Linear(backend),
        "linear-module" => LinearModule(backend),
        "relu" => ReLU(backend),
        "maxpool2d" => MaxPool2d(backend),
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
}
