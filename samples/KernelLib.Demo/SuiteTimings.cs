using System.Diagnostics;
using System.Numerics.Tensors;

namespace KernelLib.Demo;

/// <summary>
/// Quick managed-vs-native timings of a few standard suite cases (best of a few runs,
/// all threads). The numbers to quote come from bench/ (BenchmarkDotNet); this is a taste.
/// </summary>
internal static class SuiteTimings
{
    public static void Run()
    {
        Console.WriteLine($"Suite timings, best of {Runs} runs ({KernelLibRuntime.NumThreads} threads native, managed single-threaded):");
        Console.WriteLine($"  {"case",-34} {"managed",12} {"native",12} {"speed-up",9}  {"native rate",14}");
        if (!KernelLibRuntime.IsNativeAvailable)
            Console.WriteLine("  (native library absent: only the managed backend runs)");

        const int n = 1024;
        float[] a = Fill(n * n, 1), b = Fill(n * n, 2), c = new float[n * n];
        Row("G2  GEMM 1024^3", 2.0 * n * n * n, "GFLOP/s",
            backend => Blas.Sgemm(false, false, n, n, n, 1f, a, n, b, n, 0f, c, n, backend));

        var x = Tensor.Create(Fill(64 * 4096, 3), [64, 4096]);
        var w = Tensor.Create(Fill(1000 * 4096, 4), [1000, 4096]);
        var bias = Tensor.Create(Fill(1000, 5), [1000]);
        var y = Tensor.CreateFromShape<float>([64, 1000]);
        Row("G4  Linear 64x4096 -> 1000", 2.0 * 64 * 4096 * 1000, "GFLOP/s",
            backend => Functional.Linear(x, w, bias, y, backend));

        var image = Tensor.Create(Fill(64 * 112 * 112, 6), [1, 64, 112, 112]);
        var pooled = Tensor.CreateFromShape<float>([1, 64, 56, 56]);
        Row("P1  MaxPool2d k3 s2 p1 64x112x112", 4.0 * (64 * 112 * 112 + 64 * 56 * 56), "GB/s",
            backend => Functional.MaxPool2d(image, 3, pooled, stride: 2, padding: 1, backend: backend));

        const int m = 16 << 20;
        var values = Tensor.Create(Fill(m, 7), [m]);
        var relu = Tensor.CreateFromShape<float>([m]);
        Row("E1  ReLU 16M floats", 8.0 * m, "GB/s",
            backend => Functional.ReLU(values, relu, backend));
    }

    private const int Runs = 3;

    private delegate void Case(KernelBackend backend);

    private static void Row(string name, double work, string unit, Case run)
    {
        double managed = Best(run, KernelBackend.Managed);
        if (!KernelLibRuntime.IsNativeAvailable)
        {
            Console.WriteLine($"  {name,-34} {Ms(managed),12}");
            return;
        }
        double native = Best(run, KernelBackend.Native);
        Console.WriteLine($"  {name,-34} {Ms(managed),12} {Ms(native),12} {managed / native,8:0.0}x  {work / native / 1e9,9:0.0} {unit}");
    }

    private static double Best(Case run, KernelBackend backend)
    {
        run(backend); // warm-up: JIT, native plan caches, page faults
        double best = double.MaxValue;
        for (int i = 0; i < Runs; i++)
        {
            long start = Stopwatch.GetTimestamp();
            run(backend);
            best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalSeconds);
        }
        return best;
    }

    private static string Ms(double seconds) => $"{seconds * 1e3:0.00} ms";

    private static float[] Fill(int length, int seed)
    {
        var random = new Random(seed);
        var data = new float[length];
        for (int i = 0; i < length; i++) data[i] = random.NextSingle() * 2 - 1;
        return data;
    }
}
